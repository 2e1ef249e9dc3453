"""Output integrity under interruption, with real signals sent to a real process.

``govrules check --output FILE`` on a long run is interrupted part-way: while
it checks, and while it writes the report (seen from outside: the process
holds a file open beside the target). Whatever the signal, FILE keeps its
previous content, no temporary file is left, and the exit code says a signal
ended the run (128 + its number), not that findings were found. SIGKILL cannot
be caught: it leaves nothing only where the temporary file has no name
(``O_TMPFILE``), which the test checks when it is so.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _support import noisy_stream, signals_not_ignored
from cli.cli_support import MINI
from conftest import ROOT

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="the process's open files are read from /proc"
)
EVENTS = 12_000  # a few seconds of work: long enough to be interrupted while it writes
PREVIOUS = "the previous report\n"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A long stream on the tests' pack: every event breaks one rule."""
    return noisy_stream(tmp_path_factory.mktemp("stream") / "long.jsonl", EVENTS)


def start(scenario: Path, target: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "govrules", "check", "--pack", MINI, "--format", "sarif"]
    with signals_not_ignored():  # however the tests were started
        return subprocess.Popen(
            [*command, "--quiet", "--output", str(target), str(scenario)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )


def file_being_written(process: subprocess.Popen[bytes], directory: Path) -> str | None:
    """The file the process holds open in ``directory`` (the temporary file), if any."""
    fds = Path(f"/proc/{process.pid}/fd")
    try:
        links = [os.readlink(fd) for fd in fds.iterdir()]
    except (FileNotFoundError, ProcessLookupError):
        return None
    return next((link for link in links if link.startswith(f"{directory}/")), None)


def wait_for_the_write(process: subprocess.Popen[bytes], directory: Path) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        found = file_being_written(process, directory)
        if found is not None:
            return found
        time.sleep(0.002)
    pytest.fail("the process never wrote its report")


def wait_until_it_catches(process: subprocess.Popen[bytes], signum: int) -> None:
    """Until the process has its handler for ``signum`` (its start-up takes a while
    on a loaded machine, and a signal before that has its default effect)."""
    deadline = time.monotonic() + 120
    status = Path(f"/proc/{process.pid}/status")
    while time.monotonic() < deadline and process.poll() is None:
        try:
            lines = status.read_text().splitlines()
        except (FileNotFoundError, ProcessLookupError):
            break  # it has ended
        caught = next((line.split()[1] for line in lines if line.startswith("SigCgt")), "0")
        if int(caught, 16) >> (signum - 1) & 1:
            return
        time.sleep(0.002)
    pytest.fail(f"the process never caught {signal.Signals(signum).name}")


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=60)
    finally:  # not left running when it does not end
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, err.decode("utf-8", "replace")


@pytest.fixture
def target(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    path = out / "report.sarif"
    path.write_text(PREVIOUS, encoding="utf-8")
    return path


def assert_untouched(target: Path) -> None:
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_the_report_is_written(scenario: Path, target: Path, signum: int) -> None:
    process = start(scenario, target)
    wait_for_the_write(process, target.parent)
    process.send_signal(signum)
    code, err = finish(process)
    assert code == 128 + signum, err
    assert f"interrupted by {signal.Signals(signum).name}" in err
    assert "Traceback" not in err
    assert_untouched(target)


def test_sigint_then_sigterm_part_way(scenario: Path, target: Path) -> None:
    process = start(scenario, target)
    wait_for_the_write(process, target.parent)
    process.send_signal(signal.SIGINT)
    time.sleep(0.001)
    process.send_signal(signal.SIGTERM)  # while the first one is being handled
    code, err = finish(process)
    # The second signal changes nothing while the first one's clean-up runs; once
    # the interpreter shuts down it has its default effect again, and may end the
    # process itself. The file is as it was either way.
    assert code in (128 + signal.SIGINT, -signal.SIGTERM), err
    assert "Traceback" not in err
    assert_untouched(target)


def test_a_signal_while_the_scenario_is_checked(scenario: Path, target: Path) -> None:
    process = start(scenario, target)
    wait_until_it_catches(process, signal.SIGTERM)  # started, and still checking
    assert process.poll() is None
    assert file_being_written(process, target.parent) is None
    process.send_signal(signal.SIGTERM)
    code, err = finish(process)
    assert code == 128 + signal.SIGTERM, err
    assert_untouched(target)


def test_sigkill_while_the_report_is_written_leaves_nothing_where_it_has_no_name(
    scenario: Path, target: Path
) -> None:
    process = start(scenario, target)
    being_written = wait_for_the_write(process, target.parent)
    process.kill()
    finish(process)
    if not being_written.endswith("(deleted)"):
        # A named temporary file (no O_TMPFILE here): SIGKILL leaves it behind.
        for left in target.parent.glob(f".{target.name}.*.tmp"):
            left.unlink()
        pytest.skip("temporary files have names on this file system")
    assert_untouched(target)


def test_uninterrupted_the_same_run_replaces_the_file(scenario: Path, target: Path) -> None:
    code, err = finish(start(scenario, target))
    assert code == 1, err
    results = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == EVENTS
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
