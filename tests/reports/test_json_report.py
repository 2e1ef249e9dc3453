"""The JSON report, format ``govrules-report`` version 2: the packs checked, each
scenario's pack, each quote's source and file; it matches its committed schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from _support import MINI_SCENARIOS
from conftest import ROOT
from govrules import check
from govrules.findings import Report
from govrules.formats import Format
from govrules.reports import render
from govrules.reports.json import report_data
from reports.cases import CASES, Case, pack_of, report_of, report_of_all

SCHEMA = ROOT / "docs" / "schemas" / "report.schema.json"
MINI = ROOT / "tests" / "cli" / "fixtures" / "pack"
BAD = ROOT / "tests" / "cli" / "fixtures" / "bad"


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _json(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(report_of(case), Format.JSON))
    return data


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_report_matches_its_schema(case: Case) -> None:
    errors = list(_validator().iter_errors(_json(case)))
    assert not errors, [e.message for e in errors[:5]]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_report_names_its_pack_and_each_quotes_source(case: Case) -> None:
    data = _json(case)
    pack = pack_of(case)
    assert (data["format"], data["version"]) == ("govrules-report", 2)
    (packed,) = data["packs"]
    assert packed["name"] == pack.name
    assert packed["title"] == pack.title
    assert packed["sources"] == [
        {"id": s.id, "title": s.title, "file": s.filename, "url": s.url, "sha256": s.sha256}
        for s in pack.spec.sources
    ]
    (scenario,) = data["scenarios"]
    assert scenario["pack"] == pack.name
    assert scenario["file"] == case.display
    files = {s["id"]: s["file"] for s in packed["sources"]}
    for finding in scenario["findings"]:
        assert finding["file"] == case.display
        for support in finding["evidence"]:
            assert support["fact"] in pack.facts
            for quote in support["quotes"]:
                assert quote["file"] == files[quote["source"]]
                evidence = next(
                    e for e in pack.facts[support["fact"]].evidence if e.quote == quote["text"]
                )
                assert (quote["start"], quote["end"], quote["line"]) == (
                    evidence.start,
                    evidence.end,
                    evidence.line,
                )


def test_a_report_of_several_packs_lists_each_once_in_the_order_checked() -> None:
    report = report_of_all(CASES)
    data = json.loads(render(report, Format.JSON))
    assert not list(_validator().iter_errors(data))
    assert [p["name"] for p in data["packs"]] == list(report.packs)
    assert len(data["packs"]) >= 2
    assert {s["pack"] for s in data["scenarios"]} == set(report.packs)
    assert data["summary"] == {
        "files": len(CASES),
        "events": sum(s.events for s in report.scenarios),
        "errors": sum(1 for f in report.findings if f.severity.value == "error"),
        "warnings": sum(1 for f in report.findings if f.severity.value == "warning"),
        "suppressed": 0,
        "problems": 0,
    }


def test_the_schema_requires_the_envelope_of_version_2() -> None:
    data = _json(CASES[0])
    for key in ("format", "version", "packs", "summary", "scenarios"):
        broken = {k: v for k, v in data.items() if k != key}
        assert not _validator().is_valid(broken), key
    assert not _validator().is_valid({**data, "version": 1})
    assert not _validator().is_valid({**data, "format": "other"})


def _written_at_once(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"


def test_the_report_written_as_read_is_the_data_written_at_once(tmp_path: Path) -> None:
    # The JSON report writes each finding as it is read; report_data builds the whole
    # documented layout at once, through the JsonReport model. They must agree to
    # the byte, with findings, suppressed findings, problems and several packs.
    ignored = tmp_path / "ignored.yaml"
    ignored.write_text(
        "name: accepted once\npack: mini\nevents:\n"
        "  - {kind: decision.made, at: 2024-03-10, body: board, topic: roadmap,"
        " subject: a closed session, public: false, present: [Alpha, Beta],"
        " ignore: [{rule: open-decisions, reason: agreed in advance}]}\n"
        "  - {kind: decision.made, at: 2024-03-11, body: board, topic: roadmap,"
        " subject: another one, public: false, present: [Alpha, Beta]}\n",
        encoding="utf-8",
    )
    report = check([MINI_SCENARIOS, BAD, ignored], str(MINI), partial=True)
    assert report.suppressed
    assert report.problems
    assert report.findings
    assert render(report, Format.JSON) == _written_at_once(report)
    suppressed = [
        i for s in json.loads(render(report, Format.JSON))["scenarios"] for i in s["suppressed"]
    ]
    assert suppressed
    assert all("why" not in item and item["reason"] for item in suppressed)
    everything = report_of_all(CASES)
    assert len(everything.packs) > 1
    assert render(everything, Format.JSON) == _written_at_once(everything)


def test_why_is_written_as_read_too_and_absent_where_not_asked_for() -> None:
    # check --why: findings with counterfactuals, a passing scenario with its
    # nearest breaks; the streamed report is still report_data's, to the byte.
    from govrules.analysis.explain_report import with_why

    examples = ROOT / "examples" / "pytorch-foundation"
    seats = examples / "board-seat-share--meta-takes-three-more-seats.yaml"
    passing = examples / "ok--board-grows-one-seat-each.yaml"
    report = with_why(check([seats, passing]))
    data = json.loads(render(report, Format.JSON))
    assert data["scenarios"][0]["findings"][0]["why"]
    assert "why" not in data["scenarios"][0]
    assert data["scenarios"][1]["why"]
    assert render(report, Format.JSON) == _written_at_once(report)
    plain = json.loads(render(report_of_all(CASES), Format.JSON))
    for scenario in plain["scenarios"]:
        assert "why" not in scenario
        assert all("why" not in finding for finding in scenario["findings"])
