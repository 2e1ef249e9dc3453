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

import io
from typing import TextIO

from govrules.findings import Report
from govrules.formats import Format

__all__ = ["Format", "render", "write"]


def render(report: Report, fmt: Format, *, colour: bool = False) -> str:
    """The report as text in the given format (``colour`` applies to ``text`` and ``concise``)."""
    buffer = io.StringIO()
    write(report, fmt, buffer, colour=colour)
    return buffer.getvalue()


def write(report: Report, fmt: Format, stream: TextIO, *, colour: bool = False) -> None:
    """Write the report to ``stream`` as its findings are read: a report of any length
    needs no more memory than the findings' compact records (see :mod:`govrules.spool`)."""
    if fmt is Format.JSON:
        from govrules.reports.json import write_json_report

        write_json_report(report, stream)
    elif fmt is Format.SARIF:
        from govrules.reports.sarif import write_sarif

        write_sarif(report, stream)
    elif fmt is Format.JUNIT:
        from govrules.reports.junit import write_junit

        write_junit(report, stream)
    elif fmt is Format.HTML:
        from govrules.reports.html import write_html

        write_html(report, stream)
    elif fmt is Format.CONCISE:
        from govrules.reports.concise import write_concise

        write_concise(report, stream, colour=colour)
    else:
        from govrules.reports.text import write_text

        write_text(report, stream, colour=colour)
