"""The commands besides `check`: snapshots of their output, and their bad input."""

from __future__ import annotations

import json

import pytest
from syrupy.assertion import SnapshotAssertion

from cli.cli_support import BAD, MINI, ROOT, SCENARIOS, CliFn

COMMANDS = ["check", "explain", "facts", "rules", "state", "validate", "schema"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(cli: CliFn, snapshot: SnapshotAssertion, command: str | None) -> None:
    run = cli("--help") if command is None else cli(command, "--help")
    assert run.code == 0
    assert run.stdout == snapshot


# -- explain ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_explain(cli: CliFn, snapshot: SnapshotAssertion, fmt: str) -> None:
    run = cli("explain", "seat-share", "--pack", MINI, "--format", fmt)
    assert run.code == 0
    assert run.stdout == snapshot


def test_explain_shows_every_part(cli: CliFn) -> None:
    out = cli("explain", "seat-share", "--pack", MINI).stdout
    for part in ("what it checks", "why", "condition", "parameters", "facts it rests on"):
        assert f"\n{part}\n" in out
    assert "max_seat_share = 1/2 (0.5)" in out
    assert "after.board.largest_share gt params.max_seat_share" in out
    assert (
        "\u201cThe board will be composed of representatives from Alpha, Beta and Gamma\u201d"
        in out
    )
    assert "reports: `Alpha` would hold 3 of 5 seats (60%)" in out


def test_explain_unknown_rule(cli: CliFn, snapshot: SnapshotAssertion) -> None:
    run = cli("explain", "seat-shar", "--pack", MINI)
    assert run.code == 2
    assert run.stdout == ""
    assert "(did you mean `seat-share`?)" in run.stderr
    assert run.stderr == snapshot


def test_explain_unknown_rule_far_from_any(cli: CliFn) -> None:
    run = cli("explain", "zzz", "--pack", MINI)
    assert run.code == 2
    assert "did you mean" not in run.stderr
    assert "unknown rule `zzz`" in run.stderr


# -- facts and rules -------------------------------------------------------


@pytest.mark.parametrize("command", ["facts", "rules"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_tables(cli: CliFn, snapshot: SnapshotAssertion, command: str, fmt: str) -> None:
    run = cli(command, "--pack", MINI, "--format", fmt)
    assert run.code == 0
    assert run.stdout == snapshot


def test_facts_json_carries_spans_that_point_at_the_quotes(cli: CliFn) -> None:
    data = json.loads(cli("facts", "--pack", MINI, "--format", "json").stdout)
    source = (ROOT / MINI / "seeds/mini/source.txt").read_text(encoding="utf-8")
    assert len(data["facts"]) == 6
    for fact in data["facts"]:
        for quote in fact["quotes"]:
            assert source[quote["start"] : quote["end"]] == quote["text"]


def test_rules_json_lists_each_rule(cli: CliFn) -> None:
    data = json.loads(cli("rules", "--pack", MINI, "--format", "json").stdout)
    assert [r["id"] for r in data["rules"]] == [
        "seat-share",
        "open-decisions",
        "board-size",
        "licence-open",
    ]
    assert data["rules"][0]["params"] == ["max_seat_share"]


# -- state -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [f"{SCENARIOS}/breaks.yaml"],
        [f"{SCENARIOS}/breaks.yaml", "--at", "2024-03-05"],
        [f"{SCENARIOS}/breaks.yaml", "--at", "2020-01-01"],
        [f"{SCENARIOS}/relicence.jsonl", "--format", "json"],
    ],
    ids=["after-all", "at-a-date", "before-any-event", "json"],
)
def test_state(cli: CliFn, snapshot: SnapshotAssertion, args: list[str]) -> None:
    run = cli("state", "--pack", MINI, *args)
    assert run.code == 0
    assert run.stdout == snapshot


def _state(cli: CliFn, *args: str) -> dict[str, object]:
    run = cli("state", "--pack", MINI, "--format", "json", *args)
    assert run.code == 0, run.stderr
    data: dict[str, object] = json.loads(run.stdout)
    return data


def test_state_at_takes_events_on_or_before_the_date(cli: CliFn) -> None:
    path = f"{SCENARIOS}/breaks.yaml"
    seats = {
        at: _state(cli, path, "--at", at)["state"]["board"]["seats"]  # type: ignore[index]
        for at in ("2024-02-29", "2024-03-01", "2024-03-31", "2024-04-01")
    }
    assert seats["2024-02-29"] == {"Alpha": 1, "Beta": 1, "Gamma": 1}
    assert seats["2024-03-01"] == {"Alpha": 3, "Beta": 1, "Gamma": 1}  # on the date: applied
    assert seats["2024-03-31"] == seats["2024-03-01"]
    assert seats["2024-04-01"] == {"Alpha": 3, "Beta": 1}
    assert _state(cli, path)["state"] == _state(cli, path, "--at", "2024-04-01")["state"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--at", "2024-13-01", f"{SCENARIOS}/breaks.yaml"], "invalid date `2024-13-01`"),
        (["--at", "1 March", f"{SCENARIOS}/breaks.yaml"], "invalid date `1 March`"),
        ([SCENARIOS], "is a directory, expected a scenario file"),
        (["no-such-file.yaml"], "no-such-file.yaml: error: file not found"),
        ([f"{BAD}/unknown-kind.yaml"], "unknown kind `board.seat_gaind`"),
        ([f"{MINI}/rules/mini/params.yaml"], "missing field `events`"),
    ],
)
def test_state_bad_input(cli: CliFn, args: list[str], expected: str) -> None:
    run = cli("state", "--pack", MINI, *args)
    assert run.code == 2
    assert run.stdout == ""
    assert expected in run.stderr


def test_state_of_an_impossible_event(cli: CliFn, tmp_path: object) -> None:
    run = cli("state", "--pack", MINI, f"{BAD}/../scenarios/../bad/out-of-order.yaml")
    assert run.code == 2
    assert "before the event ahead of it" in run.stderr


# -- validate --------------------------------------------------------------


def test_validate_mini(cli: CliFn, snapshot: SnapshotAssertion) -> None:
    run = cli("validate", "--pack", MINI)
    assert run.code == 0  # warnings only
    assert run.stdout == snapshot


def test_validate_strict_fails_on_warnings(cli: CliFn) -> None:
    assert cli("validate", "--pack", MINI, "--strict").code == 1


def test_validate_json(cli: CliFn, snapshot: SnapshotAssertion) -> None:
    run = cli("validate", "--pack", MINI, "--format", "json")
    assert run.code == 0
    assert run.stdout == snapshot


# -- schema ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "committed"),
    [([], "docs/scenario.schema.json"), (["report"], "docs/report.schema.json")],
)
def test_schema_matches_the_committed_copy(cli: CliFn, args: list[str], committed: str) -> None:
    run = cli("schema", *args)
    assert run.code == 0
    assert run.stdout == (ROOT / committed).read_text(encoding="utf-8"), (
        f"{committed} is out of date: run `govrules schema {' '.join(args)} -o {committed}`"
    )


def test_schema_unknown_name(cli: CliFn) -> None:
    run = cli("schema", "events")
    assert run.code == 2
    assert "events" in run.stderr


# -- every command: a pack that is not there --------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "seat-share"],
        ["facts"],
        ["rules"],
        ["state", f"{SCENARIOS}/clean.yaml"],
        ["validate"],
        ["check", f"{SCENARIOS}/clean.yaml"],
    ],
)
def test_unknown_pack_exits_2(cli: CliFn, args: list[str]) -> None:
    run = cli(*args, "--pack", "pytorch-foundatoin")
    assert run.code == 2
    assert run.stdout == ""
    assert "unknown pack `pytorch-foundatoin` (did you mean `pytorch-foundation`?)" in run.stderr
