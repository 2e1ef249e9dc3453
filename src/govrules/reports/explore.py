"""Rendering ``govrules explore``: each rule's shortest break, or the bound it held to.

The text report shows, for each broken rule, the events in order, what
``check`` reports on the last one and the quotes the rule rests on; for each
rule not broken, the bound searched and the states explored. The JSON report
is format ``govrules-explore``, version 1 (documented in docs/commands.md).
The scenario files ``--output`` writes are rendered here too
(:func:`scenario_file`): a scenario ``check`` confirms, with the finding and
its quotes as comments above it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rich.text import Text

from govrules.analysis.explore import Exploration, RuleResult, counterexample
from govrules.findings import Finding
from govrules.pack import bundled_root
from govrules.reports._console import display_path, render_rich
from govrules.reports.text import STYLE, quote_place
from govrules.scenario import render

FORMAT = "govrules-explore"
VERSION = 1


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def inline(value: Any) -> str:
    """A field's value on one line, as YAML's flow style writes it."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def event_line(index: int, data: Mapping[str, Any]) -> str:
    """``0. member.joined on 2024-01-01: body: board, member: X``."""
    rest = ", ".join(f"{k}: {inline(v)}" for k, v in data.items() if k not in ("kind", "at"))
    return f"{index}. {data['kind']} on {data['at']}" + (f": {rest}" if rest else "")


def why_not(result: RuleResult, depth: int) -> str:
    """What a rule that was not broken tells, in one sentence."""
    states = _plural(result.states, "state")
    if result.status == "not-broken":
        return (
            f"not broken up to depth {depth} ({states} explored): the rule is dead,"
            f" or breaking it takes more than {depth} event{'s' if depth != 1 else ''}"
        )
    if result.status == "cut-short":
        return (
            f"not known: {result.cut_by or 'a limit'} stopped the search after depth"
            f" {result.depth}"
            f" ({states} explored); it was not searched up to depth {depth}"
        )
    return "not known: the search was interrupted before this rule was searched"


def _finding_lines(out: Text, finding: Finding) -> None:
    out.append("   = ", style="blue")
    out.append(f"{finding.message}\n")
    for support in finding.evidence:
        for i, quote in enumerate(support.quotes):
            out.append("   | ", style="blue")
            if i == 0:
                out.append(support.fact, style="cyan")
                out.append(f" ({quote_place(quote)})\n", style="dim")
            else:
                out.append(f"({quote_place(quote)})\n", style="dim")
            out.append("   |   ", style="blue")
            out.append(f"\u201c{quote.text}\u201d\n", style="italic")


def explore_text(exploration: Exploration, files: Mapping[str, str] | None = None) -> Text:
    pack = exploration.pack
    out = Text()
    out.append(f"pack `{pack.name}`", style="bold")
    out.append(
        f": {_plural(len(exploration.results), 'rule')} explored up to depth {exploration.depth}\n"
    )
    for result in exploration.results:
        rule = pack.rule(result.rule)
        out.append("\n")
        severity = rule.severity if result.status == "broken" else None
        out.append(
            f"{rule.severity.value}[{rule.id}]", style=STYLE[severity] if severity else "bold"
        )
        out.append(f" {rule.title}\n", style="bold")
        if result.events is None:
            out.append("  ")
            out.append(why_not(result, exploration.depth) + "\n")
            continue
        count = _plural(len(result.events), "event")
        out.append(f"  broken in {count} ({_plural(result.states, 'state')} explored):\n")
        for i, data in enumerate(result.events):
            out.append(f"    {event_line(i, data)}\n")
        _, finding = counterexample(pack, result)
        _finding_lines(out, finding)
        if files and rule.id in files:
            out.append("  --> ", style="blue")
            out.append(f"{display_path(files[rule.id])}\n")
    out.append("\n")
    summary = _summary(exploration)
    out.append(summary + "\n", style="bold")
    return out


def _summary(exploration: Exploration) -> str:
    parts = [f"{exploration.count('broken'):,} broken"]
    if exploration.count("not-broken"):
        parts.append(
            f"{exploration.count('not-broken'):,} not broken up to depth {exploration.depth}"
        )
    if exploration.count("cut-short"):
        limits = sorted({r.cut_by or "a limit" for r in exploration.results if r.cut_by})
        parts.append(
            f"{exploration.count('cut-short'):,} cut short by {' or '.join(limits) or 'a limit'}"
        )
    if exploration.count("interrupted"):
        parts.append(f"{exploration.count('interrupted'):,} not searched (interrupted)")
    seconds = exploration.seconds
    rate = exploration.states / seconds if seconds > 0 else 0.0
    return (
        f"{_plural(len(exploration.results), 'rule')}: {', '.join(parts)};"
        f" {_plural(exploration.states, 'state')} explored in {seconds:.1f} s"
        f" ({rate:,.0f} states/s)"
    )


def explore_data(
    exploration: Exploration, files: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The exploration as plain data (format ``govrules-explore``, version 1)."""
    pack = exploration.pack
    rules = []
    for result in exploration.results:
        rule = pack.rule(result.rule)
        item: dict[str, Any] = {
            "rule": rule.id,
            "severity": rule.severity.value,
            "title": rule.title,
            "status": result.status,
            "depth": result.depth,
            "states": result.states,
            "events_tried": result.tried,
            "seconds": round(result.seconds, 3),
            "events": list(result.events) if result.events is not None else None,
            "finding": None,
            "file": (files or {}).get(rule.id),
        }
        if result.events is not None:
            _, finding = counterexample(pack, result)
            item["finding"] = finding.model_dump(mode="json", exclude={"why"})
        rules.append(item)
    return {
        "format": FORMAT,
        "version": VERSION,
        "pack": pack.name,
        "depth": exploration.depth,
        "time_limit": exploration.time_limit,
        "jobs": exploration.jobs,
        "complete": exploration.complete,
        "interrupted": exploration.interrupted,
        "seconds": round(exploration.seconds, 3),
        "states": exploration.states,
        "events_tried": exploration.tried,
        "summary": {
            status: exploration.count(status)
            for status in ("broken", "not-broken", "cut-short", "interrupted")
        },
        "rules": rules,
    }


def render_explore(
    exploration: Exploration,
    fmt: str,
    *,
    files: Mapping[str, str] | None = None,
    colour: bool = False,
) -> str:
    if fmt == "json":
        data = explore_data(exploration, files)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return render_rich(explore_text(exploration, files), colour=colour, soft_wrap=True)


def scenario_file(exploration: Exploration, result: RuleResult) -> str:
    """The YAML scenario of a broken rule, with its finding and quotes as comments."""
    pack = exploration.pack
    scenario, finding = counterexample(pack, result)
    check = "govrules check" + (
        "" if pack.root == bundled_root() else f" --pack {display_path(pack.root)}"
    )
    lines = [
        f"# A shortest sequence of events ({len(scenario.events)}) from the initial state of",
        f"# pack `{pack.name}` that breaks `{finding.rule}`, found by",
        f"# `govrules explore --depth {exploration.depth}`. `{check}` on this file reports:",
        "#",
        f"# {finding.severity.value}[{finding.rule}] {finding.title}",
        f"#   = {finding.message}",
    ]
    for support in finding.evidence:
        for quote in support.quotes:
            lines.append(f"#   | {support.fact} ({quote_place(quote)})")
            lines.append(f"#   |   \u201c{' '.join(quote.text.split())}\u201d")
    return "\n".join(lines) + "\n" + render(scenario, "yaml")
