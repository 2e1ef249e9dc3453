"""``--output`` as a careful tool writes it: whole or not at all, whatever happens.

:mod:`govrules.output` in-process: permissions, symlinks, standard output and
other files that are not regular, an error or a signal half-way (the target
as it was, no temporary file), for both kinds of temporary file (nameless where
the system allows it, named otherwise). ``tests/cli/test_output_interrupted.py``
sends real signals to a real process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _support import signals_not_ignored
from govrules.cli import app
from govrules.output import Interrupted, _Temporary, atomic_output, write_atomically

MINI = Path(__file__).resolve().parents[1] / "cli" / "fixtures" / "pack"
SCENARIOS = MINI.parent / "scenarios"


@pytest.fixture(params=["nameless", "named"])
def temporary(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with either kind of temporary file."""
    if request.param == "named":
        monkeypatch.setattr(_Temporary, "_nameless", lambda self: None)
    else:
        monkeypatch.setattr(_Temporary, "linkable", True)
    return str(request.param)


@pytest.fixture
def umask() -> Iterator[int]:
    before = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umasks_permissions(tmp_path: Path, temporary: str, umask: int) -> None:
    target = tmp_path / "report.txt"
    write_atomically(target, "new report\n")
    assert target.read_text(encoding="utf-8") == "new report\n"
    assert mode(target) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o664, 0o444])
def test_an_existing_file_keeps_its_permissions(tmp_path: Path, temporary: str, kept: int) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")
    target.chmod(kept)
    write_atomically(target, "new report\n")
    assert target.read_text(encoding="utf-8") == "new report\n"
    assert mode(target) == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_a_symlink_is_written_through(tmp_path: Path, temporary: str) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "latest.txt"
    real.write_text("previous", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "report.txt"
    link.symlink_to(Path("reports") / "latest.txt")
    chain = tmp_path / "chain.txt"
    chain.symlink_to("report.txt")
    write_atomically(chain, "new report\n")
    assert chain.is_symlink()
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new report\n"
    assert mode(real) == 0o640
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["latest.txt"]


def test_a_file_that_is_not_regular_is_written_to_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(fifo, "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    write_atomically(Path("/dev/null"), "nothing\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize("where", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["check", "--pack", str(MINI), "--format", "concise", "-o", where, str(SCENARIOS)]
    )
    assert result.exit_code == 1
    assert "error[seat-share]" in result.stdout
    assert "report written to" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no file called `-`, nothing beside /dev/stdout
    plain = CliRunner().invoke(
        app, ["check", "--pack", str(MINI), "--format", "concise", str(SCENARIOS)]
    )
    assert result.stdout == plain.stdout


def _stays(target: Path, previous: str) -> None:
    assert target.read_text(encoding="utf-8") == previous
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_an_error_half_way_leaves_the_file_as_it_was(tmp_path: Path, temporary: str) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")

    def fails_half_way() -> None:
        with atomic_output(target) as stream:
            stream.write("half a report\n" * 1000)
            raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        fails_half_way()
    _stays(target, "previous")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_half_way_leaves_the_file_as_it_was(
    tmp_path: Path, temporary: str, signum: int
) -> None:
    with signals_not_ignored(signum):
        _signalled_half_way(tmp_path, temporary, signum)


def _signalled_half_way(tmp_path: Path, temporary: str, signum: int) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")
    before = signal.getsignal(signum)
    seen: list[str] = []

    def signalled_half_way() -> None:
        with atomic_output(target) as stream:
            stream.write("half a report\n" * 1000)
            stream.flush()
            seen.extend(sorted(p.name for p in tmp_path.iterdir()))
            os.kill(os.getpid(), signum)
            stream.write("never written\n")

    with pytest.raises(Interrupted) as interrupted:
        signalled_half_way()
    assert interrupted.value.signum == signum
    assert interrupted.value.exit_code == 128 + signum
    _stays(target, "previous")
    # While it was written, the temporary file was beside the target, or had no name.
    if temporary == "named":
        assert len(seen) == 2
        assert seen[0].startswith(".report.txt.")
        assert seen[0].endswith(".tmp")
    else:
        assert seen == ["report.txt"]
    assert signal.getsignal(signum) == before  # the handlers are put back


def test_a_signal_the_process_ignores_stays_ignored(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup does
    try:
        with atomic_output(target) as stream:
            os.kill(os.getpid(), signal.SIGHUP)
            stream.write("written all the same\n")
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert target.read_text(encoding="utf-8") == "written all the same\n"


def test_a_nameless_file_that_cannot_be_linked_is_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some sandboxes refuse to give a nameless file a name: the text is copied to
    # a named one instead, and later files are named from the start.
    monkeypatch.setattr(_Temporary, "linkable", True)

    def refuse(src: str, dst: str) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")
    target.chmod(0o640)
    text = "".join(f"line {n}\n" for n in range(300_000))  # more than one chunk
    write_atomically(target, text)
    assert target.read_text(encoding="utf-8") == text
    assert mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
    assert _Temporary.linkable is False


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_an_existing_file_keeps_its_owner_and_group(tmp_path: Path, temporary: str) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")
    os.chown(target, 4321, 8765)
    write_atomically(target, "new report\n")
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 8765)
    assert target.read_text(encoding="utf-8") == "new report\n"


def test_signals_after_the_first_change_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")

    def signalled_twice() -> None:
        with atomic_output(target) as stream:
            stream.write("half a report\n")
            os.kill(os.getpid(), signal.SIGTERM)  # both arrive before either is handled
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(Interrupted) as interrupted:
        signalled_twice()
    assert interrupted.value.signum in (signal.SIGINT, signal.SIGTERM)
    _stays(target, "previous")
    # The next file written is interruptible again.
    with pytest.raises(Interrupted):
        signalled_twice()
    _stays(target, "previous")


def test_a_signal_whose_exception_was_lost_still_keeps_the_file(tmp_path: Path) -> None:
    # Raised inside a callback Python cannot propagate from (a weak reference's,
    # during an import), a handler's exception is printed and lost; the run goes
    # on, and the file must still be kept as it was when the write would commit.
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")

    def lost_half_way() -> None:
        with atomic_output(target) as stream:
            stream.write("half a report\n")
            handler = signal.getsignal(signal.SIGTERM)
            assert callable(handler)
            with contextlib.suppress(Interrupted):  # lost, as in such a callback
                handler(signal.SIGTERM, None)
            stream.write("the rest of the report\n")

    with signals_not_ignored(signal.SIGTERM), pytest.raises(Interrupted) as interrupted:
        lost_half_way()
    assert interrupted.value.signum == signal.SIGTERM
    _stays(target, "previous")
