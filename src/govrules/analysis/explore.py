"""``govrules explore``: for each rule, a shortest sequence of events that breaks it.

Each rule is searched on its own (:class:`~govrules.analysis.search.Search`),
in this process or spread over ``jobs`` processes, one rule at a time each,
until every rule is broken, searched up to the bound, or the time limit
passes. The outcome of each rule is one of:

- ``broken``: a shortest sequence in the space, as a scenario that
  ``govrules check`` confirms (:func:`counterexample`);
- ``not-broken``: no sequence of up to ``depth`` events in the space breaks it
  (the rule is dead, or the bound too small);
- ``cut-short``: the time limit, or the bound on the states one search keeps
  (:data:`~govrules.analysis.search.MAX_STATES`), stopped the search after
  ``depth`` levels, so nothing is known beyond;
- ``interrupted``: the search was interrupted (Ctrl-C) before it ended.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from govrules.analysis.search import Search
from govrules.errors import InputError, with_suggestion
from govrules.findings import Finding, event_ref, evidence_for
from govrules.language.templates import render_message
from govrules.model.events import EVENT_ADAPTER, event_to_data
from govrules.output import CAUGHT, Interrupted
from govrules.pack import Pack, Rule
from govrules.replay import replay
from govrules.scenario import Scenario

Status = Literal["broken", "not-broken", "cut-short", "interrupted"]
MAX_DEPTH = 8
MAX_TIME_LIMIT = 7 * 24 * 3600.0


@dataclass(frozen=True)
class RuleResult:
    """What the search found for one rule."""

    rule: str
    status: Status
    depth: int  # the length of the sequence found, or the levels searched in full
    states: int
    tried: int
    seconds: float
    events: tuple[dict[str, Any], ...] | None = None  # as a scenario file holds them
    cut_by: str | None = None  # what cut the search short (see govrules.analysis.search)


@dataclass(frozen=True)
class Exploration:
    """The outcome of one ``explore``."""

    pack: Pack
    depth: int
    time_limit: float | None
    jobs: int
    results: tuple[RuleResult, ...]
    seconds: float
    interrupted: bool = False

    @property
    def states(self) -> int:
        return sum(r.states for r in self.results)

    @property
    def tried(self) -> int:
        return sum(r.tried for r in self.results)

    @property
    def complete(self) -> bool:
        """Whether every rule was broken or searched up to the bound."""
        return all(r.status in ("broken", "not-broken") for r in self.results)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)


def check_bounds(depth: int, time_limit: float | None, jobs: int) -> None:
    """Refuse a depth, time limit or number of processes out of range."""
    problems = []
    if not 1 <= depth <= MAX_DEPTH:
        problems.append(
            InputError.one(
                f"`--depth {depth}` is out of range",
                help=f"search from 1 to {MAX_DEPTH} events deep; each level multiplies the states",
            )
        )
    if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT:
        problems.append(
            InputError.one(
                f"`--time-limit {time_limit:g}` is out of range",
                help=f"give seconds above 0 and at most {MAX_TIME_LIMIT:g} (a week)",
            )
        )
    if not 1 <= jobs <= 256:
        problems.append(
            InputError.one(f"`--jobs {jobs}` is out of range", help="give 1 to 256 processes")
        )
    if problems:
        raise InputError([p for e in problems for p in e.problems])


def select_rules(pack: Pack, wanted: Sequence[str] | None) -> list[Rule]:
    """The rules named (all when none is), refusing unknown ids with a "did you mean"."""
    if not wanted:
        return list(pack.rules)
    ids = [r.id for r in pack.rules]
    unknown = [w for w in wanted if w not in ids]
    if unknown:
        raise InputError.one(
            with_suggestion(f"unknown rule `{unknown[0]}` in pack `{pack.name}`", unknown[0], ids),
            help="`govrules rules` lists the pack's rules",
        )
    return [pack.rule(w) for w in dict.fromkeys(wanted)]


def search_rule(pack: Pack, rule: Rule, depth: int, deadline: float | None) -> RuleResult:
    """Search one rule up to ``depth`` events, or until ``deadline`` (monotonic seconds)."""
    started = time.monotonic()
    outcome = Search(pack, rule.condition).run(depth, deadline)
    seconds = time.monotonic() - started
    if outcome.events is not None:
        events = tuple(event_to_data(e) for e in outcome.events)
        return RuleResult(
            rule.id, "broken", len(events), outcome.states, outcome.tried, seconds, events
        )
    status: Status = "cut-short" if outcome.cut_short else "not-broken"
    return RuleResult(
        rule.id,
        status,
        outcome.depth,
        outcome.states,
        outcome.tried,
        seconds,
        cut_by=outcome.cut_short,
    )


_WORKER: dict[str, Any] = {}


def _init_worker(pack: Pack) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers and reports. The
    # parent's handlers of the other signals (govrules.output) are not the
    # workers': the pool ends its workers with SIGTERM, which ends them quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in CAUGHT:
        if signum != signal.SIGINT and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
    _WORKER["pack"] = pack


def _work(task: tuple[str, int, float | None]) -> RuleResult:
    rule_id, depth, deadline = task
    pack: Pack = _WORKER["pack"]
    return search_rule(pack, pack.rule(rule_id), depth, deadline)


def explore(
    pack: Pack,
    *,
    rules: Sequence[str] | None = None,
    depth: int = 3,
    time_limit: float | None = None,
    jobs: int = 1,
    progress: Callable[[RuleResult], None] | None = None,
) -> Exploration:
    """Search each rule of ``pack`` (or those named) for a shortest breaking sequence.

    Raises :class:`InputError` for an unknown rule or a bound out of range. A
    time limit or an interruption (Ctrl-C) ends the search with what it found.
    """
    check_bounds(depth, time_limit, jobs)
    chosen = select_rules(pack, rules)
    started = time.monotonic()
    deadline = started + time_limit if time_limit is not None else None
    found: dict[str, RuleResult] = {}

    def done(result: RuleResult) -> None:
        found[result.rule] = result
        if progress is not None:
            progress(result)

    interrupted = False
    try:
        if jobs == 1 or len(chosen) == 1:
            for rule in chosen:
                done(search_rule(pack, rule, depth, deadline))
        else:
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs, initializer=_init_worker, initargs=(pack,)) as pool:
                tasks = [(r.id, depth, deadline) for r in chosen]
                for result in pool.imap_unordered(_work, tasks):
                    done(result)
    except (KeyboardInterrupt, Interrupted) as exc:
        # Ctrl-C (SIGINT, raised as Interrupted under the CLI: govrules.output)
        # ends the search with what it found; another signal ends the run.
        if isinstance(exc, Interrupted) and exc.signum != signal.SIGINT:
            raise
        interrupted = True
    ordered = tuple(
        found.get(r.id) or RuleResult(r.id, "interrupted", 0, 0, 0, 0.0) for r in chosen
    )
    return Exploration(
        pack, depth, time_limit, jobs, ordered, time.monotonic() - started, interrupted
    )


def counterexample(pack: Pack, result: RuleResult) -> tuple[Scenario, Finding]:
    """The scenario of a broken rule and the finding ``check`` gives on its last event."""
    assert result.events is not None
    rule = pack.rule(result.rule)
    events = tuple(EVENT_ADAPTER.validate_python(e) for e in result.events)
    count = len(events)
    scenario = Scenario(
        name=f"{count} event{'s' if count != 1 else ''} that break `{rule.id}`",
        description=f"a shortest sequence of events from the initial state of `{pack.name}`"
        f" that breaks `{rule.id}`, found by `govrules explore`",
        pack=pack.name,
        events=events,
    )
    last = None
    for step in replay(pack.initial, enumerate(events), pack.param_values):
        last = step
    assert last is not None
    finding = Finding(
        rule=rule.id,
        severity=rule.severity,
        title=rule.title,
        message=render_message(rule.message, last.observation),
        file=f"{rule.id}--explored.yaml",
        scenario=scenario.name,
        event=event_ref(last.event, last.index, None),
        evidence=evidence_for(pack, rule.rests_on),
    )
    return scenario, finding
