"""The values each event field takes in a search, in one state: its domain.

The first value of a domain is the field's default: what the field holds when
it cannot move the verdict (None: the field is left out). Names come from the
state, one for each group of interchangeable ones
(:mod:`govrules.analysis.symmetry`), from what the condition mentions, and from
fresh names; numbers and dates sit on the condition's boundaries.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping
from typing import Any

from govrules.analysis.bounds import Bounds, shift
from govrules.analysis.needs import Needs
from govrules.analysis.symmetry import company_classes, member_classes
from govrules.model.declarations import Declarations
from govrules.model.events import EVENT_KINDS
from govrules.model.state import State, group_of

FRESH_PERSON = "New member"
FRESH_COMPANY = "New company"
FRESH_ORGANISATION = "New organisation"
FRESH_PROJECT = "New project"
FRESH_LICENCE = "New licence"
FRESH_ASSET = "New asset"
MAX_COUNT = 12  # the largest tally of votes tried when a condition draws no larger boundary


def literals(kind: str, name: str) -> list[Any]:
    """The values of a field with a fixed set of them (``outcome``, ``reason``, ``mode``)."""
    info = EVENT_KINDS[kind].model_fields[name]
    annotation: Any = info.annotation
    if typing.get_origin(annotation) is not typing.Literal:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = inner[0] if len(inner) == 1 else None
    if typing.get_origin(annotation) is not typing.Literal:
        return []
    values = list(typing.get_args(annotation))
    if info.default is None:
        return [None, *values]
    return [info.default, *(v for v in values if v != info.default)]


def names_in(state: State) -> set[str]:
    """Every name the state knows."""
    out: set[str] = set(state.organisations) | {o for o, _ in state.pledges}
    for body in state.bodies.values():
        out |= set(body.members) | set(body.past_terms)
    out |= set(state.affiliations) | {a for a in state.affiliations.values() if a}
    out |= set(state.projects) | set(state.assets) | {h for _, h in state.assets.values()}
    if state.parent:
        out.add(state.parent[0])
    if state.steward:
        out.add(state.steward)
    return out


class Domains:
    """The domains of the fields of one kind of event, in one state, on one date."""

    def __init__(
        self,
        decl: Declarations,
        bounds: Bounds,
        needs: Needs,
        state: State,
        kind: str,
        at: str,
    ) -> None:
        self.decl, self.bounds, self.needs = decl, bounds, needs
        self.state, self.kind, self.at = state, kind, at
        self._taken = names_in(state) | set(bounds.mentioned)

    # -- helpers ---------------------------------------------------------------

    def fresh(self, stem: str, count: int = 1) -> list[str]:
        """The first ``count`` names ``stem 1``, ``stem 2``, ... the state does not know."""
        out: list[str] = []
        i = 1
        while len(out) < count:
            name = f"{stem} {i}"
            if name not in self._taken:
                out.append(name)
            i += 1
        return out

    def vocab(self, values: Iterable[str]) -> list[str]:
        """Declared values: those the condition mentions, and one of the others."""
        values = list(values)
        mentioned = [v for v in values if v in self.bounds.mentioned]
        others = [v for v in values if v not in self.bounds.mentioned]
        return mentioned + others[:1]

    def texts(self, *fields: str) -> list[str]:
        """Texts the condition compares with these fields (or with the state, for names)."""
        out: list[str] = []
        for name in (*fields, "state"):
            out += [t for t in self.bounds.texts.get(name, ()) if t not in out]
        return out

    def watched_bodies(self) -> list[str]:
        """Bodies whose members matter: those the condition reads or acts on."""
        named = {c.partition(":")[2] for c in self.needs.components if ":" in c}
        return sorted((named | self.needs.bodies) & set(self.state.bodies))

    def members(self, body: str | None, per_class: int = 1) -> list[str]:
        """A body's members, ``per_class`` of each group of interchangeable ones."""
        if body is None or body not in self.state.bodies:
            return []
        names = sorted(self.state.bodies[body].members)
        out = member_classes(self.state, body, names, self.bounds.mentioned)
        for _ in range(per_class - 1):
            rest = [n for n in names if n not in out]
            out += member_classes(self.state, body, rest, self.bounds.mentioned)
        return sorted(out, key=names.index)

    def people(self) -> list[str]:
        """Members of the watched bodies: two of each group of interchangeable ones, so an
        event can name two different members of a group (a caller and a seconder)."""
        out: list[str] = []
        for body in self.watched_bodies():
            out += [m for m in self.members(body, per_class=2) if m not in out]
        return out

    def companies(self) -> list[str]:
        known = {a for a in self.state.affiliations.values() if a}
        return company_classes(self.state, known, self.bounds.mentioned)

    def ordered_members(self, body: str | None, spread: bool) -> list[str]:
        """A body's members, spread across affiliations (or packed by them)."""
        if body is None or body not in self.state.bodies:
            return []
        names = sorted(self.state.bodies[body].members)
        groups: dict[str, list[str]] = {}
        for name in names:
            groups.setdefault(group_of(name, self.state.affiliations), []).append(name)
        if not spread:
            return [
                n for g in sorted(groups, key=lambda g: (-len(groups[g]), g)) for n in groups[g]
            ]
        out: list[str] = []
        lists = [groups[g] for g in sorted(groups)]
        while any(lists):
            for items in lists:
                if items:
                    out.append(items.pop(0))
        return out

    def counts_near(self, field: str, size: int) -> list[int]:
        """Sizes of a subset of ``size`` items worth trying."""
        wanted = {1, 2, size - 1, size} | set(self.bounds.near(field))
        return sorted(k for k in wanted if 1 <= k <= size)

    def subsets(self, body: str | None, field: str) -> list[list[str]]:
        out: list[list[str]] = []
        for spread in (True, False):
            ordered = self.ordered_members(body, spread)
            for k in self.counts_near(field, len(ordered)):
                chosen = sorted(ordered[:k])
                if chosen not in out:
                    out.append(chosen)
        return out

    def dates_around(self, name: str, *, absent: bool = True) -> list[str | None]:
        out: list[str | None] = [None] if absent else []
        offsets = {0} | {s for s in self.bounds.spans(name) if s}
        offsets |= {-s for s in offsets}
        for days in sorted(offsets, key=lambda d: (abs(d), d)):
            value = shift(self.at, days)
            if value not in out:
                out.append(value)
        out += [d for d in self.bounds.dates if d not in out]
        return out

    # -- the domains -------------------------------------------------------------

    def of(self, name: str, fields: Mapping[str, Any]) -> list[Any]:
        """The values ``name`` takes, given the fields chosen before it."""
        special = getattr(self, f"_{name}", None)
        if special is not None:
            values: list[Any] = special(fields)
            return values
        if name in ("published", "called", "seconded", "opened", "closed", "ends"):
            return self.dates_around(name)
        literal = literals(self.kind, name)
        if literal:
            return literal
        return [None]

    def _member(self, fields: Mapping[str, Any]) -> list[Any]:
        body = fields.get("body")
        if self.kind in ("member.joined", "member.appointed"):
            found = self.state.bodies.get(body) if isinstance(body, str) else None
            seated = set(found.members) if found is not None else set()
            known = [p for p in self.people() + self.texts("member") if p not in seated]
            return self.fresh(FRESH_PERSON) + list(dict.fromkeys(known))
        if self.kind == "affiliation.changed":
            return list(dict.fromkeys(self.people() + self.companies() + self.texts("member")))
        return self.members(body)

    def _affiliation(self, fields: Mapping[str, Any]) -> list[Any]:
        return [None, *self.fresh(FRESH_COMPANY), *self.companies(), *self.texts("affiliation")]

    def _to(self, fields: Mapping[str, Any]) -> list[Any]:
        if self.kind == "affiliation.changed":
            out = [None, *self.fresh(FRESH_COMPANY), *self.companies(), *self.texts("to")]
            return [v for v in dict.fromkeys(out) if v != fields.get("member")]
        if self.kind == "transition.completed":
            return [None, *self.texts("to"), *self.fresh(FRESH_ORGANISATION)]
        if self.kind == "licence.changed":
            return [*self.fresh(FRESH_LICENCE), *self.texts("to")]
        return [*self.fresh(FRESH_ORGANISATION), *self.texts("to")]

    def _seats(self, fields: Mapping[str, Any]) -> list[Any]:
        decl = self.decl.bodies.get(str(fields.get("body")))
        if decl is not None and decl.members == "individuals":
            # A person holds one seat: seats are varied on bodies of organisations.
            return [None] if self.kind in ("member.joined", "member.appointed") else [1]
        wanted = {1, 2, 3} | set(self.bounds.near("seats", low=1))
        wanted |= set(self.bounds.near("state", low=1))
        body = self.state.bodies.get(fields.get("body", ""))
        if body is not None:
            own = (
                body.members[fields["member"]].seats if fields.get("member") in body.members else 0
            )
            others = sum(s.seats for s in body.members.values()) - own
            for share in self.bounds.numbers.get("state", ()):
                if 0 < share < 1:
                    edge = int(share * others / (1 - share))
                    wanted |= {edge, edge + 1, edge + 2}
        values = sorted(n for n in wanted if 1 <= n <= 100_000)
        if self.kind in ("member.joined", "member.appointed"):
            return [None, *(v for v in values if v != 1)]
        return values

    def _term_ends(self, fields: Mapping[str, Any]) -> list[Any]:
        spans = sorted({s for s in self.bounds.spans("term_ends") if s > 0})
        return [None, *(shift(self.at, s) for s in spans), *self.bounds.dates]

    def _method(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(self.decl.appointment_methods)

    def _obligation(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(self.decl.obligations)

    def _topic(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(self.decl.topics)

    def _public(self, fields: Mapping[str, Any]) -> list[Any]:
        return [None, True, False] if self.kind == "decision.proposed" else [True, False]

    def _about(self, fields: Mapping[str, Any]) -> list[Any]:
        out = [None, *self.people(), *self.decl.bodies, *self.companies(), *self.texts("about")]
        return list(dict.fromkeys([*out, *self.fresh(FRESH_PERSON)]))

    def _subject(self, fields: Mapping[str, Any]) -> list[Any]:
        return [None, *self.texts("subject")]

    def _approvals(self, fields: Mapping[str, Any]) -> list[Any]:
        return [
            [],
            *([t] for t in self.texts("approvals", "vetoed_by", "approved_by")),
            self.fresh(FRESH_ORGANISATION),
        ]

    _vetoed_by = _approvals
    _approved_by = _approvals

    def _called_by(self, fields: Mapping[str, Any]) -> list[Any]:
        return [None, *self.people(), *self.fresh(FRESH_PERSON)]

    _seconded_by = _called_by

    def _conflicted(self, fields: Mapping[str, Any]) -> list[Any]:
        members = self.members(fields.get("body"))
        everyone = sorted(self.state.bodies[fields["body"]].members) if members else []
        return [[], *([m] for m in members), *([everyone] if len(everyone) > 1 else [])]

    def _removes(self, fields: Mapping[str, Any]) -> list[Any]:
        return [[], *([m] for m in self.people()), self.fresh(FRESH_PERSON)]

    def _present(self, fields: Mapping[str, Any]) -> list[Any]:
        return [[], *self.subsets(fields.get("body"), "present")]

    def _ballots(self, fields: Mapping[str, Any]) -> list[Any]:
        out: list[Any] = [None]
        seen: set[frozenset[tuple[str, str]]] = set()
        for voters in self._voter_orders(fields.get("body")):
            n = len(voters)
            for yes in range(n + 1):
                for no in range(n - yes + 1):
                    votes = ["yes"] * yes + ["no"] * no + ["abstain"] * (n - yes - no)
                    ballots = dict(zip(voters, votes, strict=True))
                    key = frozenset(ballots.items())
                    if key not in seen:
                        seen.add(key)
                        out.append(ballots)
        return out

    def _voter_orders(self, body: str | None) -> list[list[str]]:
        out: list[list[str]] = []
        for spread in (True, False):
            ordered = self.ordered_members(body, spread)
            for k in self.counts_near("ballots", len(ordered)):
                if ordered[:k] not in out:
                    out.append(ordered[:k])
        return out

    def _counts(self, fields: Mapping[str, Any]) -> list[Any]:
        top = max([6, *(n + 1 for n in self.bounds.near("counts"))])
        top = min(top, MAX_COUNT)
        out: list[Any] = [None]
        for abstain in (0, 1):
            for total in range(top + 1):
                for yes in range(total, -1, -1):
                    out.append({"yes": yes, "no": total - yes, "abstain": abstain})
        return out

    def _changes(self, fields: Mapping[str, Any]) -> list[Any]:
        return [[], *([a] for a in self.vocab(self.decl.areas))]

    def _project(self, fields: Mapping[str, Any]) -> list[Any]:
        known = sorted(self.state.projects)
        if self.kind == "project.added":
            return [
                *self.fresh(FRESH_PROJECT),
                *(t for t in self.texts("project") if t not in known),
            ]
        if self.kind == "project.removed":
            return known
        return [None, *known] if len(known) == 1 else known

    def _area(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(self.decl.areas)

    def _caused_by_transition(self, fields: Mapping[str, Any]) -> list[Any]:
        return [None, True]

    def _open_source(self, fields: Mapping[str, Any]) -> list[Any]:
        return [True, False]

    _nonprofit = _open_source

    def _licence(self, fields: Mapping[str, Any]) -> list[Any]:
        return [*self.fresh(FRESH_LICENCE), *self.texts("licence")]

    def _component(self, fields: Mapping[str, Any]) -> list[Any]:
        return ["a component"]

    def _asset(self, fields: Mapping[str, Any]) -> list[Any]:
        fresh = self.fresh(FRESH_ASSET) if self.decl.asset_kinds else []
        return [*sorted(self.state.assets), *fresh]

    def _asset_kind(self, fields: Mapping[str, Any]) -> list[Any]:
        if fields.get("asset") in self.state.assets:
            return [None]
        return self.vocab(self.decl.asset_kinds)

    def _organisation(self, fields: Mapping[str, Any]) -> list[Any]:
        known = sorted(self.state.organisations)
        if self.kind == "organisation.joined":
            return [
                *self.fresh(FRESH_ORGANISATION),
                *(t for t in self.texts("organisation") if t not in known),
            ]
        if self.kind in ("organisation.left", "organisation.tier_changed"):
            return known
        pledgers = sorted({o for o, _ in self.state.pledges})
        return list(
            dict.fromkeys([*self.texts("organisation"), *pledgers, *self.fresh(FRESH_ORGANISATION)])
        )

    def _tier(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(self.decl.tiers)

    def _pledge(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(p for p, levels in self.decl.pledges.items() if levels)

    def _level(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(self.decl.pledges.get(fields.get("pledge", ""), []))

    def _policy(self, fields: Mapping[str, Any]) -> list[Any]:
        return self.vocab(p for p, values in self.decl.policies.items() if values)

    def _value(self, fields: Mapping[str, Any]) -> list[Any]:
        return list(self.decl.policies.get(fields.get("policy", ""), []))
