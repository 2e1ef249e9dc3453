"""Regression cases: the shrunk examples of bugs found, kept as data (see ``cases.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from govrules import testing
from govrules.conditions import ConditionError, observation_paths, parse_condition
from govrules.pack import Pack
from govrules.scenario import Scenario, read_scenario
from regressions.cases import CASES, evaluate, load

FILES = sorted(CASES.glob("*.yaml"))
TIME_LIMIT = 60  # seconds; the cases take well under one


def _cases(key: str) -> list[Any]:
    out = []
    for path in FILES:
        case = load(path)
        if key in case:
            bug = case.get("known_bug")
            marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
            out.append(pytest.param(path, case, id=path.stem, marks=marks))
    return out


def test_every_case_says_what_found_it_and_where_it_was_fixed() -> None:
    assert FILES
    for path in FILES:
        case = load(path)
        assert case["description"], path.name
        assert case["found_by"], path.name
        assert ("fixed_in" in case) != ("known_bug" in case), path.name


@pytest.mark.parametrize(("path", "case"), _cases("scenario"))
@pytest.mark.parametrize("engine", ["durable", "reference"])
def test_scenario_gives_exactly_the_expected_findings(
    path: Path, case: dict[str, Any], engine: str, pack: Pack
) -> None:
    from govrules.check import Checker

    scenario = Scenario.model_validate(case["scenario"])
    findings = testing.findings_of(Checker(pack, engine), scenario)
    got = [{"index": f.event.index, "rule": f.rule} for f in findings]
    assert got == case["expected"]


@pytest.mark.parametrize(("path", "case"), _cases("observations"))
def test_both_engines_give_the_expected_rules_for_each_observation(
    path: Path, case: dict[str, Any]
) -> None:
    if case.get("isolate"):
        run = subprocess.run(
            [sys.executable, str(CASES.parent / "cases.py"), str(path)],
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        answers = json.loads(run.stdout)
    else:
        answers = evaluate(case)
    assert answers == {"durable": case["expected"], "reference": case["expected"]}


@pytest.mark.parametrize(("path", "case"), _cases("refused"))
def test_the_loader_refuses_values_the_engines_cannot_both_read(
    path: Path, case: dict[str, Any], pack: Pack
) -> None:
    for refused in case["refused"]:
        params = {**pack.param_values, **refused.get("params", {})}
        with pytest.raises(ConditionError) as error:
            parse_condition(refused["when"], observation_paths(params), params)
        assert refused["message"] in error.value.message


@pytest.mark.parametrize(("path", "case"), _cases("round_trip"))
def test_scenario_reads_back_as_written(path: Path, case: dict[str, Any]) -> None:
    spec = case["round_trip"]
    scenario = Scenario.model_validate(spec["scenario"])
    with tempfile.TemporaryDirectory() as tmp:
        written = testing.write_scenario(scenario, Path(tmp), spec["format"])
        assert read_scenario(written) == scenario


def test_rules_with_more_tests_than_durable_can_hold_are_refused_not_left_hanging() -> None:
    # durable-rules loops forever looking for a free slot once one test is
    # followed by 512 others (found probing its limits: 513 rules of one test
    # each hung `set_rulesets`). The engine counts tests first and refuses.
    program = """
from govrules import load_pack, testing
from govrules.engines.durable import DurableEngine
from govrules.errors import EngineError
params = load_pack().param_values
rules = [testing.rule_from(f"r{i}", {"path": "event.seats", "eq": i}, params) for i in range(513)]
try:
    DurableEngine(rules, params)
except EngineError as exc:
    print(exc)
DurableEngine(rules[:512], params)
print("512 compiled")
"""
    run = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "513 tests" in run.stdout
    assert "--engine reference" in run.stdout
    assert "512 compiled" in run.stdout
