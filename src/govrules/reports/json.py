"""The JSON report (format ``govrules-report``, version 1; see README "JSON output")."""

from __future__ import annotations

import json
from typing import Any

from govrules.findings import Report
from govrules.rules import Severity

FORMAT = "govrules-report"
VERSION = 1


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data, in the documented layout."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "pack": {"name": report.pack, "source": report.source},
        "summary": {
            "files": len(report.scenarios),
            "events": sum(s.events for s in report.scenarios),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
        "scenarios": [s.model_dump(mode="json") for s in report.scenarios],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
