"""Hypothesis strategies for govrules: write properties about your own pack.

Needs hypothesis (``pip install 'govrules[test]'``). Every strategy builds values
through govrules' own models, so what it generates is exactly what a scenario
file or a rule file can hold. A property about a pack usually has this shape
(docs/testing.md has more)::

    from hypothesis import given
    from govrules import load_pack, testing
    from govrules.check import Checker

    PACK = load_pack("my-pack-dir")          # or load_pack() for the bundled pack
    CHECKER = Checker(PACK)

    @given(testing.scenarios(PACK.initial))
    def test_a_decision_never_changes_the_board(scenario):
        for step in testing.replay_scenario(PACK, scenario):
            if step.located.event.kind == "decision":
                assert step.after.seats == step.before.seats

    @given(testing.scenarios(PACK.initial, kinds=["licence.changed"]))
    def test_every_move_to_a_closed_licence_is_flagged(scenario):
        flagged = {f.event.index for f in testing.findings_of(CHECKER, scenario)}
        for index, event in enumerate(scenario.events):
            assert (index in flagged) == (not event.open_source)

    @given(testing.scenarios(PACK.initial))
    def test_both_engines_mean_the_same_by_my_rules(scenario):
        observations = [s.observation for s in testing.replay_scenario(PACK, scenario)]
        assert testing.disagreements(PACK.rules, PACK.param_values, observations) == []

What there is:

- :func:`event`: one event of any kind (or of the kinds given), valid on its
  own but knowing nothing of any state.
- :func:`scenarios`: valid scenarios for a starting state: events in date
  order, seats lost only by their holders, board decisions taken only by
  current board members, so every generated scenario replays without error.
  :func:`next_event` is the step it takes: one event that can happen in a
  given state.
- :func:`board_states`: states with an arbitrary board.
- :func:`conditions` and :func:`rules`: rule conditions built from the whole
  operator set, typed against the observation's schema, so the loader accepts
  them; :func:`observations` gives observations shaped like the schema, with
  fields missing, lists empty and values at the edges of what a rule may hold.
- :func:`malformed_files`: files that are not valid scenarios (arbitrary text
  and bytes, truncated files, wrong types, unknown kinds and fields, dates out
  of order, events that cannot happen), each told whether it is certainly bad.
- :func:`replay_scenario`, :func:`write_scenario` and :func:`findings_of`:
  the glue a property needs; :func:`disagreements` compares the two engines.

Strings are drawn from the names the pack and the catalogue use (so rules
match often) mixed with arbitrary text (so files are stressed).
"""

from __future__ import annotations

import datetime as dt
import json
import typing
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from govrules.check import Step, replay
from govrules.conditions import (
    MAX_NUMBER,
    MAX_TEXT,
    MIN_NUMBER,
    observation_paths,
    param_type,
    parse_condition,
)
from govrules.events import EVENT_ADAPTER, EVENT_KINDS, Area, Event
from govrules.findings import Finding
from govrules.rules import Rule, RuleDocs, RuleExample, Severity
from govrules.scenario import Format, LocatedEvent, Scenario, render
from govrules.state import BOARD_BODY, Baseline, State, apply
from govrules.state import with_baseline as apply_baseline

if typing.TYPE_CHECKING:
    from govrules.check import Checker
    from govrules.engines.durable import CompileTest
    from govrules.pack import Pack

__all__ = [
    "FORMATS",
    "KINDS",
    "MAX_SEATS",
    "BadFile",
    "baselines",
    "board_states",
    "conditions",
    "disagreements",
    "event",
    "findings_of",
    "malformed_files",
    "next_event",
    "observations",
    "observed_values",
    "organisations",
    "possible_kinds",
    "replay_scenario",
    "rule_from",
    "rules",
    "scenarios",
    "texts",
    "values",
    "write_scenario",
]

FORMATS: tuple[Format, ...] = ("yaml", "json", "jsonl")
KINDS: tuple[str, ...] = tuple(EVENT_KINDS)
BODIES = ("board", "technical-advisory-council", "maintainers")
LEVELS = ("increased", "unchanged", "reduced", "withdrawn")
AREAS = tuple(a.value for a in Area)
LICENCES = ("BSD-3-Clause", "Apache-2.0", "MIT", "BUSL-1.1", "SSPL-1.0")
MAX_SEATS = 1000  # the most seats one event may move
# Organisations that are not founding members of any board in particular.
NEWCOMERS = ("Intel", "IBM", "Hugging Face", "Apple", "Lightning AI")


# ---------------------------------------------------------------------------
# Text and names


def texts(min_size: int = 1, max_size: int = 24) -> st.SearchStrategy[str]:
    """Arbitrary text that a UTF-8 file can hold (no lone surrogates)."""
    return st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=max_size)


def organisations(start: State | None = None) -> st.SearchStrategy[str]:
    """Organisation names: mostly the board's and a few newcomers, sometimes any text."""
    known = sorted(start.seats) if start is not None else []
    return st.one_of(
        st.sampled_from([*known, *NEWCOMERS]),
        st.sampled_from([*known, *NEWCOMERS]),
        st.sampled_from([*known, *NEWCOMERS]),
        texts(max_size=16),
    )


_IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,12}", fullmatch=True)


# ---------------------------------------------------------------------------
# Events


def _common(at: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"at": st.just(at.isoformat())},
        optional={"id": _IDS, "note": texts(min_size=0, max_size=30)},
    )


def _fields(kind: str, state: State, names: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """The kind-specific fields of an event that can happen in ``state``."""
    members = sorted(state.seats)
    seats = st.one_of(st.integers(1, 3), st.integers(1, 3), st.integers(4, MAX_SEATS))
    if kind == "board.seat_gained":
        return st.fixed_dictionaries(
            {"organisation": st.one_of(st.sampled_from(members), names) if members else names},
            optional={"seats": seats},
        )
    if kind == "board.seat_lost":
        return st.sampled_from(members).flatmap(
            lambda org: st.fixed_dictionaries(
                {
                    "organisation": st.just(org),
                    "seats": st.integers(1, min(state.seats[org], MAX_SEATS)),
                }
            )
        )
    if kind == "decision":
        bodies = BODIES if members else BODIES[1:]
        return st.sampled_from(bodies).flatmap(
            lambda body: st.fixed_dictionaries(
                {
                    "body": st.just(body),
                    "subject": texts(),
                    "public": st.booleans(),
                    "minutes_published": st.booleans(),
                    "organisations": st.lists(
                        st.sampled_from(members) if body == BOARD_BODY else names,
                        min_size=1,
                        max_size=4,
                    ),
                }
            )
        )
    if kind == "transition":
        return st.fixed_dictionaries(
            {"changes": st.lists(st.sampled_from(AREAS), unique=True)},
            optional={"to": texts()},
        )
    if kind == "project.changed":
        return st.fixed_dictionaries(
            {"area": st.sampled_from(AREAS), "caused_by_transition": st.booleans()},
            optional={"description": texts(min_size=0)},
        )
    if kind == "parent.changed":
        return st.fixed_dictionaries(
            {"to": st.one_of(st.just("Linux Foundation"), texts()), "nonprofit": st.booleans()}
        )
    if kind == "licence.changed":
        return st.fixed_dictionaries(
            {"to": st.one_of(st.sampled_from(LICENCES), texts()), "open_source": st.booleans()}
        )
    if kind == "investment.changed":
        return st.fixed_dictionaries({"organisation": names, "level": st.sampled_from(LEVELS)})
    if kind == "adoption.changed":
        return st.fixed_dictionaries({"organisation": names, "primary_framework": st.booleans()})
    raise ValueError(f"unknown event kind `{kind}`")


def possible_kinds(state: State, kinds: Sequence[str] = KINDS) -> list[str]:
    """The kinds of event that can happen in ``state`` (a seat loss needs a holder)."""
    return [k for k in kinds if k != "board.seat_lost" or state.seats]


@st.composite
def next_event(
    draw: st.DrawFn,
    state: State,
    at: dt.date,
    kinds: Sequence[str] = KINDS,
    names: st.SearchStrategy[str] | None = None,
) -> Event:
    """One event dated ``at`` that can happen in ``state`` (:func:`apply` accepts it)."""
    choices = possible_kinds(state, kinds)
    if not choices:
        raise ValueError(f"none of the kinds {list(kinds)} can happen in this state")
    kind = draw(st.sampled_from(choices))
    data = (
        {"kind": kind}
        | draw(_common(at))
        | draw(_fields(kind, state, names if names is not None else organisations(state)))
    )
    return EVENT_ADAPTER.validate_python(data)


def event(
    kinds: Sequence[str] = KINDS,
    start: State | None = None,
    at: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[Event]:
    """One valid event of one of ``kinds``, possible in ``start`` (default: a six-member board)."""
    state = start if start is not None else _DEFAULT_START
    dates = at if at is not None else st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    return dates.flatmap(lambda day: next_event(state, day, kinds))


_DEFAULT_START = State(
    seats=dict.fromkeys(("A", "B", "C", "D", "E", "F"), 1),
    steward="Foundation",
    transition_date=dt.date(2022, 9, 12),
    transition_status="announced",
    parent="Parent",
    parent_nonprofit=True,
    licence=None,
    licence_open_source=True,
)


# ---------------------------------------------------------------------------
# Scenarios


def baselines(start: State) -> st.SearchStrategy[Baseline]:
    """Overrides of the initial state a scenario file may carry."""
    return st.builds(
        Baseline.model_validate,
        st.fixed_dictionaries(
            {},
            optional={
                "board": st.fixed_dictionaries(
                    {"seats": st.dictionaries(organisations(start), st.integers(0, 5), max_size=8)}
                ),
                "parent": st.fixed_dictionaries({"name": texts(), "nonprofit": st.booleans()}),
                "licence": st.fixed_dictionaries(
                    {"open_source": st.booleans()},
                    optional={"id": st.sampled_from(LICENCES)},
                ),
                "transition": st.fixed_dictionaries(
                    {"status": st.sampled_from(["announced", "completed"])}
                ),
            },
        ),
    )


@st.composite
def scenarios(
    draw: st.DrawFn,
    start: State,
    *,
    kinds: Sequence[str] = KINDS,
    min_events: int = 0,
    max_events: int = 12,
    with_baseline: bool = False,
    names: st.SearchStrategy[str] | None = None,
    first_date: dt.date | None = None,
) -> Scenario:
    """A valid scenario for the starting state ``start`` (a pack's ``initial``).

    Events are dated in order (often on the same day), start around the
    transition date (or ``first_date``), and each can happen in the state the
    ones before it leave: :func:`replay_scenario` never raises on it.
    ``with_baseline`` sometimes adds a baseline, and the events then fit the
    state it gives.
    """
    baseline = draw(st.none() | baselines(start)) if with_baseline else None
    state = apply_baseline(start, baseline)
    if first_date is not None:
        day = first_date
    else:
        # Often on the transition date or next to it: rules about the
        # transition change their verdict there.
        near = [state.transition_date + dt.timedelta(days=k) for k in (-1, 0, 1)]
        window = st.dates(near[1] - dt.timedelta(days=90), near[1] + dt.timedelta(days=90))
        day = draw(st.one_of(st.sampled_from(near), window))
    events: list[Event] = []
    count = draw(st.integers(min_events, max_events))
    for _ in range(count):
        if not possible_kinds(state, kinds):
            break
        day += dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 7, 30, 90])))
        new = draw(next_event(state, day, kinds, names))
        events.append(new)
        state = apply(state, new)
    return Scenario(
        name=draw(texts(max_size=40)),
        description=draw(st.none() | texts(max_size=60)),
        baseline=baseline,
        events=tuple(events),
    )


def board_states(
    start: State, names: st.SearchStrategy[str] | None = None, max_members: int = 12
) -> st.SearchStrategy[State]:
    """``start`` with an arbitrary board (possibly empty; every holder has a seat or more)."""
    seats = st.dictionaries(
        names if names is not None else organisations(start),
        st.integers(1, 50),
        max_size=max_members,
    )
    return seats.map(lambda s: replace(start, seats=s))


# ---------------------------------------------------------------------------
# Glue for properties


def write_scenario(
    scenario: Scenario, directory: Path, fmt: Format, stem: str = "scenario"
) -> Path:
    """Write ``scenario`` as a file of format ``fmt`` in ``directory``; returns its path."""
    path = directory / f"{stem}.{fmt}"
    path.write_text(render(scenario, fmt), encoding="utf-8")
    return path


def replay_scenario(pack: Pack, scenario: Scenario) -> list[Step]:
    """Replay a scenario in memory against a pack: one step per event."""
    start = apply_baseline(pack.initial, scenario.baseline)
    located = (LocatedEvent(e, i, None) for i, e in enumerate(scenario.events))
    return list(replay(start, located, pack.param_values))


def findings_of(checker: Checker, scenario: Scenario, fmt: Format = "yaml") -> tuple[Finding, ...]:
    """Check a scenario through a file, as ``govrules check`` would; its findings."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = write_scenario(scenario, Path(tmp), fmt)
        return checker.check_file(path, f"scenario.{fmt}").findings


# ---------------------------------------------------------------------------
# Rule conditions


ORDERING_OPS = ("lt", "lte", "gt", "gte")
# Orderings twice: each has a boundary (``gt`` against an equal value) to hit.
OPS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "number": ("eq", "neq", "in", "not_in", "exists", *ORDERING_OPS, *ORDERING_OPS),
    "date": ("eq", "neq", "in", "not_in", "exists", *ORDERING_OPS, *ORDERING_OPS),
    "string": ("eq", "neq", "in", "not_in", "exists"),
    "bool": ("eq", "neq", "in", "not_in", "exists"),
    "list": ("contains", "exists"),
}
_FRACTIONS = (1 / 6, 1 / 4, 2 / 7, 1 / 3, 0.4, 0.5, 2 / 3, 1.0)


def _string_pool(params: Mapping[str, object], start: State | None) -> list[str]:
    pool = {*KINDS, *BODIES, *LEVELS, *AREAS, *LICENCES, *NEWCOMERS, "announced", "completed"}
    pool |= {v for v in params.values() if isinstance(v, str)}
    if start is not None:
        pool |= {*start.seats, start.steward, start.parent, *start.commitments}
    return sorted(pool)


def _date_pool(params: Mapping[str, object], start: State | None) -> list[str]:
    days = {
        dt.date.fromisoformat(v)
        for v in params.values()
        if isinstance(v, str) and param_type(v) == "date"
    }
    if start is not None:
        days.add(start.transition_date)
    near = {d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1, 2, 7)}
    return sorted(d.isoformat() for d in near) or ["2022-09-12"]


def values(
    kind: str, params: Mapping[str, object], start: State | None = None
) -> st.SearchStrategy[Any]:
    """Literal values of a type (``number``, ``date``, ``string``, ``bool``) a condition may hold.

    Mostly values that observations hold, so comparisons land on both sides
    and on the boundary; sometimes anything within the loader's limits.
    """
    if kind == "number":
        numbers = {
            v for v in params.values() if isinstance(v, int | float) and not isinstance(v, bool)
        }
        common: st.SearchStrategy[Any] = st.sampled_from(
            sorted({*range(13), *_FRACTIONS, *numbers})
        )
        rare: st.SearchStrategy[Any] = st.one_of(
            st.floats(MIN_NUMBER, MAX_NUMBER),
            st.floats(-MAX_NUMBER, -MIN_NUMBER),
            st.integers(-MAX_NUMBER, MAX_NUMBER),
        )
        return st.one_of(common, common, common, rare)
    if kind == "date":
        common = st.sampled_from(_date_pool(params, start))
        rare = st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)).map(dt.date.isoformat)
        return st.one_of(common, common, rare)
    if kind in ("string", "list"):
        common = st.sampled_from(_string_pool(params, start))
        rare = st.text(
            st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=0, max_size=12
        )
        return st.one_of(common, common, rare)
    if kind == "bool":
        return st.booleans()
    raise ValueError(f"no values of type `{kind}`")


def _test(
    path: str,
    kind: str,
    params: Mapping[str, object],
    start: State | None,
    seen: Sequence[Any] = (),
) -> st.SearchStrategy[dict[str, Any]]:
    refs = [
        name
        for name, v in params.items()
        if param_type(v) == kind or (kind == "string" and param_type(v) == "date")
    ]
    literal = values(kind, params, start)
    if seen:
        # Values this path was seen to hold: comparisons land on the boundary.
        literal = st.one_of(literal, *[st.sampled_from(seen)] * 3)
    scalar = literal
    if refs and kind != "list":
        scalar = st.one_of(literal, literal, st.sampled_from(refs).map(lambda n: {"param": n}))

    def one(op: str) -> st.SearchStrategy[dict[str, Any]]:
        if op == "exists":
            value: st.SearchStrategy[Any] = st.booleans()
        elif op in ("in", "not_in"):
            value = st.lists(literal, min_size=1, max_size=4)
        else:
            value = scalar
        return value.map(lambda v: {"path": path, op: v})

    return st.sampled_from(OPS_BY_TYPE[kind]).flatmap(one)


def _within_limits(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return value == 0 or MIN_NUMBER <= abs(value) <= MAX_NUMBER
    if isinstance(value, str):
        return len(value) <= MAX_TEXT and not any(unicodedata.category(c) == "Cc" for c in value)
    return False


def observed_values(
    observations: Sequence[Mapping[str, Any]], params: Mapping[str, object]
) -> dict[str, list[Any]]:
    """For each path of the schema, the values ``observations`` hold there (list items
    for a list), as far as a condition may hold them: pass it to :func:`conditions`."""
    out: dict[str, list[Any]] = {}
    for path in observation_paths(params):
        found: set[Any] = set()
        for observation in observations:
            node: Any = observation
            for part in path.split("."):
                node = node.get(part) if isinstance(node, Mapping) else None
            items = node if isinstance(node, list) else [node]
            found |= {v for v in items if v is not None and _within_limits(v)}
        if found:
            out[path] = sorted(found, key=repr)
    return out


def conditions(
    params: Mapping[str, object],
    *,
    start: State | None = None,
    paths: Mapping[str, str] | None = None,
    observed: Mapping[str, Sequence[Any]] | None = None,
    max_leaves: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Rule conditions as a rule file holds them (``when:``), accepted by the loader.

    Tests use every operator on every path of the observation's schema
    (``paths``, by default :func:`govrules.conditions.observation_paths`) with
    values of the path's type, literal or ``{param: NAME}``; combinators
    ``all``, ``any`` and ``not`` nest them. Given ``observed`` (from
    :func:`observed_values`), tests favour the paths those observations hold
    and compare them with the values they hold, so conditions turn on the
    edge cases (``gt`` against an equal value, ``neq`` against a missing one).
    """
    schema = paths if paths is not None else observation_paths(params)
    seen = {p: v for p, v in (observed or {}).items() if p in schema and v}
    every = st.sampled_from(sorted(schema))
    chosen = (
        st.one_of(every, st.sampled_from(sorted(seen)), st.sampled_from(sorted(seen)))
        if seen
        else every
    )
    leaf = chosen.flatmap(lambda p: _test(p, schema[p], params, start, seen.get(p, ())))
    if max_leaves <= 1:
        # A single test, or its negation (st.recursive needs room to recurse).
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
    example=RuleExample(description="none", events=[{"kind": "decision"}]),
)


def rule_from(rule_id: str, when: Any, params: Mapping[str, object]) -> Rule:
    """A rule with condition ``when``, parsed and type-checked as the loader does."""
    return Rule(
        id=rule_id,
        title=f"generated rule {rule_id}",
        severity=Severity.ERROR,
        rests_on=(),
        when=parse_condition(when, observation_paths(params), params),
        message=f"{rule_id} holds",
        docs=_DOCS,
        file="<generated>",
        line=None,
    )


def rules(
    params: Mapping[str, object],
    *,
    start: State | None = None,
    observed: Mapping[str, Sequence[Any]] | None = None,
    min_rules: int = 1,
    max_rules: int = 8,
    max_leaves: int = 6,
) -> st.SearchStrategy[list[Rule]]:
    """A list of rules (ids ``g0``, ``g1``, ...) whose conditions come from :func:`conditions`."""
    return st.lists(
        conditions(params, start=start, observed=observed, max_leaves=max_leaves),
        min_size=min_rules,
        max_size=max_rules,
    ).map(lambda whens: [rule_from(f"g{i}", w, params) for i, w in enumerate(whens)])


def disagreements(
    rules: Sequence[Rule],
    params: Mapping[str, Any],
    observations: Sequence[Mapping[str, Any]],
    *,
    compile_test: CompileTest | None = None,
) -> list[str]:
    """Where the durable-rules and reference engines differ on ``observations``.

    Both engines evaluate every observation in one session each (as in a
    check); the answer has one line per observation on which they return
    different rules, or a different order. ``compile_test`` replaces the
    durable compiler's translation of a test (to show this check catches a
    mistranslation).
    """
    from govrules.engines.durable import DurableEngine
    from govrules.engines.durable import compile_test as default_compile
    from govrules.engines.reference import ReferenceEngine

    durable = DurableEngine(rules, params, compile_test=compile_test or default_compile)
    reference = ReferenceEngine(rules, params)
    out: list[str] = []
    with durable.session() as d, reference.session() as r:
        for i, observation in enumerate(observations):
            got, want = d.evaluate(observation), r.evaluate(observation)
            if got != want:
                out.append(f"observation {i}: durable {got}, reference {want}")
    return out


# Values at the edges of what an engine reads: durable-rules misreads numbers
# beyond the loader's limits and text of more than 65,535 bytes.
_EDGE_NUMBERS = (
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
# durable-rules keeps a text's length modulo 65,536: it reads the second text as
# `board`, a value conditions often hold.
_EDGE_TEXTS = (
    "",
    "board",
    "board" + "y" * 65_536,
    "x" * (MAX_TEXT + 1),
    "\x00",
    "é\u2028\U0001f600",
)


def _observed(
    kind: str, params: Mapping[str, object], start: State | None
) -> st.SearchStrategy[Any]:
    # Half the time a value at an edge (``values`` is itself a choice of three).
    if kind == "number":
        edges = st.sampled_from(_EDGE_NUMBERS)
        return st.one_of(values("number", params, start), edges, edges, edges)
    if kind == "date":
        return values("date", params, start)
    if kind in ("string", "list"):
        edges = st.sampled_from(_EDGE_TEXTS)
        text = st.one_of(values("string", params, start), edges, edges, edges)
        return st.lists(text, max_size=5) if kind == "list" else text
    if kind == "bool":
        return st.booleans()
    raise ValueError(f"no values of type `{kind}`")


@st.composite
def observations(
    draw: st.DrawFn,
    params: Mapping[str, object],
    *,
    start: State | None = None,
    paths: Sequence[str] | None = None,
) -> dict[str, Any]:
    """An observation shaped like the schema: each path present or missing, values at the edges.

    Only ``paths`` (default: every path of the schema) may be present.
    ``params`` is always the pack's parameters, as in a real check.
    """
    schema = observation_paths(params)
    out: dict[str, Any] = {"params": dict(params)}
    for path in sorted(schema if paths is None else paths):
        if path.startswith("params.") or not draw(st.booleans()):
            continue
        node = out
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = draw(_observed(schema[path], params, start))
    return out


# ---------------------------------------------------------------------------
# Malformed input


@dataclass(frozen=True)
class BadFile:
    """A file that may not be a valid scenario.

    ``certain`` is true when no reading of it is valid (a wrong type, an unknown
    kind); false when it may happen to be valid (arbitrary text, a truncation).
    """

    name: str
    content: bytes
    family: str
    certain: bool


def _bad(family: str, certain: bool, fmt: str, text: str | bytes) -> BadFile:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return BadFile(f"bad.{fmt}", content, family, certain)


def _as_file(data: dict[str, Any], fmt: str) -> str:
    if fmt == "jsonl":
        head = {"scenario": {k: v for k, v in data.items() if k != "events"}}
        lines = [json.dumps(x, ensure_ascii=False) for x in [head, *data["events"]]]
        return "\n".join(lines) + "\n"
    return json.dumps(data, indent=1, ensure_ascii=False)  # JSON is YAML too


_WRONG_SCALARS: tuple[object, ...] = ([], {}, [1], {"x": 1})
_WRONG_LISTS: tuple[object, ...] = ({}, {"x": 1}, 7, True, "text")


@st.composite
def _broken_event_data(draw: st.DrawFn, start: State) -> tuple[str, dict[str, Any]]:
    scenario = draw(scenarios(start, min_events=1, max_events=4))
    data = json.loads(render(scenario, "json"))
    events: list[dict[str, Any]] = data["events"]
    index = draw(st.integers(0, len(events) - 1))
    target = events[index]
    how = draw(st.sampled_from(["wrong-type", "unknown-kind", "unknown-field", "missing-field"]))
    if how == "wrong-type":
        field = draw(st.sampled_from(sorted(target)))
        lists = isinstance(target[field], list)
        target[field] = draw(st.sampled_from(_WRONG_LISTS if lists else _WRONG_SCALARS))
    elif how == "unknown-kind":
        target["kind"] = draw(texts().filter(lambda k: k not in EVENT_KINDS))
    elif how == "unknown-field":
        model = EVENT_KINDS[target["kind"]]
        target[draw(texts().filter(lambda k: k not in model.model_fields))] = 1
    else:
        required = [
            n
            for n, f in EVENT_KINDS[target["kind"]].model_fields.items()
            if f.is_required() and n != "kind"
        ]
        del target[draw(st.sampled_from(required))]
    return how, data


@st.composite
def _impossible(draw: st.DrawFn, start: State) -> tuple[str, dict[str, Any]]:
    """Events valid one by one that cannot be replayed, or are out of date order."""
    scenario = draw(scenarios(start, min_events=2, max_events=4))
    data = json.loads(render(scenario, "json"))
    events: list[dict[str, Any]] = data["events"]
    how = draw(st.sampled_from(["out-of-order", "seat-not-held", "outsider-decides"]))
    if how == "out-of-order":
        last = dt.date.fromisoformat(events[-1]["at"])
        events.append(
            events[-1] | {"at": (last - dt.timedelta(days=draw(st.integers(1, 400)))).isoformat()}
        )
    elif how == "seat-not-held":
        events.append(
            {
                "kind": "board.seat_lost",
                "at": events[-1]["at"],
                "organisation": "\u2400 nobody",
                "seats": 1,
            }
        )
    else:
        events.append(
            {
                "kind": "decision",
                "at": events[-1]["at"],
                "subject": "s",
                "public": True,
                "minutes_published": True,
                "organisations": ["\u2400 nobody"],
            }
        )
    return how, data


@st.composite
def malformed_files(draw: st.DrawFn, start: State) -> BadFile:
    """A file for ``govrules check`` that is, or may be, not a valid scenario for ``start``."""
    fmt = draw(st.sampled_from(FORMATS))
    family = draw(
        st.sampled_from(
            ["text", "bytes", "truncated", "broken-event", "impossible", "not-a-mapping"]
        )
    )
    if family == "text":
        return _bad(family, False, fmt, draw(texts(min_size=0, max_size=200)))
    if family == "bytes":
        # Never valid UTF-8: 0xff appears in no UTF-8 text.
        raw = draw(st.binary(max_size=100))
        cut = draw(st.integers(0, len(raw)))
        return _bad(family, True, fmt, raw[:cut] + b"\xff" + raw[cut:])
    if family == "truncated":
        text = render(draw(scenarios(start, min_events=1, max_events=4)), fmt)
        return _bad(family, False, fmt, text[: draw(st.integers(0, len(text) - 1))])
    if family == "not-a-mapping":
        value = draw(st.sampled_from([[], [1, 2], 3, "text", True]))
        # JSONL: a line that is not an event.
        return _bad(family, True, fmt, json.dumps(value) + "\n")
    how, data = draw(_broken_event_data(start) if family == "broken-event" else _impossible(start))
    return _bad(f"{family}:{how}", True, fmt, _as_file(data, fmt))
