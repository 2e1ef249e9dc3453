"""The governance state, and the view of it that rules read.

A :class:`State` is immutable. It holds the pack's bodies and their members
(with seats, terms and dates), everyone's affiliation, the steward with its
parent and transition, the foundation's member organisations, the hosted
projects with their licences, assets, pledges, policies and pending
decisions. Nothing in it is specific to any pack: the pack's declarations say
which bodies and vocabularies exist.

:attr:`State.view` is the state as rules read it (``before.*`` and
``after.*``, and what ``govrules state`` prints): plain data, values that are
unknown left out, figures derived once per state. A new state shares the
views of the sections an event did not touch, so a replay does work in
proportion to the event, not to the history. :data:`STATE_PATHS` documents
every readable path; a test holds the two together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from govrules.model.declarations import BodyDecl, Declarations
from govrules.model.valuetypes import (
    BOOL,
    DATE,
    NUMBER,
    TEXT,
    TEXTS,
    PathDoc,
    ValueType,
    one_of,
    vocab,
)

_Record = TypeVar("_Record", "Seat", "Body", "Project")
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Seat:
    """One member's place on a body. Dates are ISO text."""

    seats: int = 1
    joined: str | None = None
    term_ends: str | None = None
    terms: int = 1  # terms served on this body, the current one included
    consecutive: int = 1  # of which served without a break


@dataclass(frozen=True, slots=True)
class Body:
    """A declared body and who sits on it."""

    id: str
    decl: BodyDecl
    members: Mapping[str, Seat] = field(default_factory=dict)
    last_election: str | None = None
    appointed: Mapping[str, int] = field(default_factory=dict)  # by method, since the election
    past_terms: Mapping[str, int] = field(default_factory=dict)  # terms of former members
    removed: frozenset[str] = frozenset()  # seated members a passed decision removed
    # The term ends (ISO dates) of seats members left before their term ended and
    # not filled since, earliest first: the remainders a seating may serve out. A
    # seating fills the one its term end names, else the earliest.
    vacated: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    licence: str | None
    open_source: bool
    exceptions: int = 0


@dataclass(frozen=True)
class State:
    """Where governance stands after some events."""

    declarations: Declarations
    bodies: Mapping[str, Body]
    affiliations: Mapping[str, str | None] = field(default_factory=dict)
    steward: str | None = None
    parent: tuple[str, bool] | None = None  # (name, nonprofit)
    transition: Mapping[str, str] | None = None  # status, date, from, to
    projects: Mapping[str, Project] = field(default_factory=dict)
    organisations: Mapping[str, str] = field(default_factory=dict)  # name -> tier
    pledges: Mapping[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    assets: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # name -> (kind, holder)
    policies: Mapping[str, str] = field(default_factory=dict)
    pending: Mapping[str, int] = field(default_factory=dict)  # topic -> decisions pending
    _view: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def view(self) -> dict[str, Any]:
        """The state as rules read it. Read-only: states share unchanged sections."""
        if self._view is None:
            view = {name: build(self) for name, build in _SECTIONS.items()}
            view["bodies"] = {b: body_view(body, self) for b, body in self.bodies.items()}
            object.__setattr__(self, "_view", view)
        assert self._view is not None
        return self._view

    def affiliation(self, member: str) -> str:
        """The group a member counts in (see :func:`group_of`)."""
        return self.groups((member,))[0]

    def groups(self, members: Iterable[str]) -> list[str]:
        """The group each of ``members`` counts in, in order (see :func:`group_of`)."""
        # Remembered for these affiliations: a new state shares them (and this
        # cache) until an event changes them, and decisions ask for every voter.
        cached: tuple[Mapping[str, str | None], dict[str, str]] | None
        cached = self.__dict__.get("_groups")
        if cached is None or cached[0] is not self.affiliations:
            cached = (self.affiliations, {})
            object.__setattr__(self, "_groups", cached)
        known = cached[1]
        out = []
        for member in members:
            group = known.get(member)
            if group is None:
                group = group_of(member, self.affiliations)
                if len(known) < MAX_GROUPS_CACHED:
                    known[member] = group
            out.append(group)
        return out


def changed(record: _Record, **changes: Any) -> _Record:
    """``record`` (a :class:`Body`, :class:`Seat` or :class:`Project`) with ``changes``:
    what :func:`dataclasses.replace` does, at a fraction of its cost (replay makes one
    for every seating)."""
    kind = type(record)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(record))
    values = {name: getattr(record, name) for name in names}
    values.update(changes)
    return kind(**values)


def evolve(state: State, *, touched: tuple[str, ...] = (), **changes: Any) -> State:
    """``state`` with ``changes``; only the bodies in ``touched`` and the changed
    sections of the view are rebuilt, the rest are shared."""
    # A copy of the instance's fields, changed: what dataclasses.replace does,
    # without running __init__ again for every field (it is on the hot path).
    new = object.__new__(State)
    new.__dict__.update(state.__dict__, _view=None, **changes)
    if state._view is None:
        return new
    old = state._view
    view = dict(old)
    for name in changes:
        if name in _SECTIONS:
            view[name] = _SECTIONS[name](new)
    if touched:
        bodies = dict(old["bodies"])
        for body_id in touched:
            bodies[body_id] = body_view(new.bodies[body_id], new)
        view["bodies"] = bodies
    object.__setattr__(new, "_view", view)
    return new


MAX_AFFILIATION_DEPTH = 16
MAX_GROUPS_CACHED = 10_000  # members whose group a state remembers (see State.affiliation)


def group_of(member: str, affiliations: Mapping[str, str | None]) -> str:
    """The group a member counts in: its affiliation's topmost parent, or itself if independent.

    Affiliations chain: a person works for a company, which may be part of a
    group (an ``affiliation`` fact or an ``affiliation.changed`` of the company);
    closely related entities count as one. A loop stops where it closes.
    """
    group, seen = member, {member}
    for _ in range(MAX_AFFILIATION_DEPTH):
        parent = affiliations.get(group)
        if not parent or parent in seen:
            break
        seen.add(parent)
        group = parent
    return group


def affiliated_with(member: str, name: str, affiliations: Mapping[str, str | None]) -> bool:
    """Whether ``member`` is ``name`` or counts through it: ``name`` is the member's
    affiliation, or an organisation above it in the chain (a subsidiary's parent)."""
    current: str | None = member
    for _ in range(MAX_AFFILIATION_DEPTH + 1):
        if current == name:
            return True
        if not current:
            return False
        current = affiliations.get(current)
    return False


def short_term(seat: Seat, ended: str, decl: BodyDecl) -> bool:
    """Whether a term ending on ``ended`` (ISO date) was short enough, by the body's
    ``short_term_days``, not to count in the member's terms (unknown start: it counts)."""
    if decl.short_term_days is None or seat.joined is None:
        return False
    served = dt.date.fromisoformat(ended) - dt.date.fromisoformat(seat.joined)
    return served.days <= decl.short_term_days


def body_view(body: Body, state: State) -> dict[str, Any]:
    """One body of ``state`` as rules read it: its members and the figures derived from them."""
    by_affiliation: dict[str, int] = {}
    seats = max_terms = max_consecutive = 0
    members = body.members
    for seat, group in zip(members.values(), state.groups(members), strict=True):
        by_affiliation[group] = by_affiliation.get(group, 0) + seat.seats
        seats += seat.seats
        max_terms = max(max_terms, seat.terms)
        max_consecutive = max(max_consecutive, seat.consecutive)
    largest = max(by_affiliation.values(), default=0)
    view: dict[str, Any] = {
        "size": len(body.members),
        "seats": seats,
        "members": sorted(body.members),
        "affiliations": len(by_affiliation),
        "by_affiliation": dict(sorted(by_affiliation.items())),
        "largest": {
            "count": largest,
            "share": largest / seats if seats else 0.0,
            # Every tied holder is named, in order, so no answer depends on a name's spelling.
            "holders": sorted(g for g, n in by_affiliation.items() if n == largest and n > 0),
        },
        "max_terms": max_terms,
        "max_consecutive_terms": max_consecutive,
        "appointed_since_election": dict(body.appointed),
        "removed_seated": sorted(body.removed) if body.removed else [],
        "removed_seated_count": len(body.removed),
        "vacated_term_ends": sorted(set(body.vacated)) if body.vacated else [],
    }
    if body.decl.size is not None:
        view["vacancies"] = max(0, body.decl.size - len(body.members))
    if body.last_election is not None:
        view["last_election"] = body.last_election
    return view


def member_view(state: State, body_id: str, name: str) -> dict[str, Any] | None:
    """A member of a body as rules read it (``member.*``), or None if not seated."""
    body = state.bodies.get(body_id)
    seat = body.members.get(name) if body else None
    if body is None or seat is None:
        return None
    group = state.affiliation(name)
    view: dict[str, Any] = {
        "name": name,
        "seats": seat.seats,
        "terms": seat.terms,
        "consecutive_terms": seat.consecutive,
        "affiliation_seats": state.view["bodies"][body_id]["by_affiliation"].get(group, 0),
    }
    if state.affiliations.get(name):
        view["affiliation"] = state.affiliations[name]
    if seat.joined:
        view["joined"] = seat.joined
    if seat.term_ends:
        view["term_ends"] = seat.term_ends
    return view


def _transition(state: State) -> dict[str, Any] | None:
    return dict(state.transition) if state.transition else None


def _parent(state: State) -> dict[str, Any] | None:
    if state.parent is None:
        return None
    return {"name": state.parent[0], "nonprofit": state.parent[1]}


def _organisations(state: State) -> dict[str, Any]:
    tiers = dict.fromkeys(state.declarations.tiers, 0)
    for tier in state.organisations.values():
        tiers[tier] = tiers.get(tier, 0) + 1
    return {"count": len(state.organisations), "tiers": tiers}


def _projects(state: State) -> dict[str, Any]:
    return {"count": len(state.projects), "names": sorted(state.projects)}


def _pending(state: State) -> dict[str, Any]:
    return {t: state.pending.get(t, 0) for t in state.declarations.topics}


# Sections of the view other than the bodies, each built from the state field
# of the same name (so `evolve` knows which to rebuild).
_SECTIONS = {
    "steward": lambda s: s.steward,
    "transition": _transition,
    "parent": _parent,
    "organisations": _organisations,
    "projects": _projects,
    "policies": lambda s: dict(s.policies),
    "pending": _pending,
}

# -- what rules may read -------------------------------------------------------

BODY_FIGURES: tuple[tuple[str, ValueType, str], ...] = (
    ("size", NUMBER, "members seated"),
    ("seats", NUMBER, "seats (or votes) held by all members"),
    ("members", TEXTS, "the names of the members seated"),
    ("affiliations", NUMBER, "distinct affiliations among members (an independent member is one)"),
    ("by_affiliation", ValueType("map", item="number"), "seats held per affiliation"),
    ("largest.count", NUMBER, "the seats of the affiliation holding most"),
    ("largest.share", NUMBER, "that count over all seats (0 when the body is empty)"),
    ("largest.holders", TEXTS, "every affiliation holding that many seats (ties all named)"),
    ("vacancies", NUMBER, "the declared size less the members seated (bodies with a size)"),
    ("max_terms", NUMBER, "the most terms a seated member has served, the current one included"),
    ("max_consecutive_terms", NUMBER, "the most terms a seated member has served without a break"),
    ("appointed_since_election.{method}", NUMBER, "appointments by the method since the election"),
    ("removed_seated", TEXTS, "members a passed decision removed who are still seated"),
    ("removed_seated_count", NUMBER, "how many such members there are"),
    (
        "vacated_term_ends",
        TEXTS,
        "the term ends (dates) of seats members left before their term ended, not filled since"
        " (a seating fills the one its `term_ends` names, else the earliest)",
    ),
    ("last_election", DATE, "the date of the body's last election"),
)

MEMBER_FIGURES: tuple[tuple[str, ValueType, str], ...] = (
    ("name", TEXT, "the member's name"),
    ("affiliation", TEXT, "the member's affiliation (employer or parent), if known"),
    ("seats", NUMBER, "the seats or votes the member holds"),
    ("joined", DATE, "when the member joined the body"),
    ("term_ends", DATE, "when the member's term ends"),
    (
        "terms",
        NUMBER,
        "terms served on the body, the current one included (not a short term, see"
        " `short_term_days`)",
    ),
    (
        "consecutive_terms",
        NUMBER,
        "terms served without a break, the current one included (not a short term)",
    ),
    ("affiliation_seats", NUMBER, "seats on the body held by the member's affiliation"),
)

STATE_PATHS: tuple[PathDoc, ...] = (
    *(PathDoc(f"bodies.{{body}}.{p}", t, m) for p, t, m in BODY_FIGURES),
    *(PathDoc(f"body.{p}", t, f"the event's body: {m}") for p, t, m in BODY_FIGURES),
    *(
        PathDoc(f"member.{p}", t, f"the event's member on its body: {m}")
        for p, t, m in MEMBER_FIGURES
    ),
    PathDoc("steward", TEXT, "the organisation the commitments bind"),
    PathDoc("transition.status", one_of("announced", "completed"), "where the transition stands"),
    PathDoc("transition.date", DATE, "when it was announced, then when it took place"),
    PathDoc("transition.from", TEXT, "the steward before the transition"),
    PathDoc("transition.to", TEXT, "the steward after it"),
    PathDoc("parent.name", TEXT, "the steward's parent organisation"),
    PathDoc("parent.nonprofit", BOOL, "whether the parent is a nonprofit"),
    PathDoc("organisations.count", NUMBER, "member organisations of the foundation"),
    PathDoc("organisations.tiers.{tier}", NUMBER, "member organisations in the tier"),
    PathDoc("organisation.tier", vocab("tiers"), "the event's organisation's tier, if a member"),
    PathDoc("projects.count", NUMBER, "projects the steward hosts"),
    PathDoc("projects.names", TEXTS, "their names"),
    PathDoc("project.name", TEXT, "the event's project"),
    PathDoc("project.licence", TEXT, "its licence"),
    PathDoc("project.open_source", BOOL, "whether its licence is an open-source licence"),
    PathDoc("project.exceptions", NUMBER, "licence exceptions granted in it"),
    PathDoc(
        "pledge.level", vocab("levels"), "the event's organisation's pledge of the event's kind"
    ),
    PathDoc("pledge.ends", DATE, "when that pledge ends"),
    PathDoc("asset.kind", vocab("asset_kinds"), "the event's asset's kind"),
    PathDoc("asset.holder", TEXT, "who holds the event's asset"),
    PathDoc("policies.{policy}", vocab("values"), "the policy's value"),
    PathDoc("pending.{topic}", NUMBER, "decisions on the topic called for and not yet made"),
)
