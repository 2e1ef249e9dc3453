"""``govrules validate`` on broken packs: a copy of the tests' mini pack with one thing
broken each; every problem is reported with its file and line, all at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from _support import MINI, copy_pack, edit
from cli.cli_support import CliFn

RULES = "rules/mini/rules.yaml"
FACTS = "seeds/mini/facts.yaml"
PARAMS = "rules/mini/params.yaml"
Broken = Callable[..., str]


@pytest.fixture
def broken(tmp_path: Path) -> Broken:
    """``broken((file, old, new), ...)``: a copy of the mini pack with each edit made."""
    root = copy_pack(MINI, tmp_path / "pack")

    def make(*edits: tuple[str, str, str]) -> str:
        for file, old, new in edits:
            edit(root / file, old, new)
        return str(root)

    return make


def test_an_unchanged_copy_is_valid(cli: CliFn, broken: Broken) -> None:
    run = cli("validate", "--pack", broken())
    assert run.code == 0, run.stdout
    assert run.stdout.endswith("pack `mini`: 0 errors, 1 warning\n")


EXAMPLE = "          - {kind: member.left, at: 2024-05-01, body: board, member: Gamma}"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            (FACTS, "Decisions will be made in the open", "Decisions are made in the open"),
            "error[load]: at `facts[3].evidence[0]`: the quote of fact `balanced-board` is not"
            " in the source `announcement`",
        ),
        (
            (RULES, "rests_on: [founding-board]", "rests_on: [founding-board, no-such-fact]"),
            "error[load]: at `rules[2].rests_on[1]`: rule `board-size` rests on unknown fact"
            " `no-such-fact`",
        ),
        (
            (PARAMS, "justified_by: [founding-board]", "justified_by: []"),
            "error[load]: at `params.founding_board_size.justified_by`: expected at least 1 item",
        ),
        (
            (RULES, "      why: The founding board has three members.\n", ""),
            "error[load]: at `rules[2].docs`: missing field `why`",
        ),
        (
            (
                RULES,
                EXAMPLE,
                "          - {kind: member.joined, at: 2024-05-01, body: board, member: Zeta}",
            ),
            "error[example]: the example of rule `board-size` does not break it",
        ),
        (
            (
                RULES,
                EXAMPLE,
                "          - {kind: member.left, at: 2024-05-01, body: board, member: Zeta}",
            ),
            "error[example]: the example of rule `board-size` cannot be replayed: event 0:"
            " `Zeta` is not a member of `board`",
        ),
        (
            (RULES, EXAMPLE, "          - {kind: member.lefts, at: 2024-05-01}"),
            "error[load]: at `rules[2].docs.example.events[0].kind`: unknown kind `member.lefts`",
        ),
        (
            (
                RULES,
                EXAMPLE,
                "          - {kind: member.left, at: 2024-05-01, body: bord, member: Gamma}",
            ),
            "error[load]: at `rules[2].docs.example.events[0].body`: unknown body `bord`",
        ),
        (
            (RULES, "in_force_from: transfer", "in_force_from: transfers"),
            "error[load]: at `rules[4].in_force_from`: rule `transition-keeps-code` is in force"
            " from unknown fact `transfers` (did you mean `transfer`?)",
        ),
    ],
    ids=[
        "quote-not-in-source",
        "unknown-fact",
        "unjustified-parameter",
        "missing-docs-field",
        "example-breaks-nothing",
        "example-cannot-happen",
        "example-invalid-event",
        "example-undeclared-value",
        "in-force-from-unknown-fact",
    ],
)
def test_each_problem_exits_1_located(
    cli: CliFn, broken: Broken, change: tuple[str, str, str], expected: str
) -> None:
    pack = broken(change)
    run = cli("validate", "--pack", pack)
    assert run.code == 1, run.stdout
    assert run.stderr == ""
    problems = [line for line in run.stdout.splitlines() if ": error[" in line]
    assert problems, run.stdout
    assert any(expected in line for line in problems), run.stdout
    for line in problems:  # file:line: error[code]: ...
        place = line.split(": error[", 1)[0]
        assert place.startswith(f"{pack}/{change[0]}:"), line
        assert place.rsplit(":", 1)[-1].isdigit(), line


def test_an_example_problem_points_at_its_rule(cli: CliFn, broken: Broken) -> None:
    new = "          - {kind: member.joined, at: 2024-05-01, body: board, member: Zeta}"
    pack = broken((RULES, EXAMPLE, new))
    run = cli("validate", "--pack", pack)
    line = next(line for line in run.stdout.splitlines() if "does not break it" in line)
    assert line.startswith(f"{pack}/{RULES}:40: error[example]:")
    assert "  help: replayed from the pack's initial state, the last event must make it fire" in (
        run.stdout
    )


def test_a_pack_that_does_not_load_runs_no_examples(cli: CliFn, broken: Broken) -> None:
    run = cli("validate", "--pack", broken((FACTS, "body: board", "body: bord")))
    assert run.code == 1
    assert run.stdout.rstrip().endswith("(the pack did not load, so its examples were not run)")


def test_an_unused_fact_is_a_warning_and_marking_it_informational_silences_it(
    cli: CliFn, broken: Broken
) -> None:
    run = cli("validate", "--pack", broken())
    assert "warning[unused-fact]: fact `contributors`" in run.stdout
    pack = broken(
        (FACTS, "    unit: contributors\n", "    unit: contributors\n    informational: a figure\n")
    )
    assert cli("validate", "--pack", pack, "--strict").code == 0


def test_an_informational_fact_a_rule_rests_on_is_a_warning(cli: CliFn, broken: Broken) -> None:
    marked = "    project: Example Project\n    open_source: true\n    informational: why not\n"
    pack = broken((FACTS, "    project: Example Project\n    open_source: true\n", marked))
    run = cli("validate", "--pack", pack)
    assert run.code == 0
    assert (
        "warning[informational-used]: fact `example-project` is marked informational,"
        " but rules rest on it" in run.stdout
    )


def test_an_unused_parameter_is_a_warning(cli: CliFn, broken: Broken) -> None:
    extra = "  never_read:\n    value: 1\n    justified_by: [founding-board]\n    reason: no rule\n"
    pack = broken((PARAMS, "params:\n", "params:\n" + extra))
    run = cli("validate", "--pack", pack)
    assert run.code == 0
    assert (
        f"{pack}/{PARAMS}:2: warning[unused-param]: at `params.never_read`: parameter"
        " `never_read` is read by no rule" in run.stdout
    )


def test_a_name_a_fact_asserts_that_its_quotes_lack_is_a_warning(
    cli: CliFn, broken: Broken
) -> None:
    pack = broken((FACTS, "from: Example Corp", "from: Example Holdings"))
    run = cli("validate", "--pack", pack)
    assert run.code == 0
    assert (
        "warning[unquoted-field]: fact `transfer` asserts from `Example Holdings`, which its"
        " quotes do not contain" in run.stdout
    )


def test_several_problems_are_all_reported(cli: CliFn, broken: Broken) -> None:
    pack = broken(
        (FACTS, "Decisions will be made in the open", "Decisions are made in the open"),
        (RULES, "rests_on: [founding-board]", "rests_on: [founding-board, no-such-fact]"),
        (RULES, "after.bodies.board.largest.share, gt", "after.bodies.board.largest.shar, gt"),
    )
    run = cli("validate", "--pack", pack, "--format", "json")
    assert run.code == 1
    data = json.loads(run.stdout)
    assert data["errors"] == 3
    assert data["loaded"] is False
    assert {p["file"].rsplit("/", 1)[-1] for p in data["problems"]} == {
        "facts.yaml",
        "rules.yaml",
    }
    assert all(p["line"] for p in data["problems"])


@pytest.mark.parametrize("what", ["missing", "empty", "two-packs"])
def test_a_pack_that_cannot_be_found_exits_2(cli: CliFn, tmp_path: Path, what: str) -> None:
    if what == "missing":
        target = tmp_path / "nothing-here"
        expected = "unknown pack"
    elif what == "empty":
        target = tmp_path
        expected = "is not a pack directory"
    else:
        target = copy_pack(MINI, tmp_path / "two")
        for part in ("seeds", "rules"):
            (target / part / "mini").rename(target / part / "other")
        copy_pack(MINI, tmp_path / "again")
        for part in ("seeds", "rules"):
            (tmp_path / "again" / part / "mini").rename(target / part / "mini")
        expected = "holds several packs: `mini`, `other`"
    run = cli("validate", "--pack", str(target))
    assert run.code == 2
    assert run.stdout == ""
    assert expected in run.stderr
