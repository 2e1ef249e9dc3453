"""bad_input_is_an_error: bad files end in exit 2 with a message, never a traceback.

Arbitrary text and bytes, truncated files, wrong types, unknown kinds and
fields, undeclared values, dates that are not dates, dates out of order and
events that cannot happen, for every bundled pack, through the CLI entry point
(in-process, and in a real ``python -m govrules`` process).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govrules import testing
from govrules.cli import app
from govrules.errors import InputError
from property._shared import PACKS, checker, pack


@st.composite
def bad_files(draw: st.DrawFn, certain: bool = False) -> tuple[str, testing.BadFile]:
    name = draw(st.sampled_from(PACKS))
    strategy = testing.malformed_files(pack(name))
    return name, draw(strategy.filter(lambda b: b.certain) if certain else strategy)


def _is_valid(name: str, path: Path) -> bool:
    """The library's verdict, independent of the CLI: does the file check at all?"""
    try:
        checker(name, "reference").check([path])
    except InputError:
        return False
    return True


@given(bad_files())
def test_bad_input_is_an_error_with_a_message_never_a_traceback(
    case: tuple[str, testing.BadFile],
) -> None:
    name, bad = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / bad.name
        path.write_bytes(bad.content)
        result = CliRunner().invoke(app, ["check", str(path), "--pack", name])
        valid = not bad.certain and _is_valid(name, path)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if valid:
        assert result.exit_code in (0, 1)
    else:
        assert result.exit_code == 2, (bad.family, result.output)
        assert result.stdout == ""  # no report for a file that could not be read
        assert f"{path}" in result.stderr
        assert "error: " in result.stderr


@settings(max_examples=3)
@given(st.lists(bad_files(certain=True), min_size=4, max_size=8))
def test_bad_input_in_a_real_process_exits_2_naming_every_file(
    cases: list[tuple[str, testing.BadFile]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (name, file) in enumerate(cases):
            directory = Path(tmp) / name
            directory.mkdir(exist_ok=True)
            written = directory / f"{i}-{file.name}"
            written.write_bytes(file.content)
            paths.append((name, str(written)))
        runs = {
            name: subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "govrules",
                    "check",
                    "--pack",
                    name,
                    *[p for n, p in paths if n == name],
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            for name in {n for n, _ in paths}
        }
    for name, run in runs.items():
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr + run.stdout
        assert run.stdout == ""
        for owner, path in paths:
            if owner == name:
                assert path in run.stderr
