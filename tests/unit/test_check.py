"""The library API: checks are independent, reports are complete, output is atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govrules.check import Checker, check
from govrules.cli import app
from govrules.pack import Pack

EXAMPLES = Path(__file__).parents[2] / "examples"
SHARE = EXAMPLES / "board-seat-share--meta-takes-three-more-seats.yaml"
DECISION = EXAMPLES / "board-decisions-open--closed-session.yaml"
OK = EXAMPLES / "ok--board-grows-one-seat-each.yaml"


@pytest.mark.parametrize("engine", ["durable", "reference"])
def test_two_checks_in_one_process_are_identical_and_independent(pack: Pack, engine: str) -> None:
    checker = Checker(pack, engine)
    first = checker.check([SHARE, OK])
    between = checker.check([DECISION])
    again = checker.check([SHARE, OK])
    assert first == again
    assert [f.rule for f in between.findings] == ["board-decisions-open"]
    # A second engine in the same process sees none of the first one's facts.
    other = Checker(pack, engine).check([SHARE, OK])
    assert other == first


def test_interleaved_sessions_do_not_share_facts(pack: Pack) -> None:
    one, two = Checker(pack), Checker(pack)
    a = one.check([SHARE])
    b = two.check([OK])
    c = one.check([OK])
    d = two.check([SHARE])
    assert a == d
    assert b == c
    assert b.findings == []


def test_a_finding_carries_its_evidence_with_spans(pack: Pack) -> None:
    report = check([SHARE], pack=pack)
    (finding,) = report.findings
    assert finding.rule == "board-seat-share"
    assert finding.event.index == 0
    assert finding.event.id == "meta-three-more-seats"
    assert finding.event.line == 4
    assert "`Meta` would hold 4 of 9 board seats (44%)" in finding.message
    assert [s.fact for s in finding.evidence] == list(pack.rule("board-seat-share").rests_on)
    for support in finding.evidence:
        for quote in support.quotes:
            assert pack.source_text[quote.start : quote.end] == quote.text


def test_directories_are_searched_for_scenarios(pack: Pack) -> None:
    report = check([EXAMPLES], pack=pack)
    assert len(report.scenarios) == len(list(EXAMPLES.glob("*--*")))


def test_output_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["check", str(SHARE), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text())["summary"]["errors"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_is_not_touched_on_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous report", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nevents: [{kind: nope, at: 2023-01-01}]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(SHARE), str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "report.json"]


def test_fail_on_sets_the_exit_code() -> None:
    warning = EXAMPLES / "board-not-below-founding-size--nvidia-leaves.yaml"
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(warning)]).exit_code == 0
    assert runner.invoke(app, ["check", str(warning), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, ["check", str(SHARE), "--fail-on", "never"]).exit_code == 0


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("govrules ")
