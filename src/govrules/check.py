"""The library API behind ``govrules check``: replay scenarios and evaluate rules.

    >>> from govrules import check, load_pack
    >>> report = check(["examples/meta-takes-three-more-seats.yaml"])  # doctest: +SKIP

Each event yields an observation ``{event, before, after, params}``; the engine
says which rules hold for it; each match becomes a :class:`Finding` with the
rule's message and the facts it rests on, quoted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govrules.conditions import render_message
from govrules.engines import Engine, make_engine
from govrules.errors import InputError, Problem
from govrules.events import Event, event_observed
from govrules.findings import EventRef, Finding, Quote, Report, ScenarioResult, Support
from govrules.pack import Pack, load_pack
from govrules.scenario import SUFFIXES, LocatedEvent, ScenarioReader
from govrules.state import ReplayError, State, apply, with_baseline

# Observations are evaluated in batches of this many: the engine can amortise
# its per-call cost while memory stays constant on a stream of any length.
BATCH = 256


@dataclass(frozen=True)
class Step:
    """One replayed event: where it came from and the observation it yields."""

    located: LocatedEvent
    before: State
    after: State
    observation: dict[str, Any]


def observe(event: Event, before: State, after: State, params: dict[str, Any]) -> dict[str, Any]:
    """The observation rules are evaluated on."""
    return {
        "event": event_observed(event),
        "before": before.as_dict,
        "after": after.as_dict,
        "params": params,
    }


def replay(
    start: State,
    events: Iterable[LocatedEvent],
    params: dict[str, Any],
    *,
    file: str = "<scenario>",
) -> Iterator[Step]:
    """Apply events one by one; raises :class:`InputError` on an event that cannot happen."""
    state = start
    for located in events:
        try:
            after = apply(state, located.event)
        except ReplayError as exc:
            raise InputError(
                [
                    Problem(
                        exc.message,
                        file=file,
                        line=located.line,
                        path=f"events[{located.index}]",
                        help=exc.help,
                    )
                ]
            ) from None
        yield Step(located, state, after, observe(located.event, state, after, params))
        state = after


def event_ref(located: LocatedEvent) -> EventRef:
    """How reports name an event: its index, id, kind, date and line."""
    event = located.event
    return EventRef(
        index=located.index,
        id=event.id,
        kind=event.kind,
        at=event.at.isoformat(),
        line=located.line,
    )


def evidence_for(pack: Pack, fact_ids: Sequence[str]) -> tuple[Support, ...]:
    """The facts a rule rests on, with their located quotes."""
    out: list[Support] = []
    for fact_id in fact_ids:
        fact = pack.facts[fact_id]
        quotes = tuple(
            Quote(text=e.quote, start=e.start or 0, end=e.end or 0, line=e.line or 0)
            for e in fact.evidence
        )
        out.append(Support(fact=fact.id, kind=fact.kind, summary=fact.summary, quotes=quotes))
    return tuple(out)


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

    def check_file(self, path: Path, display: str | None = None) -> ScenarioResult:
        """Check one scenario file; raises :class:`InputError` listing its problems."""
        name = display or str(path)
        reader = ScenarioReader.open(path, name)
        header = reader.header
        assert header is not None
        start = with_baseline(self.pack.initial, header.baseline)
        findings: list[Finding] = []
        replay_problem: InputError | None = None
        events = reader.events()
        with self.engine.session() as session:
            batch: list[Step] = []

            def flush() -> None:
                results = session.evaluate_many([step.observation for step in batch])
                for step, rule_ids in zip(batch, results, strict=True):
                    for rule_id in rule_ids:
                        findings.append(self._finding(rule_id, step, name, header.name))
                batch.clear()

            try:
                for step in replay(start, events, self.params, file=name):
                    batch.append(step)
                    if len(batch) >= BATCH:
                        flush()
            except InputError as exc:
                replay_problem = exc
            flush()
        # Read the rest of the file, so every problem in it is reported at once.
        for _ in events:
            pass
        problems = list(reader.problems)
        if replay_problem is not None and not problems:
            problems = replay_problem.problems
        if problems:
            raise InputError(problems)
        return ScenarioResult(
            file=name, name=header.name, events=reader.events_read, findings=tuple(findings)
        )

    def _finding(self, rule_id: str, step: Step, file: str, scenario: str) -> Finding:
        rule = self._rules[rule_id]
        return Finding(
            rule=rule.id,
            severity=rule.severity,
            title=rule.title,
            message=render_message(rule.message, step.observation),
            file=file,
            scenario=scenario,
            event=event_ref(step.located),
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
        return Report(pack=self.pack.name, source=self.pack.source_file, scenarios=tuple(results))


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
    paths: Sequence[str | Path], pack: str | Pack | None = None, engine: str = "durable"
) -> Report:
    """Check scenario files against a pack (the bundled PyTorch Foundation pack by default)."""
    loaded = pack if isinstance(pack, Pack) else load_pack(pack)
    return Checker(loaded, engine).check(paths)
