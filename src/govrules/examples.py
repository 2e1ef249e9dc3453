"""Each rule's example: the events in its docs, replayed from the pack's initial state.

A rule documents an example that breaks it (``docs.example``): the last of its
events must make the rule fire. ``validate`` checks that, ``explain`` and the
rule pages show what the example reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from govrules.engines.reference import holds
from govrules.language.templates import render_message
from govrules.model.events import EVENT_ADAPTER, Event
from govrules.pack import Pack, Rule
from govrules.replay import ReplayError, replay
from govrules.scenario import Scenario


@dataclass(frozen=True)
class ExampleOutcome:
    """What replaying a rule's example gave."""

    fired_on_last: bool
    fired_at: tuple[int, ...]
    message: str | None
    problem: str | None = None


def example_events(rule: Rule) -> list[Event]:
    """The example's events (checked when the pack loaded)."""
    return [EVENT_ADAPTER.validate_python(raw) for raw in rule.docs.example.events]


def example_scenario(pack: Pack, rule: Rule) -> Scenario:
    """The rule's example as a scenario, as a user would write it in a file."""
    return Scenario(
        name=rule.docs.example.description, pack=pack.name, events=tuple(example_events(rule))
    )


def run_example(pack: Pack, rule: Rule) -> ExampleOutcome:
    """Replay ``rule``'s example with the reference semantics; did its last event break it?"""
    try:
        events = example_events(rule)
    except ValidationError as exc:  # pragma: no cover - load_pack checks examples already
        return ExampleOutcome(False, (), None, f"an event is not valid: {exc}")
    fired: list[int] = []
    message: str | None = None
    last = len(events) - 1
    try:
        for step in replay(pack.initial, enumerate(events), pack.param_values):
            if holds(rule.condition, step.observation):
                fired.append(step.index)
                if step.index == last:
                    message = render_message(rule.message, step.observation)
    except ReplayError as exc:
        return ExampleOutcome(False, tuple(fired), None, f"event {exc.index}: {exc.message}")  # type: ignore[attr-defined]
    return ExampleOutcome(message is not None, tuple(fired), message)
