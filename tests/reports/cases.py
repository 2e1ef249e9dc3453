"""The scenarios every format is checked on: the examples, and the CLI tests' fixtures.

``examples/`` is read when the tests are collected, so whatever it holds is covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govrules.check import Checker
from govrules.findings import Report
from govrules.pack import Pack, load_pack
from govrules.scenario import SUFFIXES

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "cli" / "fixtures" / "pack"


@dataclass(frozen=True)
class Case:
    """A scenario file and the pack it is checked against (None: the bundled one)."""

    path: Path
    pack: str | None

    @property
    def display(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    def __str__(self) -> str:
        return self.display


def _scenarios(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*") if p.suffix.lower() in SUFFIXES)


CASES: list[Case] = [Case(p, None) for p in _scenarios(ROOT / "examples")] + [
    Case(p, str(MINI)) for p in _scenarios(MINI.parent / "scenarios")
]


@cache
def pack_for(ref: str | None) -> Pack:
    return load_pack(ref)


@cache
def report_of(case: Case) -> Report:
    """The report of one case, as ``govrules check`` would make it."""
    pack = pack_for(case.pack)
    result = Checker(pack).check_file(case.path, case.display)
    return Report(pack=pack.name, source=pack.source_file, scenarios=(result,))
