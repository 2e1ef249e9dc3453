"""``govrules check``: every format as a snapshot, exit codes, output files, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from cli.cli_support import BAD, MINI, SCENARIOS, CliFn, normalise


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_check_output(cli: CliFn, snapshot: SnapshotAssertion, fmt: str) -> None:
    run = cli("check", "--pack", MINI, "--format", fmt, SCENARIOS)
    assert run.code == 1
    assert run.stderr == ""
    assert normalise(run.stdout) == snapshot


def test_check_clean_scenario_passes(cli: CliFn, snapshot: SnapshotAssertion) -> None:
    run = cli("check", "--pack", MINI, f"{SCENARIOS}/clean.yaml")
    assert run.code == 0
    assert run.stdout == snapshot


def test_text_shows_the_quote_under_each_finding(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, f"{SCENARIOS}/breaks.yaml")
    blocks = run.stdout.split("\n\n")[1:-1]
    assert len(blocks) == 3
    for block in blocks:
        lines = block.splitlines()
        assert lines[0].startswith("error[")
        quotes = [line for line in lines[2:] if line.lstrip().startswith("|   \u201c")]
        assert quotes, block


def test_text_has_no_escape_codes_off_a_terminal(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, SCENARIOS)
    assert "\x1b[" not in run.stdout


@pytest.mark.parametrize(
    ("fail_on", "path", "code"),
    [
        ("error", "gamma-leaves.yaml", 0),  # a warning only
        ("warning", "gamma-leaves.yaml", 1),
        ("never", "breaks.yaml", 0),
        ("error", "breaks.yaml", 1),
        ("warning", "clean.yaml", 0),
    ],
)
def test_fail_on_sets_the_exit_code(cli: CliFn, fail_on: str, path: str, code: int) -> None:
    assert cli("check", "--pack", MINI, "--fail-on", fail_on, f"{SCENARIOS}/{path}").code == code


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_output_file_is_written_and_stdout_stays_empty(
    cli: CliFn, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"report.{fmt}"
    run = cli("check", "--pack", MINI, "--format", fmt, "-o", str(target), SCENARIOS)
    assert run.code == 1
    assert run.stdout == ""
    assert (
        target.read_text(encoding="utf-8")
        == cli("check", "--pack", MINI, "--format", fmt, SCENARIOS).stdout
    )
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_bad_scenarios_exit_2_with_one_line_per_problem(
    cli: CliFn, snapshot: SnapshotAssertion
) -> None:
    run = cli("check", "--pack", MINI, "--format", "sarif", BAD)
    assert run.code == 2
    assert run.stdout == ""  # no half report
    assert "Traceback" not in run.stderr
    assert run.stderr == snapshot


def test_bad_input_writes_no_output_file(cli: CliFn, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    run = cli("check", "--pack", MINI, "--format", "sarif", "-o", str(target), BAD)
    assert run.code == 2
    assert not target.exists()


def test_unknown_format_is_a_usage_error(cli: CliFn) -> None:
    run = cli("check", "--format", "xml", f"{SCENARIOS}/clean.yaml")
    assert run.code == 2
    assert "xml" in run.stderr
    assert "sarif" in run.stderr  # the choices are listed


def test_json_report_counts(cli: CliFn) -> None:
    data = json.loads(cli("check", "--pack", MINI, "--format", "json", SCENARIOS).stdout)
    assert data["summary"] == {"files": 4, "events": 8, "errors": 4, "warnings": 1}


def test_an_output_that_is_a_directory_exits_2(cli: CliFn, tmp_path: Path) -> None:
    run = cli("check", "--pack", MINI, "--format", "json", "-o", str(tmp_path), SCENARIOS)
    assert run.code == 2
    assert "is a directory, expected a file to write" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_nothing_behind(
    cli: CliFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def refuse(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "report.sarif"
    run = cli("check", "--pack", MINI, "--format", "sarif", "-o", str(target), SCENARIOS)
    assert run.code == 2
    assert "cannot write the output: No space left on device" in run.stderr
    assert list(tmp_path.iterdir()) == []
