"""Reports: the same findings rendered for people and for machines.

``text`` for a person (the quote under each finding, coloured on a terminal),
``concise`` (one line per finding), ``html`` (a self-contained page with each
scenario's timeline), ``json`` (versioned, schema in ``docs/report.schema.json``), ``sarif`` (SARIF
2.1.0, for code scanning) and ``junit`` (JUnit XML, for CI dashboards). Every
format renders one :class:`~govrules.findings.Report`, so they always agree on
which rules broke where. The renderers import what they need when called, to
keep the command's start fast.
"""

from __future__ import annotations

from govrules.findings import Report
from govrules.formats import Format

__all__ = ["Format", "render"]


def render(report: Report, fmt: Format, *, colour: bool = False) -> str:
    """The report as text in the given format (``colour`` applies to ``text`` and ``concise``)."""
    if fmt is Format.JSON:
        from govrules.reports.json import render_json

        return render_json(report)
    if fmt is Format.SARIF:
        from govrules.reports.sarif import render_sarif

        return render_sarif(report)
    if fmt is Format.JUNIT:
        from govrules.reports.junit import render_junit

        return render_junit(report)
    if fmt is Format.HTML:
        from govrules.reports.html import render_html

        return render_html(report)
    if fmt is Format.CONCISE:
        from govrules.reports.concise import render_concise

        return render_concise(report, colour=colour)
    from govrules.reports.text import render_text

    return render_text(report, colour=colour)
