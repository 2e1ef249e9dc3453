"""Reports: the same findings rendered for people and for machines."""

from __future__ import annotations

from enum import StrEnum

from govrules.findings import Report
from govrules.pack import Pack


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def render(report: Report, fmt: Format, pack: Pack, *, colour: bool = False) -> str:
    """The report as text in the given format."""
    if fmt is Format.JSON:
        from govrules.reports.json import render_json

        return render_json(report)
    from govrules.reports.text import render_text

    return render_text(report, pack, colour=colour)
