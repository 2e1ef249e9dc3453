"""``govrules check``: its reports as snapshots (on the tests' own pack), exit codes,
output files and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from cli.cli_support import BAD, MINI, SCENARIOS, CliFn, normalise, words


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_check_report(cli: CliFn, snapshot: SnapshotAssertion, fmt: str) -> None:
    run = cli("check", "--pack", MINI, "--format", fmt, SCENARIOS)
    assert run.code == 1
    assert run.stderr == ""
    assert normalise(run.stdout) == snapshot


def test_check_clean_scenario_report(cli: CliFn, snapshot: SnapshotAssertion) -> None:
    run = cli("check", "--pack", MINI, f"{SCENARIOS}/clean.yaml")
    assert run.code == 0
    assert run.stdout.endswith("1 file, 2 events: no commitment broken\n")
    assert run.stdout == snapshot


@pytest.mark.parametrize("engine", ["durable", "reference"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_both_engines_write_the_same_report(cli: CliFn, engine: str, fmt: str) -> None:
    default = cli("check", "--pack", MINI, "--format", fmt, SCENARIOS)
    chosen = cli("check", "--pack", MINI, "--format", fmt, "--engine", engine, SCENARIOS)
    assert (chosen.code, normalise(chosen.stdout)) == (default.code, normalise(default.stdout))


def test_text_shows_the_quotes_under_each_finding(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, f"{SCENARIOS}/breaks.yaml")
    blocks = run.stdout.split("\n\n")[1:-1]
    assert len(blocks) == 3
    quoted: set[str] = set()
    for block in blocks:
        lines = block.splitlines()
        assert lines[0].startswith("error[")
        assert lines[1].startswith(f"  --> {SCENARIOS}/breaks.yaml:")
        rule = lines[0].split("]", 1)[0].removeprefix("error[")
        if rule in quoted:  # a rule's quotes are shown once per file, then named
            assert lines[3].startswith("   | rests on ")
            assert "(quoted above)" in lines[3]
            continue
        quoted.add(rule)
        assert any(line.startswith("   |   \u201c") for line in lines[3:]), block
        assert any("(source.txt:" in line for line in lines[3:]), block


def test_text_has_no_escape_codes_off_a_terminal(cli: CliFn) -> None:
    assert "\x1b[" not in cli("check", "--pack", MINI, SCENARIOS).stdout


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


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_output_file_is_written_and_stdout_stays_empty(
    cli: CliFn, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"report.{fmt}"
    run = cli("check", "--pack", MINI, "--format", fmt, "-o", str(target), SCENARIOS)
    assert run.code == 1
    assert run.stdout == ""
    written = target.read_text(encoding="utf-8")
    assert normalise(written) == normalise(
        cli("check", "--pack", MINI, "--format", fmt, SCENARIOS).stdout
    )
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_bad_scenarios_exit_2_with_one_located_line_per_problem(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, "--format", "sarif", BAD)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    # The SARIF still says why: each problem is a notification of the run.
    (invocation,) = json.loads(run.stdout)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert len(invocation["toolExecutionNotifications"]) == len(run.errors)
    assert run.errors == [
        f"{BAD}/out-of-order.yaml:5: error: at `events[1].at`: event is dated 2024-02-01,"
        " before the event ahead of it (2024-03-01)",
        f"{BAD}/unknown-kind.yaml:4: error: at `events[0].kind`: unknown kind `member.joind`"
        " (did you mean `member.joined`?)",
        f"{BAD}/unknown-kind.yaml:5: error: at `events[1]`: missing field `open_source`",
    ]
    helps = [line for line in run.stderr.splitlines() if line.startswith("  help: ")]
    assert "  help: events must be in date order; govrules does not re-sort them" in helps


def test_bad_input_still_writes_the_report_with_its_problems(cli: CliFn, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    run = cli("check", "--pack", MINI, "--format", "json", "-o", str(target), BAD, SCENARIOS)
    assert run.code == 2
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["summary"]["files"] == 5
    assert data["summary"]["problems"] == len(data["problems"]) == 3
    assert {p["file"] for p in data["problems"]} == {
        f"{BAD}/out-of-order.yaml",
        f"{BAD}/unknown-kind.yaml",
    }


def test_a_usage_error_writes_no_output_file(cli: CliFn, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    run = cli("check", "--pack", MINI, "--param", "nope=1", "-o", str(target), SCENARIOS)
    assert run.code == 2
    assert not target.exists()


def test_an_unknown_format_is_a_usage_error_listing_the_choices(cli: CliFn) -> None:
    run = cli("check", "--format", "xml", f"{SCENARIOS}/clean.yaml")
    assert run.code == 2
    assert "xml" in run.stderr
    for choice in ("text", "json", "sarif", "junit"):
        assert choice in run.stderr


def test_json_report_counts(cli: CliFn) -> None:
    data = json.loads(cli("check", "--pack", MINI, "--format", "json", SCENARIOS).stdout)
    assert data["summary"] == {
        "files": 5,
        "events": 11,
        "errors": 5,
        "warnings": 1,
        "suppressed": 0,
        "problems": 0,
    }


def test_a_directory_without_scenarios_exits_2(cli: CliFn, tmp_path: Path) -> None:
    run = cli("check", "--pack", MINI, str(tmp_path))
    assert run.code == 2
    assert run.errors == [f"{tmp_path}: error: directory holds no scenario files"]


def test_an_unknown_scenario_format_exits_2(cli: CliFn, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("name: x\n", encoding="utf-8")
    run = cli("check", "--pack", MINI, str(notes))
    assert run.code == 2
    assert run.errors == [f"{notes}: error: unknown scenario format `.txt`"]
    assert ".yaml, .yml, .json or .jsonl" in run.stderr


def test_an_output_that_is_a_directory_exits_2(cli: CliFn, tmp_path: Path) -> None:
    run = cli("check", "--pack", MINI, "--format", "json", "-o", str(tmp_path), SCENARIOS)
    assert run.code == 2
    assert "is a directory, expected a file to write" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_nothing_behind(
    cli: CliFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "report.sarif"
    run = cli("check", "--pack", MINI, "--format", "sarif", "-o", str(target), SCENARIOS)
    assert run.code == 2
    assert f"{target}: error: cannot write the output: No space left on device" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_check_help_says_what_it_does_and_its_exit_codes(cli: CliFn) -> None:
    text = words(cli("check", "--help").stdout)
    for option in ("--pack", "--sources", "--engine", "--format", "--output", "--fail-on"):
        assert option in text
    for fmt in ("text", "json", "sarif", "junit"):
        assert fmt in text
    assert "Exit 0 when no finding reaches --fail-on, 1 when one does, 2 on bad input" in text
    assert "the pack it names" in text
