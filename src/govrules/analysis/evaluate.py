"""How the analyses evaluate rules: the one place that does.

Every verdict of :mod:`govrules.analysis` comes from :func:`fires`, which asks
the reference evaluator (the specification) on the observation
:func:`govrules.replay.observe` builds, so a faster evaluator with the same
meaning can be put in here alone. :func:`verdict` is the same meaning with a
third answer, *unknown*, for an event whose fields are chosen one at a time:
the search drops a partly built event as soon as the condition is false
whatever the rest turns out to be.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from govrules.engines.reference import at_key, compare, holds
from govrules.language.ast import All, AnyOf, Condition, Days, Not, Param, Path, Test, Value
from govrules.language.observation import MISSING
from govrules.model.events import Event
from govrules.model.state import State
from govrules.replay import observe


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final[Any] = _Unknown()


def observation(
    event: Event, before: State, after: State, params: Mapping[str, Any]
) -> dict[str, Any]:
    """What rules are evaluated on (as ``check`` builds it)."""
    return observe(event, before, after, params)


def fires(condition: Condition, observed: Mapping[str, Any]) -> bool:
    """Whether a rule's condition holds on an observation (the rule fires)."""
    return holds(condition, observed)


Lookup = Callable[[str], Any]


def _value(value: Value, lookup: Lookup, params: Mapping[str, Any]) -> Any:
    match value:
        case Path(path, key):
            found = lookup(path)
            if key is None or found is UNKNOWN:
                return found
            k = _value(key, lookup, params)
            return UNKNOWN if k is UNKNOWN else at_key(found, k)
        case Param(name, key):
            found = params.get(name, MISSING)
            if isinstance(found, list):
                found = tuple(found)
            if key is None:
                return found
            k = _value(key, lookup, params)
            return UNKNOWN if k is UNKNOWN else at_key(found, k)
        case Days(start, end):
            from govrules.engines.reference import as_date

            a, b = _value(start, lookup, params), _value(end, lookup, params)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            da, db = as_date(a), as_date(b)
            return MISSING if da is None or db is None else (db - da).days
    return value


def verdict(condition: Condition, lookup: Lookup, params: Mapping[str, Any]) -> bool | None:
    """Whether ``condition`` holds, with paths that ``lookup`` says are unknown.

    ``lookup(path)`` gives a value, :data:`MISSING`, or :data:`UNKNOWN`. The
    answer is None when it depends on an unknown value (Kleene's three-valued
    logic: ``all`` is false as soon as one item is, ``any`` true as soon as one
    is). With nothing unknown it is :func:`fires`'s answer.
    """
    match condition:
        case All(items):
            result: bool | None = True
            for item in items:
                v = verdict(item, lookup, params)
                if v is False:
                    return False
                if v is None:
                    result = None
            return result
        case AnyOf(items):
            found: bool | None = False
            for item in items:
                v = verdict(item, lookup, params)
                if v is True:
                    return True
                if v is None:
                    found = None
            return found
        case Not(item):
            v = verdict(item, lookup, params)
            return None if v is None else not v
        case Test(left, op, right):
            x, y = _value(left, lookup, params), _value(right, lookup, params)
            if x is UNKNOWN or y is UNKNOWN:
                return None
            return compare(op, x, y)
    raise ValueError(f"not a condition: {condition!r}")
