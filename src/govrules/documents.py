"""Reading YAML and JSON documents so that every value keeps its line, within limits.

A file is read only if it is a regular file (not a device, a FIFO or a socket,
even through a symlink) no larger than its limit (:mod:`govrules.limits`);
UTF-8, with or without a byte order mark. YAML is read by :mod:`govrules._yaml`
(the line of every value recorded as it is read; tags, anchors and aliases
refused) and JSON by :mod:`govrules._json` (checked for nesting and size
before :mod:`json` reads it; lines found when first asked for). The data handed
on is plain: dicts, lists, str, int, float, bool and None; YAML dates stay
text, so a scenario means the same in YAML and in JSON.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from govrules._yaml import Lines, ReadProblem
from govrules.errors import InputError, Problem
from govrules.limits import MAX_PACK_FILE_BYTES, beyond

Loc = Sequence[int | str]
BOM = "\ufeff"


def render_path(loc: Loc) -> str:
    """``("events", 3, "seats")`` as ``events[3].seats``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass
class Document:
    """A parsed file: its plain data and a way back to line numbers."""

    file: str
    data: Any
    # The lines of its values, or how to find them when first asked for.
    lines: Lines | Callable[[], Lines | None] | None = None
    line_offset: int = 0

    def _lines(self) -> Lines | None:
        if callable(self.lines):
            self.lines = self.lines()
        return self.lines

    def line_of(self, loc: Loc) -> int | None:
        """The 1-based line of the value at ``loc``, as deep as the file allows.

        Parts of ``loc`` that name no key (pydantic inserts the union tag, for
        instance) are skipped, so a validation error's ``loc`` can be used as is.
        """
        lines = self._lines()
        return None if lines is None else lines.at(loc) + self.line_offset

    def problem(self, message: str, loc: Loc = (), help: str | None = None) -> Problem:
        """A :class:`Problem` located at ``loc`` in this document."""
        return Problem(
            message,
            file=self.file,
            line=self.line_of(loc),
            path=render_path(loc) or None,
            help=help,
        )


def _problem(found: ReadProblem, file: str, line_offset: int = 0) -> Problem:
    line = None if found.line is None else found.line + line_offset
    return Problem(found.message, file, line, render_path(found.loc) or None, found.help)


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text; raises :class:`InputError` with the line of every fault."""
    from govrules._yaml import compose

    try:
        data, lines, problems = compose(text.removeprefix(BOM))
    except ReadProblem as found:
        raise InputError([_problem(found, file)]) from None
    if problems:
        raise InputError([_problem(p, file) for p in problems])
    return Document(file, data, lines)


def parse_json(text: str, file: str, *, line_offset: int = 0) -> Document:
    """Parse JSON text strictly (no NaN or Infinity, no key twice); lines found when asked."""
    from govrules import _json

    text = text.removeprefix(BOM)
    try:
        data = _json.parse(text)
    except ReadProblem as found:
        raise InputError([_problem(found, file, line_offset)]) from None
    return Document(file, data, lambda: _json.lines(text), line_offset)


def open_regular(path: Path, name: str, limit: int | None = None) -> IO[bytes]:
    """Open a regular file to read, refusing anything else before reading a byte.

    A device (``/dev/zero``), a FIFO (which would wait for a writer for ever) or
    a socket is refused, also through a symlink; so is a file larger than
    ``limit`` bytes. Raises :class:`InputError` naming the file.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError.one("is a directory, expected a file", file=name)
        if not stat.S_ISREG(info.st_mode):
            raise InputError.one(
                f"is {_kind(info.st_mode)}, not a regular file: not read", file=name
            )
        # Not blocking: should the path have become a FIFO since, opening it returns at once.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError.one("file not found", file=name) from None
    except OSError as exc:
        raise InputError.one(f"cannot read file: {exc.strerror or exc}", file=name) from None
    stream = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError.one(
                f"is {_kind(info.st_mode)}, not a regular file: not read", file=name
            )
        if limit is not None and info.st_size > limit:
            raise InputError.one(
                f"the file is {info.st_size:,} bytes, {beyond('', limit, 'bytes').strip()}",
                file=name,
            )
        os.set_blocking(fd, True)
    except BaseException:
        stream.close()
        raise
    return stream


def within(path: Path, root: Path) -> bool:
    """Whether ``path``, its symlinks followed, is ``root`` or inside it."""
    try:
        real, top = os.path.realpath(path), os.path.realpath(root)
    except (OSError, ValueError):
        return False
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def decode(data: bytes, name: str) -> str:
    """UTF-8 bytes as text (without a leading byte order mark); a problem with its line if not."""
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError.one(
            f"not UTF-8 text (byte {exc.start} cannot be decoded)", file=name, line=line
        ) from None


def read_text(path: Path, display: str | None = None, limit: int = MAX_PACK_FILE_BYTES) -> str:
    """Read a regular UTF-8 file of at most ``limit`` bytes; every failure is a problem."""
    name = display or str(path)
    with open_regular(path, name, limit) as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise InputError.one(f"cannot read file: {exc.strerror or exc}", file=name) from None
    if len(data) > limit:  # it grew since it was measured
        raise InputError.one(beyond("the file", limit, "bytes"), file=name)
    return decode(data, name)


def load_document(
    path: Path,
    display: str | None = None,
    limit: int = MAX_PACK_FILE_BYTES,
    *,
    inside: Path | None = None,
) -> Document:
    """Read and parse a YAML (``.yaml``/``.yml``) or JSON (``.json``) file.

    With ``inside``, a file that is not in that directory once its symlinks are
    followed (a pack's file linked to ``/etc/passwd``) is refused unread.
    """
    name = display or str(path)
    if inside is not None and not within(path, inside):
        raise InputError.one(
            "leads outside its pack's directory (a symlink): not read",
            file=name,
            help="every file a pack names is inside the pack's directory",
        )
    text = read_text(path, name, limit)
    if path.suffix.lower() == ".json":
        return parse_json(text, name)
    return parse_yaml(text, name)
