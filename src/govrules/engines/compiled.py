"""The compiled engine: the reference semantics, compiled once per pack into closures.

:mod:`govrules.engines.reference` is the specification and stays short and
plain; this engine means exactly the same and is built for speed, for long
streams and for analyses that evaluate millions of observations:

- each path is split once, and read by a closure over its parts;
- each test against a constant is a closure specialised to the constant's
  kind (a number compares only with numbers, ``1 == 1.0``, true/false never),
  with the reference's ``compare`` as the fallback for everything else;
- rules are indexed by the event kinds they can fire on (read from their
  conditions: an ``all`` that tests ``event.kind``), so an event is tested
  only against the rules that can fire on it, in the pack's order.

The property tests hold it to the reference (and to the durable engine) on
generated scenarios, packs, rules and observations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from govrules.engines import Observation
from govrules.engines.reference import ORDER, as_date, at_key, compare
from govrules.language.ast import All, AnyOf, Condition, Days, Not, Param, Path, Test, Value
from govrules.language.observation import MISSING, split
from govrules.pack.files import Rule

Getter = Callable[[Any], Any]
Check = Callable[[Any], bool]
_NUMBERS = (int, float)


def _path_getter(path: str) -> Getter:
    parts = split(path)
    get = _generic_getter(parts)
    if len(parts) == 2:
        first, second = parts

        def get2(observation: Any) -> Any:
            node = observation.get(first)
            if type(node) is dict:
                found = node.get(second)
                return MISSING if found is None else found
            return get(observation)

        return get2
    return get


def _generic_getter(parts: tuple[str, ...]) -> Getter:
    def get(observation: Any) -> Any:
        node = observation
        for part in parts:
            if type(node) is not dict and not isinstance(node, Mapping):
                return MISSING
            node = node.get(part)
            if node is None:
                return MISSING
        return node

    return get


def compile_value(value: Value, params: Mapping[str, Any]) -> Getter:
    """A function giving what ``value`` stands for in an observation (see ``evaluate``)."""
    match value:
        case Path(path, None):
            return _path_getter(path)
        case Path(path, key) if key is not None:
            found, read = _path_getter(path), compile_value(key, params)
            return lambda o: at_key(found(o), read(o))
        case Param(name, key):
            held = params.get(name, MISSING)
            constant = tuple(held) if isinstance(held, list) else held
            if key is None:
                return lambda o: constant
            read = compile_value(key, params)
            return lambda o: at_key(constant, read(o))
        case Days(start, end):
            first, last = compile_value(start, params), compile_value(end, params)

            def days(o: Any) -> Any:
                a, b = as_date(first(o)), as_date(last(o))
                return MISSING if a is None or b is None else (b - a).days

            return days
    return lambda o: value


def _against_constant(op: str, get: Getter, v: Any) -> Check | None:
    """A test of an observed value against a constant, specialised; None if not specialised."""
    if isinstance(v, bool):
        if op == "eq":
            return lambda o: get(o) is v
        if op == "neq":
            return lambda o: get(o) is not v
        return None
    if isinstance(v, _NUMBERS):
        kinds: tuple[type, ...] = _NUMBERS
    elif isinstance(v, str):
        kinds = (str,)
    else:
        return None
    if op == "eq":
        return lambda o: type(x := get(o)) in kinds and x == v
    if op == "neq":
        return lambda o: not (type(x := get(o)) in kinds and x == v)
    if op in ORDER:
        order = ORDER[op]
        return lambda o: type(x := get(o)) in kinds and order(x, v)
    return None


def compile_test(test: Test, params: Mapping[str, Any]) -> Check:
    op, get = test.op, compile_value(test.left, params)
    right = compile_value(test.right, params)
    if op == "exists":
        present = bool(test.right)
        return lambda o: (get(o) is not MISSING) is present
    constant = (
        right(None)
        if not isinstance(test.right, Path | Days)
        and (not isinstance(test.right, Param) or test.right.key is None)
        else MISSING
    )
    if constant is not MISSING:
        fast = _against_constant(op, get, constant)
        if fast is not None:
            return fast
        if op in ("in", "not_in") and isinstance(constant, tuple):
            members = frozenset(
                (type(m) if not isinstance(m, _NUMBERS) or isinstance(m, bool) else float, m)
                for m in constant
            )
            inside = op == "in"

            def among(o: Any) -> bool:
                x = get(o)
                if type(x) in (str, bool):
                    return ((type(x), x) in members) is inside
                if type(x) in _NUMBERS:
                    return ((float, x) in members) is inside
                return not inside

            return among
        return lambda o: compare(op, get(o), constant)
    return lambda o: compare(op, get(o), right(o))


def _both(checks: tuple[Check, ...]) -> Check:
    # Two or three checks, chained: cheaper than all() over a generator.
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda o: a(o) and b(o)
    if len(checks) == 3:
        a, b, c = checks
        return lambda o: a(o) and b(o) and c(o)
    head, rest = checks[0], _both(checks[1:])
    return lambda o: head(o) and rest(o)


def _either(checks: tuple[Check, ...]) -> Check:
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda o: a(o) or b(o)
    if len(checks) == 3:
        a, b, c = checks
        return lambda o: a(o) or b(o) or c(o)
    head, rest = checks[0], _either(checks[1:])
    return lambda o: head(o) or rest(o)


def compile_condition(condition: Condition, params: Mapping[str, Any]) -> Check:
    """The condition as one function of an observation."""
    match condition:
        case All(items):
            checks = tuple(compile_condition(c, params) for c in items)
            return _both(checks)
        case AnyOf(items):
            checks = tuple(compile_condition(c, params) for c in items)
            return _either(checks)
        case Not(item):
            inner = compile_condition(item, params)
            return lambda o: not inner(o)
        case Test():
            return compile_test(condition, params)
    raise ValueError(f"not a condition: {condition!r}")


def event_kinds(condition: Condition, params: Mapping[str, Any]) -> frozenset[str] | None:
    """The event kinds a condition can hold for, or None when it may hold for any."""
    match condition:
        case Test(Path("event.kind", None), "eq", right):
            value = params.get(right.name) if isinstance(right, Param) else right
            return frozenset([value]) if isinstance(value, str) else None
        case Test(Path("event.kind", None), "in", right):
            values = params.get(right.name) if isinstance(right, Param) else right
            if isinstance(values, tuple | list):
                return frozenset(v for v in values if isinstance(v, str))
            return None
        case All(items):
            known = [k for k in (event_kinds(c, params) for c in items) if k is not None]
            return frozenset.intersection(*known) if known else None
        case AnyOf(items):
            found = [event_kinds(c, params) for c in items]
            return None if any(k is None for k in found) else frozenset().union(*found)  # type: ignore[arg-type]
    return None


def rules_by_kind(
    rules: Sequence[Rule], params: Mapping[str, Any]
) -> tuple[list[Rule], dict[str, list[Rule]]]:
    """The rules that may fire on an event of any kind; and for each kind a rule names,
    the rules that can fire on it (those too), in the pack's order."""
    kinds_of = [(rule, event_kinds(rule.condition, params)) for rule in rules]
    kinds = {k for _, ks in kinds_of if ks for k in ks}
    any_kind = [rule for rule, ks in kinds_of if ks is None]
    by_kind = {kind: [r for r, ks in kinds_of if ks is None or kind in ks] for kind in kinds}
    return any_kind, by_kind


def for_kind(condition: Condition, kind: str, params: Mapping[str, Any]) -> Condition | bool:
    """``condition`` for events of one kind: its tests of ``event.kind`` decided, and
    the combinations they decide folded away (True or False when nothing is left)."""
    match condition:
        case Test(Path("event.kind", None), op, right) if op in ("eq", "neq", "in", "not_in"):
            value = params.get(right.name) if isinstance(right, Param) else right
            if isinstance(right, Param) and right.key is not None:
                return condition
            return compare(op, kind, tuple(value) if isinstance(value, list) else value)
        case All(items):
            kept: list[Condition] = []
            for item in items:
                folded = for_kind(item, kind, params)
                if folded is False:
                    return False
                if folded is not True:
                    kept.append(folded)
            return All(tuple(kept)) if len(kept) > 1 else (kept[0] if kept else True)
        case AnyOf(items):
            kept = []
            for item in items:
                folded = for_kind(item, kind, params)
                if folded is True:
                    return True
                if folded is not False:
                    kept.append(folded)
            return AnyOf(tuple(kept)) if len(kept) > 1 else (kept[0] if kept else False)
        case Not(item):
            folded = for_kind(item, kind, params)
            return (not folded) if isinstance(folded, bool) else Not(folded)
    return condition


class CompiledSession:
    def __init__(self, engine: CompiledEngine) -> None:
        self._any = engine.any_kind
        self._by_kind = engine.by_kind

    def evaluate(self, observation: Observation) -> list[str]:
        event = observation.get("event")
        kind = event.get("kind") if type(event) is dict or isinstance(event, Mapping) else None
        # A kind no rule names (or none at all) meets only the rules that name no kind.
        rules = self._by_kind.get(kind, self._any) if type(kind) is str else self._any
        return [rule_id for rule_id, check in rules if check(observation)]

    def evaluate_many(self, observations: Sequence[Observation]) -> list[list[str]]:
        return [self.evaluate(o) for o in observations]


class CompiledEngine:
    """The rules compiled into closures, specialised to each event kind they can fire on."""

    name = "compiled"

    def __init__(self, rules: Sequence[Rule], params: Mapping[str, Any]) -> None:
        any_kind, by_kind = rules_by_kind(rules, params)
        # Rules that may fire on any kind, for an event of a kind no rule names.
        self.any_kind = tuple((r.id, compile_condition(r.condition, params)) for r in any_kind)
        # Each kind's rules, in the pack's order, with the kind tests decided.
        self.by_kind: dict[str, tuple[tuple[str, Check], ...]] = {}
        for kind, chosen in by_kind.items():
            compiled: list[tuple[str, Check]] = []
            for rule in chosen:
                folded = for_kind(rule.condition, kind, params)
                if folded is True:
                    compiled.append((rule.id, _always))
                elif folded is not False:
                    compiled.append((rule.id, compile_condition(folded, params)))
            self.by_kind[kind] = tuple(compiled)

    @contextmanager
    def session(self) -> Iterator[CompiledSession]:
        yield CompiledSession(self)


def _always(_observation: Any) -> bool:
    return True
