"""Governance state and its replay: ``after = apply(before, event)``.

A :class:`State` is immutable. :func:`apply` is pure and does work in
proportion to the event (and the number of board members), never to the
history. The figures rules read (seat total, distinct organisations, the
largest share and who holds it) are derived once when a state is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from govrules.events import (
    AdoptionChanged,
    Decision,
    Event,
    InvestmentChanged,
    LicenceChanged,
    ParentChanged,
    ProjectChanged,
    SeatGained,
    SeatLost,
    Transition,
)
from govrules.facts import Affiliation, Commitment, Fact, Membership, Transfer

BOARD_BODY = "board"


@dataclass(frozen=True)
class State:
    """Where governance stands after some events."""

    seats: Mapping[str, int]
    steward: str
    transition_date: dt.date
    transition_status: str  # "announced" until a transition event, then "completed"
    parent: str
    parent_nonprofit: bool
    licence: str | None
    licence_open_source: bool
    commitments: tuple[str, ...] = ()
    investment: Mapping[str, str] = field(default_factory=dict)
    primary_framework: Mapping[str, bool] = field(default_factory=dict)

    # Derived board figures, computed once per state --------------------------
    @property
    def seats_total(self) -> int:
        return int(self.as_dict["board"]["seats_total"])

    @property
    def organisations(self) -> int:
        return int(self.as_dict["board"]["organisations"])

    @property
    def largest_holder(self) -> str | None:
        holder = self.as_dict["board"].get("largest_holder")
        return None if holder is None else str(holder)

    @property
    def largest_seats(self) -> int:
        return int(self.as_dict["board"]["largest_seats"])

    @property
    def largest_share(self) -> float:
        return float(self.as_dict["board"]["largest_share"])

    @cached_property
    def as_dict(self) -> dict[str, Any]:
        """The state as rules see it (``before.*`` and ``after.*``); absent values left out.

        Treat it as read-only: states share unchanged sections of it.
        """
        licence: dict[str, Any] = {"open_source": self.licence_open_source}
        if self.licence is not None:
            licence["id"] = self.licence
        return {
            "board": board_figures(self.seats),
            "transition": {
                "to": self.steward,
                "date": self.transition_date.isoformat(),
                "status": self.transition_status,
            },
            "parent": {"name": self.parent, "nonprofit": self.parent_nonprofit},
            "licence": licence,
            "commitments": list(self.commitments),
            "investment": dict(sorted(self.investment.items())),
            "primary_framework": dict(sorted(self.primary_framework.items())),
        }


def board_figures(seats: Mapping[str, int]) -> dict[str, Any]:
    """The board as rules see it: seats per organisation and the figures derived from them."""
    total = sum(seats.values())
    board: dict[str, Any] = {
        "seats": dict(sorted(seats.items())),
        "seats_total": total,
        "organisations": sum(1 for n in seats.values() if n > 0),
        "largest_seats": 0,
        "largest_share": 0.0,
    }
    if seats:
        largest = max(seats.values())
        board["largest_seats"] = largest
        board["largest_share"] = largest / total if total else 0.0
        # Ties go to the name that sorts first, so the answer never depends on order.
        board["largest_holder"] = min(org for org, n in seats.items() if n == largest)
    return board


# The paths rules may read under ``before.`` and ``after.``, with their types.
# tests/unit/test_state.py checks this table against State.as_dict.
STATE_PATHS: dict[str, str] = {
    "board.seats_total": "number",
    "board.organisations": "number",
    "board.largest_seats": "number",
    "board.largest_share": "number",
    "board.largest_holder": "string",
    "transition.to": "string",
    "transition.date": "date",
    "transition.status": "string",
    "parent.name": "string",
    "parent.nonprofit": "bool",
    "licence.id": "string",
    "licence.open_source": "bool",
    "commitments": "list",
}


class ReplayError(Exception):
    """An event that cannot happen in the state it meets (for instance, losing a seat not held)."""

    def __init__(self, message: str, help: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.help = help


def _with_seats(state: State, org: str, delta: int) -> State:
    seats = dict(state.seats)
    now = seats.get(org, 0) + delta
    if now < 0:
        held = seats.get(org, 0)
        raise ReplayError(
            f"`{org}` holds {held} board seat{'s' if held != 1 else ''} and cannot lose {-delta}",
            help=f"board members: {', '.join(f'`{o}`' for o in sorted(seats)) or 'none'}",
        )
    if now == 0:
        seats.pop(org, None)
    else:
        seats[org] = now
    after = replace(state, seats=seats)
    # Only the board changed: share the other sections of the rules' view
    # (as_dict is a cached_property, stored in the instance's __dict__).
    after.__dict__["as_dict"] = {**state.as_dict, "board": board_figures(seats)}
    return after


def apply(state: State, event: Event) -> State:
    """The state after ``event``; raises :class:`ReplayError` if it cannot happen."""
    match event:
        case SeatGained():
            return _with_seats(state, event.organisation, event.seats)
        case SeatLost():
            return _with_seats(state, event.organisation, -event.seats)
        case Decision():
            if event.body == BOARD_BODY:
                outside = sorted(set(event.organisations) - set(state.seats))
                if outside:
                    raise ReplayError(
                        "a board decision names organisations without a board seat: "
                        + ", ".join(f"`{o}`" for o in outside),
                        help=f"board members: {', '.join(f'`{o}`' for o in sorted(state.seats))}",
                    )
            return state
        case Transition():
            return replace(state, transition_status="completed", steward=event.to or state.steward)
        case ProjectChanged():
            return state
        case ParentChanged():
            return replace(state, parent=event.to, parent_nonprofit=event.nonprofit)
        case LicenceChanged():
            return replace(state, licence=event.to, licence_open_source=event.open_source)
        case InvestmentChanged():
            return replace(state, investment={**state.investment, event.organisation: event.level})
        case AdoptionChanged():
            return replace(
                state,
                primary_framework={
                    **state.primary_framework,
                    event.organisation: event.primary_framework,
                },
            )


def initial_state(facts: Mapping[str, Fact]) -> tuple[State | None, list[str]]:
    """Build the starting state from a pack's facts; returns it and what is missing.

    The transfer fact gives the steward and the transition date; the affiliation
    of the steward gives the parent; membership facts for the board give the
    seats; commitment facts are the commitments in force, and one that states the
    project is open source gives the licence's standing.
    """
    missing: list[str] = []
    transfers = [f for f in facts.values() if isinstance(f, Transfer)]
    if len(transfers) != 1:
        missing.append(f"exactly one `transfer` fact (found {len(transfers)})")
        return None, missing
    transfer = transfers[0]
    parents = [
        f for f in facts.values() if isinstance(f, Affiliation) and f.organisation == transfer.to
    ]
    if not parents:
        missing.append(f"an `affiliation` fact for `{transfer.to}`")
    seats: dict[str, int] = {}
    for f in facts.values():
        if isinstance(f, Membership) and f.body == BOARD_BODY:
            for member in f.members:
                seats[member] = seats.get(member, 0) + f.seats_each
    if not seats:
        missing.append(f"a `membership` fact for body `{BOARD_BODY}`")
    commitments = [f for f in facts.values() if isinstance(f, Commitment)]
    open_source = any(f.open_source for f in commitments)
    if missing:
        return None, missing
    return (
        State(
            seats=seats,
            steward=transfer.to,
            transition_date=transfer.as_of,
            transition_status="announced",
            parent=parents[0].parent,
            parent_nonprofit=parents[0].parent_nonprofit,
            licence=None,
            licence_open_source=open_source,
            commitments=tuple(f.id for f in commitments),
        ),
        missing,
    )


class _BaselineBoard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    seats: dict[str, Annotated[int, Field(ge=0)]] = Field(
        description="seats per organisation, replacing the founding board"
    )


class _BaselineParent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    nonprofit: bool


class _BaselineLicence(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str | None = None
    open_source: bool


class _BaselineTransition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    status: str = Field(pattern="^(announced|completed)$")


class Baseline(BaseModel):
    """Overrides of the pack's initial state, for a scenario that starts elsewhere."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    board: _BaselineBoard | None = None
    parent: _BaselineParent | None = None
    licence: _BaselineLicence | None = None
    transition: _BaselineTransition | None = None


def with_baseline(state: State, baseline: Baseline | None) -> State:
    """``state`` with a scenario's baseline applied."""
    if baseline is None:
        return state
    if baseline.board is not None:
        state = replace(state, seats={o: n for o, n in baseline.board.seats.items() if n > 0})
    if baseline.parent is not None:
        state = replace(
            state, parent=baseline.parent.name, parent_nonprofit=baseline.parent.nonprofit
        )
    if baseline.licence is not None:
        state = replace(
            state, licence=baseline.licence.id, licence_open_source=baseline.licence.open_source
        )
    if baseline.transition is not None:
        state = replace(state, transition_status=baseline.transition.status)
    return state
