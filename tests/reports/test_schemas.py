"""The JSON report matches its documented schema; scenario files match theirs.

Both schemas are generated from the pydantic models and committed under docs/
(``tests/cli/test_cli_commands.py`` checks the committed copies are current).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from govrules.documents import load_document
from govrules.reports.json import render_json
from govrules.reports.schema import scenario_schema
from reports.cases import CASES, ROOT, Case, report_of

DOCS = ROOT / "docs"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((DOCS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_json_report_matches_its_schema(case: Case) -> None:
    data = json.loads(render_json(report_of(case)))
    errors = list(_validator("report.schema.json").iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]


def test_report_schema_requires_the_envelope() -> None:
    validator = _validator("report.schema.json")
    data = json.loads(render_json(report_of(CASES[0])))
    for key in ("format", "version", "pack", "summary", "scenarios"):
        broken = {k: v for k, v in data.items() if k != key}
        assert not validator.is_valid(broken), key
    assert not validator.is_valid(data | {"version": 2})


DOCUMENT_CASES = [c for c in CASES if c.path.suffix.lower() != ".jsonl"]


@pytest.mark.parametrize("case", DOCUMENT_CASES, ids=str)
def test_scenario_files_match_the_scenario_schema(case: Case) -> None:
    data = load_document(case.path).data
    errors = list(_validator("scenario.schema.json").iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]


def _scenario(**changes: Any) -> dict[str, Any]:
    event = {"kind": "board.seat_gained", "at": "2024-03-01", "organisation": "Alpha"}
    return {"name": "x", "events": [event | changes]}


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        (_scenario(), True),
        ({"events": []}, True),  # govrules names a scenario after its file
        (_scenario(kind="board.seat_gaind"), False),
        (_scenario(sets=2), False),
        (_scenario(seats=0), False),
        (_scenario(at="1 March 2024"), False),
        ({"name": "x", "events": [{"kind": "decision", "at": "2024-03-01"}]}, False),
        ({"name": "x", "events": [], "extra": 1}, False),
        ({"name": "x"}, False),
    ],
    ids=[
        "valid",
        "no-name",
        "unknown-kind",
        "unknown-field",
        "too-few-seats",
        "not-a-date",
        "missing-fields",
        "unknown-top-level-key",
        "no-events",
    ],
)
def test_the_scenario_schema_agrees_with_govrules(data: dict[str, Any], valid: bool) -> None:
    from jsonschema import FormatChecker

    schema = json.loads((DOCS / "scenario.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert validator.is_valid(data) is valid


def test_every_event_kind_is_in_the_schema() -> None:
    from govrules.events import EVENT_KINDS

    schema = scenario_schema()
    mapping = schema["properties"]["events"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == set(EVENT_KINDS)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "govrules scenario"


def test_the_scenario_schema_is_json() -> None:
    from govrules.reports.schema import render_schema

    text = render_schema("scenario")
    assert text.endswith("}\n")
    assert json.loads(text) == scenario_schema()
