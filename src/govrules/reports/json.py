"""The JSON report (format ``govrules-report``, version 2; see docs/commands.md "JSON report").

Version 2 (the general model): ``pack`` became ``packs`` (a report may check
scenarios of several packs, each with its sources), each scenario names its
``pack``, and each quote names its ``source`` and ``file``; a quote's span is
null when the pack did not record it and its text was not at hand.

Added within version 2 (fields are only ever added within a version): the
``problems`` of files that could not be checked (a partial report; the command
exits 2), ``summary.problems`` and ``summary.suppressed``, each scenario's
``suppressed`` findings (an ``ignore`` in the file, with its ``reason``), and
for each pack the parameters overridden for the run (``overrides``) and the
rules left out by ``--select``/``--ignore`` (``rules_skipped``).

Its JSON Schema is generated from :class:`JsonReport` (``govrules schema report``)
and committed as ``docs/report.schema.json``; a test keeps the two in step.
Within a version, fields are only ever added.
"""

from __future__ import annotations

from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field

from govrules.errors import Problem
from govrules.findings import Finding, Override, PackSettings, Report, ScenarioResult
from govrules.pack import Pack, Severity
from govrules.reports._stream import Lazy, write_json
from govrules.spool import Findings

FORMAT = "govrules-report"
VERSION = 2


class SourceRef(BaseModel):
    """A text a pack quotes, and where it is published."""

    model_config = ConfigDict(frozen=True)
    id: str
    title: str
    file: str = Field(description="the text's file name")
    url: str | None
    sha256: str


class PackRef(BaseModel):
    """A pack scenarios were checked against."""

    model_config = ConfigDict(frozen=True)
    name: str
    title: str
    sources: tuple[SourceRef, ...]
    overrides: tuple[Override, ...] = Field(
        default=(), description="parameters given another value for this check (--param)"
    )
    rules_skipped: tuple[str, ...] = Field(
        default=(), description="rules not checked (--select, --ignore)"
    )


class ProblemRef(BaseModel):
    """A problem that kept a file from being checked."""

    model_config = ConfigDict(frozen=True)
    file: str | None
    line: int | None
    path: str | None = Field(description="where in the document, as `events[2].member`")
    message: str
    help: str | None


class Summary(BaseModel):
    """Counts over the whole check."""

    model_config = ConfigDict(frozen=True)
    files: int = Field(description="files checked (files with problems are not counted)")
    events: int
    errors: int
    warnings: int
    suppressed: int = Field(default=0, description="findings suppressed by an ignore in the file")
    problems: int = Field(default=0, description="problems of files that could not be checked")


class JsonReport(BaseModel):
    """The outcome of one ``govrules check``, as ``--format json`` writes it."""

    model_config = ConfigDict(frozen=True, title="govrules report")
    format: Literal["govrules-report"]
    version: Literal[2] = Field(description="bumped only when a field changes or goes")
    packs: tuple[PackRef, ...]
    summary: Summary
    scenarios: tuple[ScenarioResult, ...]
    problems: tuple[ProblemRef, ...] = Field(
        default=(), description="the problems of the files that could not be checked"
    )


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data, in the documented layout (every finding held at once)."""
    envelope = JsonReport(
        format=FORMAT,
        version=VERSION,
        packs=tuple(pack_ref(p, report.settings_of(p.name)) for p in report.packs.values()),
        summary=summary(report),
        scenarios=report.scenarios,
        problems=tuple(problem_ref(p) for p in report.problems),
    )
    data = envelope.model_dump(mode="json")
    for scenario in data["scenarios"]:
        _without_absent_why(scenario)
        for finding in (*scenario["findings"], *scenario["suppressed"]):
            _without_absent_why(finding)
    return data


def _without_absent_why(data: dict[str, Any]) -> dict[str, Any]:
    """``why`` is there only when asked for (``--why``): without it, the report is as before."""
    if data.get("why", ...) is None:
        del data["why"]
    return data


def summary(report: Report) -> Summary:
    return Summary(
        files=len(report.scenarios),
        events=sum(s.events for s in report.scenarios),
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        suppressed=report.suppressed_count(),
        problems=len(report.problems),
    )


def lazy_report_data(report: Report) -> dict[str, Any]:
    """:func:`report_data` with each scenario's findings as a lazy list (see ``_stream``).

    The same layout, built from the same models: a scenario is dumped without its
    findings, and each finding is dumped as it is written.
    """
    parts: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "packs": [
            pack_ref(p, report.settings_of(p.name)).model_dump(mode="json")
            for p in report.packs.values()
        ],
        "summary": summary(report).model_dump(mode="json"),
        "scenarios": Lazy(lambda: map(_lazy_scenario, report.scenarios)),
        "problems": [problem_ref(p).model_dump(mode="json") for p in report.problems],
    }
    return {name: parts[name] for name in JsonReport.model_fields}


def _lazy_scenario(scenario: ScenarioResult) -> dict[str, Any]:
    lists: dict[str, Findings[Any]] = {
        "findings": scenario.findings,
        "suppressed": scenario.suppressed,
    }
    data = scenario.model_dump(mode="json", exclude=set(lists))
    evidence: dict[str, Any] = {}  # each rule's evidence, dumped once

    def dump(finding: Finding) -> dict[str, Any]:
        out = finding.model_dump(mode="json", exclude={"evidence"})
        if finding.rule not in evidence:
            evidence[finding.rule] = finding.model_dump(mode="json", include={"evidence"})
        out |= evidence[finding.rule]
        return _without_absent_why({name: out[name] for name in type(finding).model_fields})

    def lazy(found: Findings[Any]) -> Lazy:
        return Lazy(lambda: map(dump, found))

    return _without_absent_why(
        {
            name: lazy(lists[name]) if name in lists else data[name]
            for name in ScenarioResult.model_fields
        }
    )


def pack_ref(pack: Pack, settings: PackSettings | None = None) -> PackRef:
    settings = settings or PackSettings()
    return PackRef(
        name=pack.name,
        title=pack.title,
        sources=tuple(
            SourceRef(id=s.id, title=s.title, file=s.filename, url=s.url, sha256=s.sha256)
            for s in pack.spec.sources
        ),
        overrides=settings.overrides,
        rules_skipped=settings.rules_skipped,
    )


def problem_ref(problem: Problem) -> ProblemRef:
    return ProblemRef(
        file=problem.file,
        line=problem.line,
        path=problem.path,
        message=problem.message,
        help=problem.help,
    )


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON report."""
    schema = JsonReport.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def write_json_report(report: Report, stream: TextIO) -> None:
    """The JSON report, written as its findings are read (the same text as ``report_data``'s)."""
    write_json(lazy_report_data(report), stream)
    stream.write("\n")
