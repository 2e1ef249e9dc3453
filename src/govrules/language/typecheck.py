"""Checking a condition against a pack's schema, and building the tree engines evaluate.

Every path must exist, every comparison must compare values of one type, an
ordering (``lt`` ...) compares numbers or dates, ``contains`` reads a list,
``key`` reads a map, ``days`` spans two dates, and every text compared with a
declared vocabulary (a body, a topic, an event kind, ...) must be one of its
values. Each problem is reported with its place in the rule file; a typo is an
error when the pack loads, never a rule that cannot fire.

Values have limits, so that both engines read them exactly (durable-rules
cannot read smaller or larger numbers, or longer text, correctly): a number is
0 or between ``MIN_NUMBER`` (0.0001) and ``MAX_NUMBER`` (10^15) in size; text
is at most ``MAX_TEXT`` (10,000) characters and holds no control characters.
Conditions nest at most ``MAX_DEPTH`` levels.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govrules.errors import with_suggestion
from govrules.language import ast
from govrules.language.schema import Schema, is_date, param_type
from govrules.language.syntax import (
    AllSyntax,
    AnySyntax,
    DaysSpan,
    DaysSyntax,
    NotSyntax,
    RefSyntax,
    TestSyntax,
)
from govrules.model.declarations import VOCABULARIES
from govrules.model.valuetypes import BOOL, DATE, NUMBER, TEXT, ValueType

MIN_NUMBER = 1e-4
MAX_NUMBER = 10**15
MAX_TEXT = 10_000
MAX_DEPTH = 12
ORDERED = ("lt", "lte", "gt", "gte")

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class ConditionProblem:
    message: str
    loc: Loc
    help: str | None = None


class _Refused(Exception):
    def __init__(self, message: str, loc: Loc, help: str | None = None) -> None:
        self.problem = ConditionProblem(message, loc, help)


def check_limits(value: object, loc: Loc) -> None:
    """Refuse a value the engines could not both read exactly (see the module docstring)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise _Refused(f"number `{value}` is not finite", loc)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value != 0
        and not MIN_NUMBER <= abs(value) <= MAX_NUMBER
    ):
        raise _Refused(
            f"number `{value}` is out of range",
            loc,
            "numbers in conditions are 0 or between 0.0001 and 10^15 in size",
        )
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise _Refused(f"text of {len(value)} characters is too long (at most {MAX_TEXT})", loc)
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise _Refused(
                "text holds a control character",
                loc,
                "text in conditions holds no control characters (tab, newline, ...)",
            )


def literal_type(value: object) -> ValueType:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str) and is_date(value):
        return DATE
    return TEXT


class _Checker:
    def __init__(self, schema: Schema, params: Mapping[str, Any]) -> None:
        self.schema = schema
        self.params = params

    # -- values ----------------------------------------------------------------
    def value(self, raw: Any, loc: Loc) -> tuple[ast.Value, ValueType]:
        if isinstance(raw, RefSyntax):
            return self.ref(raw, loc)
        if isinstance(raw, DaysSyntax):
            return self.days(raw.days, (*loc, "days")), NUMBER
        if isinstance(raw, list):
            for i, item in enumerate(raw):
                check_limits(item, (*loc, i))
            kinds = {literal_type(v).kind for v in raw}
            item = kinds.pop() if len(kinds) == 1 else "text"
            return tuple(raw), ValueType("list", item=item)
        check_limits(raw, loc)
        return raw, literal_type(raw)

    def path_type(self, path: str, loc: Loc) -> ValueType:
        found = self.schema.paths.get(path)
        if found is None:
            raise _Refused(
                with_suggestion(f"unknown path `{path}`", path, list(self.schema.paths)),
                loc,
                "`govrules paths` lists every path a rule may read",
            )
        return found

    def ref(self, raw: RefSyntax, loc: Loc) -> tuple[ast.Value, ValueType]:
        if raw.param is not None:
            if raw.param not in self.params:
                raise _Refused(
                    with_suggestion(
                        f"unknown parameter `{raw.param}`", raw.param, list(self.params)
                    ),
                    (*loc, "param"),
                )
            found = param_type(self.params[raw.param])
        else:
            assert raw.path is not None
            found = self.path_type(raw.path, (*loc, "path"))
        key, found = self.keyed(raw.key, found, loc)
        if raw.param is not None:
            return ast.Param(raw.param, key), found
        return ast.Path(raw.path or "", key), found

    def keyed(self, raw_key: Any, found: ValueType, loc: Loc) -> tuple[ast.Value | None, ValueType]:
        if raw_key is None:
            return None, found
        if found.kind != "map":
            raise _Refused(f"`key` reads a map, but this is a {found.describe()}", (*loc, "key"))
        key, key_type = self.value(raw_key, (*loc, "key"))
        if key_type.kind not in ("text", "date"):
            raise _Refused(
                f"a map is read at a text key, not a {key_type.describe()}", (*loc, "key")
            )
        return key, ValueType(found.item or "text")

    def days(self, span: DaysSpan, loc: Loc) -> ast.Days:
        ends = []
        for name, raw in (("from", span.from_), ("to", span.to)):
            value, found = self.value(raw, (*loc, name))
            if found.kind != "date":
                raise _Refused(
                    f"`days` spans two dates, but `{name}` is a {found.describe()}", (*loc, name)
                )
            ends.append(value)
        return ast.Days(ends[0], ends[1])

    # -- tests -----------------------------------------------------------------
    def test(self, raw: TestSyntax, loc: Loc) -> ast.Test:
        op, operand = raw.operator
        if raw.days is not None:
            left: ast.Value = self.days(raw.days, (*loc, "days"))
            left_type = NUMBER
            shown = "the days"
        else:
            assert raw.path is not None
            left_type = self.path_type(raw.path, (*loc, "path"))
            key, left_type = self.keyed(raw.key, left_type, loc)
            left = ast.Path(raw.path, key)
            shown = f"`{raw.path}`"
        op_loc = (*loc, op)
        if op == "exists":
            return ast.Test(left, op, bool(operand))
        right, right_type = self.value(operand, op_loc)
        if op == "contains":
            if left_type.kind != "list":
                raise _Refused(
                    f"`contains` needs a list, but {shown} is a {left_type.describe()}", op_loc
                )
            self.compatible(
                ValueType("text", vocab=left_type.vocab), right, right_type, shown, op_loc
            )
            return ast.Test(left, op, right)
        if left_type.kind in ("list", "map"):
            hint = (
                "test a list with `contains`"
                if left_type.kind == "list"
                else "read a map with `key`"
            )
            raise _Refused(f"{shown} is a {left_type.describe()}; {hint}", op_loc)
        if op in ("in", "not_in"):
            if right_type.kind != "list":
                raise _Refused(f"`{op}` takes a list of values", op_loc)
            if isinstance(right, tuple) and not right:
                raise _Refused(f"`{op}` takes a non-empty list of values", op_loc)
            members = right if isinstance(right, tuple) else tuple(self.constant(right))
            for i, member in enumerate(members):
                self.compatible(left_type, member, literal_type(member), shown, (*op_loc, i))
            return ast.Test(left, op, right)
        if op in ORDERED and left_type.kind not in ("number", "date"):
            raise _Refused(
                f"`{op}` compares numbers or dates, but {shown} is a {left_type.describe()}", op_loc
            )
        self.compatible(left_type, right, right_type, shown, op_loc)
        return ast.Test(left, op, right)

    def constant(self, value: ast.Value) -> Any:
        if isinstance(value, ast.Param) and value.key is None:
            found = self.params[value.name]
            return tuple(found) if isinstance(found, list) else found
        return value

    def compatible(
        self, expected: ValueType, value: ast.Value, found: ValueType, shown: str, loc: Loc
    ) -> None:
        kinds_match = expected.scalar == found.scalar or (
            # A date written in a condition may be compared with a text.
            expected.scalar == "text" and found.scalar == "date" and ast.is_constant(value)
        )
        if not kinds_match:
            raise _Refused(
                f"{shown} is a {expected.describe()},"
                f" but the value compared is a {found.describe()}",
                loc,
                "compare values of one type; dates are written 2022-09-12",
            )
        literal = self.constant(value)
        if isinstance(literal, str) and ast.is_constant(value):
            if expected.vocab is not None:
                allowed = self.schema.vocabulary(expected.vocab)
                if literal not in allowed:
                    what = VOCABULARIES[expected.vocab]
                    raise _Refused(
                        with_suggestion(f"unknown {what} `{literal}`", literal, allowed),
                        loc,
                        f"the pack declares: {', '.join(allowed) or 'none'}",
                    )
            elif expected.values is not None and literal not in expected.values:
                raise _Refused(
                    with_suggestion(f"{shown} is never `{literal}`", literal, expected.values),
                    loc,
                    f"its values: {', '.join(expected.values)}",
                )
        elif expected.vocab and found.vocab and expected.vocab != found.vocab:
            raise _Refused(
                f"{shown} is a {VOCABULARIES[expected.vocab]},"
                f" the value compared a {VOCABULARIES[found.vocab]}",
                loc,
            )

    # -- conditions ------------------------------------------------------------
    def condition(
        self, raw: Any, loc: Loc, depth: int, problems: list[ConditionProblem]
    ) -> ast.Condition | None:
        if depth > MAX_DEPTH:
            problems.append(
                ConditionProblem(f"conditions nest at most {MAX_DEPTH} levels deep", loc)
            )
            return None
        if isinstance(raw, AllSyntax | AnySyntax):
            key = "all" if isinstance(raw, AllSyntax) else "any"
            items = [
                self.condition(c, (*loc, key, i), depth + 1, problems)
                for i, c in enumerate(getattr(raw, key))
            ]
            if any(i is None for i in items):
                return None
            done = tuple(i for i in items if i is not None)
            return ast.All(done) if key == "all" else ast.AnyOf(done)
        if isinstance(raw, NotSyntax):
            inner = self.condition(raw.not_, (*loc, "not"), depth + 1, problems)
            return None if inner is None else ast.Not(inner)
        try:
            return self.test(raw, loc)
        except _Refused as exc:
            problems.append(exc.problem)
            return None


def check_condition(
    raw: Any, schema: Schema, params: Mapping[str, Any], loc: Loc = ()
) -> tuple[ast.Condition | None, list[ConditionProblem]]:
    """The checked tree of a parsed condition, or None and every problem found."""
    problems: list[ConditionProblem] = []
    tree = _Checker(schema, params).condition(raw, loc, 1, problems)
    return (tree if not problems else None), problems


def check_param_value(value: Any, loc: Loc) -> ConditionProblem | None:
    """A parameter's value must be one the engines read exactly, like a literal."""
    try:
        items = (
            value.values()
            if isinstance(value, Mapping)
            else value
            if isinstance(value, list | tuple)
            else (value,)
        )
        for item in items:
            check_limits(item, loc)
        if isinstance(value, Mapping):
            for key in value:
                check_limits(key, loc)
    except _Refused as exc:
        return exc.problem
    return None
