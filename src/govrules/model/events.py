"""The event catalogue: the governance events a scenario may propose.

The catalogue is closed and typed, and generic: it names no body, topic or
organisation of any pack. Fields marked with :class:`Vocab` take a value the
pack declares (a body, a topic, an area, ...); they are checked against the
pack when a scenario is read (:func:`govrules.model.vocabulary.event_problems`),
and the scenario JSON Schema lists the pack's values for them. Every event has
a date (``at``) and may have an ``id``, a ``note`` and an ``ignore``: rules
whose findings on this event are suppressed, each with the reason (reports
list them as suppressed; rules never read it).
"""

# No `from __future__ import annotations`: pydantic would then rebuild every
# field's type from its text when the models are made, about 3% of a cold check.

from typing import Annotated, Any, Literal, Self, cast

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from govrules.model.declarations import Vocab
from govrules.model.types import Count, Flag, IsoDate, Label, LongText

BodyName = Annotated[str, Vocab("bodies"), Field(min_length=1, description="a declared body")]
Topic = Annotated[str, Vocab("topics"), Field(min_length=1, description="a declared topic")]
Area = Annotated[str, Vocab("areas"), Field(min_length=1, description="a declared area")]
Seats = Annotated[Count, Field(ge=1, le=100_000)]
Ballot = Literal["yes", "no", "abstain"]
Names = Annotated[list[Label], Field(max_length=10_000)]


class Ignore(BaseModel):
    """A rule whose finding on this event is accepted, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str = Field(min_length=1, max_length=100, description="the id of a rule of the pack")
    reason: LongText = Field(description="why the finding is accepted (required)")

    @field_validator("reason")
    @classmethod
    def _reason_said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an ignore needs a `reason`: say why the finding is accepted")
        return value


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: IsoDate = Field(description="the date the event takes effect (YYYY-MM-DD)")
    id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
        max_length=200,
        description="an identifier to name the event in reports",
    )
    note: LongText | None = Field(default=None, description="free text, shown in reports")
    ignore: list[Ignore] | None = Field(
        default=None,
        max_length=100,
        description="rules whose findings on this event are suppressed, each with its reason",
    )


# -- members of bodies ---------------------------------------------------------


class MemberJoined(_Event):
    """A person or organisation joins a body."""

    kind: Literal["member.joined"]
    body: BodyName
    member: Label = Field(description="the person or organisation joining")
    affiliation: Label | None = Field(
        default=None, description="the member's employer or parent (an individual's, if known)"
    )
    seats: Seats = Field(default=1, description="seats or votes the member holds")
    term_ends: IsoDate | None = Field(default=None, description="when the member's term ends")


class MemberAppointed(_Event):
    """A member is appointed to a body (to fill a vacancy, by a declared method)."""

    kind: Literal["member.appointed"]
    body: BodyName
    member: Label
    affiliation: Label | None = None
    method: Annotated[str, Vocab("appointment_methods")] = Field(
        description="how the member was chosen (a declared appointment method)"
    )
    seats: Seats = 1
    term_ends: IsoDate | None = None


class MemberLeft(_Event):
    """A member leaves a body."""

    kind: Literal["member.left"]
    body: BodyName
    member: Label
    reason: Literal["resigned", "removed", "term-ended", "other"] = Field(
        default="resigned", description="why the member leaves"
    )


class SeatsChanged(_Event):
    """A member's number of seats or votes changes."""

    kind: Literal["member.seats_changed"]
    body: BodyName
    member: Label
    seats: Seats = Field(description="the member's seats after the change")


class AffiliationChanged(_Event):
    """A person changes employer, or an organisation changes parent (in every body)."""

    kind: Literal["affiliation.changed"]
    member: Label
    to: Label | None = Field(default=None, description="the new affiliation; none: independent")


class ObligationMet(_Event):
    """A member reports that a declared obligation is met (a training, a disclosure)."""

    kind: Literal["obligation.met"]
    body: BodyName
    member: Label
    obligation: Annotated[str, Vocab("obligations")]


# -- elections, meetings and decisions ---------------------------------------


class Endorsement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    by: Label = Field(description="who endorses")
    affiliation: Label | None = Field(default=None, description="the endorser's employer")


class Candidate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Label
    affiliation: Label | None = None
    nominated_by: Label | None = None
    endorsements: list[Endorsement] | None = Field(
        default=None, max_length=10_000, description="who endorsed the candidate, if recorded"
    )


class ElectionHeld(_Event):
    """An election for open seats: candidates in rank order, and who is seated."""

    kind: Literal["election.held"]
    body: BodyName
    seats: Seats = Field(description="the number of open seats")
    candidates: list[Candidate] = Field(
        min_length=1, max_length=10_000, description="the candidates, best ranked first"
    )
    seated: Names = Field(description="the candidates who take a seat")
    replaces: Names = Field(
        default_factory=list, description="members whose seats were up and who leave"
    )
    term_ends: IsoDate | None = None

    @model_validator(mode="after")
    def _seated_are_candidates(self) -> Self:
        names = [c.name for c in self.candidates]
        if len(set(names)) != len(names):
            raise ValueError("a candidate is listed twice")
        unknown = [n for n in self.seated if n not in names]
        if unknown:
            raise ValueError(f"seated `{unknown[0]}` is not among the candidates")
        if len(set(self.seated)) != len(self.seated):
            raise ValueError("a candidate is seated twice")
        return self


class MeetingHeld(_Event):
    """A meeting of a body: who was present, in public or not, and its minutes."""

    kind: Literal["meeting.held"]
    body: BodyName
    present: Names = Field(description="the members present")
    public: Flag = Field(description="whether the meeting was open to the public")
    published: IsoDate | None = Field(default=None, description="when minutes were published")


class Counts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    yes: Annotated[Count, Field(ge=0, le=10_000_000)]
    no: Annotated[Count, Field(ge=0, le=10_000_000)]
    abstain: Annotated[Count, Field(ge=0, le=10_000_000)] = 0


class DecisionProposed(_Event):
    """A decision is called for (a vote opens); it is pending until decided."""

    kind: Literal["decision.proposed"]
    body: BodyName
    topic: Topic
    subject: LongText | None = None
    about: Label | None = Field(default=None, description="the person or body it concerns")
    public: Flag | None = Field(default=None, description="whether the call was made in public")
    called_by: Label | None = Field(default=None, description="who called for the decision")
    seconded_by: Label | None = Field(default=None, description="who seconded the call")


class DecisionMade(_Event):
    """A body decides (by vote, by consent, in a meeting or not) on a declared topic."""

    kind: Literal["decision.made"]
    body: BodyName
    topic: Topic
    subject: LongText | None = Field(default=None, description="what was decided")
    about: Label | None = Field(default=None, description="the person or body it concerns")
    outcome: Literal["passed", "failed"] = "passed"
    ballots: dict[Label, Ballot] | None = Field(
        default=None, description="each member's vote: yes, no or abstain"
    )
    counts: Counts | None = Field(default=None, description="the votes when not named")
    mode: Literal["meeting", "async"] | None = Field(
        default=None, description="decided in a meeting or asynchronously"
    )
    present: Names = Field(default_factory=list, description="the members present or taking part")
    public: Flag = Field(description="whether deliberations and the vote were held in public")
    published: IsoDate | None = Field(
        default=None, description="when results or minutes were published"
    )
    called: IsoDate | None = Field(default=None, description="when the decision was called for")
    seconded: IsoDate | None = Field(default=None, description="when the call was seconded")
    opened: IsoDate | None = Field(default=None, description="when the vote opened")
    closed: IsoDate | None = Field(default=None, description="when the vote closed")
    approvals: Names = Field(default_factory=list, description="outside parties that approved")
    vetoed_by: Names = Field(default_factory=list, description="parties that vetoed it")
    called_by: Label | None = Field(default=None, description="who called for the decision")
    seconded_by: Label | None = Field(default=None, description="who seconded the call")
    conflicted: Names = Field(
        default_factory=list, description="members with a conflict of interest in it"
    )
    removes: Names = Field(
        default_factory=list,
        description="people the decision removes, if it passes (from every body they sit on)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ballots is not None and self.counts is not None:
            tally = {v: sum(1 for b in self.ballots.values() if b == v) for v in ("yes", "no")}
            tally["abstain"] = sum(1 for b in self.ballots.values() if b == "abstain")
            given = self.counts.model_dump()
            if tally != given:
                raise ValueError(
                    f"ballots ({tally['yes']} yes, {tally['no']} no, {tally['abstain']} abstain)"
                    f" and counts ({given['yes']} yes, {given['no']} no,"
                    f" {given['abstain']} abstain) disagree"
                )
        if self.opened and self.closed and self.closed < self.opened:
            raise ValueError("the vote closes before it opens")
        if self.called and self.seconded and self.seconded < self.called:
            raise ValueError("the call is seconded before it is made")
        return self


# -- the steward, its projects and its parent ----------------------------------


class TransitionCompleted(_Event):
    """The move to the steward takes place, with whatever it changes itself."""

    kind: Literal["transition.completed"]
    to: Label | None = Field(default=None, description="the new steward (default: the pack's)")
    changes: Annotated[list[Area], Field(max_length=100)] = Field(
        default_factory=list, description="what the transition itself changes"
    )


class ProjectChanged(_Event):
    """A change to a project in a declared area, and whether a transition causes it."""

    kind: Literal["project.changed"]
    project: Label | None = Field(default=None, description="default: the only project")
    area: Area
    caused_by_transition: Flag = Field(
        default=False, description="whether the transition itself is the reason for the change"
    )
    description: LongText | None = None


class ProjectAdded(_Event):
    """The steward takes on a project."""

    kind: Literal["project.added"]
    project: Label
    licence: Label
    open_source: Flag


class ProjectRemoved(_Event):
    """A project leaves the steward."""

    kind: Literal["project.removed"]
    project: Label


class LicenceChanged(_Event):
    """A project's licence changes."""

    kind: Literal["licence.changed"]
    project: Label | None = Field(default=None, description="default: the only project")
    to: Label = Field(description="the new licence (an SPDX id where there is one)")
    open_source: Flag = Field(description="whether the new licence is an open-source licence")


class LicenceExceptionGranted(_Event):
    """A part of a project may be under another licence than the project's."""

    kind: Literal["licence.exception_granted"]
    project: Label | None = None
    component: Label
    licence: Label
    approved_by: Names = Field(default_factory=list)


class ParentChanged(_Event):
    """The steward moves under another parent organisation."""

    kind: Literal["parent.changed"]
    to: Label
    nonprofit: Flag


class AssetTransferred(_Event):
    """An asset (trademark, domain, repository organisation) changes hands."""

    kind: Literal["asset.transferred"]
    asset: Label
    to: Label = Field(description="the new holder")
    asset_kind: Annotated[str, Vocab("asset_kinds")] | None = Field(
        default=None, description="needed for an asset the state does not know yet"
    )


# -- organisations, pledges and policies ---------------------------------------


class OrganisationJoined(_Event):
    """An organisation becomes a member of the foundation, in a tier."""

    kind: Literal["organisation.joined"]
    organisation: Label
    tier: Annotated[str, Vocab("tiers")]


class OrganisationLeft(_Event):
    kind: Literal["organisation.left"]
    organisation: Label


class TierChanged(_Event):
    kind: Literal["organisation.tier_changed"]
    organisation: Label
    tier: Annotated[str, Vocab("tiers")]


class PledgeChanged(_Event):
    """An organisation changes a pledge (investment, adoption, contribution)."""

    kind: Literal["pledge.changed"]
    organisation: Label
    pledge: Annotated[str, Vocab("pledges")]
    level: Annotated[str, Vocab("levels")]
    ends: IsoDate | None = Field(default=None, description="when the pledge ends, if it does")


class PolicyChanged(_Event):
    """A declared policy (for example the contribution policy) takes another value."""

    kind: Literal["policy.changed"]
    policy: Annotated[str, Vocab("policies")]
    value: Annotated[str, Vocab("values")]


EVENT_MODELS: tuple[type[_Event], ...] = (
    MemberJoined,
    MemberAppointed,
    MemberLeft,
    SeatsChanged,
    AffiliationChanged,
    ObligationMet,
    ElectionHeld,
    MeetingHeld,
    DecisionProposed,
    DecisionMade,
    TransitionCompleted,
    ProjectChanged,
    ProjectAdded,
    ProjectRemoved,
    LicenceChanged,
    LicenceExceptionGranted,
    ParentChanged,
    AssetTransferred,
    OrganisationJoined,
    OrganisationLeft,
    TierChanged,
    PledgeChanged,
    PolicyChanged,
)

Event = Annotated[
    MemberJoined
    | MemberAppointed
    | MemberLeft
    | SeatsChanged
    | AffiliationChanged
    | ObligationMet
    | ElectionHeld
    | MeetingHeld
    | DecisionProposed
    | DecisionMade
    | TransitionCompleted
    | ProjectChanged
    | ProjectAdded
    | ProjectRemoved
    | LicenceChanged
    | LicenceExceptionGranted
    | ParentChanged
    | AssetTransferred
    | OrganisationJoined
    | OrganisationLeft
    | TierChanged
    | PledgeChanged
    | PolicyChanged,
    Field(discriminator="kind"),
]

EVENT_KINDS: dict[str, type[_Event]] = {
    m.model_fields["kind"].annotation.__args__[0]: m  # type: ignore[union-attr]
    for m in EVENT_MODELS
}


class _Lazy:
    """A TypeAdapter built on first use: building validators costs a tenth of a
    cold start, and `govrules --version` needs none."""

    def __init__(self, build: Any) -> None:
        self._build = build
        self._adapter: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._adapter is None:
            self._adapter = self._build()
        return getattr(self._adapter, name)


EVENT_ADAPTER: TypeAdapter[Event] = cast("TypeAdapter[Event]", _Lazy(lambda: TypeAdapter(Event)))


def event_to_data(event: _Event) -> dict[str, Any]:
    """The event as plain data, as a scenario file would hold it (defaults left out)."""
    data = event.model_dump(mode="json", exclude_none=True, exclude_defaults=True, by_alias=True)
    # Put kind and date first: that is how people read and write them.
    return {"kind": event.kind, "at": data.pop("at")} | data  # type: ignore[attr-defined]
