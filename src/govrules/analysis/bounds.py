"""The values a condition compares with: where the boundaries of the event space lie.

A rule that says ``event.window_days lt params.vote_days`` is decided by
windows of ``vote_days - 1``, ``vote_days`` and ``vote_days + 1`` days; one
that says ``after.bodies.B.size gt params.size`` by a body of ``size`` and of
``size + 1`` members. :func:`bounds_of` collects, from a condition and the
pack's parameters, the numbers compared with each event field (through the
figures computed from it), the spans of days, the dates, and the names (texts)
the condition mentions. The event space (:mod:`govrules.analysis.space`) puts
its values just below, on and just above each of them; nothing else about the
pack is known to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from govrules.analysis.needs import counts_days, event_needs
from govrules.language.ast import Condition, Days, Param, Path, Value, tests_of, values_of
from govrules.language.schema import is_date


@dataclass(frozen=True)
class Bounds:
    """What a condition compares with, sorted, by the event field it bears on."""

    numbers: Mapping[str, tuple[float, ...]]  # by event field; "state" for state figures
    days: Mapping[str, tuple[int, ...]]  # spans of days, by event field
    dates: tuple[str, ...]  # ISO dates the condition compares with
    texts: Mapping[str, tuple[str, ...]]  # texts compared with each event field; "state"
    mentioned: frozenset[str]  # every text and path segment it mentions

    def near(self, field: str, *, low: int = 0) -> list[int]:
        """Whole numbers just below, on and just above each number compared with ``field``."""
        out = set()
        for c in self.numbers.get(field, ()):
            base = int(c) if float(c).is_integer() else int(c // 1)
            out |= {base - 1, base, base + 1} if float(c).is_integer() else {base, base + 1}
        return sorted(n for n in out if n >= low)

    def spans(self, field: str) -> list[int]:
        """Spans of days just below, on and just above each compared with ``field``."""
        out = set()
        for c in self.days.get(field, ()):
            out |= {c - 1, c, c + 1}
        return sorted(out)


def _constants(value: Value, params: Mapping[str, Any]) -> list[Any] | None:
    """The values a side of a test stands for, if it is a constant; else None."""
    match value:
        case Path() | Days():
            return None
        case Param(name, None):
            found = params.get(name)
            if isinstance(found, list | tuple):
                return list(found)
            if isinstance(found, Mapping):
                return [*found.keys(), *found.values()]
            return [] if found is None else [found]
        case Param(name, key):
            found = params.get(name)
            if not isinstance(found, Mapping):
                return []
            keys = _constants(key, params) if key is not None else None
            if keys is None:
                return list(found.values())
            return [found[k] for k in keys if isinstance(k, str) and k in found]
        case tuple():
            return list(value)
    return [value]


def _fields_of(path: str) -> set[str]:
    if path.startswith("event."):
        fields, _ = event_needs(path, ())
        return fields
    if path.startswith(("before.", "after.")):
        return {"state"}
    return set()


def _day_fields(path: str) -> set[str]:
    """The event fields a date read in a span of days moves with."""
    if path.startswith("event."):
        return _fields_of(path)
    # A state date (when a member joined, the last election) is fixed by then:
    # the event's own date moves the span.
    return {"at"}


def _texts_of(values: Iterable[Any]) -> list[str]:
    return [v for v in values if isinstance(v, str)]


def bounds_of(condition: Condition, params: Mapping[str, Any]) -> Bounds:
    """The boundaries of ``condition`` over parameters ``params``."""
    numbers: dict[str, set[float]] = {}
    days: dict[str, set[int]] = {}
    texts: dict[str, set[str]] = {}
    mentioned: set[str] = set()

    def add_texts(paths: Iterable[str], values: Iterable[Any]) -> None:
        found = set(_texts_of(values))
        mentioned.update(found)
        for path in paths:
            for f in _fields_of(path):
                texts.setdefault(f, set()).update(found)

    for test in tests_of(condition):
        for side, other in ((test.left, test.right), (test.right, test.left)):
            for value in values_of(side):
                if isinstance(value, Path):
                    mentioned.update(value.path.split("."))
                    if isinstance(value.key, Param):
                        add_texts([value.path], _constants(Param(value.key.name), params) or [])
                if isinstance(value, Param) and isinstance(value.key, Path):
                    found = params.get(value.name)
                    keys = list(found) if isinstance(found, Mapping) else []
                    add_texts([value.key.path], keys)
            consts = _constants(side, params)
            if consts is None:
                continue
            paths = [v.path for v in values_of(other) if isinstance(v, Path)]
            add_texts(paths, consts)
            nums = [c for c in consts if isinstance(c, int | float) and not isinstance(c, bool)]
            if not nums:
                continue
            for value in values_of(other):
                if isinstance(value, Days):
                    for inner in (*values_of(value.start), *values_of(value.end)):
                        if isinstance(inner, Path):
                            for f in _day_fields(inner.path):
                                days.setdefault(f, set()).update(int(n) for n in nums)
                elif isinstance(value, Path) and counts_days(value.path):
                    for f in _fields_of(value.path):
                        days.setdefault(f, set()).update(int(n) for n in nums)
                elif isinstance(value, Path):
                    for f in _fields_of(value.path):
                        numbers.setdefault(f, set()).update(nums)
    every = {t for values in texts.values() for t in values}
    return Bounds(
        numbers={k: tuple(sorted(v)) for k, v in numbers.items()},
        days={k: tuple(sorted(v)) for k, v in days.items()},
        dates=tuple(sorted(t for t in every if is_date(t))),
        texts={k: tuple(sorted(t for t in v if not is_date(t))) for k, v in texts.items()},
        mentioned=frozenset(mentioned),
    )


def shift(date: str | dt.date, days: int) -> str:
    """An ISO date ``days`` after ``date``."""
    start = dt.date.fromisoformat(date) if isinstance(date, str) else date
    return (start + dt.timedelta(days=days)).isoformat()
