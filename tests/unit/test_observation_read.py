"""A check builds observations holding only what the pack's rules read; every rule
holds on them, and every message reads, exactly as on the whole observation.

The engines are held to each other on the observations the Checker builds, so
a value left out that a rule needs would go unseen there: this holds the
trimmed observation to the whole one, on every example of every bundled pack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _support import all_examples, bundled_pack
from govrules.checker import fields_read, figures_read, focus_read
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
    figures, focused, fields = figures_read(pack), focus_read(pack), fields_read(pack)
    reader = ScenarioReader.open(path)
    assert reader.header is not None
    state = with_baseline(pack.initial, reader.header.baseline)
    for located in reader.events(pack.declarations):
        event = located.event
        after = apply(state, event)
        whole = observe(event, state, after, pack.param_values, None, FOCUS, None)
        trimmed = observe(event, state, after, pack.param_values, figures, focused, fields)
        assert set(trimmed["event"]) <= set(whole["event"])
        for rule in pack.rules:
            assert holds(rule.condition, trimmed) == holds(rule.condition, whole), rule.id
            assert render_message(rule.message, trimmed) == render_message(rule.message, whole), (
                rule.id
            )
        state = after


def test_a_pack_reading_event_fields_reads_only_those() -> None:
    pack = bundled_pack(EXAMPLES[0][0])
    fields = fields_read(pack)
    assert fields is not None
    assert "kind" in fields
    assert "ignore" not in fields
