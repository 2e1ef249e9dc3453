"""Per-rule oracles: each rule fires exactly when a reckoning made here says so.

The oracles read the events, the pack's facts and its parameters, never the
rule files or the engine's state: board seats are counted here from the
founding membership fact and the events, shares are exact fractions. Each
property checks both engines; each oracle is also shown to predict both
verdicts on the scenarios its property draws (a property that never sees its
rule fire, or never sees it stay silent, proves little).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from govrules import testing
from govrules.model import events as ev
from govrules.model.facts import Membership
from govrules.scenario import Scenario
from property._shared import check, pack

NAME = "pytorch-foundation"
PACK = pack(NAME)
PARAM = {name: p.written for name, p in PACK.params.items()}
MAX_SHARE = Fraction(str(PARAM["max_seat_share"]))
MIN_ORGANISATIONS = int(PARAM["min_organisations"])
FOUNDING_SIZE = int(PARAM["founding_board_size"])
MIN_DECIDERS = int(PARAM["min_decision_organisations"])
INVESTOR = str(PARAM["continuing_investor"])
# The transition rules are in force from the date of the fact they rest on.
IN_FORCE = PACK.facts["transition-changes-nothing"].as_of
ENGINES = st.sampled_from(["durable", "compiled", "reference"])
BOARD_KINDS = ("member.joined", "member.left", "member.seats_changed")
Seats = dict[str, int]


def founding_seats() -> Seats:
    seats: Seats = {}
    for fact in PACK.facts.values():
        if isinstance(fact, Membership) and fact.body == "board":
            seats |= {m.name: m.seats for m in fact.members}
    return seats


@dataclass(frozen=True)
class Oracle:
    rules: tuple[str, ...]
    kinds: tuple[str, ...]
    predict: Callable[[Any, Seats], set[str]]  # the rules that should fire on an event


def grouped(seats: Seats, parents: dict[str, str]) -> Seats:
    """Seats per group: an organisation counts with its parent's parent's ... group."""
    out: Seats = {}
    for name, n in seats.items():
        group, hops = name, 0
        while group in parents and hops < 16:
            group, hops = parents[group], hops + 1
        out[group] = out.get(group, 0) + n
    return out


def expected(scenario: Scenario, oracle: Oracle) -> set[tuple[int, str]]:
    """(event index, rule id) for every finding the oracle predicts."""
    seats = founding_seats()
    parents: dict[str, str] = {}
    out: set[tuple[int, str]] = set()
    for index, e in enumerate(scenario.events):
        # An affiliation given on joining any body is the member's, on every body.
        if isinstance(e, ev.MemberJoined) and e.affiliation:
            parents[e.member] = e.affiliation
        if getattr(e, "body", None) == "board":
            if isinstance(e, ev.MemberJoined):
                seats[e.member] = e.seats
            elif isinstance(e, ev.MemberLeft):
                del seats[e.member]
            elif isinstance(e, ev.SeatsChanged):
                seats[e.member] = e.seats
        out |= {(index, rule) for rule in oracle.predict(e, grouped(seats, parents))}
    return out


def found(scenario: Scenario, engine: str, rules: Iterable[str]) -> set[tuple[int, str]]:
    wanted = set(rules)
    return {
        (f.event.index, f.rule)
        for f in check(NAME, scenario, "yaml", engine).findings
        if f.rule in wanted
    }


def board(e: Any, seats: Seats) -> set[str]:
    if not (isinstance(e, ev.MemberJoined | ev.MemberLeft | ev.SeatsChanged) and e.body == "board"):
        return set()
    total = sum(seats.values())
    largest = max(seats.values(), default=0)
    out = set()
    if total and Fraction(largest, total) > MAX_SHARE:
        out.add("board-seat-share")
    if sum(1 for n in seats.values() if n > 0) < MIN_ORGANISATIONS:
        out.add("board-diverse-organisations")
    if not isinstance(e, ev.MemberJoined) and total < FOUNDING_SIZE:
        out.add("board-not-below-founding-size")
    return out


def decisions(e: Any, _: Seats) -> set[str]:
    if not (isinstance(e, ev.DecisionMade) and e.body == "board"):
        return set()
    out = set()
    if not e.public:
        out.add("board-decisions-public")
    if e.published is None:
        out.add("board-decisions-minuted")
    if e.present and len(set(e.present)) < MIN_DECIDERS:
        out.add("board-decisions-diverse")
    return out


def transition(e: Any, _: Seats) -> set[str]:
    areas = {
        "code": "transition-keeps-code",
        "core_project": "transition-keeps-core-project",
        "operating_model": "transition-keeps-operating-model",
    }
    if e.at < IN_FORCE:
        return set()
    if isinstance(e, ev.TransitionCompleted):
        return {areas[a] for a in e.changes}
    if isinstance(e, ev.ProjectChanged) and e.caused_by_transition:
        return {areas[e.area]}
    return set()


def foundation(e: Any, _: Seats) -> set[str]:
    out = set()
    if isinstance(e, ev.ParentChanged) and not e.nonprofit:
        out.add("foundation-nonprofit-parent")
    if isinstance(e, ev.LicenceChanged) and not e.open_source:
        out.add("licence-open-source")
    if isinstance(e, ev.PledgeChanged) and e.organisation == INVESTOR:
        if e.pledge == "investment" and e.level == "withdrawn":
            out.add("meta-keeps-investing")
        if e.pledge == "primary-framework" and e.level == "dropped":
            out.add("meta-primary-framework")
    return out


ORACLES = {
    "board": Oracle(
        ("board-seat-share", "board-diverse-organisations", "board-not-below-founding-size"),
        BOARD_KINDS,
        board,
    ),
    "decisions": Oracle(
        ("board-decisions-public", "board-decisions-minuted", "board-decisions-diverse"),
        ("decision.made",),
        decisions,
    ),
    "transition": Oracle(
        (
            "transition-keeps-code",
            "transition-keeps-core-project",
            "transition-keeps-operating-model",
        ),
        ("transition.completed", "project.changed"),
        transition,
    ),
    "foundation": Oracle(
        (
            "foundation-nonprofit-parent",
            "licence-open-source",
            "meta-keeps-investing",
            "meta-primary-framework",
        ),
        ("parent.changed", "licence.changed", "pledge.changed"),
        foundation,
    ),
}


def scenarios_for(oracle: Oracle) -> st.SearchStrategy[Scenario]:
    return testing.scenarios(
        PACK, kinds=oracle.kinds, min_events=1, max_events=8, with_baseline_=False
    )


@pytest.mark.parametrize("name", sorted(ORACLES))
@given(data=st.data(), engine=ENGINES)
def test_each_rule_fires_exactly_when_its_oracle_says(
    name: str, data: st.DataObject, engine: str
) -> None:
    oracle = ORACLES[name]
    scenario = data.draw(scenarios_for(oracle))
    assert found(scenario, engine, oracle.rules) == expected(scenario, oracle)


@pytest.mark.parametrize(
    ("name", "rule"), [(n, r) for n, o in sorted(ORACLES.items()) for r in o.rules]
)
def test_each_oracle_sees_its_rule_both_fire_and_stay_silent(name: str, rule: str) -> None:
    oracle = ORACLES[name]
    search = settings(
        max_examples=2000,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )

    def fires(scenario: Scenario) -> bool:
        return any(r == rule for _, r in expected(scenario, oracle))

    def silent_where_it_could(scenario: Scenario) -> bool:
        # An event of the kinds the rule is about, on which the oracle predicts silence.
        return any(e.kind in oracle.kinds for e in scenario.events) and not fires(scenario)

    # find raises when no scenario of the property's generator gives the verdict.
    firing = find(scenarios_for(oracle), fires, settings=search)
    silent = find(scenarios_for(oracle), silent_where_it_could, settings=search)
    assert any(r == rule for _, r in expected(firing, oracle))
    assert not any(r == rule for _, r in expected(silent, oracle))
    # The property holds on both, on every engine: the rule fires where the oracle
    # says, and stays silent where it says so.
    for engine in ("durable", "compiled", "reference"):
        assert found(firing, engine, oracle.rules) == expected(firing, oracle)
        assert found(silent, engine, oracle.rules) == expected(silent, oracle)


def test_the_oracles_cover_every_rule_of_the_pack() -> None:
    covered = {r for o in ORACLES.values() for r in o.rules}
    assert covered == {r.id for r in PACK.rules}
