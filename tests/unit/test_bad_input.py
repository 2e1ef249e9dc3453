"""Bad input ends in exit 2 with one located message per problem, never a traceback.

The cases are data: tests/golden/bad-input.yaml (its header says how to read it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _support import MINI, TESTS, copy_pack, edit
from govrules.cli import app
from govrules.documents import load_document

CASES: list[dict[str, Any]] = load_document(TESTS / "golden" / "bad-input.yaml").data["cases"]
# `file:line: error: at `path`: message`, each part but the message optional.
_PROBLEM = re.compile(
    r"^(?:(?P<file>.+?)(?::(?P<line>\d+))?: )?error: (?:at `(?P<path>[^`]+)`: )?(?P<message>.*)$"
)


@dataclass(frozen=True)
class Printed:
    file: str | None
    line: int | None
    path: str | None
    message: str
    help: str | None


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    problems: list[Printed]
    mini: str


def _problems(stderr: str) -> list[Printed]:
    out: list[Printed] = []
    for line in stderr.splitlines():
        if line.startswith("  help: ") and out:
            last = out[-1]
            out[-1] = Printed(last.file, last.line, last.path, last.message, line[8:])
            continue
        match = _PROBLEM.match(line)
        assert match, f"not a problem line: {line!r}"
        out.append(
            Printed(
                match["file"],
                int(match["line"]) if match["line"] else None,
                match["path"],
                match["message"],
                None,
            )
        )
    return out


def _run(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    work = tmp_path / "work"
    work.mkdir()
    for name, content in case.get("files", {}).items():
        (work / name).write_text(content, encoding="utf-8")
    mini = copy_pack(MINI, tmp_path / "mini")
    for change in case.get("pack_edits", []):
        edit(mini / change["file"], change["old"], change["new"])
    args = [arg.replace("{mini}", str(mini)) for arg in case["args"]]
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return Outcome(
        result.exit_code, result.stdout, result.stderr, _problems(result.stderr), str(mini)
    )


def _params(*bugs: str) -> list[Any]:
    """The cases, those with one of ``bugs`` marked as expected failures."""
    out = []
    for case in CASES:
        reason = next((case[b] for b in bugs if b in case), None)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        out.append(pytest.param(case, id=case["description"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params("known_bug"))
def test_bad_input_exits_2_with_one_message_per_problem(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = _run(case, tmp_path, monkeypatch)
    assert outcome.code == 2, outcome.stderr
    assert outcome.stdout == ""
    assert "Traceback" not in outcome.stderr
    assert len(outcome.problems) == len(case["expect"]), outcome.stderr
    for printed, expected in zip(outcome.problems, case["expect"], strict=True):
        assert expected["message"] in printed.message, outcome.stderr
        if "help" in expected:
            assert printed.help is not None
            assert expected["help"] in printed.help
        wanted = expected["file"]
        file = None if wanted is None else wanted.replace("{mini}", outcome.mini)
        assert printed.file == file, outcome.stderr


@pytest.mark.parametrize("case", _params("known_bug", "location_bug"))
def test_each_problem_names_its_line_and_path(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = _run(case, tmp_path, monkeypatch)
    located = [(p.line, p.path) for p in outcome.problems]
    assert located == [(e["line"], e["path"]) for e in case["expect"]], outcome.stderr


def test_the_cases_cover_scenarios_rules_facts_and_parameters() -> None:
    edited = {e["file"].split("/")[-1] for c in CASES for e in c.get("pack_edits", [])}
    assert edited == {"rules.yaml", "facts.yaml", "params.yaml"}
    assert sum(1 for c in CASES if "pack_edits" not in c) > len(CASES) / 2


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nevents:\n  - kind: nonsense\n    at: 2024-01-01\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "govrules", "check", "--pack", str(MINI), str(bad)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{bad}:3: error: at `events[0].kind`: unknown kind `nonsense`" in done.stderr
    assert done.stdout == ""


def test_a_line_that_is_not_utf8_is_a_located_problem(tmp_path: Path) -> None:
    stream = tmp_path / "s.jsonl"
    good = (
        b'{"kind": "member.seats_changed", "at": "2024-01-01", "body": "board",'
        b' "member": "Alpha", "seats": 1}\n'
    )
    stream.write_bytes(good + b"\xff\xfe not text\n" + good)
    result = CliRunner().invoke(app, ["check", "--pack", str(MINI), str(stream)])
    assert result.exit_code == 2
    assert result.stderr == f"{stream}:2: error: not UTF-8 text\n"


def test_a_quote_differing_only_in_a_comma_gets_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = {
        "files": {"s.yaml": "name: x\nevents: []\n"},
        "pack_edits": [
            {
                "file": "seeds/mini/facts.yaml",
                "old": "      - Decisions will be made in the open by a balanced board",
                "new": "      - Decisions will be made in the open, by a balanced board",
            }
        ],
        "args": ["check", "--pack", "{mini}", "s.yaml"],
    }
    outcome = _run(case, tmp_path, monkeypatch)
    (problem,) = outcome.problems
    assert "is not in the source" in problem.message
    assert problem.help is not None
    assert "other punctuation or spacing" in problem.help
