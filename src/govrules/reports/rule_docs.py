"""Rule documentation: what ``explain``, ``validate``, the SARIF rules and ``docs/rules`` share.

Each rule documents itself in its rule file (``docs.checks``, ``docs.why``,
``docs.example``). This module turns those fields, the rule's condition, its
parameters and the facts it rests on into Markdown, and runs each rule's example
so that the documentation shows what the rule reports, and ``validate`` can
say when an example does not break its rule.

Regenerate the committed pages with::

    python -m govrules.reports.rule_docs docs/rules
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govrules.examples import run_example
from govrules.language.ast import show
from govrules.lint import rule_params
from govrules.pack import Pack, Rule


def _dated(value: Any) -> Any:
    # Written as dates, so YAML shows 2023-03-01 rather than '2023-03-01'.
    if isinstance(value, dict):
        return {k: _dated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v) for v in value]
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _yaml(flow_style: bool) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = flow_style
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def flow(data: dict[str, Any]) -> str:
    """An event as one YAML flow mapping, ``{kind: member.left, at: 2023-01-10, ...}``,
    written by the YAML library so that it always reads back as written."""
    out = io.StringIO()
    _yaml(True).dump(_dated(data), out)
    return out.getvalue().strip()


def example_yaml(pack: Pack, rule: Rule) -> str:
    """The rule's example as a scenario file a user can copy and run."""
    data = {
        "name": rule.docs.example.description,
        "pack": pack.name,
        "events": [_dated(dict(e)) for e in rule.docs.example.events],
    }
    out = io.StringIO()
    _yaml(False).dump(data, out)
    return out.getvalue()


# ---------------------------------------------------------------------------
# Markdown.


def _md_quote(text: str) -> str:
    return "> " + " ".join(text.split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return _one_line(text).replace("|", "\\|")


def rule_help_markdown(pack: Pack, rule: Rule) -> str:
    """A short Markdown help for a rule (SARIF ``help.markdown``)."""
    lines = [
        f"**{_one_line(rule.title)}** ({rule.severity.value})",
        "",
        _one_line(rule.docs.checks),
        "",
        f"Why: {_one_line(rule.docs.why)}",
        "",
        "Rests on:",
        "",
    ]
    for fact_id in rule.rests_on:
        for evidence in pack.facts[fact_id].evidence:
            file = pack.sources[evidence.source or ""].spec.filename
            lines.append(f"- `{fact_id}` ({file}): \u201c{_one_line(evidence.quote)}\u201d")
    return "\n".join(lines) + "\n"


def rule_markdown(pack: Pack, rule: Rule) -> str:
    """The documentation page of one rule, generated from its rule file."""
    outcome = run_example(pack, rule)
    out: list[str] = [
        f"# `{rule.id}`",
        "",
        f"**{_one_line(rule.title)}**",
        "",
        "| | |",
        "|---|---|",
        f"| Severity | {rule.severity.value} |",
        f"| Pack | `{pack.name}` |",
        f"| Rests on | {', '.join(f'`{f}`' for f in rule.rests_on)} |",
        "",
        "## What it checks",
        "",
        _one_line(rule.docs.checks),
        "",
        "## Why",
        "",
        _one_line(rule.docs.why),
        "",
        "## Condition",
        "",
        *(
            [
                f"In force from {pack.facts[rule.in_force_from].as_of.isoformat()}"
                f" (the date of `{rule.in_force_from}`).",
                "",
            ]
            if rule.in_force_from
            else []
        ),
        "```text",
        show(rule.when),
        "```",
        "",
        "Message:",
        "",
        "```text",
        _one_line(rule.message),
        "```",
        "",
    ]
    params = rule_params(rule)
    if params:
        out += [
            "## Parameters",
            "",
            "| Parameter | Value | Justified by | Reason |",
            "|---|---|---|---|",
        ]
        for name in params:
            p = pack.params[name]
            written = ", ".join(p.written) if isinstance(p.written, list) else p.written
            justified = ", ".join(f"`{f}`" for f in p.justified_by)
            out.append(f"| `{name}` | `{written}` | {justified} | {_cell(p.reason)} |")
        out.append("")
    out += [
        "## Example",
        "",
        f"{_one_line(rule.docs.example.description)}:",
        "",
        "```yaml",
        example_yaml(pack, rule).rstrip("\n"),
        "```",
        "",
    ]
    if outcome.message is not None:
        out += [
            f"`govrules check` reports, on the last event ({rule.severity.value}):",
            "",
            "```text",
            outcome.message,
            "```",
            "",
        ]
    else:
        out += ["**This example does not break the rule** (`govrules validate` reports it).", ""]
    out += ["## Facts and quotes", ""]
    for fact_id in rule.rests_on:
        fact = pack.facts[fact_id]
        out += [
            f"### `{fact.id}`",
            "",
            f"{fact.kind}, as of {fact.as_of.isoformat()}: {_one_line(fact.summary)}",
            "",
        ]
        for evidence in fact.evidence:
            spec = pack.sources[evidence.source or ""].spec
            place = f"{spec.filename}, line {evidence.line}"
            if evidence.start is not None:
                place += f", characters {evidence.start}\u2013{evidence.end}"
            link = f" ({spec.url})" if spec.url else ""
            out += [_md_quote(evidence.quote), ">", f"> \u2014 {place}{link}", ""]
    out.append(GENERATED)
    return "\n".join(out) + "\n"


GENERATED = "<!-- generated by `python -m govrules.reports.rule_docs docs/rules`; do not edit -->"


def index_markdown(pack: Pack) -> str:
    """``docs/rules/PACK/README.md``: every rule of the pack, one line each."""
    out = [
        f"# Rules of the `{pack.name}` pack",
        "",
        _one_line(pack.title),
        "",
        "| Rule | Severity | Title |",
        "|---|---|---|",
    ]
    for rule in pack.rules:
        out.append(f"| [`{rule.id}`]({rule.id}.md) | {rule.severity.value} | {_cell(rule.title)} |")
    out += ["", GENERATED]
    return "\n".join(out) + "\n"


def packs_markdown(packs: Sequence[Pack]) -> str:
    """``docs/rules/README.md``: the bundled packs, each with its rule count."""
    out = ["# Rules of the bundled packs", "", "| Pack | Title | Rules |", "|---|---|---|"]
    for pack in packs:
        out.append(
            f"| [`{pack.name}`]({pack.name}/README.md) | {_cell(pack.title)} | {len(pack.rules)} |"
        )
    out += ["", GENERATED]
    return "\n".join(out) + "\n"


def rule_pages(packs: Sequence[Pack]) -> dict[str, str]:
    """Relative file name to content, for every page of ``docs/rules``."""
    pages = {"README.md": packs_markdown(packs)}
    for pack in packs:
        pages[f"{pack.name}/README.md"] = index_markdown(pack)
        for rule in pack.rules:
            pages[f"{pack.name}/{rule.id}.md"] = rule_markdown(pack, rule)
    return pages


def write_pages(packs: Sequence[Pack], directory: Path) -> list[Path]:
    """Write the pages of ``docs/rules``, removing pages of rules that are gone."""
    pages = rule_pages(packs)
    for stale in directory.glob("**/*.md"):
        if stale.relative_to(directory).as_posix() not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m govrules.reports.rule_docs [DIR] [--sources DIR]``: all bundled packs' pages."""
    from govrules.errors import InputError
    from govrules.pack import bundled_packs, load_pack

    args = list(sys.argv[1:] if argv is None else argv)
    sources: list[str] = []
    if "--sources" in args:
        at = args.index("--sources")
        sources = args[at + 1 : at + 2]
        del args[at : at + 2]
    directory = Path(args[0] if args else "docs/rules")
    try:
        packs = [load_pack(name, sources=sources) for name in bundled_packs()]
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    for path in write_pages(packs, directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
