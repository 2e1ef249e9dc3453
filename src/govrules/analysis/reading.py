"""Saying in words what a change did to a rule's tests.

A counterfactual names the change and the tests of the rule it turned: "with
`seats: 2` instead of `4`, `after.bodies.board.largest.share` would be 29%
(instead of 44%), at most `max_share` (33%)". Values are shown as the
rule's message shows them (a path written ``{path|percent}`` there is a
percentage here too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govrules.engines.reference import compare, evaluate
from govrules.language.ast import Condition, Param, Path, Test, Value, show_value, tests_of
from govrules.language.observation import MISSING
from govrules.language.templates import placeholders
from govrules.language.templates import show_value as shown

# How a test reads when it holds, and when it does not (between present values).
PHRASES: dict[str, tuple[str, str]] = {
    "eq": ("equal to", "other than"),
    "neq": ("other than", "equal to"),
    "lt": ("below", "at least"),
    "lte": ("at most", "above"),
    "gt": ("above", "at most"),
    "gte": ("at least", "below"),
    "in": ("one of", "not one of"),
    "not_in": ("not one of", "one of"),
    "contains": ("holding", "not holding"),
}


def show(value: Any) -> str:
    """A value on one line, as YAML's flow style writes it."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _shown(value: Any, how: str) -> str:
    return show(value) if isinstance(value, bool) else shown(value, how)


def filters(message: str) -> dict[str, str]:
    """The filter a rule's message shows each path with (``percent``)."""
    return {path: filt for path, filt in placeholders(message) if filt}


def _name(value: Value) -> str:
    if isinstance(value, Param) and value.key is None:
        return value.name
    return show_value(value)


def _side(value: Value, observed: Mapping[str, Any], filt: Mapping[str, str]) -> str:
    found = evaluate(value, observed)
    if isinstance(value, Param | Path):
        how = filt.get(value.path if isinstance(value, Path) else f"params.{value.name}", "")
        return f"`{_name(value)}` ({shown(found, how)})"
    return f"`{shown(found)}`"


def turned(
    condition: Condition,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    message: str,
) -> list[str]:
    """The tests of ``condition`` whose truth differs between two observations, in words."""
    filt = filters(message)
    out: list[str] = []
    for test in dict.fromkeys(tests_of(condition)):
        now = _holds(test, after)
        if _holds(test, before) != now:
            sentence = _sentence(test, before, after, now, filt)
            if sentence not in out:
                out.append(sentence)
    return out


def _holds(test: Test, observed: Mapping[str, Any]) -> bool:
    return compare(test.op, evaluate(test.left, observed), evaluate(test.right, observed))


def _sentence(
    test: Test,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    now: bool,
    filt: Mapping[str, str],
) -> str:
    left = test.left
    old, new = evaluate(left, before), evaluate(left, after)
    if old == new and test.op != "exists":
        # The other side moved: say so, and what the test now says.
        right = test.right
        moved = _value(right, before, after, filt)
        verdict = "holds" if now else "no longer holds"
        return f"{moved}, so `{show_value(left)} {test.op} {show_value(right)}` {verdict}"
    value = _value(left, before, after, filt)
    if new is MISSING or test.op == "exists":
        return value
    right = evaluate(test.right, after)
    if right is MISSING or (test.op in ("eq", "neq") and not isinstance(test.right, Param | Path)):
        # Against a value written in the rule, the new value says it all.
        return value
    phrase = PHRASES[test.op][0 if now else 1]
    return f"{value}, {phrase} {_side(test.right, after, filt)}"


def _value(
    side: Value, before: Mapping[str, Any], after: Mapping[str, Any], filt: Mapping[str, str]
) -> str:
    """```x` would be 2 (instead of 3)``, or ```x` would be missing``."""
    how = filt.get(side.path, "") if isinstance(side, Path) else ""
    old, new = evaluate(side, before), evaluate(side, after)
    name = f"`{_name(side)}`"
    if new is MISSING:
        return f"{name} would be missing"
    text = f"{name} would be {_shown(new, how)}"
    if old is not MISSING and old != new:
        text += f" (instead of {_shown(old, how)})"
    return text


def stated(test: Test, observed: Mapping[str, Any], message: str) -> str:
    """What a test that holds says of one observation: ```x` is 0, other than `n` (3)``."""
    filt = filters(message)
    left = test.left
    how = filt.get(left.path, "") if isinstance(left, Path) else ""
    value = evaluate(left, observed)
    text = f"`{_name(left)}` is {_shown(value, how) if value is not MISSING else 'missing'}"
    if test.op == "exists":
        return text
    phrase = PHRASES[test.op][0 if _holds(test, observed) else 1]
    return f"{text}, {phrase} {_side(test.right, observed, filt)}"
