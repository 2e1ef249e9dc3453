"""The JSON report (format ``govrules-report``, version 1; see docs/commands.md "JSON report").

Its JSON Schema is generated from :class:`JsonReport` (``govrules schema report``)
and committed as ``docs/report.schema.json``; a test keeps the two in step.
Within a version, fields are only ever added.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from govrules.findings import Report, ScenarioResult
from govrules.rules import Severity

FORMAT = "govrules-report"
VERSION = 1


class PackRef(BaseModel):
    """The pack the scenarios were checked against."""

    model_config = ConfigDict(frozen=True)
    name: str
    source: str = Field(description="the file name of the pack's source text")


class Summary(BaseModel):
    """Counts over the whole check."""

    model_config = ConfigDict(frozen=True)
    files: int
    events: int
    errors: int
    warnings: int


class JsonReport(BaseModel):
    """The outcome of one ``govrules check``, as ``--format json`` writes it."""

    model_config = ConfigDict(frozen=True, title="govrules report")
    format: Literal["govrules-report"]
    version: Literal[1] = Field(description="bumped only when a field changes or goes")
    pack: PackRef
    summary: Summary
    scenarios: tuple[ScenarioResult, ...]


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data, in the documented layout."""
    envelope = JsonReport(
        format=FORMAT,
        version=VERSION,
        pack=PackRef(name=report.pack, source=report.source),
        summary=Summary(
            files=len(report.scenarios),
            events=sum(s.events for s in report.scenarios),
            errors=report.count(Severity.ERROR),
            warnings=report.count(Severity.WARNING),
        ),
        scenarios=report.scenarios,
    )
    return envelope.model_dump(mode="json")


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON report."""
    schema = JsonReport.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
