"""engines_agree: durable-rules and the reference evaluator return the same findings.

The reference evaluator (:mod:`govrules.engines.reference`) is the
specification; these properties hold the durable engine to it on generated
scenarios for every bundled pack, on generated packs (declarations, facts,
parameters and rules drawn at random and loaded by the real loader), and on
generated rules over generated observations. The last tests show the check has
teeth: against a compiler with one operator mistranslated, it finds a
disagreement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from govrules import testing
from govrules.engines.durable import compile_test
from govrules.pack import Pack, Rule
from govrules.scenario import Format
from property._shared import PACKS, check, pack


@given(st.sampled_from(PACKS), st.sampled_from(testing.FORMATS), st.data())
def test_engines_agree_on_generated_scenarios_for_every_bundled_pack(
    name: str, fmt: Format, data: st.DataObject
) -> None:
    scenario = data.draw(testing.scenarios(pack(name)))
    assert check(name, scenario, fmt, "durable") == check(name, scenario, fmt, "reference")


@settings(max_examples=60)
@given(testing.packs(), st.data())
def test_engines_agree_on_generated_packs(generated: Pack, data: st.DataObject) -> None:
    scenario = data.draw(testing.scenarios(generated, max_events=8))
    observations = [s.observation for s in testing.replay_scenario(generated, scenario)]
    assert testing.disagreements(generated.rules, generated.param_values, observations) == []


@st.composite
def rules_and_observations(
    draw: st.DrawFn, name: str | None = None
) -> tuple[str, list[Rule], list[dict[str, Any]]]:
    """Observations from replaying a generated scenario of a bundled pack, and rules that read them.

    Rules are of two sorts: conditions of any shape, and single tests (possibly
    negated) with values the observations hold, which turn on each operator's
    edge cases (``gt`` against an equal value, ``neq`` on a missing field).
    """
    name = name or draw(st.sampled_from(PACKS))
    chosen = pack(name)
    scenario = draw(testing.scenarios(chosen, max_events=8))
    observations = [step.observation for step in testing.replay_scenario(chosen, scenario)]
    params = chosen.param_values
    seen = testing.observed_values(observations, chosen.schema)
    whens = draw(st.lists(testing.conditions(chosen.schema, params, observed=seen), max_size=6))
    single = testing.conditions(chosen.schema, params, observed=seen, max_leaves=1)
    whens += draw(st.lists(single, min_size=6, max_size=12, unique_by=repr))
    rules = [testing.rule_from(f"g{i}", w, chosen.schema, params) for i, w in enumerate(whens)]
    return name, rules, observations


@given(rules_and_observations())
def test_engines_agree_on_generated_rules_over_replayed_observations(
    case: tuple[str, list[Rule], list[dict[str, Any]]],
) -> None:
    name, rules, observations = case
    assert testing.disagreements(rules, pack(name).param_values, observations) == []


@st.composite
def rules_over_schema_shaped_observations(
    draw: st.DrawFn,
) -> tuple[str, list[Rule], list[dict[str, Any]]]:
    name = draw(st.sampled_from(PACKS))
    chosen = pack(name)
    params = chosen.param_values
    # Few paths, so that values at the edges meet rules that test them.
    paths = draw(st.lists(st.sampled_from(sorted(chosen.schema.paths)), min_size=1, max_size=4))
    observations = draw(
        st.lists(testing.observations(chosen.schema, params, paths=paths), min_size=1, max_size=8)
    )
    seen = testing.observed_values(observations, chosen.schema)
    whens = draw(
        st.lists(testing.conditions(chosen.schema, params, observed=seen), min_size=1, max_size=12)
    )
    return (
        name,
        [testing.rule_from(f"g{i}", w, chosen.schema, params) for i, w in enumerate(whens)],
        observations,
    )


@given(rules_over_schema_shaped_observations())
def test_engines_agree_on_generated_rules_over_schema_shaped_observations(
    case: tuple[str, list[Rule], list[dict[str, Any]]],
) -> None:
    # Fields missing, lists empty, numbers and text beyond what durable-rules
    # reads (5e-06, 2**70, 65,545 characters): the stand-ins must keep meaning.
    name, rules, observations = case
    assert testing.disagreements(rules, pack(name).param_values, observations) == []


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


# The found example holds whole observations (every body of the state): its repr is
# large, which hypothesis warns about; the size is expected here.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.parametrize("name", sorted(MISTRANSLATIONS))
def test_engines_agree_check_finds_a_mistranslated_operator(name: str) -> None:
    broken = MISTRANSLATIONS[name]

    params = pack(PACKS[0]).param_values

    def disagree(case: tuple[str, list[Rule], list[dict[str, Any]]]) -> bool:
        _, rules, observations = case
        return bool(testing.disagreements(rules, params, observations, compile_test=broken))

    # The same generator as the property above, stopped at the first disagreement.
    _, rules, observations = find(
        rules_and_observations(PACKS[0]),
        disagree,
        settings=settings(
            max_examples=1000,
            derandomize=True,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    assert testing.disagreements(rules, params, observations, compile_test=broken)
    assert testing.disagreements(rules, params, observations) == []
