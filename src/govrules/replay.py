"""Replay: ``after = apply(before, event)``, and the observations rules are evaluated on.

:func:`apply` is pure: it never changes the state it is given, and it does work
in proportion to the event. An event that cannot happen in the state it meets
(a member joining a body twice, ballots naming non-members, losing a project
the steward does not host) raises :class:`ReplayError`.

:func:`observe` builds the observation ``{event, before, after, params}``: the
event's fields and derived figures, and the state before and after it with the
*focus* of the event added (``body``, ``member``, ``project``, ``pledge``,
``asset``, ``organisation``: the parts of the state the event names).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from govrules.model import events as ev
from govrules.model.events import Event
from govrules.model.figures import FIGURED, event_figures
from govrules.model.state import (
    Body,
    Project,
    Seat,
    State,
    changed,
    evolve,
    member_view,
    short_term,
)


class ReplayError(Exception):
    """An event that cannot happen in the state it meets."""

    def __init__(self, message: str, help: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.help = help
        self.field = field


def _names(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in sorted(names)) or "none"


def _member_of(state: State, body_id: str, name: str, field: str = "member") -> Seat:
    seat = state.bodies[body_id].members.get(name)
    if seat is None:
        raise ReplayError(
            f"`{name}` is not a member of `{body_id}`",
            help=f"members of `{body_id}`: {_names(state.bodies[body_id].members)}",
            field=field,
        )
    return seat


def _all_members(state: State, body_id: str, names: Collection[str], field: str) -> None:
    if not names:
        return
    members = state.bodies[body_id].members
    if members.keys() >= set(names):
        return
    outside = sorted(set(names) - set(members))
    if outside:
        raise ReplayError(
            f"{_names(outside)} {'is' if len(outside) == 1 else 'are'} not a member"
            f"{'' if len(outside) == 1 else 's'} of `{body_id}`",
            help=f"members of `{body_id}`: {_names(state.bodies[body_id].members)}",
            field=field,
        )


def _seat(state: State, event: Any, *, method: str | None = None) -> State:
    body = state.bodies[event.body]
    if event.member in body.members:
        raise ReplayError(f"`{event.member}` is already a member of `{event.body}`", field="member")
    past = dict(body.past_terms)
    terms = past.pop(event.member, 0) + 1
    members = dict(body.members)
    members[event.member] = Seat(
        seats=event.seats,
        joined=event.at.isoformat(),
        term_ends=event.term_ends.isoformat() if event.term_ends else None,
        terms=terms,
        consecutive=1,
    )
    appointed = dict(body.appointed)
    if method is not None:
        appointed[method] = appointed.get(method, 0) + 1
    vacated = body.vacated
    if vacated:
        # The seating fills a vacated term: the one its term end names, else the earliest.
        ends = event.term_ends.isoformat() if event.term_ends else None
        i = vacated.index(ends) if ends in vacated else 0
        vacated = vacated[:i] + vacated[i + 1 :]
    new_body = changed(body, members=members, past_terms=past, appointed=appointed, vacated=vacated)
    return _with_body(state, new_body, {event.member: event.affiliation})


def _with_body(state: State, body: Body, affiliations: Mapping[str, str | None]) -> State:
    bodies = dict(state.bodies)
    bodies[body.id] = body
    known = {n: a for n, a in affiliations.items() if a is not None}
    if known and any(state.affiliations.get(n) != a for n, a in known.items()):
        merged = {**state.affiliations, **known}
        touched = tuple({body.id, *_affiliated_bodies(state, set(known))})
        return evolve(state, touched=touched, bodies=bodies, affiliations=merged)
    return evolve(state, touched=(body.id,), bodies=bodies)


def _unseat(body: Body, names: Iterable[str], ended: str) -> Body:
    """``body`` without ``names``, whose terms end on ``ended`` (a short one is not counted)."""
    members = dict(body.members)
    past = dict(body.past_terms)
    gone = set(names)
    for name in gone:
        seat = members.pop(name)
        past[name] = seat.terms - short_term(seat, ended, body.decl)
    return changed(body, members=members, past_terms=past, removed=body.removed - gone)


def _left(state: State, event: ev.MemberLeft) -> State:
    seat = _member_of(state, event.body, event.member)
    body = _unseat(state.bodies[event.body], [event.member], event.at.isoformat())
    if seat.term_ends is not None and seat.term_ends > event.at.isoformat():
        # Left before the term ended: the rest of the term is there to serve out.
        body = changed(body, vacated=(*body.vacated, seat.term_ends))
    return _with_body(state, body, {})


def _decided(state: State, event: ev.DecisionMade) -> State:
    if event.ballots is not None:
        _all_members(state, event.body, event.ballots, "ballots")
    _all_members(state, event.body, event.present, "present")
    _all_members(state, event.body, event.conflicted, "conflicted")
    changes: dict[str, Any] = {}
    touched: tuple[str, ...] = ()
    if state.pending.get(event.topic, 0) > 0:
        changes["pending"] = {**state.pending, event.topic: state.pending[event.topic] - 1}
    if event.outcome == "passed" and event.removes:
        bodies = dict(state.bodies)
        for body_id, body in state.bodies.items():
            marked = body.removed | (set(event.removes) & set(body.members))
            if marked != body.removed:
                bodies[body_id] = changed(body, removed=frozenset(marked))
                touched += (body_id,)
        changes["bodies"] = bodies
    return evolve(state, touched=touched, **changes) if changes else state


def _affiliated_bodies(state: State, names: set[str]) -> tuple[str, ...]:
    """The bodies whose figures a new affiliation of ``names`` may change: those with
    one of them as a member, or a member whose chain of affiliations passes through
    one of them (an organisation's parent changes the group of everyone working for it)."""
    return tuple(
        b
        for b, x in state.bodies.items()
        if any(m in names or names & _chain(m, state.affiliations) for m in x.members)
    )


def _chain(member: str, affiliations: Mapping[str, str | None]) -> set[str]:
    """Every affiliation up a member's chain."""
    out: set[str] = set()
    current = affiliations.get(member)
    while current and current not in out and len(out) < 16:
        out.add(current)
        current = affiliations.get(current)
    return out


def _project(state: State, name: str | None) -> str:
    if name is None:
        if len(state.projects) == 1:
            return next(iter(state.projects))
        raise ReplayError(
            "name the `project`: the steward hosts "
            + (f"{len(state.projects)} projects" if state.projects else "no project"),
            help=f"projects: {_names(state.projects)}",
            field="project",
        )
    if name not in state.projects:
        raise ReplayError(
            f"the steward hosts no project `{name}`",
            help=f"projects: {_names(state.projects)}",
            field="project",
        )
    return name


def _election(state: State, event: Any) -> State:
    body = state.bodies[event.body]
    _all_members(state, event.body, event.replaces, "replaces")
    leaving = {n: body.members[n] for n in event.replaces}
    staying = set(body.members) - set(leaving)
    again = sorted(staying & set(event.seated))
    if again:
        raise ReplayError(
            f"{_names(again)} already sit{'s' if len(again) == 1 else ''} on `{event.body}`",
            help="list members whose seats are up in `replaces`",
            field="seated",
        )
    at = event.at.isoformat()
    body = _unseat(body, leaving, at)
    members, past = dict(body.members), dict(body.past_terms)
    for name in event.seated:
        before = leaving.get(name)
        terms = past.pop(name, 0) + 1
        members[name] = Seat(
            joined=at,
            term_ends=event.term_ends.isoformat() if event.term_ends else None,
            terms=terms,
            consecutive=(
                before.consecutive - short_term(before, at, body.decl) + 1 if before else 1
            ),
        )
    appointed = dict.fromkeys(body.appointed, 0)
    body = changed(
        body,
        members=members,
        past_terms=past,
        last_election=event.at.isoformat(),
        appointed=appointed,
    )
    affiliations = {c.name: c.affiliation for c in event.candidates if c.name in event.seated}
    return _with_body(state, body, affiliations)


def apply(state: State, event: Event) -> State:
    """The state after ``event``; raises :class:`ReplayError` if it cannot happen."""
    match event:
        case ev.MemberJoined():
            return _seat(state, event)
        case ev.MemberAppointed():
            return _seat(state, event, method=event.method)
        case ev.MemberLeft():
            return _left(state, event)
        case ev.SeatsChanged():
            seat = _member_of(state, event.body, event.member)
            body = state.bodies[event.body]
            members = {**body.members, event.member: changed(seat, seats=event.seats)}
            return _with_body(state, changed(body, members=members), {})
        case ev.AffiliationChanged():
            affiliations = {**state.affiliations, event.member: event.to}
            touched = _affiliated_bodies(state, {event.member})
            return evolve(state, touched=touched, affiliations=affiliations)
        case ev.ObligationMet():
            _member_of(state, event.body, event.member)
            return state
        case ev.ElectionHeld():
            return _election(state, event)
        case ev.MeetingHeld():
            _all_members(state, event.body, event.present, "present")
            return state
        case ev.DecisionProposed():
            pending = {**state.pending, event.topic: state.pending.get(event.topic, 0) + 1}
            return evolve(state, pending=pending)
        case ev.DecisionMade():
            return _decided(state, event)
        case ev.TransitionCompleted():
            return _transition(state, event)
        case ev.ProjectChanged():
            _project(state, event.project)
            return state
        case ev.ProjectAdded():
            if event.project in state.projects:
                raise ReplayError(f"the steward hosts `{event.project}` already", field="project")
            new = Project(event.licence, event.open_source)
            return evolve(state, projects={**state.projects, event.project: new})
        case ev.ProjectRemoved():
            name = _project(state, event.project)
            return evolve(state, projects={k: v for k, v in state.projects.items() if k != name})
        case ev.LicenceChanged():
            name = _project(state, event.project)
            project = changed(state.projects[name], licence=event.to, open_source=event.open_source)
            return evolve(state, projects={**state.projects, name: project})
        case ev.LicenceExceptionGranted():
            name = _project(state, event.project)
            project = state.projects[name]
            project = changed(project, exceptions=project.exceptions + 1)
            return evolve(state, projects={**state.projects, name: project})
        case ev.ParentChanged():
            return evolve(state, parent=(event.to, event.nonprofit))
        case ev.AssetTransferred():
            known = state.assets.get(event.asset)
            asset_kind = event.asset_kind or (known[0] if known else None)
            if asset_kind is None:
                raise ReplayError(
                    f"asset `{event.asset}` is not known: give its `asset_kind`", field="asset_kind"
                )
            return evolve(state, assets={**state.assets, event.asset: (asset_kind, event.to)})
        case ev.OrganisationJoined() | ev.TierChanged():
            joined = isinstance(event, ev.OrganisationJoined)
            if (event.organisation in state.organisations) == joined:
                raise ReplayError(
                    f"`{event.organisation}` is "
                    + ("a member already" if joined else "not a member of the foundation"),
                    help=f"members: {_names(state.organisations)}",
                    field="organisation",
                )
            organisations = {**state.organisations, event.organisation: event.tier}
            return evolve(state, organisations=organisations)
        case ev.OrganisationLeft():
            if event.organisation not in state.organisations:
                raise ReplayError(
                    f"`{event.organisation}` is not a member of the foundation",
                    help=f"members: {_names(state.organisations)}",
                    field="organisation",
                )
            gone = event.organisation
            return evolve(
                state, organisations={k: v for k, v in state.organisations.items() if k != gone}
            )
        case ev.PledgeChanged():
            key = (event.organisation, event.pledge)
            value = (event.level, event.ends.isoformat() if event.ends else None)
            return evolve(state, pledges={**state.pledges, key: value})
        case ev.PolicyChanged():
            return evolve(state, policies={**state.policies, event.policy: event.value})
    raise AssertionError(f"no replay for event kind `{event.kind}`")  # pragma: no cover


def _transition(state: State, event: ev.TransitionCompleted) -> State:
    previous = state.transition or {}
    to = event.to or state.steward or previous.get("to")
    transition = {"status": "completed", "date": event.at.isoformat()}
    if previous.get("from"):
        transition["from"] = previous["from"]
    if to:
        transition["to"] = to
    return evolve(state, transition=transition, steward=to)


FOCUS = frozenset({"body", "member", "project", "organisation", "pledge", "asset"})


def focus(state: State, event: Any, wanted: Collection[str] = FOCUS) -> dict[str, Any]:
    """The parts of ``state`` the event names, as rules read them (those ``wanted``)."""
    # The event's fields are read from its __dict__: pydantic's attribute access
    # is slow on a miss, and an event names only some of these.
    fields = event.__dict__
    out: dict[str, Any] = {}
    body = fields.get("body")
    if body is not None and body in state.bodies and ("body" in wanted or "member" in wanted):
        out["body"] = state.view["bodies"][body]
        member = fields.get("member")
        if member is not None and "member" in wanted:
            seat = member_view(state, body, member)
            if seat is not None:
                out["member"] = seat
    if "project" in fields and "project" in wanted:
        projects = state.projects
        name = fields["project"] or (next(iter(projects)) if len(projects) == 1 else None)
        project = projects.get(name) if name else None
        if project is not None:
            out["project"] = {
                "name": name,
                "open_source": project.open_source,
                "exceptions": project.exceptions,
            } | ({"licence": project.licence} if project.licence else {})
    organisation = fields.get("organisation")
    if organisation is not None and ("organisation" in wanted or "pledge" in wanted):
        tier = state.organisations.get(organisation)
        if tier is not None:
            out["organisation"] = {"tier": tier}
        pledge_kind = fields.get("pledge")
        pledge = state.pledges.get((organisation, pledge_kind)) if pledge_kind else None
        if pledge is not None:
            out["pledge"] = {"level": pledge[0]} | ({"ends": pledge[1]} if pledge[1] else {})
    asset = fields.get("asset")
    if asset is not None and asset in state.assets and "asset" in wanted:
        out["asset"] = {"kind": state.assets[asset][0], "holder": state.assets[asset][1]}
    return out


def _plain(value: Any) -> Any:
    """A field's value as JSON would hold it (what ``model_dump(mode="json")`` gives)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True, by_alias=True)
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        return [_plain(v) for v in value]
    return value


# Per event kind, the fields whose values need converting (dates, records).
_CONVERTED: dict[type, tuple[str, ...]] = {}


def _converted(model: type) -> tuple[str, ...]:
    found = _CONVERTED.get(model)
    if found is None:
        found = tuple(
            name
            for name, info in model.model_fields.items()  # type: ignore[attr-defined]
            if _needs_converting(info.annotation)
        )
        _CONVERTED[model] = found
    return found


def _needs_converting(annotation: Any) -> bool:
    text = repr(annotation)
    return "date" in text or any(
        isinstance(a, type) and issubclass(a, BaseModel) for a in _walk(annotation)
    )


def _walk(annotation: Any) -> Iterator[Any]:
    import typing

    yield annotation
    for arg in typing.get_args(annotation):
        yield from _walk(arg)


def event_view(
    event: Event,
    before: State,
    figures: Collection[str] | None = None,
    fields: Collection[str] | None = None,
) -> dict[str, Any]:
    """The event as rules read it: its fields (values left out when none; only those
    named by ``fields``, all if None) and its figures (those named by ``figures``,
    see :func:`govrules.model.figures.event_figures`)."""
    values = event.__dict__
    view: dict[str, Any] = {}
    for name, converted in _view_plan(type(event), fields):
        value = values.get(name)
        if value is not None:
            view[name] = _plain(value) if converted else value
    if event.kind in FIGURED and (figures is None or figures):
        view.update(event_figures(event, before, figures))
    return view


# Per event kind and fields read, each field kept and whether its value needs converting.
_VIEW_PLANS: dict[tuple[type, Collection[str] | None], tuple[tuple[str, bool], ...]] = {}


def _view_plan(model: type, fields: Collection[str] | None) -> tuple[tuple[str, bool], ...]:
    key = (model, fields)
    plan = _VIEW_PLANS.get(key)
    if plan is None:
        converted = _converted(model)
        plan = tuple(
            (name, name in converted)
            for name in model.model_fields  # type: ignore[attr-defined]
            # `ignore` says which findings a scenario suppresses: it is not for rules to read.
            if name != "ignore" and (fields is None or name in fields)
        )
        if len(_VIEW_PLANS) < 4096:  # a plan per kind and pack: a bound all the same
            _VIEW_PLANS[key] = plan
    return plan


def observe(
    event: Event,
    before: State,
    after: State,
    params: Mapping[str, Any],
    figures: Collection[str] | None = None,
    focused: Collection[str] = FOCUS,
    fields: Collection[str] | None = None,
) -> dict[str, Any]:
    """The observation rules are evaluated on: the event's ``fields`` (all if None) and
    ``figures`` (all if None), and the parts of the state it names that are ``focused``
    (see :func:`focus`)."""
    if _may_focus(type(event), focused):
        seen_before, seen_after = _focused(before, event, focused), _focused(after, event, focused)
    else:  # the views themselves when the event names nothing in them
        seen_before, seen_after = before.view, after.view
    return {
        "event": event_view(event, before, figures, fields),
        "before": seen_before,
        "after": seen_after,
        "params": params,
    }


def _focused(state: State, event: Event, wanted: Collection[str]) -> dict[str, Any]:
    # The view itself when the event names nothing in it (observations are read-only).
    named = focus(state, event, wanted) if wanted else None
    return {**state.view, **named} if named else state.view


# What `focus` may find for an event of a kind, by the fields that name it.
_FOCUS_BY_FIELD = {
    "body": ("body", "member"),
    "project": ("project",),
    "organisation": ("organisation", "pledge"),
    "asset": ("asset",),
}
_MAY_FOCUS: dict[tuple[type, Collection[str]], bool] = {}


def _may_focus(model: type, wanted: Collection[str]) -> bool:
    """Whether :func:`focus` may find any part ``wanted`` for an event of this kind."""
    key = (model, wanted)
    found = _MAY_FOCUS.get(key) if isinstance(wanted, frozenset) else None
    if found is None:
        fields = model.model_fields  # type: ignore[attr-defined]
        found = any(
            part in wanted
            for name, parts in _FOCUS_BY_FIELD.items()
            if name in fields
            for part in parts
        )
        if isinstance(wanted, frozenset) and len(_MAY_FOCUS) < 4096:
            _MAY_FOCUS[key] = found
    return found


@dataclass(frozen=True)
class Step:
    """One replayed event: its position, the states around it and its observation."""

    index: int
    event: Event
    before: State
    after: State
    observation: dict[str, Any]


def replay(
    start: State,
    events: Iterable[tuple[int, Event]],
    params: Mapping[str, Any],
    figures: Collection[str] | None = None,
) -> Iterator[Step]:
    """Apply events one by one.

    Raises :class:`ReplayError` (with ``index``) on an event that cannot happen.
    """
    state = start
    for index, event in events:
        try:
            after = apply(state, event)
        except ReplayError as exc:
            exc.index = index  # type: ignore[attr-defined]
            raise
        yield Step(index, event, state, after, observe(event, state, after, params, figures))
        state = after


def state_at(start: State, events: Iterable[Event], when: dt.date | None = None) -> State:
    """The state after the events dated on or before ``when`` (all of them if None)."""
    state = start
    for event in events:
        if when is not None and event.at > when:
            break
        state = apply(state, event)
    return state
