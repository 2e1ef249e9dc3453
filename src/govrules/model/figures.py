"""Figures derived from an event, as rules read them under ``event.*``.

An event's own fields are read as written; these are computed from the event
and the state it meets: the tallies and shares of a decision, the lengths of
its windows in days, what an election's candidates and endorsements show.
A figure that cannot be computed (a share of no votes, a window without its
dates) is left out, so a rule reading it does not fire. :data:`EVENT_FIGURES`
documents each one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from govrules.model.events import (
    AffiliationChanged,
    DecisionMade,
    DecisionProposed,
    ElectionHeld,
    MeetingHeld,
    MemberAppointed,
    MemberJoined,
)
from govrules.model.state import State, affiliated_with, group_of
from govrules.model.valuetypes import BOOL, NUMBER, TEXT, TEXTS, PathDoc, ValueType


def days(start: dt.date | None, end: dt.date | None) -> int | None:
    """Days from ``start`` to ``end`` (negative when ``end`` comes first)."""
    return None if start is None or end is None else (end - start).days


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole > 0 else None


def _put(out: dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        out[name] = value


def decision_figures(
    event: DecisionMade, state: State, wanted: Collection[str] | None = None
) -> dict[str, Any]:
    body = state.bodies.get(event.body)
    size = len(body.members) if body is not None else 0
    out: dict[str, Any] = {}
    votes: dict[str, Any] = {}
    wanted = FIGURE_KEYS if wanted is None else wanted  # every figure, by default
    tally = "votes" in wanted
    if tally and (event.ballots is not None or event.counts is not None):
        if event.ballots is not None:
            ballots = event.ballots
            yes = sum(1 for b in ballots.values() if b == "yes")
            no = sum(1 for b in ballots.values() if b == "no")
            abstain = len(ballots) - yes - no
        else:
            assert event.counts is not None
            yes, no, abstain = event.counts.yes, event.counts.no, event.counts.abstain
        votes |= {"yes": yes, "no": no, "abstain": abstain, "cast": yes + no}
        votes["voted"] = yes + no + abstain
        _put(votes, "share_of_cast", _share(yes, yes + no))
        if size:
            # Ballots name who took part; counts leave the rest of the body silent.
            votes["silent"] = max(0, size - votes["voted"])
            votes["not_yes"] = max(0, size - yes)
            _put(votes, "share_of_members", _share(yes, size))
            _put(votes, "share_of_non_abstaining", _share(yes, size - abstain))
            votes["abstain_share"] = abstain / size
        if event.ballots is not None:
            votes |= _ballot_figures(event, state, size)
    if tally and event.conflicted and size:
        votes["conflicted_share"] = len(set(event.conflicted)) / size
    if votes:
        out["votes"] = votes
    # Only what is wanted: a decision is the commonest event of a long stream.
    if "caller_on" in wanted or "seconder_on" in wanted or "seconded_by_caller" in wanted:
        out |= call_figures(event, state)
    if "window_days" in wanted:
        _put(out, "window_days", days(event.opened, event.closed))
    if "seconding_days" in wanted:
        _put(out, "seconding_days", days(event.called, event.seconded))
    if "publication_delay_days" in wanted:
        _put(out, "publication_delay_days", days(event.closed or event.at, event.published))
    if "present_count" in wanted or "present_affiliations" in wanted or "present_share" in wanted:
        out |= _presence(event.present, state, size)
    return out


def call_figures(event: DecisionMade | DecisionProposed, state: State) -> dict[str, Any]:
    """Who called and seconded: whether each sits on each body, and whether they are one."""
    out: dict[str, Any] = {}
    for role, name in (("caller_on", event.called_by), ("seconder_on", event.seconded_by)):
        if name is not None:
            out[role] = {
                b: name in body.members for b, body in state.bodies.items() if body.members
            }
    if event.called_by is not None and event.seconded_by is not None:
        out["seconded_by_caller"] = event.called_by == event.seconded_by
    return out


def _ballot_figures(event: DecisionMade, state: State, size: int) -> dict[str, Any]:
    assert event.ballots is not None
    yes_by: dict[str, int] = {}
    groups: set[str] = set()
    ballots = event.ballots
    for ballot, group in zip(ballots.values(), state.groups(ballots), strict=True):
        groups.add(group)
        if ballot == "yes":
            yes_by[group] = yes_by.get(group, 0) + 1
    yes = sum(yes_by.values())
    largest = max(yes_by.values(), default=0)
    out: dict[str, Any] = {
        "affiliations": len(groups),
        "yes_by_affiliation": dict(sorted(yes_by.items())),
        "largest_affiliation_yes": largest,
    }
    _put(out, "largest_affiliation_yes_share", _share(largest, yes))
    if event.conflicted:
        out["conflicted_voting"] = sum(
            1 for m in event.conflicted if event.ballots.get(m) in ("yes", "no")
        )
    if event.about is not None:
        about = event.about
        out["involved_voting"] = sum(
            1
            for member, ballot in event.ballots.items()
            if ballot != "abstain" and affiliated_with(member, about, state.affiliations)
        )
    body = state.bodies.get(event.body)
    cap = body.decl.affiliation_vote_cap if body is not None else None
    if cap is not None:
        no = sum(1 for b in event.ballots.values() if b == "no")
        capped = sum(min(cap, n) for n in yes_by.values())
        out["capped_yes"] = capped
        _put(out, "capped_share_of_cast", _share(capped, capped + no))
    return out


def _presence(present: list[str], state: State, size: int) -> dict[str, Any]:
    if not present:
        return {}
    names = set(present)
    out: dict[str, Any] = {
        "present_count": len(names),
        "present_affiliations": len(set(state.groups(names))),
    }
    _put(out, "present_share", _share(len(names), size))
    return out


def meeting_figures(event: MeetingHeld, state: State) -> dict[str, Any]:
    body = state.bodies.get(event.body)
    out = _presence(event.present, state, len(body.members) if body else 0)
    _put(out, "publication_delay_days", days(event.at, event.published))
    return out


def election_figures(event: ElectionHeld, state: State) -> dict[str, Any]:
    seated = set(event.seated)
    out: dict[str, Any] = {"candidate_count": len(event.candidates), "seated_count": len(seated)}
    ranks = [i for i, c in enumerate(event.candidates) if c.name in seated]
    lowest = max(ranks, default=-1)
    out["passed_over"] = sum(1 for c in event.candidates[:lowest] if c.name not in seated)
    _put(out, "passed_over_affiliation_seats", _passed_over_seats(event, state, lowest))
    endorsed = [c for c in event.candidates if c.endorsements is not None]
    if endorsed:
        counts = {
            c.name: (
                len({e.by for e in c.endorsements or ()}),
                len({e.affiliation or e.by for e in c.endorsements or ()}),
            )
            for c in endorsed
        }
        fewest = min(n for _, n in counts.values())
        out["endorsements"] = {
            "fewest_endorsers": min(n for n, _ in counts.values()),
            "fewest_employers": fewest,
            "weakest": [name for name, (_, n) in counts.items() if n == fewest],
        }
        on: dict[str, int] = {}
        for body_id, body in state.bodies.items():
            on[body_id] = sum(
                1
                for c in endorsed
                for e in c.endorsements or ()
                if e.by in body.members and e.by != c.name
            )
        out["endorsers_on"] = on
    out["nominations"] = {
        "missing": sum(1 for c in event.candidates if c.nominated_by is None),
        "self": sum(1 for c in event.candidates if c.nominated_by == c.name),
    }
    out["nominators_on"] = {
        body_id: sum(
            1
            for c in event.candidates
            if c.nominated_by in body.members and c.nominated_by != c.name
        )
        for body_id, body in state.bodies.items()
    }
    out["nominators_not_on"] = {
        body_id: sum(
            1
            for c in event.candidates
            if c.nominated_by is not None
            and c.nominated_by != c.name
            and c.nominated_by not in body.members
        )
        for body_id, body in state.bodies.items()
        if body.members
    }
    _put(out, "term_days", days(event.at, event.term_ends))
    return out


def _passed_over_seats(event: ElectionHeld, state: State, lowest: int) -> int | None:
    """The fewest seats held, when a candidate was passed over, by the candidate's
    affiliation: by members staying on and by seated candidates ranked above them."""
    body = state.bodies.get(event.body)
    if body is None:
        return None
    known = {c.name: c.affiliation for c in event.candidates if c.affiliation is not None}
    affiliations = {**state.affiliations, **known}
    held: dict[str, int] = {}
    for name, seat in body.members.items():
        if name not in event.replaces:
            group = group_of(name, affiliations)
            held[group] = held.get(group, 0) + seat.seats
    fewest: int | None = None
    for candidate in event.candidates[:lowest]:
        group = group_of(candidate.name, affiliations)
        if candidate.name in event.seated:
            held[group] = held.get(group, 0) + 1
        else:
            count = held.get(group, 0)
            fewest = count if fewest is None else min(fewest, count)
    return fewest


def affiliation_figures(event: AffiliationChanged, state: State) -> dict[str, Any]:
    """Where a change of affiliation leaves the member and whom on each body it moves."""
    after = {**state.affiliations, event.member: event.to}
    moved = {
        body_id: sum(
            1
            for name in body.members
            if group_of(name, state.affiliations) != group_of(name, after)
        )
        for body_id, body in state.bodies.items()
    }
    return {"group": group_of(event.member, after), "moved_on": moved}


# The event kinds that have derived figures.
FIGURED = frozenset(
    {
        "decision.made",
        "decision.proposed",
        "affiliation.changed",
        "election.held",
        "meeting.held",
        "member.joined",
        "member.appointed",
        "obligation.met",
    }
)


def seating_figures(event: MemberJoined | MemberAppointed, state: State) -> dict[str, Any]:
    """A seating's term: its length, and whether it serves out a vacated term."""
    out: dict[str, Any] = {}
    _put(out, "term_days", days(event.at, event.term_ends))
    body = state.bodies.get(event.body)
    if event.term_ends is not None and body is not None and body.vacated:
        out["fills_vacated_term"] = event.term_ends.isoformat() in body.vacated
    return out


def event_figures(
    event: Any, state: State, wanted: Collection[str] | None = None
) -> dict[str, Any]:
    """The derived figures of ``event`` in the state it meets.

    ``wanted`` names the figures (their first part: ``votes``, ``window_days``,
    ...) a reader needs; the costly ones are left out when not wanted.
    """
    kind = event.kind
    if kind == "decision.made":
        return decision_figures(event, state, wanted)
    if kind == "election.held":
        return election_figures(event, state)
    if kind == "meeting.held":
        return meeting_figures(event, state)
    if kind == "decision.proposed":
        return call_figures(event, state)
    if kind in ("member.joined", "member.appointed"):
        return seating_figures(event, state)
    if kind == "affiliation.changed":
        return affiliation_figures(event, state)
    if kind == "obligation.met":
        body = state.bodies.get(event.body)
        seat = body.members.get(event.member) if body else None
        if seat is not None and seat.joined:
            return {"days_since_joined": days(dt.date.fromisoformat(seat.joined), event.at)}
    return {}


def _vote(name: str, meaning: str) -> PathDoc:
    return PathDoc(f"votes.{name}", NUMBER, meaning)


EVENT_FIGURES: tuple[PathDoc, ...] = (
    _vote("yes", "yes votes (from ballots or counts)"),
    _vote("no", "no votes"),
    _vote("abstain", "explicit abstentions"),
    _vote("cast", "yes and no votes"),
    _vote("voted", "members who voted or abstained"),
    _vote(
        "silent",
        "members of the body who neither voted nor abstained: with no ballot, or beyond the counts",
    ),
    _vote("not_yes", "members of the body who did not vote yes"),
    _vote("share_of_cast", "yes over votes cast"),
    _vote("share_of_members", "yes over the body's members"),
    _vote("share_of_non_abstaining", "yes over the members who did not abstain"),
    _vote("abstain_share", "abstentions over the body's members"),
    _vote("affiliations", "distinct affiliations among those with a ballot"),
    PathDoc(
        "votes.yes_by_affiliation", ValueType("map", item="number"), "yes votes per affiliation"
    ),
    _vote("largest_affiliation_yes", "yes votes of the affiliation with most"),
    _vote("largest_affiliation_yes_share", "that count over all yes votes"),
    _vote("capped_yes", "yes votes counting at most the body's cap per affiliation"),
    _vote("capped_share_of_cast", "capped yes over capped yes and no"),
    _vote("conflicted_voting", "members with a conflict of interest who voted yes or no (ballots)"),
    _vote("conflicted_share", "members with a conflict of interest over the body's members"),
    _vote(
        "involved_voting",
        "members who are `about`, or whose affiliation is it or part of it (a subsidiary of it),"
        " who voted yes or no (ballots)",
    ),
    PathDoc("caller_on.{body}", BOOL, "whether `called_by` sits on the body (bodies with members)"),
    PathDoc("seconder_on.{body}", BOOL, "whether `seconded_by` sits on the body"),
    PathDoc("seconded_by_caller", BOOL, "whether the call was seconded by its caller"),
    PathDoc("window_days", NUMBER, "days from `opened` to `closed`"),
    PathDoc("seconding_days", NUMBER, "days from `called` to `seconded`"),
    PathDoc(
        "publication_delay_days", NUMBER, "days from the close (or the meeting) to `published`"
    ),
    PathDoc("present_count", NUMBER, "members present"),
    PathDoc("present_affiliations", NUMBER, "distinct affiliations among them"),
    PathDoc("present_share", NUMBER, "members present over the body's members"),
    PathDoc("candidate_count", NUMBER, "candidates in an election"),
    PathDoc("seated_count", NUMBER, "candidates seated"),
    PathDoc("passed_over", NUMBER, "candidates ranked above the lowest seated one but not seated"),
    PathDoc(
        "passed_over_affiliation_seats",
        NUMBER,
        "the fewest seats a passed-over candidate's affiliation held when they were passed over"
        " (members staying on and seated candidates ranked above them)",
    ),
    PathDoc(
        "endorsements.fewest_endorsers", NUMBER, "the fewest distinct endorsers of a candidate"
    ),
    PathDoc(
        "endorsements.fewest_employers",
        NUMBER,
        "the fewest distinct employers among a candidate's endorsers",
    ),
    PathDoc("endorsements.weakest", TEXTS, "the candidates with that fewest"),
    PathDoc(
        "endorsers_on.{body}",
        NUMBER,
        "endorsements given by sitting members of the body (not of themselves)",
    ),
    PathDoc("nominations.missing", NUMBER, "candidates nobody is recorded to have nominated"),
    PathDoc("nominations.self", NUMBER, "candidates who nominated themselves"),
    PathDoc(
        "nominators_on.{body}",
        NUMBER,
        "candidates nominated by a sitting member of the body (not themselves)",
    ),
    PathDoc(
        "nominators_not_on.{body}",
        NUMBER,
        "candidates nominated by someone who does not sit on the body (not by themselves;"
        " bodies with members)",
    ),
    PathDoc("term_days", NUMBER, "days from the event to `term_ends`"),
    PathDoc(
        "fills_vacated_term",
        BOOL,
        "whether `term_ends` ends a term a member left early (`vacated_term_ends`; none: left out)",
    ),
    PathDoc(
        "group",
        TEXT,
        "the group the member counts in after the change (the new affiliation's topmost parent)",
    ),
    PathDoc(
        "moved_on.{body}",
        NUMBER,
        "members of the body whose group the change of affiliation changes",
    ),
    PathDoc("days_since_joined", NUMBER, "days from the member joining the body to the event"),
)


# The first part of every figure's path (what ``wanted`` names).
FIGURE_KEYS = frozenset(doc.template.split(".")[0] for doc in EVENT_FIGURES)
