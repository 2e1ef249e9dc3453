"""One error tree for govrules.

Every problem a user can cause is a :class:`Problem`: a place (file, line, the
path inside the document), a one-sentence message in lower case with user input
in backticks, and an optional ``help`` hint. Loaders collect every problem they
find and raise them together as :class:`InputError`; the CLI prints one line per
problem and exits with 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None
    help: str | None = None

    def location(self) -> str:
        """``file:line`` (or what is known of it), for the front of a message."""
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return where

    def render(self) -> str:
        """The problem as one line (plus a help line when there is a hint)."""
        text = f"{self.location()}: error: " if self.file else "error: "
        if self.path:
            text += f"at `{self.path}`: "
        text += self.message
        if self.help:
            text += f"\n  help: {self.help}"
        return text


class GovrulesError(Exception):
    """Root of every error govrules raises on purpose."""


@dataclass
class InputError(GovrulesError):
    """One or more problems with the files a user gave (exit code 2)."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(p.render() for p in self.problems))

    @classmethod
    def one(
        cls,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
        help: str | None = None,
    ) -> InputError:
        return cls([Problem(message, file=file, line=line, path=path, help=help)])


class EngineError(GovrulesError):
    """The rule engine failed while evaluating; never treated as a pass."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for ``word`` among ``choices``, or None."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def with_suggestion(message: str, word: str, choices: Sequence[str]) -> str:
    """``message`` followed by ``(did you mean `x`?)`` when a close choice exists."""
    hint = did_you_mean(word, choices)
    return f"{message} ({hint})" if hint else message
