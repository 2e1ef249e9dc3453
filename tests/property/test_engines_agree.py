"""engines_agree: durable-rules and the reference evaluator return the same findings.

The reference evaluator (:mod:`govrules.engines.reference`) is the
specification; these properties hold the durable engine to it on generated
scenarios for the bundled pack, and on generated rules over generated
observations. The last tests show the check has teeth: against a compiler with
one operator mistranslated, it finds a disagreement.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govrules import testing
from govrules.cli import app
from govrules.conditions import observation_paths
from govrules.engines.durable import compile_test
from govrules.rules import Rule
from govrules.scenario import Format, Scenario
from property._shared import check, pack

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").iterdir())
PACK = pack()
PARAMS = PACK.param_values
SCHEMA = observation_paths(PARAMS)


@given(testing.scenarios(PACK.initial, with_baseline=True), st.sampled_from(testing.FORMATS))
def test_engines_agree_on_generated_scenarios_for_the_bundled_pack(
    scenario: Scenario, fmt: Format
) -> None:
    durable = check(scenario, fmt, "durable")
    reference = check(scenario, fmt, "reference")
    assert durable == reference


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_engines_give_byte_identical_json_on_every_example(example: Path) -> None:
    runner = CliRunner()
    default = runner.invoke(app, ["check", str(example), "--format", "json"])
    reference = runner.invoke(
        app, ["check", str(example), "--format", "json", "--engine", "reference"]
    )
    assert default.exit_code in (0, 1)
    assert (reference.exit_code, reference.stdout) == (default.exit_code, default.stdout)


@st.composite
def rules_and_observations(draw: st.DrawFn) -> tuple[list[Rule], list[dict[str, Any]]]:
    """Observations from replaying a generated scenario, and rules that read them.

    Rules are of two sorts: conditions of any shape, and single tests (possibly
    negated) with values the observations hold, which turn on each operator's
    edge cases (``gt`` against an equal value, ``neq`` on a missing field).
    """
    scenario = draw(testing.scenarios(PACK.initial, max_events=8))
    observations = [step.observation for step in testing.replay_scenario(PACK, scenario)]
    seen = testing.observed_values(observations, PARAMS)
    whens = draw(
        st.lists(testing.conditions(PARAMS, start=PACK.initial, observed=seen), max_size=6)
    )
    single = testing.conditions(PARAMS, start=PACK.initial, observed=seen, max_leaves=1)
    whens += draw(st.lists(single, min_size=6, max_size=12, unique_by=repr))
    rules = [testing.rule_from(f"g{i}", when, PARAMS) for i, when in enumerate(whens)]
    return rules, observations


@given(rules_and_observations())
def test_engines_agree_on_generated_rules_over_replayed_observations(
    case: tuple[list[Rule], list[dict[str, Any]]],
) -> None:
    rules, observations = case
    assert testing.disagreements(rules, PARAMS, observations) == []


@st.composite
def rules_over_schema_shaped_observations(
    draw: st.DrawFn,
) -> tuple[list[Rule], list[dict[str, Any]]]:
    # Few paths, so that values at the edges meet rules that test them.
    paths = draw(st.lists(st.sampled_from(sorted(SCHEMA)), min_size=1, max_size=4))
    observed = testing.observations(PARAMS, start=PACK.initial, paths=paths)
    observations = draw(st.lists(observed, min_size=1, max_size=8))
    seen = testing.observed_values(observations, PARAMS)
    schema = {p: SCHEMA[p] for p in paths}
    whens = draw(
        st.lists(
            testing.conditions(PARAMS, start=PACK.initial, paths=schema, observed=seen),
            min_size=1,
            max_size=12,
        )
    )
    return [testing.rule_from(f"g{i}", w, PARAMS) for i, w in enumerate(whens)], observations


@given(rules_over_schema_shaped_observations())
def test_engines_agree_on_generated_rules_over_schema_shaped_observations(
    case: tuple[list[Rule], list[dict[str, Any]]],
) -> None:
    # Fields missing, lists empty, numbers and text beyond what durable-rules
    # reads (5e-06, 2**70, 65,537 characters): the stand-ins must keep meaning.
    rules, observations = case
    assert testing.disagreements(rules, PARAMS, observations) == []


# ---------------------------------------------------------------------------
# The check has teeth: each mistranslation below is found.

CompileTest = Callable[[str, str, Any, bool], dict[str, Any]]


def _mistranslate(op: str, negated: bool, wrong: Callable[[str, Any], Any]) -> CompileTest:
    def broken(path: str, this: str, value: Any, neg: bool) -> dict[str, Any]:
        if this == op and neg == negated:
            return wrong(path, value)  # type: ignore[no-any-return]
        return compile_test(path, this, value, neg)

    return broken


MISTRANSLATIONS: dict[str, CompileTest] = {
    "gt-compiled-as-gte": _mistranslate("gt", False, lambda p, v: {"$gte": {p: v}}),
    "lt-compiled-as-lte": _mistranslate("lt", False, lambda p, v: {"$lte": {p: v}}),
    "neq-without-the-missing-case": _mistranslate("neq", False, lambda p, v: {"$neq": {p: v}}),
    "not-in-without-the-missing-case": _mistranslate(
        "not_in", False, lambda p, v: {"$and": [{"$neq": {p: x}} for x in v]}
    ),
    "not-lt-without-the-missing-case": _mistranslate("lt", True, lambda p, v: {"$gte": {p: v}}),
    "eq-matching-missing": _mistranslate(
        "eq", False, lambda p, v: {"$or": [{p: v}, {"$nex": {p: 1}}]}
    ),
    "exists-false-as-exists": _mistranslate("exists", False, lambda p, v: {"$ex": {p: 1}}),
}


@pytest.mark.parametrize("name", sorted(MISTRANSLATIONS))
def test_engines_agree_check_finds_a_mistranslated_operator(name: str) -> None:
    broken = MISTRANSLATIONS[name]

    def disagree(case: tuple[list[Rule], list[dict[str, Any]]]) -> bool:
        rules, observations = case
        return bool(testing.disagreements(rules, PARAMS, observations, compile_test=broken))

    # The same generator as the property above, stopped at the first disagreement.
    rules, observations = find(
        rules_and_observations(),
        disagree,
        settings=settings(
            max_examples=1000,
            derandomize=True,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    assert testing.disagreements(rules, PARAMS, observations, compile_test=broken)
    assert testing.disagreements(rules, PARAMS, observations) == []
