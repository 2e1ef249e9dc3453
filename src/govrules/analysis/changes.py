"""Changes to one field of an event: what ``why`` tries, and how big each one is.

Every change is to one field and comes with its size, so the smallest can be
chosen: a number changed by ``n`` and a date moved by ``n`` days have size
``n``; a flag flipped, a value replaced, a field added or left out, a member
added to or taken from a list, a ballot changed: size 1. Whole numbers and
dates are searched, not sampled (:func:`nearest`): the nearest value on each
side that reaches the goal, by bisection over the field's whole range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from govrules.analysis.bounds import shift
from govrules.analysis.domains import FRESH_COMPANY, FRESH_PERSON, Domains, literals
from govrules.analysis.reading import show

# Fields that say what an event is about: changing one makes another event, so it
# is tried only when no other field will do.
IDENTITY = ("body", "member", "topic", "organisation", "project", "pledge", "policy", "asset")
# Fields never changed: the kind, and what names or describes the event.
NEVER = frozenset({"kind", "id", "note", "subject", "description", "component"})
DATES = ("at", "published", "called", "seconded", "opened", "closed", "term_ends", "ends")
# Whole-number fields: their range, and how to read and write them in an event's data.
NUMBERS: dict[str, tuple[int, int]] = {
    "seats": (1, 100_000),
    "counts.yes": (0, 10_000_000),
    "counts.no": (0, 10_000_000),
    "counts.abstain": (0, 10_000_000),
}
NAME_LISTS = ("present", "removes", "conflicted", "approvals", "vetoed_by", "replaces", "changes")
LINEAR = 3  # steps tried one by one before bisecting: a goal need not be monotone near the value


@dataclass(frozen=True)
class Change:
    """One change to one field of an event."""

    field: str
    before: Any  # None: the field was left out
    after: Any  # None: the field is left out
    size: int
    text: str  # how a sentence names it: "`seats: 2` instead of `4`"


def get(data: Mapping[str, Any], name: str) -> Any:
    node: Any = data
    for part in name.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def put(data: Mapping[str, Any], name: str, value: Any) -> dict[str, Any]:
    """``data`` with ``name`` (dotted) set to ``value`` (None: left out)."""
    head, _, rest = name.partition(".")
    out = dict(data)
    if rest:
        inner = out.get(head) if isinstance(out.get(head), Mapping) else {}
        out[head] = put(inner or {}, rest, value)
    elif value is None:
        out.pop(head, None)
    else:
        out[head] = value
    return out


def nearest(start: int, low: int, high: int, goal: Callable[[int], bool]) -> list[int]:
    """The values nearest ``start`` on each side, within ``[low, high]``, that reach ``goal``.

    Steps of 1 to :data:`LINEAR` are tried one by one; beyond, the side's far
    end is tried and, when it reaches the goal, the nearest value between is
    found by bisection (exact when the goal, once reached, holds all the way
    to the end, as a threshold does).
    """
    found = []
    for direction in (-1, 1):
        room = (start - low) if direction < 0 else (high - start)
        hit = next(
            (k for k in range(1, min(LINEAR, room) + 1) if goal(start + direction * k)), None
        )
        if hit is None and room > LINEAR and goal(start + direction * room):
            lo, hi = LINEAR, room  # goal(lo) is false, goal(hi) is true
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if goal(start + direction * mid) else (mid, hi)
            hit = hi
        if hit is not None:
            found.append(start + direction * hit)
    return found


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def date_changes(
    data: Mapping[str, Any],
    name: str,
    low: str,
    high: str,
    goal: Callable[[dict[str, Any]], bool],
    hints: Iterable[str] = (),
) -> Iterator[tuple[dict[str, Any], Change]]:
    """A date moved by the fewest days each way (within ``[low, high]``), left out, or added.

    ``hints`` are the dates on the rule's boundaries: a goal reached only between
    two boundaries (a term of 700 to 760 days) is found there.
    """
    current = get(data, name)
    if current is None:
        # Added: on the event's own date if that will do, else the nearest date that will.
        anchor = str(data["at"])
        if goal(put(data, name, anchor)):
            yield put(data, name, anchor), _added(name, anchor)
            return
        for value in nearest(0, -3650, 3650, lambda k: goal(put(data, name, shift(anchor, k))))[:1]:
            after = shift(anchor, value)
            yield put(data, name, after), _added(name, after)
        for after in sorted(set(hints), key=lambda d: abs(_days(anchor, d))):
            if goal(put(data, name, after)):
                yield put(data, name, after), _added(name, after)
                break
        return
    if name != "at" and goal(put(data, name, None)):
        yield put(data, name, None), Change(name, current, None, 1, f"`{name}` left out")
    lowest, highest = _days(current, low), _days(current, high)
    moves = nearest(0, lowest, highest, lambda k: goal(put(data, name, shift(current, k))))
    for hint in hints:
        k = _days(current, hint)
        if k and lowest <= k <= highest and goal(put(data, name, hint)):
            moves.append(k)
    for k in sorted(set(moves), key=abs):
        after = shift(current, k)
        words = f"{abs(k)} day{'s' if abs(k) != 1 else ''} {'later' if k > 0 else 'earlier'}"
        text = f"`{name}: {after}` instead of `{current}` ({words})"
        yield put(data, name, after), Change(name, current, after, abs(k), text)


def _added(name: str, value: str) -> Change:
    return Change(name, None, value, 1, f"`{name}: {value}` added")


def number_changes(
    data: Mapping[str, Any],
    name: str,
    goal: Callable[[dict[str, Any]], bool],
    hints: Iterable[int] = (),
) -> Iterator[tuple[dict[str, Any], Change]]:
    """A whole number changed to the nearest value each way that reaches the goal."""
    current = get(data, name)
    low, high = NUMBERS[name]
    if current is None:
        if name != "seats":
            return
        current = 1
    values = nearest(int(current), low, high, lambda v: goal(put(data, name, v)))
    values += [h for h in hints if low <= h <= high and h != current and goal(put(data, name, h))]
    for value in sorted(set(values), key=lambda v: abs(v - current)):
        text = f"`{name}: {value}` instead of `{current}`"
        yield put(data, name, value), Change(name, current, value, abs(value - current), text)


def simple_changes(
    data: Mapping[str, Any], name: str, domains: Domains
) -> Iterator[tuple[dict[str, Any], Change]]:
    """Replacements, additions and removals of one field's value (size 1 each)."""
    kind = str(data["kind"])
    current = data.get(name)
    if name == "ballots":
        yield from _ballot_changes(data, domains)
        return
    if name == "candidates":
        yield from _candidate_changes(data, domains)
        yield from _support_changes(data, domains)
        return
    if name in NAME_LISTS:
        items = list(current or [])
        for item in items:
            rest = [i for i in items if i != item]
            yield (
                put(data, name, rest),
                Change(name, items, rest, 1, f"`{item}` taken out of `{name}`"),
            )
        options: list[Any] = []
        for value in domains.of(name, data):
            if isinstance(value, list):
                options += [v for v in value if v not in options]
        for item in options:
            if item not in items:
                more = [*items, item]
                yield (
                    put(data, name, more),
                    Change(name, items, more, 1, f"`{item}` added to `{name}`"),
                )
        return
    values = literals(kind, name) or domains.of(name, data)
    if isinstance(current, bool):
        values = [not current]
    for value in values:
        if value == current or isinstance(value, list | dict):
            continue
        if value is None:
            text = f"`{name}` left out"
        elif current is None:
            text = f"`{name}: {show(value)}` added"
        else:
            text = f"`{name}: {show(value)}` instead of `{show(current)}`"
        yield put(data, name, value), Change(name, current, value, 1, text)


def _ballot_changes(
    data: Mapping[str, Any], domains: Domains
) -> Iterator[tuple[dict[str, Any], Change]]:
    ballots: dict[str, str] = dict(data.get("ballots") or {})
    for voter, vote in ballots.items():
        for other in ("yes", "no", "abstain"):
            if other != vote:
                changed = {**ballots, voter: other}
                text = f"`{voter}` voting `{other}` instead of `{vote}`"
                yield put(data, "ballots", changed), Change("ballots", ballots, changed, 1, text)
        rest = {k: v for k, v in ballots.items() if k != voter}
        yield (
            put(data, "ballots", rest or None),
            Change("ballots", ballots, rest, 1, f"no ballot from `{voter}`"),
        )
    found = domains.state.bodies.get(str(data.get("body")))
    members = sorted(found.members) if found is not None else []
    for member in members:
        if member not in ballots:
            for vote in ("yes", "no", "abstain"):
                changed = {**ballots, member: vote}
                text = f"`{member}` voting `{vote}`"
                yield put(data, "ballots", changed), Change("ballots", ballots, changed, 1, text)


def _candidate_changes(
    data: Mapping[str, Any], domains: Domains
) -> Iterator[tuple[dict[str, Any], Change]]:
    candidates = [dict(c) for c in data.get("candidates") or []]
    seated = list(data.get("seated") or [])
    for candidate in candidates:
        name = candidate["name"]
        if name in seated:
            rest = [n for n in seated if n != name]
            text = f"`{name}` not seated"
            yield put(data, "seated", rest), Change("seated", seated, rest, 1, text)
        else:
            more = [*seated, name]
            text = f"`{name}` seated too"
            yield put(data, "seated", more), Change("seated", seated, more, 1, text)
    known = {n for b in domains.state.bodies.values() for n in b.members}
    newcomer = next(n for n in domains.fresh(FRESH_PERSON, len(candidates) + 1) if n not in known)
    employers = list(dict.fromkeys(c.get("affiliation") for c in candidates))
    for employer in [*employers, *domains.fresh(FRESH_COMPANY)]:
        extra = {"name": newcomer, **({"affiliation": employer} if employer else {})}
        changed = put(put(data, "candidates", [*candidates, extra]), "seated", [*seated, newcomer])
        where = f" from `{employer}`" if employer else ""
        text = f"one more candidate seated{where} (`{newcomer}`)"
        yield changed, Change("candidates", None, extra, 1, text)
    for i, candidate in enumerate(candidates):
        current = candidate.get("affiliation")
        for employer in employers:
            if employer != current:
                moved = [dict(c) for c in candidates]
                if employer is None:
                    moved[i].pop("affiliation", None)
                else:
                    moved[i]["affiliation"] = employer
                text = (
                    f"`{candidate['name']}` "
                    + (f"from `{employer}`" if employer else "with no affiliation")
                    + (f" instead of `{current}`" if current else "")
                )
                yield (
                    put(data, "candidates", moved),
                    Change("candidates", current, employer, 1, text),
                )


def _support_changes(
    data: Mapping[str, Any], domains: Domains
) -> Iterator[tuple[dict[str, Any], Change]]:
    """A candidate's nomination left out or given by a newcomer; an endorsement taken
    away, or one more from a newcomer with an employer of their own."""
    candidates = [dict(c) for c in data.get("candidates") or []]
    outsider = domains.fresh("Nominator")[0]
    endorser, employer = domains.fresh("Endorser")[0], domains.fresh(FRESH_COMPANY)[0]

    def edited(i: int, **fields: Any) -> dict[str, Any]:
        moved = [dict(c) for c in candidates]
        for key, value in fields.items():
            if value is None:
                moved[i].pop(key, None)
            else:
                moved[i][key] = value
        return put(data, "candidates", moved)

    for i, candidate in enumerate(candidates):
        name, by = candidate["name"], candidate.get("nominated_by")
        if by is not None:
            text = f"`{name}` nominated by no one recorded instead of `{by}`"
            yield edited(i, nominated_by=None), Change("candidates", by, None, 1, text)
            text = f"`{name}` nominated by `{outsider}` instead of `{by}`"
            yield edited(i, nominated_by=outsider), Change("candidates", by, outsider, 1, text)
        endorsements = list(candidate.get("endorsements") or [])
        for e in endorsements:
            rest = [x for x in endorsements if x != e]
            text = f"`{name}` not endorsed by `{e['by']}`"
            yield edited(i, endorsements=rest), Change("candidates", e, None, 1, text)
        if candidate.get("endorsements") is not None:
            extra = {"by": endorser, "affiliation": employer}
            text = f"`{name}` endorsed by one more endorser (`{endorser}` of `{employer}`)"
            yield (
                edited(i, endorsements=[*endorsements, extra]),
                Change("candidates", None, extra, 1, text),
            )
