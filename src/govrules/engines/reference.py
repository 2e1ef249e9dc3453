"""The reference evaluator: the specification of the condition language.

Read this file to know what a rule means. The durable-rules engine is tested
against it on generated inputs (``tests/property/test_engines_agree.py``).

Values have four kinds: text, number, true/false and list. Dates are ISO text
(``2022-09-12``), so comparing them as text orders them by date. A value is
*missing* when its path does not exist in the observation (absent values are
never stored as null).

=================  ===========================================================
``exists: b``      true when the value is present, if b; when missing, if not b
``eq: v``          present, of the same kind as v, and equal to it
``neq: v``         not ``eq: v`` (so a missing value is not equal to anything)
``lt`` ``lte``     present, same kind as v, number or text, and ordered so;
``gt`` ``gte``     false when missing or of another kind
``in: [v...]``     ``eq`` to at least one of the values
``not_in: [v...]`` not ``in`` (so a missing value is in no list)
``contains: v``    a list with at least one item ``eq`` to v; false when missing
                   or empty
``all: [c...]``    every condition holds
``any: [c...]``    at least one condition holds
``not: c``         c does not hold
=================  ===========================================================

Numbers compare by value whatever their type (``1 == 1.0``); true/false are
not numbers. The values a condition holds stay within limits the loader
enforces (:mod:`govrules.conditions`): numbers of size 0 or 0.0001 to 10^15,
text of at most 10,000 characters and no control characters; observed values
have no limits.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from govrules.conditions import All, AnyOf, Condition, Not, Param, Test, Value
from govrules.engines import Observation
from govrules.rules import Rule

MISSING: Any = object()

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
    return "other"


def lookup(observation: Observation, path: str) -> Any:
    node: Any = observation
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node or node[part] is None:
            return MISSING
        node = node[part]
    return node


def equal(a: Any, b: Any) -> bool:
    return a is not MISSING and kind(a) == kind(b) and a == b


def value_of(value: Value, observation: Observation) -> Any:
    if isinstance(value, Param):
        found = observation["params"][value.name]
        return tuple(found) if isinstance(found, list) else found
    return value


def holds(condition: Condition, observation: Observation) -> bool:
    """Whether ``condition`` holds for ``observation``."""
    match condition:
        case All(items):
            return all(holds(c, observation) for c in items)
        case AnyOf(items):
            return any(holds(c, observation) for c in items)
        case Not(item):
            return not holds(item, observation)
        case Test(path, op, raw):
            x, v = lookup(observation, path), value_of(raw, observation)
            if op == "exists":
                return (x is not MISSING) is bool(v)
            if op == "eq":
                return equal(x, v)
            if op == "neq":
                return not equal(x, v)
            if op == "in":
                return any(equal(x, item) for item in v)
            if op == "not_in":
                return not any(equal(x, item) for item in v)
            if op == "contains":
                return kind(x) == "list" and any(equal(item, v) for item in x)
            if op in ORDER:
                return (
                    x is not MISSING
                    and kind(x) == kind(v)
                    and kind(x) in ("number", "text")
                    and bool(ORDER[op](x, v))
                )
    raise ValueError(f"not a condition: {condition!r}")


class ReferenceSession:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = rules

    def evaluate(self, observation: Observation) -> list[str]:
        return [rule.id for rule in self._rules if holds(rule.when, observation)]

    def evaluate_many(self, observations: Sequence[Observation]) -> list[list[str]]:
        return [self.evaluate(observation) for observation in observations]


class ReferenceEngine:
    """Evaluates every rule in order, in plain Python. Keeps no state at all."""

    name = "reference"

    def __init__(self, rules: Sequence[Rule], params: Mapping[str, Any]) -> None:
        self._rules = tuple(rules)
        self._params = dict(params)

    @contextmanager
    def session(self) -> Iterator[ReferenceSession]:
        yield ReferenceSession(self._rules)
