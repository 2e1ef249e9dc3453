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
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govrules.conditions import All, AnyOf, Condition, Not, Param, Test, render_message, show
from govrules.pack import Pack
from govrules.rules import Rule

# ``{params.NAME}`` or ``{params.NAME|percent}`` in a message template.
_TEMPLATE_PARAM = re.compile(r"\{\s*params\.([^}|\s]+)")


def _condition_params(condition: Condition) -> Iterator[str]:
    match condition:
        case Test(value=Param(name=name)):
            yield name
        case Test():
            return
        case All() | AnyOf():
            for item in condition.items:
                yield from _condition_params(item)
        case Not():
            yield from _condition_params(condition.item)


def rule_params(rule: Rule) -> list[str]:
    """The pack parameters a rule reads, in its condition or its message, in order of use."""
    names = list(_condition_params(rule.when))
    names += _TEMPLATE_PARAM.findall(rule.message)
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class ExampleOutcome:
    """What replaying a rule's example from the pack's initial state gave."""

    fired_on_last: bool
    fired_at: tuple[int, ...]
    message: str | None
    problem: str | None = None


def run_example(pack: Pack, rule: Rule) -> ExampleOutcome:
    """Replay ``rule``'s example events with the reference engine; did the last break it?"""
    from pydantic import ValidationError

    from govrules.check import replay
    from govrules.engines import make_engine
    from govrules.errors import InputError
    from govrules.events import EVENT_ADAPTER
    from govrules.scenario import LocatedEvent

    located: list[LocatedEvent] = []
    for index, raw in enumerate(rule.docs.example.events):
        try:
            located.append(LocatedEvent(EVENT_ADAPTER.validate_python(raw), index, None))
        except ValidationError as exc:  # pragma: no cover - load_pack checks examples already
            return ExampleOutcome(False, (), None, f"event {index} is not valid: {exc}")
    engine = make_engine("reference", pack.rules, pack.param_values)
    fired: list[int] = []
    message: str | None = None
    last = len(located) - 1
    with engine.session() as session:
        try:
            for step in replay(pack.initial, located, pack.param_values, file=rule.file):
                if rule.id in session.evaluate(step.observation):
                    fired.append(step.located.index)
                    if step.located.index == last:
                        message = render_message(rule.message, step.observation)
        except InputError as exc:
            problem = "; ".join(p.message for p in exc.problems)
            return ExampleOutcome(False, tuple(fired), None, problem)
    return ExampleOutcome(message is not None, tuple(fired), message)


# ---------------------------------------------------------------------------
# Writing events compactly, as a person would in a YAML flow mapping.


def _flow_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_flow_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return flow(value)
    return str(value)


def flow(data: dict[str, Any]) -> str:
    """``{kind: board.seat_lost, at: 2023-01-10, organisation: AMD}``."""
    return "{" + ", ".join(f"{k}: {_flow_value(v)}" for k, v in data.items()) + "}"


def example_yaml(rule: Rule) -> str:
    """The rule's example as a scenario file a user can copy and run."""
    from ruamel.yaml import YAML

    def dated(event: dict[str, Any]) -> dict[str, Any]:
        # Written as a date, so the YAML shows 2023-03-01 rather than '2023-03-01'.
        at = event.get("at")
        if isinstance(at, str):
            try:
                return event | {"at": dt.date.fromisoformat(at)}
            except ValueError:
                return event
        return event

    data = {
        "name": rule.docs.example.description,
        "events": [dated(dict(e)) for e in rule.docs.example.events],
    }
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
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
        f"Rests on, in `{pack.source_file}`:",
        "",
    ]
    for fact_id in rule.rests_on:
        for evidence in pack.facts[fact_id].evidence:
            lines.append(f"- `{fact_id}`: \u201c{_one_line(evidence.quote)}\u201d")
    return "\n".join(lines) + "\n"


def rule_markdown(pack: Pack, rule: Rule) -> str:
    """The documentation page of one rule, generated from its rule file."""
    outcome = run_example(pack, rule)
    source = pack.source_file
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
        example_yaml(rule).rstrip("\n"),
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
            out += [
                _md_quote(evidence.quote),
                ">",
                f"> \u2014 {source}, line {evidence.line}, characters {evidence.start}\u2013"
                f"{evidence.end}",
                "",
            ]
    out.append(
        "<!-- generated by `python -m govrules.reports.rule_docs docs/rules`; do not edit -->"
    )
    return "\n".join(out) + "\n"


def index_markdown(pack: Pack) -> str:
    """``docs/rules/README.md``: every rule of the pack, one line each."""
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
    out += [
        "",
        "<!-- generated by `python -m govrules.reports.rule_docs docs/rules`; do not edit -->",
    ]
    return "\n".join(out) + "\n"


def rule_pages(pack: Pack) -> dict[str, str]:
    """File name to content, for every page of ``docs/rules``."""
    pages = {"README.md": index_markdown(pack)}
    for rule in pack.rules:
        pages[f"{rule.id}.md"] = rule_markdown(pack, rule)
    return pages


def write_pages(pack: Pack, directory: Path) -> list[Path]:
    """Write the pages of ``docs/rules``, removing pages of rules that are gone."""
    directory.mkdir(parents=True, exist_ok=True)
    pages = rule_pages(pack)
    for stale in directory.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m govrules.reports.rule_docs [DIR] [--pack PACK]``."""
    from govrules.errors import InputError
    from govrules.pack import load_pack

    args = list(sys.argv[1:] if argv is None else argv)
    pack_name: str | None = None
    if "--pack" in args:
        at = args.index("--pack")
        pack_name = args[at + 1] if at + 1 < len(args) else None
        del args[at : at + 2]
    directory = Path(args[0] if args else "docs/rules")
    try:
        pack = load_pack(pack_name)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    for path in write_pages(pack, directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
