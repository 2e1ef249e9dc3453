"""Findings: what a check reports, with the evidence from the source text."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from govrules.rules import Severity


class Quote(BaseModel):
    """A verbatim quote and where it stands in the source (0-based characters, end exclusive)."""

    model_config = ConfigDict(frozen=True)
    text: str
    start: int
    end: int
    line: int


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


class ScenarioResult(BaseModel):
    """The outcome for one scenario file."""

    model_config = ConfigDict(frozen=True)
    file: str
    name: str
    events: int
    findings: tuple[Finding, ...]


class Report(BaseModel):
    """The outcome of one check: every scenario, in the order given."""

    model_config = ConfigDict(frozen=True)
    pack: str
    source: str
    scenarios: tuple[ScenarioResult, ...]

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.scenarios for f in s.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, fail_on: str) -> bool:
        """Whether any finding is at or above ``fail_on`` (error, warning or never)."""
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        return any(f.severity.rank >= threshold for f in self.findings)
