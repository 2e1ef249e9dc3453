"""Writing a file whole or not at all.

The text goes to a temporary file beside the target, which then takes the
target's place in one step (a rename), so a reader never sees half a report and
an interrupted run leaves the previous file as it was:

- where the system allows it (``O_TMPFILE``) the temporary file has no
  name while it is written, so that whatever ends the process, SIGKILL
  included, leaves nothing behind; it is named only to be renamed over the
  target. Elsewhere it is a hidden file beside the target (``.report.txt.*.tmp``);
- while it is written, SIGINT, SIGTERM and SIGHUP (unless ignored) remove it
  and raise :class:`Interrupted`; the command then exits with 128 + the
  signal's number;
- it reaches the disk before the rename (``fsync``), so that a crash of the
  system cannot put an empty file in the target's place;
- an existing file keeps its permissions (and its owner and group where the
  user may keep them); a new one gets the umask's;
- a symlink is written through, to the file it points at;
- ``-`` and ``/dev/stdout`` are standard output, and a target that is not a
  regular file (``/dev/null``, a FIFO, a terminal) is written to directly:
  there is no file to replace.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TextIO

STDOUT = ("-", "/dev/stdout")
# The signals that end a run and can be caught; SIGKILL cannot be (see above).
CAUGHT = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(BaseException):
    """A signal ended the run while a file was being written; the file is as it was.

    A :class:`BaseException`, as :class:`KeyboardInterrupt` is, so that no
    ``except Exception`` on the way takes it for an error of its own.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def is_stdout(path: Path | str) -> bool:
    return str(path) in STDOUT


Handlers = dict[int, Callable[[int, FrameType | None], object] | int | None]
# Set by the first caught signal: the run is ending, and the signals that follow
# change nothing (they would only cut the first one's clean-up short).
_received: int | None = None


def _raise(signum: int, _frame: FrameType | None) -> None:
    global _received  # noqa: PLW0603 - the signal handlers' one shared state
    if _received is None:
        _received = signum
        raise Interrupted(signum)


def raise_if_signalled() -> None:
    """Raise :class:`Interrupted` again if a signal was caught.

    A handler's exception can be lost: raised while Python runs a callback it
    cannot propagate from (a weak reference's, during an import), it is printed
    and the run goes on. Where a run commits to something (an output file
    replaced, an exit code), this makes the first signal count all the same.
    """
    if _received is not None:
        raise Interrupted(_received)


def raise_on_signals() -> Handlers:
    """From now on, a caught signal raises :class:`Interrupted`; returns the handlers replaced.

    Only the first signal does: the ones that follow while it ends the run do
    nothing. A signal the process ignores stays ignored (``nohup`` ignores
    SIGHUP). Only the main thread may handle signals: elsewhere this does nothing.
    """
    global _received  # noqa: PLW0603
    previous: Handlers = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for signum in CAUGHT:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, _raise)
    if all(was is not _raise for was in previous.values()):
        _received = None  # a new run; within one (nested), a signal caught still counts
    return previous


@contextmanager
def interruptible() -> Iterator[None]:
    """While the block runs, a caught signal raises :class:`Interrupted` (as
    :func:`raise_on_signals` says); the handlers are put back after it."""
    previous = raise_on_signals()
    try:
        yield
    finally:
        for signum, was in previous.items():
            signal.signal(signum, was)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class _Temporary:
    """The file being written: nameless where the system allows it, else a hidden file."""

    # Whether a nameless file can be given a name here (some sandboxes refuse the
    # link); once refused, files are named from the start.
    linkable = True

    def __init__(self, directory: Path, name: str) -> None:
        self.directory, self.name = directory, name
        self.path: Path | None = None  # its name, once it has one
        nameless = self._nameless()
        self.fd: int = self._named() if nameless is None else nameless

    def _nameless(self) -> int | None:
        flag = getattr(os, "O_TMPFILE", None)
        if flag is None or not _Temporary.linkable or not Path("/proc/self/fd").is_dir():
            return None
        try:
            return os.open(self.directory, flag | os.O_RDWR, 0o600)
        except OSError:  # a file system without O_TMPFILE
            return None

    def _named(self) -> int:
        import tempfile

        fd, path = tempfile.mkstemp(prefix=f".{self.name}.", suffix=".tmp", dir=self.directory)
        self.path = Path(path)
        return fd

    def commit(self, target: Path) -> None:
        """Put the file in the target's place."""
        if self.path is None:
            named = self.directory / f".{self.name}.{os.urandom(4).hex()}.tmp"
            try:
                os.link(f"/proc/self/fd/{self.fd}", named)
                self.path = named
            except OSError:
                _Temporary.linkable = False
                self._copy_to_named()
        assert self.path is not None
        os.replace(self.path, target)
        self.path = None

    def _copy_to_named(self) -> None:
        source = self.fd
        self.fd = self._named()
        try:
            offset = 0
            while chunk := os.pread(source, 1 << 20, offset):
                os.write(self.fd, chunk)
                offset += len(chunk)
            made = os.fstat(source)  # its permissions and owner are already the target's
            os.fchmod(self.fd, stat.S_IMODE(made.st_mode))
            if (made.st_uid, made.st_gid) != (os.getuid(), os.getgid()):
                _keep_owner(self.fd, made)
            os.fsync(self.fd)
        finally:
            os.close(source)

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


def _keep_owner(fd: int, before: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as the user may."""
    for uid, gid in ((before.st_uid, before.st_gid), (-1, before.st_gid)):
        with contextlib.suppress(OSError):
            os.fchown(fd, uid, gid)
            return


def _sync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A text stream (UTF-8) whose content takes ``path``'s place whole when the block ends.

    An exception in the block, or a signal (:class:`Interrupted`), leaves
    ``path`` as it was and no temporary file; raises :class:`OSError` when the
    file cannot be written.
    """
    if is_stdout(path):
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(path))  # through symlinks, to the file itself
    try:
        before: os.stat_result | None = target.stat()
    except FileNotFoundError:
        before = None
    if before is not None and not stat.S_ISREG(before.st_mode):
        with target.open("w", encoding="utf-8") as direct:
            yield direct
        return
    mode = stat.S_IMODE(before.st_mode) if before is not None else _new_file_mode()
    with interruptible():
        temporary = _Temporary(target.parent, target.name)
        try:
            with open(temporary.fd, "w", encoding="utf-8", closefd=False) as stream:
                yield stream
            os.fchmod(temporary.fd, mode)
            if before is not None and (before.st_uid, before.st_gid) != (
                os.getuid(),
                os.getgid(),
            ):
                _keep_owner(temporary.fd, before)
            os.fsync(temporary.fd)
            raise_if_signalled()  # a signal whose exception was lost keeps the file too
            temporary.commit(target)
        except BaseException:
            temporary.discard()
            raise
        finally:
            os.close(temporary.fd)
    _sync_directory(target.parent)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all; raises :class:`OSError`."""
    with atomic_output(path) as stream:
        stream.write(text)
