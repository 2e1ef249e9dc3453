"""A check builds observations holding only what the rules that can fire on the
event's kind read; each of those rules holds on them, and its message reads,
exactly as on the whole observation.

The engines are held to each other on the observations the Checker builds, so
a value left out that a rule needs would go unseen there: this holds the
trimmed observation to the whole one, on every example of every bundled pack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _support import all_examples, bundled_pack
from govrules.checker import Checker, fields_read
from govrules.engines.compiled import event_kinds
from govrules.engines.reference import holds
from govrules.language.templates import render_message
from govrules.model.initial import with_baseline
from govrules.replay import FOCUS, apply, observe
from govrules.scenario import ScenarioReader

EXAMPLES = all_examples()


@pytest.mark.parametrize("case", EXAMPLES, ids=lambda c: f"{c[0]}/{c[1].name}")
def test_rules_read_the_trimmed_observation_as_the_whole_one(case: tuple[str, Path]) -> None:
    name, path = case
    pack = bundled_pack(name)
    checker = Checker(pack, "compiled")
    any_kind, by_kind = checker.reads, checker.reads_by_kind
    kinds = {rule.id: event_kinds(rule.condition, pack.param_values) for rule in pack.rules}
    reader = ScenarioReader.open(path)
    assert reader.header is not None
    state = with_baseline(pack.initial, reader.header.baseline)
    for located in reader.events(pack.declarations):
        event = located.event
        after = apply(state, event)
        whole = observe(event, state, after, pack.param_values, None, FOCUS, None)
        read = by_kind.get(event.kind, any_kind)
        trimmed = observe(
            event, state, after, pack.param_values, read.figures, read.focused, read.fields
        )
        assert set(trimmed["event"]) <= set(whole["event"])
        for rule in pack.rules:
            can_fire = kinds[rule.id]
            if can_fire is not None and event.kind not in can_fire:
                continue  # it cannot fire on this event: its message is never read
            assert holds(rule.condition, trimmed) == holds(rule.condition, whole), rule.id
            assert render_message(rule.message, trimmed) == render_message(rule.message, whole), (
                rule.id
            )
        state = after


def test_a_pack_reading_event_fields_reads_only_those() -> None:
    pack = bundled_pack(EXAMPLES[0][0])
    fields = fields_read(pack.rules)
    assert fields is not None
    assert "kind" in fields
    assert "ignore" not in fields


def test_an_event_holds_only_what_the_rules_of_its_kind_read() -> None:
    pack = bundled_pack(EXAMPLES[0][0])
    checker = Checker(pack, "compiled")
    everything = fields_read(pack.rules)
    assert everything is not None
    trimmed = [r for r in checker.reads_by_kind.values() if r.fields and r.fields < everything]
    # Some kind reads fewer fields than the whole pack does, and every kind reads its kind.
    assert trimmed
    assert all(r.fields is None or "kind" in r.fields for r in checker.reads_by_kind.values())
