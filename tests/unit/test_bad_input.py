"""Bad input ends in exit 2 with one located message per problem, never a traceback.

The cases are data: tests/golden/bad-input.yaml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govrules.cli import app
from govrules.documents import load_document
from govrules.pack import bundled_root

CASES = load_document(Path(__file__).parents[1] / "golden" / "bad-input.yaml").data["cases"]


def _prepare(case: dict[str, Any], tmp_path: Path) -> list[str]:
    for name, content in case.get("files", {}).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    pack_dir = tmp_path / "pack"
    if "pack_edits" in case:
        for part in ("rules", "seeds"):
            shutil.copytree(bundled_root() / part, pack_dir / part)
        for edit in case["pack_edits"]:
            target = pack_dir / edit["file"]
            text = target.read_text(encoding="utf-8")
            assert edit["old"] in text, f"the edit's `old` text is not in {edit['file']}"
            target.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    return [arg.replace("{pack}", str(pack_dir)) for arg in case["args"]]


@pytest.mark.parametrize("case", CASES, ids=[c["description"] for c in CASES])
def test_bad_input_exits_2_with_a_located_message(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _prepare(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    for expected in case["expect"]:
        assert expected in result.stderr
    if "problems" in case:
        reported = [line for line in result.stderr.splitlines() if "error: " in line]
        assert len(reported) == case["problems"], result.stderr


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nevents:\n  - kind: nonsense\n    at: 2023-01-01\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "govrules", "check", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "unknown kind `nonsense`" in done.stderr
    assert done.stdout == ""


def test_a_line_that_is_not_utf8_is_a_located_problem(tmp_path: Path) -> None:
    stream = tmp_path / "s.jsonl"
    good = b'{"kind": "board.seat_gained", "at": "2023-01-01", "organisation": "IBM"}\n'
    stream.write_bytes(good + b"\xff\xfe not text\n" + good)
    result = CliRunner().invoke(app, ["check", str(stream)])
    assert result.exit_code == 2
    assert f"{stream}:2: error: not UTF-8 text" in result.stderr
