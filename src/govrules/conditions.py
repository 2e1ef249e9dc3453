"""The condition language of rule files, and message templates.

A condition is data, never code::

    all:
      - {path: event.kind, in: [board.seat_gained, board.seat_lost]}
      - {path: after.board.largest_share, gt: {param: max_seat_share}}

Combinators: ``all`` (a non-empty list), ``any`` (a non-empty list), ``not``.
A test names a ``path`` into the observation (``event.*``, ``before.*``,
``after.*``, ``params.*``) and exactly one operator: ``eq``, ``neq``, ``lt``,
``lte``, ``gt``, ``gte``, ``in``, ``not_in``, ``contains``, ``exists``. The
value is a literal or ``{param: NAME}``. What each operator means, including on
a missing field, is written once, in :mod:`govrules.engines.reference`.

Paths and values are checked against the observation's schema when a rule is
loaded, so a typo or a comparison of a number with a string is a load error,
not a rule that silently never fires.

Values have limits, so that both engines read them exactly (durable-rules
cannot read smaller or larger numbers, or longer text, correctly): a number is
0 or between ``MIN_NUMBER`` (0.0001) and ``MAX_NUMBER`` (10^15) in size; text
is at most ``MAX_TEXT`` (10,000) characters and holds no control characters.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any, Union

from govrules.errors import with_suggestion
from govrules.events import EVENT_MODELS
from govrules.state import STATE_PATHS

Scalar = str | int | float | bool
MIN_NUMBER = 1e-4
MAX_NUMBER = 10**15
MAX_TEXT = 10_000
OPERATORS: tuple[str, ...] = (
    "eq",
    "neq",
    "lt",
    "lte",
    "gt",
    "gte",
    "in",
    "not_in",
    "contains",
    "exists",
)
ORDERED = ("lt", "lte", "gt", "gte")
NEGATION = {
    "eq": "neq",
    "neq": "eq",
    "lt": "gte",
    "gte": "lt",
    "gt": "lte",
    "lte": "gt",
    "in": "not_in",
    "not_in": "in",
}


@dataclass(frozen=True)
class Param:
    """A reference to a pack parameter, resolved when the rules are compiled."""

    name: str


Value = Scalar | tuple[Scalar, ...] | Param


@dataclass(frozen=True)
class Test:
    """``path <op> value``."""

    path: str
    op: str
    value: Value


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Test | All | AnyOf | Not


class ConditionError(Exception):
    """A problem in a condition, at a place inside it."""

    def __init__(self, message: str, loc: tuple[int | str, ...], help: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc
        self.help = help


# ---------------------------------------------------------------------------
# The observation's schema: which paths exist, and their types.
# Types: "string", "number", "bool", "date" (an ISO date, compared as text),
# and "list" (of strings).


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type_name(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        names = {_type_name(a) for a in typing.get_args(annotation) if a is not type(None)}
        return names.pop() if len(names) == 1 else "mixed"
    if origin is typing.Literal:
        return "string"
    if origin is list:
        return "list"
    if annotation is bool:
        return "bool"
    if annotation in (int, float):
        return "number"
    if annotation is dt.date:
        return "date"
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return "string"
    return "mixed"


def event_paths() -> dict[str, str]:
    """``event.*`` paths and their types, across the whole catalogue."""
    paths: dict[str, str] = {}
    for model in EVENT_MODELS:
        fields = {n: f.annotation for n, f in model.model_fields.items()}
        fields |= {n: f.return_type for n, f in model.model_computed_fields.items()}
        for name, annotation in fields.items():
            kind = _type_name(annotation)
            previous = paths.setdefault(f"event.{name}", kind)
            if previous != kind:  # pragma: no cover - the catalogue keeps field types aligned
                raise TypeError(f"event field `{name}` has two types: {previous} and {kind}")
    return paths


EVENT_PATHS = event_paths()


def param_type(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, str):
        return "date" if _is_date(value) else "string"
    return "mixed"


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def observation_paths(params: Mapping[str, object]) -> dict[str, str]:
    """Every path a rule may name, with its type."""
    paths = dict(EVENT_PATHS)
    for prefix in ("before", "after"):
        paths |= {f"{prefix}.{p}": t for p, t in STATE_PATHS.items()}
    paths |= {f"params.{name}": param_type(v) for name, v in params.items()}
    return paths


def parse_number(text: object) -> int | float | None:
    """A parameter number: an int, a float, or a fraction written ``"1/3"``."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return text
    if isinstance(text, str) and re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", text):
        frac = Fraction(text.replace(" ", ""))
        return float(frac)
    return None


# ---------------------------------------------------------------------------
# Parsing a condition from plain data, checking it against the schema.


def parse_condition(
    data: object,
    paths: Mapping[str, str],
    params: Mapping[str, object],
    loc: tuple[int | str, ...] = (),
) -> Condition:
    """Parse and type-check one condition; raises :class:`ConditionError`."""
    if not isinstance(data, dict):
        raise ConditionError("a condition must be a mapping", loc)
    combinators = [k for k in ("all", "any", "not") if k in data]
    if combinators:
        if len(data) != 1:
            extra = sorted(set(data) - {combinators[0]})
            raise ConditionError(
                f"`{combinators[0]}` must stand alone, found also `{'`, `'.join(extra)}`", loc
            )
        key = combinators[0]
        body = data[key]
        if key == "not":
            return Not(parse_condition(body, paths, params, (*loc, "not")))
        if not isinstance(body, list) or not body:
            raise ConditionError(f"`{key}` takes a non-empty list of conditions", (*loc, key))
        items = tuple(
            parse_condition(item, paths, params, (*loc, key, i)) for i, item in enumerate(body)
        )
        return All(items) if key == "all" else AnyOf(items)
    if "path" not in data:
        keys = ", ".join(f"`{k}`" for k in data) or "nothing"
        raise ConditionError(
            f"expected `all`, `any`, `not` or a test with `path`, found {keys}",
            loc,
            help="a test looks like {path: event.kind, eq: decision}",
        )
    return _parse_test(data, paths, params, loc)


def _parse_test(
    data: dict[str, Any],
    paths: Mapping[str, str],
    params: Mapping[str, object],
    loc: tuple[int | str, ...],
) -> Test:
    path = data["path"]
    if not isinstance(path, str):
        raise ConditionError("`path` must be a string", (*loc, "path"))
    if path not in paths:
        raise ConditionError(
            with_suggestion(f"unknown path `{path}`", path, list(paths)), (*loc, "path")
        )
    if path.startswith("params."):
        # A parameter read as a path is a value of the rule too.
        held = params[path.removeprefix("params.")]
        for limited in held if isinstance(held, list | tuple) else (held,):
            _check_limits(limited, (*loc, "path"))
    ops = [k for k in data if k != "path"]
    if len(ops) != 1:
        found = ", ".join(f"`{k}`" for k in ops) or "none"
        raise ConditionError(
            f"a test takes exactly one operator, found {found}",
            loc,
            help=f"operators: {', '.join(OPERATORS)}",
        )
    op = ops[0]
    if op not in OPERATORS:
        raise ConditionError(
            with_suggestion(f"unknown operator `{op}`", op, OPERATORS),
            (*loc, op),
            help=f"operators: {', '.join(OPERATORS)}",
        )
    value = _parse_value(data[op], op, params, (*loc, op))
    _check_types(path, paths[path], op, value, params, (*loc, op))
    return Test(path, op, value)


def _parse_value(
    raw: object, op: str, params: Mapping[str, object], loc: tuple[int | str, ...]
) -> Value:
    if isinstance(raw, dict):
        if set(raw) != {"param"} or not isinstance(raw["param"], str):
            raise ConditionError("a reference to a parameter is written {param: NAME}", loc)
        name = raw["param"]
        if name not in params:
            raise ConditionError(
                with_suggestion(f"unknown parameter `{name}`", name, list(params)), loc
            )
        return Param(name)
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            raise ConditionError(f"`{op}` takes a non-empty list of values", loc)
        if not all(_is_scalar(v) for v in raw):
            raise ConditionError(f"`{op}` takes a list of plain values", loc)
        return tuple(raw)
    if not _is_scalar(raw):
        raise ConditionError(f"`{op}` takes a plain value (text, number or true/false)", loc)
    return raw  # type: ignore[return-value]


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool) and not (
        isinstance(value, float) and math.isnan(value)
    )


def resolve(value: Value, params: Mapping[str, object]) -> Scalar | tuple[Scalar, ...]:
    """The literal a value stands for, looking parameters up."""
    if isinstance(value, Param):
        found = params[value.name]
        return tuple(found) if isinstance(found, list) else found  # type: ignore[return-value]
    return value


def _value_type(value: object) -> str:
    return param_type(value)


def _check_types(
    path: str,
    path_type: str,
    op: str,
    value: Value,
    params: Mapping[str, object],
    loc: tuple[int | str, ...],
) -> None:
    literal = resolve(value, params)
    shown = f"{{param: {value.name}}}" if isinstance(value, Param) else f"{literal!r}"
    for limited in literal if isinstance(literal, tuple) else (literal,):
        _check_limits(limited, loc)
    if op == "exists":
        if not isinstance(literal, bool):
            raise ConditionError("`exists` takes true or false", loc)
        return
    if op == "contains":
        if path_type != "list":
            raise ConditionError(f"`contains` needs a list, but `{path}` is a {path_type}", loc)
        if not isinstance(literal, str):
            raise ConditionError("`contains` takes a text value", loc)
        return
    if path_type == "list":
        raise ConditionError(f"`{path}` is a list; test it with `contains`", loc)
    members = literal if op in ("in", "not_in") else (literal,)
    if not isinstance(members, tuple):
        raise ConditionError(f"`{op}` takes a list of values, got {shown}", loc)
    if op in ORDERED and path_type not in ("number", "date"):
        raise ConditionError(
            f"`{op}` compares numbers or dates, but `{path}` is a {path_type}", loc
        )
    for member in members:
        member_type = _value_type(member)
        compatible = member_type == path_type or (path_type == "string" and member_type == "date")
        if not compatible:
            raise ConditionError(
                f"`{path}` is a {path_type}, but {shown} is a {member_type}",
                loc,
                help="compare values of the same type; dates are written 2022-09-12",
            )


def _check_limits(value: object, loc: tuple[int | str, ...]) -> None:
    """Refuse a value the engines could not both read exactly (see the module docstring)."""
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value != 0
        and not MIN_NUMBER <= abs(value) <= MAX_NUMBER
    ):
        raise ConditionError(
            f"number `{value}` is out of range",
            loc,
            help="numbers in conditions are 0 or between 0.0001 and 10^15 in size",
        )
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise ConditionError(
            f"text of {len(value)} characters is too long (at most {MAX_TEXT})", loc
        )
    if isinstance(value, str) and any(unicodedata.category(c) == "Cc" for c in value):
        raise ConditionError(
            f"text {value!r} holds a control character",
            loc,
            help="text in conditions holds no control characters (tab, newline, ...)",
        )


def paths_read(condition: Condition) -> set[str]:
    """Every path a condition reads."""
    match condition:
        case Test():
            return {condition.path}
        case All() | AnyOf():
            out: set[str] = set()
            for item in condition.items:
                out |= paths_read(item)
            return out
        case Not():
            return paths_read(condition.item)


def show(condition: Condition, indent: str = "") -> str:
    """A condition in readable form, one test per line."""
    match condition:
        case Test():
            value = condition.value
            shown = (
                f"params.{value.name}"
                if isinstance(value, Param)
                else "[" + ", ".join(map(str, value)) + "]"
                if isinstance(value, tuple)
                else str(value).lower()
                if isinstance(value, bool)
                else str(value)
            )
            return f"{indent}{condition.path} {condition.op} {shown}"
        case All() | AnyOf():
            word = "all of" if isinstance(condition, All) else "any of"
            lines = [f"{indent}{word}:"]
            lines += [show(item, indent + "  ") for item in condition.items]
            return "\n".join(lines)
        case Not():
            return f"{indent}not:\n{show(condition.item, indent + '  ')}"


# ---------------------------------------------------------------------------
# Message templates: ``{path}`` or ``{path|percent}``, nothing else.

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
FILTERS = ("percent",)


def template_problems(template: str, paths: Mapping[str, str]) -> list[str]:
    """What is wrong with a message template (unknown paths or filters)."""
    out: list[str] = []
    for match in _PLACEHOLDER.finditer(template):
        path, _, filt = match.group(1).partition("|")
        path = path.strip()
        if path not in paths:
            out.append(with_suggestion(f"unknown path `{path}` in message", path, list(paths)))
        if filt and filt.strip() not in FILTERS:
            out.append(f"unknown filter `{filt.strip()}` in message (filters: percent)")
    return out


def lookup(observation: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None where there is none."""
    node: Any = observation
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def render_message(template: str, observation: Mapping[str, Any]) -> str:
    """Substitute observation values into a template; nothing is evaluated."""

    def substitute(match: re.Match[str]) -> str:
        path, _, filt = match.group(1).partition("|")
        value = lookup(observation, path.strip())
        if value is None:
            return "(none)"
        if filt.strip() == "percent" and isinstance(value, int | float):
            return f"{value * 100:.0f}%"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float):
            return f"{value:.4g}"
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)

    return _PLACEHOLDER.sub(substitute, template)
