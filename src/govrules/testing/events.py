"""Strategies for events and scenarios, built from a pack's declarations and state.

Every generated event is valid and can happen in the state it is drawn for, so
a generated scenario replays without error: members leave only bodies they sit
on, ballots name members, projects changed exist. Names are drawn from the
state (its members, affiliations, organisations, projects) with a few
newcomers and, now and then, arbitrary text, so rules match often and files
are stressed. Nothing here names any pack's bodies or words: they come from
the declarations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from govrules.model.events import EVENT_ADAPTER, EVENT_KINDS, Event
from govrules.model.state import State
from govrules.replay import apply

KINDS: tuple[str, ...] = tuple(EVENT_KINDS)
NEWCOMERS = ("Newcomer A", "Newcomer B", "Newcomer C")
NEW_AFFILIATIONS = ("Company X", "Company Y")


def texts(min_size: int = 1, max_size: int = 24) -> st.SearchStrategy[str]:
    """Printable text, mostly short, any script."""
    return st.text(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]),
        min_size=min_size,
        max_size=max_size,
    )


def _people(state: State) -> list[str]:
    seated = {m for body in state.bodies.values() for m in body.members}
    return sorted(seated | set(state.affiliations))


def names(state: State) -> st.SearchStrategy[str]:
    """A member's name: mostly one the state knows, or a newcomer; sometimes any text."""
    known = _people(state) + sorted(state.organisations) + list(NEWCOMERS)
    return st.one_of(*([st.sampled_from(known)] * 6), texts())


def affiliations(state: State) -> st.SearchStrategy[str | None]:
    known = sorted({a for a in state.affiliations.values() if a} | set(NEW_AFFILIATIONS))
    return st.one_of(st.none(), *([st.sampled_from(known)] * 3), texts())


def dates_after(start: dt.date) -> st.SearchStrategy[dt.date]:
    """A date on or after ``start``, often the same day or soon after."""
    return st.one_of(
        st.just(start),
        st.integers(1, 30).map(lambda n: start + dt.timedelta(days=n)),
        st.integers(31, 800).map(lambda n: start + dt.timedelta(days=n)),
    )


def _optional_date(at: dt.date) -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.none(), st.integers(-30, 60).map(lambda n: (at + dt.timedelta(days=n)).isoformat())
    )


def possible_kinds(state: State, kinds: Sequence[str] = KINDS) -> list[str]:
    """The kinds of event that can happen in ``state`` (given its declarations)."""
    decl = state.declarations
    with_members = any(b.members for b in state.bodies.values())
    out = []
    for kind in kinds:
        needs = {
            "member.joined": bool(decl.bodies),
            "member.appointed": bool(decl.bodies and decl.appointment_methods),
            "member.left": with_members,
            "member.seats_changed": with_members,
            "affiliation.changed": bool(_people(state)),
            "obligation.met": with_members and bool(decl.obligations),
            "election.held": bool(decl.bodies),
            "meeting.held": with_members,
            "decision.proposed": bool(decl.bodies and decl.topics),
            "decision.made": bool(decl.bodies and decl.topics),
            "project.changed": bool(state.projects and decl.areas),
            "project.removed": bool(state.projects),
            "licence.changed": bool(state.projects),
            "licence.exception_granted": bool(state.projects),
            "asset.transferred": bool(state.assets or decl.asset_kinds),
            "organisation.joined": bool(decl.tiers),
            "organisation.left": bool(state.organisations),
            "organisation.tier_changed": bool(state.organisations and decl.tiers),
            "pledge.changed": any(decl.pledges.values()),
            "policy.changed": any(decl.policies.values()),
        }.get(kind, True)
        if needs:
            out.append(kind)
    return out


def _seated(state: State) -> list[str]:
    return sorted(b for b, body in state.bodies.items() if body.members)


def _fields(draw: st.DrawFn, kind: str, state: State, at: dt.date) -> dict[str, Any]:
    decl = state.declarations
    bodies = sorted(decl.bodies)
    if kind in ("member.joined", "member.appointed"):
        body = draw(st.sampled_from(bodies))
        member = draw(names(state).filter(lambda n: n not in state.bodies[body].members))
        fields: dict[str, Any] = {"body": body, "member": member}
        if decl.bodies[body].members == "organisations":
            fields["seats"] = draw(st.integers(1, 3))
        affiliation = draw(affiliations(state))
        if affiliation is not None:
            fields["affiliation"] = affiliation
        term = draw(_optional_date(at + dt.timedelta(days=365)))
        if term is not None:
            fields["term_ends"] = term
        if kind == "member.appointed":
            fields["method"] = draw(st.sampled_from(decl.appointment_methods))
        return fields
    if kind in ("member.left", "member.seats_changed", "obligation.met"):
        body = draw(st.sampled_from(_seated(state)))
        member = draw(st.sampled_from(sorted(state.bodies[body].members)))
        fields = {"body": body, "member": member}
        if kind == "member.left":
            fields["reason"] = draw(st.sampled_from(["resigned", "removed", "term-ended", "other"]))
        elif kind == "member.seats_changed":
            fields["seats"] = draw(st.integers(1, 4))
        else:
            fields["obligation"] = draw(st.sampled_from(decl.obligations))
        return fields
    if kind == "affiliation.changed":
        return {"member": draw(st.sampled_from(_people(state))), "to": draw(affiliations(state))}
    if kind == "election.held":
        return _election(draw, state, at)
    if kind == "meeting.held":
        body = draw(st.sampled_from(_seated(state)))
        present = draw(st.lists(st.sampled_from(sorted(state.bodies[body].members)), unique=True))
        return {
            "body": body,
            "present": present,
            "public": draw(st.booleans()),
            "published": draw(_optional_date(at)),
        }
    if kind == "decision.proposed":
        return {"body": draw(st.sampled_from(bodies)), "topic": draw(st.sampled_from(decl.topics))}
    if kind == "decision.made":
        return _decision(draw, state, at)
    if kind == "transition.completed":
        return (
            {"changes": draw(st.lists(st.sampled_from(decl.areas), unique=True, max_size=3))}
            if decl.areas
            else {}
        )
    projects = sorted(state.projects)
    one = len(projects) == 1
    if kind == "project.changed":
        return {
            "project": draw(st.sampled_from(projects)) if not one or draw(st.booleans()) else None,
            "area": draw(st.sampled_from(decl.areas)),
            "caused_by_transition": draw(st.booleans()),
        }
    if kind == "project.added":
        name = draw(
            st.one_of(st.sampled_from(["Project P", "Project Q"]), texts()).filter(
                lambda n: n not in state.projects
            )
        )
        return {
            "project": name,
            "licence": draw(st.sampled_from(["Apache-2.0", "BUSL-1.1"])),
            "open_source": draw(st.booleans()),
        }
    if kind == "project.removed":
        return {"project": draw(st.sampled_from(projects))}
    if kind == "licence.changed":
        return {
            "project": draw(st.sampled_from(projects)) if not one or draw(st.booleans()) else None,
            "to": draw(st.sampled_from(["Apache-2.0", "MIT", "BUSL-1.1", "SSPL-1.0"])),
            "open_source": draw(st.booleans()),
        }
    if kind == "licence.exception_granted":
        return {
            "project": draw(st.sampled_from(projects)),
            "component": draw(st.sampled_from(["vendored", "docs"])),
            "licence": draw(st.sampled_from(["MIT", "CC-BY-4.0"])),
            "approved_by": draw(st.lists(names(state), max_size=2)),
        }
    if kind == "parent.changed":
        return {"to": draw(names(state)), "nonprofit": draw(st.booleans())}
    if kind == "asset.transferred":
        known = sorted(state.assets)
        if known and (not decl.asset_kinds or draw(st.booleans())):
            return {"asset": draw(st.sampled_from(known)), "to": draw(names(state))}
        return {
            "asset": draw(texts()),
            "to": draw(names(state)),
            "asset_kind": draw(st.sampled_from(decl.asset_kinds)),
        }
    if kind in ("organisation.joined", "organisation.tier_changed"):
        if kind == "organisation.joined":
            org = draw(names(state).filter(lambda n: n not in state.organisations))
        else:
            org = draw(st.sampled_from(sorted(state.organisations)))
        return {"organisation": org, "tier": draw(st.sampled_from(decl.tiers))}
    if kind == "organisation.left":
        return {"organisation": draw(st.sampled_from(sorted(state.organisations)))}
    if kind == "pledge.changed":
        pledge = draw(st.sampled_from(sorted(p for p, levels in decl.pledges.items() if levels)))
        return {
            "organisation": draw(names(state)),
            "pledge": pledge,
            "level": draw(st.sampled_from(decl.pledges[pledge])),
            "ends": draw(_optional_date(at + dt.timedelta(days=365))),
        }
    if kind == "policy.changed":
        policy = draw(st.sampled_from(sorted(p for p, values in decl.policies.items() if values)))
        return {"policy": policy, "value": draw(st.sampled_from(decl.policies[policy]))}
    raise AssertionError(f"no strategy for `{kind}`")  # pragma: no cover


def _election(draw: st.DrawFn, state: State, at: dt.date) -> dict[str, Any]:
    body = draw(st.sampled_from(sorted(state.declarations.bodies)))
    members = sorted(state.bodies[body].members)
    replaces = draw(st.lists(st.sampled_from(members), unique=True)) if members else []
    staying = set(members) - set(replaces)
    pool = st.one_of(st.sampled_from([*replaces, *NEWCOMERS, "Candidate D"]), texts())
    candidates = draw(
        st.lists(pool.filter(lambda n: n not in staying), min_size=1, max_size=6, unique=True)
    )
    seated = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=len(candidates)))
    endorse = draw(st.booleans())
    records = []
    for name in candidates:
        record: dict[str, Any] = {"name": name}
        affiliation = draw(affiliations(state))
        if affiliation is not None:
            record["affiliation"] = affiliation
        if endorse:
            record["endorsements"] = [
                {"by": by, "affiliation": aff}
                for by, aff in draw(
                    st.lists(st.tuples(names(state), st.sampled_from(NEW_AFFILIATIONS)), max_size=4)
                )
            ]
        records.append(record)
    fields: dict[str, Any] = {
        "body": body,
        "seats": draw(st.integers(1, 4)),
        "candidates": records,
        "seated": seated,
        "replaces": replaces,
    }
    term = draw(_optional_date(at + dt.timedelta(days=700)))
    if term is not None:
        fields["term_ends"] = term
    return fields


def _decision(draw: st.DrawFn, state: State, at: dt.date) -> dict[str, Any]:
    decl = state.declarations
    body = draw(st.sampled_from(sorted(decl.bodies)))
    members = sorted(state.bodies[body].members)
    fields: dict[str, Any] = {
        "body": body,
        "topic": draw(st.sampled_from(decl.topics)),
        "outcome": draw(st.sampled_from(["passed", "failed"])),
        "public": draw(st.booleans()),
        "published": draw(_optional_date(at)),
    }
    votes = draw(st.sampled_from(["ballots", "counts", "none"] if members else ["counts", "none"]))
    if votes == "ballots":
        voters = draw(st.lists(st.sampled_from(members), unique=True))
        fields["ballots"] = {m: draw(st.sampled_from(["yes", "no", "abstain"])) for m in voters}
    elif votes == "counts":
        fields["counts"] = {
            "yes": draw(st.integers(0, 9)),
            "no": draw(st.integers(0, 9)),
            "abstain": draw(st.integers(0, 3)),
        }
    if draw(st.booleans()) and members:
        fields["present"] = draw(st.lists(st.sampled_from(members), unique=True))
    if draw(st.booleans()):
        opened = at - dt.timedelta(days=draw(st.integers(0, 30)))
        fields["opened"] = opened.isoformat()
        fields["closed"] = (opened + dt.timedelta(days=draw(st.integers(0, 30)))).isoformat()
    if draw(st.booleans()):
        called = at - dt.timedelta(days=draw(st.integers(0, 40)))
        fields["called"] = called.isoformat()
        fields["seconded"] = (called + dt.timedelta(days=draw(st.integers(0, 14)))).isoformat()
    fields["mode"] = draw(st.sampled_from([None, "meeting", "async"]))
    return {k: v for k, v in fields.items() if v is not None}


@st.composite
def next_event(
    draw: st.DrawFn, state: State, after: dt.date, kinds: Sequence[str] = KINDS
) -> Event:
    """One valid event of one of ``kinds``, possible in ``state``, dated on or after ``after``."""
    possible = possible_kinds(state, kinds)
    kind = draw(st.sampled_from(possible))
    at = draw(dates_after(after))
    data = {"kind": kind, "at": at.isoformat()} | _fields(draw, kind, state, at)
    if draw(st.integers(0, 5)) == 0:
        data["id"] = draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,12}", fullmatch=True))
    return EVENT_ADAPTER.validate_python({k: v for k, v in data.items() if v is not None})


def first_date(state: State) -> dt.date:
    """A date to start scenarios from: the transition's, or 2024-01-01."""
    when = (state.transition or {}).get("date")
    return dt.date.fromisoformat(when) if when else dt.date(2024, 1, 1)


@st.composite
def event_sequences(
    draw: st.DrawFn,
    start: State,
    *,
    min_events: int = 0,
    max_events: int = 8,
    kinds: Sequence[str] = KINDS,
) -> list[Event]:
    """Events in date order, each possible in the state the ones before it make."""
    count = draw(st.integers(min_events, max_events))
    state, when = start, first_date(start) - dt.timedelta(days=draw(st.integers(0, 60)))
    events: list[Event] = []
    for _ in range(count):
        if not possible_kinds(state, kinds):
            break
        event = draw(next_event(state, when, kinds))
        events.append(event)
        state, when = apply(state, event), event.at
    return events
