"""The SARIF 2.1.0 report, for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

Built with the pydantic models of ``sarif-pydantic``, so the structure is typed
rather than a hand-assembled dict. One run per pack checked; the pack's rules are
``tool.driver.rules`` with their documentation; each finding is a ``result``
whose location is the event in the scenario file, and whose related locations
are the quotes of the source text the rule rests on, with their character spans
(``charOffset``/``charLength``, counted in Unicode code points, as the run's
``columnKind`` says) and their line and column span where the text is at hand.
A source kept in the pack is named by its path; a source published elsewhere by
its URL.

File locations are relative to the working directory where they lie inside it
(what code scanning expects: paths from the repository root), and absolute
``file:`` URIs otherwise.

A bundled pack's rules carry ``helpUri``, the rule's page in the repository:
``{DOCS_URL}/{pack}/{rule}.md`` (``DOCS_URL`` below; ``GOVRULES_DOCS_URL``
replaces it, for a mirror or a fork). A finding an ``ignore`` in the scenario
suppresses is a result with ``suppressions`` (kind ``inSource``, the reason as
its justification). The problems of files that could not be checked are
``toolExecutionNotifications`` of the first run's invocation, which is then not
``executionSuccessful``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from govrules.errors import Problem
from govrules.findings import Finding, Report, Suppressed
from govrules.pack import Pack, Rule, Severity, bundled_packs, bundled_root
from govrules.reports._stream import Lazy, materialise, write_json


def _models() -> Any:
    # sarif-pydantic ships no py.typed marker, so its models are Any to mypy; the
    # import happens here, on first use, to keep the command's start fast.
    import sarif_pydantic.sarif as models  # type: ignore[import-untyped]

    return models


SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT = "govrulesFinding/v1"
# Where the rule pages of the bundled packs are published: docs/rules/ of the
# govrules repository, on its main branch.
DOCS_URL = "https://github.com/govrules/govrules/blob/main/docs/rules"


def help_uri(pack: Pack, rule: Rule) -> str | None:
    """The rule's page, for a bundled pack (a pack of your own has no published pages)."""
    if pack.name not in bundled_packs() or pack.root != bundled_root():
        return None
    base = os.environ.get("GOVRULES_DOCS_URL") or DOCS_URL
    return f"{base.rstrip('/')}/{quote(pack.name)}/{quote(rule.id)}.md"


def artifact_uri(path: str | Path) -> str:
    """A SARIF artifact URI: relative (from the working directory) when possible."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return quote(candidate.as_posix(), safe="/")


def _escape(text: str) -> str:
    # In SARIF plain-text messages, [text](n) is an embedded link; literal brackets are escaped.
    return re.sub(r"([\[\]\\])", r"\\\1", text)


def _refuse_extras(model: Any, where: str) -> None:
    """Fail on any field the SARIF models do not declare.

    sarif-pydantic accepts unknown fields (``extra="allow"``) and writes them as
    given, so a misspelt keyword would pass silently; this makes it an error.
    """
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        if model.model_extra:
            raise TypeError(f"undeclared SARIF field(s) at {where}: {sorted(model.model_extra)}")
        for name in type(model).model_fields:
            _refuse_extras(getattr(model, name), f"{where}.{name}")
    elif isinstance(model, list):
        for i, item in enumerate(model):
            _refuse_extras(item, f"{where}[{i}]")


def _position(source: str, offset: int) -> tuple[int, int]:
    """1-based line and column of the character at ``offset`` (columns in code points)."""
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _rule_descriptor(pack: Pack, rule: Rule) -> Any:
    from govrules.reports.rule_docs import rule_help_markdown

    m = _models()

    text = " ".join(rule.docs.checks.split()) + "\n\nWhy: " + " ".join(rule.docs.why.split())
    return m.ReportingDescriptor(
        id=rule.id,
        name="".join(part.capitalize() for part in rule.id.split("-")),
        short_description=m.Message(text=rule.title),
        full_description=m.Message(text=" ".join(rule.docs.checks.split())),
        help=m.Message(text=text, markdown=rule_help_markdown(pack, rule)),
        help_uri=help_uri(pack, rule),
        default_configuration=m.ReportingConfiguration(level=rule.severity.value),
        properties={
            "tags": ["governance", pack.name],
            "restsOn": list(rule.rests_on),
            "example": " ".join(rule.docs.example.description.split()),
        },
    )


def source_uri(pack: Pack, source_id: str) -> str:
    """Where a source's text is: its path in the pack, or its published URL."""
    spec = pack.sources[source_id].spec
    if spec.file:
        return artifact_uri(pack.seeds_dir / spec.file)
    return spec.url or f"{spec.repository or ''}/{spec.path or spec.filename}"


def _quote_locations(finding: Finding, pack: Pack) -> list[Any]:
    m = _models()
    locations: list[Any] = []
    for support in finding.evidence:
        for quote_ in support.quotes:
            text = pack.sources[quote_.source].text
            region: dict[str, Any] = {"snippet": m.ArtifactContent(text=quote_.text)}
            if quote_.start is not None and quote_.end is not None:
                region |= {"char_offset": quote_.start, "char_length": quote_.end - quote_.start}
                if text is not None:
                    start_line, start_column = _position(text, quote_.start)
                    end_line, last_column = _position(text, max(quote_.start, quote_.end - 1))
                    region |= {
                        "start_line": start_line,
                        "start_column": start_column,
                        "end_line": end_line,
                        "end_column": last_column + 1,
                    }
            if "start_line" not in region and quote_.line is not None:
                region["start_line"] = quote_.line
            locations.append(
                m.Location(
                    id=len(locations) + 1,
                    physical_location=m.PhysicalLocation(
                        artifact_location=m.ArtifactLocation(uri=source_uri(pack, quote_.source)),
                        region=m.Region(**region),
                    ),
                    message=m.Message(
                        text=f"{support.fact} ({support.kind}): {support.summary}",
                    ),
                )
            )
    return locations


def _fingerprint(finding: Finding) -> str:
    event = finding.event.id or f"events[{finding.event.index}]"
    key = "\0".join((artifact_uri(finding.file), finding.rule, event, finding.event.kind))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(finding: Finding, rule_index: int, related: list[Any]) -> Any:
    m = _models()
    # Embedded links ([text](id)) to the related locations, in the order they were made.
    names = [support.fact for support in finding.evidence for _ in support.quotes]
    links = ", ".join(f"[{_escape(name)}]({n})" for n, name in enumerate(names, start=1))
    text = _escape(finding.message)
    if links:
        text += f" (rests on {links})"
    event = finding.event
    region = m.Region(start_line=event.line) if event.line is not None else None
    return m.Result(
        rule_id=finding.rule,
        rule_index=rule_index,
        level=m.Level.ERROR if finding.severity is Severity.ERROR else m.Level.WARNING,
        message=m.Message(text=text),
        locations=[
            m.Location(
                physical_location=m.PhysicalLocation(
                    artifact_location=m.ArtifactLocation(uri=artifact_uri(finding.file)),
                    region=region,
                ),
                logical_locations=[
                    m.LogicalLocation(
                        name=event.id or f"events[{event.index}]",
                        fully_qualified_name=f"{finding.scenario}/events[{event.index}]",
                        kind="event",
                    )
                ],
            )
        ],
        related_locations=related or None,
        partial_fingerprints={FINGERPRINT: _fingerprint(finding)},
        properties={
            "scenario": finding.scenario,
            "event": event.model_dump(mode="json"),
            "title": finding.title,
        },
    )


def _run(report: Report, pack: Pack) -> Any:
    """The pack's run, its results left empty (they are written one by one: :func:`_results`)."""
    from govrules import __version__

    m = _models()
    scenarios = [s for s in report.scenarios if s.pack == pack.name]
    settings = report.settings_of(pack.name)
    driver = m.ToolDriver(
        name="govrules",
        version=__version__,
        semantic_version=__version__,
        rules=[_rule_descriptor(pack, rule) for rule in pack.rules],
        properties={
            "pack": pack.name,
            "packTitle": pack.title,
            "sources": [source_uri(pack, s) for s in pack.sources],
            "overrides": [o.model_dump(mode="json") for o in settings.overrides],
            "rulesSkipped": list(settings.rules_skipped),
        },
    )
    return m.Run(
        tool=m.Tool(driver=driver),
        invocations=[m.Invocation(execution_successful=True)],
        results=[],
        properties={
            "summary": {
                "files": len(scenarios),
                "events": sum(s.events for s in scenarios),
                "errors": sum(s.findings.count_of(Severity.ERROR.value) for s in scenarios),
                "warnings": sum(s.findings.count_of(Severity.WARNING.value) for s in scenarios),
                "suppressed": sum(len(s.suppressed) for s in scenarios),
                "problems": 0,  # the first run counts the problems (see sarif_data)
            }
        },
    )


def _results(report: Report, pack: Pack) -> Iterator[dict[str, Any]]:
    """The run's results as data, one at a time: every finding, then every suppressed one."""
    index = {rule.id: i for i, rule in enumerate(pack.rules)}
    scenarios = [s for s in report.scenarios if s.pack == pack.name]
    related: dict[str, list[Any]] = {}  # each rule's quotes, located once
    for suppressed in (False, True):
        for scenario in scenarios:
            for finding in scenario.suppressed if suppressed else scenario.findings:
                if finding.rule not in related:
                    related[finding.rule] = _quote_locations(finding, pack)
                result = _result(finding, index[finding.rule], related[finding.rule])
                _refuse_extras(result, "result")
                data: dict[str, Any] = result.model_dump(
                    mode="json", by_alias=True, exclude_none=True
                )
                if isinstance(finding, Suppressed):
                    # sarif-pydantic 0.6 has a singular `suppression` only.
                    data["suppressions"] = _suppressions(finding)
                yield data


def _bare_run() -> Any:
    """A run for a report that checked no file: it still carries the problems."""
    from govrules import __version__

    m = _models()
    driver = m.ToolDriver(name="govrules", version=__version__, semantic_version=__version__)
    return m.Run(tool=m.Tool(driver=driver), invocations=[m.Invocation(execution_successful=True)])


def _notification(problem: Problem) -> dict[str, Any]:
    m = _models()
    text = (f"at `{problem.path}`: " if problem.path else "") + problem.message
    if problem.help:
        text += f" (help: {problem.help})"
    locations = None
    if problem.file is not None:
        region = m.Region(start_line=problem.line) if problem.line is not None else None
        locations = [
            m.Location(
                physical_location=m.PhysicalLocation(
                    artifact_location=m.ArtifactLocation(uri=artifact_uri(problem.file)),
                    region=region,
                )
            )
        ]
    note = m.Notification(level=m.Level.ERROR, message=m.Message(text=text), locations=locations)
    _refuse_extras(note, "notification")
    data: dict[str, Any] = note.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def _suppressions(item: Suppressed) -> list[dict[str, Any]]:
    return [{"kind": "inSource", "status": "accepted", "justification": item.reason}]


def sarif_data(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log, as plain data: one run per pack (every result held)."""
    data: dict[str, Any] = materialise(lazy_sarif_data(report))
    return data


def lazy_sarif_data(report: Report) -> dict[str, Any]:
    """:func:`sarif_data` with each run's results as a lazy list (see ``_stream``)."""
    m = _models()
    packs = list(report.packs.values())
    runs = [_run(report, pack) for pack in packs] or [_bare_run()]
    log = m.Sarif(version="2.1.0", schema_uri=SCHEMA_URI, runs=runs)
    _refuse_extras(log, "sarif")
    data = log.model_dump(mode="json", by_alias=True, exclude_none=True)
    for run, pack in zip(data["runs"], packs, strict=False):
        run["results"] = Lazy(partial(_results, report, pack))
    # sarif-pydantic 0.6 has no field for run.columnKind, result.suppressions (it
    # has a singular `suppression`) or invocation.toolExecutionNotifications.
    for run in data["runs"]:
        run["columnKind"] = "unicodeCodePoints"
    if report.problems:
        data["runs"][0].setdefault("properties", {}).setdefault("summary", {})["problems"] = len(
            report.problems
        )
        invocation = data["runs"][0]["invocations"][0]
        invocation["executionSuccessful"] = False
        invocation["toolExecutionNotifications"] = [_notification(p) for p in report.problems]
    return {"$schema": data.pop("$schema"), **data}


def write_sarif(report: Report, stream: TextIO) -> None:
    """The SARIF log, written as its results are made (the same text as ``sarif_data``'s)."""
    write_json(lazy_sarif_data(report), stream)
    stream.write("\n")
