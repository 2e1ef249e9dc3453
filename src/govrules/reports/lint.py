"""Rendering ``govrules validate``'s result (the checks are in :mod:`govrules.lint`)."""

from __future__ import annotations

import json
from typing import Any

from govrules.errors import MAX_PATH_SHOWN
from govrules.lint import Level, Lint, LintResult
from govrules.reports._console import display_path, render_rich
from govrules.reports.text import quote_place
from govrules.untrusted import escape, shown, shown_message


def _location(p: Lint) -> str:
    text = shown(display_path(p.problem.file), MAX_PATH_SHOWN) if p.problem.file else "<pack>"
    return text if p.problem.line is None else f"{text}:{p.problem.line}"


def _body(p: Lint) -> str:
    path = f"at `{shown(p.problem.path)}`: " if p.problem.path else ""
    return path + shown_message(p.problem.message)


def lint_data(result: LintResult) -> dict[str, Any]:
    return {
        "format": "govrules-validate",
        "version": 2,
        "pack": result.pack,
        "loaded": result.loaded,
        "sources": [
            {
                "id": c.id,
                "verified": c.verified,
                "found_at": c.found_at,
                "mismatches": list(c.mismatches),
            }
            for c in result.sources
        ],
        "errors": result.errors,
        "warnings": result.warnings,
        "problems": [
            {
                "level": p.level.value,
                "code": p.code,
                "message": p.problem.message,
                "file": display_path(p.problem.file) if p.problem.file else None,
                "line": p.problem.line,
                "path": p.problem.path,
                "help": p.problem.help,
            }
            | _deep_fields(p)
            for p in result.problems
        ],
    } | ({"notes": result.notes} if result.deep is not None else {})


def _deep_fields(p: Lint) -> dict[str, Any]:
    """What a --deep finding adds: the quotes involved, and the pack's explanation."""
    if not p.code.startswith("deep-"):
        return {}
    quotes = [
        {"fact": s.fact, "source": q.source, "file": q.file, "line": q.line, "text": q.text}
        for s in p.evidence
        for q in s.quotes
    ]
    return {"quotes": quotes, "explained": p.explained}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_lint(result: LintResult, fmt: str, *, colour: bool = False) -> str:
    if fmt == "json":
        return json.dumps(lint_data(result), indent=2, ensure_ascii=False) + "\n"
    from rich.text import Text

    out = Text()
    for p in result.problems:
        out.append(f"{_location(p)}: ")
        out.append(
            f"{p.level.value}[{p.code}]",
            style={Level.ERROR: "bold red", Level.WARNING: "bold yellow"}.get(p.level, "green"),
        )
        out.append(f": {_body(p)}\n")
        if p.explained:
            out.append(f"  explained: {shown_message(p.explained)}\n", style="green")
        elif p.problem.help:
            out.append(f"  help: {shown_message(p.problem.help)}\n", style="dim")
        for support in p.evidence:
            for quote in support.quotes:
                out.append("  | ", style="blue")
                out.append(shown(support.fact), style="cyan")
                out.append(f" ({quote_place(quote)}) ", style="dim")
                out.append(f"\u201c{escape(quote.text, keep=chr(10))}\u201d\n", style="italic")
    for c in result.sources:
        out.append(
            "verified " if c.verified else "not verified ",
            style="green" if c.verified else "yellow",
        )
        out.append(
            f"source `{c.id}`"
            + (f" ({display_path(c.found_at)})" if c.found_at else " (text not found)")
            + "\n"
        )
    summary = f"pack `{result.pack}`: {_plural(result.errors, 'error')}, " + _plural(
        result.warnings, "warning"
    )
    if result.deep is not None:
        summary += f", {_plural(result.notes, 'deep finding')} explained in the pack"
    if not result.loaded:
        summary += " (the pack did not load, so its examples were not run)"
    out.append(
        summary + "\n",
        style="bold red" if result.errors else "bold yellow" if result.warnings else "bold green",
    )
    return render_rich(out, colour=colour, soft_wrap=True)
