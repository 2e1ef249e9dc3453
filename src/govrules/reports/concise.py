"""Short reports: one line per finding, and a count per rule.

``--format concise`` (and ``--quiet``) write one line per finding, as
``validate`` does for a pack's problems::

    scenarios/a.yaml:5: error[seat-share]: `Company A` would hold 4 of 9 seats ...

``--statistics`` writes how often each rule broke, most often first, with its
severity and title, like a linter's statistics.
"""

from __future__ import annotations

from rich.text import Text

from govrules.errors import MAX_PATH_SHOWN
from govrules.findings import Finding, Report
from govrules.limits import MAX_MESSAGE_CHARS
from govrules.reports.text import STYLE, summary_text, to_string
from govrules.untrusted import shown


def finding_line(finding: Finding) -> Text:
    """``file:line: severity[rule]: message``."""
    out = Text()
    line = f":{finding.event.line}" if finding.event.line is not None else ""
    out.append(f"{shown(finding.file, MAX_PATH_SHOWN)}{line}: ", style="bold")
    out.append(f"{finding.severity.value}[{shown(finding.rule)}]", style=STYLE[finding.severity])
    out.append(f": {shown(finding.message, MAX_MESSAGE_CHARS)}\n")
    return out


def concise_text(report: Report, *, summary: bool = True) -> Text:
    out = Text()
    for finding in report.findings:
        out.append_text(finding_line(finding))
    if summary:
        out.append_text(summary_text(report))
    return out


def render_concise(report: Report, *, colour: bool = False, summary: bool = True) -> str:
    return to_string(concise_text(report, summary=summary), colour)


def statistics_text(report: Report) -> Text:
    counts: dict[str, list[Finding]] = {}
    for finding in report.findings:
        counts.setdefault(finding.rule, []).append(finding)
    ranked = sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))
    width = max((len(shown(rule)) for rule in counts), default=0)
    digits = max((len(str(len(found))) for found in counts.values()), default=1)
    out = Text()
    for rule, found in ranked:
        first = found[0]
        out.append(f"{len(found):>{digits}}  ")
        out.append(f"{shown(rule):<{width}}  ", style="bold")
        out.append(f"{first.severity.value:<7}  ", style=STYLE[first.severity])
        out.append(f"{shown(first.title, MAX_MESSAGE_CHARS)}\n")
    if ranked:
        out.append("\n")
    out.append_text(summary_text(report))
    return out


def render_statistics(report: Report, *, colour: bool = False) -> str:
    return to_string(statistics_text(report), colour)
