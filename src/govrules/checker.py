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

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from govrules.batch import Refused, check_all, check_names, in_line_order
from govrules.engines import Engine, make_engine
from govrules.errors import InputError, Problem, with_suggestion
from govrules.findings import (
    Finding,
    PackSettings,
    Report,
    ScenarioResult,
    Step,
    Suppressed,
    Timeline,
    event_ref,
    evidence_for,
)
from govrules.language.templates import render_message
from govrules.model.events import Event, event_to_data
from govrules.model.initial import Baseline, with_baseline
from govrules.model.state import State
from govrules.overrides import resolve_overrides, unknown_rule
from govrules.pack import Pack, bundled_packs, default_pack, load_pack
from govrules.replay import ReplayError, replay
from govrules.replay import Step as Replayed
from govrules.scenario import MAX_PROBLEMS_PER_FILE, LocatedEvent, ScenarioReader

# Observations are evaluated in batches of this many: the engine can amortise
# its per-call cost while memory stays constant on a stream of any length.
BATCH = 256


def compositions(state: State) -> dict[str, Mapping[str, int]]:
    """Each body's seats per affiliation, as the state's view has them."""
    bodies: dict[str, Any] = state.view["bodies"]
    return {b: view["by_affiliation"] for b, view in bodies.items()}


class Checker:
    """A pack and an engine, compiled once, checking any number of scenarios.

    ``params`` overrides pack parameters (type-checked like the pack's own);
    ``select`` keeps only the rules named and ``ignore`` leaves rules out. With
    ``strict`` (the default) a parameter or rule the pack does not have is a
    problem; :func:`check` turns it off to check scenarios of several packs.
    ``timeline`` records each body's composition after every event, for the
    HTML report.
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
    ) -> None:
        self.pack = pack
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
        self._evidence = {r.id: evidence_for(pack, r.rests_on) for r in pack.rules}
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
        if self.timeline:
            self.timelines[name] = Timeline(start=compositions(start), steps=tuple(steps))
        self.seconds[name] = time.perf_counter() - began
        return ScenarioResult(
            file=name,
            name=header.name,
            pack=self.pack.name,
            events=reader.events_read,
            findings=tuple(findings),
            suppressed=tuple(suppressed),
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
    ) -> tuple[list[Finding], list[Suppressed], list[Step], list[Problem]]:
        findings: list[Finding] = []
        suppressed: list[Suppressed] = []
        steps: list[Step] = []
        problems: list[Problem] = []
        lines: dict[int, int | None] = {}

        def indexed() -> Iterator[tuple[int, Event]]:
            for located in events:
                lines[located.index] = located.line
                yield located.index, located.event

        with self.engine.session() as session:
            batch: list[Replayed] = []

            def flush() -> None:
                results = session.evaluate_many([step.observation for step in batch])
                for step, rule_ids in zip(batch, results, strict=True):
                    line = lines.pop(step.index, None)
                    ignores = {i.rule: i.reason for i in step.event.ignore or ()}
                    for rule_id in rule_ids:
                        if rule_id not in self.active:
                            continue
                        finding = self._finding(rule_id, step, line, file, scenario)
                        if rule_id in ignores:
                            reason = ignores[rule_id]
                            suppressed.append(Suppressed(**dict(finding), reason=reason))
                        else:
                            findings.append(finding)
                batch.clear()

            state, stream = start, indexed()
            while True:
                try:
                    for step in replay(state, stream, self.params):
                        state = step.after
                        problems += self._unknown_ignores(step.event, step.index, lines, file)
                        if self.timeline:
                            steps.append(self._step(step, lines.get(step.index)))
                        if problems:  # the file is refused: its findings no longer count
                            lines.pop(step.index, None)
                            continue
                        batch.append(step)
                        if len(batch) >= BATCH:
                            flush()
                    break
                except ReplayError as exc:
                    # The event cannot happen: report it, leave the state as it was, go on.
                    index = getattr(exc, "index", 0)
                    path = f"events[{index}]" + (f".{exc.field}" if exc.field else "")
                    line = lines.pop(index, None)
                    problems.append(Problem(exc.message, file, line, path, exc.help))
                    batch.clear()
                    if len(problems) >= MAX_PROBLEMS_PER_FILE:
                        break
            if not problems:
                flush()
        return findings, suppressed, steps, problems

    def _unknown_ignores(
        self, event: Event, index: int, lines: Mapping[int, int | None], file: str
    ) -> list[Problem]:
        return [
            Problem(
                with_suggestion(f"unknown rule `{i.rule}`", i.rule, list(self._rules)),
                file=file,
                line=lines.get(index),
                path=f"events[{index}].ignore[{n}].rule",
                help="`govrules rules` lists the pack's rules",
            )
            for n, i in enumerate(event.ignore or ())
            if i.rule not in self._rules
        ]

    @staticmethod
    def _step(step: Replayed, line: int | None) -> Step:
        event = step.event
        return Step(
            index=step.index,
            at=event.at.isoformat(),
            kind=event.kind,
            id=event.id,
            line=line,
            bodies=compositions(step.after),
        )

    def _finding(
        self, rule_id: str, step: Replayed, line: int | None, file: str, scenario: str
    ) -> Finding:
        rule = self._rules[rule_id]
        return Finding(
            rule=rule.id,
            severity=rule.severity,
            title=rule.title,
            message=render_message(rule.message, step.observation),
            file=file,
            scenario=scenario,
            event=event_ref(step.event, step.index, line),
            evidence=self._evidence[rule_id],
        )

    def check(
        self,
        paths: Sequence[str | Path],
        *,
        exclude: Sequence[str] = (),
        partial: bool = False,
        stdin: IO[bytes] | None = None,
    ) -> Report:
        """Check scenario files (directories are searched for scenario files)."""
        return check_all(paths, lambda _found: self, exclude, partial, stdin, pinned=self)


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
) -> Report:
    """Check scenario files, each against the pack it names, or ``pack``, or the default.

    With ``pack`` given, a scenario written for another pack is a problem.
    ``params``, ``select`` and ``ignore`` are as for :class:`Checker`; without
    ``pack``, each applies to the packs that have it, and one no pack checked
    has is a problem. ``exclude`` holds gitignore-style patterns of files to
    leave out; ``-`` in ``paths`` reads a scenario from ``stdin`` (standard
    input by default). All problems of all files are raised together as one
    :class:`InputError`, unless ``partial``: then the report holds them.
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
            paths, exclude=exclude, partial=partial, stdin=stdin
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
        report = check_all(paths, checker_for, exclude, partial, stdin)
    except Refused as exc:
        raise InputError(exc.problems) from None
    check_names(list(checkers.values()), params or {}, select, ignore)
    return report


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
