"""``explore``: on the bundled packs and the tests' own, what it finds and how it stops."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from _support import BUNDLED, TESTS, bundled_pack
from govrules.analysis.explore import Exploration, RuleResult, explore
from govrules.analysis.search import Search
from govrules.analysis.symmetry import state_key
from govrules.checker import Checker
from govrules.errors import InputError
from govrules.model.state import Seat
from govrules.pack import Pack, load_pack
from govrules.reports.explore import render_explore, scenario_file

QUESTIONS = TESTS / "cli" / "fixtures" / "questions"


@cache
def explored(name: str) -> Exploration:
    """Each bundled pack explored three events deep, once for the run."""
    return explore(bundled_pack(name), depth=3)


@cache
def questions() -> Pack:
    return load_pack(str(QUESTIONS))


@pytest.mark.parametrize("name", BUNDLED)
def test_every_rule_its_own_example_breaks_within_three_events_is_broken(name: str) -> None:
    # A rule's documented example breaks it from the initial state (validate checks
    # that), so a rule whose example has at most three events can be broken within
    # three: explore must find a break, and one no longer than the example.
    exploration = explored(name)
    assert exploration.complete
    for result in exploration.results:
        example = bundled_pack(name).rule(result.rule).docs.example.events
        if len(example) <= 3:
            assert result.status == "broken", result.rule
            assert result.events is not None
            assert len(result.events) <= len(example), result.rule
        else:
            assert result.status in ("broken", "not-broken"), result.rule


@pytest.mark.parametrize("name", BUNDLED)
def test_every_counterexample_is_confirmed_by_check(name: str, tmp_path: Path) -> None:
    exploration = explored(name)
    checker = Checker(bundled_pack(name))
    broken = [r for r in exploration.results if r.events is not None]
    assert broken
    for result in broken:
        path = tmp_path / f"{result.rule}--explored.yaml"
        path.write_text(scenario_file(exploration, result), encoding="utf-8")
        findings = checker.check_file(path).findings
        last = len(result.events or ()) - 1
        assert any(f.rule == result.rule and f.event.index == last for f in findings), result.rule
        # The break is a shortest one: the rule breaks on no earlier event.
        assert not any(f.rule == result.rule and f.event.index < last for f in findings)


def test_a_dead_rule_is_reported_not_broken_with_the_bound() -> None:
    exploration = explore(questions(), rules=["board-below-nothing"], depth=3)
    (result,) = exploration.results
    assert result.status == "not-broken"
    assert result.depth == 3
    assert result.states > 1
    text = render_explore(exploration, "text")
    assert f"not broken up to depth 3 ({result.states} states explored)" in text


def test_unknown_rules_and_bounds_out_of_range_are_refused() -> None:
    with pytest.raises(InputError, match="did you mean `board-of-four`"):
        explore(questions(), rules=["board-of-for"])
    for bad in ({"depth": 0}, {"depth": 9}, {"time_limit": 0.0}, {"time_limit": -1.0}):
        with pytest.raises(InputError, match="out of range"):
            explore(questions(), **bad)


def test_a_search_stopped_by_its_time_limit_never_says_a_rule_is_safe() -> None:
    exploration = explore(questions(), depth=3, time_limit=1e-9)
    assert not exploration.complete
    assert {r.status for r in exploration.results} == {"cut-short"}
    text = render_explore(exploration, "text")
    assert "not broken up to" not in text
    assert "time limit stopped the search" in text


def test_a_search_past_its_bound_of_states_stops_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Memory stays bounded whatever the depth: a search that keeps more states
    # than the bound builds no deeper level, and the rule is not called safe.
    from govrules.analysis import search

    monkeypatch.setattr(search, "MAX_STATES", 20)
    pack = bundled_pack("kubernetes-steering")
    exploration = explore(pack, rules=["lifetime-term-limit"], depth=5)
    (result,) = exploration.results
    assert result.status == "cut-short"
    assert result.cut_by == "the bound of 20 states"
    assert result.depth < 5
    assert result.states > 20
    text = render_explore(exploration, "text")
    assert "not broken up to" not in text
    assert f"the bound of 20 states stopped the search after depth {result.depth}" in text
    assert "1 cut short by the bound of 20 states" in text


def test_an_interrupted_search_reports_what_it_found() -> None:
    seen: list[RuleResult] = []

    def interrupt(result: RuleResult) -> None:
        seen.append(result)
        if len(seen) == 2:
            raise KeyboardInterrupt

    exploration = explore(questions(), depth=2, progress=interrupt)
    assert exploration.interrupted
    statuses = [r.status for r in exploration.results]
    assert statuses[:2] == [r.status for r in seen]
    assert set(statuses[2:]) == {"interrupted"}


def test_processes_find_what_one_process_finds() -> None:
    one = explore(questions(), depth=2)
    two = explore(questions(), depth=2, jobs=2)
    assert [(r.rule, r.status, r.events) for r in two.results] == [
        (r.rule, r.status, r.events) for r in one.results
    ]


def test_states_that_differ_by_a_renaming_of_unnamed_members_share_a_key() -> None:
    pack = bundled_pack(BUNDLED[0])
    rule = next(r for r in pack.rules if "after.bodies." in str(r.condition))
    search = Search(pack, rule.condition)
    body_id = next(c.partition(":")[2] for c in search.needs.components if ":" in c)
    body = pack.initial.bodies[body_id]

    def seated(*names: str) -> object:
        members = {**body.members, **{n: Seat(joined="2030-01-01") for n in names}}
        bodies = {**pack.initial.bodies, body_id: replace(body, members=members)}
        state = replace(pack.initial, bodies=bodies, _view=None)
        return state_key(state, None, search.needs.components, search.bounds.mentioned)

    assert seated("Newcomer P") == seated("Newcomer Q")
    assert seated("Newcomer P") != seated("Newcomer P", "Newcomer Q")
