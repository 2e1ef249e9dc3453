"""``govrules why``: the smallest change to an event that flips a rule's verdict on it.

For each finding, the smallest change to the event that breaks the rule that
would make it hold; for an event that breaks nothing, for each rule that one
change to it could break, the smallest such change. Only one field changes at
a time, and never what says what the event is about (its kind, body, member,
topic, organisation, project, ...: :data:`~govrules.analysis.changes.IDENTITY`):
numbers and dates are searched exactly, flags flipped, optional fields added
or left out, list members added or taken away, ballots changed
(:mod:`govrules.analysis.changes`). Every answer is checked by replaying the
whole scenario with the change: every event must still be possible, and the
rule's verdict on the event must flip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from govrules.analysis import changes as ch
from govrules.analysis.bounds import shift
from govrules.analysis.domains import Domains
from govrules.analysis.evaluate import fires, observation
from govrules.analysis.reading import turned
from govrules.analysis.search import Search
from govrules.errors import InputError
from govrules.findings import Counterfactual
from govrules.model.events import EVENT_ADAPTER, Event, event_to_data
from govrules.model.initial import with_baseline
from govrules.model.state import State
from govrules.pack import Pack, Rule
from govrules.replay import ReplayError, apply
from govrules.scenario import Scenario

Effect = Literal["holds", "breaks"]
ALTERNATIVES = 3  # the smallest changes kept for each finding, each to another field
PASSING = 100  # the events of a scenario that breaks nothing explained without `only`


@dataclass(frozen=True)
class Answer:
    """One change to one event and the verdict it would give on one rule."""

    rule: str
    effect: Effect  # the rule would hold (a finding gone) or break (a finding made)
    change: ch.Change
    because: tuple[str, ...]  # the rule's tests the change turns, in words
    event: Mapping[str, Any]  # the changed event, as a scenario file holds it

    @property
    def sentence(self) -> str:
        verb = "hold" if self.effect == "holds" else "break"
        tail = f": {'; '.join(self.because)}" if self.because else ""
        return f"with {self.change.text}, `{self.rule}` would {verb}{tail}"


@dataclass(frozen=True)
class EventAnswers:
    """The counterfactuals of one event of a scenario."""

    index: int
    event: Event
    broken: tuple[str, ...]  # the rules the event breaks
    answers: tuple[Answer, ...]  # for each rule, its smallest change(s)
    unanswered: tuple[str, ...]  # broken rules that no change of one field makes hold


@dataclass(frozen=True)
class Steps:
    """A scenario replayed: the state before each event, and the start."""

    start: State
    before: tuple[State, ...]
    events: tuple[Event, ...]


def replay_all(pack: Pack, scenario: Scenario) -> Steps:
    start = with_baseline(pack.initial, scenario.baseline)
    state, before = start, []
    for event in scenario.events:
        before.append(state)
        state = apply(state, event)
    return Steps(start, tuple(before), scenario.events)


class Explainer:
    """Answers over one pack (the rules' event spaces are built once)."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.params = pack.param_values
        self._searches: dict[str, Search] = {}

    def search(self, rule: Rule) -> Search:
        if rule.id not in self._searches:
            self._searches[rule.id] = Search(self.pack, rule.condition)
        return self._searches[rule.id]

    def explain(self, scenario: Scenario, only: int | None = None) -> list[EventAnswers]:
        """Answers for the events of ``scenario`` (or for event ``only``).

        Without ``only``: every finding; and when the scenario breaks nothing,
        the nearest breaks of each of its first :data:`PASSING` events. ``only`` past the end is an
        :class:`InputError`.
        """
        count = len(scenario.events)
        if only is not None and not 0 <= only < count:
            last = f"0 to {count - 1}" if count else "none"
            raise InputError.one(
                f"`--event {only}` is past the end of the scenario: it holds {count}"
                f" event{'s' if count != 1 else ''}",
                help=f"events are numbered from 0 (here: {last})",
            )
        steps = replay_all(self.pack, scenario)
        broken = [self._broken(steps, i) for i in range(count)]
        if only is not None:
            chosen = [only]
        elif any(broken):
            chosen = [i for i in range(count) if broken[i]]
        else:
            chosen = list(range(min(count, PASSING)))
        return [self._event(steps, i, broken[i]) for i in chosen]

    def _broken(self, steps: Steps, index: int) -> tuple[str, ...]:
        observed = self._observe(steps.before[index], steps.events[index])
        return tuple(r.id for r in self.pack.rules if fires(r.condition, observed))

    def _observe(self, before: State, event: Event) -> dict[str, Any]:
        return observation(event, before, apply(before, event), self.params)

    def _event(self, steps: Steps, index: int, broken: tuple[str, ...]) -> EventAnswers:
        answers: list[Answer] = []
        unanswered: list[str] = []
        if broken:
            for rule_id in broken:
                found = self.smallest(steps, index, self.pack.rule(rule_id), "holds")
                answers += found[:ALTERNATIVES]
                if not found:
                    unanswered.append(rule_id)
        else:
            event = steps.events[index]
            body = getattr(event, "body", None)
            for rule in self.pack.rules:
                search = self.search(rule)
                if event.kind in search.needs.kinds and (
                    body is None or body in search.needs.bodies
                ):
                    answers += self.smallest(steps, index, rule, "breaks")[:1]
            answers.sort(key=lambda a: a.change.size)
        return EventAnswers(index, steps.events[index], broken, tuple(answers), tuple(unanswered))

    def smallest(self, steps: Steps, index: int, rule: Rule, effect: Effect) -> list[Answer]:
        """The smallest verified change of each field that flips ``rule`` on event ``index``,
        smallest first.

        Fields that say what the event is about are tried only when no other
        field will do; for a finding, leaving the event out is the last resort.
        """
        before, event = steps.before[index], steps.events[index]
        data = event.model_dump(mode="json", exclude_none=True, by_alias=True)
        original = self._observe(before, event)
        goal = self._goal(before, rule, effect == "breaks")
        fields = self._fields(rule, event)
        tiers = [[f for f in fields if f not in ch.IDENTITY]]
        if effect == "holds":
            tiers.append([f for f in ch.IDENTITY if f in fields and f not in ch.NEVER])
        for tier in tiers:
            found: list[Answer] = []
            for name in tier:
                best: Answer | None = None
                for changed, change in self._candidates(steps, index, data, name, goal, rule):
                    if best is not None and _rank(best) <= (False, change.size, False, False):
                        break
                    if not goal(changed) or not self._replays(steps, index, changed):
                        continue
                    new = EVENT_ADAPTER.validate_python(changed)
                    after = self._observe(before, new)
                    because = turned(rule.condition, original, after, rule.message)
                    answer = Answer(rule.id, effect, change, tuple(because), event_to_data(new))
                    if best is None or _rank(answer) < _rank(best):
                        best = answer
                if best is not None:
                    found.append(best)
            if found:
                return sorted(found, key=_rank)
        if effect == "holds" and self._replays(steps, index, None):
            change = ch.Change("event", data, None, len(data), f"event {index} left out")
            return [Answer(rule.id, effect, change, (), {})]
        return []

    def _fields(self, rule: Rule, event: Event) -> list[str]:
        needs = self.search(rule).needs
        own = list(type(event).model_fields)
        wanted = set(needs.fields) | ({"at"} if needs.dated else set()) | set(ch.IDENTITY)
        slate = {"affiliation", "seated", "candidates", "nominated_by", "endorsements"}
        if event.kind == "election.held" and wanted & slate:
            wanted.add("candidates")
        if "counts" in wanted and getattr(event, "counts", None) is not None:
            wanted |= {"counts.yes", "counts.no", "counts.abstain"}
        order = [*own, "counts.yes", "counts.no", "counts.abstain"]
        return [f for f in order if f in wanted and f not in ch.NEVER and f != "counts"]

    def _goal(self, before: State, rule: Rule, want: bool) -> Callable[[dict[str, Any]], bool]:
        def goal(data: dict[str, Any]) -> bool:
            try:
                event = EVENT_ADAPTER.validate_python(data)
                observed = observation(event, before, apply(before, event), self.params)
            except (ValidationError, ReplayError):
                return False
            return fires(rule.condition, observed) is want

        return goal

    def _candidates(
        self,
        steps: Steps,
        index: int,
        data: dict[str, Any],
        name: str,
        goal: Callable[[dict[str, Any]], bool],
        rule: Rule,
    ) -> Iterator[tuple[dict[str, Any], ch.Change]]:
        search = self.search(rule)
        bounds = search.bounds
        if name in ch.NUMBERS:
            near = bounds.near(name.partition(".")[0], low=0)
            yield from ch.number_changes(data, name, goal, near)
        elif name in ch.DATES:
            low, high = "0001-01-01", "9999-12-31"
            if name == "at":
                events = steps.events
                low = events[index - 1].at.isoformat() if index > 0 else low
                high = events[index + 1].at.isoformat() if index + 1 < len(events) else high
            dates = [v for f in ch.DATES if isinstance(v := data.get(f), str)]
            hints = [shift(d, k) for d in dates for s in bounds.spans(name) for k in (s, -s)]
            hints += [shift(d, k) for d in bounds.dates for k in (-1, 0, 1)]
            yield from ch.date_changes(data, name, low, high, goal, hints)
        else:
            kind, at = str(data["kind"]), str(data["at"])
            decl = self.pack.declarations
            domains = Domains(decl, bounds, search.needs, steps.before[index], kind, at)
            yield from ch.simple_changes(data, name, domains)

    def _replays(self, steps: Steps, index: int, changed: dict[str, Any] | None) -> bool:
        """Whether the scenario, with event ``index`` changed (or left out), still replays."""
        try:
            state = steps.before[index]
            if changed is not None:
                state = apply(state, EVENT_ADAPTER.validate_python(changed))
            for event in steps.events[index + 1 :]:
                state = apply(state, event)
        except (ValidationError, ReplayError):
            return False
        return True


def _rank(answer: Answer) -> tuple[bool, int, bool]:
    """Smaller first. A rule made to hold only because a figure it reads goes missing
    (a date left out, so no window to measure) is a loophole: it comes last. At one
    size, a change that is not to a date comes first."""
    missing = answer.effect == "holds" and any(
        b.endswith("would be missing") for b in answer.because
    )
    return (missing, answer.change.size, answer.change.field in ch.DATES)


def changed_scenario(scenario: Scenario, index: int, event: Mapping[str, Any]) -> Scenario:
    """``scenario`` with event ``index`` replaced, or left out when ``event`` is empty
    (what a test replays to check an answer)."""
    events = list(scenario.events)
    if event:
        events[index] = EVENT_ADAPTER.validate_python(dict(event))
    else:
        del events[index]
    return scenario.model_copy(update={"events": tuple(events)})


def as_report(answer: Answer) -> Counterfactual:
    """An answer as the JSON report holds it."""
    change = answer.change
    return Counterfactual(
        rule=answer.rule,
        effect=answer.effect,
        field=change.field,
        before=change.before,
        after=change.after,
        size=change.size,
        change=change.text,
        because=answer.because,
        sentence=answer.sentence,
        event=dict(answer.event) if answer.event else None,
    )
