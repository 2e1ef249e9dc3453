"""replay_is_pure: replaying a scenario depends on nothing but the scenario and the pack.

Replaying twice, or after another scenario in the same process (through the
same long-lived checkers and engine sessions), gives the same states and the
same findings; replay never changes the states it is given.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govrules import testing
from govrules.check import Checker
from govrules.scenario import Format, Scenario
from property._shared import check, pack

PACK = pack()
INITIAL = copy.deepcopy(PACK.initial.as_dict)
SCENARIOS = testing.scenarios(PACK.initial, with_baseline=True)
ENGINES = st.sampled_from(["durable", "reference"])


def states(scenario: Scenario) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (copy.deepcopy(s.before.as_dict), copy.deepcopy(s.after.as_dict))
        for s in testing.replay_scenario(PACK, scenario)
    ]


@given(SCENARIOS, st.sampled_from(testing.FORMATS), ENGINES)
def test_replay_is_pure_replaying_twice_gives_the_same_states_and_findings(
    scenario: Scenario, fmt: Format, engine: str
) -> None:
    assert states(scenario) == states(scenario)
    assert check(scenario, fmt, engine) == check(scenario, fmt, engine)


@given(SCENARIOS, SCENARIOS, st.sampled_from(testing.FORMATS), ENGINES)
def test_replay_is_pure_an_unrelated_scenario_in_between_changes_nothing(
    scenario: Scenario, unrelated: Scenario, fmt: Format, engine: str
) -> None:
    first_states, first = states(scenario), check(scenario, fmt, engine)
    states(unrelated)
    check(unrelated, fmt, engine)
    assert states(scenario) == first_states
    assert check(scenario, fmt, engine) == first
    # Nor has anything leaked into the pack's starting state.
    assert PACK.initial.as_dict == INITIAL


@given(SCENARIOS, SCENARIOS, ENGINES)
def test_replay_is_pure_a_long_lived_checker_agrees_with_a_fresh_one(
    scenario: Scenario, unrelated: Scenario, engine: str
) -> None:
    # The shared checker has seen every scenario of the run so far.
    check(unrelated, "yaml", engine)
    fresh = Checker(PACK, engine)
    assert testing.findings_of(fresh, scenario) == check(scenario, "yaml", engine).findings
