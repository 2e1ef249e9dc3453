"""Dates come from facts and events, never from parameters.

A rule ``in_force_from`` a fact does not fire on events dated before that
fact's ``as_of``; the transition's date is the date of the
``transition.completed`` event that completes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from _support import BUNDLED, ENGINES, MINI, MINI_SCENARIOS, bundled_pack, checker, mini_pack
from govrules.checker import check
from govrules.engines import make_engine
from govrules.engines.reference import holds
from govrules.examples import example_events
from govrules.model.events import EVENT_ADAPTER
from govrules.pack import Pack, Rule
from govrules.replay import apply, replay

SCOPED = [
    (name, rule.id)
    for name in BUNDLED
    for rule in bundled_pack(name).rules
    if rule.in_force_from is not None
] + [("mini", rule.id) for rule in mini_pack().rules if rule.in_force_from is not None]


def _pack(name: str) -> Pack:
    return mini_pack() if name == "mini" else bundled_pack(name)


def _last_observation(pack: Pack, rule: Rule) -> dict[str, Any]:
    events = list(enumerate(example_events(rule)))
    steps = list(replay(pack.initial, events, pack.param_values))
    return steps[-1].observation


def _dated(observation: dict[str, Any], at: dt.date) -> dict[str, Any]:
    return {**observation, "event": {**observation["event"], "at": at.isoformat()}}


@pytest.mark.parametrize(("name", "rule_id"), SCOPED)
@pytest.mark.parametrize("engine", ENGINES)
def test_a_rule_does_not_fire_before_the_date_of_the_fact_it_is_in_force_from(
    name: str, rule_id: str, engine: str
) -> None:
    pack = _pack(name)
    rule = pack.rule(rule_id)
    assert rule.in_force_from is not None
    since = pack.facts[rule.in_force_from].as_of
    # The rule's own example breaks it; only the date of its last event changes.
    observation = _last_observation(pack, rule)
    assert holds(rule.when, observation)
    run = make_engine(engine, [rule], pack.param_values)
    fired_from_the_date = 0
    for days in (-3650, -1, 0, 1, 3650):
        moved = _dated(observation, since + dt.timedelta(days=days))
        with run.session() as session:
            fired = session.evaluate(moved)
        if days < 0:
            assert fired == [], f"fired {-days} day(s) before {since}"
        else:
            # From the date on, the rule says what its condition says.
            assert fired == ([rule.id] if holds(rule.when, moved) else [])
            fired_from_the_date += len(fired)
    assert fired_from_the_date, "the example breaks the rule on no date from the fact's on"


def test_scoped_rules_exist_to_test() -> None:
    assert ("mini", "transition-keeps-code") in SCOPED


@pytest.mark.parametrize("engine", ENGINES)
def test_in_a_scenario_only_the_events_on_or_after_the_date_are_findings(engine: str) -> None:
    path = MINI_SCENARIOS / "early-rewrite.json"
    result = checker("mini", engine).check_file(path)
    since = mini_pack().facts["transfer"].as_of.isoformat()
    assert [(f.event.id, f.event.at) for f in result.findings] == [("on-announcement", since)]


@pytest.mark.parametrize("name", ["mini", *BUNDLED])
@pytest.mark.parametrize("at", ["2021-03-01", "2030-06-30"])
def test_the_transition_takes_the_date_of_the_event_that_completes_it(name: str, at: str) -> None:
    pack = _pack(name)
    event = EVENT_ADAPTER.validate_python({"kind": "transition.completed", "at": at})
    after = apply(pack.initial, event).view["transition"]
    assert after["status"] == "completed"
    assert after["date"] == at
    before = pack.initial.view["transition"]
    if before is not None:
        assert before["status"] == "announced"
        assert {k: v for k, v in after.items() if k in ("from", "to")} == {
            k: v for k, v in before.items() if k in ("from", "to")
        }
    # No parameter holds the date: it is the event's.
    assert at not in {str(v) for v in pack.param_values.values()}


def test_a_message_shows_the_transition_date_of_the_event() -> None:
    report = check([MINI_SCENARIOS / "early-rewrite.json"], pack=str(MINI))
    (finding,) = report.findings
    assert finding.message.endswith("(transition completed on 2023-06-01)")
