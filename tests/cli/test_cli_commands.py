"""The commands besides ``check``, on the tests' own pack: what they show, what their
help says, and their bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
import typer
from jsonschema import Draft202012Validator

from _support import mini_pack
from cli.cli_support import BAD, MINI, SCENARIOS, CliFn, words
from conftest import ROOT
from govrules.cli import app
from govrules.cli._conventions import _choices
from govrules.pack import bundled_packs, default_pack, load_pack
from govrules.reports.schema import SCHEMAS

COMMANDS = sorted(c.name or "" for c in app.registered_commands)
GROUPS = sorted(g.name or "" for g in app.registered_groups)


# -- help ------------------------------------------------------------------------


def test_every_command_has_its_help_tested() -> None:
    assert set(HELP) | {"check"} == set(COMMANDS) | set(GROUPS) | {
        f"{g} {c.name}" for g in GROUPS for c in _group(g).registered_commands
    }


def _group(name: str) -> Any:
    return next(g.typer_instance for g in app.registered_groups if g.name == name)


def test_the_root_help_lists_every_command(cli: CliFn) -> None:
    run = cli("--help")
    assert run.code == 0
    listed = run.stdout.split("Commands:", 1)[1]
    for name in [*COMMANDS, *GROUPS]:
        assert f"\n  {name} " in listed, name
    assert set(COMMANDS) >= {"check", "explain", "facts", "rules", "paths", "state"}
    assert set(COMMANDS) >= {"validate", "schema", "packs", "init"}
    assert GROUPS == ["sources"]


def test_no_arguments_shows_the_help(cli: CliFn) -> None:
    run = cli()
    assert run.code in (0, 2)
    assert "Usage: govrules" in run.stdout + run.stderr


HELP = {
    "explain": ["RULE_ID", "--pack", "--format", "text", "json", "markdown", "Exit 2"],
    "facts": ["--pack", "--sources", "--format", "span"],
    "rules": ["--pack", "--format", "govrules explain RULE_ID"],
    "paths": ["--pack", "--prefix", "event.*", "before.*", "after.*", "params.*"],
    "state": ["PATH", "--at", "YYYY-MM-DD", "--format json", "Exit 2"],
    "validate": ["--strict", "--sources", "Exit 0", "1 on problems", "2 when the pack", "--deep"],
    "explore": [
        "--rule",
        "--depth",
        "--time-limit",
        "--jobs",
        "--output",
        "not broken up to depth N",
    ],
    "why": ["FILE", "--event", "smallest change", "replaying", "Exit 0"],
    "schema": ["SCHEMA", *SCHEMAS, "--pack", "yaml-language-server"],
    "packs": ["bundled packs"],
    "init": ["NAME", "--dir", "validate --pack DIR --strict"],
    "sources": ["list", "fetch", "record"],
    "sources fetch": ["sha256", "GOVRULES_CACHE", "Exit 2"],
    "sources record": ["start, end, line", "comments", "Exit 1"],
    "sources list": ["--pack", "--sources"],
}


@pytest.mark.parametrize(("command", "says"), HELP.items(), ids=list(HELP))
def test_help_says_what_the_command_needs(cli: CliFn, command: str, says: list[str]) -> None:
    run = cli(*command.split(), "--help")
    assert run.code == 0
    text = words(run.stdout)
    for part in says:
        assert part in text, part


def _every_command() -> list[tuple[str, Any]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, Any]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        out.append((name, command))
        out += [(f"{name} {sub}", inner) for sub, inner in getattr(command, "commands", {}).items()]
    return out


@pytest.mark.parametrize(
    ("name", "command"), _every_command(), ids=[n for n, _ in _every_command()]
)
def test_help_shows_every_option_its_choices_and_its_help(
    cli: CliFn, name: str, command: Any
) -> None:
    # Read from the command itself, so an option added later is held to it too.
    run = cli(*name.split(), "--help")
    assert run.code == 0
    text = words(run.stdout)
    assert text.startswith(f"Usage: govrules {name} ")
    assert words(command.help or "").split(". ")[0] in text  # the command's first sentence
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            assert (param.metavar or param.name.upper()) in text, param.name
            continue
        for option in param.opts:
            assert option in text, option
        for choice in _choices(param) or ():
            assert choice in text, (param.name, choice)
        assert param.help, f"{param.name} has no help"
        assert words(param.help)[:60] in text, param.name


# -- explain -----------------------------------------------------------------------


def test_explain_shows_every_part(cli: CliFn) -> None:
    run = cli("explain", "seat-share", "--pack", MINI)
    assert run.code == 0
    out = run.stdout
    assert out.startswith("seat-share: no organisation holds more than half the board seats\n")
    assert f"defined in: {MINI}/rules/mini/rules.yaml:2" in out
    for part in ("what it checks", "why", "condition", "message", "parameters"):
        assert f"\n{part}\n" in out
    assert "\nfacts it rests on\n" in out
    assert "\nexample that breaks it\n" in out
    assert "max_seat_share = 1/2 (0.5)" in out
    assert "after.bodies.board.largest.share gt params.max_seat_share" in out
    assert "source.txt:4, chars 198-270" in out
    assert (
        "\u201cThe board will be composed of representatives from Alpha, Beta and Gamma\u201d"
        in out
    )
    assert "reports: `Alpha` would hold 3 of 5 seats (60%)" in out


def test_explain_says_when_a_rule_is_in_force_from(cli: CliFn) -> None:
    out = cli("explain", "transition-keeps-code", "--pack", MINI).stdout
    assert "in force from 2024-01-15 (the date of fact `transfer`)" in out


def test_explain_json_and_markdown(cli: CliFn) -> None:
    data = json.loads(cli("explain", "board-size", "--pack", MINI, "--format", "json").stdout)
    assert (data["format"], data["version"], data["pack"]) == ("govrules-explain", 2, "mini")
    assert data["severity"] == "warning"
    assert data["example"]["breaks_rule"] is True
    assert data["example"]["message"] == "the board would have 2 seat(s)"
    assert [p["name"] for p in data["params"]] == ["founding_board_size"]
    assert data["facts"][0]["quotes"][0]["file"] == "source.txt"
    markdown = cli("explain", "board-size", "--pack", MINI, "--format", "markdown").stdout
    assert markdown.startswith("# `board-size`\n")
    assert "## Example" in markdown


@pytest.mark.parametrize(("rule", "hint"), [("seat-shar", "seat-share"), ("zzz", None)])
def test_explain_an_unknown_rule(cli: CliFn, rule: str, hint: str | None) -> None:
    run = cli("explain", rule, "--pack", MINI)
    assert run.code == 2
    assert run.stdout == ""
    assert f"unknown rule `{rule}` in pack `mini`" in run.stderr
    assert ("did you mean" in run.stderr) is (hint is not None)
    if hint:
        assert f"(did you mean `{hint}`?)" in run.stderr


# -- facts and rules -------------------------------------------------------------------


def test_facts_json_carries_the_spans_of_the_quotes(cli: CliFn) -> None:
    data = json.loads(cli("facts", "--pack", MINI, "--format", "json").stdout)
    source = (ROOT / MINI / "seeds/mini/source.txt").read_text(encoding="utf-8")
    assert data["pack"]["name"] == "mini"
    assert [f["id"] for f in data["facts"]] == list(mini_pack().facts)
    for fact in data["facts"]:
        for quote in fact["quotes"]:
            assert quote["source"] == "announcement"
            assert source[quote["start"] : quote["end"]] == quote["text"]
    by_id = {f["id"]: f for f in data["facts"]}
    assert by_id["founding-board"]["rules"] == ["seat-share", "board-size"]
    assert by_id["founding-board"]["params"] == ["max_seat_share", "founding_board_size"]
    assert by_id["founding-board"]["fields"]["members"][0]["name"] == "Alpha"
    assert by_id["transfer"]["fields"]["from"] == "Example Corp"


def test_facts_text_shows_each_fact_and_its_quote(cli: CliFn) -> None:
    out = cli("facts", "--pack", MINI).stdout
    assert out.startswith("mini: 6 facts (The Example Project moves to the Example Foundation;")
    for fact in mini_pack().facts.values():
        assert fact.id in out


def test_rules_json_lists_each_rule(cli: CliFn) -> None:
    data = json.loads(cli("rules", "--pack", MINI, "--format", "json").stdout)
    rules = {r["id"]: r for r in data["rules"]}
    assert list(rules) == [r.id for r in mini_pack().rules]
    assert rules["seat-share"]["params"] == ["max_seat_share"]
    assert rules["licence-open"]["params"] == []
    assert rules["transition-keeps-code"]["in_force_from"] == "transfer"
    assert rules["board-size"]["file"] == f"{MINI}/rules/mini/rules.yaml"
    text = cli("rules", "--pack", MINI).stdout
    assert "run `govrules explain RULE_ID` for a rule's documentation" in text


# -- paths and packs ---------------------------------------------------------------------


def test_paths_lists_what_rules_may_read_with_the_packs_names(cli: CliFn) -> None:
    data = json.loads(cli("paths", "--pack", MINI, "--format", "json").stdout)
    listed = {p["path"]: p for p in data["paths"]}
    assert set(listed) == set(mini_pack().schema.paths)
    assert listed["after.bodies.board.largest.share"]["type"] == "number"
    assert listed["event.body"]["values"] == ["board"]
    assert listed["params.max_seat_share"]["type"] == "number"
    assert all(p["meaning"] for p in data["paths"] if p["path"].startswith(("before.", "after.")))


def test_paths_prefix_keeps_only_those_paths(cli: CliFn) -> None:
    out = cli("paths", "--pack", MINI, "--prefix", "after.bodies.board.largest").stdout
    rows = [line.split()[0] for line in out.splitlines()[2:] if line.startswith("after.")]
    assert rows == [
        "after.bodies.board.largest.count",
        "after.bodies.board.largest.share",
        "after.bodies.board.largest.holders",
    ]


def test_packs_lists_every_bundled_pack_and_the_default(cli: CliFn) -> None:
    run = cli("packs")
    assert run.code == 0
    for name in bundled_packs():
        pack = load_pack(name, lines=False)
        mark = " (default)" if name == default_pack() else ""
        assert f"{name}{mark}: {pack.title}\n  {len(pack.rules)} rules; quotes " in run.stdout


# -- state ---------------------------------------------------------------------------


def _state(cli: CliFn, *args: str) -> dict[str, Any]:
    run = cli("state", "--pack", MINI, "--format", "json", *args)
    assert run.code == 0, run.stderr
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def _seats(data: dict[str, Any]) -> dict[str, int]:
    board = data["state"]["bodies"]["board"]
    return {name: board["by_affiliation"][name] for name in board["members"]}


def test_state_at_takes_the_events_on_or_before_the_date(cli: CliFn) -> None:
    path = f"{SCENARIOS}/breaks.yaml"
    seats = {at: _seats(_state(cli, path, "--at", at)) for at in ("2024-02-29", "2024-03-01")}
    seats |= {at: _seats(_state(cli, path, "--at", at)) for at in ("2024-03-31", "2024-04-01")}
    assert seats["2024-02-29"] == {"Alpha": 1, "Beta": 1, "Gamma": 1}
    assert seats["2024-03-01"] == {"Alpha": 3, "Beta": 1, "Gamma": 1}  # on the date: applied
    assert seats["2024-03-31"] == seats["2024-03-01"]
    assert seats["2024-04-01"] == {"Alpha": 3, "Beta": 1}
    assert _state(cli, path)["state"] == _state(cli, path, "--at", "2024-04-01")["state"]
    before = _state(cli, path, "--at", "2020-01-01")
    assert (before["applied"], before["events"], before["last_event"]) == (0, 3, None)


def test_state_json_is_the_view_rules_read(cli: CliFn) -> None:
    from govrules.replay import state_at
    from govrules.scenario import read_scenario

    path = ROOT / SCENARIOS / "relicence.jsonl"
    data = _state(cli, str(path))
    assert data["format"] == "govrules-state"
    expected = state_at(mini_pack().initial, read_scenario(path).events).view
    assert data["state"] == json.loads(json.dumps(expected))
    assert data["last_event"]["id"] is None
    assert data["last_event"]["index"] == 1


def test_state_text_shows_each_body_and_the_rest(cli: CliFn) -> None:
    out = cli("state", "--pack", MINI, f"{SCENARIOS}/breaks.yaml").stdout
    assert "state: after event 2 `gamma-leaves` (member.left, 2024-04-01)" in out
    assert "board (the board): 2 members, 4 seats, 2 affiliations; largest `Alpha` with 3" in out
    assert "steward: Example Foundation" in out
    assert "parent: Umbrella Foundation (nonprofit)" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--at", "2024-13-01", f"{SCENARIOS}/breaks.yaml"], "error: invalid date `2024-13-01`"),
        (["--at", "1 March", f"{SCENARIOS}/breaks.yaml"], "error: invalid date `1 March`"),
        ([SCENARIOS], f"{SCENARIOS}: error: is a directory, expected a scenario file"),
        (["no-such-file.yaml"], "no-such-file.yaml: error: file not found"),
        (
            [f"{BAD}/unknown-kind.yaml"],
            f"{BAD}/unknown-kind.yaml:4: error: at `events[0].kind`: unknown kind `member.joind`",
        ),
        (
            [f"{BAD}/out-of-order.yaml"],
            f"{BAD}/out-of-order.yaml:5: error: at `events[1].at`: event is dated 2024-02-01",
        ),
        ([f"{MINI}/rules/mini/params.yaml"], "missing field `events`"),
    ],
)
def test_state_bad_input(cli: CliFn, args: list[str], expected: str) -> None:
    run = cli("state", "--pack", MINI, *args)
    assert run.code == 2
    assert run.stdout == ""
    assert expected in run.stderr


def test_state_of_an_event_that_cannot_happen(cli: CliFn, tmp_path: Any) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: x\nevents:\n  - {kind: member.left, at: 2024-01-01, body: board, member: Zeta}\n",
        encoding="utf-8",
    )
    run = cli("state", "--pack", MINI, str(scenario))
    assert run.code == 2
    assert run.errors == [f"{scenario}:3: error: at `events[0]`: `Zeta` is not a member of `board`"]


# -- validate --------------------------------------------------------------------------


def test_validate_the_mini_pack_warns_of_its_unused_fact(cli: CliFn) -> None:
    run = cli("validate", "--pack", MINI)
    assert run.code == 0  # a warning only
    lines = run.stdout.splitlines()
    assert lines[0] == (
        f"{MINI}/seeds/mini/facts.yaml:57: warning[unused-fact]: fact `contributors`"
        " is rested on by no rule and justifies nothing"
    )
    assert f"verified source `announcement` ({MINI}/seeds/mini/source.txt)" in lines
    assert lines[-1] == "pack `mini`: 0 errors, 1 warning"
    assert cli("validate", "--pack", MINI, "--strict").code == 1


def test_validate_json(cli: CliFn) -> None:
    data = json.loads(cli("validate", "--pack", MINI, "--format", "json").stdout)
    assert (data["format"], data["version"], data["pack"]) == ("govrules-validate", 2, "mini")
    assert (data["loaded"], data["errors"], data["warnings"]) == (True, 0, 1)
    (problem,) = data["problems"]
    assert (problem["level"], problem["code"], problem["line"]) == ("warning", "unused-fact", 57)
    (source,) = data["sources"]
    assert source["id"] == "announcement"
    assert source["verified"] is True


# -- schema ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_prints_a_json_schema(cli: CliFn, name: str) -> None:
    run = cli("schema", name)
    assert run.code == 0
    schema = json.loads(run.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"].startswith("govrules")


def test_schema_defaults_to_the_scenario_schema(cli: CliFn) -> None:
    assert cli("schema").stdout == cli("schema", "scenario").stdout


def _enums(node: Any) -> list[list[Any]]:
    """Every ``enum`` in a schema."""
    if isinstance(node, dict):
        found = [node["enum"]] if "enum" in node else []
        return found + [e for value in node.values() for e in _enums(value)]
    if isinstance(node, list):
        return [e for value in node for e in _enums(value)]
    return []


@pytest.mark.parametrize("name", ["scenario", "facts"])
def test_schema_with_a_pack_lists_its_declared_values(cli: CliFn, name: str) -> None:
    generic = json.loads(cli("schema", name).stdout)
    declared = json.loads(cli("schema", name, "--pack", MINI).stdout)
    assert ["board"] not in _enums(generic)
    assert ["board"] in _enums(declared)
    assert ["roadmap", "budget"] in _enums(declared) or name == "facts"


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_takes_a_pack_for_every_schema(cli: CliFn, name: str) -> None:
    run = cli("schema", name, "--pack", MINI)
    assert run.code == 0
    Draft202012Validator.check_schema(json.loads(run.stdout))
    if name not in ("scenario", "facts"):  # these list the pack's values; the others hold none
        assert run.stdout == cli("schema", name).stdout


def test_schema_unknown_name(cli: CliFn) -> None:
    run = cli("schema", "events")
    assert run.code == 2
    assert "events" in run.stderr


# -- every command: a pack that is not there ---------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "seat-share"],
        ["facts"],
        ["rules"],
        ["paths"],
        ["state", f"{SCENARIOS}/clean.yaml"],
        ["validate"],
        ["check", f"{SCENARIOS}/clean.yaml"],
        ["schema", "scenario"],
        ["sources", "list"],
        ["sources", "fetch"],
        ["sources", "record"],
    ],
    ids=" ".join,
)
def test_an_unknown_pack_exits_2_with_a_suggestion(cli: CliFn, args: list[str]) -> None:
    run = cli(*args, "--pack", "pytorch-foundatoin")
    assert run.code == 2
    assert run.stdout == ""
    assert "unknown pack `pytorch-foundatoin` (did you mean `pytorch-foundation`?)" in run.stderr
