"""``govrules facts`` and ``govrules rules``: the pack's assertions and invariants as tables.

The JSON forms (``--format json``) are objects ``{"format", "version", "pack",
"facts"|"rules"}``; fields are only ever added within a version.
"""

from __future__ import annotations

import json
from typing import Any

from govrules.pack import Pack, Severity
from govrules.reports._console import display_path, render_rich

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}
VERSION = 2


def _pack_data(pack: Pack) -> dict[str, Any]:
    from govrules.reports.json import pack_ref

    return pack_ref(pack).model_dump(mode="json", exclude={"overrides", "rules_skipped"})


def _users(pack: Pack) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """For each fact: the rules resting on it, and the parameters it justifies."""
    rules: dict[str, list[str]] = {fact_id: [] for fact_id in pack.facts}
    params: dict[str, list[str]] = {fact_id: [] for fact_id in pack.facts}
    for rule in pack.rules:
        for fact_id in rule.rests_on:
            rules.setdefault(fact_id, []).append(rule.id)
    for param in pack.params.values():
        for fact_id in param.justified_by:
            params.setdefault(fact_id, []).append(param.name)
    return rules, params


def facts_data(pack: Pack) -> dict[str, Any]:
    rules, params = _users(pack)
    facts = []
    for fact in pack.facts.values():
        data = fact.model_dump(mode="json", by_alias=True, exclude={"evidence"})
        facts.append(
            {
                "id": fact.id,
                "kind": fact.kind,
                "as_of": fact.as_of.isoformat(),
                "modality": str(fact.modality),
                "summary": fact.summary,
                "fields": {
                    k: v
                    for k, v in data.items()
                    if k not in ("id", "kind", "as_of", "modality", "summary", "informational")
                },
                "informational": fact.informational,
                "quotes": [
                    {
                        "source": e.source,
                        "text": e.quote,
                        "start": e.start,
                        "end": e.end,
                        "line": e.line,
                    }
                    for e in fact.evidence
                ],
                "rules": rules[fact.id],
                "params": params[fact.id],
                "line": pack.fact_lines.get(fact.id),
            }
        )
    return {
        "format": "govrules-facts",
        "version": VERSION,
        "pack": _pack_data(pack),
        "facts": facts,
    }


def rules_data(pack: Pack) -> dict[str, Any]:
    from govrules.language.ast import show
    from govrules.lint import rule_params

    rules = [
        {
            "id": rule.id,
            "severity": rule.severity.value,
            "title": rule.title,
            "rests_on": list(rule.rests_on),
            "params": rule_params(rule),
            "in_force_from": rule.in_force_from,
            "condition": show(rule.when),
            "file": display_path(rule.file),
            "line": rule.line,
        }
        for rule in pack.rules
    ]
    return {
        "format": "govrules-rules",
        "version": VERSION,
        "pack": _pack_data(pack),
        "rules": rules,
    }


def _heading(pack: Pack, what: str) -> Any:
    from rich.text import Text

    heading = Text()
    heading.append(f"{pack.name}", style="bold")
    files = ", ".join(s.filename for s in pack.spec.sources)
    heading.append(f": {what} ({pack.title}; quoting {files})")
    return heading


def render_facts(pack: Pack, fmt: str, *, colour: bool = False) -> str:
    """The pack's facts: a table (kind, id, as_of, the quotes) or JSON."""
    if fmt == "json":
        return json.dumps(facts_data(pack), indent=2, ensure_ascii=False) + "\n"
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("kind", style="magenta", no_wrap=True)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("as_of", no_wrap=True)
    table.add_column("quote", style="italic", ratio=1)
    several = len(pack.sources) > 1
    for fact in pack.facts.values():
        quotes = "\n".join(
            (f"{e.source}: " if several else "") + f"\u201c{e.quote}\u201d" for e in fact.evidence
        )
        table.add_row(fact.kind, fact.id, fact.as_of.isoformat(), quotes)
    count = len(pack.facts)
    return render_rich(
        _heading(pack, f"{count} fact{'s' if count != 1 else ''}"), table, colour=colour
    )


def render_rules(pack: Pack, fmt: str, *, colour: bool = False) -> str:
    """The pack's rules: a table (id, severity, title) or JSON (with the facts each rests on)."""
    if fmt == "json":
        return json.dumps(rules_data(pack), indent=2, ensure_ascii=False) + "\n"
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("title", ratio=1, min_width=30)
    for rule in pack.rules:
        table.add_row(rule.id, Text(rule.severity.value, style=STYLE[rule.severity]), rule.title)
    count = len(pack.rules)
    footer = Text(
        "run `govrules explain RULE_ID` for a rule's documentation and the facts it rests on"
        " (`--format json` lists them here)",
        style="dim",
    )
    return render_rich(
        _heading(pack, f"{count} rule{'s' if count != 1 else ''}"), table, footer, colour=colour
    )
