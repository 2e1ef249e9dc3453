"""Golden cases: every bundled rule, breaking and passing at its boundary, on both engines.

The cases are data: ``tests/golden/cases/<pack>/*.yaml``. Each file names its
pack and the rules it is about; each case starts from the pack's initial state
(or the case's baseline), replays its events and lists every finding
expected, as ``"<event index>:<rule id>"``, in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _support import BUNDLED, ENGINES, bundled_pack, checker
from govrules.documents import load_document

CASES_DIR = Path(__file__).parent / "cases"
FILES = sorted(CASES_DIR.glob("*/*.yaml"))


def _load() -> list[Any]:
    out = []
    for path in FILES:
        data = load_document(path).data
        assert data["pack"] == path.parent.name, f"{path} names another pack than its folder"
        for case in data["cases"]:
            name = f"{path.parent.name}/{path.stem}: {case['description']}"
            out.append(pytest.param(data["pack"], case, id=name))
    return out


@pytest.mark.parametrize(("pack", "case"), _load())
@pytest.mark.parametrize("engine", ENGINES)
def test_golden_case(pack: str, case: dict[str, Any], engine: str, tmp_path: Path) -> None:
    scenario: dict[str, Any] = {"name": case["description"], "pack": pack, "events": case["events"]}
    if "baseline" in case:
        scenario["baseline"] = case["baseline"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    result = checker(pack, engine).check_file(path)
    assert [f"{f.event.index}:{f.rule}" for f in result.findings] == case["expected"]


@pytest.mark.parametrize("pack", BUNDLED)
def test_every_rule_has_a_breaking_and_a_passing_case(pack: str) -> None:
    files = sorted((CASES_DIR / pack).glob("*.yaml"))
    if not files:
        pytest.skip(f"no golden cases for pack `{pack}` yet (tests/golden/cases/{pack}/)")
    breaking: set[str] = set()
    passing: set[str] = set()
    for path in files:
        data = load_document(path).data
        for case in data["cases"]:
            fired = {item.split(":", 1)[1] for item in case["expected"]}
            breaking |= fired
            passing |= set(data["rules"]) - fired
    rule_ids = {rule.id for rule in bundled_pack(pack).rules}
    assert rule_ids - breaking == set(), "rules with no breaking golden case"
    assert rule_ids - passing == set(), "rules with no passing golden case"
    assert (breaking | passing) - rule_ids == set(), "cases about rules the pack does not have"


def test_every_folder_of_cases_is_a_bundled_pack() -> None:
    assert {p.parent.name for p in FILES} <= set(BUNDLED)
