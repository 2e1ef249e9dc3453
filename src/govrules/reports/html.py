"""The HTML report: one self-contained page per run, for people to look at.

A summary table on top (each scenario file with its pack, events, errors,
warnings and suppressed findings, the files that could not be checked, and the
parameters overridden), then for each scenario a timeline: the events on a time
axis, each finding marked where it happens (a link to the finding: its rule,
message and quoted evidence), and the composition of every body the pack
declares over time, seats per affiliation, as a stacked step chart. Every chart
has its text alternative: a description, the seats of each affiliation as a
sentence, and a table of the composition at every step.

Nothing is fetched: the styles, the few lines of script and the charts are in
the page. It follows the reader's light or dark theme, prints in full (the
evidence opened), and does not rely on colour alone: each affiliation has a
hatching as well as a colour, findings are numbered, and errors and warnings
differ in shape. The page is rendered with Jinja2 (autoescaped) from
``templates/report.html.j2``; the chart's geometry is :mod:`govrules.reports.timeline`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from govrules.findings import TIMELINE_EVENTS, Finding, Report
from govrules.pack import Severity
from govrules.reports.text import quote_place

if TYPE_CHECKING:
    from jinja2 import Environment


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("govrules.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quote_place"] = quote_place
    return env


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def page_data(report: Report) -> dict[str, Any]:
    """What the template draws, per scenario: its chart and its findings."""
    from govrules import __version__
    from govrules.reports.timeline import chart

    scenarios = []
    for number, scenario in enumerate(report.scenarios, start=1):
        anchor = f"s{number}"
        timeline = report.timelines.get(scenario.file)
        pack = report.packs[scenario.pack]
        drawn = (
            chart(scenario, timeline, list(pack.declarations.bodies), anchor)
            if timeline is not None
            else None
        )
        scenarios.append(
            {
                "anchor": anchor,
                "result": scenario,
                "chart": drawn,
                "undrawn": timeline is None and scenario.events > TIMELINE_EVENTS,
                "findings": _Numbered(scenario.findings, anchor),
                "errors": scenario.findings.count_of(Severity.ERROR.value),
                "warnings": scenario.findings.count_of(Severity.WARNING.value),
            }
        )
    unread: dict[str, list[Any]] = {}
    for problem in report.problems:
        unread.setdefault(problem.file or "<input>", []).append(problem)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    summary = (
        f"{_plural(len(report.scenarios), 'file')}, "
        f"{_plural(sum(s.events for s in report.scenarios), 'event')}: "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )
    if suppressed := report.suppressed_count():
        summary += f" ({suppressed} suppressed)"
    if unread:
        summary += f"; {_plural(len(unread), 'file')} not checked"
    return {
        "version": __version__,
        "summary": summary,
        "scenarios": scenarios,
        "unread": unread,
        "packs": [(p, report.settings_of(p.name)) for p in report.packs.values()],
        "timeline_events": TIMELINE_EVENTS,
    }


class _Numbered:
    """A scenario's findings as the page lists them, each read as it is drawn."""

    def __init__(self, findings: Sequence[Finding], anchor: str) -> None:
        self._findings, self._anchor = findings, anchor

    def __bool__(self) -> bool:
        return bool(self._findings)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        quoted: set[str] = set()
        for n, finding in enumerate(self._findings, start=1):
            yield {
                "number": n,
                "finding": finding,
                "anchor": f"{self._anchor}-finding-{n}",
                "first": finding.rule not in quoted,
            }
            quoted.add(finding.rule)


def render_html(report: Report) -> str:
    """The report as one HTML page (UTF-8, nothing loaded from elsewhere)."""
    buffer = io.StringIO()
    write_html(report, buffer)
    return buffer.getvalue()


def write_html(report: Report, stream: TextIO) -> None:
    """The page, written as its findings are read."""
    template = _environment().get_template("report.html.j2")
    for piece in template.generate(**page_data(report)):
        stream.write(piece)
