"""Golden cases: every rule, breaking and passing at its boundary, on both engines.

The cases are data (tests/golden/cases/*.yaml). Each starts from the pack's
initial state, or the case's baseline, replays its events and lists every
finding expected as ``"<event index>:<rule id>"``, in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govrules.check import Checker
from govrules.documents import load_document
from govrules.pack import Pack

CASES_DIR = Path(__file__).parent / "cases"
ENGINES = ("durable", "reference")


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = load_document(path).data
        for case in data["cases"]:
            out.append((f"{path.stem}: {case['description']}", case))
    return out


CASES = _load_cases()


@pytest.fixture(scope="module", params=ENGINES)
def checker(request: pytest.FixtureRequest, pack: Pack) -> Checker:
    return Checker(pack, request.param)


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_golden_case(name: str, case: dict[str, Any], checker: Checker, tmp_path: Path) -> None:
    scenario = {"name": name, "events": case["events"]}
    if "baseline" in case:
        scenario["baseline"] = case["baseline"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    result = checker.check_file(path)
    found = [f"{f.event.index}:{f.rule}" for f in result.findings]
    assert found == case["expected"]


def test_every_rule_has_a_breaking_and_a_passing_case(pack: Pack) -> None:
    breaking: set[str] = set()
    passing: set[str] = set()
    for path in CASES_DIR.glob("*.yaml"):
        data = load_document(path).data
        for case in data["cases"]:
            fired = {item.split(":", 1)[1] for item in case["expected"]}
            breaking |= fired
            passing |= set(data["rules"]) - fired
    rule_ids = {rule.id for rule in pack.rules}
    assert rule_ids - breaking == set(), "rules with no breaking golden case"
    assert rule_ids - passing == set(), "rules with no passing golden case"
