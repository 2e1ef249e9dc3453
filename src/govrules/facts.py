"""Facts: typed assertions read from a source text, each with quoted evidence.

A fact says one thing the source says, in a typed form, and carries the words
that say it. The kinds are a closed set (a discriminated union on ``kind``);
each model refuses fields it does not know. When a pack is loaded every quote
is looked up in the source and its character span recorded
(:func:`govrules.pack.load_pack`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Modality(StrEnum):
    """How the source holds the statement: a report, a promise, a refusal, an aim."""

    STATES = "states"
    WILL = "will"
    WILL_NOT = "will not"
    INTENDS = "intends"


class Evidence(BaseModel):
    """A verbatim quote from the source and, once loaded, where it stands in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quote: str = Field(min_length=1)
    start: int | None = None
    end: int | None = None
    line: int | None = None


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    as_of: dt.date
    summary: str = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)

    @field_validator("evidence", mode="before")
    @classmethod
    def _quotes_as_strings(cls, value: object) -> object:
        # In facts.yaml evidence is written as a list of plain quotes.
        if isinstance(value, list):
            return [{"quote": v} if isinstance(v, str) else v for v in value]
        return value


class Transfer(_Fact):
    """A project moves from one steward to another."""

    kind: Literal["transfer"]
    modality: Modality
    project: str
    from_: str = Field(alias="from")
    to: str


class Affiliation(_Fact):
    """An organisation is part of a parent organisation."""

    kind: Literal["affiliation"]
    modality: Modality
    organisation: str
    parent: str
    parent_nonprofit: bool


class Membership(_Fact):
    """The members of a governing body, one seat each unless stated."""

    kind: Literal["membership"]
    modality: Modality
    body: str
    members: list[str] = Field(min_length=1)
    seats_each: int = Field(default=1, ge=1)


class Commitment(_Fact):
    """A promise the source makes about what will or will not happen."""

    kind: Literal["commitment"]
    modality: Literal[Modality.WILL, Modality.WILL_NOT]
    subject: str
    statement: str
    areas: list[str] = Field(default_factory=list)
    open_source: bool | None = None


class Intention(_Fact):
    """An aim the source states without promising it."""

    kind: Literal["intention"]
    modality: Literal[Modality.INTENDS]
    subject: str
    statement: str


class Quantity(_Fact):
    """A figure the source gives: a year, a count, a lower bound."""

    kind: Literal["quantity"]
    modality: Literal[Modality.STATES]
    subject: str
    measure: str
    value: int
    qualifier: Literal["exact", "more than", "order of"]
    unit: str


class Statement(_Fact):
    """Something the source reports that is checkable but promises nothing."""

    kind: Literal["statement"]
    modality: Literal[Modality.STATES]
    subject: str
    statement: str


Fact = Annotated[
    Transfer | Affiliation | Membership | Commitment | Intention | Quantity | Statement,
    Field(discriminator="kind"),
]

FACT_KINDS: tuple[str, ...] = (
    "transfer",
    "affiliation",
    "membership",
    "commitment",
    "intention",
    "quantity",
    "statement",
)
