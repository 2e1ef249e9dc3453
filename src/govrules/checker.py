"""The library API behind ``govrules check``: replay scenarios and evaluate rules.

    >>> from govrules import check
    >>> report = check(["scenarios/"])  # doctest: +SKIP

Each event yields an observation ``{event, before, after, params}``
(:mod:`govrules.replay`); the engine says which rules hold for it; each match
becomes a :class:`~govrules.findings.Finding` with the rule's message and the
facts it rests on, quoted. A scenario is checked against the pack it names
(``pack:``), or the pack given, or the default pack; a scenario written for
another pack than the one given is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govrules.engines import Engine, make_engine
from govrules.errors import InputError, Problem
from govrules.findings import EventRef, Finding, Quote, Report, ScenarioResult, Support
from govrules.language.templates import render_message
from govrules.model.events import Event
from govrules.model.initial import with_baseline
from govrules.model.state import State
from govrules.pack import Pack, bundled_packs, default_pack, load_pack
from govrules.replay import ReplayError, apply, observe
from govrules.scenario import SUFFIXES, LocatedEvent, ScenarioReader

# Observations are evaluated in batches of this many: the engine can amortise
# its per-call cost while memory stays constant on a stream of any length.
BATCH = 256


def event_ref(event: Event, index: int, line: int | None) -> EventRef:
    """How reports name an event: its index, id, kind, date and line."""
    return EventRef(index=index, id=event.id, kind=event.kind, at=event.at.isoformat(), line=line)


def evidence_for(pack: Pack, fact_ids: Sequence[str]) -> tuple[Support, ...]:
    """The facts a rule rests on, with their located quotes."""
    out: list[Support] = []
    for fact_id in fact_ids:
        fact = pack.facts[fact_id]
        quotes = tuple(
            Quote(
                source=e.source or "",
                file=pack.sources[e.source or ""].spec.filename,
                text=e.quote,
                start=e.start,
                end=e.end,
                line=e.line,
            )
            for e in fact.evidence
        )
        out.append(Support(fact=fact.id, kind=fact.kind, summary=fact.summary, quotes=quotes))
    return tuple(out)


def figures_read(pack: Pack) -> frozenset[str]:
    """The event figures the pack's rules read, in conditions or messages (by first part)."""
    from govrules.model.figures import FIGURE_KEYS

    firsts = {p.split(".")[1] for p in _paths_read(pack) if p.startswith("event.")}
    return frozenset(firsts & FIGURE_KEYS)


def _paths_read(pack: Pack) -> set[str]:
    from govrules.language.ast import paths_read
    from govrules.language.templates import placeholders

    paths = {p for rule in pack.rules for p in paths_read(rule.condition)}
    return paths | {p for rule in pack.rules for p, _ in placeholders(rule.message)}


def focus_read(pack: Pack) -> frozenset[str]:
    """The parts of the state an event names that the pack's rules read (``after.member``...)."""
    from govrules.replay import FOCUS

    firsts = {p.split(".")[1] for p in _paths_read(pack) if p.startswith(("before.", "after."))}
    return frozenset(firsts & FOCUS)


def kinds_read(pack: Pack) -> frozenset[str] | None:
    """The event kinds some rule can fire on, or None when a rule may fire on any kind."""
    from govrules.engines.compiled import event_kinds

    kinds: set[str] = set()
    for rule in pack.rules:
        found = event_kinds(rule.condition, pack.param_values)
        if found is None:
            return None
        kinds |= found
    return frozenset(kinds)


class Checker:
    """A pack and an engine, compiled once, checking any number of scenarios."""

    def __init__(self, pack: Pack, engine: str | Engine = "durable") -> None:
        self.pack = pack
        self.params = pack.param_values
        self.engine = (
            make_engine(engine, pack.rules, self.params) if isinstance(engine, str) else engine
        )
        self._rules = {r.id: r for r in pack.rules}
        self._evidence = {r.id: evidence_for(pack, r.rests_on) for r in pack.rules}
        self.figures = figures_read(pack)
        self.focused = focus_read(pack)
        self._relevant = kinds_read(pack)

    def check_file(
        self, path: Path, display: str | None = None, *, reader: ScenarioReader | None = None
    ) -> ScenarioResult:
        """Check one scenario file; raises :class:`InputError` listing its problems."""
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
        findings, replay_problem = self._run(start, events, name, header.name)
        # Read the rest of the file, so every problem in it is reported at once.
        for _ in events:
            pass
        problems = list(reader.problems)
        if replay_problem is not None and not problems:
            problems = [replay_problem]
        if problems:
            raise InputError(problems)
        return ScenarioResult(
            file=name,
            name=header.name,
            pack=self.pack.name,
            events=reader.events_read,
            findings=tuple(findings),
        )

    def _run(
        self, start: State, events: Iterable[LocatedEvent], file: str, scenario: str
    ) -> tuple[list[Finding], Problem | None]:
        """Replay and evaluate, in batches; the findings, and the problem that stopped it."""
        findings: list[Finding] = []
        params, figures, relevant = self.params, self.figures, self._relevant
        focused = self.focused
        with self.engine.session() as session:
            observations: list[dict[str, Any]] = []
            located_events: list[LocatedEvent] = []

            def flush() -> None:
                results = session.evaluate_many(observations)
                for located, observation, rule_ids in zip(
                    located_events, observations, results, strict=True
                ):
                    for rule_id in rule_ids:
                        findings.append(
                            self._finding(rule_id, located, observation, file, scenario)
                        )
                observations.clear()
                located_events.clear()

            state = start
            for located in events:
                event = located.event
                try:
                    after = apply(state, event)
                except ReplayError as exc:
                    path = f"events[{located.index}]" + (f".{exc.field}" if exc.field else "")
                    flush()
                    return findings, Problem(
                        exc.message, file=file, line=located.line, path=path, help=exc.help
                    )
                # An event of a kind no rule can fire on needs no observation at all.
                if relevant is None or event.kind in relevant:
                    observations.append(observe(event, state, after, params, figures, focused))
                    located_events.append(located)
                    if len(observations) >= BATCH:
                        flush()
                state = after
            flush()
        return findings, None

    def _finding(
        self,
        rule_id: str,
        located: LocatedEvent,
        observation: dict[str, Any],
        file: str,
        scenario: str,
    ) -> Finding:
        rule = self._rules[rule_id]
        return Finding(
            rule=rule.id,
            severity=rule.severity,
            title=rule.title,
            message=render_message(rule.message, observation),
            file=file,
            scenario=scenario,
            event=event_ref(located.event, located.index, located.line),
            evidence=self._evidence[rule_id],
        )

    def check(self, paths: Sequence[str | Path]) -> Report:
        """Check scenario files (directories are searched for scenario files)."""
        results: list[ScenarioResult] = []
        problems: list[Problem] = []
        for path, display in expand_paths(paths, problems):
            try:
                results.append(self.check_file(path, display))
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        return Report(scenarios=tuple(results), packs={self.pack.name: self.pack})


def expand_paths(paths: Sequence[str | Path], problems: list[Problem]) -> list[tuple[Path, str]]:
    """Files to check: files as given, directories searched (sorted) for scenario files."""
    out: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                problems.append(Problem("directory holds no scenario files", file=str(raw)))
            out += [(p, str(p)) for p in found]
        else:
            out.append((path, str(raw)))
    return out


def check(
    paths: Sequence[str | Path],
    pack: str | Pack | None = None,
    engine: str = "durable",
    *,
    sources: Sequence[str | Path] = (),
) -> Report:
    """Check scenario files, each against the pack it names, or ``pack``, or the default.

    With ``pack`` given, a scenario written for another pack is a problem. All
    problems of all files are raised together as one :class:`InputError`.
    """
    if pack is not None:
        loaded = pack if isinstance(pack, Pack) else load_pack(pack, sources=sources, lines=False)
        return Checker(loaded, engine).check(paths)
    checkers: dict[str, Checker] = {}
    results: list[ScenarioResult] = []
    problems: list[Problem] = []
    for path, display in expand_paths(paths, problems):
        try:
            reader = ScenarioReader.open(path, display)
            assert reader.header is not None
            wanted = reader.header.pack or default_pack()
            if wanted not in checkers:
                try:
                    loaded = load_pack(wanted, sources=sources, lines=False)
                except InputError as exc:
                    if reader.header.pack is None or wanted in bundled_packs():
                        raise
                    raise InputError(
                        [reader.header_problem(p.message, "pack", p.help) for p in exc.problems]
                    ) from None
                checkers[wanted] = Checker(loaded, engine)
            results.append(checkers[wanted].check_file(path, display, reader=reader))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    packs = {c.pack.name: c.pack for c in checkers.values()}
    return Report(scenarios=tuple(results), packs=packs)
