"""Shared by the CLI tests: where the fixtures are, and how a run's output is normalised."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govrules import __version__

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
# Relative to ROOT, where the commands run.
MINI = "tests/cli/fixtures/pack"
SCENARIOS = "tests/cli/fixtures/scenarios"
BAD = "tests/cli/fixtures/bad"


@dataclass(frozen=True)
class Run:
    """The outcome of one command."""

    code: int
    stdout: str
    stderr: str


def normalise(text: str) -> str:
    """Output with what changes between releases replaced by a placeholder."""
    return text.replace(f'"{__version__}"', '"<version>"')


CliFn = Callable[..., Run]
