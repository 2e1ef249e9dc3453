"""The scenarios every format is checked on: every example of every bundled pack, and
the CLI tests' own scenarios (pack ``mini``).

They are read when the tests are collected, so whatever ``examples/`` holds is covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from _support import MINI_SCENARIOS, all_examples, bundled_pack, checker, mini_pack, scenario_files
from conftest import ROOT
from govrules.findings import Report
from govrules.pack import Pack


@dataclass(frozen=True)
class Case:
    """A scenario file and the pack it is checked against."""

    path: Path
    pack: str

    @property
    def display(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    def __str__(self) -> str:
        return self.display


CASES: list[Case] = [Case(path, pack) for pack, path in all_examples()] + [
    Case(path, "mini") for path in scenario_files(MINI_SCENARIOS)
]


def pack_of(case: Case) -> Pack:
    return mini_pack() if case.pack == "mini" else bundled_pack(case.pack)


def case_named(name: str) -> Case:
    return next(c for c in CASES if c.path.name == name)


@cache
def report_of(case: Case) -> Report:
    """The report of one case, as ``govrules check`` would make it (from the repository root)."""
    result = checker(case.pack).check_file(case.path, case.display)
    return Report(scenarios=(result,), packs={case.pack: pack_of(case)})


def report_of_all(cases: list[Case]) -> Report:
    """One report of several cases, of several packs, as one ``govrules check`` makes it."""
    scenarios = tuple(s for case in cases for s in report_of(case).scenarios)
    packs = {case.pack: pack_of(case) for case in cases}
    return Report(scenarios=scenarios, packs=packs)
