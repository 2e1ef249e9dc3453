"""Regression cases: the shrunk examples of bugs found, kept as data (see ``cases.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from govrules.checker import Checker
from govrules.language.typecheck import check_param_value
from govrules.scenario import Scenario, read_scenario, render
from regressions.cases import CASES, Refused, evaluate, load, pack_named, rule_from

FILES = sorted(CASES.glob("*.yaml"))
TIME_LIMIT = 60  # seconds; the cases take well under one
ENGINES = ("durable", "reference")


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
        assert pack_named(case["pack"]).name == case["pack"], path.name
        kinds = {"scenario", "observations", "refused", "refused_params", "round_trip"}
        assert kinds & set(case), f"{path.name} holds nothing to run"


@pytest.mark.parametrize(("path", "case"), _cases("scenario"))
@pytest.mark.parametrize("engine", ENGINES)
def test_scenario_gives_exactly_the_expected_findings(
    path: Path, case: dict[str, Any], engine: str, tmp_path: Path
) -> None:
    scenario = Scenario.model_validate(case["scenario"])
    file = tmp_path / "scenario.yaml"
    file.write_text(render(scenario, "yaml"), encoding="utf-8")
    result = Checker(pack_named(case["pack"]), engine).check_file(file)
    got = [{"index": f.event.index, "rule": f.rule} for f in result.findings]
    assert got == case["findings"]


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
    path: Path, case: dict[str, Any]
) -> None:
    pack = pack_named(case["pack"])
    for refused in case["refused"]:
        with pytest.raises(Refused) as error:
            rule_from("refused", refused["when"], pack)
        assert refused["message"] in str(error.value)


@pytest.mark.parametrize(("path", "case"), _cases("refused_params"))
def test_the_loader_refuses_parameters_the_engines_cannot_both_read(
    path: Path, case: dict[str, Any]
) -> None:
    for refused in case["refused_params"]:
        problem = check_param_value(refused["value"], ("params", "p", "value"))
        assert problem is not None, refused
        assert refused["message"] in problem.message


@pytest.mark.parametrize(("path", "case"), _cases("round_trip"))
def test_scenario_reads_back_as_written(path: Path, case: dict[str, Any]) -> None:
    spec = case["round_trip"]
    scenario = Scenario.model_validate(spec["scenario"])
    with tempfile.TemporaryDirectory() as tmp:
        written = Path(tmp) / f"scenario.{spec['format']}"
        text = render(scenario, spec["format"])
        written.write_text(text, encoding="utf-8")
        again = read_scenario(written)
        assert again == scenario
        assert render(again, spec["format"]) == text


def test_rules_past_durables_test_limit_are_split_over_rulesets_not_left_hanging() -> None:
    # durable-rules loops forever looking for a free slot once one test is
    # followed by 512 others (found probing its limits: 513 rules of one test
    # each hung `set_rulesets`). The engine splits the rules over as many
    # rulesets as it takes: 513 and 1,000 rules compile and agree with the
    # reference on every value; one rule past the limit is refused by name.
    program = """
from regressions.cases import pack_named, rule_from
from govrules.engines.durable import DurableEngine
from govrules.engines.reference import ReferenceEngine
from govrules.errors import EngineError
pack = pack_named("mini")
for count in (513, 1000):
    rules = [rule_from(f"r{i}", {"path": "event.seats", "eq": i % 600}, pack) for i in range(count)]
    engine = DurableEngine(rules, pack.param_values)
    observations = [
        {"event": {"kind": "member.joined", "seats": n}, "params": {}}
        for n in range(601)
    ]
    with engine.session() as d, ReferenceEngine(rules, pack.param_values).session() as r:
        assert d.evaluate_many(observations) == r.evaluate_many(observations)
    print(count, "rules over", len(engine.handles), "rulesets agree")
huge = {"any": [{"path": "event.seats", "eq": i} for i in range(600)]}
try:
    DurableEngine([rule_from("huge", huge, pack)], pack.param_values)
except EngineError as exc:
    print(exc)
"""
    run = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
        cwd=CASES.parents[1],
    )
    assert run.returncode == 0, run.stderr
    assert "513 rules over 3 rulesets agree" in run.stdout
    assert "1000 rules over 4 rulesets agree" in run.stdout
    assert "rule `huge` holds 601 tests once compiled" in run.stdout
    assert "--engine compiled" in run.stdout
