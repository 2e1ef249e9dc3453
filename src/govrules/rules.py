"""Rules and parameters: the invariants of a pack, read from its YAML files.

A rule file holds ``rules:``, a list of rules. Each rule has an ``id``, a
``title``, a ``severity`` (error or warning), ``rests_on`` (the ids of the facts
that justify it), ``when`` (a condition, see :mod:`govrules.conditions`), a
``message`` template, and ``docs``: ``checks`` (what it checks), ``why`` (why
it matters) and ``example`` (events that break it).

``params.yaml`` holds the pack's parameters, each with its ``value``, the facts
that ``justified_by`` it and the ``reason`` for the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from govrules.conditions import Condition


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


class RuleExample(BaseModel):
    """Events that break the rule: it must fire on the last of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str = Field(min_length=1)
    events: list[dict[str, Any]] = Field(min_length=1)


class RuleDocs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    checks: str = Field(min_length=1, description="what the rule checks")
    why: str = Field(min_length=1, description="why it matters, in the source's terms")
    example: RuleExample


class RuleSpec(BaseModel):
    """The shape of one rule in a rule file (``when`` is parsed separately)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    severity: Severity
    rests_on: list[str] = Field(min_length=1)
    when: Any
    message: str = Field(min_length=1)
    docs: RuleDocs


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[Any] = Field(min_length=1)


class ParamSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: str | int | float | bool | list[str]
    justified_by: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1)


class ParamFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    params: dict[str, Any]  # each entry is checked as a ParamSpec on its own


@dataclass(frozen=True)
class Rule:
    """A loaded, checked rule."""

    id: str
    title: str
    severity: Severity
    rests_on: tuple[str, ...]
    when: Condition
    message: str
    docs: RuleDocs
    file: str
    line: int | None


@dataclass(frozen=True)
class Parameter:
    """A loaded pack parameter: its value as rules see it, and what justifies it."""

    name: str
    value: str | int | float | bool | tuple[str, ...]
    written: str | int | float | bool | list[str]
    justified_by: tuple[str, ...]
    reason: str
