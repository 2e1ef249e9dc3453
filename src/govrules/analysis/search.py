"""A breadth-first search for the shortest sequence of events that makes a condition hold.

From the pack's initial state, level by level: at level ``n`` every state
reached by ``n - 1`` events is tried with every event of the space
(:mod:`govrules.analysis.space`) the condition may hold on; the first event
that makes it hold ends the search, so the sequence found is a shortest one in
the space. States a condition cannot tell apart are searched once
(:mod:`govrules.analysis.symmetry`). A search that runs out of time says at
which level it stopped: a condition not made to hold by then is not known to
be safe.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError

from govrules.analysis.bounds import bounds_of
from govrules.analysis.evaluate import UNKNOWN, fires, observation, verdict
from govrules.analysis.needs import FIGURE_NEEDS, KIND_FIELDS, Needs, needs_of
from govrules.analysis.space import Space, start_date
from govrules.analysis.symmetry import state_key
from govrules.language.ast import Condition
from govrules.language.observation import MISSING, lookup
from govrules.model.events import EVENT_ADAPTER, EVENT_KINDS, Event
from govrules.model.figures import event_figures
from govrules.model.state import State
from govrules.pack import Pack
from govrules.replay import ReplayError, apply, focus

FOCUS_FIELDS = {
    "body": ("body",),
    "member": ("body", "member"),
    "project": ("project",),
    "organisation": ("organisation",),
    "pledge": ("organisation", "pledge"),
    "asset": ("asset",),
}


FIGURE_HEADS = frozenset(name.split(".")[0] for name in FIGURE_NEEDS)


def figure_fields(rest: str) -> frozenset[str]:
    """The fields a figure (``votes.yes``, ``caller_on.B``, ``votes.yes_by_affiliation.X``)
    is computed from: those of the longest name in the table it starts with."""
    parts = rest.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in FIGURE_NEEDS:
            return FIGURE_NEEDS[name][0]
    return frozenset({"?"})  # not a figure: never computed early


def _placeholder(info: Any) -> Any:
    """A valid value for a required field the figures do not read."""
    annotation = info.annotation
    if annotation is bool or "bool" in repr(annotation):
        return True
    if "int" in repr(annotation):
        return 1
    if "list" in repr(annotation):
        return []
    return "x"


def _figures(kind: str, chosen: Mapping[str, Any], state: State) -> dict[str, Any]:
    """The figures of an event whose other fields are left at their defaults."""
    model = EVENT_KINDS[kind]
    data = {k: v for k, v in chosen.items() if v is not None}
    for name, info in model.model_fields.items():
        if name not in data and info.is_required():
            data[name] = _placeholder(info)
    try:
        event = EVENT_ADAPTER.validate_python(data)
    except ValidationError:
        return {}
    return event_figures(event, state)


def default_of(kind: str, name: str) -> Any:
    """What an event of ``kind`` holds in a field left out, as rules read it."""
    info = EVENT_KINDS[kind].model_fields.get(name)
    if info is None:
        return MISSING
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return MISSING if info.default is None else info.default


@dataclass(frozen=True)
class Step:
    """One event tried: the event, the state after it, and whether the condition held."""

    event: Event
    after: State
    held: bool


@dataclass
class Outcome:
    """How a search ended."""

    events: tuple[Event, ...] | None  # a shortest sequence found, or None
    depth: int  # the levels searched in full
    states: int  # distinct states reached
    tried: int  # events tried
    cut_short: str | None = None  # what stopped it before the bound, as reports say it


# The distinct states one search keeps (about 10 KiB each): a deeper level is not
# built past it, so memory stays bounded whatever the depth asked for.
MAX_STATES = 50_000
TIME_LIMIT = "the time limit"


class Search:
    """The search for one condition over one pack."""

    def __init__(self, pack: Pack, condition: Condition) -> None:
        self.pack = pack
        self.params = pack.param_values
        self.condition = condition
        self.needs: Needs = needs_of(condition, pack.declarations, self._may_hold)
        self.bounds = bounds_of(condition, self.params)
        self.space = Space(pack.declarations, self.needs, self.bounds)
        dates = [f.as_of.isoformat() for f in pack.facts.values()]
        self.start = start_date(pack.initial, dates)
        self.max_states = MAX_STATES

    def _may_hold(self, kind: str, body: str | None) -> bool:
        def find(path: str) -> Any:
            if path == "event.kind":
                return kind
            if path == "event.body":
                if "body" not in KIND_FIELDS[kind]:
                    return MISSING
                return UNKNOWN if body is None else body
            if path.startswith("params."):
                return lookup({"params": self.params}, path)
            return UNKNOWN

        return verdict(self.condition, find, self.params) is not False

    def pruner(self, state: State) -> Callable[[str, Mapping[str, Any]], bool]:
        """Whether a partly chosen event may still make the condition hold in ``state``.

        A field not chosen yet is unknown, and so is a figure computed from one
        (:data:`~govrules.analysis.needs.FIGURE_NEEDS`); a figure whose fields are
        all chosen is computed, so a condition on it prunes early.
        """
        view = state.view

        def prune(kind: str, chosen: Mapping[str, Any]) -> bool:
            own = KIND_FIELDS[kind]
            figures: list[dict[str, Any]] = []

            def find(path: str) -> Any:
                side, _, rest = path.partition(".")
                if side == "params":
                    return lookup({"params": self.params}, path)
                if side == "event":
                    if rest == "kind":
                        return kind
                    head, _, tail = rest.partition(".")
                    if head in own:
                        if head not in chosen:
                            return UNKNOWN
                        value = chosen[head]
                        if value is None:
                            value = default_of(kind, head)
                        return lookup({"v": value}, f"v.{tail}") if tail else value
                    if head not in FIGURE_HEADS:
                        return MISSING
                    if not figure_fields(rest) <= chosen.keys():
                        return UNKNOWN
                    if not figures:
                        figures.append(_figures(kind, chosen, state))
                    return lookup({"v": figures[0]}, f"v.{rest}")
                if side == "before":
                    head = rest.partition(".")[0]
                    needed = FOCUS_FIELDS.get(head)
                    if needed is None:
                        return lookup({"before": view}, path)
                    if any(n in own and n not in chosen for n in needed):
                        return UNKNOWN
                    # Fields not chosen yet stand in as left out: only the focus the
                    # chosen ones pick is read.
                    names = {n: chosen.get(n) for n in own if n != "kind"}
                    seen = focus(state, SimpleNamespace(kind=kind, **({"project": None} | names)))
                    return lookup({"before": {**view, **seen}}, path)
                return UNKNOWN

            return verdict(self.condition, find, self.params) is not False

        return prune

    def attempt(self, state: State, data: Mapping[str, Any]) -> Step | None:
        """Apply one event of the space; None if it is not valid or cannot happen."""
        try:
            event = EVENT_ADAPTER.validate_python(data)
            after = apply(state, event)
        except (ValidationError, ReplayError):
            return None
        held = fires(self.condition, observation(event, state, after, self.params))
        return Step(event, after, held)

    def key(self, state: State, now: str) -> Any:
        return state_key(
            state, now if self.needs.dated else None, self.needs.components, self.bounds.mentioned
        )

    def levels(self, depth: int, deadline: float | None = None) -> Iterator[Outcome]:
        """Search level by level; yields the outcome after each level, the last one final."""
        start = self.pack.initial
        frontier: list[tuple[State, str, tuple[Event, ...]]] = [(start, self.start, ())]
        seen = {self.key(start, self.start)}
        tried = 0
        for level in range(1, depth + 1):
            # Every state of the level is tried with its last events before any is
            # expanded: a break found here spares building the next level.
            for state, now, path in frontier:
                if deadline is not None and time.monotonic() > deadline:
                    yield Outcome(None, level - 1, len(seen), tried, cut_short=TIME_LIMIT)
                    return
                prune = self.pruner(state)
                for data in self.space.events(state, now, last=True, prune=prune):
                    tried += 1
                    step = self.attempt(state, data)
                    if step is not None and step.held:
                        yield Outcome((*path, step.event), level, len(seen), tried)
                        return
            following: list[tuple[State, str, tuple[Event, ...]]] = []
            if level < depth and self.needs.components:
                for state, now, path in frontier:
                    if deadline is not None and time.monotonic() > deadline:
                        yield Outcome(None, level - 1, len(seen), tried, cut_short=TIME_LIMIT)
                        return
                    if len(seen) > self.max_states:
                        bound = f"the bound of {self.max_states:,} states"
                        yield Outcome(None, level, len(seen), tried, cut_short=bound)
                        return
                    for data in self.space.events(state, now, last=False):
                        tried += 1
                        step = self.attempt(state, data)
                        if step is None:
                            continue
                        if step.held:
                            yield Outcome((*path, step.event), level, len(seen), tried)
                            return
                        at = step.event.at.isoformat()
                        key = self.key(step.after, at)
                        if key not in seen:
                            seen.add(key)
                            following.append((step.after, at, (*path, step.event)))
            frontier = following
            yield Outcome(None, level, len(seen), tried)
            if not frontier:
                # Nothing the condition depends on can change any further.
                for rest in range(level + 1, depth + 1):
                    yield Outcome(None, rest, len(seen), tried)
                return

    def run(self, depth: int, deadline: float | None = None) -> Outcome:
        """The final outcome of a search up to ``depth`` events."""
        outcomes = list(self.levels(depth, deadline))
        return outcomes[-1] if outcomes else Outcome(None, 0, 1, 0)
