"""The text report: each finding with its rule, event, message and quoted evidence."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from govrules.errors import MAX_PATH_SHOWN
from govrules.findings import Counterfactual, Finding, Quote, Report
from govrules.limits import MAX_MESSAGE_CHARS
from govrules.pack import Severity
from govrules.reports._styled import Styled
from govrules.untrusted import escape, shown, shown_message

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def quote_place(quote: Quote) -> str:
    """``charter.md:12, chars 300-420``, or what of it is known."""
    where = shown(quote.file, MAX_PATH_SHOWN) + (f":{quote.line}" if quote.line is not None else "")
    if quote.start is not None and quote.end is not None:
        where += f", chars {quote.start}-{quote.end}"
    return where


def finding_text(finding: Finding, *, quoted: bool = True) -> Styled:
    """One finding: rule, place, message, and the quotes it rests on.

    Without ``quoted``, the facts are named and the quotes left out (they were
    shown with an earlier finding of the same rule).
    """
    out = Styled()
    out.append(f"{finding.severity.value}[{shown(finding.rule)}]", style=STYLE[finding.severity])
    out.append(f" {shown(finding.title, MAX_MESSAGE_CHARS)}\n", style="bold")
    event = finding.event
    where = shown(finding.file, MAX_PATH_SHOWN) + (
        f":{event.line}" if event.line is not None else ""
    )
    named = f" `{shown(event.id)}`" if event.id else ""
    out.append("  --> ", style="blue")
    out.append(f"{where}  event {event.index}{named} ({shown(event.kind)}, {event.at})\n")
    out.append("   = ", style="blue")
    out.append(f"{shown(finding.message, MAX_MESSAGE_CHARS)}\n")
    if not quoted:
        out.append("   | ", style="blue")
        facts = ", ".join(shown(support.fact) for support in finding.evidence)
        out.append(f"rests on {facts} (quoted above)\n", style="dim")
    for support in finding.evidence if quoted else ():
        out.append("   | ", style="blue")
        out.append(shown(support.fact), style="cyan")
        for i, quote in enumerate(support.quotes):
            if i:
                out.append("   |   ", style="blue")
                out.append(f"({quote_place(quote)})\n", style="dim")
            else:
                out.append(f" ({quote_place(quote)})\n", style="dim")
            out.append("   |   ", style="blue")
            # A quote keeps its own line breaks; nothing else unprintable.
            out.append(f"\u201c{escape(quote.text, keep=chr(10))}\u201d\n", style="italic")
    if finding.why is not None:
        why_lines(out, finding.why, "no change to one field of the event makes the rule hold")
    return out


def why_lines(out: Styled, answers: Sequence[Counterfactual], none: str) -> None:
    """Counterfactuals, one a line (``check --why``), the smallest first."""
    for i, answer in enumerate(answers):
        out.append("   ~ ", style="green")
        lead = "or " if i and answer.effect == "holds" else ""
        out.append(lead + shown_message(answer.sentence) + "\n")
    if not answers:
        out.append("   ~ ", style="green")
        out.append(none + "\n", style="dim")


def report_chunks(report: Report) -> Iterator[Styled]:
    """The text report in pieces (about one per finding), to be written as they come."""
    out = Styled()
    for scenario in report.scenarios:
        count = len(scenario.findings)
        out.append(shown(scenario.file, MAX_PATH_SHOWN), style="bold")
        out.append(
            f": {shown(scenario.name)} ({_plural(scenario.events, 'event')}, "
            f"{_plural(count, 'finding') if count else 'no findings'})\n"
        )
        quoted: set[str] = set()  # rules whose quotes this file's report has shown
        for finding in scenario.findings:
            out.append("\n")
            out.append_text(finding_text(finding, quoted=finding.rule not in quoted))
            quoted.add(finding.rule)
            yield out
            out = Styled()
        for item in scenario.suppressed:
            named = f" `{shown(item.event.id)}`" if item.event.id else ""
            out.append("\n  suppressed", style="dim")
            out.append(
                f"[{shown(item.rule)}] event {item.event.index}{named}: {shown(item.reason)}",
                style="dim",
            )
        if scenario.suppressed:
            out.append("\n")
        for passing in scenario.why or ():
            event = passing.event
            named = f" `{shown(event.id)}`" if event.id else ""
            out.append(
                f"\nevent {event.index}{named} ({shown(event.kind)}, {event.at}) breaks nothing"
            )
            out.append(
                "; the smallest changes that would break a rule:\n" if passing.breaks else "\n"
            )
            why_lines(out, passing.breaks, "no change to one field of the event breaks a rule")
        out.append("\n")
    out.append_text(settings_text(report))
    out.append_text(summary_text(report))
    yield out


def report_text(report: Report) -> Styled:
    return Styled().join(report_chunks(report))


def settings_text(report: Report) -> Styled:
    """What the check was asked to do differently: overrides and rules left out."""
    out = Styled()
    for name in report.packs:
        settings = report.settings_of(name)
        if settings.overrides:
            values = ", ".join(
                f"{o.name}={o.value} (the pack's: {o.pack_value})" for o in settings.overrides
            )
            line = f"{name}: parameters overridden: {values}"
            out.append(shown(line, MAX_MESSAGE_CHARS) + "\n", style="dim")
        if settings.rules_skipped:
            line = f"{name}: rules not checked: {', '.join(settings.rules_skipped)}"
            out.append(shown(line, MAX_MESSAGE_CHARS) + "\n", style="dim")
    return out


def summary_text(report: Report) -> Styled:
    """The closing line: files, events, errors and warnings, and what was not checked."""
    out = Styled()
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    files = _plural(len(report.scenarios), "file")
    events = _plural(sum(s.events for s in report.scenarios), "event")
    out.append(f"{files}, {events}: ", style="bold")
    if errors or warnings:
        out.append(_plural(errors, "error"), style=STYLE[Severity.ERROR] if errors else "")
        out.append(", ")
        out.append(_plural(warnings, "warning"), style=STYLE[Severity.WARNING] if warnings else "")
    else:
        out.append("no commitment broken", style="bold green")
    if suppressed := report.suppressed_count():
        out.append(f" ({suppressed} suppressed)")
    if report.problems:
        unread = len({p.file for p in report.problems})
        out.append("; ")
        out.append(
            f"{_plural(unread, 'file')} not checked ({_plural(len(report.problems), 'problem')})",
            style=STYLE[Severity.ERROR],
        )
    out.append("\n")
    return out


def render_text(report: Report, *, colour: bool = False) -> str:
    return to_string(report_text(report), colour)


def write_text(report: Report, stream: TextIO, *, colour: bool = False) -> None:
    """The text report, written to ``stream`` as its findings are read."""
    write_chunks(report_chunks(report), stream, colour)


def write_chunks(chunks: Iterable[Styled], stream: TextIO, colour: bool) -> None:
    """Styled pieces written one after the other, with ANSI colour or plain."""
    if not colour:
        for chunk in chunks:
            stream.write(chunk.plain)
        return
    from rich.console import Console

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for chunk in chunks:
        console.print(chunk.to_rich(), end="")


def to_string(text: Styled, colour: bool) -> str:
    """Styled text as a string, with ANSI colour or plain."""
    buffer = io.StringIO()
    write_chunks([text], buffer, colour)
    return buffer.getvalue()
