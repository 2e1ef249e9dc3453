"""What a condition depends on: the event fields it reads and the parts of the state.

The analyses search over events, and a search is only as small as the space
it walks. A rule that reads ``event.public`` and ``event.body`` cannot be
moved by a decision's ballots, nor by who sits on which body; a rule that
reads ``after.bodies.X.largest.count`` depends on who sits on ``X`` and who
works for whom, and on nothing else in the state. :func:`needs_of` works this
out from the paths a condition reads, with the tables below, which say for the
general model (never for a pack):

- which event fields each derived figure of ``event.*`` is computed from
  (:data:`FIGURE_NEEDS`);
- which part of the state (a *component*) each ``before.*``/``after.*`` path
  reads (:func:`state_components`);
- which components each event kind changes, and through which of its fields
  (:data:`CHANGES`).

Components are named ``family`` or ``family:body``: ``seats:B`` (who sits on
body B, with how many seats), ``terms:B``, ``dates:B`` (when members joined,
when their terms end), ``elections:B`` (the last election), ``appointed:B``,
``removed:B``; and ``affiliations``, ``pending``, ``transition``, ``parent``,
``projects``, ``organisations``, ``pledges``, ``assets``, ``policies``.

The tables restate what :mod:`govrules.replay` and :mod:`govrules.model.figures`
compute; ``tests/unit/test_analysis_needs.py`` holds them together by changing
one field of generated events at a time and checking that only what the tables
name changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from govrules.language.ast import Condition, Path, tests_of, values_of
from govrules.model.declarations import Declarations
from govrules.model.events import EVENT_KINDS

BODY_FAMILIES = ("seats", "weights", "terms", "dates", "elections", "appointed", "removed")

# event.<figure>: the event fields it is computed from, and the state families of
# the event's body it reads (a figure keyed by a body, `caller_on.B`, reads B).
FIGURE_NEEDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def _figure(names: str, fields: Iterable[str], families: Iterable[str] = ()) -> None:
    for name in names.split():
        FIGURE_NEEDS[name] = (frozenset(fields), frozenset(families))


_VOTES = ("ballots", "counts")
_figure("votes.yes votes.no votes.abstain votes.cast votes.voted votes.share_of_cast", _VOTES)
_figure(
    "votes.not_yes votes.share_of_members votes.share_of_non_abstaining votes.abstain_share",
    (*_VOTES, "body"),
    ("seats",),
)
_figure("votes.silent", ("ballots", "body"), ("seats",))
_figure(
    "votes.affiliations votes.yes_by_affiliation votes.largest_affiliation_yes"
    " votes.largest_affiliation_yes_share votes.capped_yes votes.capped_share_of_cast",
    ("ballots", "body"),
    ("seats", "affiliations"),
)
_figure("votes.conflicted_voting", ("ballots", "conflicted"))
_figure("votes.conflicted_share", ("conflicted", "body"), ("seats",))
_figure("votes.involved_voting", ("ballots", "about"), ("affiliations",))
_figure("caller_on", ("called_by",), ("seats",))
_figure("seconder_on", ("seconded_by",), ("seats",))
_figure("seconded_by_caller", ("called_by", "seconded_by"))
_figure("window_days", ("opened", "closed"))
_figure("seconding_days", ("called", "seconded"))
_figure("publication_delay_days", ("closed", "published", "at"))
_figure("present_count", ("present",))
_figure("present_affiliations", ("present", "body"), ("seats", "affiliations"))
_figure("present_share", ("present", "body"), ("seats",))
_figure("candidate_count", ("candidates",))
_figure("seated_count", ("seated",))
_figure("passed_over", ("candidates", "seated"))
_figure(
    "passed_over_affiliation_seats",
    ("candidates", "seated", "replaces", "affiliation", "body"),
    ("seats", "weights", "affiliations"),
)
# An election's candidates carry their nominations and endorsements: the figures
# move with `candidates` as a whole, and with those parts of it.
_figure("endorsements", ("candidates", "endorsements"))
_figure("endorsers_on", ("candidates", "endorsements"), ("seats",))
_figure("nominations", ("candidates", "nominated_by"))
_figure("nominators_on", ("candidates", "nominated_by"), ("seats",))
_figure("nominators_not_on", ("candidates", "nominated_by"), ("seats",))
_figure("term_days", ("term_ends", "at"))
# A body's vacated terms are dates of the body (`dates`), as its members' term ends are.
_figure("fills_vacated_term", ("term_ends", "body"), ("dates",))
_figure("group", ("member", "to"), ("affiliations",))
_figure("moved_on", ("member", "to"), ("seats", "affiliations"))
_figure("days_since_joined", ("at", "body", "member"), ("seats", "dates"))

# Figures that count days, so the numbers compared with them are spans of days.
DAY_FIGURES = frozenset(
    {"window_days", "seconding_days", "publication_delay_days", "term_days", "days_since_joined"}
)
# A figure keyed by a body names the body it reads in its path.
KEYED_BY_BODY = frozenset(
    {"caller_on", "seconder_on", "endorsers_on", "nominators_on", "nominators_not_on", "moved_on"}
)

# before/after paths: figures of a body (`bodies.B.x` or the event's `body.x`).
BODY_FIGURE_FAMILIES: dict[str, tuple[str, ...]] = {
    "size": ("seats",),
    "seats": ("seats", "weights"),
    "members": ("seats",),
    "vacancies": ("seats",),
    "affiliations": ("seats", "affiliations"),
    "by_affiliation": ("seats", "weights", "affiliations"),
    "largest": ("seats", "weights", "affiliations"),
    "max_terms": ("seats", "terms"),
    "max_consecutive_terms": ("seats", "terms"),
    "appointed_since_election": ("appointed",),
    "removed_seated": ("seats", "removed"),
    "removed_seated_count": ("seats", "removed"),
    "last_election": ("elections",),
    "vacated_term_ends": ("dates",),
}
MEMBER_FIGURE_FAMILIES: dict[str, tuple[str, ...]] = {
    "name": ("seats",),
    "seats": ("seats", "weights"),
    "affiliation": ("seats", "affiliations"),
    "affiliation_seats": ("seats", "weights", "affiliations"),
    "terms": ("seats", "terms"),
    "consecutive_terms": ("seats", "terms"),
    "joined": ("seats", "dates"),
    "term_ends": ("seats", "dates"),
}
# Sections of the state that are not about a body, and the event fields that
# choose what a focused path (`project.x`, `pledge.x`, ...) reads.
SECTION_COMPONENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "steward": ("transition", ()),
    "transition": ("transition", ()),
    "parent": ("parent", ()),
    "organisations": ("organisations", ()),
    "organisation": ("organisations", ("organisation",)),
    "projects": ("projects", ()),
    "project": ("projects", ("project",)),
    "pledge": ("pledges", ("organisation", "pledge")),
    "asset": ("assets", ("asset",)),
    "policies": ("policies", ()),
    "pending": ("pending", ()),
}

_JOIN = {
    "body": ("seats", "weights", "terms", "dates"),
    # The affiliation given goes to the member named.
    "member": ("seats", "weights", "terms", "dates", "affiliations"),
    "seats": ("weights",),
    "affiliation": ("affiliations",),
    "at": ("dates",),
    "term_ends": ("dates",),
}
_ELECTION_SLATE = ("seats", "weights", "terms", "dates", "removed", "appointed", "elections")

# What each kind changes: for each field, the families (of the event's body, for
# body events; global otherwise) whose value after the event depends on it.
# Kinds that change nothing (a meeting, an obligation met) are absent.
CHANGES: dict[str, dict[str, tuple[str, ...]]] = {
    "member.joined": _JOIN,
    "member.appointed": {
        **{
            f: (*fams, "appointed") if f in ("body", "member") else fams
            for f, fams in _JOIN.items()
        },
        "method": ("appointed",),
    },
    "member.left": {
        "body": ("seats", "weights", "terms", "dates", "removed"),
        "member": ("seats", "weights", "terms", "dates", "removed"),
        # A short term is not counted, and a term left early is there to serve out.
        "at": ("terms", "dates"),
    },
    "member.seats_changed": {"body": ("weights",), "member": ("weights",), "seats": ("weights",)},
    "affiliation.changed": {"member": ("affiliations",), "to": ("affiliations",)},
    "election.held": {
        "body": (*_ELECTION_SLATE, "affiliations"),
        "candidates": (*_ELECTION_SLATE, "affiliations"),
        "seated": (*_ELECTION_SLATE, "affiliations"),
        "replaces": _ELECTION_SLATE,
        "affiliation": ("affiliations",),
        # Members replaced after a short term do not count it (`short_term_days`).
        "at": ("dates", "elections", "terms"),
        "term_ends": ("dates",),
    },
    "decision.proposed": {"topic": ("pending",)},
    "decision.made": {"topic": ("pending",), "outcome": ("removed",), "removes": ("removed",)},
    "transition.completed": {"to": ("transition",), "at": ("transition",)},
    "project.added": {"project": ("projects",), "licence": ("projects",)},
    "project.removed": {"project": ("projects",)},
    "licence.changed": {
        "project": ("projects",),
        "to": ("projects",),
        "open_source": ("projects",),
    },
    "licence.exception_granted": {"project": ("projects",)},
    "parent.changed": {"to": ("parent",), "nonprofit": ("parent",)},
    "asset.transferred": {"asset": ("assets",), "to": ("assets",), "asset_kind": ("assets",)},
    "organisation.joined": {"organisation": ("organisations",), "tier": ("organisations",)},
    "organisation.left": {"organisation": ("organisations",)},
    "organisation.tier_changed": {"organisation": ("organisations",), "tier": ("organisations",)},
    "pledge.changed": dict.fromkeys(("organisation", "pledge", "level", "ends"), ("pledges",)),
    "policy.changed": {"policy": ("policies",), "value": ("policies",)},
}
CHANGES["project.added"]["open_source"] = ("projects",)
# `removes` marks members of any body; a decision's own body is not the one changed.
GLOBAL_BODY_CHANGES = {"decision.made": ("removed",)}

# Fields whose possible values are read from the state: a member leaving must sit
# on the body, ballots name its members, a new affiliation may be an existing one.
FIELD_READS: dict[str, tuple[str, ...]] = {
    "member": ("seats",),
    "ballots": ("seats",),
    "present": ("seats",),
    "conflicted": ("seats",),
    "called_by": ("seats",),
    "seconded_by": ("seats",),
    "about": ("seats", "affiliations"),
    "removes": ("seats",),
    "nominated_by": ("seats",),
    "endorsements": ("seats",),
    "replaces": ("seats",),
    "affiliation": ("affiliations",),
    "to": ("affiliations",),
}
# What a kind's change reads besides the fields that make it: ending a term counts
# it only if it was long enough, so the terms a departure leaves depend on when
# the member joined.
CHANGE_READS: dict[str, dict[str, tuple[str, ...]]] = {
    "member.left": {"at": ("dates",), "body": ("dates",), "member": ("dates",)},
    "election.held": {"at": ("dates",), "replaces": ("dates",), "body": ("dates",)},
}
# Kinds that name something that must already exist, and what it is.
REQUIRES: dict[str, dict[str, tuple[str, ...]]] = {
    "member.left": {"member": ("seats",)},
    "member.seats_changed": {"member": ("seats",)},
    "obligation.met": {"member": ("seats",)},
    "project.changed": {"project": ("projects",)},
    "project.removed": {"project": ("projects",)},
    "licence.changed": {"project": ("projects",)},
    "licence.exception_granted": {"project": ("projects",)},
    "organisation.left": {"organisation": ("organisations",)},
    "organisation.tier_changed": {"organisation": ("organisations",)},
    "asset.transferred": {"asset": ("assets",)},
}
KIND_FIELDS: dict[str, frozenset[str]] = {
    kind: frozenset(f.alias or n for n, f in model.model_fields.items())
    for kind, model in EVENT_KINDS.items()
}
# An election's candidates carry these as fields of their own.
KIND_FIELDS["election.held"] |= {"affiliation", "nominated_by", "endorsements"}


@dataclass(frozen=True)
class Needs:
    """What a condition's verdict depends on, for one pack's declarations."""

    kinds: frozenset[str]  # kinds of event the condition may hold on
    bodies: frozenset[str]  # bodies such an event may be about
    fields: frozenset[str]  # event fields that may move the verdict of the last event
    components: frozenset[str]  # parts of the state that may move it
    dated: bool  # whether the dates of events matter

    def changes(self, kind: str, body: str | None) -> frozenset[str]:
        """The fields of a ``kind`` event (on ``body``) that change a component that matters."""
        return frozenset(
            name
            for name, families in CHANGES.get(kind, {}).items()
            if any(c in self.components for c in _scoped(kind, families, body, self.components))
        )


def _scoped(
    kind: str, families: Iterable[str], body: str | None, components: Iterable[str]
) -> set[str]:
    """Families as components: of the event's body, or of every body for `removes`."""
    out = set()
    for fam in families:
        if fam not in BODY_FAMILIES:
            out.add(fam)
        elif kind in GLOBAL_BODY_CHANGES and fam in GLOBAL_BODY_CHANGES[kind]:
            out |= {c for c in components if c.startswith(f"{fam}:")}
        elif body is not None:
            out.add(f"{fam}:{body}")
    return out


def state_components(path: str, event_bodies: Iterable[str]) -> tuple[set[str], set[str]]:
    """The components a ``before.*``/``after.*`` path reads, and the event fields that
    focus it (``body.*`` reads the event's body, one of ``event_bodies``)."""
    parts = path.split(".")[1:]
    if not parts:
        return set(), set()
    head = parts[0]
    if head == "bodies" and len(parts) >= 3:
        families = BODY_FIGURE_FAMILIES.get(parts[2], ("seats",))
        return _as_components(families, [parts[1]]), set()
    if head in ("body", "member") and len(parts) >= 2:
        table = BODY_FIGURE_FAMILIES if head == "body" else MEMBER_FIGURE_FAMILIES
        families = table.get(parts[1], ("seats",))
        focused = {"body"} | ({"member"} if head == "member" else set())
        return _as_components(families, event_bodies), focused
    section = SECTION_COMPONENTS.get(head)
    if section is None:
        return set(), set()
    return {section[0]}, set(section[1])


def event_needs(path: str, event_bodies: Iterable[str]) -> tuple[set[str], set[str]]:
    """The fields an ``event.*`` path is read from, and the components it reads."""
    rest = path.split(".", 1)[1] if "." in path else ""
    head = rest.split(".", 1)[0]
    if head in KEYED_BY_BODY:
        fields, families = FIGURE_NEEDS[head]
        return set(fields), _as_components(families, [rest.partition(".")[2]])
    for name in (rest, head):
        if name in FIGURE_NEEDS:
            fields, families = FIGURE_NEEDS[name]
            return set(fields), _as_components(families, event_bodies)
    return ({head} if head and head != "kind" else set()), set()


def _paths(condition: Condition) -> set[str]:
    return {
        v.path
        for test in tests_of(condition)
        for side in (test.left, test.right)
        for v in values_of(side)
        if isinstance(v, Path)
    }


def _family(component: str) -> str:
    return component.partition(":")[0]


def _as_components(families: Iterable[str], bodies: Iterable[str]) -> set[str]:
    bodies = list(bodies)
    return {f"{f}:{b}" if f in BODY_FAMILIES else f for f in families for b in bodies} | {
        f for f in families if f not in BODY_FAMILIES
    }


def needs_of(
    condition: Condition,
    decl: Declarations,
    may_hold: Callable[[str, str | None], bool],
) -> Needs:
    """What ``condition`` depends on. ``may_hold(kind, body)`` says whether it may hold
    on an event of that kind (about that body, or None for kinds without one)."""
    kinds = frozenset(k for k in EVENT_KINDS if may_hold(k, None))
    bodies = frozenset(
        b for k in kinds if "body" in KIND_FIELDS[k] for b in decl.bodies if may_hold(k, b)
    )
    fields: set[str] = {"body"} if bodies else set()
    components: set[str] = set()
    for path in _paths(condition):
        f: set[str]
        c: set[str]
        if path.startswith("event."):
            f, c = event_needs(path, bodies)
        elif path.startswith(("before.", "after.")):
            c, f = state_components(path, bodies)
            if path.startswith("after."):
                # What the last event changes there is read too.
                families = {_family(x) for x in c}
                for kind in kinds:
                    f |= {n for n, fams in CHANGES.get(kind, {}).items() if families & set(fams)}
        else:
            f, c = set(), set()
        fields |= f
        components |= c
    for kind in kinds:
        for name, required in REQUIRES.get(kind, {}).items():
            fields.add(name)
            components |= _as_components(required, bodies)
    # Close: a component some field's values are read from must be known to tell
    # states apart, and the events that change it are then steps of the search.
    while True:
        size = len(components)
        needs = Needs(kinds, bodies, frozenset(fields), frozenset(components), False)
        varied = set(fields)
        for kind in CHANGES:
            for body in decl.bodies if "body" in KIND_FIELDS[kind] else [None]:
                changed = needs.changes(kind, body)
                varied |= changed
                for name in changed & set(CHANGE_READS.get(kind, {})):
                    read = CHANGE_READS[kind][name]
                    components |= _as_components(read, [body] if body else decl.bodies)
        for name in varied:
            components |= _as_components(FIELD_READS.get(name, ()), bodies or decl.bodies)
        if len(components) == size:
            break
    dated = "at" in fields or bool({_family(c) for c in components} & {"dates", "elections"})
    if dated:
        fields.add("at")
    return Needs(kinds, bodies, frozenset(fields), frozenset(components), dated)


def counts_days(path: str) -> bool:
    """Whether a path holds a number of days (a figure of the event)."""
    return path.startswith("event.") and path.rsplit(".", maxsplit=1)[-1] in DAY_FIGURES
