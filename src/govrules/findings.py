"""Findings: what a check reports, with the evidence from the source texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from govrules.errors import Problem
from govrules.pack.files import Severity
from govrules.spool import Findings

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from govrules.model.events import Event
    from govrules.pack import Pack


class Quote(BaseModel):
    """A verbatim quote, its source, and where it stands there.

    ``source`` is the id of the pack's source and ``file`` the name of its text;
    ``start``/``end`` are 0-based character offsets (end exclusive) and ``line``
    is 1-based; they are null only for a quote whose span the pack has not
    recorded and whose text was not at hand.
    """

    model_config = ConfigDict(frozen=True)
    source: str
    file: str
    text: str
    start: int | None
    end: int | None
    line: int | None


class Support(BaseModel):
    """A fact a rule rests on, with its quotes."""

    model_config = ConfigDict(frozen=True)
    fact: str
    kind: str
    summary: str
    quotes: tuple[Quote, ...]


class EventRef(BaseModel):
    """Which event of which scenario file a finding is about."""

    model_config = ConfigDict(frozen=True)
    index: int
    id: str | None
    kind: str
    at: str
    line: int | None


class Counterfactual(BaseModel):
    """A change to one field of an event, replayed, that flips a rule's verdict on it
    (``check --why``, ``govrules why``)."""

    model_config = ConfigDict(frozen=True)
    rule: str
    effect: Literal["holds", "breaks"] = Field(
        description="holds: the finding would be gone; breaks: the rule would fire"
    )
    field: str = Field(
        description="the field changed (`counts.no`, ...), or `event` for the event left out"
    )
    before: Any = Field(description="its value in the scenario (null: not given)")
    after: Any = Field(description="its value with the change (null: left out)")
    size: int = Field(description="how far the value moved (1 for a flag, a list member, ...)")
    change: str = Field(description="the change in words")
    because: tuple[str, ...] = Field(description="the rule's tests the change turns, in words")
    sentence: str = Field(description="the whole answer, as the text report shows it")
    event: dict[str, Any] | None = Field(
        description="the changed event, as a scenario file holds it (null: left out)"
    )


class Finding(BaseModel):
    """One rule broken by one event."""

    model_config = ConfigDict(frozen=True)
    rule: str
    severity: Severity
    title: str
    message: str
    file: str
    scenario: str
    event: EventRef
    evidence: tuple[Support, ...]
    why: tuple[Counterfactual, ...] | None = Field(
        default=None,
        description="with `--why`: the smallest changes to the event that would make the rule"
        " hold, smallest first (added in version 2; absent without `--why`)",
    )


class EventWhy(BaseModel):
    """With ``--why``, for an event of a scenario that breaks nothing: the smallest change
    that would break each rule one change can break."""

    model_config = ConfigDict(frozen=True)
    event: EventRef
    breaks: tuple[Counterfactual, ...]


class Suppressed(Finding):
    """A finding an ignore in the scenario file keeps out of the verdict, with its reason."""

    reason: str = Field(description="why the scenario's author accepts it")


NO_FINDINGS: Findings[Any] = Findings.of(())


class ScenarioResult(BaseModel):
    """The outcome for one scenario file."""

    model_config = ConfigDict(frozen=True)
    file: str
    name: str
    pack: str
    events: int
    # Read-only sequences (govrules.spool): a tuple of findings may be given, and
    # they compare equal to one; a check keeps them compactly, so that a long
    # stream's findings do not fill the memory.
    findings: Findings[Finding]
    suppressed: Findings[Suppressed] = Field(
        default=NO_FINDINGS,
        description="findings an ignore in the file suppresses, each with its reason",
    )
    why: tuple[EventWhy, ...] | None = Field(
        default=None,
        description="with `--why`, for a scenario that breaks nothing: each event's nearest"
        " breaks (added in version 2; absent without `--why`)",
    )


class Override(BaseModel):
    """A pack parameter given another value for one check (``--param``)."""

    model_config = ConfigDict(frozen=True)
    name: str
    value: Any = Field(description="the value the check used, as written")
    pack_value: Any = Field(description="the pack's own value, as written")


@dataclass(frozen=True)
class PackSettings:
    """How one pack was checked: parameters overridden and rules left out."""

    overrides: tuple[Override, ...] = ()
    rules_skipped: tuple[str, ...] = ()  # by --select or --ignore, in the pack's order


@dataclass(frozen=True)
class Step:
    """One point of a scenario's timeline: an event and each body's seats per affiliation."""

    index: int
    at: str
    kind: str
    id: str | None
    line: int | None
    bodies: Mapping[str, Mapping[str, int]]


# A timeline is kept for a scenario of at most this many events: a longer one
# could not be drawn legibly, and its steps would grow the memory with the stream.
TIMELINE_EVENTS = 5_000


@dataclass(frozen=True)
class Timeline:
    """A scenario's bodies over time: their seats before the first event, then after each."""

    start: Mapping[str, Mapping[str, int]]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Report:
    """The outcome of one check: every scenario, in the order given, and the packs used."""

    scenarios: tuple[ScenarioResult, ...]
    packs: Mapping[str, Pack] = field(default_factory=dict)
    # The problems of the files that could not be checked (a partial report).
    problems: tuple[Problem, ...] = ()
    settings: Mapping[str, PackSettings] = field(default_factory=dict)
    # Seconds spent on each scenario file, and timelines when they were asked for;
    # neither takes part in comparing reports.
    seconds: Mapping[str, float] = field(default_factory=dict, compare=False)
    timelines: Mapping[str, Timeline] = field(default_factory=dict, compare=False)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, as a list (a report of a long stream: see :meth:`each_finding`)."""
        return list(self.each_finding())

    @property
    def suppressed(self) -> list[Suppressed]:
        return [f for s in self.scenarios for f in s.suppressed]

    def each_finding(self) -> Iterator[Finding]:
        """Every finding, in order, read as it is needed."""
        for scenario in self.scenarios:
            yield from scenario.findings

    def suppressed_count(self) -> int:
        return sum(len(s.suppressed) for s in self.scenarios)

    def settings_of(self, pack: str) -> PackSettings:
        return self.settings.get(pack, PackSettings())

    def count(self, severity: Severity) -> int:
        return sum(s.findings.count_of(severity.value) for s in self.scenarios)

    def fails(self, fail_on: str) -> bool:
        """Whether any finding is at or above ``fail_on`` (error, warning or never)."""
        if fail_on == "never":
            return False
        # A finding counts; a suppressed one does not.
        threshold = Severity(fail_on).rank
        return any(self.count(s) for s in Severity if s.rank >= threshold)


def event_fields(event: Event, index: int, line: int | None) -> tuple[Any, ...]:
    """How reports name an event: its index, id, kind, date and line (as :class:`EventRef`)."""
    return (index, event.id, event.kind, event.at.isoformat(), line)


def event_ref(event: Event, index: int, line: int | None) -> EventRef:
    index, id_, kind, at, line = event_fields(event, index, line)
    return EventRef(index=index, id=id_, kind=kind, at=at, line=line)


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
