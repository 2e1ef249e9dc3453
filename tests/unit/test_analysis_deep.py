"""``validate --deep``: what it reports on the tests' own pack, and that the bundled packs
are clean under it, or explain each finding in the rule it is about."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from _support import BUNDLED, TESTS, edit
from conftest import ROOT, SOURCES
from govrules.analysis.consistency import words_read
from govrules.lint import Deep, Level, LintResult, lint
from govrules.pack import load_pack

QUESTIONS = TESTS / "cli" / "fixtures" / "questions"


@cache
def deep(pack: str) -> LintResult:
    return lint(pack, SOURCES, Deep(depth=3, jobs=2))


def test_a_dead_rule_a_founding_contradiction_and_a_redundant_pair_are_all_reported() -> None:
    result = deep(str(QUESTIONS))
    found = {(p.code, p.problem.message.split("`")[1]): p for p in result.problems}
    dead = found[("deep-not-broken", "board-below-nothing")]
    assert dead.level is Level.WARNING
    assert "up to 3 events" in dead.problem.message
    founding = found[("deep-initial-state", "board-of-four")]
    assert founding.level is Level.ERROR
    assert "is 3, below `4`" in founding.problem.message
    redundant = found[("deep-redundant", "open-budget")]
    assert "rule `open-decisions` fires too" in redundant.problem.message
    for problem in (dead, founding, redundant):
        assert problem.evidence, "each finding carries the quotes involved"
        assert problem.problem.file
        assert problem.problem.line
    assert result.fails(strict=False)


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundled_packs_are_clean_or_explain_each_finding(name: str) -> None:
    result = deep(name)
    unexplained = [
        p.problem.render()
        for p in result.problems
        if p.level is not Level.NOTE and p.code.startswith("deep-")
    ]
    assert not unexplained
    for note in (p for p in result.problems if p.level is Level.NOTE):
        assert note.explained
        assert note.code.startswith("deep-")


def test_an_explanation_that_explains_nothing_is_reported(tmp_path: Path) -> None:
    name = "pytorch-foundation"
    for part in ("seeds", "rules"):
        shutil.copytree(ROOT / part / name, tmp_path / part / name)
    rules = tmp_path / "rules" / name / "board.yaml"
    marker = "  - id: board-diverse-organisations"
    notes = (
        "    deep:\n      redundant_with: {board-seat-shar: a typo}\n      quotes: no reason\n\n"
    )
    edit(rules, marker, notes + marker)
    result = lint(str(tmp_path), (), Deep(depth=1))
    found = [p.problem.message for p in result.problems if p.code == "deep-notes"]
    assert any("`board-seat-shar` (did you mean `board-seat-share`?)" in m for m in found)
    assert any("explains `deep.quotes`, but no such finding occurs" in m for m in found)


def test_the_words_a_rule_reads_leave_out_the_model_s_own() -> None:
    pack = load_pack(str(QUESTIONS))
    words = words_read(pack.rule("open-budget"), pack)
    assert {"budget", "public", "board"} <= words
    assert not words & {"event", "kind", "decision", "made"}
