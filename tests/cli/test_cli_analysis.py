"""``explore``, ``why`` (and ``check --why``) and ``validate --deep`` through the CLI: what
they print, the files they write, and their bad input (exit 2, one clear message)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from _support import signals_not_ignored
from cli.cli_support import CliFn
from conftest import ROOT

QUESTIONS = "tests/cli/fixtures/questions"
SEATS = "examples/pytorch-foundation/board-seat-share--meta-takes-three-more-seats.yaml"
OK = "examples/pytorch-foundation/ok--board-grows-one-seat-each.yaml"


# -- explore ------------------------------------------------------------------------


def test_explore_writes_scenarios_that_check_confirms(cli: CliFn, tmp_path: Path) -> None:
    out = tmp_path / "explored"
    run = cli("explore", "--pack", QUESTIONS, "--depth", "2", "--output", str(out))
    assert run.code == 0
    written = sorted(out.iterdir())
    assert written
    assert all(p.name.endswith("--explored.yaml") for p in written)
    assert "not broken up to depth 2" in run.stdout
    assert f"rules: {len(written)} broken, 1 not broken up to depth 2" in run.stdout
    assert f"`govrules check --pack {QUESTIONS}` on this file reports" in written[0].read_text()
    report = json.loads(cli("check", str(out), "--pack", QUESTIONS, "--format", "json").stdout)
    for scenario in report["scenarios"]:
        rule = Path(scenario["file"]).name.split("--")[0]
        last = scenario["events"] - 1
        assert any(f["rule"] == rule and f["event"]["index"] == last for f in scenario["findings"])
    first = written[0].read_text(encoding="utf-8")
    assert first.startswith("# A shortest sequence of events")
    assert "\u201c" in first, "the finding's quotes are in the file"


def test_explore_json_and_progress_lines_in_a_pipe(cli: CliFn) -> None:
    run = cli("explore", "--pack", QUESTIONS, "--depth", "1", "--format", "json")
    assert run.code == 0
    data = json.loads(run.stdout)
    assert (data["format"], data["version"], data["depth"]) == ("govrules-explore", 1, 1)
    statuses = {r["rule"]: r["status"] for r in data["rules"]}
    assert statuses["board-below-nothing"] == "not-broken"
    broken = next(r for r in data["rules"] if r["status"] == "broken")
    assert broken["finding"]["rule"] == broken["rule"]
    assert broken["events"]
    lines = run.stderr.splitlines()
    assert len(lines) == len(data["rules"])
    assert all(line.startswith("explore: ") for line in lines)


def test_explore_cut_short_by_its_time_limit_says_so_and_exits_0(cli: CliFn) -> None:
    run = cli("explore", "--pack", QUESTIONS, "--time-limit", "0.000001")
    assert run.code == 0
    assert "the time limit stopped the search" in run.stdout
    assert "not broken up to depth" not in run.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["--rule", "board-of-for"],
            "unknown rule `board-of-for` in pack `questions` (did you mean `board-of-four`?)",
        ),
        (["--depth", "0"], "`--depth 0` is out of range"),
        (["--depth", "9"], "`--depth 9` is out of range"),
        (["--time-limit", "0"], "`--time-limit 0` is out of range"),
        (["--jobs", "0"], "`--jobs 0` is out of range"),
    ],
)
def test_explore_bad_input(cli: CliFn, args: list[str], says: str) -> None:
    run = cli("explore", "--pack", QUESTIONS, *args)
    assert run.code == 2
    assert run.stdout == ""
    assert run.errors == [f"error: {says}"]
    assert "help: " in run.stderr
    assert "Traceback" not in run.stderr


def test_explore_output_that_is_a_file_is_refused(cli: CliFn, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("", encoding="utf-8")
    run = cli("explore", "--pack", QUESTIONS, "--depth", "1", "--output", str(target))
    assert run.code == 2
    assert "is not a directory" in run.stderr


# In a real process, as `govrules` runs: the CLI handles SIGINT, SIGTERM and SIGHUP
# for the whole run (govrules.output), and explore's worker processes must not.
LONG_SEARCH = ["explore", "--pack", "kubernetes-steering", "--depth", "6"]


def test_explore_in_processes_ends_its_workers_quietly_in_a_real_process() -> None:
    command = ["explore", "--pack", QUESTIONS, "--depth", "2", "--jobs", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "govrules", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "rules: 7 broken, 1 not broken up to depth 2" in done.stdout
    lines = done.stderr.splitlines()
    assert lines
    assert all(line.startswith("explore: ") for line in lines), done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 128 + signal.SIGTERM)]
)
def test_explore_stopped_by_a_signal_in_a_real_process(
    jobs: str, signum: signal.Signals, code: int
) -> None:
    # Ctrl-C ends the search with what it found; SIGTERM ends the run, as it does
    # every command's. Neither leaves a traceback, from the process or its workers.
    with signals_not_ignored():  # however the tests were started
        process = subprocess.Popen(
            [sys.executable, "-m", "govrules", *LONG_SEARCH, "--jobs", jobs],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # one rule searched: the search is under way
        assert first.startswith("explore: 1/"), first
        process.send_signal(signum)
        out, err = process.communicate(timeout=300)
    finally:  # a search six events deep left running would outlast the tests
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == code
    assert "Traceback" not in err
    if signum == signal.SIGINT:
        assert "not searched (interrupted)" in out.splitlines()[-1]
    else:
        assert out == ""
        assert err.splitlines()[-1] == "interrupted by SIGTERM: no output file was changed"


# -- why and check --why ---------------------------------------------------------------


def test_why_gives_the_exact_threshold(cli: CliFn) -> None:
    run = cli("why", SEATS)
    assert run.code == 0
    assert "~ with `seats: 2` instead of `4`, `board-seat-share` would hold:" in run.stdout
    assert "would be 29% (instead of 44%), at most `max_seat_share` (33%)" in run.stdout


def test_why_on_a_passing_event_gives_the_nearest_breaks(cli: CliFn) -> None:
    run = cli("why", OK, "--event", "1")
    assert run.code == 0
    assert "event 1 `ibm-joins` (member.joined, 2023-05-01) breaks nothing" in run.stdout
    assert "`board-seat-share` would break" in run.stdout


@pytest.mark.parametrize("event", ["6", "-1"])
def test_why_an_event_past_the_end(cli: CliFn, event: str) -> None:
    run = cli("why", OK, "--event", event)
    assert run.code == 2
    assert run.stdout == ""
    assert run.errors == [
        f"{OK}: error: `--event {event}` is past the end of the scenario: it holds 6 events"
    ]


def test_check_why_json_adds_why_and_still_fits_the_report_schema(cli: CliFn) -> None:
    schema = json.loads((ROOT / "docs/schemas/report.schema.json").read_text(encoding="utf-8"))
    plain = json.loads(cli("check", SEATS, "--format", "json").stdout)
    assert "why" not in plain["scenarios"][0]["findings"][0]
    run = cli("check", SEATS, OK, "--why", "--format", "json")
    assert run.code == 1
    data = json.loads(run.stdout)
    Draft202012Validator(schema).validate(data)
    (answer,) = data["scenarios"][0]["findings"][0]["why"][:1]
    assert (answer["field"], answer["before"], answer["after"]) == ("seats", 4, 2)
    assert answer["event"]["seats"] == 2
    assert data["scenarios"][1]["why"], "a passing scenario gets its nearest breaks"


def test_check_why_keeps_the_problems_and_settings_of_a_partial_report(
    cli: CliFn, tmp_path: Path
) -> None:
    # with_why adds counterfactuals to the report and keeps all it held: a file
    # that could not be checked still ends the run with 2 and its problem.
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nevents:\n  - {kind: member.joind, at: 2023-01-01}\n")
    run = cli(
        "check", SEATS, str(bad), "--why", "--ignore", "board-decisions-public", "--format", "json"
    )
    assert run.code == 2
    data = json.loads(run.stdout)
    assert data["scenarios"][0]["findings"][0]["why"]
    assert [p["file"] for p in data["problems"]] == [str(bad)]
    assert data["packs"][0]["rules_skipped"] == ["board-decisions-public"]
    assert f"{bad}:3: error:" in run.stderr
    text = cli("check", SEATS, str(bad), "--why")
    assert text.code == 2
    assert "   ~ with `seats: 2` instead of `4`, `board-seat-share` would hold" in text.stdout
    assert "1 file not checked (1 problem)" in text.stdout


def test_check_why_explains_standard_input(cli: CliFn) -> None:
    # Standard input is read once: the counterfactuals are made while it is held.
    run = cli("check", "-", "--why", input=Path(SEATS).read_text(encoding="utf-8"))
    assert run.code == 1
    assert "   ~ with `seats: 2` instead of `4`, `board-seat-share` would hold" in run.stdout


def test_check_why_answers_under_the_parameters_and_rules_checked(cli: CliFn) -> None:
    # With the share allowed raised to 90 %, four seats of nine break nothing, and
    # the nearest break is the share above 90 %, not above the pack's third.
    run = cli("check", SEATS, "--why", "--param", "max_seat_share=0.9", "--format", "json")
    assert run.code == 0
    (result,) = json.loads(run.stdout)["scenarios"]
    assert result["findings"] == []
    (breaks,) = [w["breaks"] for w in result["why"]]
    seats = [b for b in breaks if b["rule"] == "board-seat-share"]
    assert seats
    assert all(b["field"] == "seats" and b["after"] > 40 for b in seats)
    # A rule the check left out is neither explained nor offered as a break.
    ignored = cli("check", SEATS, "--why", "--ignore", "board-seat-share", "--format", "json")
    (result,) = json.loads(ignored.stdout)["scenarios"]
    assert result["findings"] == []
    assert all(b["rule"] != "board-seat-share" for w in result["why"] for b in w["breaks"])


# -- validate --deep --------------------------------------------------------------------


def test_validate_deep_reports_with_the_quotes_involved(cli: CliFn) -> None:
    run = cli("validate", "--pack", QUESTIONS, "--deep", "--format", "json")
    assert run.code == 1
    data = json.loads(run.stdout)
    deep = {p["code"] for p in data["problems"] if p["code"].startswith("deep-")}
    assert {"deep-not-broken", "deep-initial-state", "deep-redundant"} <= deep
    for problem in data["problems"]:
        if problem["code"].startswith("deep-"):
            assert problem["quotes"]
            assert problem["explained"] is None
    text = cli("validate", "--pack", QUESTIONS, "--deep").stdout
    assert (
        "error[deep-initial-state]: rule `board-of-four` fires on the pack's initial state" in text
    )
    assert "  | founding-board (source.txt:4, chars 198-270)" in text


def test_validate_deep_bad_bounds(cli: CliFn) -> None:
    run = cli("validate", "--pack", QUESTIONS, "--deep", "--depth", "0")
    assert run.code == 2
    assert run.errors == ["error: `--depth 0` is out of range"]
