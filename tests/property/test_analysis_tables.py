"""Properties of what the analyses assume about the model.

- ``verdict_is_sound``: the three-valued evaluation the search prunes with never
  contradicts the reference evaluator: with nothing unknown it is the
  reference's answer, and an answer it gives with paths unknown stays the answer
  whatever those paths hold.
- ``needs_tables_hold``: the tables of :mod:`govrules.analysis.needs` say which
  event fields each derived figure is computed from, and which parts of the state
  each field of each kind changes. Changing one field of a generated event changes
  only what the tables name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from govrules import testing
from govrules.analysis.evaluate import UNKNOWN, fires, verdict
from govrules.analysis.needs import BODY_FAMILIES, CHANGES, GLOBAL_BODY_CHANGES
from govrules.analysis.search import figure_fields
from govrules.language.observation import lookup
from govrules.model.events import EVENT_ADAPTER, EVENT_KINDS
from govrules.model.figures import event_figures
from govrules.model.initial import with_baseline
from govrules.model.state import State
from govrules.replay import ReplayError, apply
from property._shared import PACKS, pack


@st.composite
def observed(draw: st.DrawFn) -> tuple[str, Any, list[dict[str, Any]]]:
    name = draw(st.sampled_from(PACKS))
    chosen = pack(name)
    scenario = draw(testing.scenarios(chosen, min_events=2, max_events=6))
    observations = [s.observation for s in testing.replay_scenario(chosen, scenario)]
    assume(len(observations) >= 2)
    seen = testing.observed_values(observations, chosen.schema)
    when = draw(testing.conditions(chosen.schema, chosen.param_values, observed=seen))
    rule = testing.rule_from("g", when, chosen.schema, chosen.param_values)
    return name, rule.condition, observations


@settings(max_examples=max(10, settings().max_examples // 2))
@given(observed(), st.data())
def test_verdict_is_sound(case: tuple[str, Any, list[dict[str, Any]]], data: st.DataObject) -> None:
    name, condition, observations = case
    params = pack(name).param_values
    first, other = observations[0], observations[-1]
    assert verdict(condition, lambda p: lookup(first, p), params) is fires(condition, first)
    paths = sorted(testing.observed_values(observations, pack(name).schema))
    unknown = set(data.draw(st.lists(st.sampled_from(paths), max_size=6), label="unknown"))
    answer = verdict(condition, lambda p: UNKNOWN if p in unknown else lookup(first, p), params)
    if answer is None:
        return
    mixed = verdict(condition, lambda p: lookup(other if p in unknown else first, p), params)
    assert mixed is answer


def components(state: State) -> dict[str, Any]:
    """Every component of the state, by name (see govrules.analysis.needs)."""
    out: dict[str, Any] = {}
    for body_id, body in state.bodies.items():
        members = body.members
        out[f"seats:{body_id}"] = frozenset(members)
        out[f"weights:{body_id}"] = {m: s.seats for m, s in members.items()}
        terms = {m: (s.terms, s.consecutive) for m, s in members.items()}
        out[f"terms:{body_id}"] = (terms, dict(body.past_terms))
        dates = {m: (s.joined, s.term_ends) for m, s in members.items()}
        out[f"dates:{body_id}"] = (dates, body.vacated)
        out[f"elections:{body_id}"] = body.last_election
        out[f"appointed:{body_id}"] = dict(body.appointed)
        out[f"removed:{body_id}"] = body.removed
    out["affiliations"] = {k: v for k, v in state.affiliations.items() if v}
    out["pending"] = {k: v for k, v in state.pending.items() if v}
    out["transition"] = (state.steward, dict(state.transition or {}))
    out["parent"] = state.parent
    for name in ("projects", "organisations", "pledges", "assets", "policies"):
        out[name] = dict(getattr(state, name))
    return out


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out |= _flat(value, f"{prefix}{key}.")
        return out
    return {prefix.rstrip("."): data}


def _allowed(kind: str, field: str, component: str, body: str | None) -> bool:
    family, _, of = component.partition(":")
    if family not in CHANGES.get(kind, {}).get(field, ()):
        return False
    if family in BODY_FAMILIES and family not in GLOBAL_BODY_CHANGES.get(kind, ()):
        return of == body
    return True


@st.composite
def two_events(draw: st.DrawFn) -> tuple[State, dict[str, Any], dict[str, Any]]:
    name = draw(st.sampled_from(PACKS))
    chosen = pack(name)
    scenario = draw(testing.scenarios(chosen, max_events=4))
    state = with_baseline(chosen.initial, scenario.baseline)
    for event in scenario.events:
        state = apply(state, event)
    kinds = testing.events.possible_kinds(state)
    kind = draw(st.sampled_from(sorted(kinds)))
    at = dt.date(2030, 1, 1)
    first = draw(testing.next_event(state, at, [kind]))
    second = draw(testing.next_event(state, at, [kind]))
    return state, _data(first), _data(second)


def _data(event: Any) -> dict[str, Any]:
    data: dict[str, Any] = event.model_dump(mode="json", exclude_none=True, by_alias=True)
    return data


@given(two_events(), st.data())
def test_needs_tables_hold(
    case: tuple[State, dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    state, first, second = case
    kind = first["kind"]
    fields = sorted(set(EVENT_KINDS[kind].model_fields) - {"kind", "id", "note"})
    field = data.draw(st.sampled_from(fields), label="field")
    mixed = {**first}
    if field in second:
        mixed[field] = second[field]
    else:
        mixed.pop(field, None)
    assume(mixed != first)
    try:
        a, b = EVENT_ADAPTER.validate_python(first), EVENT_ADAPTER.validate_python(mixed)
        after_a, after_b = apply(state, a), apply(state, b)
    except (ValidationError, ReplayError):
        assume(False)
        return
    figures_a = _flat(event_figures(a, state))
    figures_b = _flat(event_figures(b, state))
    for path in set(figures_a) | set(figures_b):
        if figures_a.get(path) != figures_b.get(path):
            assert field in figure_fields(path), f"`{field}` moved figure `{path}`"
    body = first.get("body")
    if field == "body":
        return  # another body: everything the kind changes may differ
    was, now = components(after_a), components(after_b)
    for component in was:
        if was[component] != now[component]:
            assert _allowed(kind, field, component, body), f"`{field}` changed `{component}`"
