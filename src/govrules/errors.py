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

from govrules.untrusted import shown, shown_message

# A file's name is shown whole up to this length (it names the file to fix).
MAX_PATH_SHOWN = 1_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None
    help: str | None = None

    def location(self) -> str:
        """``file:line`` (or what is known of it), for the front of a message.

        The file's name is shown as :func:`~govrules.untrusted.shown` shows it:
        a name can hold a line break or an escape sequence too.
        """
        where = shown(self.file, MAX_PATH_SHOWN) if self.file else "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return where

    def render(self, *, exact: bool = False) -> str:
        """The problem as one line (plus a help line when there is a hint).

        What came from an input (the file's name, the path, the values in
        backticks) is escaped and cut short (:mod:`govrules.untrusted`), so a
        message is one line however odd its input; ``exact`` keeps the text as
        it is, for formats that encode it themselves (JUnit XML).
        """
        if exact:
            file, path, message, hint = self.file, self.path, self.message, self.help
        else:
            file = shown(self.file, MAX_PATH_SHOWN) if self.file else None
            path = shown(self.path) if self.path else None
            message = shown_message(self.message)
            hint = shown_message(self.help) if self.help else None
        text = "error: "
        if file:
            text = f"{file}:{self.line}: error: " if self.line is not None else f"{file}: error: "
        if path:
            text += f"at `{path}`: "
        text += message
        if hint:
            text += f"\n  help: {hint}"
        return text


# Longer than any name a suggestion could be for (ids, kinds and fields are shorter).
_LONGEST_NAME = 200


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
    if len(word) > _LONGEST_NAME:
        return None  # no name is that long; comparing would only take time
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def with_suggestion(message: str, word: str, choices: Sequence[str]) -> str:
    """``message`` followed by ``(did you mean `x`?)`` when a close choice exists."""
    hint = did_you_mean(word, choices)
    return f"{message} ({hint})" if hint else message
