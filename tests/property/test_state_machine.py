"""The replay state under random events: a hypothesis state machine.

Each step applies an event that can happen (or tries one that cannot, which
must be refused and change nothing); after each step the invariants hold:
seat counts are never negative (a member without seats leaves the board), the
derived figures equal a recount of a model kept here, and ``apply`` never
changed the state it was given.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from govrules import testing
from govrules.events import EVENT_ADAPTER, SeatGained, SeatLost
from govrules.state import ReplayError, State, apply
from property._shared import pack

PACK = pack()


class ReplayMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state: State = PACK.initial
        self.model: dict[str, int] = dict(PACK.initial.seats)
        self.day = PACK.initial.transition_date

    def _apply(self, event: Any) -> None:
        before = self.state
        snapshot = copy.deepcopy(before.as_dict)
        self.state = apply(before, event)
        assert before.as_dict == snapshot, "apply changed the state it was given"

    @rule(data=st.data(), days=st.sampled_from([0, 1, 30]))
    def an_event_that_can_happen(self, data: st.DataObject, days: int) -> None:
        self.day += dt.timedelta(days=days)
        event = data.draw(testing.next_event(self.state, self.day))
        self._apply(event)
        if isinstance(event, SeatGained):
            self.model[event.organisation] = self.model.get(event.organisation, 0) + event.seats
        elif isinstance(event, SeatLost):
            self.model[event.organisation] -= event.seats
            if self.model[event.organisation] == 0:
                del self.model[event.organisation]

    @rule(organisation=testing.organisations(PACK.initial), extra=st.integers(1, 5))
    def losing_more_seats_than_held_is_refused(self, organisation: str, extra: int) -> None:
        held = self.model.get(organisation, 0)
        assume(held + extra <= testing.MAX_SEATS)  # else the event itself is invalid
        event = EVENT_ADAPTER.validate_python(
            {
                "kind": "board.seat_lost",
                "at": self.day.isoformat(),
                "organisation": organisation,
                "seats": held + extra,
            }
        )
        with pytest.raises(ReplayError):
            self._apply(event)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), outsider=testing.texts())
    def a_board_decision_with_an_outsider_is_refused(
        self, data: st.DataObject, outsider: str
    ) -> None:
        outsider = f"{outsider} (no seat)"
        members = data.draw(st.lists(st.sampled_from(sorted(self.model)), max_size=3))
        event = EVENT_ADAPTER.validate_python(
            {
                "kind": "decision",
                "at": self.day.isoformat(),
                "subject": "s",
                "public": True,
                "minutes_published": True,
                "organisations": [*members, outsider],
            }
        )
        with pytest.raises(ReplayError):
            self._apply(event)

    @invariant()
    def seat_counts_are_never_negative_and_holders_hold_seats(self) -> None:
        assert all(n > 0 for n in self.state.seats.values())

    @invariant()
    def the_board_is_the_one_counted_here(self) -> None:
        assert dict(self.state.seats) == self.model

    @invariant()
    def derived_figures_equal_a_recount(self) -> None:
        total = sum(self.model.values())
        largest = max(self.model.values(), default=0)
        holder = min(self.model, key=lambda o: (-self.model[o], o)) if self.model else None
        board = self.state.as_dict["board"]
        assert board["seats_total"] == self.state.seats_total == total
        assert board["organisations"] == self.state.organisations == len(self.model)
        assert board["largest_seats"] == largest
        assert board.get("largest_holder") == holder
        assert board["largest_share"] == (largest / total if total else 0.0)


TestReplayMachine = ReplayMachine.TestCase
