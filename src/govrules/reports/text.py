"""The text report: each finding with its rule, event, message and quoted evidence."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from govrules.findings import Counterfactual, Finding, Quote, Report
from govrules.pack import Severity

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def quote_place(quote: Quote) -> str:
    """``charter.md:12, chars 300-420``, or what of it is known."""
    where = quote.file + (f":{quote.line}" if quote.line is not None else "")
    if quote.start is not None and quote.end is not None:
        where += f", chars {quote.start}-{quote.end}"
    return where


def finding_text(finding: Finding) -> Text:
    """One finding: rule, place, message, and the quotes it rests on."""
    out = Text()
    out.append(f"{finding.severity.value}[{finding.rule}]", style=STYLE[finding.severity])
    out.append(f" {finding.title}\n", style="bold")
    event = finding.event
    where = finding.file + (f":{event.line}" if event.line is not None else "")
    named = f" `{event.id}`" if event.id else ""
    out.append("  --> ", style="blue")
    out.append(f"{where}  event {event.index}{named} ({event.kind}, {event.at})\n")
    out.append("   = ", style="blue")
    out.append(f"{finding.message}\n")
    for support in finding.evidence:
        out.append("   | ", style="blue")
        out.append(f"{support.fact}", style="cyan")
        for i, quote in enumerate(support.quotes):
            if i:
                out.append("   |   ", style="blue")
                out.append(f"({quote_place(quote)})\n", style="dim")
            else:
                out.append(f" ({quote_place(quote)})\n", style="dim")
            out.append("   |   ", style="blue")
            out.append(f"\u201c{quote.text}\u201d\n", style="italic")
    if finding.why is not None:
        why_lines(out, finding.why, "no change to one field of the event makes the rule hold")
    return out


def why_lines(out: Text, answers: Sequence[Counterfactual], none: str) -> None:
    """Counterfactuals, one a line (``check --why``), the smallest first."""
    for i, answer in enumerate(answers):
        out.append("   ~ ", style="green")
        out.append(("or " if i and answer.effect == "holds" else "") + answer.sentence + "\n")
    if not answers:
        out.append("   ~ ", style="green")
        out.append(none + "\n", style="dim")


def report_text(report: Report) -> Text:
    out = Text()
    for scenario in report.scenarios:
        count = len(scenario.findings)
        out.append(f"{scenario.file}", style="bold")
        out.append(
            f": {scenario.name} ({_plural(scenario.events, 'event')}, "
            f"{_plural(count, 'finding') if count else 'no findings'})\n"
        )
        for finding in scenario.findings:
            out.append("\n")
            out.append_text(finding_text(finding))
        for passing in scenario.why or ():
            event = passing.event
            named = f" `{event.id}`" if event.id else ""
            out.append(f"\nevent {event.index}{named} ({event.kind}, {event.at}) breaks nothing")
            out.append(
                "; the smallest changes that would break a rule:\n" if passing.breaks else "\n"
            )
            why_lines(out, passing.breaks, "no change to one field of the event breaks a rule")
        out.append("\n")
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    files = _plural(len(report.scenarios), "file")
    events = _plural(sum(s.events for s in report.scenarios), "event")
    if errors or warnings:
        out.append(f"{files}, {events}: ", style="bold")
        out.append(_plural(errors, "error"), style=STYLE[Severity.ERROR] if errors else "")
        out.append(", ")
        out.append(_plural(warnings, "warning"), style=STYLE[Severity.WARNING] if warnings else "")
        out.append("\n")
    else:
        out.append(f"{files}, {events}: ", style="bold")
        out.append("no commitment broken\n", style="bold green")
    return out


def render_text(report: Report, *, colour: bool = False) -> str:
    text = report_text(report)
    if not colour:
        return text.plain
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, highlight=False, soft_wrap=True).print(text, end="")
    return buffer.getvalue()
