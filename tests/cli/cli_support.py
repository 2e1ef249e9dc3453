"""Shared by the CLI tests: where the fixtures are, and how a run's output is normalised."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from govrules import __version__

# Relative to the repository root, where the commands run.
MINI = "tests/cli/fixtures/pack"
SCENARIOS = "tests/cli/fixtures/scenarios"
BAD = "tests/cli/fixtures/bad"


@dataclass(frozen=True)
class Run:
    """The outcome of one command."""

    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        """The problem lines on stderr (help lines left out)."""
        return [line for line in self.stderr.splitlines() if "error: " in line]


def normalise(text: str) -> str:
    """Output with what changes between releases replaced by a placeholder."""
    text = text.replace(f'"{__version__}"', '"<version>"')
    return re.sub(r'time="\d+\.\d+"', 'time="<seconds>"', text)  # JUnit's timings


def words(text: str) -> str:
    """Text with its line breaks and runs of blanks as single spaces (help is wrapped)."""
    return " ".join(text.split())


CliFn = Callable[..., Run]
