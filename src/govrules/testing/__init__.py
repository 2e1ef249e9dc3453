"""Hypothesis strategies for govrules: write properties about your own pack.

Needs hypothesis (``pip install 'govrules[test]'``). Every strategy builds values
through govrules' own models and from a pack's declarations, so what it
generates is what a scenario or rule file of that pack can hold, and nothing
about any particular pack is written here. A property about a pack usually
has this shape (docs/testing.md has more)::

    from hypothesis import given
    from govrules import Checker, load_pack, testing

    PACK = load_pack("my-pack-dir")
    CHECKER = Checker(PACK)

    @given(testing.scenarios(PACK))
    def test_decisions_never_change_members(scenario):
        for step in testing.replay_scenario(PACK, scenario):
            if step.event.kind == "decision.made":
                assert step.after.bodies == step.before.bodies

    @given(testing.scenarios(PACK))
    def test_both_engines_mean_the_same_by_my_rules(scenario):
        observations = [s.observation for s in testing.replay_scenario(PACK, scenario)]
        assert testing.disagreements(PACK.rules, PACK.param_values, observations) == []

What there is:

- :func:`next_event`, :func:`event_sequences`, :func:`scenarios`,
  :func:`baselines`: valid events and scenarios for a pack, each event
  possible in the state it meets (:mod:`govrules.testing.events`);
- :func:`conditions`, :func:`rules`, :func:`observations`: rule conditions
  typed against a pack's schema, and observations shaped like it with values
  at the edges; :func:`observed_values` and :func:`disagreements` to hold the
  durable engine to the reference (:mod:`govrules.testing.conditions`);
- :func:`pack_files`, :func:`packs`, :func:`load_generated`: whole generated
  packs, loaded by the real loader (:mod:`govrules.testing.packs`);
- :func:`malformed_files`: files that are not valid scenarios, each told
  whether it is certainly bad (:mod:`govrules.testing.bad`);
- :func:`write_scenario`, :func:`replay_scenario`, :func:`findings_of`: the
  glue a property needs.
"""

from __future__ import annotations

from govrules.testing.bad import BadFile, malformed_files
from govrules.testing.conditions import (
    conditions,
    disagreements,
    observations,
    observed_values,
    rule_from,
    rules,
)
from govrules.testing.events import KINDS, event_sequences, next_event, possible_kinds, texts
from govrules.testing.packs import load_generated, pack_files, packs
from govrules.testing.scenarios import (
    FORMATS,
    baselines,
    findings_of,
    replay_scenario,
    scenarios,
    write_scenario,
)

__all__ = [
    "FORMATS",
    "KINDS",
    "BadFile",
    "baselines",
    "conditions",
    "disagreements",
    "event_sequences",
    "findings_of",
    "load_generated",
    "malformed_files",
    "next_event",
    "observations",
    "observed_values",
    "pack_files",
    "packs",
    "possible_kinds",
    "replay_scenario",
    "rule_from",
    "rules",
    "scenarios",
    "texts",
    "write_scenario",
]
