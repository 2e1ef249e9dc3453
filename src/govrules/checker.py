"""The library API behind ``govrules check``: replay scenarios and evaluate rules.

    >>> from govrules import check
    >>> report = check(["scenarios/"])  # doctest: +SKIP

Each event yields an observation ``{event, before, after, params}``
(:mod:`govrules.replay`); the engine says which rules hold for it; each match
becomes a :class:`~govrules.findings.Finding` with the rule's message and the
facts it rests on, quoted. A scenario is checked against the pack it names
(``pack:``), or the pack given, or the default pack; a scenario written for
another pack than the one given is refused.

:func:`check` reads files (directories are searched, see :mod:`govrules.discover`);
:func:`check_events` checks events built in memory; both return the same
:class:`~govrules.findings.Report`. By default any problem with the input
raises :class:`~govrules.errors.InputError`; with ``partial=True`` the report
covers every file that could be read and lists the problems of the others.

This module is ``govrules.checker``; ``govrules.check`` is its function
:func:`check`, so the two names never shadow each other.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from govrules.batch import Explain, Refused, check_all, check_names, in_line_order
from govrules.engines import Engine, make_engine
from govrules.engines.compiled import rules_by_kind
from govrules.errors import InputError, Problem, with_suggestion
from govrules.findings import (
    TIMELINE_EVENTS,
    Finding,
    PackSettings,
    Report,
    ScenarioResult,
    Step,
    Suppressed,
    Timeline,
    event_fields,
    evidence_for,
)
from govrules.language.templates import render_message
from govrules.limits import MAX_PROBLEMS_PER_FILE
from govrules.model.events import Event, event_to_data
from govrules.model.initial import Baseline, with_baseline
from govrules.model.state import State
from govrules.overrides import resolve_overrides, unknown_rule
from govrules.pack import Pack, Rule, bundled_packs, default_pack, load_pack
from govrules.replay import ReplayError, apply, observe
from govrules.scenario import LocatedEvent, ScenarioReader
from govrules.spool import Findings, FindingsWriter, RuleShared, Spool

# The cyclic collector is paused while a file's events are replayed: an event
# makes no reference cycles, and the collector would walk each batch's
# observations (alive until they are evaluated) again and again for nothing,
# a tenth of a check's time. It runs once this many objects were made since it
# last ran, so cycles made all the same (say, by a caught error) stay bounded.
YOUNG_BOUND = 200_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, if it was on (see :data:`YOUNG_BOUND`)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# Observations are evaluated in batches of this many (by default): the engine can
# amortise its per-call cost while memory stays constant on a stream of any length.
BATCH = 256


def compositions(state: State) -> dict[str, Mapping[str, int]]:
    """Each body's seats per affiliation, as the state's view has them."""
    bodies: dict[str, Any] = state.view["bodies"]
    return {b: view["by_affiliation"] for b, view in bodies.items()}


def figures_read(rules: Iterable[Rule]) -> frozenset[str]:
    """The event figures ``rules`` read, in conditions or messages (by first part)."""
    from govrules.model.figures import FIGURE_KEYS

    firsts = {p.split(".")[1] for p in _paths_read(rules) if p.startswith("event.")}
    return frozenset(firsts & FIGURE_KEYS)


def fields_read(rules: Iterable[Rule]) -> frozenset[str] | None:
    """The names under ``event.`` ``rules`` read (fields and figures), or None when one
    reads the event whole."""
    paths = [p.split(".") for p in _paths_read(rules) if p.split(".")[0] == "event"]
    if any(len(parts) < 2 for parts in paths):
        return None
    return frozenset(parts[1] for parts in paths)


def _paths_read(rules: Iterable[Rule]) -> set[str]:
    from govrules.language.ast import paths_read
    from govrules.language.templates import placeholders

    paths: set[str] = set()
    for rule in rules:
        paths |= paths_read(rule.condition) | {p for p, _ in placeholders(rule.message)}
    return paths


def focus_read(rules: Iterable[Rule]) -> frozenset[str]:
    """The parts of the state an event names that ``rules`` read (``after.member``...)."""
    from govrules.replay import FOCUS

    firsts = {p.split(".")[1] for p in _paths_read(rules) if p.startswith(("before.", "after."))}
    return frozenset(firsts & FOCUS)


@dataclass(frozen=True)
class Reads:
    """What an observation holds for the rules that read it (see :func:`observe`): the
    event's figures and fields, and the parts of the state it names."""

    figures: frozenset[str]
    focused: frozenset[str]
    fields: frozenset[str] | None

    @staticmethod
    def of(rules: Sequence[Rule]) -> Reads:
        return Reads(figures_read(rules), focus_read(rules), fields_read(rules))


class Checker:
    """A pack and an engine, compiled once, checking any number of scenarios.

    ``params`` overrides pack parameters (type-checked like the pack's own);
    ``select`` keeps only the rules named and ``ignore`` leaves rules out. With
    ``strict`` (the default) a parameter or rule the pack does not have is a
    problem; :func:`check` turns it off to check scenarios of several packs.
    ``timeline`` records each body's composition after every event, for the
    HTML report. ``batch`` is how many observations go to the engine at once;
    findings do not depend on it (tests make it small, to cross batches).
    """

    def __init__(
        self,
        pack: Pack,
        engine: str | Engine = "durable",
        *,
        params: Mapping[str, Any] | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        strict: bool = True,
        timeline: bool = False,
        batch: int = BATCH,
    ) -> None:
        if batch < 1:
            raise ValueError(f"a batch holds at least one observation, not {batch}")
        self.pack = pack
        self.batch = batch
        self.params, overrides = resolve_overrides(pack, params or {}, strict=strict)
        ids = [r.id for r in pack.rules]
        if strict:
            unknown = [
                unknown_rule(r, option, ids)
                for option, given in (("--select", select), ("--ignore", ignore))
                for r in given
                if r not in ids
            ]
            if unknown:
                raise InputError(unknown)
        rules = [r for r in pack.rules if (not select or r.id in select) and r.id not in ignore]
        self.active = frozenset(r.id for r in rules)
        self.settings = PackSettings(
            overrides=overrides, rules_skipped=tuple(i for i in ids if i not in self.active)
        )
        self.engine = make_engine(engine, rules, self.params) if isinstance(engine, str) else engine
        self._rules = {r.id: r for r in pack.rules}
        # What every finding of a rule shares is kept once (see govrules.spool).
        self._shared = tuple(
            RuleShared(r.id, r.severity, r.title, evidence_for(pack, r.rests_on))
            for r in pack.rules
        )
        self._position = {r.id: i for i, r in enumerate(pack.rules)}
        self._spool = Spool()
        # What each event's observation holds: what the rules that can fire on its kind
        # read (an event is the commonest thing a long stream holds, and most rules
        # name one kind); and the kinds some rule can fire on (None: any kind).
        any_kind, by_kind = rules_by_kind(rules, self.params)
        self.reads = Reads.of(any_kind)
        self.reads_by_kind = {kind: Reads.of(chosen) for kind, chosen in by_kind.items()}
        self._relevant = None if any_kind else frozenset(by_kind)
        self.timeline = timeline
        self.seconds: dict[str, float] = {}
        self.timelines: dict[str, Timeline] = {}

    def check_file(
        self, path: Path, display: str | None = None, *, reader: ScenarioReader | None = None
    ) -> ScenarioResult:
        """Check one scenario file; raises :class:`InputError` listing its problems."""
        began = time.perf_counter()
        name = display or str(path)
        reader = reader or ScenarioReader.open(path, name)
        header = reader.header
        assert header is not None
        if header.pack is not None and header.pack != self.pack.name:
            raise InputError(
                [
                    reader.header_problem(
                        f"the scenario is written for pack `{header.pack}`, not `{self.pack.name}`",
                        "pack",
                        help=f"check it with `--pack {header.pack}`, or leave `--pack` out",
                    )
                ]
            )
        problems = reader.baseline_problems(self.pack.declarations)
        if problems:
            raise InputError(problems)
        start = with_baseline(self.pack.initial, header.baseline)
        events = reader.events(self.pack.declarations)
        findings, suppressed, steps, replay_problems = self._run(start, events, name, header.name)
        # Read the rest of the file, so every problem in it is reported at once.
        for _ in events:
            pass
        problems = in_line_order(reader.problems, replay_problems)
        if problems:
            raise InputError(problems)
        if steps is not None:
            self.timelines[name] = Timeline(start=compositions(start), steps=tuple(steps))
        self.seconds[name] = time.perf_counter() - began
        return ScenarioResult(
            file=name,
            name=header.name,
            pack=self.pack.name,
            events=reader.events_read,
            findings=findings,
            suppressed=suppressed,
        )

    def check_scenario(
        self,
        events: Iterable[Event | Mapping[str, Any]],
        *,
        name: str = "events",
        baseline: Baseline | Mapping[str, Any] | None = None,
        display: str = "<events>",
    ) -> ScenarioResult:
        """Check events built in memory (models or plain data), as if read from a file."""
        data: dict[str, Any] = {"name": name, "events": []}
        if baseline is not None:
            data["baseline"] = (
                baseline.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                if isinstance(baseline, Baseline)
                else dict(baseline)
            )
        data["events"] = [
            event_to_data(e) if not isinstance(e, Mapping) else dict(e) for e in events
        ]
        reader = ScenarioReader.of_data(data, display)
        return self.check_file(Path(display), display, reader=reader)

    def _run(
        self, start: State, events: Iterable[LocatedEvent], file: str, scenario: str
    ) -> tuple[Findings[Finding], Findings[Suppressed], list[Step] | None, list[Problem]]:
        """Replay and evaluate, in batches: findings, suppressed findings, steps, problems.

        Steps are recorded when a timeline was asked for, and are None when it was
        not or the scenario is longer than :data:`~govrules.findings.TIMELINE_EVENTS`.

        An event that cannot happen is a problem; the state stays as it was and
        the replay goes on, so every such event of a file is reported at once.
        A file with a problem has no findings: they would rest on a state that
        is not the one its author meant.
        """
        findings = FindingsWriter(Finding, self._shared, file, scenario, self._spool)
        suppressed = FindingsWriter(Suppressed, self._shared, file, scenario, self._spool)
        steps: list[Step] | None = [] if self.timeline else None
        problems: list[Problem] = []
        params, relevant = self.params, self._relevant
        reads, reads_of_kind = self.reads, self.reads_by_kind.get
        with self.engine.session() as session, collector_paused():
            observations: list[dict[str, Any]] = []
            pending: list[LocatedEvent] = []

            def flush() -> None:
                if gc.get_count()[0] > YOUNG_BOUND:
                    gc.collect(1)
                results = session.evaluate_many(observations)
                for located, observation, rule_ids in zip(
                    pending, observations, results, strict=True
                ):
                    if not rule_ids:
                        continue
                    ignores = {i.rule: i.reason for i in located.event.ignore or ()}
                    for rule_id in rule_ids:
                        if rule_id not in self.active:
                            continue
                        record = self._record(rule_id, located, observation)
                        if rule_id in ignores:
                            suppressed.add((*record, ignores[rule_id]))
                        else:
                            findings.add(record)
                observations.clear()
                pending.clear()

            state = start
            for located in events:
                event = located.event
                if event.ignore:
                    problems += self._unknown_ignores(located, file)
                try:
                    after = apply(state, event)
                except ReplayError as exc:
                    path = f"events[{located.index}]" + (f".{exc.field}" if exc.field else "")
                    problems.append(Problem(exc.message, file, located.line, path, exc.help))
                    if len(problems) >= MAX_PROBLEMS_PER_FILE:
                        break
                    continue
                if steps is not None:
                    steps.append(self._step(located, after))
                    if len(steps) > TIMELINE_EVENTS:
                        steps = None
                if not problems and (relevant is None or event.kind in relevant):
                    # An event of a kind no rule can fire on needs no observation at all.
                    read = reads_of_kind(event.kind, reads)
                    observations.append(
                        observe(
                            event, state, after, params, read.figures, read.focused, read.fields
                        )
                    )
                    pending.append(located)
                    if len(observations) >= self.batch:
                        flush()
                state = after
            if not problems:
                flush()
        return findings.done(), suppressed.done(), steps, problems

    def _unknown_ignores(self, located: LocatedEvent, file: str) -> list[Problem]:
        return [
            Problem(
                with_suggestion(f"unknown rule `{i.rule}`", i.rule, list(self._rules)),
                file=file,
                line=located.line,
                path=f"events[{located.index}].ignore[{n}].rule",
                help="`govrules rules` lists the pack's rules",
            )
            for n, i in enumerate(located.event.ignore or ())
            if i.rule not in self._rules
        ]

    @staticmethod
    def _step(located: LocatedEvent, after: State) -> Step:
        event = located.event
        return Step(
            index=located.index,
            at=event.at.isoformat(),
            kind=event.kind,
            id=event.id,
            line=located.line,
            bodies=compositions(after),
        )

    def _record(
        self, rule_id: str, located: LocatedEvent, observation: dict[str, Any]
    ) -> tuple[Any, ...]:
        """A finding as the compact record :class:`~govrules.spool.Findings` keeps."""
        return (
            self._position[rule_id],
            render_message(self._rules[rule_id].message, observation),
            *event_fields(located.event, located.index, located.line),
        )

    def check(
        self,
        paths: Sequence[str | Path],
        *,
        exclude: Sequence[str] = (),
        partial: bool = False,
        stdin: IO[bytes] | None = None,
        why: bool = False,
        why_event: int | None = None,
    ) -> Report:
        """Check scenario files (directories are searched for scenario files);
        ``why`` and ``why_event`` are as for :func:`check`."""
        return check_all(
            paths,
            lambda _found: self,
            exclude,
            partial,
            stdin,
            pinned=self,
            explain=_explaining(why, why_event),
        )


def check(
    paths: Sequence[str | Path],
    pack: str | Pack | None = None,
    engine: str = "durable",
    *,
    sources: Sequence[str | Path] = (),
    params: Mapping[str, Any] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    exclude: Sequence[str] = (),
    partial: bool = False,
    timeline: bool = False,
    stdin: IO[bytes] | None = None,
    why: bool = False,
    why_event: int | None = None,
) -> Report:
    """Check scenario files, each against the pack it names, or ``pack``, or the default.

    With ``pack`` given, a scenario written for another pack is a problem.
    ``params``, ``select`` and ``ignore`` are as for :class:`Checker`; without
    ``pack``, each applies to the packs that have it, and one no pack checked
    has is a problem. ``exclude`` holds gitignore-style patterns of files to
    leave out; ``-`` in ``paths`` reads a scenario from ``stdin`` (standard
    input by default). All problems of all files are raised together as one
    :class:`InputError`, unless ``partial``: then the report holds them.
    ``why`` adds counterfactuals to each result as it is checked (see
    :mod:`govrules.analysis.explain_report`), for the event ``why_event`` only
    when it is given (one past the end of a scenario is a problem of its file).
    """
    options: dict[str, Any] = {
        "params": params,
        "select": tuple(select),
        "ignore": tuple(ignore),
        "timeline": timeline,
    }
    if pack is not None:
        loaded = pack if isinstance(pack, Pack) else load_pack(pack, sources=sources, lines=False)
        return Checker(loaded, engine, **options).check(
            paths, exclude=exclude, partial=partial, stdin=stdin, why=why, why_event=why_event
        )
    checkers: dict[str, Checker] = {}
    failed: dict[str, list[Problem]] = {}

    def checker_for(found: tuple[str | None, ScenarioReader]) -> Checker:
        named, reader = found
        wanted = named or default_pack()
        if wanted in failed:
            raise InputError([])  # its problems are reported once, with the first file
        if wanted not in checkers:
            try:
                loaded = load_pack(wanted, sources=sources, lines=False)
            except InputError as exc:
                if named is not None and wanted not in bundled_packs():
                    located = [
                        reader.header_problem(p.message, "pack", p.help) for p in exc.problems
                    ]
                    raise InputError(located) from None
                failed[wanted] = exc.problems
                raise
            try:
                checkers[wanted] = Checker(loaded, engine, strict=False, **options)
            except InputError as exc:  # a bad --param: the command line's, not the file's
                raise Refused(exc.problems) from None
        return checkers[wanted]

    try:
        report = check_all(
            paths, checker_for, exclude, partial, stdin, explain=_explaining(why, why_event)
        )
    except Refused as exc:
        raise InputError(exc.problems) from None
    check_names(list(checkers.values()), params or {}, select, ignore)
    return report


def _explaining(why: bool, event: int | None) -> Explain | None:
    if not why and event is None:
        return None
    from govrules.analysis.explain_report import explaining

    return explaining(event)


def check_events(
    events: Iterable[Event | Mapping[str, Any]],
    pack: str | Pack | None = None,
    engine: str = "durable",
    *,
    name: str = "events",
    baseline: Baseline | Mapping[str, Any] | None = None,
    sources: Sequence[str | Path] = (),
    params: Mapping[str, Any] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Report:
    """Check events built in memory against ``pack`` (or the default pack).

    Events are event models (:mod:`govrules.model.events`) or plain mappings as
    a scenario file holds them; ``baseline`` is as a scenario's. Returns the
    same :class:`Report` as :func:`check`; raises :class:`InputError` on any
    problem, located by the event's index (``events[2].member``).
    """
    loaded = pack if isinstance(pack, Pack) else load_pack(pack, sources=sources, lines=False)
    checker = Checker(loaded, engine, params=params, select=select, ignore=ignore)
    result = checker.check_scenario(events, name=name, baseline=baseline)
    return Report(
        scenarios=(result,),
        packs={loaded.name: loaded},
        settings={loaded.name: checker.settings},
        seconds=dict(checker.seconds),
    )
