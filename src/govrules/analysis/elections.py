"""The elections a search tries: slates built from a few choices.

An election names candidates with affiliations, nominations and
endorsements, who is seated and whose seats were up: far too many to list.
What a rule can see of one is who leaves, who is seated again, how many
newcomers take a seat and how their affiliations fall, whether a candidate is
passed over, the open seats, the term, and who nominated and endorsed whom.
Each of those is a choice with a few values on the condition's boundaries,
varied only when it can move the verdict; every combination is one election.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import product
from typing import TYPE_CHECKING, Any

from govrules.analysis.domains import FRESH_COMPANY, FRESH_PERSON

if TYPE_CHECKING:
    from govrules.analysis.domains import Domains
    from govrules.analysis.space import Prune

MAX_SEATED = 12  # the most newcomers seated at once when no boundary asks for more
SLATE = frozenset({"candidates", "seated", "replaces"})


def _newcomers(domains: Domains, body: str, staying: int, slate: bool) -> list[int]:
    if not slate:
        return [1]
    size = domains.decl.bodies[body].size
    wanted = {0, 1, 2, 3}
    for field in ("state", "seated", "candidates"):
        wanted |= {n - staying for n in domains.bounds.near(field)} | set(
            domains.bounds.near(field)
        )
    if size is not None:
        wanted |= {size - staying, size - staying + 1}
    # One newcomer first: the plainest election, and what a step that only needs
    # "an election" takes.
    return sorted((n for n in wanted if 0 <= n <= MAX_SEATED), key=lambda n: (n != 1, n))


def _patterns(domains: Domains, count: int, varied: bool) -> list[tuple[int, str | None]]:
    """How newcomers' affiliations fall: ``(j, company)``: j of them work for it."""
    if not varied or count == 0:
        return [(0, None)]
    shares = (
        {count, 2} | set(domains.bounds.near("state")) | set(domains.bounds.near("affiliation"))
    )
    out: list[tuple[int, str | None]] = [(0, None)]
    for company in [
        *domains.fresh(FRESH_COMPANY),
        *domains.companies(),
        *domains.texts("affiliation"),
    ]:
        for j in sorted(s for s in shares if 1 <= s <= count):
            out.append((j, company))
    return out


def _nominations(domains: Domains, varied: bool) -> list[Any]:
    if not varied:
        return [None]
    return [None, "self", *(("by", p) for p in domains.people()), ("by", "fresh")]


def _endorsements(domains: Domains, varied: bool) -> list[Any]:
    """``(endorsers, employers, member)``: every candidate endorsed by that many people of
    that many employers, the first one by ``member`` too (a member of a body)."""
    if not varied:
        return [None]
    counts = sorted({1, 2, 3, *domains.bounds.near("endorsements", low=1)})
    out: list[Any] = [None, (0, 0, None)]
    for n in counts:
        out += [(n, n, None), (n, max(1, n - 1), None)]
    for member in domains.people():
        out += [(0, 0, member), *((n, n, member) for n in counts)]
    return list(dict.fromkeys(out))


def _endorsers(domains: Domains, choice: Any, first: bool) -> list[dict[str, str]] | None:
    if choice is None:
        return None
    people, employers, member = choice
    names = domains.fresh("Endorser", people)
    companies = domains.fresh(FRESH_COMPANY, max(employers, 1))
    out = [{"by": n, "affiliation": companies[i % len(companies)]} for i, n in enumerate(names)]
    if member is not None and first:
        affiliation = domains.state.affiliations.get(member)
        out.insert(0, {"by": member, **({"affiliation": affiliation} if affiliation else {})})
    return out


def elections(
    domains: Domains,
    fields: Mapping[str, Any],
    varied: set[str],
    prune: Prune | None,
) -> Iterator[dict[str, Any]]:
    """Every election of the space on ``fields["body"]``, on ``fields["at"]``."""
    body = fields["body"]
    members = sorted(domains.state.bodies[body].members)
    slate = bool(varied & SLATE)
    leaving: list[list[str]] = [[]]
    if slate:
        leaving += [[m] for m in domains.members(body)]
        if len(members) > 1:
            leaving.append(members)
    for replaces in leaving:
        for again in [False, True] if slate and replaces else [False]:
            staying = len(members) - len(replaces) + (len(replaces) if again else 0)
            for count in _newcomers(domains, body, staying, slate):
                for pattern in _patterns(domains, count, "affiliation" in varied):
                    yield from _variants(
                        domains, fields, varied, replaces, again, count, pattern, prune
                    )


def _variants(
    domains: Domains,
    fields: Mapping[str, Any],
    varied: set[str],
    replaces: list[str],
    again: bool,
    count: int,
    pattern: tuple[int, str | None],
    prune: Prune | None,
) -> Iterator[dict[str, Any]]:
    slate = bool(varied & SLATE)
    extras = [None, "first", "last"] if slate else [None]
    newcomers = domains.fresh(FRESH_PERSON, count + 1)
    seated_new, spare = newcomers[:count], newcomers[count]
    shared, company = pattern
    reseated = replaces if again else []
    seated = [*reseated, *seated_new]
    seats_options: list[int | None] = [None]
    if "seats" in varied:
        seats_options += sorted(
            {len(seated) - 1, len(seated) + 1, *domains.bounds.near("seats")} - {len(seated)}
        )
    terms = domains.of("term_ends", fields) if "term_ends" in varied else [None]
    choices = product(
        extras,
        seats_options,
        terms,
        _nominations(domains, "nominated_by" in varied),
        _endorsements(domains, "endorsements" in varied),
    )
    for extra, seats, term_ends, nominated, endorsed in choices:
        if seats is not None and seats < 1:
            continue
        candidates = []
        for name in seated:
            candidate: dict[str, Any] = {"name": name}
            if name in seated_new and seated_new.index(name) < shared:
                candidate["affiliation"] = company
            candidates.append(candidate)
        if extra == "first" or (extra is None and not candidates):
            candidates.insert(0, {"name": spare})
        elif extra == "last":
            candidates.append({"name": spare})
        if nominated is not None and candidates:
            first = candidates[0]
            by = first["name"] if nominated == "self" else nominated[1]
            first["nominated_by"] = domains.fresh("Nominator")[0] if by == "fresh" else by
        if endorsed is not None:
            for i, candidate in enumerate(candidates):
                candidate["endorsements"] = _endorsers(domains, endorsed, i == 0)
        event: dict[str, Any] = {
            **fields,
            "seats": seats if seats is not None else max(1, len(seated)),
            "candidates": candidates,
            "seated": seated,
            "replaces": replaces,
        }
        if term_ends is not None:
            event["term_ends"] = term_ends
        if prune is None or prune(fields["kind"], event):
            yield event
