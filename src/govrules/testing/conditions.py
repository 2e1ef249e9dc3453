"""Strategies for rule conditions and for observations, typed by a pack's schema.

Conditions use every operator on every path of the schema with values of the
path's type: literals (a declared value where the path takes one), parameters,
other paths, maps read at a key, days between dates; ``all``, ``any`` and
``not`` nest them. Each generated condition passes the real loader's checks.
Observations are shaped like the schema, each path present or missing, with
values at the edges of what an engine reads, so the engines are held to the
reference on the cases that break translations.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st
from pydantic import TypeAdapter

from govrules.language.schema import Schema, param_type
from govrules.language.syntax import ConditionSyntax
from govrules.language.typecheck import MAX_NUMBER, MAX_TEXT, MIN_NUMBER, check_condition
from govrules.model.valuetypes import ValueType
from govrules.pack.files import Rule, RuleDocs, RuleExample, Severity

OPS: dict[str, tuple[str, ...]] = {
    "number": ("eq", "neq", "lt", "lte", "gt", "gte", "in", "not_in", "exists"),
    "date": ("eq", "neq", "lt", "lte", "gt", "gte", "in", "not_in", "exists"),
    "text": ("eq", "neq", "in", "not_in", "exists"),
    "bool": ("eq", "neq", "in", "not_in", "exists"),
    "list": ("contains", "exists"),
    "map": ("exists",),
}
FRACTIONS = (1 / 6, 1 / 4, 2 / 7, 1 / 3, 0.4, 0.5, 2 / 3, 0.75, 1.0)
NAMES = ("Member A", "Member B", "Company X", "Company Y", "Newcomer A")
_CONDITION = TypeAdapter(ConditionSyntax)


def _text_values(t: ValueType, schema: Schema) -> list[str]:
    if t.vocab:
        return list(schema.vocabulary(t.vocab))
    if t.values:
        return list(t.values)
    return []


def literals(
    t: ValueType, schema: Schema, params: Mapping[str, object], seen: Sequence[Any] = ()
) -> st.SearchStrategy[Any]:
    """Literal values of one kind a condition may hold, mostly ones observations hold."""
    kind = t.scalar
    out: st.SearchStrategy[Any]
    if kind == "number":
        numbers = {
            v for v in params.values() if isinstance(v, int | float) and not isinstance(v, bool)
        }
        common: st.SearchStrategy[Any] = st.sampled_from(sorted({*range(13), *FRACTIONS, *numbers}))
        rare = st.one_of(st.floats(MIN_NUMBER, MAX_NUMBER), st.integers(-MAX_NUMBER, MAX_NUMBER))
        # The ends of what a condition may hold meet the observed values beyond them
        # (EDGE_NUMBERS), which the durable engine sends as stand-ins.
        limits = st.sampled_from([0, MIN_NUMBER, -MIN_NUMBER, MAX_NUMBER, -MAX_NUMBER])
        out = st.one_of(common, common, common, rare, limits)
    elif kind == "date":
        days = {
            dt.date.fromisoformat(v)
            for v in params.values()
            if isinstance(v, str) and param_type(v).kind == "date"
        }
        days |= {dt.date(2022, 9, 12), dt.date(2024, 1, 1)}
        near = sorted(
            {(d + dt.timedelta(days=k)).isoformat() for d in days for k in (-1, 0, 1, 7, 14)}
        )
        out = st.one_of(
            st.sampled_from(near),
            st.sampled_from(near),
            st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)).map(dt.date.isoformat),
        )
    elif kind == "bool":
        out = st.booleans()
    else:
        declared = _text_values(t, schema)
        if declared:
            return (
                st.sampled_from(declared)
                if not seen
                else st.one_of(
                    st.sampled_from(declared),
                    st.sampled_from([s for s in seen if s in declared] or declared),
                )
            )
        pool = sorted({*NAMES, *(v for v in params.values() if isinstance(v, str))})
        anything = st.text(
            st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=12
        )
        out = st.one_of(st.sampled_from(pool), st.sampled_from(pool), anything)
    if seen:
        out = st.one_of(out, *[st.sampled_from(list(seen))] * 3)
    return out


def _refs(t: ValueType, schema: Schema, params: Mapping[str, object]) -> list[dict[str, Any]]:
    """Parameters and paths a test may compare a value of type ``t`` with."""
    out: list[dict[str, Any]] = []
    for name, value in params.items():
        pt = param_type(value)
        if pt.kind == t.scalar and t.kind not in ("list", "map") and not (t.vocab or t.values):
            out.append({"param": name})
    for path, pt in schema.paths.items():
        if path.startswith("params."):
            continue
        comparable = pt.kind == t.kind and pt.kind in ("number", "date", "bool")
        same_words = pt.kind == "text" == t.kind and pt.vocab == t.vocab
        if (comparable and len(out) < 400) or (same_words and not pt.values and not t.values):
            out.append({"path": path})
    return out


def _maps(params: Mapping[str, object], kind: str) -> list[str]:
    return [n for n, v in params.items() if isinstance(v, Mapping) and param_type(v).item == kind]


def _test(
    path: str, t: ValueType, schema: Schema, params: Mapping[str, object], seen: Sequence[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    refs = _refs(t, schema, params)
    value = literals(t, schema, params, seen)
    choices: list[st.SearchStrategy[Any]] = [value, value, value]
    if refs and t.kind not in ("list", "map"):
        choices.append(st.sampled_from(refs))
    key_maps = _maps(params, t.scalar)
    if key_maps and t.kind not in ("list", "map", "bool"):
        text_paths = sorted(
            p
            for p, x in schema.paths.items()
            if x.kind == "text" and not x.vocab and not p.startswith("params.")
        )
        key = (
            st.one_of(
                st.sampled_from(NAMES), st.sampled_from(text_paths).map(lambda p: {"path": p})
            )
            if text_paths
            else st.sampled_from(NAMES)
        )
        choices.append(
            st.builds(lambda n, k: {"param": n, "key": k}, st.sampled_from(key_maps), key)
        )
    scalar = st.one_of(*choices)

    def one(op: str) -> st.SearchStrategy[dict[str, Any]]:
        if op == "exists":
            return st.booleans().map(lambda b: {"path": path, "exists": b})
        if op in ("in", "not_in"):
            return st.lists(value, min_size=1, max_size=4).map(lambda v: {"path": path, op: v})
        if op == "contains":
            return literals(ValueType("text", vocab=t.vocab), schema, params, seen).map(
                lambda v: {"path": path, op: v}
            )
        return scalar.map(lambda v: {"path": path, op: v})

    ops = OPS[t.kind]
    if t.vocab and not schema.vocabulary(t.vocab):
        ops = ("exists",)  # no value can be compared with a vocabulary the pack leaves empty
    if t.kind == "map":
        # A map is read at a key; the value there is tested like any value of its kind.
        item = ValueType(t.item or "text")
        keys = st.one_of(st.sampled_from(NAMES), literals(ValueType("text"), schema, params))
        return st.tuples(
            keys, _test(path, item, schema, params, ()).filter(lambda x: "path" in x)
        ).map(lambda kv: {**kv[1], "key": kv[0]})
    return st.sampled_from(ops).flatmap(one)


def _days_test(
    schema: Schema, params: Mapping[str, object]
) -> st.SearchStrategy[dict[str, Any]] | None:
    dates = sorted(
        p for p, t in schema.paths.items() if t.kind == "date" and not p.startswith("params.")
    )
    if not dates:
        return None
    end = st.one_of(
        st.sampled_from(dates).map(lambda p: {"path": p}),
        literals(ValueType("date"), schema, params),
    )
    op = st.sampled_from(["eq", "neq", "lt", "lte", "gt", "gte"])
    return st.builds(
        lambda a, b, o, n: {"days": {"from": a, "to": b}, o: n},
        end,
        end,
        op,
        st.sampled_from([0, 1, 7, 14, 30, -1]),
    )


def conditions(
    schema: Schema,
    params: Mapping[str, object],
    *,
    observed: Mapping[str, Sequence[Any]] | None = None,
    max_leaves: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Rule conditions as a rule file holds them (``when:``), accepted by the loader.

    Given ``observed`` (from :func:`observed_values`), tests favour the paths
    those observations hold and compare them with the values they hold, so
    conditions turn on the edge cases (``gt`` against an equal value, ``neq``
    against a missing one).
    """
    paths = {p: t for p, t in schema.paths.items() if not p.startswith("params.")}
    seen = {p: v for p, v in (observed or {}).items() if p in paths and v}
    every = st.sampled_from(sorted(paths))
    chosen = (
        st.one_of(every, st.sampled_from(sorted(seen)), st.sampled_from(sorted(seen)))
        if seen
        else every
    )
    leaf: st.SearchStrategy[dict[str, Any]] = chosen.flatmap(
        lambda p: _test(p, paths[p], schema, params, seen.get(p, ()))
    )
    days = _days_test(schema, params)
    if days is not None:
        leaf = st.one_of(leaf, leaf, leaf, days)
    if max_leaves <= 1:
        return st.one_of(leaf, leaf.map(lambda x: {"not": x}))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=max_leaves,
    )


_DOCS = RuleDocs(
    checks="a generated rule",
    why="generated to test the engines",
    example=RuleExample(description="none", events=[{"kind": "none"}]),
)


def rule_from(rule_id: str, when: Any, schema: Schema, params: Mapping[str, object]) -> Rule:
    """A rule with condition ``when``, parsed and checked as the loader does."""
    tree, problems = check_condition(_CONDITION.validate_python(when), schema, params)
    if tree is None:
        raise ValueError(f"a generated condition was refused: {problems[0].message} in {when}")
    return Rule(
        id=rule_id,
        title=f"generated rule {rule_id}",
        severity=Severity.ERROR,
        rests_on=(),
        when=tree,
        condition=tree,
        message=f"{rule_id} holds",
        docs=_DOCS,
        file="<generated>",
        line=None,
    )


def rules(
    schema: Schema,
    params: Mapping[str, object],
    *,
    observed: Mapping[str, Sequence[Any]] | None = None,
    min_rules: int = 1,
    max_rules: int = 8,
    max_leaves: int = 6,
) -> st.SearchStrategy[list[Rule]]:
    """A list of rules (ids ``g0``, ``g1``, ...) whose conditions come from :func:`conditions`."""
    return st.lists(
        conditions(schema, params, observed=observed, max_leaves=max_leaves),
        min_size=min_rules,
        max_size=max_rules,
    ).map(lambda whens: [rule_from(f"g{i}", w, schema, params) for i, w in enumerate(whens)])


def _within_limits(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return value == 0 or MIN_NUMBER <= abs(value) <= MAX_NUMBER
    if isinstance(value, str):
        return len(value) <= MAX_TEXT and not any(unicodedata.category(c) == "Cc" for c in value)
    return False


def observed_values(
    observations: Sequence[Mapping[str, Any]], schema: Schema
) -> dict[str, list[Any]]:
    """For each path, the values ``observations`` hold there (list items for a list),
    as far as a condition may hold them: pass it to :func:`conditions`."""
    from govrules.language.observation import MISSING, lookup

    out: dict[str, list[Any]] = {}
    for path in schema.paths:
        found: set[Any] = set()
        for observation in observations:
            node = lookup(observation, path)
            if node is MISSING or isinstance(node, Mapping):
                continue
            items = node if isinstance(node, list) else [node]
            found |= {v for v in items if _within_limits(v)}
        if found:
            out[path] = sorted(found, key=repr)
    return out


def disagreements(
    rules: Sequence[Rule],
    params: Mapping[str, Any],
    observations: Sequence[Mapping[str, Any]],
    *,
    compile_test: Any = None,
) -> list[str]:
    """Where the durable-rules or the compiled engine differs from the reference.

    Each engine evaluates every observation in one session (as in a check); the
    answer has one line per observation on which an engine returns different
    rules, or a different order. ``compile_test`` replaces the durable
    compiler's translation of a test (to show this check catches a
    mistranslation).
    """
    from govrules.engines.compiled import CompiledEngine
    from govrules.engines.durable import DurableEngine
    from govrules.engines.durable import compile_test as default_compile
    from govrules.engines.reference import ReferenceEngine

    durable = DurableEngine(rules, params, compile_test=compile_test or default_compile)
    compiled = CompiledEngine(rules, params)
    reference = ReferenceEngine(rules, params)
    out: list[str] = []
    with durable.session() as d, compiled.session() as c, reference.session() as r:
        got = d.evaluate_many(list(observations))
        fast = c.evaluate_many(list(observations))
        for i, observation in enumerate(observations):
            want = r.evaluate(observation)
            if got[i] != want:
                out.append(f"observation {i}: durable {got[i]}, reference {want}")
            if fast[i] != want:
                out.append(f"observation {i}: compiled {fast[i]}, reference {want}")
    return out


# Values at the edges of what an engine reads: durable-rules misreads numbers
# beyond the loader's limits and text of more than 65,535 bytes.
EDGE_NUMBERS = (
    0,
    0.0,
    -0.0,
    5e-06,
    1e-05,
    -1e-07,
    MIN_NUMBER,
    MAX_NUMBER,
    10**16,
    1e16,
    2**70,
    -(2**70),
    1e300,
)
# durable-rules keeps a text's length modulo 65,536: it reads the third text as
# `Member A`, a value conditions often hold.
EDGE_TEXTS = (
    "",
    "Member A",
    "Member A" + "y" * 65_536,
    "x" * (MAX_TEXT + 1),
    "\x00",
    "é\u2028\U0001f600",
)


def _observed(t: ValueType, schema: Schema, params: Mapping[str, object]) -> st.SearchStrategy[Any]:
    kind = t.kind
    if kind == "number":
        edges = st.sampled_from(EDGE_NUMBERS)
        return st.one_of(literals(t, schema, params), edges, edges, edges)
    if kind == "date":
        return literals(t, schema, params)
    if kind == "bool":
        return st.booleans()
    text = st.one_of(
        literals(ValueType("text", vocab=t.vocab, values=t.values), schema, params),
        *[st.sampled_from(EDGE_TEXTS)] * 3,
    )
    if kind == "list":
        return st.lists(text, max_size=5)
    if kind == "map":
        item = _observed(ValueType(t.item or "text"), schema, params)
        return st.dictionaries(st.sampled_from([*NAMES, *EDGE_TEXTS[:2]]), item, max_size=4)
    return text


@st.composite
def observations(
    draw: st.DrawFn,
    schema: Schema,
    params: Mapping[str, object],
    *,
    paths: Sequence[str] | None = None,
) -> dict[str, Any]:
    """An observation shaped like the schema: each path present or missing, values at the edges.

    Only ``paths`` (default: every path of the schema) may be present;
    ``params`` is always the pack's parameters, as in a real check.
    """
    out: dict[str, Any] = {"params": dict(params)}
    chosen = sorted(
        p for p in (schema.paths if paths is None else paths) if not p.startswith("params.")
    )
    for path in chosen:
        if not draw(st.booleans()):
            continue
        node = out
        *parents, leaf = path.split(".")
        clash = False
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                clash = True
                break
            node = child
        if not clash and leaf not in node:
            node[leaf] = draw(_observed(schema.paths[path], schema, params))
    return out
