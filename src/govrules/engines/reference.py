"""The reference evaluator: the specification of the condition language.

Read this file to know what a rule means. The durable-rules engine is tested
against it on generated inputs (``tests/property/test_engines_agree.py``).

Values have five kinds: text, number, true/false, list and map. Dates are ISO
text (``2022-09-12``), so comparing them as text orders them by date. A value
is *missing* when its path leads nowhere (:mod:`govrules.language.observation`).

A value in a condition is one of:

=========================  =====================================================
a literal                  itself (a list literal is a tuple)
``{path: P}``              the value at P, or missing
``{path: P, key: K}``      the map at P read at the text K; missing when P is not
                           a map, K is missing or not a text, or the map has no K
``{param: N}``             the parameter N (a list parameter is a tuple)
``{param: N, key: K}``     the map parameter N read at K, as for a path
``{days: {from: A, to: B}}`` the days from date A to date B (negative when B comes
                           first); missing when A or B is missing or not a date
=========================  =====================================================

A test ``{<subject>, op: v}`` compares the subject's value x with v:

=================  ===========================================================
``exists: b``      true when x is present, if b; when x is missing, if not b
``eq: v``          x present, of the same kind as v, and equal to it
``neq: v``         not ``eq: v`` (so a missing value is not equal to anything)
``lt`` ``lte``     x present, of the same kind as v, number or text, and ordered
``gt`` ``gte``     so; false when either is missing or the kinds differ
``in: [v...]``     ``eq`` to at least one of the values
``not_in: [v...]`` not ``in`` (so a missing value is in no list)
``contains: v``    x a list with at least one item ``eq`` to v; false when x is
                   missing or empty
``all: [c...]``    every condition holds
``any: [c...]``    at least one condition holds
``not: c``         c does not hold
=================  ===========================================================

Numbers compare by value whatever their type (``1 == 1.0``); true/false are
not numbers. A missing v makes ``eq``, ordering, ``in`` and ``contains`` false.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from govrules.engines import Observation
from govrules.language.ast import All, AnyOf, Condition, Days, Not, Param, Path, Test, Value
from govrules.language.observation import MISSING, lookup
from govrules.pack.files import Rule

ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "map"
    return "missing" if value is MISSING else "other"


def at_key(found: Any, key: Any) -> Any:
    if isinstance(found, Mapping) and isinstance(key, str):
        return found.get(key, MISSING)
    return MISSING


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def evaluate(value: Value, observation: Observation) -> Any:
    """The value a condition's value stands for in ``observation``."""
    match value:
        case Path(path, key):
            found = lookup(observation, path)
            return found if key is None else at_key(found, evaluate(key, observation))
        case Param(name, key):
            found = observation["params"].get(name, MISSING)
            if isinstance(found, list):
                found = tuple(found)
            return found if key is None else at_key(found, evaluate(key, observation))
        case Days(start, end):
            a, b = as_date(evaluate(start, observation)), as_date(evaluate(end, observation))
            return MISSING if a is None or b is None else (b - a).days
    return value


def equal(a: Any, b: Any) -> bool:
    return a is not MISSING and kind(a) == kind(b) and a == b


def compare(op: str, x: Any, v: Any) -> bool:
    """``x <op> v`` on two values, as the table above says."""
    if op == "exists":
        return (x is not MISSING) is bool(v)
    if op == "eq":
        return equal(x, v)
    if op == "neq":
        return not equal(x, v)
    if op == "in":
        return kind(v) == "list" and any(equal(x, item) for item in v)
    if op == "not_in":
        return not (kind(v) == "list" and any(equal(x, item) for item in v))
    if op == "contains":
        return kind(x) == "list" and any(equal(item, v) for item in x)
    if op in ORDER:
        return kind(x) == kind(v) and kind(x) in ("number", "text") and bool(ORDER[op](x, v))
    raise ValueError(f"unknown operator `{op}`")


def holds(condition: Condition, observation: Observation) -> bool:
    """Whether ``condition`` holds for ``observation``."""
    match condition:
        case All(items):
            return all(holds(c, observation) for c in items)
        case AnyOf(items):
            return any(holds(c, observation) for c in items)
        case Not(item):
            return not holds(item, observation)
        case Test(left, op, right):
            return compare(op, evaluate(left, observation), evaluate(right, observation))
    raise ValueError(f"not a condition: {condition!r}")


class ReferenceSession:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = rules

    def evaluate(self, observation: Observation) -> list[str]:
        return [rule.id for rule in self._rules if holds(rule.condition, observation)]

    def evaluate_many(self, observations: Sequence[Observation]) -> list[list[str]]:
        return [self.evaluate(observation) for observation in observations]


class ReferenceEngine:
    """Evaluates every rule in order, in plain Python. Keeps no state at all."""

    name = "reference"

    def __init__(self, rules: Sequence[Rule], params: Mapping[str, Any]) -> None:
        self._rules = tuple(rules)

    @contextmanager
    def session(self) -> Iterator[ReferenceSession]:
        yield ReferenceSession(self._rules)
