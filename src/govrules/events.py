"""The event catalogue: the governance events a scenario may propose.

The catalogue is closed. Each kind is a pydantic model that refuses unknown
fields; :data:`Event` is their union, told apart by ``kind``. Every event has a
date (``at``) and may have an ``id`` and a ``note``. Dates are ISO dates.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, computed_field


class Area(StrEnum):
    """What a change touches, in the words of the commitment it may break."""

    CODE = "code"
    CORE_PROJECT = "core_project"
    OPERATING_MODEL = "operating_model"


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: dt.date = Field(description="the date the event takes effect (ISO 8601)")
    id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
        description="an identifier to name the event in reports",
    )
    note: str | None = Field(default=None, description="free text, shown in reports")


Organisation = Annotated[str, Field(min_length=1, description="an organisation's name")]


class SeatGained(_Event):
    """An organisation gains seats on the governing board (a new member joins)."""

    kind: Literal["board.seat_gained"]
    organisation: Organisation
    seats: int = Field(default=1, ge=1, le=1000, description="how many seats it gains")


class SeatLost(_Event):
    """An organisation gives up seats on the governing board."""

    kind: Literal["board.seat_lost"]
    organisation: Organisation
    seats: int = Field(default=1, ge=1, le=1000, description="how many seats it loses")


class Decision(_Event):
    """A decision taken by a body of the foundation."""

    kind: Literal["decision"]
    body: Literal["board", "technical-advisory-council", "maintainers"] = "board"
    subject: str = Field(min_length=1, description="what was decided")
    public: bool = Field(description="whether the decision was taken in the open")
    minutes_published: bool = Field(description="whether minutes were published")
    organisations: list[Organisation] = Field(
        min_length=1, description="the organisations that took part"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def organisation_count(self) -> int:
        """How many distinct organisations took part."""
        return len(set(self.organisations))


class Transition(_Event):
    """The project moves to its new steward, and whatever changes it carries."""

    kind: Literal["transition"]
    to: str | None = Field(default=None, description="the new steward (default: the pack's)")
    changes: list[Area] = Field(
        default_factory=list, description="what the transition itself changes"
    )


class ProjectChanged(_Event):
    """A change to the project's code, core project scope or developer operating model."""

    kind: Literal["project.changed"]
    area: Area
    caused_by_transition: bool = Field(
        description="whether the transition itself is the reason for the change"
    )
    description: str | None = None


class ParentChanged(_Event):
    """The foundation moves under another parent organisation."""

    kind: Literal["parent.changed"]
    to: str = Field(min_length=1)
    nonprofit: bool


class LicenceChanged(_Event):
    """The project's licence changes."""

    kind: Literal["licence.changed"]
    to: str = Field(min_length=1, description="the new licence (an SPDX id where there is one)")
    open_source: bool = Field(description="whether the new licence is an open-source licence")


class InvestmentChanged(_Event):
    """An organisation changes its investment in the project."""

    kind: Literal["investment.changed"]
    organisation: Organisation
    level: Literal["increased", "unchanged", "reduced", "withdrawn"]


class AdoptionChanged(_Event):
    """An organisation changes whether the project is its primary framework."""

    kind: Literal["adoption.changed"]
    organisation: Organisation
    primary_framework: bool


EVENT_MODELS: tuple[type[_Event], ...] = (
    SeatGained,
    SeatLost,
    Decision,
    Transition,
    ProjectChanged,
    ParentChanged,
    LicenceChanged,
    InvestmentChanged,
    AdoptionChanged,
)

Event = Annotated[
    SeatGained
    | SeatLost
    | Decision
    | Transition
    | ProjectChanged
    | ParentChanged
    | LicenceChanged
    | InvestmentChanged
    | AdoptionChanged,
    Field(discriminator="kind"),
]

EVENT_KINDS: dict[str, type[_Event]] = {
    m.model_fields["kind"].annotation.__args__[0]: m  # type: ignore[union-attr]
    for m in EVENT_MODELS
}

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def event_to_data(event: Event) -> dict[str, Any]:
    """The event as plain data, as a scenario file would hold it (no derived fields)."""
    data = event.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    for name in type(event).model_computed_fields:
        data.pop(name, None)
    # Put kind and date first: that is how people read and write them.
    head = {"kind": data.pop("kind"), "at": data.pop("at")}
    return head | data


def event_observed(event: Event) -> dict[str, Any]:
    """The event as rules see it: its fields and derived figures, without empty values."""
    return event.model_dump(mode="json", exclude_none=True)
