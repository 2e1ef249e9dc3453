"""Short reports: one line per finding, and a count per rule.

``--format concise`` (and ``--quiet``) write one line per finding, as
``validate`` does for a pack's problems::

    scenarios/a.yaml:5: error[seat-share]: `Company A` would hold 4 of 9 seats ...

``--statistics`` writes how often each rule broke, most often first, with its
severity and title, like a linter's statistics.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from govrules.errors import MAX_PATH_SHOWN
from govrules.findings import Finding, Report
from govrules.limits import MAX_MESSAGE_CHARS
from govrules.reports._styled import Styled
from govrules.reports.text import STYLE, summary_text, to_string, write_chunks
from govrules.untrusted import shown


def finding_line(finding: Finding) -> Styled:
    """``file:line: severity[rule]: message``."""
    out = Styled()
    line = f":{finding.event.line}" if finding.event.line is not None else ""
    out.append(f"{shown(finding.file, MAX_PATH_SHOWN)}{line}: ", style="bold")
    out.append(f"{finding.severity.value}[{shown(finding.rule)}]", style=STYLE[finding.severity])
    out.append(f": {shown(finding.message, MAX_MESSAGE_CHARS)}\n")
    return out


def concise_chunks(report: Report, *, summary: bool = True) -> Iterator[Styled]:
    """One line per finding, then the summary, to be written as they come."""
    for finding in report.each_finding():
        yield finding_line(finding)
    if summary:
        yield summary_text(report)


def concise_text(report: Report, *, summary: bool = True) -> Styled:
    return Styled().join(concise_chunks(report, summary=summary))


def render_concise(report: Report, *, colour: bool = False, summary: bool = True) -> str:
    return to_string(concise_text(report, summary=summary), colour)


def write_concise(
    report: Report, stream: TextIO, *, colour: bool = False, summary: bool = True
) -> None:
    write_chunks(concise_chunks(report, summary=summary), stream, colour)


def statistics_text(report: Report) -> Styled:
    counts: dict[str, int] = {}
    first: dict[str, Finding] = {}  # each rule's first finding, read up to it
    for scenario in report.scenarios:
        for rule, n in scenario.findings.per_rule.items():
            counts[rule] = counts.get(rule, 0) + n
            if rule not in first:
                first[rule] = next(scenario.findings.of_rule(rule))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(shown(rule)) for rule in counts), default=0)
    digits = max((len(str(n)) for n in counts.values()), default=1)
    out = Styled()
    for rule, n in ranked:
        example = first[rule]
        out.append(f"{n:>{digits}}  ")
        out.append(f"{shown(rule):<{width}}  ", style="bold")
        out.append(f"{example.severity.value:<7}  ", style=STYLE[example.severity])
        out.append(f"{shown(example.title, MAX_MESSAGE_CHARS)}\n")
    if ranked:
        out.append("\n")
    out.append_text(summary_text(report))
    return out


def render_statistics(report: Report, *, colour: bool = False) -> str:
    return to_string(statistics_text(report), colour)
