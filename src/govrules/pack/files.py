"""The files of a pack, as models: ``pack.yaml``, ``params.yaml`` and rule files.

``govrules schema`` writes the JSON Schema of each, generated from these
models, so editors complete and check pack files as they are written.
"""

# No `from __future__ import annotations`: pydantic would then rebuild every
# field's type from its text when the models are made, about 3% of a cold check.

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from govrules.language.ast import Condition
from govrules.language.syntax import ConditionSyntax
from govrules.limits import MAX_EXAMPLE_EVENTS
from govrules.model.declarations import Declarations, Name

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]
ParamName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class SourceSpec(BaseModel):
    """A text the pack quotes: where it is published, and its sha256."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Name = Field(description="how quotes name this source")
    title: str = Field(min_length=1)
    file: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="a text kept inside the pack (beside pack.yaml); others are not copied",
    )
    repository: str | None = Field(default=None, description="owner/name of its repository")
    path: str | None = Field(default=None, description="its path in the repository")
    commit: str | None = Field(default=None, pattern=r"^[0-9a-f]{7,40}$")
    url: str | None = Field(default=None, pattern=r"^https?://", description="where to fetch it")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="the sha256 of the exact text")
    licence: str | None = None

    @property
    def filename(self) -> str:
        """The file name the text is looked for under."""
        if self.file:
            return self.file
        if self.path:
            return self.path.rsplit("/", 1)[-1]
        return self.id


class PackFile(BaseModel):
    """``seeds/NAME/pack.yaml``: the pack's name, its sources and its declarations."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    pack: Id
    title: str = Field(min_length=1)
    description: str | None = None
    default: StrictBool = Field(
        default=False, description="the bundled pack `check` uses when none is named"
    )
    sources: list[SourceSpec] = Field(min_length=1, max_length=100)
    declares: Declarations = Field(default_factory=Declarations)


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
    events: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_EXAMPLE_EVENTS)


class RuleDocs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    checks: str = Field(min_length=1, description="what the rule checks")
    why: str = Field(min_length=1, description="why it matters, in the source's terms")
    example: RuleExample


class DeepNotes(BaseModel):
    """Why a finding of ``govrules validate --deep`` about this rule is expected."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    not_broken: str | None = Field(
        default=None,
        min_length=1,
        description="why no short sequence of events breaks the rule (`explore` finds none"
        " within the bound): what breaking it takes",
    )
    initial_state: str | None = Field(
        default=None,
        min_length=1,
        description="why the rule fires on the pack's initial state (what scenarios must give)",
    )
    history: str | None = Field(
        default=None, min_length=1, description="why the real-history example breaks the rule"
    )
    redundant_with: dict[Id, str] = Field(
        default_factory=dict,
        description="rules that fire whenever this one does, each with why both are kept",
    )
    quotes: str | None = Field(
        default=None,
        min_length=1,
        description="why the quotes the rule rests on name none of what its condition reads",
    )


class RuleSpec(BaseModel):
    """One rule as written in a rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Id
    title: str = Field(min_length=1, max_length=300)
    severity: Severity
    rests_on: list[Id] = Field(min_length=1, description="the facts that justify the rule")
    in_force_from: Id | None = Field(
        default=None, description="a fact: the rule applies to events on or after its date"
    )
    when: ConditionSyntax
    message: str = Field(min_length=1, max_length=2000)
    docs: RuleDocs
    deep: DeepNotes | None = Field(
        default=None, description="findings of `validate --deep` about the rule, explained"
    )


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[Any] = Field(min_length=1, description="rules, each checked on its own")


ParamValue = (
    StrictBool
    | StrictInt
    | StrictFloat
    | StrictStr
    | list[StrictStr]
    | dict[StrictStr, StrictBool | StrictInt | StrictFloat | StrictStr]
)


class ParamSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: ParamValue = Field(
        description='a number (or a fraction written "2/3"), true/false, a text or date, '
        "a list of texts, or a map from text to such values"
    )
    justified_by: list[Id] = Field(min_length=1)
    reason: str = Field(min_length=1)


class ParamFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Names and entries are checked one by one, so one bad entry is one problem.
    params: dict[str, Any] = Field(description="each entry is checked on its own")


@dataclass(frozen=True)
class Rule:
    """A loaded, checked rule."""

    id: str
    title: str
    severity: Severity
    rests_on: tuple[str, ...]
    when: Condition  # as written
    condition: Condition  # what the engines evaluate: `when`, scoped by `in_force_from`
    message: str
    docs: RuleDocs
    file: str
    line: int | None
    in_force_from: str | None = None
    deep: DeepNotes | None = None


@dataclass(frozen=True)
class Parameter:
    """A loaded pack parameter: its value as rules see it, and what justifies it."""

    name: str
    value: Any
    written: Any
    justified_by: tuple[str, ...]
    reason: str
