"""The reference evaluator against its own docstring: every row of its tables, as data.

``govrules.engines.reference`` is the specification of the condition language;
its docstring has two tables (what a value stands for, what each operator
means). Each case below is one claim of those tables on a present, missing,
empty-list or boundary value, written by hand from the docstring, not from the
code. Every case is also run through the compiled and durable engines, which
must mean the same.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from govrules.engines import reference
from govrules.engines.compiled import CompiledEngine
from govrules.engines.durable import DurableEngine
from govrules.engines.reference import ReferenceEngine, evaluate, holds
from govrules.language import ast
from govrules.language.ast import All, AnyOf, Condition, Days, Not, Param, Path, Value
from govrules.language.observation import MISSING
from govrules.pack import Rule, Severity
from govrules.pack.files import RuleDocs, RuleExample

ABSENT = object()  # the subject is not in the observation at all

X = Path("event.x")
Y = Path("event.y")
NOWHERE = Path("event.nowhere")
PARAMS = {"limit": 3, "names": ["Alpha", "Beta"], "caps": {"Alpha": 2}, "empty": []}


def observation(x: Any = ABSENT, **more: Any) -> dict[str, Any]:
    event = {"kind": "member.joined"} | ({} if x is ABSENT else {"x": x}) | more
    return {"event": event, "before": {}, "after": {}, "params": PARAMS}


def t(op: str, right: Value, left: Value = X) -> ast.Test:
    return ast.Test(left, op, right)


# Cases that no loaded pack can put to an engine (values of two kinds compared, an
# empty `all`, ordering on lists or on text that is not a date): the loader's type
# checks refuse such a condition, and replay gives a path only values of its type.
# The reference still says what they mean; the engines need only agree on the rest.
UNTYPED = "untyped: "

# (what the docstring says, condition, the subject event.x (ABSENT: missing), holds)
CASES: list[tuple[str, Condition, Any, bool]] = [
    # exists: b -- true when x is present, if b; when x is missing, if not b
    ("exists true, present", t("exists", True), 1, True),
    ("exists true, missing", t("exists", True), ABSENT, False),
    ("exists false, present", t("exists", False), 1, False),
    ("exists false, missing", t("exists", False), ABSENT, True),
    ("exists: an empty list is present", t("exists", True), [], True),
    ("exists: 0 is present", t("exists", True), 0, True),
    ("exists: false is present", t("exists", True), False, True),
    ("exists: empty text is present", t("exists", True), "", True),
    ("exists: a null found is missing", t("exists", True), None, False),
    # eq v -- x present, of the same kind as v, and equal to it
    ("eq: equal numbers", t("eq", 3), 3, True),
    ("eq: numbers by value, 1 == 1.0", t("eq", 1.0), 1, True),
    ("eq: numbers by value, 1.0 == 1", t("eq", 1), 1.0, True),
    (UNTYPED + "eq: true is not the number 1", t("eq", 1), True, False),
    (UNTYPED + "eq: the number 1 is not true", t("eq", True), 1, False),
    (UNTYPED + "eq: 0 is not false", t("eq", False), 0, False),
    ("eq: equal text", t("eq", "Alpha"), "Alpha", True),
    ("eq: other text", t("eq", "Alpha"), "alpha", False),
    (UNTYPED + "eq: text is not a number", t("eq", 3), "3", False),
    ("eq: missing equals nothing", t("eq", 3), ABSENT, False),
    ("eq: missing is not false", t("eq", False), ABSENT, False),
    ("eq: a missing v makes eq false", t("eq", NOWHERE), ABSENT, False),
    ("eq: two paths, equal", t("eq", Y), 2, True),
    # neq v -- not eq v (so a missing value is not equal to anything)
    ("neq: other number", t("neq", 4), 3, True),
    ("neq: equal by value", t("neq", 1.0), 1, False),
    ("neq: a missing value is not equal", t("neq", 3), ABSENT, True),
    (UNTYPED + "neq: true against 1", t("neq", 1), True, True),
    ("neq: a missing v", t("neq", NOWHERE), 3, True),
    # lt lte gt gte -- present, same kind, number or text, and ordered
    ("lt: below", t("lt", 3), 2, True),
    ("lt: at the boundary", t("lt", 3), 3, False),
    ("lte: at the boundary", t("lte", 3), 3, True),
    ("lte: above", t("lte", 3), 4, False),
    ("gt: at the boundary", t("gt", 3), 3, False),
    ("gt: above", t("gt", 3), 3.5, True),
    ("gte: at the boundary, int against float", t("gte", 3.0), 3, True),
    ("gte: below", t("gte", 3), 2.999, False),
    ("lt: dates as text order by date", t("lt", "2022-09-13"), "2022-09-12", True),
    (UNTYPED + "gt: text orders as text", t("gt", "Alpha"), "Beta", True),
    ("lt: false when missing", t("lt", 3), ABSENT, False),
    ("lte: false when missing", t("lte", 3), ABSENT, False),
    ("gt: false when missing", t("gt", 3), ABSENT, False),
    ("gte: false when missing", t("gte", 3), ABSENT, False),
    (UNTYPED + "lt: false when the kinds differ", t("lt", 3), "2", False),
    (UNTYPED + "lt: true/false are not numbers", t("lt", 2), True, False),
    (UNTYPED + "gte: true/false are not ordered", t("gte", False), True, False),
    (UNTYPED + "lt: lists are not ordered", t("lt", (2,)), [1], False),
    ("gt: a missing v", t("gt", NOWHERE), 3, False),
    ("lte: against a parameter", t("lte", Param("limit")), 3, True),
    # in [v...] -- eq to at least one of the values
    ("in: one of them", t("in", (1, 2)), 2, True),
    ("in: none of them", t("in", (1, 2)), 3, False),
    ("in: by value", t("in", (1, 2)), 2.0, True),
    (UNTYPED + "in: true is not 1", t("in", (1, 2)), True, False),
    ("in: missing is in no list", t("in", (1, 2)), ABSENT, False),
    ("in: nothing is in an empty list", t("in", Param("empty")), 1, False),
    ("in: a list parameter", t("in", Param("names")), "Beta", True),
    (UNTYPED + "in: v that is not a list", t("in", Param("limit")), 3, False),
    # not_in [v...] -- not in (so a missing value is in no list)
    ("not_in: none of them", t("not_in", (1, 2)), 3, True),
    ("not_in: one of them", t("not_in", (1, 2)), 1, False),
    ("not_in: a missing value", t("not_in", (1, 2)), ABSENT, True),
    ("not_in: an empty list", t("not_in", Param("empty")), 1, True),
    # contains v -- x a list with an item eq to v; false when missing or empty
    ("contains: an item", t("contains", "Alpha"), ["Alpha", "Beta"], True),
    ("contains: no such item", t("contains", "Gamma"), ["Alpha", "Beta"], False),
    ("contains: an empty list", t("contains", "Alpha"), [], False),
    ("contains: missing", t("contains", "Alpha"), ABSENT, False),
    ("contains: items by value", t("contains", 1.0), [1, 2], True),
    (UNTYPED + "contains: true is not 1", t("contains", 1), [True], False),
    (UNTYPED + "contains: text is not a list", t("contains", "A"), "Alpha", False),
    ("contains: a missing v", t("contains", NOWHERE), ["Alpha"], False),
    # all / any / not
    ("all: every condition holds", All((t("gt", 1), t("lt", 5))), 3, True),
    ("all: one fails", All((t("gt", 1), t("lt", 2))), 3, False),
    (UNTYPED + "all: of nothing holds", All(()), 3, True),
    ("any: one holds", AnyOf((t("gt", 5), t("lt", 5))), 3, True),
    ("any: none holds", AnyOf((t("gt", 5), t("lt", 2))), 3, False),
    (UNTYPED + "any: of nothing fails", AnyOf(()), 3, False),
    ("not: of a test that holds", Not(t("eq", 3)), 3, False),
    ("not: of eq on a missing value holds", Not(t("eq", 3)), ABSENT, True),
    ("not: of lt on a missing value holds", Not(t("lt", 3)), ABSENT, True),
    ("not: of contains on an empty list holds", Not(t("contains", "A")), [], True),
    ("not: of all is any of the negations", Not(All((t("gt", 1), t("lt", 2)))), 3, True),
    ("not: of any is all of the negations", Not(AnyOf((t("gt", 1), t("lt", 2)))), 3, False),
    ("not not: is the condition itself", Not(Not(t("gt", 1))), 3, True),
    # values: a map at a key, a parameter at a key, days between dates
    ("key: the map read at the key", t("eq", 2, Path("event.x", "Alpha")), {"Alpha": 2}, True),
    ("key: no such key is missing", t("exists", False, Path("event.x", "Beta")), {"A": 1}, True),
    (
        UNTYPED + "key: not a map is missing",
        t("exists", False, Path("event.x", "Alpha")),
        [1],
        True,
    ),
    (
        UNTYPED + "key: a key not a text is missing",
        t("exists", False, Path("event.x", 1)),
        {"1": 1},
        True,
    ),
    ("key: a missing key is missing", t("exists", False, Path("event.x", NOWHERE)), {}, True),
    ("key: read by another path", t("eq", 2, Path("event.x", Path("event.who"))), {"A": 2}, True),
    ("param key: the map parameter", t("eq", 2, Param("caps", Path("event.x"))), "Alpha", True),
    ("param key: no such key", t("exists", False, Param("caps", Path("event.x"))), "Beta", True),
    ("days: forward", t("eq", 1, Days("2022-09-12", X)), "2022-09-13", True),
    ("days: negative when B comes first", t("eq", -1, Days("2022-09-12", X)), "2022-09-11", True),
    ("days: missing when B is missing", t("exists", False, Days("2022-09-12", X)), ABSENT, True),
    ("days: missing when B is no date", t("exists", False, Days("2022-09-12", X)), "soon", True),
    (
        UNTYPED + "days: missing when B is a number",
        t("exists", False, Days("2022-09-12", X)),
        5,
        True,
    ),
]

MORE = {"y": 2, "who": "A"}  # what the cases' other paths read


def _rule(condition: Condition) -> Rule:
    docs = RuleDocs.model_construct(
        checks="", why="", example=RuleExample.model_construct(description="", events=[])
    )
    return Rule(
        id="case",
        title="case",
        severity=Severity.ERROR,
        rests_on=(),
        when=condition,
        condition=condition,
        message="case",
        docs=docs,
        file="<table>",
        line=None,
    )


@pytest.mark.parametrize(
    ("condition", "x", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_holds_as_the_docstring_says(condition: Condition, x: Any, expected: bool) -> None:
    assert holds(condition, observation(x, **MORE)) is expected


TYPED = [c for c in CASES if not c[0].startswith(UNTYPED)]


@pytest.mark.parametrize(
    ("condition", "x", "expected"), [c[1:] for c in TYPED], ids=[c[0] for c in TYPED]
)
def test_every_engine_means_the_same_on_the_table(
    condition: Condition, x: Any, expected: bool
) -> None:
    rule = _rule(condition)
    for engine in (
        ReferenceEngine([rule], PARAMS),
        CompiledEngine([rule], PARAMS),
        DurableEngine([rule], PARAMS),
    ):
        with engine.session() as session:
            assert session.evaluate(observation(x, **MORE)) == (["case"] if expected else []), (
                engine.name
            )


def test_values_evaluate_as_the_docstring_says() -> None:
    seen = observation([1, 2], y=None)
    assert evaluate(Param("names"), seen) == ("Alpha", "Beta")  # a list parameter is a tuple
    assert evaluate(Param("no such parameter"), seen) is MISSING
    assert evaluate(Y, seen) is MISSING  # null is missing
    assert evaluate((1, 2), seen) == (1, 2)  # a literal is itself
    assert evaluate(Days(NOWHERE, "2022-09-12"), seen) is MISSING


def _documented_operators() -> set[str]:
    """The operators the docstring's operator table names (``exists: b``, ``lt`` ...)."""
    doc = reference.__doc__ or ""
    table = doc.split("A test ``{<subject>, op: v}``", 1)[1]
    return {
        m
        for row in table.splitlines()
        if row.startswith("``")
        for m in re.findall(r"``(\w+)", row.split("  ")[0])
    }


def test_every_documented_operator_is_in_the_table_both_ways() -> None:
    documented = _documented_operators()
    assert documented == {
        *("exists", "eq", "neq", "lt", "lte", "gt", "gte"),
        *("in", "not_in", "contains", "all", "any", "not"),
    }
    verdicts: dict[str, set[bool]] = {op: set() for op in documented}
    for _, condition, _, expected in CASES:
        match condition:
            case ast.Test(op=op):
                verdicts[op].add(expected)
            case All():
                verdicts["all"].add(expected)
            case AnyOf():
                verdicts["any"].add(expected)
            case Not():
                verdicts["not"].add(expected)
    assert {op: v for op, v in verdicts.items() if v != {True, False}} == {}
    # and every operator is tried on a missing subject
    missing = {c.op for _, c, x, _ in CASES if x is ABSENT and isinstance(c, ast.Test)}
    assert missing >= documented - {"all", "any", "not"}
