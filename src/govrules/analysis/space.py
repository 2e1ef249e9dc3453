"""The event space: which events a search tries in a state.

Every event comes from the pack's declarations (its bodies, topics, methods,
tiers, pledges, policies, ...), from the state (who sits on each body, the
affiliations, projects, organisations and assets it knows), from the names
and values the condition mentions (:mod:`govrules.analysis.bounds`), and from a
few fresh names (``New member 1``, ``New company 1``, ...). Numbers and dates
are taken just below, on and just above each boundary the condition draws.
Nothing about any pack is written here.

Only the fields that can move the verdict vary (see
:mod:`govrules.analysis.needs`); every other field keeps its default, the
first value of its domain. :meth:`Space.events` yields events as plain data
(what a scenario file holds), in a fixed order, simplest first:

- with ``last=False``, the events that change a part of the state the
  condition depends on: the steps a search takes before the last event;
- with ``last=True``, every event the condition may hold on, pruned by
  ``prune(kind, fields)`` as soon as a partly chosen event cannot make it hold.

Both are deterministic: the same state gives the same events in the same
order, so a search and a plain exhaustive walk over the same space agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from govrules.analysis.bounds import Bounds, shift
from govrules.analysis.domains import Domains
from govrules.analysis.elections import elections
from govrules.analysis.needs import CHANGES, KIND_FIELDS, Needs
from govrules.model.declarations import Declarations
from govrules.model.events import EVENT_KINDS
from govrules.model.state import State

Prune = Callable[[str, Mapping[str, Any]], bool]

# The order fields are chosen in: those a condition most often tests first, so a
# partly built event is set aside early; lists and maps, which have many values, last.
ORDER: dict[str, tuple[str, ...]] = {
    "member.joined": ("body", "member", "affiliation", "seats", "term_ends"),
    "member.appointed": ("body", "method", "member", "affiliation", "seats", "term_ends"),
    "member.left": ("body", "reason", "member"),
    "member.seats_changed": ("body", "member", "seats"),
    "affiliation.changed": ("member", "to"),
    "obligation.met": ("body", "obligation", "member"),
    "meeting.held": ("body", "public", "published", "present"),
    "decision.proposed": (
        "body", "topic", "public", "about", "subject", "called_by", "seconded_by",
    ),
    "decision.made": (
        "body", "topic", "outcome", "public", "mode", "about", "subject", "published",
        "called", "seconded", "opened", "closed", "approvals", "vetoed_by", "called_by",
        "seconded_by", "conflicted", "removes", "present", "ballots", "counts",
    ),
    "transition.completed": ("to", "changes"),
    "project.changed": ("area", "caused_by_transition", "project", "description"),
    "project.added": ("project", "open_source", "licence"),
    "project.removed": ("project",),
    "licence.changed": ("open_source", "project", "to"),
    "licence.exception_granted": ("project", "component", "licence", "approved_by"),
    "parent.changed": ("nonprofit", "to"),
    "asset.transferred": ("asset", "to", "asset_kind"),
    "organisation.joined": ("tier", "organisation"),
    "organisation.left": ("organisation",),
    "organisation.tier_changed": ("tier", "organisation"),
    "pledge.changed": ("pledge", "level", "organisation", "ends"),
    "policy.changed": ("policy", "value"),
}  # fmt: skip
assert set(ORDER) | {"election.held"} == set(EVENT_KINDS)


@dataclass(frozen=True)
class Space:
    """The events tried for one condition of one pack."""

    declarations: Declarations
    needs: Needs
    bounds: Bounds

    def prefix_kinds(self) -> list[tuple[str, str | None]]:
        """(kind, body) pairs whose events change a part of the state that matters."""
        out = []
        for kind in EVENT_KINDS:
            if kind not in CHANGES:
                continue
            for body in self._bodies(kind):
                if self.needs.changes(kind, body):
                    out.append((kind, body))
        return out

    def _bodies(self, kind: str) -> list[str | None]:
        if "body" not in KIND_FIELDS[kind]:
            return [None]
        return list(self.declarations.bodies)

    def dates(self, state: State, now: str, kind: str, body: str | None) -> list[str]:
        """The dates an event may take: ``now``, or the boundaries after it that matter."""
        if not self.needs.dated:
            return [now]
        spans = self.bounds.spans("at")
        anchors: set[str] = set()
        shorts: set[int] = set()
        for body_id in self.needs.bodies | {c.partition(":")[2] for c in self.needs.components}:
            found = state.bodies.get(body_id)
            if found is None:
                continue
            short = found.decl.short_term_days
            if short is not None and f"terms:{body_id}" in self.needs.components:
                shorts.add(short)
            if found.last_election:
                anchors.add(found.last_election)
            for seat in found.members.values():
                anchors |= {d for d in (seat.joined, seat.term_ends) if d}
        out = {now} | {shift(now, s) for s in spans if s > 0}
        out |= {shift(a, s) for a in anchors for s in spans}
        out |= {shift(d, s) for d in self.bounds.dates for s in (-1, 0, 1)}
        # A term counts only if it lasted longer than the body's short term: one day
        # past that after every seat's start makes each term so far count, as `now`
        # itself makes each one short.
        out |= {shift(max(anchors | {now}), short + 1) for short in shorts}
        return sorted(d for d in out if d >= now)

    def events(
        self,
        state: State,
        now: str,
        *,
        last: bool,
        prune: Prune | None = None,
        only: tuple[str, str | None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The events tried in ``state`` on or after ``now`` (see the module docstring);
        with ``only``, those of one kind (on one body)."""
        if last:
            pairs = [
                (kind, body)
                for kind in EVENT_KINDS
                if kind in self.needs.kinds
                for body in self._bodies(kind)
                if body is None or body in self.needs.bodies
            ]
        else:
            pairs = self.prefix_kinds()
        for kind, body in pairs:
            if only is not None and (kind, body) != only:
                continue
            varied = set(self.needs.changes(kind, body))
            if last:
                varied |= self.needs.fields
            if self.needs.dated:
                varied.add("at")
            start: dict[str, Any] = {"kind": kind}
            if body is not None:
                start["body"] = body
            if prune is not None and not prune(kind, start):
                continue
            for at in self.dates(state, now, kind, body) if "at" in varied else [now]:
                fields = {**start, "at": at}
                if prune is not None and not prune(kind, fields):
                    continue
                domains = Domains(self.declarations, self.bounds, self.needs, state, kind, at)
                if kind == "election.held":
                    yield from elections(domains, fields, varied, prune)
                else:
                    yield from self._fill(
                        domains,
                        fields,
                        list(ORDER[kind][1:] if body else ORDER[kind]),
                        varied,
                        prune,
                    )

    def _fill(
        self,
        domains: Domains,
        fields: dict[str, Any],
        todo: list[str],
        varied: set[str],
        prune: Prune | None,
    ) -> Iterator[dict[str, Any]]:
        if not todo:
            yield {k: v for k, v in fields.items() if v is not None}
            return
        name, rest = todo[0], todo[1:]
        values = domains.of(name, fields)
        if name not in varied:
            values = values[:1]
        for value in values:
            chosen = {**fields, name: value}
            if prune is not None and value is not None and not prune(fields["kind"], chosen):
                continue
            yield from self._fill(domains, chosen, rest, varied, prune)


def start_date(state: State, dates: list[str]) -> str:
    """The day a search starts: the latest date the pack's facts and state hold."""
    found = list(dates)
    for body in state.bodies.values():
        if body.last_election:
            found.append(body.last_election)
        for seat in body.members.values():
            found += [d for d in (seat.joined,) if d]
    if state.transition and state.transition.get("date"):
        found.append(state.transition["date"])
    return max(found) if found else dt.date(2024, 1, 1).isoformat()
