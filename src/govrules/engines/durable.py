"""The durable-rules engine: rule conditions compiled to durable-rules rulesets.

durable-rules has defaults that give silently wrong answers for invariant
checking; this wrapper exists to hide them. It drives durable's C engine
(``durable_rules_engine``) directly, without its Python ``Host``: no Python
action runs per fact, no timer thread starts. What it does, and why:

- Observations are *asserted as facts*, never posted as events: a posted event
  is consumed by the first rule that fires, so only one of several broken rules
  would be reported.
- Matches are read from the C engine's queue of actions for the session
  (``start_action_for_state`` / ``complete_and_start_action``) and never run;
  each names its rule and the fact, whose ``seq`` says which observation it was.
  A fact no rule matches is durable's "not handled", which for a fact means
  only that: every fact of a batch is asserted whatever the others do (its
  ``handleMessages`` goes on past it), so no catch-all rule is needed.
- Every rule also requires the fact's ``seq``: durable matches rules against
  the session's own state document too, and a condition that holds on it
  (``exists: false``, ``neq``, ``not_in``) would fire on it.
- durable finds a live fact by a 32-bit hash of its id (by default an id made
  from the fact's content), and silently drops a second fact whose hash is
  taken. Every fact therefore carries an explicit id, chosen so that no two of
  a batch share a hash (:func:`distinct_ids`): no valid stream can fail.
- Facts are asserted in batches and retracted as soon as their matches are
  read, so a session never accumulates facts; the session's state is deleted
  when the scenario ends, in a ``finally``; a process-wide lock serialises
  calls into the C library.
- durable loops forever when one test is followed by more than 512 different
  tests: the rules are split over as many rulesets as it takes to keep each
  within 512 tests, and every fact goes to each; a single rule beyond that is
  refused with a message naming it.
- Any other result from the C engine is an :class:`~govrules.errors.EngineError`,
  never a pass.

The condition language is compiled to produce exactly the meaning the
reference evaluator gives it (:mod:`govrules.engines.reference`):

- facts are flat: each value the rules read is a field of its own, filled
  in from the observation (:class:`FactFields`), and only the fields the
  rules of the event's kind read;
- a test of a plain path against a constant is compiled to durable's own
  operators on the path's field; a value durable cannot compute (a map read
  at a key, the days between two dates) is a field compared by durable the
  same way; a test between two observed values is filled in whole, as true or
  false, and durable combines it with the rest;

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
long text as a text no condition may hold.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import orjson

from govrules.engines import Observation
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
_KEPT: list[tuple[str, str]] = []  # see DurableEngine.__init__
_RULESETS: dict[str, int] = {}  # each ruleset made, by its definition (see DurableEngine.__init__)
BATCH_IDS = 1024  # ids worked out at once (a check's batches are smaller)
LIST_END = "\x01govrules:end-of-list"

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


class FactFields:
    """The fields of a fact, each named once when the rules are compiled.

    Facts are flat: each field is a name of its own, never a nested object
    durable would walk. A plain path the rules compare with a constant is a
    field (``_gp<n>``); so is a value durable cannot compute, a map read at a
    key or the days between two dates (``_gv<n>``), and a whole test between
    two observed values, filled in as true or false (``_gt<n>``): durable
    evaluates the rest of the condition on them. They are filled in by the
    compiled engine's closures (:mod:`govrules.engines.compiled`), which the
    property tests hold to the reference evaluator.
    """

    def __init__(self) -> None:
        self.values: dict[Value, str] = {}  # paths and computed values, compared with constants
        self.truths: dict[Test, str] = {}  # whole tests between two observed values

    def value(self, value: Value) -> str:
        plain = isinstance(value, Path) and value.key is None
        return self.values.setdefault(value, f"{'_gp' if plain else '_gv'}{len(self.values)}")

    def truth(self, test: Test) -> str:
        return self.truths.setdefault(test, f"_gt{len(self.truths)}")

    def only(self, condition: Condition) -> FactFields:
        """The fields among these that ``condition`` reads (after it was compiled)."""
        from govrules.language.ast import tests_of

        part = FactFields()
        for test in tests_of(condition):
            if test.op == "exists" or is_constant(test.right):
                part.values[test.left] = self.values[test.left]
            else:
                part.truths[test] = self.truths[test]
        return part

    def merge(self, other: FactFields) -> None:
        self.values.update(other.values)
        self.truths.update(other.truths)


class Filler:
    """Fills a fact's fields from an observation (those of :class:`FactFields`).

    The plain paths are read as the compiled engine reads them, a node at a
    time, and the paths that end in one node (``after.bodies.board.seats``,
    ``after.bodies.board.size``) share the walk to it.
    """

    def __init__(self, fields: FactFields, params: Mapping[str, Any]) -> None:
        from govrules.engines.compiled import compile_test, compile_value
        from govrules.language.observation import split

        groups: dict[tuple[str, ...], list[tuple[str, str, Callable[[Any], Any]]]] = {}
        values = []
        for value, name in fields.values.items():
            read = compile_value(value, params)
            if isinstance(value, Path) and value.key is None:
                *node, leaf = split(value.path)
                groups.setdefault(tuple(node), []).append((name, leaf, read))
            else:
                values.append((name, read))
        self.groups = tuple((node, tuple(leaves)) for node, leaves in groups.items())
        self.values = tuple(values)
        self.truths = tuple((name, compile_test(t, params)) for t, name in fields.truths.items())

    def fill(self, fact: dict[str, Any], observation: Observation) -> None:
        # A missing value is left out, never sent as null.
        for path, leaves in self.groups:
            node: Any = observation
            for part in path:
                if type(node) is not dict:
                    break
                node = node.get(part)
            if type(node) is dict:
                get = node.get
                for name, leaf, _ in leaves:
                    found = get(leaf)
                    if found is not None:
                        fact[name] = readable(found)
            elif node is not None:  # not a plain dict: the compiled engine's own reading
                for name, _, read in leaves:
                    found = read(observation)
                    if found is not MISSING:
                        fact[name] = readable(found)
        for name, read in self.values:
            found = read(observation)
            if found is not MISSING:
                fact[name] = readable(found)
        for name, check in self.truths:
            fact[name] = check(observation)


def compile_condition(
    condition: Condition,
    params: Mapping[str, Any],
    negated: bool = False,
    test: CompileTest = compile_test,
    fields: FactFields | None = None,
) -> dict[str, Any]:
    """A condition as a durable-rules expression, with ``not`` pushed to the tests;
    the fields it reads are named in ``fields``."""
    fields = fields if fields is not None else FactFields()
    match condition:
        case Not(item):
            return compile_condition(item, params, not negated, test, fields)
        case All(items) | AnyOf(items):
            parts = [compile_condition(c, params, negated, test, fields) for c in items]
            conjunction = isinstance(condition, All) != negated
            return _both(parts) if conjunction else _either(parts)
        case Test(left, op, right):
            if op == "exists" or is_constant(right):
                return test(fields.value(left), op, resolve(right, params), negated)
            return {fields.truth(condition): not negated}
    raise ValueError(f"not a condition: {condition!r}")


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


def fnv1a32(text: str) -> int:
    """durable-rules' 32-bit hash of a fact's id (``fnv1Hash32`` in its C source)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        # C's `char` is signed on x86: bytes above 127 extend to negative values.
        value ^= byte if byte < 128 else (byte - 256) & 0xFFFFFFFF
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def colliding_ids() -> tuple[str, str]:
    """Two short ids with one 32-bit hash (``c<n>``), found by a birthday search of a
    few hundred thousand hashes: what shows that :func:`distinct_ids` is needed."""
    seen: dict[int, str] = {}
    n = 0
    while True:
        text = f"c{n}"
        digest = fnv1a32(text)
        if digest in seen:
            return seen[digest], text
        seen[digest] = text
        n += 1


def distinct_ids(seqs: Sequence[int], base: Callable[[int], str] | None = None) -> list[str]:
    """An id for each fact of a batch, no two with the same 32-bit hash.

    durable-rules finds a live fact by the 32-bit hash of its id, and takes a
    second fact whose hash is taken for the first one again: it is silently
    not asserted. Ids that collide are extended until they do not.
    """
    make = base or str
    taken: set[int] = set()
    out = []
    for seq in seqs:
        fact_id = make(seq)
        digest = fnv1a32(fact_id)
        while digest in taken:
            fact_id += "~"
            digest = fnv1a32(fact_id)
        taken.add(digest)
        out.append(fact_id)
    return out


_MESSAGE = re.compile(r'\{"r(\d+)":\{"m":\{"id": "[^"]*", "sid": "[^"]*", "seq": (\d+)')


def _match(message: str) -> tuple[int, int]:
    """(rule index, fact seq) of a match durable reports (the fact is ours, as we wrote it)."""
    found = _MESSAGE.match(message)
    if found is not None:
        return int(found.group(1)), int(found.group(2))
    data = json.loads(message)  # pragma: no cover - the prefix is always ours
    ((name, matched),) = data.items()
    return int(name[1:]), int(matched["m"]["seq"])


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
        seqs = range(first, first + len(observations))
        self._seq += len(observations)
        ids = engine.ids(len(observations))
        fact = engine.fact
        facts = [
            fact(observation, fact_id, self._sid, seq)
            for fact_id, seq, observation in zip(ids, seqs, observations, strict=True)
        ]
        hits: list[set[int]] = [set() for _ in facts]
        text = _json(facts)
        for handle in engine.handles:
            self._run(handle, text, hits, first)
        # A set per fact: durable expands `$or` into one branch per alternative, so
        # a rule whose condition holds in two ways matches twice. Rule order is
        # the pack's, whatever order durable reported the matches in.
        return [[engine.rule_ids[i] for i in sorted(found)] for found in hits]

    def _run(self, handle: int, text: str, hits: list[set[int]], first: int) -> None:
        from durable_rules_engine import assert_facts, retract_facts

        try:
            code, state = assert_facts(handle, text)
            # 0: every fact matched a rule; 1: some matched none (durable's "not
            # handled", which for facts only means that). Anything else is a failure:
            # 2 ("observed") would mean a fact was not asserted, which distinct ids
            # rule out.
            if code not in (0, 1):
                raise EngineError(f"durable-rules did not take every observation (code {code})")
            self._drain(handle, state, hits, first)
            code, state = retract_facts(handle, text)
            self._drain(handle, state, None, first)
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"durable-rules failed on an observation: {exc}") from exc

    @staticmethod
    def _drain(handle: int, state: int, hits: list[set[int]] | None, first: int) -> None:
        """Read every match durable queued (no Python action runs for any of them)."""
        from durable_rules_engine import complete_and_start_action, start_action_for_state

        started = start_action_for_state(handle, state)
        message = started[1] if started else None
        while message:
            if hits is not None:
                rule, seq = _match(message)
                hits[seq - first].add(rule)
            message = complete_and_start_action(handle, state)


def _by_kind(
    rules: Sequence[Rule], params: Mapping[str, Any], fields: FactFields
) -> tuple[Filler, dict[str, Filler]]:
    """What to fill in for an event of each kind (and for any other kind)."""
    from govrules.engines.compiled import rules_by_kind

    def part(chosen: Sequence[Rule]) -> Filler:
        read = FactFields()
        for rule in chosen:
            read.merge(fields.only(rule.condition))
        return Filler(read, params)

    any_kind, by_kind = rules_by_kind(rules, params)
    return part(any_kind), {kind: part(chosen) for kind, chosen in by_kind.items()}


def _json(facts: list[dict[str, Any]]) -> str:
    """The facts as durable reads them: JSON text (orjson's, ten times faster than the
    standard library's, and read by durable the same way; the standard library's for
    what orjson refuses, integers past 64 bits and text that is not UTF-8)."""
    try:
        return orjson.dumps(facts).decode()
    except orjson.JSONEncodeError:
        return json.dumps(facts, ensure_ascii=False)


# Each session starts with one fact that only this rule matches: durable leaves a
# new session's action context uninitialised until an action runs for it, and
# deleting a session whose facts never matched a rule then frees garbage
# pointers (a crash seen here). One action at the start sets it properly.
_OPEN_RULE = "open"
_OPEN_FIELD = "govrules_session_opens"


class DurableEngine:
    """The rules compiled into durable-rules rulesets, driven through its C engine."""

    name = "durable"

    def __init__(
        self,
        rules: Sequence[Rule],
        params: Mapping[str, Any],
        *,
        compile_test: CompileTest = compile_test,
    ) -> None:
        """Compile ``rules``; ``compile_test`` exists so tests can break one operator."""
        from durable_rules_engine import create_ruleset

        self.rule_ids = tuple(rule.id for rule in rules)
        self.fields = FactFields()
        # How a fact's id is first written (tests put colliding ids here).
        self.fact_id: Callable[[int], str] = str
        self._ids: list[str] = []
        chunks: list[dict[str, Any]] = [{}]
        tests_in_chunk = 0
        for index, rule in enumerate(rules):
            compiled = compile_condition(
                rule.condition, params, test=compile_test, fields=self.fields
            )
            tests = _count_tests(compiled) + 1
            if tests > MAX_TESTS:
                raise EngineError(
                    f"rule `{rule.id}` holds {tests} tests once compiled, more than durable-rules"
                    f" can hold in one ruleset ({MAX_TESTS}); use --engine compiled"
                )
            if tests_in_chunk + tests > MAX_TESTS:
                chunks.append({})
                tests_in_chunk = 0
            tests_in_chunk += tests
            chunks[-1][f"r{index}"] = {
                "all": [{"m": _both([_is_observation(), compiled])}],
                "pri": index + 1,
            }
        # A fact carries only what the rules that can fire on its event's kind read:
        # the others test the kind and fail whatever else the fact holds.
        self.any_kind, self.by_kind = _by_kind(rules, params, self.fields)
        self.definitions = [c for c in chunks if c]
        for definition in self.definitions:
            definition[_OPEN_RULE] = {"all": [{"m": {"$ex": {_OPEN_FIELD: 1}}}], "pri": 0}
        self.handles: list[int] = []
        with _LOCK:
            for definition in self.definitions:
                text = json.dumps(definition, ensure_ascii=False)
                # The C engine never frees a ruleset (about 0.7 MiB for 45 rules):
                # engines compiled from the same rules share theirs, so a process
                # that checks again and again holds one per set of rules. Sessions
                # keep them apart (each has an id of its own, and holds the lock).
                handle = _RULESETS.get(text)
                if handle is None:
                    name = f"govrules-{next(_NAMES)}"
                    # The C engine keeps pointers into the strings it is given (the
                    # ruleset's name, for one): both must live as long as the
                    # process, or it frees what Python freed.
                    _KEPT.append((name, text))
                    try:
                        handle = create_ruleset(name, text)
                    except Exception as exc:
                        raise EngineError(
                            f"durable-rules refused the compiled rules: {exc}"
                        ) from exc
                    _RULESETS[text] = handle
                self.handles.append(handle)

    def fact(self, observation: Observation, fact_id: str, sid: str, seq: int) -> dict[str, Any]:
        """The fact durable is given for ``observation``: flat, only what it reads."""
        # id, sid and seq first: a match is read from this prefix (see _match).
        fact = {"id": fact_id, "sid": sid, "seq": seq}
        event = observation.get("event")
        kind = event.get("kind") if type(event) is dict or isinstance(event, Mapping) else None
        filler = self.by_kind.get(kind, self.any_kind) if type(kind) is str else self.any_kind
        filler.fill(fact, observation)
        return fact

    def ids(self, count: int) -> list[str]:
        """Ids for the facts of a batch, no two with the same hash.

        A batch is retracted before the next is asserted, so every batch can use
        the same ids: they are worked out once (and again only for a larger batch).
        """
        if len(self._ids) < count or self.fact_id is not str:
            self._ids = distinct_ids(range(max(count, BATCH_IDS)), self.fact_id)
        return self._ids[:count]

    def _open(self, sid: str) -> None:
        from durable_rules_engine import assert_facts, retract_facts

        text = json.dumps([{"id": "open", "sid": sid, _OPEN_FIELD: 1}])
        for handle in self.handles:
            try:
                code, state = assert_facts(handle, text)
                if code != 0:
                    raise EngineError(f"durable-rules did not open a session (code {code})")
                DurableSession._drain(handle, state, None, 0)
                retract_facts(handle, text)
            except EngineError:
                raise
            except Exception as exc:
                raise EngineError(f"durable-rules failed to open a session: {exc}") from exc

    @contextmanager
    def session(self) -> Iterator[DurableSession]:
        from durable_rules_engine import delete_state

        sid = f"s{next(_SESSIONS)}"
        _KEPT.append((sid, ""))  # the C engine may keep a pointer to the session's id too
        with _LOCK:
            try:
                self._open(sid)
                yield DurableSession(self, sid)
            finally:
                for handle in self.handles:
                    # A session that never asserted a fact has no state to delete.
                    with contextlib.suppress(Exception):
                        delete_state(handle, sid)
