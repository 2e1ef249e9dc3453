"""What a pack declares about its own world: bodies and vocabularies.

The engine knows governance in general; the names belong to the pack. A pack
declares its bodies (a board of organisations, a council of individuals, ...)
and the words its events and rules may use: decision topics, the areas a
transition may touch, membership tiers, pledge kinds and their levels, asset
kinds, policies and their values, appointment methods, obligations. Every
value an event or a rule names is checked against these declarations, so a
typo is an error, never a rule that cannot fire.
"""

# No `from __future__ import annotations`: pydantic would then rebuild every
# field's type from its text when the models are made, about 3% of a cold check.

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from govrules.model.types import Count

Name = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class BodyDecl(BaseModel):
    """A body of the pack: who sits on it and what its rules fix."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=1, description="how reports name the body")
    members: Literal["organisations", "individuals"] = Field(
        description="whether its members are organisations or individuals with employers"
    )
    size: Count | None = Field(
        default=None,
        ge=1,
        le=100_000,
        description="the number of seats the body has by its rules (gives `vacancies`)",
    )
    affiliation_vote_cap: Count | None = Field(
        default=None,
        ge=1,
        le=100_000,
        description="at most this many yes votes counted per affiliation (gives `votes.capped_*`)",
    )
    short_term_days: int | None = Field(
        default=None,
        ge=1,
        le=100_000,
        description=(
            "a term that ends after at most this many days served is not counted"
            " in members' `terms` and `consecutive_terms` (an exemption from term limits)"
        ),
    )
    justified_by: list[str] = Field(
        default_factory=list,
        description="facts that justify `size`, the vote cap and `short_term_days`",
    )


class Declarations(BaseModel):
    """The vocabulary of a pack (``declares:`` in ``pack.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    bodies: dict[Name, BodyDecl] = Field(default_factory=dict)
    topics: list[Name] = Field(default_factory=list, description="what decisions are about")
    areas: list[Name] = Field(
        default_factory=list, description="what a transition or a project change touches"
    )
    tiers: list[Name] = Field(default_factory=list, description="foundation membership tiers")
    pledges: dict[Name, list[Name]] = Field(
        default_factory=dict, description="pledge kinds, each with its levels"
    )
    asset_kinds: list[Name] = Field(default_factory=list)
    policies: dict[Name, list[Name]] = Field(
        default_factory=dict, description="policies, each with its possible values"
    )
    appointment_methods: list[Name] = Field(default_factory=list)
    obligations: list[Name] = Field(
        default_factory=list, description="what members must do once seated"
    )
    steward: str | None = Field(
        default=None,
        min_length=1,
        description="the organisation the pack's commitments bind (default: a transfer's `to`)",
    )

    def vocabulary(self, name: str) -> tuple[str, ...]:
        """The declared values of a vocabulary (see :data:`VOCABULARIES`)."""
        match name:
            case "bodies":
                return tuple(self.bodies)
            case "levels":
                return tuple(dict.fromkeys(v for levels in self.pledges.values() for v in levels))
            case "pledges" | "policies":
                return tuple(getattr(self, name))
            case "values":
                return tuple(dict.fromkeys(v for vals in self.policies.values() for v in vals))
            case _:
                return tuple(getattr(self, name))


# The vocabularies a field may draw from, and how an error names one of them.
VOCABULARIES: dict[str, str] = {
    "bodies": "body",
    "topics": "topic",
    "areas": "area",
    "tiers": "tier",
    "pledges": "pledge kind",
    "levels": "pledge level",
    "asset_kinds": "asset kind",
    "policies": "policy",
    "values": "policy value",
    "appointment_methods": "appointment method",
    "obligations": "obligation",
}


class Vocab:
    """Marks a field whose value must be declared by the pack (``Annotated`` metadata)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        assert name in VOCABULARIES, name
        self.name = name

    def __repr__(self) -> str:
        return f"Vocab({self.name!r})"
