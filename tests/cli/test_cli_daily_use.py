"""``govrules check`` in daily use: CI logs, partial reports, overrides, ignores,
short reports, and the conventions of command-line tools (help, metavars,
usage errors, colour, completion)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.cli_support import BAD, MINI, SCENARIOS, CliFn

BREAKS = f"{SCENARIOS}/breaks.yaml"
CLEAN = f"{SCENARIOS}/clean.yaml"


# -- CI logs -------------------------------------------------------------------


def test_with_output_the_log_says_which_rule_broke_where(cli: CliFn, tmp_path: Path) -> None:
    target = tmp_path / "govrules.sarif"
    run = cli("check", "--pack", MINI, "--format", "sarif", "--output", str(target), BREAKS)
    assert run.code == 1
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert f"{BREAKS}:5: error[seat-share]: " in lines[0]
    assert lines[-2] == "1 file, 3 events: 3 errors, 0 warnings"
    assert lines[-1] == f"report written to {target}"
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]


def test_quiet_with_output_prints_nothing_but_problems(cli: CliFn, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    run = cli("check", "--pack", MINI, "-q", "--format", "json", "-o", str(target), BREAKS)
    assert (run.code, run.stdout, run.stderr) == (1, "", "")
    assert target.exists()


def test_readable_files_are_reported_beside_the_problems_of_the_others(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, "--format", "json", SCENARIOS, f"{BAD}/unknown-kind.yaml")
    assert run.code == 2
    data = json.loads(run.stdout)
    assert data["summary"]["files"] == 5
    assert data["summary"]["errors"] == 5
    assert [(p["line"], p["path"]) for p in data["problems"]] == [
        (4, "events[0].kind"),
        (5, "events[1]"),
    ]
    assert len(run.errors) == 2  # and the log says so too


def test_text_reports_the_readable_files_and_counts_the_others(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, BREAKS, f"{BAD}/out-of-order.yaml")
    assert run.code == 2
    assert run.stdout.splitlines()[-1] == (
        "1 file, 3 events: 3 errors, 0 warnings; 1 file not checked (1 problem)"
    )
    assert run.errors == [
        f"{BAD}/out-of-order.yaml:5: error: at `events[1].at`: event is dated 2024-02-01,"
        " before the event ahead of it (2024-03-01)"
    ]


def test_stdin_is_a_scenario(cli: CliFn) -> None:
    text = Path(BREAKS).read_text(encoding="utf-8")
    run = cli("check", "--pack", MINI, "--format", "concise", "-", input=text)
    assert run.code == 1
    assert run.stdout.startswith("<stdin>:5: error[seat-share]: ")


def test_stdin_takes_json_lines_too(cli: CliFn) -> None:
    text = Path(f"{SCENARIOS}/relicence.jsonl").read_text(encoding="utf-8")
    run = cli("check", "--pack", MINI, "-q", "-", input=text)
    assert run.code == 1
    assert run.stdout.startswith("<stdin>:")


# -- short reports ---------------------------------------------------------------


def test_concise_is_one_line_per_finding(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, "--format", "concise", SCENARIOS)
    lines = run.stdout.splitlines()
    findings = json.loads(cli("check", "--pack", MINI, "--format", "json", SCENARIOS).stdout)
    flat = [f for s in findings["scenarios"] for f in s["findings"]]
    assert len(lines) == len(flat) + 1
    for line, finding in zip(lines, flat, strict=False):
        where = f"{finding['file']}:{finding['event']['line']}"
        assert line == f"{where}: {finding['severity']}[{finding['rule']}]: {finding['message']}"
    assert lines[-1] == "5 files, 11 events: 5 errors, 1 warning"


def test_quiet_leaves_out_the_summary(cli: CliFn) -> None:
    quiet = cli("check", "--pack", MINI, "--quiet", SCENARIOS).stdout
    concise = cli("check", "--pack", MINI, "--format", "concise", SCENARIOS).stdout
    assert quiet == concise.rsplit("\n", 2)[0] + "\n"


def test_statistics_count_each_rule(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, "--statistics", SCENARIOS)
    assert run.code == 1
    rows = [line.split(None, 3) for line in run.stdout.splitlines()[:-2]]
    counts = {rule: int(n) for n, rule, _, _ in rows}
    assert sum(counts.values()) == 6
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)


def test_statistics_with_a_machine_format_is_refused(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, "--statistics", "--format", "json", SCENARIOS)
    assert run.code == 2
    assert run.errors == [
        "error: `--statistics` counts findings as text; it cannot be combined with `--format json`"
    ]


def test_repeated_evidence_is_quoted_once_per_file(cli: CliFn, tmp_path: Path) -> None:
    events = "\n".join(
        f"  - {{kind: member.seats_changed, at: 2024-0{m}-01, body: board, member: Alpha,"
        f" seats: {m + 2}}}"
        for m in range(1, 6)
    )
    scenario = tmp_path / "grows.yaml"
    scenario.write_text(f"name: Alpha grows\nevents:\n{events}\n", encoding="utf-8")
    run = cli("check", "--pack", MINI, str(scenario))
    assert run.stdout.count("error[seat-share]") == 5
    assert run.stdout.count("(quoted above)") == 4
    quote_lines = [line for line in run.stdout.splitlines() if line.startswith("   |   \u201c")]
    assert len(quote_lines) == len(set(quote_lines))


# -- control ---------------------------------------------------------------------


def test_a_parameter_override_changes_the_verdict_and_is_recorded(cli: CliFn) -> None:
    run = cli("check", "--pack", MINI, "--format", "json", "--param", "max_seat_share=3/4", BREAKS)
    data = json.loads(run.stdout)
    assert "seat-share" not in {f["rule"] for f in data["scenarios"][0]["findings"]}
    assert data["packs"][0]["overrides"] == [
        {"name": "max_seat_share", "value": "3/4", "pack_value": "1/2"}
    ]


@pytest.mark.parametrize(
    ("param", "message", "hint"),
    [
        (
            "max_seat_shar=1/2",
            "error: unknown parameter `max_seat_shar` (did you mean `max_seat_share`?)",
            "  help: the parameters: founding_board_size, max_seat_share",
        ),
        (
            "founding_board_size=three",
            "error: parameter `founding_board_size` takes a number (the pack's value is `3`),"
            " not the text `three`",
            "  help: for example `--param founding_board_size=3`",
        ),
        (
            "founding_board_size",
            "error: `--param founding_board_size` is not of the form NAME=VALUE",
            "  help: for example `--param max_terms=3`",
        ),
    ],
)
def test_a_bad_parameter_override_exits_2(cli: CliFn, param: str, message: str, hint: str) -> None:
    run = cli("check", "--pack", MINI, "--param", param, BREAKS)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [message, hint]


def test_select_and_ignore_choose_the_rules(cli: CliFn) -> None:
    def rules(*args: str) -> set[str]:
        data = json.loads(cli("check", "--pack", MINI, "--format", "json", *args, BREAKS).stdout)
        return {f["rule"] for f in data["scenarios"][0]["findings"]}

    everything = rules()
    assert rules("--select", "seat-share") == {"seat-share"}
    assert rules("--select", "seat-share,open-decisions") == {"seat-share", "open-decisions"}
    assert rules("--ignore", "seat-share") == everything - {"seat-share"}
    data = json.loads(
        cli("check", "--pack", MINI, "--format", "json", "--ignore", "seat-share", BREAKS).stdout
    )
    assert data["packs"][0]["rules_skipped"] == ["seat-share"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_exits_2_with_a_did_you_mean(cli: CliFn, option: str) -> None:
    run = cli("check", "--pack", MINI, option, "seat-shar", BREAKS)
    assert run.code == 2
    assert run.errors == [
        f"error: unknown rule `seat-shar` in `{option}` (did you mean `seat-share`?)"
    ]


def _ignoring(tmp_path: Path, ignore: str) -> Path:
    scenario = tmp_path / "accepted.yaml"
    scenario.write_text(
        "name: Alpha takes over, accepted\n"
        "events:\n"
        "  - kind: member.seats_changed\n"
        "    at: 2024-03-01\n"
        "    body: board\n"
        "    member: Alpha\n"
        "    seats: 3\n"
        f"    ignore: {ignore}\n",
        encoding="utf-8",
    )
    return scenario


def test_an_ignore_in_the_scenario_suppresses_with_its_reason(cli: CliFn, tmp_path: Path) -> None:
    scenario = _ignoring(tmp_path, "[{rule: seat-share, reason: agreed for one year}]")
    run = cli("check", "--pack", MINI, "--format", "json", str(scenario))
    assert run.code == 0
    data = json.loads(run.stdout)
    (result,) = data["scenarios"]
    assert result["findings"] == []
    (suppressed,) = result["suppressed"]
    assert (suppressed["rule"], suppressed["reason"]) == ("seat-share", "agreed for one year")
    assert data["summary"]["suppressed"] == 1
    sarif = json.loads(cli("check", "--pack", MINI, "--format", "sarif", str(scenario)).stdout)
    (found,) = sarif["runs"][0]["results"]
    assert found["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "agreed for one year"}
    ]
    text = cli("check", "--pack", MINI, str(scenario)).stdout
    assert "suppressed[seat-share] event 0: agreed for one year" in text
    assert text.splitlines()[-1] == "1 file, 1 event: no commitment broken (1 suppressed)"


@pytest.mark.parametrize(
    ("ignore", "message"),
    [
        ("[{rule: seat-share}]", "8: error: at `events[0].ignore[0]`: missing field `reason`"),
        (
            "[{rule: seat-share, reason: ' '}]",
            "8: error: at `events[0].ignore[0].reason`: an ignore needs a `reason`: say why the"
            " finding is accepted",
        ),
        (
            "[{rule: seat-shar, reason: agreed}]",
            "3: error: at `events[0].ignore[0].rule`: unknown rule `seat-shar`"
            " (did you mean `seat-share`?)",
        ),
    ],
)
def test_a_bad_ignore_exits_2(cli: CliFn, tmp_path: Path, ignore: str, message: str) -> None:
    scenario = _ignoring(tmp_path, ignore)
    run = cli("check", "--pack", MINI, str(scenario))
    assert run.code == 2
    assert run.errors == [f"{scenario}:{message}"]


# -- conventions -----------------------------------------------------------------


def test_dash_h_is_help(cli: CliFn) -> None:
    short, long = cli("check", "-h"), cli("check", "--help")
    assert short.code == long.code == 0
    assert short.stdout == long.stdout
    assert short.stdout.startswith("Usage: govrules check [OPTIONS] PATH...")


def test_help_shows_plain_metavars(cli: CliFn) -> None:
    text = cli("check", "-h").stdout
    for shown in (
        "PATH...",
        "--pack NAME|DIR",
        "--output FILE",
        "--param NAME=VALUE",
        "--select RULE",
        "--exclude GLOB",
        "--color [auto|always|never]",
        "--format [text|concise|json|sarif|junit|html]",
    ):
        assert shown in text, shown
    assert "<" not in text
    assert "{" not in text
    assert cli("explain", "-h").stdout.startswith("Usage: govrules explain [OPTIONS] RULE_ID")


def test_a_bad_choice_lists_the_choices(cli: CliFn) -> None:
    run = cli("check", "--format", "xml", CLEAN)
    assert run.code == 2
    assert run.stderr.splitlines() == [
        "error: invalid value for `--format`: 'xml' is not one of text, concise, json, sarif,"
        " junit, html",
        "  help: choose one of text, concise, json, sarif, junit, html",
    ]
    colour = cli("check", "--color", "sometimes", CLEAN)
    assert colour.code == 2
    assert "'sometimes' is not one of auto, always, never" in colour.stderr


def test_unknown_options_and_commands_get_a_did_you_mean(cli: CliFn) -> None:
    option = cli("check", "--formt", "json", CLEAN)
    assert option.code == 2
    assert (
        option.stderr.splitlines()[0]
        == "error: no such option `--formt` (did you mean `--format`?)"
    )
    command = cli("chek", CLEAN)
    assert command.code == 2
    assert command.stderr.splitlines()[0].startswith(
        "error: no such command `chek` (did you mean `check`"
    )


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
        (["--color", "always"], {"NO_COLOR": "1"}, True),
    ],
)
def test_colour_follows_the_option_then_the_environment(
    cli: CliFn,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
    coloured: bool,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run = cli("check", "--pack", MINI, *args, BREAKS)
    assert ("\x1b[" in run.stdout) is coloured


def test_shell_completion_is_on(cli: CliFn, monkeypatch: pytest.MonkeyPatch) -> None:
    help_text = cli("--help").stdout
    assert "--install-completion" in help_text
    assert "--show-completion" in help_text
    # `--show-completion` is a flag: the shell is found from the process tree,
    # which a test run started outside any shell does not have.
    import shellingham  # type: ignore[import-untyped]

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))
    script = cli("--show-completion")
    assert script.code == 0
    assert "_GOVRULES_COMPLETE=complete_bash" in script.stdout


def test_completion_completes_options_and_choices(
    cli: CliFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_GOVRULES_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "govrules check --format ")
    monkeypatch.setenv("COMP_CWORD", "3")
    run = cli()
    assert set(run.stdout.split()) == {"text", "concise", "json", "sarif", "junit", "html"}
