"""State invariants under random replay, for every bundled pack.

A ``RuleBasedStateMachine`` applies random possible events and tries
impossible ones (a member leaving a body they do not sit on, joining one twice,
ballots naming a non-member: refused, nothing changed). After every step: seat
counts are positive, each body's members equal a model the test keeps, the
derived figures equal a recount, and ``apply`` changed nothing it was given.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from govrules import testing
from govrules.model import events as ev
from govrules.model.state import State, group_of
from govrules.replay import ReplayError, apply
from property._shared import PACKS, pack


class Replay(RuleBasedStateMachine):
    name = PACKS[0]

    @initialize()
    def start(self) -> None:
        self.state: State = pack(self.name).initial
        self.when = testing.events.first_date(self.state)
        self.model: dict[str, dict[str, int]] = {
            b: {m: s.seats for m, s in body.members.items()}
            for b, body in self.state.bodies.items()
        }

    @rule(data=st.data())
    def a_possible_event(self, data: st.DataObject) -> None:
        event = data.draw(testing.next_event(self.state, self.when))
        before = copy.deepcopy(self.state.view)
        after = apply(self.state, event)
        assert self.state.view == before, "apply changed the state it was given"
        self.state, self.when = after, event.at
        body = getattr(event, "body", None)
        if isinstance(event, ev.MemberJoined | ev.MemberAppointed | ev.SeatsChanged):
            self.model[event.body][event.member] = event.seats
        elif isinstance(event, ev.MemberLeft):
            del self.model[event.body][event.member]
        elif isinstance(event, ev.ElectionHeld):
            for name in event.replaces:
                del self.model[event.body][name]
            for name in event.seated:
                self.model[event.body][name] = 1
        assert body is None or body in self.state.bodies

    @rule(data=st.data())
    def an_impossible_event(self, data: st.DataObject) -> None:
        bodies = sorted(self.state.bodies)
        if not bodies:
            return
        body = data.draw(st.sampled_from(bodies))
        outsider = "\u2400 nobody"
        at = self.when.isoformat()
        candidates: list[dict[str, Any]] = [
            {"kind": "member.left", "at": at, "body": body, "member": outsider},
            {
                "kind": "member.seats_changed",
                "at": at,
                "body": body,
                "member": outsider,
                "seats": 2,
            },
        ]
        members = sorted(self.state.bodies[body].members)
        if members:
            candidates.append(
                {"kind": "member.joined", "at": at, "body": body, "member": members[0]}
            )
        topics = self.state.declarations.topics
        if topics:
            candidates.append(
                {
                    "kind": "decision.made",
                    "at": at,
                    "body": body,
                    "topic": topics[0],
                    "public": True,
                    "ballots": {outsider: "yes"},
                }
            )
        raw = data.draw(st.sampled_from(candidates))
        event = ev.EVENT_ADAPTER.validate_python(raw)
        before = copy.deepcopy(self.state.view)
        with pytest.raises(ReplayError):
            apply(self.state, event)
        assert self.state.view == before

    @invariant()
    def bodies_match_the_model_and_a_recount(self) -> None:
        for body_id, body in self.state.bodies.items():
            assert {m: s.seats for m, s in body.members.items()} == self.model[body_id]
            assert all(s.seats > 0 for s in body.members.values())
            view = self.state.view["bodies"][body_id]
            groups: dict[str, int] = {}
            for member, seat in body.members.items():
                group = group_of(member, self.state.affiliations)
                groups[group] = groups.get(group, 0) + seat.seats
            total = sum(groups.values())
            largest = max(groups.values(), default=0)
            assert view["size"] == len(body.members)
            assert view["seats"] == total
            assert view["by_affiliation"] == groups
            assert view["largest"]["count"] == largest
            assert Fraction(view["largest"]["share"]).limit_denominator(10**6) == (
                Fraction(largest, total) if total else 0
            )
            assert view["largest"]["holders"] == sorted(
                g for g, n in groups.items() if n == largest and n
            )

    @invariant()
    def the_view_is_what_a_fresh_state_computes(self) -> None:
        fields = {
            f: getattr(self.state, f) for f in self.state.__dataclass_fields__ if f != "_view"
        }
        assert State(**fields).view == self.state.view


def _machine(name: str) -> type[RuleBasedStateMachine]:
    return type(f"Replay_{name.replace('-', '_')}", (Replay,), {"name": name})


for _name in PACKS:
    _cls = _machine(_name)
    globals()[f"test_state_invariants_{_name.replace('-', '_')}"] = _cls.TestCase


def test_a_member_joining_with_an_affiliation_regroups_those_affiliated_with_them() -> None:
    """Found by the machine: a name that is someone's affiliation joins another body with
    an affiliation of its own; the first person's group changes on every body they sit on."""
    state = pack("python-steering-council").initial
    seated = sorted(state.bodies["steering-council"].members)[0]
    for member, affiliation in ((seated, "Lab"), ("Lab", "Group")):
        data = {"kind": "member.joined", "at": "2030-01-01", "body": "core-team"}
        event = ev.EVENT_ADAPTER.validate_python(
            {**data, "member": member, "affiliation": affiliation}
        )
        state = apply(state, event)
        assert state.view  # computed now, so the next state's view is derived from it
    fresh = State(**{f: getattr(state, f) for f in state.__dataclass_fields__ if f != "_view"})
    assert state.view == fresh.view
    assert state.view["bodies"]["steering-council"]["by_affiliation"]["Group"] == 1
