"""bad_input_is_an_error: bad files end in exit 2 with a message, never a traceback.

Arbitrary text and bytes, truncated files, wrong types, unknown kinds and
fields, dates out of order and events that cannot happen, through the CLI entry
point (in-process, and in a real ``python -m govrules`` process).
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
from property._shared import checker, pack

PACK = pack()
BAD = testing.malformed_files(PACK.initial)


def _is_valid(path: Path) -> bool:
    """The library's verdict, independent of the CLI: does the file check at all?"""
    try:
        checker("reference").check([path])
    except InputError:
        return False
    return True


@given(BAD)
def test_bad_input_is_an_error_with_a_message_never_a_traceback(bad: testing.BadFile) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / bad.name
        path.write_bytes(bad.content)
        result = CliRunner().invoke(app, ["check", str(path)])
        valid = not bad.certain and _is_valid(path)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if valid:
        assert result.exit_code in (0, 1)
    else:
        assert result.exit_code == 2
        assert result.stdout == ""  # no report for a file that could not be read
        assert f"{path}" in result.stderr
        assert "error: " in result.stderr


@settings(max_examples=3)
@given(st.lists(BAD.filter(lambda b: b.certain), min_size=4, max_size=8))
def test_bad_input_in_a_real_process_exits_2_naming_every_file(
    bad: list[testing.BadFile],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, file in enumerate(bad):
            written = Path(tmp) / f"{i}-{file.name}"
            written.write_bytes(file.content)
            paths.append(str(written))
        run = subprocess.run(
            [sys.executable, "-m", "govrules", "check", *paths],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout == ""
    for name in paths:
        assert name in run.stderr
