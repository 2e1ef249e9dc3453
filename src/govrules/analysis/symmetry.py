"""Which states and which members a search may treat as one.

A rule cannot tell apart two people it does not name who sit on the same
bodies with the same seats, terms, dates and kind of affiliation: swapping
them changes no verdict, now or after any later event. So the search offers
only one of them when an event must name a member (:func:`member_classes`),
and a state's key (:func:`state_key`) renames every name the condition does
not mention in an order that depends only on such records: two states that
differ by a renaming get one key, and only the first one reached is searched
further. The key keeps only the parts of the state the condition depends on
(see :mod:`govrules.analysis.needs`), so states that differ elsewhere are one
too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from govrules.model.state import State


class _Records:
    """What a rule can know of each name it does not mention, in one state."""

    def __init__(self, state: State, bodies: Iterable[str], mentioned: frozenset[str]) -> None:
        self.state, self.mentioned = state, mentioned
        self.bodies = [(b, state.bodies[b]) for b in bodies]
        self.followers = Counter(a for a in state.affiliations.values() if a)

    def affiliation(self, name: str | None) -> Any:
        if name is None:
            return None
        if name in self.mentioned:
            return ("=", name)
        return ("?", self.followers.get(name, 0), self.state.affiliations.get(name) is not None)

    def of(self, name: str) -> Any:
        places: list[tuple[Any, ...]] = []
        for body_id, body in self.bodies:
            seat = body.members.get(name)
            if seat is not None:
                places.append(
                    (body_id, seat.seats, seat.terms, seat.consecutive, seat.joined,
                     seat.term_ends, name in body.removed)
                )  # fmt: skip
            elif name in body.past_terms:
                places.append((body_id, "past", body.past_terms[name]))
        return (
            tuple(places),
            self.affiliation(self.state.affiliations.get(name)),
            self.followers.get(name, 0),
        )


def member_classes(
    state: State, body_id: str, names: Iterable[str], mentioned: frozenset[str]
) -> list[str]:
    """One name for each group of interchangeable names (the first, sorted), in order."""
    records = _Records(state, sorted(state.bodies), mentioned)
    seen: set[Any] = set()
    out = []
    for name in sorted(names):
        if name in mentioned:
            out.append(name)
            continue
        sig = records.of(name)
        if sig not in seen:
            seen.add(sig)
            out.append(name)
    return out


def company_classes(state: State, companies: Iterable[str], mentioned: frozenset[str]) -> list[str]:
    """One affiliation for each group of interchangeable ones."""
    records = _Records(state, sorted(state.bodies), mentioned)
    seen: set[Any] = set()
    out = []
    for name in sorted(companies):
        if name in mentioned:
            out.append(name)
            continue
        sig = (records.affiliation(name), records.of(name))
        if sig not in seen:
            seen.add(sig)
            out.append(name)
    return out


def _renaming(state: State, bodies: list[str], mentioned: frozenset[str]) -> dict[str, str]:
    names: set[str] = set()
    for body_id in bodies:
        body = state.bodies[body_id]
        names |= set(body.members) | set(body.past_terms)
    names |= set(state.affiliations) | {a for a in state.affiliations.values() if a}
    records = _Records(state, bodies, mentioned)
    free = sorted((repr(records.of(n)), n) for n in names if n not in mentioned)
    return {n: f"#{i}" for i, (_, n) in enumerate(free)}


def state_key(
    state: State, now: str | None, components: frozenset[str], mentioned: frozenset[str]
) -> Hashable:
    """A key equal for states a condition cannot tell apart (up to renaming)."""
    bodies = sorted({c.partition(":")[2] for c in components if ":" in c} & set(state.bodies))
    rename = _renaming(state, bodies, mentioned)

    def r(name: str | None) -> str | None:
        return None if name is None else rename.get(name, name)

    families = {c.partition(":")[0] for c in components}
    parts: list[Any] = [now]
    for body_id in bodies:
        body = state.bodies[body_id]
        has = {f for f in families if f"{f}:{body_id}" in components}
        members = []
        for name, seat in body.members.items():
            item: tuple[Any, ...] = (r(name), seat.seats if "weights" in has else None)
            if "terms" in has:
                item += (seat.terms, seat.consecutive)
            if "dates" in has:
                item += (seat.joined, seat.term_ends)
            members.append(item)
        entry: list[Any] = [body_id, tuple(sorted(members, key=repr))]
        if "terms" in has:
            entry.append(tuple(sorted((r(n), t) for n, t in body.past_terms.items())))
        if "dates" in has:
            entry.append(tuple(sorted(body.vacated)))
        if "removed" in has:
            entry.append(tuple(sorted(map(r, body.removed), key=repr)))
        if "appointed" in has:
            entry.append(tuple(sorted(body.appointed.items())))
        if "elections" in has:
            entry.append(body.last_election)
        parts.append(tuple(entry))
    if "affiliations" in families:
        parts.append(tuple(sorted(((r(n), r(a)) for n, a in state.affiliations.items()), key=repr)))
    simple: dict[str, Callable[[], Any]] = {
        "pending": lambda: tuple(sorted(state.pending.items())),
        "transition": lambda: (state.steward, tuple(sorted((state.transition or {}).items()))),
        "parent": lambda: state.parent,
        "projects": lambda: tuple(sorted(state.projects.items())),
        "organisations": lambda: tuple(sorted(state.organisations.items())),
        "pledges": lambda: tuple(sorted(state.pledges.items())),
        "assets": lambda: tuple(sorted(state.assets.items())),
        "policies": lambda: tuple(sorted(state.policies.items())),
    }
    for family, build in simple.items():
        if family in families:
            parts.append((family, build()))
    return tuple(parts)
