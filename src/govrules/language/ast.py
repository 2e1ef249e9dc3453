"""The checked condition tree that both engines evaluate.

Built from the syntax (:mod:`govrules.language.syntax`) once paths, types and
declared values are checked (:mod:`govrules.language.typing`). What each node
means is written once, in :mod:`govrules.engines.reference`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

Scalar = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Path:
    """The value at a path of the observation; with ``key``, the map there read at the key."""

    path: str
    key: Value | None = None


@dataclass(frozen=True, slots=True)
class Param:
    """A pack parameter; with ``key``, the map parameter read at the key."""

    name: str
    key: Value | None = None


@dataclass(frozen=True, slots=True)
class Days:
    """The days from one date to another (negative when the second comes first)."""

    start: Value
    end: Value


Value = Scalar | tuple[Scalar, ...] | Path | Param | Days


@dataclass(frozen=True, slots=True)
class Test:
    """``left <op> right``."""

    left: Value
    op: str
    right: Value


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition


Condition = Test | All | AnyOf | Not


def is_constant(value: Value) -> bool:
    """Whether a value is the same for every observation (a literal or a plain parameter)."""
    match value:
        case Param(key=None):
            return True
        case Path() | Param() | Days():
            return False
    return True


def values_of(value: Value) -> Iterator[Value]:
    """``value`` and the values inside it (keys, the ends of a span of days)."""
    yield value
    match value:
        case Path(key=key) | Param(key=key) if key is not None:
            yield from values_of(key)
        case Days(start, end):
            yield from values_of(start)
            yield from values_of(end)


def tests_of(condition: Condition) -> Iterator[Test]:
    """Every test in a condition, in order."""
    match condition:
        case Test():
            yield condition
        case All(items) | AnyOf(items):
            for item in items:
                yield from tests_of(item)
        case Not(item):
            yield from tests_of(item)


def paths_read(condition: Condition) -> set[str]:
    """Every observation path a condition reads."""
    return {
        v.path
        for t in tests_of(condition)
        for side in (t.left, t.right)
        for v in values_of(side)
        if isinstance(v, Path)
    }


def params_read(condition: Condition) -> list[str]:
    """Every parameter a condition reads, in order of first use."""
    names = [
        v.name
        for t in tests_of(condition)
        for side in (t.left, t.right)
        for v in values_of(side)
        if isinstance(v, Param)
    ]
    return list(dict.fromkeys(names))


def show_value(value: Value) -> str:
    match value:
        case Path(path, key):
            return path if key is None else f"{path}[{show_value(key)}]"
        case Param(name, key):
            return f"params.{name}" if key is None else f"params.{name}[{show_value(key)}]"
        case Days(start, end):
            return f"days({show_value(start)} to {show_value(end)})"
        case tuple():
            return "[" + ", ".join(show_value(v) for v in value) + "]"
        case bool():
            return "true" if value else "false"
    return str(value)


def show(condition: Condition, indent: str = "") -> str:
    """A condition in readable form, one test per line."""
    match condition:
        case Test(left, op, right):
            return f"{indent}{show_value(left)} {op} {show_value(right)}"
        case All(items) | AnyOf(items):
            word = "all of" if isinstance(condition, All) else "any of"
            return "\n".join([f"{indent}{word}:", *(show(i, indent + "  ") for i in items)])
        case Not(item):
            return f"{indent}not:\n{show(item, indent + '  ')}"
    raise AssertionError(condition)  # pragma: no cover
