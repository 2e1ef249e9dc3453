"""``govrules explain RULE_ID``: one rule, its reasons and its evidence, for a person.

Shows the rule's documentation fields (what it checks, why, its example and
what the example reports when run), its condition in readable form, the
parameters it reads with the facts that justify them, and the facts it rests on
with their quotes and where they stand in the source.
"""

from __future__ import annotations

import json
from typing import Any

from govrules.pack import Pack, Rule, Severity
from govrules.reports._console import display_path, output_width, render_rich, wrapped

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def explain_data(pack: Pack, rule: Rule) -> dict[str, Any]:
    """Everything ``explain`` shows, as plain data."""
    from govrules.examples import run_example
    from govrules.language.ast import show
    from govrules.lint import rule_params

    outcome = run_example(pack, rule)
    return {
        "format": "govrules-explain",
        "version": 2,
        "pack": pack.name,
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.value,
        "file": display_path(rule.file),
        "line": rule.line,
        "checks": " ".join(rule.docs.checks.split()),
        "why": " ".join(rule.docs.why.split()),
        "in_force_from": rule.in_force_from,
        "condition": show(rule.when),
        "message": " ".join(rule.message.split()),
        "params": [
            {
                "name": name,
                "value": _plain(pack.params[name].value),
                "written": pack.params[name].written,
                "justified_by": list(pack.params[name].justified_by),
                "reason": " ".join(pack.params[name].reason.split()),
            }
            for name in rule_params(rule)
        ],
        "facts": [
            {
                "id": fact_id,
                "kind": pack.facts[fact_id].kind,
                "as_of": pack.facts[fact_id].as_of.isoformat(),
                "summary": pack.facts[fact_id].summary,
                "quotes": [
                    {
                        "source": e.source,
                        "file": pack.sources[e.source or ""].spec.filename,
                        "text": e.quote,
                        "start": e.start,
                        "end": e.end,
                        "line": e.line,
                    }
                    for e in pack.facts[fact_id].evidence
                ],
            }
            for fact_id in rule.rests_on
        ],
        "example": {
            "description": rule.docs.example.description,
            "events": list(rule.docs.example.events),
            "breaks_rule": outcome.fired_on_last,
            "message": outcome.message,
        },
    }


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _value(written: object) -> str:
    if isinstance(written, list):
        return "[" + ", ".join(map(str, written)) + "]"
    if isinstance(written, bool):
        return "true" if written else "false"
    return str(written)


class _Writer:
    """Builds the text of ``explain``: sections of folded, indented paragraphs."""

    def __init__(self, width: int) -> None:
        from rich.text import Text

        self.width = width
        self.out = Text()

    def add(self, text: str, style: str = "") -> None:
        self.out.append(text, style=style)

    def section(self, name: str) -> None:
        self.out.append(f"\n{name}\n", style="bold")

    def para(
        self, text: str, indent: str = "  ", style: str = "", first: str | None = None
    ) -> None:
        self.out.append(wrapped(text, indent, self.width, first) + "\n", style=style)


def _head(w: _Writer, pack: Pack, rule: Rule, data: dict[str, Any]) -> None:
    w.add(rule.id, "bold cyan")
    w.add(f": {rule.title}\n", "bold")
    w.add("  severity: ")
    w.add(rule.severity.value, STYLE[rule.severity])
    where = data["file"] + (f":{rule.line}" if rule.line is not None else "")
    w.add(f"\n  defined in: {where}\n  pack: {pack.name}\n")
    w.section("what it checks")
    w.para(data["checks"])
    w.section("why")
    w.para(data["why"])
    if rule.in_force_from:
        fact = pack.facts[rule.in_force_from]
        w.para(
            f"in force from {fact.as_of.isoformat()} (the date of fact `{fact.id}`)",
            style="dim",
        )
    w.section("condition")
    for line in data["condition"].splitlines():
        w.add(f"  {line}\n", "green")
    w.section("message")
    w.para(data["message"])


def _params(w: _Writer, params: list[dict[str, Any]]) -> None:
    if not params:
        return
    w.section("parameters")
    for p in params:
        w.add(f"  {p['name']}", "cyan")
        w.add(f" = {_value(p['written'])}")
        if p["value"] != p["written"]:
            shown = f"{p['value']:.4g}" if isinstance(p["value"], float) else p["value"]
            w.add(f" ({shown})", "dim")
        w.add("\n")
        w.para(f"justified by: {', '.join(p['justified_by'])}", indent="    ", style="dim")
        w.para(p["reason"], indent="    ")


def _facts(w: _Writer, facts: list[dict[str, Any]]) -> None:
    w.section("facts it rests on")
    for fact in facts:
        w.add(f"  {fact['id']}", "cyan")
        w.add(f" ({fact['kind']}, as of {fact['as_of']})\n", "dim")
        w.para(fact["summary"], indent="    ")
        for q in fact["quotes"]:
            place = q["file"] + (f":{q['line']}" if q["line"] else "")
            if q["start"] is not None:
                place += f", chars {q['start']}-{q['end']}"
            w.add(f"    {place}\n", "dim")
            w.para(f"\u201c{q['text']}\u201d", indent="    | ", style="italic")


def _example(w: _Writer, example: dict[str, Any]) -> None:
    from govrules.reports.rule_docs import flow

    w.section("example that breaks it")
    w.para(example["description"])
    for event in example["events"]:
        w.para(flow(event), indent="      ", first="    - ")
    if example["message"] is not None:
        w.add("  reports: ", "dim")
        w.add(wrapped(example["message"], " " * 11, w.width).lstrip() + "\n")
    else:
        w.add("  this example does not break the rule (see `govrules validate`)\n", "red")


def render_explain(pack: Pack, rule: Rule, fmt: str, *, colour: bool = False) -> str:
    """The rule explained as text, JSON or Markdown (the page of ``docs/rules``)."""
    if fmt == "json":
        return json.dumps(explain_data(pack, rule), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from govrules.reports.rule_docs import rule_markdown

        return rule_markdown(pack, rule)
    data = explain_data(pack, rule)
    writer = _Writer(output_width(colour))
    _head(writer, pack, rule, data)
    _params(writer, data["params"])
    _facts(writer, data["facts"])
    _example(writer, data["example"])
    return render_rich(writer.out, colour=colour, width=writer.width, soft_wrap=True)
