"""The types of the values rules read, and the table of readable paths.

Every path a rule may read has a :class:`ValueType` and a description; the
condition checker uses the types, ``govrules paths`` and ``docs/packs.md``
show both. A text may be drawn from a pack vocabulary (``vocab``) or a fixed
set of values (``values``), and then a condition comparing it with anything
else is an error when the pack loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "number", "bool", "date", "list", "map"]


@dataclass(frozen=True, slots=True)
class ValueType:
    """What a path holds: a text, number, true/false, date, list of texts, or map."""

    kind: Kind
    vocab: str | None = None  # text (or the items of a list, the values of a map) from a vocabulary
    values: tuple[str, ...] | None = None  # text from a fixed set
    item: Kind | None = None  # for a list: its items' kind; for a map: its values' kind

    def describe(self) -> str:
        """How docs and messages name the type: ``number``, ``list of area``, ``map of number``."""
        from govrules.model.declarations import VOCABULARIES

        base: str = self.kind
        if self.kind in ("list", "map"):
            inner = VOCABULARIES[self.vocab] if self.vocab else self.item or "text"
            base = f"{self.kind} of {inner}"
        elif self.vocab:
            base = f"{VOCABULARIES[self.vocab]} ({self.kind})"
        elif self.values:
            base = "one of " + ", ".join(self.values)
        return base

    @property
    def scalar(self) -> Kind:
        """The kind of one value: the type itself, or a list's items, or a map's values."""
        if self.kind in ("list", "map"):
            return self.item or "text"
        return self.kind


TEXT = ValueType("text")
NUMBER = ValueType("number")
BOOL = ValueType("bool")
DATE = ValueType("date")
TEXTS = ValueType("list", item="text")


def vocab(name: str) -> ValueType:
    return ValueType("text", vocab=name)


def one_of(*values: str) -> ValueType:
    return ValueType("text", values=values)


@dataclass(frozen=True, slots=True)
class PathDoc:
    """A readable path (a template: ``{body}`` stands for each declared body) and its meaning."""

    template: str
    type: ValueType
    meaning: str
