"""The shape of the condition language, as written in rule files.

A condition is data, never code::

    all:
      - {path: event.kind, eq: decision.made}
      - {path: event.votes.share_of_cast, lt: {param: supermajority}}
      - {days: {from: {path: event.opened}, to: {path: event.closed}}, lt: 14}
      - {path: event.organisation, eq: {path: after.steward}}
      - {path: event.at, lt: {param: pledge_until, key: {path: event.organisation}}}

Combinators: ``all`` and ``any`` (non-empty lists) and ``not``. A test has a
subject, ``path: P`` (with ``key: V`` to read a map at a key) or
``days: {from: V, to: V}`` (days between two dates), and exactly one operator:
``eq neq lt lte gt gte in not_in contains exists``. A value ``V`` is a literal
(text, number, true/false; a list for ``in``/``not_in``), ``{param: NAME}``
(optionally with ``key``), ``{path: P}`` (optionally with ``key``) or
``{days: {from: V, to: V}}``.

These pydantic models give rule files their JSON Schema and located shape
errors; :mod:`govrules.language.typing` then checks paths, types and declared
values, and builds the tree the engines evaluate (:mod:`govrules.language.ast`).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    Tag,
    model_validator,
)

OPERATORS: tuple[str, ...] = (
    "eq",
    "neq",
    "lt",
    "lte",
    "gt",
    "gte",
    "in",
    "not_in",
    "contains",
    "exists",
)
SUBJECTS: tuple[str, ...] = ("path", "days")

Scalar = StrictBool | StrictInt | StrictFloat | StrictStr


def _value_tag(value: Any) -> str:
    if isinstance(value, dict):
        if "days" in value:
            return "v:days"
        return "v:ref"
    if isinstance(value, list):
        return "v:list"
    return "v:literal"


class RefSyntax(BaseModel):
    """``{param: NAME}`` or ``{path: PATH}``, with ``key`` to read a map at a key."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="reference")
    param: StrictStr | None = Field(default=None, description="a pack parameter")
    path: StrictStr | None = Field(default=None, description="a path in the observation")
    key: ValueSyntax | None = Field(default=None, description="read the map at this key")

    @model_validator(mode="after")
    def _one_target(self) -> RefSyntax:
        if (self.param is None) == (self.path is None):
            raise ValueError("a reference is written {param: NAME} or {path: PATH}")
        return self


class DaysSpan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: ValueSyntax = Field(alias="from", description="the first date")
    to: ValueSyntax = Field(description="the second date")


class DaysSyntax(BaseModel):
    """``{days: {from: V, to: V}}``: the days from one date to another."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="days between")
    days: DaysSpan


ValueSyntax = Annotated[
    Annotated[Scalar, Tag("v:literal")]
    | Annotated[list[Scalar], Tag("v:list")]
    | Annotated[RefSyntax, Tag("v:ref")]
    | Annotated[DaysSyntax, Tag("v:days")],
    Discriminator(_value_tag),
]


class TestSyntax(BaseModel):
    """``{path: P, <operator>: V}`` or ``{days: {...}, <operator>: V}``."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="test", populate_by_name=True)
    path: StrictStr | None = Field(default=None, description="the path tested")
    key: ValueSyntax | None = Field(default=None, description="with a map path: the key read")
    days: DaysSpan | None = Field(default=None, description="test the days between two dates")
    eq: ValueSyntax | None = None
    neq: ValueSyntax | None = None
    lt: ValueSyntax | None = None
    lte: ValueSyntax | None = None
    gt: ValueSyntax | None = None
    gte: ValueSyntax | None = None
    in_: ValueSyntax | None = Field(default=None, alias="in")
    not_in: ValueSyntax | None = None
    contains: ValueSyntax | None = None
    exists: StrictBool | None = None

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data: Any) -> Any:
        if isinstance(data, dict):
            ops = [k for k in data if k in OPERATORS]
            if len(ops) != 1:
                found = ", ".join(f"`{k}`" for k in ops) or "none"
                raise ValueError(
                    f"a test takes exactly one operator ({', '.join(OPERATORS)}), found {found}"
                )
            subjects = [k for k in data if k in SUBJECTS]
            if len(subjects) != 1:
                raise ValueError("a test names its subject with `path` or `days` (one of them)")
            if "key" in data and "path" not in data:
                raise ValueError("`key` reads a map named by `path`")
        return data

    @property
    def operator(self) -> tuple[str, Any]:
        for op in OPERATORS:
            value = getattr(self, "in_" if op == "in" else op)
            if value is not None:
                return op, value
        raise AssertionError("a test has one operator")  # pragma: no cover


class AllSyntax(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="all")
    all: list[ConditionSyntax] = Field(min_length=1, description="every condition holds")


class AnySyntax(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="any")
    any: list[ConditionSyntax] = Field(min_length=1, description="at least one holds")


class NotSyntax(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="not", populate_by_name=True)
    not_: ConditionSyntax = Field(alias="not", description="the condition does not hold")


def _condition_tag(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return f"cond:{key}"
    return "cond:test"


ConditionSyntax = Annotated[
    Annotated[AllSyntax, Tag("cond:all")]
    | Annotated[AnySyntax, Tag("cond:any")]
    | Annotated[NotSyntax, Tag("cond:not")]
    | Annotated[TestSyntax, Tag("cond:test")],
    Discriminator(_condition_tag),
]


for _model in (RefSyntax, DaysSpan, DaysSyntax, TestSyntax, AllSyntax, AnySyntax, NotSyntax):
    _model.model_rebuild()
