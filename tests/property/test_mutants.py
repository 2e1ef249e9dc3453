"""Mutants: small deliberate bugs in what the engines rest on, each shown caught.

Each mutant below is a plausible slip in the durable engine's translation of
the reference semantics: ``not`` pushed down to the tests without De Morgan,
a stand-in value that does not compare as the value it stands for, a missing
value sent as something, a batch's results read back at the wrong offsets.
Each is applied with ``monkeypatch``, and the property that should catch it
is run on its own generator, stopped at the first input on which the engines
disagree (or the engine fails): finding one shows the property has teeth. The
same properties pass without the mutant (they run in CI), so what is found is
the mutant's doing. ``MISTRANSLATIONS`` in ``test_engines_agree.py`` does the
same for single operators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from govrules import testing
from govrules.engines import durable
from govrules.errors import EngineError
from govrules.language import ast
from govrules.language.ast import All, AnyOf, Condition, Not, is_constant
from govrules.language.observation import MISSING
from govrules.language.typecheck import MAX_NUMBER, MIN_NUMBER
from govrules.pack import Rule
from property._shared import PACKS, pack
from property.test_engines_agree import (
    rules_and_observations,
    rules_over_schema_shaped_observations,
)
from property.test_engines_agree_in_batches import disagreement, streams

SEARCH = settings(
    max_examples=1000,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
Patch = Callable[[pytest.MonkeyPatch], None]

# -- the not push-down -------------------------------------------------------------


Compile = Callable[..., dict[str, Any]]


def _compile_condition_with(
    monkeypatch: pytest.MonkeyPatch,
    swap: Callable[[Condition, Any, bool, Any, Any, Compile], dict[str, Any] | None],
) -> None:
    """durable's ``compile_condition`` with ``swap`` tried first at every level (None
    leaves the level to the original); ``swap`` is given the mutant to recurse with."""
    original = durable.compile_condition

    def mutant(
        condition: Condition,
        params: Any,
        negated: bool = False,
        test: Any = durable.compile_test,
        fields: Any = None,
    ) -> dict[str, Any]:
        fields = fields if fields is not None else durable.FactFields()
        swapped = swap(condition, params, negated, test, fields, mutant)
        return (
            swapped if swapped is not None else original(condition, params, negated, test, fields)
        )

    monkeypatch.setattr(durable, "compile_condition", mutant)


def _without_de_morgan(monkeypatch: pytest.MonkeyPatch) -> None:
    """``not (a and b)`` compiled as ``not a and not b``: the negation reaches the tests,
    but ``all`` stays ``all`` and ``any`` stays ``any``."""

    def swap(
        condition: Condition, params: Any, negated: bool, test: Any, fields: Any, again: Compile
    ) -> dict[str, Any] | None:
        if isinstance(condition, All | AnyOf):
            parts = [again(c, params, negated, test, fields) for c in condition.items]
            joined = durable._both if isinstance(condition, All) else durable._either
            return joined(parts)
        if isinstance(condition, Not):
            return again(condition.item, params, not negated, test, fields)
        return None

    _compile_condition_with(monkeypatch, swap)


def _negation_dropped_between_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """A negated test between two observed values (filled in whole, as true or false)
    compiled as if it were not negated."""

    def swap(
        condition: Condition, params: Any, negated: bool, test: Any, fields: Any, again: Compile
    ) -> dict[str, Any] | None:
        if isinstance(condition, ast.Test) and not (
            condition.op == "exists" or is_constant(condition.right)
        ):
            return {fields.truth(condition): True}
        return None

    _compile_condition_with(monkeypatch, swap)


# -- stand-ins and missing values ----------------------------------------------------


def _readable(change: Callable[[Any], Any]) -> Patch:
    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        original = durable.readable

        def mutant(value: Any) -> Any:
            changed = change(value)
            return original(value) if changed is NotImplemented else changed

        monkeypatch.setattr(durable, "readable", mutant)

    return patch


def _lists_without_the_end_marker(value: Any) -> Any:
    """Lists sent as they are: durable's ``$iall`` never matches an empty one."""
    if isinstance(value, list | tuple):
        return [durable.readable(v) for v in value]
    return NotImplemented


def _tiny_numbers_as_zero(value: Any) -> Any:
    """A number too small for durable sent as 0 (it is not 0: ``gt 0`` holds of it)."""
    if type(value) in (int, float) and value != 0 and abs(value) < MIN_NUMBER:
        return 0.0
    return NotImplemented


def _huge_numbers_as_the_limit(value: Any) -> Any:
    """A number too large for durable sent as the largest a condition may hold."""
    if type(value) in (int, float) and abs(value) > MAX_NUMBER:
        return MAX_NUMBER if value > 0 else -MAX_NUMBER
    return NotImplemented


def _missing_values_sent_as_null(monkeypatch: pytest.MonkeyPatch) -> None:
    """A value that is missing (a path the observation lacks, a map without the key)
    written into the fact as null, where it should be left out."""

    def fill(self: durable.Filler, fact: dict[str, Any], observation: Any) -> None:
        reads = [(name, read) for _, leaves in self.groups for name, _, read in leaves]
        for name, get in [*reads, *self.values]:
            found = get(observation)
            fact[name] = None if found is MISSING else durable.readable(found)
        for name, check in self.truths:
            fact[name] = check(observation)

    monkeypatch.setattr(durable.Filler, "fill", fill)


# -- batch offsets -----------------------------------------------------------------


def _drain_with(position: Callable[[int, int, int], int]) -> Patch:
    """Matches read back at ``position(seq, first, batch length)`` instead of ``seq - first``."""

    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        from durable_rules_engine import complete_and_start_action, start_action_for_state

        def drain(handle: int, state: int, hits: list[set[int]] | None, first: int) -> None:
            started = start_action_for_state(handle, state)
            message = started[1] if started else None
            while message:
                if hits is not None:
                    rule, seq = durable._match(message)
                    hits[position(seq, first, len(hits))].add(rule)
                message = complete_and_start_action(handle, state)

        monkeypatch.setattr(durable.DurableSession, "_drain", staticmethod(drain))

    return patch


# -- which property catches which ----------------------------------------------------


def _disagree(rules: list[Rule], observations: list[dict[str, Any]], name: str) -> bool:
    try:
        return bool(testing.disagreements(rules, pack(name).param_values, observations))
    except EngineError:  # a mutant may make durable fail outright: caught as well
        return True


def _in_batches(case: tuple[str, int, tuple[str, str, int]]) -> bool:
    name, batch, (text, fmt, _) = case
    try:
        return disagreement(name, batch, text, fmt) is not None
    except EngineError:
        return True


@st.composite
def _batched_streams(draw: st.DrawFn) -> tuple[str, int, tuple[str, str, int]]:
    name = draw(st.sampled_from(PACKS))
    return name, draw(st.integers(1, 4)), draw(streams(name))


# Each property's generator, and the test of one input (true: the engines disagree).
Property = tuple[st.SearchStrategy[Any], Callable[[Any], bool]]
OVER_REPLAYED: Property = (rules_and_observations(PACKS[0]), lambda c: _disagree(c[1], c[2], c[0]))
OVER_SCHEMA_SHAPED: Property = (
    rules_over_schema_shaped_observations(),
    lambda c: _disagree(c[1], c[2], c[0]),
)
AT_THE_CHECKER: Property = (_batched_streams(), _in_batches)

MUTANTS: dict[str, tuple[Patch, Property]] = {
    "not-pushed-down-without-de-morgan": (_without_de_morgan, OVER_REPLAYED),
    "negation-dropped-between-two-paths": (_negation_dropped_between_paths, OVER_REPLAYED),
    "lists-without-the-end-marker": (_readable(_lists_without_the_end_marker), OVER_SCHEMA_SHAPED),
    "tiny-numbers-as-zero": (_readable(_tiny_numbers_as_zero), OVER_SCHEMA_SHAPED),
    "huge-numbers-as-the-limit": (_readable(_huge_numbers_as_the_limit), OVER_SCHEMA_SHAPED),
    "missing-values-as-null": (_missing_values_sent_as_null, OVER_SCHEMA_SHAPED),
    # Right for every full batch, wrong for a last batch shorter than the others.
    "batch-read-modulo-its-length": (
        _drain_with(lambda seq, first, length: (seq - 1) % length),
        AT_THE_CHECKER,
    ),
    # Right for the first batch only.
    "batch-read-from-the-session-start": (
        _drain_with(lambda seq, first, length: seq - 1),
        AT_THE_CHECKER,
    ),
}


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_each_mutant_is_caught(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    patch, (inputs, disagrees) = MUTANTS[name]
    # Without the mutant, the property's first inputs show no disagreement...
    with pytest.raises(NoSuchExample):
        find(inputs, disagrees, settings=settings(SEARCH, max_examples=10))
    # ...with it, the same search finds one (find raises NoSuchExample if it does not).
    patch(monkeypatch)
    found = find(inputs, disagrees, settings=SEARCH)
    assert disagrees(found)
