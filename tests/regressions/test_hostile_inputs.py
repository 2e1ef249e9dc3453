"""Every input issue 11 lists ends in exit 2 with a message, quickly and in little memory,
in a real ``python -m govrules`` process (``hostile.py`` builds them).

Each run goes through a small wrapper process that reports the exit code, the
output and, from ``getrusage(RUSAGE_CHILDREN)``, the CPU time and peak memory
of govrules alone (a child forked from pytest would count pytest's pages too).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from regressions.hostile import HOSTILE, Hostile, tidy

# The issue asks for an answer within 2 s and under 200 MiB. Time is measured
# as CPU seconds (user + system) of govrules, not wall time, which on a shared CI
# machine counts whatever else runs; the wall-clock timeout only catches a hang.
CPU_SECONDS = 2.0
PEAK_MIB = 200
HANG_SECONDS = 60
# Words of Python, not of govrules: a message holding one leaked an internal error.
INTERNALS = (
    "Traceback",
    "maximum recursion depth",
    "set_int_max_str_digits",
    "Exceeds the limit",
    "unacceptable character",
    "RecursionError",
    "MemoryError",
    "Error:",  # an exception's class name, as Python prints it
)
# What must never reach a terminal raw: controls but the line break, bidi controls,
# line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

_WRAPPER = f"""
import json, resource, subprocess, sys
done = subprocess.run(
    sys.argv[1:], capture_output=True, stdin=subprocess.DEVNULL, timeout={HANG_SECONDS}
)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({{
    "code": done.returncode,
    "stdout": done.stdout.decode("utf-8", "replace"),
    "stderr": done.stderr.decode("utf-8", "replace"),
    "cpu": usage.ru_utime + usage.ru_stime,
    "peak_mib": usage.ru_maxrss / 1024,
}}))
"""


def _run(args: list[str], cwd: Path) -> dict[str, Any]:
    command = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "govrules", *args]
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=HANG_SECONDS + 30, check=False
    )
    assert done.returncode == 0, done.stderr  # the wrapper itself (a hang raises there)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_each_listed_input_is_answered_quickly_with_a_message(
    case: Hostile, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    try:
        args = case.build(work)
        result = _run(args, work)
    finally:
        tidy(work)
    stderr, stdout = str(result["stderr"]), str(result["stdout"])
    assert result["code"] == case.exit, stderr
    for word in INTERNALS:
        assert word not in stderr, stderr
    assert not _UNSAFE.search(stderr), repr(stderr[:2000])
    # Bounded whatever the input (the issue saw 100 KB echoed from one value): at
    # most MAX_PROBLEMS_PER_FILE problems, each cut short.
    assert len(stderr) < 100_000, f"{len(stderr)} characters on stderr"
    if case.exit == 2:
        named = case.names or args[-1]
        assert "error: " in stderr
        assert named in stderr, stderr  # the message names the file (or the option)
        lines = [line for line in stderr.splitlines() if not line.startswith("  help: ")]
        assert all("error: " in line for line in lines), stderr  # one line per problem
    else:
        assert stderr == "", stderr
        assert "no commitment broken" in stdout
    assert float(result["cpu"]) < CPU_SECONDS, f"{result['cpu']:.2f} CPU seconds"
    assert float(result["peak_mib"]) < PEAK_MIB, f"{result['peak_mib']:.0f} MiB"


def test_a_terminal_escape_is_shown_escaped_not_sent(tmp_path: Path) -> None:
    case = next(c for c in HOSTILE if c.name == "an escape sequence in a kind")
    work = tmp_path / "work"
    work.mkdir()
    result = _run(case.build(work), work)
    assert "unknown kind `\\x1b]0;title\\x07`" in str(result["stderr"])


def test_a_huge_value_is_cut_short_saying_how_long_it_was(tmp_path: Path) -> None:
    case = next(c for c in HOSTILE if c.name == "a million bad JSONL lines")
    work = tmp_path / "work"
    work.mkdir()
    result = _run(case.build(work), work)
    stderr = str(result["stderr"])
    assert stderr.count("error: ") == 51  # the cap, and the line saying reading stopped
    assert "reading stopped after 50 problems" in stderr
