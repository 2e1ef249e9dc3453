"""The durable-rules engine: rule conditions compiled to durable-rules rulesets.

durable-rules has defaults that give silently wrong answers for invariant
checking; this wrapper exists to hide them. What it does, and why:

- Observations are *asserted as facts* (``assert_fact``), never posted as
  events: a posted event is consumed by the first rule that fires, so only
  one of several broken rules would be reported.
- A catch-all rule with the lowest priority matches every fact, because a
  fact no rule matches raises ``MessageNotHandledException``.
- Every rule also requires the fact's sequence number (``$ex: seq``): durable
  matches rules against the session's own state document too, and a condition
  that holds on it (``exists: false``, ``neq``, ``not_in``) would fire on it,
  and fire again on every update of that state, forever.
- Every rule's action only records its rule id; which rules matched is read
  from those records, in priority order (the rule's position in the pack).
- Each fact carries a sequence number (durable identifies facts by a hash of
  their content) and is retracted as soon as its matches are read, so a session
  never accumulates facts; the session's state is deleted when the scenario
  ends, in a ``finally``.
- One ``Host`` per engine, with its background timer threads disabled; a
  process-wide lock serialises calls into the C library.
- An exception in the engine, or one it recorded in the session state, is an
  :class:`~govrules.errors.EngineError`, never a pass.

The condition language is compiled to produce exactly the meaning the
reference evaluator gives it (:mod:`govrules.engines.reference`):

- a test of a plain path against a constant is compiled to durable's own
  operators; a value durable cannot compute (a map read at a key, the days
  between two dates) is filled into a field of the fact by the reference
  evaluator's ``evaluate`` and compared by durable; a test between two
  observed values is filled in whole, as true or false, by its ``holds``,
  and durable combines it with the rest (:class:`Synthetic`);

- ``not`` is pushed down to the tests (durable has no general negation);
- ``neq`` and ``not_in`` also match a missing field (durable's ``$neq`` does
  not), and a negated ordering (``not lt``) matches a missing field too;
- a negated ``contains`` is ``$iall`` of ``$neq``, which durable refuses to
  match on an empty list; every list sent to durable therefore ends with a
  sentinel item no rule value can equal.

durable-rules also misreads some values (its JSON reader crashes on ``5e-06``,
and it keeps the length of text in 16 bits, so 65,537 characters compare like
1). The loader keeps every value in a condition within limits durable reads
exactly (:mod:`govrules.language.typecheck`), and an observed value beyond those limits
is sent as a stand-in that compares with every value a condition may hold just
as the real value does: a tiny number as ``5.5e-05``, a huge one as ``1.5e16``,
long text as a text no condition may hold. Finally, durable loops forever when
one test is followed by more than 512 different tests; an engine that might
reach that is refused.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import math
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from govrules.engines import Observation
from govrules.engines.reference import evaluate, holds
from govrules.errors import EngineError
from govrules.language.ast import (
    All,
    AnyOf,
    Condition,
    Not,
    Param,
    Path,
    Test,
    Value,
    is_constant,
)
from govrules.language.observation import MISSING
from govrules.language.typecheck import MAX_NUMBER, MAX_TEXT, MIN_NUMBER
from govrules.pack.files import Rule

# durable-rules 2.0.28 uses datetime.utcfromtimestamp, deprecated in Python 3.12;
# under -W error that warning would leave a session locked mid-call.
warnings.filterwarnings(
    "ignore", message=r"datetime\.datetime\.utcfromtimestamp", category=DeprecationWarning
)

_LOCK = threading.RLock()
_NAMES = itertools.count()
_SESSIONS = itertools.count()
LIST_END = "\x01govrules:end-of-list"
CATCH_ALL = "$govrules-catch-all"
_LOWEST_PRIORITY = 65535  # durable's priority is an unsigned short; lower runs first

NEGATED_ORDER = {"lt": "$gte", "lte": "$gt", "gt": "$lte", "gte": "$lt"}


def _either(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$or": parts}


def _both(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$and": parts}


CompileTest = Callable[[str, str, Any, bool], dict[str, Any]]


def _is_observation() -> dict[str, Any]:
    # Only observations carry ``seq``; the session's state document does not.
    return {"$ex": {"seq": 1}}


def compile_test(path: str, op: str, value: Any, negated: bool) -> dict[str, Any]:
    """One test, possibly negated, as a durable-rules expression."""
    missing = {"$nex": {path: 1}}
    if op == "exists":
        return {"$ex" if bool(value) != negated else "$nex": {path: 1}}
    if negated:
        op = {"eq": "neq", "neq": "eq", "in": "not_in", "not_in": "in"}.get(op, op)
        if op in NEGATED_ORDER:
            return _either([missing, {NEGATED_ORDER[op]: {path: value}}])
    if op == "eq":
        return {path: value}
    if op == "neq":
        return _either([missing, {"$neq": {path: value}}])
    if op == "in":
        return _either([{path: v} for v in value])
    if op == "not_in":
        return _either([missing, _both([{"$neq": {path: v}} for v in value])])
    if op in NEGATED_ORDER:
        return {f"${op}": {path: value}}
    if op == "contains":
        if negated:
            return _either([missing, {"$iall": {path: {"$neq": {"$i": value}}}}])
        return {"$iany": {path: {"$i": value}}}
    raise ValueError(f"unknown operator `{op}`")


def resolve(value: Value, params: Mapping[str, Any]) -> Any:
    """The literal a constant value stands for (parameters looked up)."""
    if isinstance(value, Param):
        found = params[value.name]
        return tuple(found) if isinstance(found, list) else found
    return value


class Synthetic:
    """Values the rules need that durable cannot compute: a map read at a key, the
    days between two dates, a comparison of two observed values. Each gets a field of
    its own in the fact, filled in Python by the reference evaluator's own
    functions, and durable evaluates the rest of the condition on it."""

    def __init__(self) -> None:
        self.values: dict[Value, str] = {}  # computed subjects, compared with constants
        self.truths: dict[Test, str] = {}  # whole tests between two observed values

    def value(self, value: Value) -> str:
        return self.values.setdefault(value, f"_gv{len(self.values)}")

    def truth(self, test: Test) -> str:
        return self.truths.setdefault(test, f"_gt{len(self.truths)}")

    def fill(self, fact: dict[str, Any], observation: Observation) -> None:
        for value, name in self.values.items():
            found = evaluate(value, observation)
            if found is not MISSING:
                fact[name] = readable(found)
        for test, name in self.truths.items():
            fact[name] = holds(test, observation)


def compile_condition(
    condition: Condition,
    params: Mapping[str, Any],
    negated: bool = False,
    test: CompileTest = compile_test,
    synthetic: Synthetic | None = None,
) -> dict[str, Any]:
    """A condition as a durable-rules expression, with ``not`` pushed to the tests."""
    synthetic = synthetic if synthetic is not None else Synthetic()
    match condition:
        case Not(item):
            return compile_condition(item, params, not negated, test, synthetic)
        case All(items) | AnyOf(items):
            parts = [compile_condition(c, params, negated, test, synthetic) for c in items]
            conjunction = isinstance(condition, All) != negated
            return _both(parts) if conjunction else _either(parts)
        case Test(left, op, right):
            constant = op == "exists" or is_constant(right)
            if isinstance(left, Path) and left.key is None and constant:
                return test(left.path, op, resolve(right, params), negated)
            if constant:
                return test(synthetic.value(left), op, resolve(right, params), negated)
            return {synthetic.truth(condition): not negated}
    raise ValueError(f"not a condition: {condition!r}")


PathTree = dict[str, "PathTree | None"]


def path_tree(paths: Iterable[str]) -> PathTree:
    """Dotted paths as a tree of keys (None marks a leaf)."""
    tree: PathTree = {}
    for path in sorted(paths):
        node = tree
        *parents, leaf = path.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            assert child is not None, f"`{path}` goes below a leaf"
            node = child
        node[leaf] = None
    return tree


# Stand-ins for observed values durable cannot read (see the module docstring).
# Conditions hold numbers of size 0 or MIN_NUMBER..MAX_NUMBER and text of at most
# MAX_TEXT characters without control characters, so each stand-in compares with
# all of them as the value it replaces does; their reprs are ones durable reads.
TINY = 5.5e-05
HUGE = 1.5e16
LONG_TEXT = "\x01govrules:long-text"


def readable(value: Any) -> Any:
    """``value`` as durable should see it: itself, or its stand-in."""
    kind = type(value)
    if kind is float or kind is int:
        if value != 0 and abs(value) < MIN_NUMBER:
            return math.copysign(TINY, value)
        if abs(value) > MAX_NUMBER:
            return math.copysign(HUGE, value)
    elif kind is str and len(value) > MAX_TEXT:
        return LONG_TEXT
    elif kind is list or kind is tuple:
        return [*map(readable, value), LIST_END]
    return value


def _project(observation: Mapping[str, Any], tree: PathTree) -> dict[str, Any]:
    """Only what the rules read, as nested dicts, each value :func:`readable`."""
    out: dict[str, Any] = {}
    for key, sub in tree.items():
        value = observation.get(key)
        if value is None:
            continue
        if sub is None:
            out[key] = readable(value)
        elif type(value) is dict:
            inner = _project(value, sub)
            if inner:
                out[key] = inner
    return out


# durable keeps the tests that may follow one test in a table of 512 slots, and
# loops forever looking for a 513th. Each slot holds a test made for one test
# of the rules, so rules with at most 512 tests in all can never fill a table.
MAX_TESTS = 512


def _count_tests(expression: dict[str, Any]) -> int:
    """How many tests a compiled expression holds (``$and``/``$or`` are not tests)."""
    ((key, body),) = expression.items()
    if key in ("$and", "$or"):
        return sum(_count_tests(part) for part in body)
    if key in ("$iall", "$iany"):
        ((_, inner),) = body.items()
        return 1 + _count_tests(inner)
    return 1


def _plain_paths(condition: Condition) -> set[str]:
    """The paths durable reads directly (computed values are filled in by :class:`Synthetic`)."""
    from govrules.language.ast import tests_of

    return {
        t.left.path
        for t in tests_of(condition)
        if isinstance(t.left, Path)
        and t.left.key is None
        and (t.op == "exists" or is_constant(t.right))
    }


class _Host:
    """A durable Host without its background timer threads."""

    def __new__(cls) -> Any:
        from durable import engine

        class QuietHost(engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                # The default starts timer threads that never stop and can run
                # actions on a background thread; govrules needs neither.
                pass

        return QuietHost()


class DurableSession:
    def __init__(self, engine: DurableEngine, sid: str) -> None:
        self._engine = engine
        self._sid = sid
        self._seq = 0

    @property
    def asserted(self) -> bool:
        return self._seq > 0

    def evaluate(self, observation: Observation) -> list[str]:
        return self.evaluate_many([observation])[0]

    def evaluate_many(self, observations: Sequence[Observation]) -> list[list[str]]:
        """Assert a batch of observations at once (one call into durable), then retract them."""
        if not observations:
            return []
        engine = self._engine
        first = self._seq + 1
        facts = []
        for observation in observations:
            self._seq += 1
            fact = _project(observation, engine.paths)
            engine.synthetic.fill(fact, observation)
            fact["sid"] = self._sid
            fact["seq"] = self._seq
            facts.append(fact)
        matched = engine.matched
        matched.clear()
        try:
            engine.host.assert_facts(engine.ruleset, facts)
            engine.host.retract_facts(engine.ruleset, facts)
        except Exception as exc:
            raise EngineError(f"durable-rules failed on an observation: {exc}") from exc
        found: list[set[int]] = [set() for _ in facts]
        reached = [False] * len(facts)
        for seq, priority in matched:
            if priority == _LOWEST_PRIORITY:
                reached[seq - first] = True
            else:
                # A set: durable expands `$or` into one branch per alternative,
                # so a rule whose condition holds in two ways fires twice.
                found[seq - first].add(priority)
        if not all(reached):
            raise EngineError("durable-rules did not evaluate every rule for an observation")
        # Rule order is the pack's order, whatever order durable ran the actions in.
        return [[engine.rule_ids[p - 1] for p in sorted(hits)] for hits in found]


class DurableEngine:
    """The rules compiled once into one durable-rules ruleset."""

    name = "durable"

    def __init__(
        self,
        rules: Sequence[Rule],
        params: Mapping[str, Any],
        *,
        compile_test: CompileTest = compile_test,
    ) -> None:
        """Compile ``rules``; ``compile_test`` exists so tests can break one operator."""
        self.ruleset = f"govrules-{next(_NAMES)}"
        self.matched: list[tuple[int, int]] = []
        self.rule_ids = tuple(rule.id for rule in rules)
        read: set[str] = set()
        definition: dict[str, Any] = {}
        tests = 0
        self.synthetic = Synthetic()
        for priority, rule in enumerate(rules, start=1):
            read |= _plain_paths(rule.condition)
            compiled = compile_condition(
                rule.condition, params, test=compile_test, synthetic=self.synthetic
            )
            tests += _count_tests(compiled)
            definition[rule.id] = {
                "all": [{"m": _both([_is_observation(), compiled])}],
                "pri": priority,
                "run": self._recorder(priority),
            }
        if tests > MAX_TESTS:
            raise EngineError(
                f"the rules hold {tests} tests once compiled, more than durable-rules can"
                f" hold ({MAX_TESTS}); use the reference engine (--engine reference)"
            )
        definition[CATCH_ALL] = {
            "all": [{"m": _is_observation()}],
            "pri": _LOWEST_PRIORITY,
            "run": self._recorder(_LOWEST_PRIORITY),
        }
        self.paths = path_tree(read)
        self.definition = copy.deepcopy({k: {**v, "run": None} for k, v in definition.items()})
        with _LOCK:
            self.host = _Host()
            try:
                # durable deletes each rule's "run" from the dict it is given.
                self.host.set_rulesets({self.ruleset: definition})
            except Exception as exc:
                raise EngineError(f"durable-rules refused the compiled rules: {exc}") from exc

    def _recorder(self, priority: int) -> Any:
        matched = self.matched

        def record(closure: Any) -> None:
            # closure.m wraps the matched fact; its dict is read directly because
            # attribute access goes through a slow __getattr__.
            matched.append((closure.m._d["seq"], priority))

        return record

    @contextmanager
    def session(self) -> Iterator[DurableSession]:
        sid = f"s{next(_SESSIONS)}"
        with _LOCK:
            try:
                session = DurableSession(self, sid)
                yield session
                state = self.host.get_state(self.ruleset, sid) if session.asserted else {}
                if isinstance(state, dict) and "exception" in state:
                    raise EngineError(f"durable-rules recorded an exception: {state['exception']}")
            finally:
                # A session that never asserted a fact has no state to delete.
                with contextlib.suppress(Exception):
                    self.host.delete_state(self.ruleset, sid)
