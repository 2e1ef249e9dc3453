"""replay_is_pure: replaying a scenario depends on nothing but the scenario and the pack.

Replaying twice, or after another scenario in the same process (through the
same long-lived checkers and engine sessions), gives the same states and the
same findings; replay never changes the states it is given, and a pack's
initial state never changes.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govrules import testing
from govrules.checker import Checker
from govrules.replay import apply
from govrules.scenario import Format, Scenario
from property._shared import PACKS, check, pack

ENGINES = st.sampled_from(["durable", "reference"])
INITIAL = {name: copy.deepcopy(pack(name).initial.view) for name in PACKS}


def states(name: str, scenario: Scenario) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (copy.deepcopy(s.before.view), copy.deepcopy(s.after.view))
        for s in testing.replay_scenario(pack(name), scenario)
    ]


@st.composite
def two_scenarios(draw: st.DrawFn) -> tuple[str, Scenario, Scenario]:
    name = draw(st.sampled_from(PACKS))
    return name, draw(testing.scenarios(pack(name))), draw(testing.scenarios(pack(name)))


@given(two_scenarios(), st.sampled_from(testing.FORMATS), ENGINES)
def test_replay_is_pure_replaying_twice_gives_the_same_states_and_findings(
    case: tuple[str, Scenario, Scenario], fmt: Format, engine: str
) -> None:
    name, scenario, _ = case
    assert states(name, scenario) == states(name, scenario)
    assert check(name, scenario, fmt, engine) == check(name, scenario, fmt, engine)


@given(two_scenarios(), st.sampled_from(testing.FORMATS), ENGINES)
def test_replay_is_pure_an_unrelated_scenario_in_between_changes_nothing(
    case: tuple[str, Scenario, Scenario], fmt: Format, engine: str
) -> None:
    name, scenario, unrelated = case
    first_states, first = states(name, scenario), check(name, scenario, fmt, engine)
    states(name, unrelated)
    check(name, unrelated, fmt, engine)
    assert states(name, scenario) == first_states
    assert check(name, scenario, fmt, engine) == first
    # Nor has anything leaked into the pack's starting state.
    assert pack(name).initial.view == INITIAL[name]


@given(two_scenarios(), ENGINES)
def test_replay_is_pure_a_long_lived_checker_agrees_with_a_fresh_one(
    case: tuple[str, Scenario, Scenario], engine: str
) -> None:
    name, scenario, unrelated = case
    # The shared checker has seen every scenario of the run so far.
    check(name, unrelated, "yaml", engine)
    fresh = Checker(pack(name), engine)
    assert testing.findings_of(fresh, scenario) == check(name, scenario, "yaml", engine).findings


@given(two_scenarios())
def test_replay_is_pure_apply_changes_nothing_it_is_given(
    case: tuple[str, Scenario, Scenario],
) -> None:
    name, scenario, _ = case
    start = pack(name).initial
    state = start
    for event in scenario.events if scenario.baseline is None else ():
        view = copy.deepcopy(state.view)
        frozen = (
            dict(state.bodies),
            dict(state.affiliations),
            dict(state.projects),
            dict(state.pending),
        )
        after = apply(state, event)
        assert state.view == view
        assert (
            dict(state.bodies),
            dict(state.affiliations),
            dict(state.projects),
            dict(state.pending),
        ) == frozen
        # The view a state shares with the next is recomputed the same from scratch.
        rebuilt = type(after)(
            **{f: getattr(after, f) for f in after.__dataclass_fields__ if f != "_view"}
        )
        assert rebuilt.view == after.view
        state = after
