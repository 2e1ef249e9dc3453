"""Facts: typed assertions read from a pack's source texts, each with quoted evidence.

A fact says one thing a source says, in a typed form, and carries the words
that say it. The kinds are a closed set (a discriminated union on ``kind``);
each refuses fields it does not know. Some kinds describe the starting point
(members of bodies, the transfer, the parent, projects, assets, pledges,
policies) and build the initial state (:mod:`govrules.model.initial`); none is
required. Every quote names its source and, once recorded, its span there.
"""

# No `from __future__ import annotations`: pydantic would then rebuild every
# field's type from its text when the models are made, about 3% of a cold check.

from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from govrules.model.declarations import Name, Vocab
from govrules.model.types import Count, Flag, IsoDate

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class Modality(StrEnum):
    """How the source holds a statement: a report, a promise, a duty, a permission, an aim."""

    STATES = "states"
    WILL = "will"
    WILL_NOT = "will not"
    MUST = "must"
    MUST_NOT = "must not"
    SHALL = "shall"
    SHALL_NOT = "shall not"
    SHOULD = "should"
    SHOULD_NOT = "should not"
    MAY = "may"
    MAY_NOT = "may not"
    INTENDS = "intends"


class Evidence(BaseModel):
    """A verbatim quote, the source it comes from, and where it stands there.

    ``start`` and ``end`` are 0-based character offsets (end exclusive) and
    ``line`` is 1-based; ``govrules sources record`` fills them in, and loading
    checks them against the text wherever the text is at hand.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: Name | None = Field(
        default=None, description="the id of the source (may be left out when the pack has one)"
    )
    quote: str = Field(min_length=1, max_length=5000)
    start: Count | None = Field(default=None, ge=0)
    end: Count | None = Field(default=None, ge=0)
    line: Count | None = Field(default=None, ge=1)


class Member(BaseModel):
    """A member named by a membership fact."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text
    affiliation: Text | None = Field(default=None, description="employer, or the parent company")
    seats: Count = Field(default=1, ge=1, le=100_000)
    term_ends: IsoDate | None = None


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    id: Id
    as_of: IsoDate = Field(description="the date from which the fact holds")
    modality: Modality = Modality.STATES
    summary: Text
    evidence: list[Evidence] = Field(min_length=1, max_length=50)
    informational: Text | None = Field(
        default=None,
        description="why no event can bear on this fact (so no rule needs to rest on it)",
    )

    @field_validator("evidence", mode="before")
    @classmethod
    def _quotes_as_strings(cls, value: object) -> object:
        # A plain string is a quote from the pack's only source.
        if isinstance(value, list):
            return [{"quote": v} if isinstance(v, str) else v for v in value]
        return value


class Statement(_Fact):
    """Something a source reports that promises nothing."""

    kind: Literal["statement"]
    subject: Text
    statement: Text


class Commitment(_Fact):
    """A promise, a duty or a permission: what will, must or should (not) happen."""

    kind: Literal["commitment"]
    subject: Text
    statement: Text

    @model_validator(mode="after")
    def _a_commitment_commits(self) -> Self:
        if self.modality in (Modality.STATES, Modality.INTENDS):
            raise ValueError(
                "a commitment's modality is will, must, shall, should or may (or their negations:"
                f" will not, must not, ...), not `{self.modality}`"
            )
        return self


class Intention(_Fact):
    """An aim stated without a promise."""

    kind: Literal["intention"]
    modality: Literal[Modality.INTENDS] = Modality.INTENDS
    subject: Text
    statement: Text


class Quantity(_Fact):
    """A figure a source gives: a size, a threshold, a period, a year."""

    kind: Literal["quantity"]
    subject: Text
    measure: Text
    value: float | int
    qualifier: Literal["exact", "at least", "at most", "more than", "fewer than", "order of"]
    unit: Text


class Membership(_Fact):
    """The members of a body (builds the body's starting members)."""

    kind: Literal["membership"]
    body: Annotated[Name, Vocab("bodies")]
    members: list[Member] = Field(min_length=1, max_length=10_000)

    @field_validator("members", mode="before")
    @classmethod
    def _names_as_members(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value


class Transfer(_Fact):
    """A project moves from one steward to another (builds the transition, announced)."""

    kind: Literal["transfer"]
    project: Text
    from_: Text = Field(alias="from")
    to: Text


class Affiliation(_Fact):
    """An organisation is part of a parent organisation (builds the steward's parent)."""

    kind: Literal["affiliation"]
    organisation: Text
    parent: Text
    parent_nonprofit: Flag


class MemberOrganisation(_Fact):
    """An organisation is a member of the foundation, in a tier."""

    kind: Literal["member-organisation"]
    organisation: Text
    tier: Annotated[Name, Vocab("tiers")]


class Project(_Fact):
    """A project the steward hosts, and its licence."""

    kind: Literal["project"]
    project: Text
    licence: Text | None = Field(default=None, description="an SPDX id where the text names one")
    open_source: Flag


class Asset(_Fact):
    """An asset (a trademark, a domain, a repository organisation) and who holds it."""

    kind: Literal["asset"]
    asset: Text
    asset_kind: Annotated[Name, Vocab("asset_kinds")]
    holder: Text


class Pledge(_Fact):
    """An organisation's pledge (investment, adoption, contribution), at a level."""

    kind: Literal["pledge"]
    organisation: Text
    pledge: Annotated[Name, Vocab("pledges")]
    level: Annotated[Name, Vocab("levels")]
    ends: IsoDate | None = None


class Policy(_Fact):
    """A policy in force (for example the contribution policy) and its value."""

    kind: Literal["policy"]
    policy: Annotated[Name, Vocab("policies")]
    value: Annotated[Name, Vocab("values")]


FACT_MODELS: tuple[type[_Fact], ...] = (
    Statement,
    Commitment,
    Intention,
    Quantity,
    Membership,
    Transfer,
    Affiliation,
    MemberOrganisation,
    Project,
    Asset,
    Pledge,
    Policy,
)

Fact = Annotated[
    Statement
    | Commitment
    | Intention
    | Quantity
    | Membership
    | Transfer
    | Affiliation
    | MemberOrganisation
    | Project
    | Asset
    | Pledge
    | Policy,
    Field(discriminator="kind"),
]

FACT_KINDS: dict[str, type[_Fact]] = {
    m.model_fields["kind"].annotation.__args__[0]: m  # type: ignore[union-attr]
    for m in FACT_MODELS
}

# Fact kinds whose facts build the initial state.
STATE_KINDS = frozenset(
    {"membership", "transfer", "affiliation", "member-organisation", "project", "asset", "pledge"}
    | {"policy"}
)


class FactsFile(BaseModel):
    """``seeds/NAME/facts.yaml``: the pack's facts (each checked on its own)."""

    model_config = ConfigDict(extra="forbid")
    facts: list[Any] = Field(min_length=1)


def typed_fields(fact: BaseModel) -> dict[str, Any]:
    """A fact's own typed fields (what it asserts), without id, dates, summary and evidence."""
    common = set(_Fact.model_fields) | {"kind"}
    return {n: getattr(fact, n) for n in type(fact).model_fields if n not in common}
