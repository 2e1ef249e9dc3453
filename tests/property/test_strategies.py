"""The strategies themselves: they reach every event kind, and what they promise holds.

Properties are only as good as what they generate: these tests show the
scenarios replay and keep date order, every event kind is drawn (across the
bundled and generated packs), generated conditions pass the loader, and files
said to be certainly bad are refused.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from govrules import testing
from govrules.checker import Checker
from govrules.errors import InputError
from govrules.model.events import EVENT_KINDS
from govrules.pack import Pack
from govrules.scenario import Scenario
from property._shared import PACKS, pack

SEARCH = settings(
    max_examples=3000,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@given(st.sampled_from(PACKS), st.data())
def test_generated_scenarios_replay_in_date_order(name: str, data: st.DataObject) -> None:
    scenario = data.draw(testing.scenarios(pack(name)))
    dates = [e.at for e in scenario.events]
    assert dates == sorted(dates)
    steps = testing.replay_scenario(pack(name), scenario)
    assert len(steps) == len(scenario.events)


def test_every_event_kind_is_generated() -> None:
    seen: set[str] = set()

    @st.composite
    def any_scenario(draw: st.DrawFn) -> Scenario:
        chosen: Pack = draw(st.one_of(st.sampled_from(PACKS).map(pack), testing.packs(max_rules=1)))
        return draw(testing.scenarios(chosen, min_events=4, max_events=12))

    def collects(scenario: Scenario) -> bool:
        seen.update(e.kind for e in scenario.events)
        return seen >= set(EVENT_KINDS)

    find(any_scenario(), collects, settings=SEARCH)
    assert seen == set(EVENT_KINDS)


@given(st.sampled_from(PACKS), st.data())
def test_generated_conditions_pass_the_loaders_checks(name: str, data: st.DataObject) -> None:
    chosen = pack(name)
    when = data.draw(testing.conditions(chosen.schema, chosen.param_values))
    rule = testing.rule_from("g0", when, chosen.schema, chosen.param_values)  # raises if refused
    assert rule.condition == rule.when


@given(st.sampled_from(PACKS), st.data())
def test_files_said_to_be_certainly_bad_are_refused(name: str, data: st.DataObject) -> None:
    bad = data.draw(testing.malformed_files(pack(name)).filter(lambda b: b.certain))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / bad.name
        path.write_bytes(bad.content)
        with pytest.raises(InputError) as refused:
            Checker(pack(name), "reference").check([path])
    assert refused.value.problems
    assert all(p.file == str(path) for p in refused.value.problems)
