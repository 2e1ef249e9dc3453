"""``govrules validate`` on broken packs: a copy of the bundled pack with one thing broken each.

The breakages are made generically (the first rule of the first rule file, the
first fact), so these tests hold whatever the bundled pack's rules say.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli.cli_support import CliFn
from govrules.pack import DEFAULT_PACK, bundled_root

Edit = Callable[[Any], None]


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


def _edit(path: Path, change: Edit) -> None:
    yaml = _yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[str, Edit], str]:
    """``broken("rules"|"facts"|"params", edit)``: a pack directory with one file edited."""
    root = bundled_root()
    for part in ("seeds", "rules"):
        shutil.copytree(root / part / DEFAULT_PACK, tmp_path / part / DEFAULT_PACK)

    def make(which: str, change: Edit) -> str:
        rules_dir = tmp_path / "rules" / DEFAULT_PACK
        if which == "facts":
            target = tmp_path / "seeds" / DEFAULT_PACK / "facts.yaml"
        elif which == "params":
            target = rules_dir / "params.yaml"
        else:
            target = sorted(p for p in rules_dir.glob("*.yaml") if p.name != "params.yaml")[0]
        _edit(target, change)
        return str(tmp_path)

    return make


def test_the_bundled_pack_is_valid(cli: CliFn) -> None:
    run = cli("validate")
    assert run.code == 0, run.stdout
    assert "0 errors" in run.stdout


def test_an_unchanged_copy_is_valid(cli: CliFn, broken: Callable[[str, Edit], str]) -> None:
    run = cli("validate", "--pack", broken("facts", lambda data: None))
    assert run.code == 0, run.stdout


def _first_rule(data: Any) -> Any:
    return data["rules"][0]


def _set_quote(data: Any) -> None:
    data["facts"][0]["evidence"][0] = "words that are nowhere in the source"


def _rests_on_unknown(data: Any) -> None:
    _first_rule(data)["rests_on"].append("no-such-fact")


def _unjustified_param(data: Any) -> None:
    first = next(iter(data["params"]))
    data["params"][first]["justified_by"] = []


def _no_why(data: Any) -> None:
    del _first_rule(data)["docs"]["why"]


def _example_breaks_nothing(data: Any) -> None:
    _first_rule(data)["docs"]["example"]["events"] = [
        {
            "kind": "adoption.changed",
            "at": "2030-01-01",
            "organisation": "Nobody",
            "primary_framework": True,
        }
    ]


def _example_cannot_happen(data: Any) -> None:
    _first_rule(data)["docs"]["example"]["events"] = [
        {"kind": "board.seat_lost", "at": "2030-01-01", "organisation": "Nobody"}
    ]


def _example_invalid_event(data: Any) -> None:
    _first_rule(data)["docs"]["example"]["events"] = [
        {"kind": "board.seat_gaind", "at": "2030-01-01"}
    ]


@pytest.mark.parametrize(
    ("which", "change", "expected"),
    [
        ("facts", _set_quote, "is not in the source `announcement.txt`"),
        ("rules", _rests_on_unknown, "rests on unknown fact `no-such-fact`"),
        ("params", _unjustified_param, "justified_by"),
        ("rules", _no_why, "missing field `why`"),
        ("rules", _example_breaks_nothing, "does not break it"),
        ("rules", _example_cannot_happen, "cannot be replayed"),
        ("rules", _example_invalid_event, "unknown kind `board.seat_gaind`"),
    ],
    ids=[
        "quote-not-in-source",
        "unknown-fact",
        "unjustified-parameter",
        "missing-docs-field",
        "example-breaks-nothing",
        "example-cannot-happen",
        "example-invalid-event",
    ],
)
def test_each_problem_exits_1(
    cli: CliFn, broken: Callable[[str, Edit], str], which: str, change: Edit, expected: str
) -> None:
    run = cli("validate", "--pack", broken(which, change))
    assert run.code == 1, run.stdout
    assert run.stderr == ""
    problems = [line for line in run.stdout.splitlines() if ": error[" in line]
    assert problems, run.stdout
    assert any(expected in line for line in problems), run.stdout
    for line in problems:  # file:line: error[code]: ...
        place = line.split(": error[", 1)[0]
        assert place.rsplit(":", 1)[-1].isdigit(), line
    assert "Traceback" not in run.stdout


def test_an_example_problem_points_at_the_example(
    cli: CliFn, broken: Callable[[str, Edit], str]
) -> None:
    run = cli("validate", "--pack", broken("rules", _example_breaks_nothing))
    line = next(line for line in run.stdout.splitlines() if "does not break it" in line)
    assert "error[example]: at `rules[0].docs.example`:" in line


def _add_unused_fact(data: Any) -> None:
    first = data["facts"][0]
    data["facts"].append(
        {
            "id": "kept-for-the-record",
            "kind": "statement",
            "as_of": str(first["as_of"]),
            "modality": "states",
            "summary": "a fact no rule uses",
            "subject": "the source",
            "statement": "a fact no rule uses",
            "evidence": [str(first["evidence"][0])],
        }
    )


def test_an_unused_fact_is_a_warning(cli: CliFn, broken: Callable[[str, Edit], str]) -> None:
    pack = broken("facts", _add_unused_fact)
    run = cli("validate", "--pack", pack)
    assert run.code == 0
    assert "warning[unused-fact]: fact `kept-for-the-record` is rested on by no rule" in run.stdout
    assert cli("validate", "--pack", pack, "--strict").code == 1


def _add_unused_param(data: Any) -> None:
    first = next(iter(data["params"].values()))
    data["params"]["never_read"] = {
        "value": 1,
        "justified_by": list(first["justified_by"]),
        "reason": "read by no rule",
    }


def test_an_unused_parameter_is_a_warning(cli: CliFn, broken: Callable[[str, Edit], str]) -> None:
    run = cli("validate", "--pack", broken("params", _add_unused_param))
    assert run.code == 0
    assert "warning[unused-param]: at `params.never_read`: parameter `never_read`" in run.stdout


def test_several_problems_are_all_reported(cli: CliFn, broken: Callable[[str, Edit], str]) -> None:
    broken("facts", _set_quote)
    pack = broken("rules", _rests_on_unknown)
    run = cli("validate", "--pack", pack)
    assert run.code == 1
    assert "is not in the source" in run.stdout
    assert "rests on unknown fact" in run.stdout


@pytest.mark.parametrize("what", ["missing", "empty"])
def test_a_pack_that_cannot_be_found_exits_2(cli: CliFn, tmp_path: Path, what: str) -> None:
    target = tmp_path / "nothing-here" if what == "missing" else tmp_path
    run = cli("validate", "--pack", str(target))
    assert run.code == 2
    assert run.stdout == ""
    assert "error:" in run.stderr
