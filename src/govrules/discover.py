"""Which files ``check`` reads: files as given, directories searched, ``-`` for stdin.

A directory is walked in sorted order. Skipped on the way:

- hidden files and directories (a name starting with ``.``: ``.venv``, ``.git``,
  ``.pre-commit-config.yaml``);
- what git would ignore: the patterns of every ``.gitignore`` from the repository
  root (the nearest parent holding ``.git``) down to the file, a deeper file's
  patterns taking precedence, as git reads them (matched with ``pathspec``);
- what an ``--exclude`` pattern matches (gitignore syntax, against the path as
  given on the command line, or its name);
- files that do not look like scenarios: a YAML or JSON file needs a top-level
  ``events`` key, a JSONL file a first line that is a header or an event. Pack
  files, workflow files and other YAML are left alone.

A file named on the command line is read whatever it looks like (unless an
``--exclude`` pattern matches it), so a broken scenario is never passed over
silently. ``-`` reads one scenario from standard input; its format is told from
its text (a JSON document with ``events``, JSON lines, or else YAML).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from govrules.errors import Problem
from govrules.limits import MAX_DIRECTORY_DEPTH, MAX_LINE_BYTES, MAX_SCENARIO_BYTES, beyond

# Blank lines read at the head of a JSONL file before it is taken as worth reading.
MAX_BLANK_LINES = 1_000

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

STDIN = "-"
STDIN_NAME = "<stdin>"
SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")
_TOP_LEVEL_EVENTS = re.compile(r"""^(?:events|"events"|'events')[ \t]*:""", re.M)


@dataclass(frozen=True)
class Source:
    """A file to check and the name reports give it."""

    path: Path
    display: str


def looks_like_scenario(path: Path) -> bool:
    """Whether a file found in a directory should be read as a scenario."""
    from govrules.documents import open_regular
    from govrules.errors import InputError

    suffix = path.suffix.lower()
    try:
        # Only regular files are opened: a FIFO found on the way would wait for ever.
        with open_regular(path, str(path), None if suffix == ".jsonl" else MAX_SCENARIO_BYTES) as f:
            if suffix == ".jsonl":
                for number in range(1, MAX_BLANK_LINES + 1):
                    raw = f.readline(MAX_LINE_BYTES + 1)
                    if not raw:
                        return False
                    if raw.strip():
                        return _is_jsonl_line(raw)
                    if number == MAX_BLANK_LINES:
                        return True  # odd enough to be worth reading (and reporting)
                return False
            text = f.read().decode("utf-8", errors="replace")
    except (InputError, OSError):
        return True  # not a regular file, too large, unreadable: reading it reports why
    if _TOP_LEVEL_EVENTS.search(text):
        return True
    if suffix == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            # Broken JSON that names events is a broken scenario, worth reporting.
            return '"events"' in text
        return isinstance(data, dict) and "events" in data
    return False


def _is_jsonl_line(raw: bytes) -> bool:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return raw.lstrip().startswith(b"{")  # a broken line of a scenario, to be reported
    return isinstance(data, dict) and ("scenario" in data or {"kind", "at"} <= set(data))


def _patterns(lines: Sequence[str]) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)


def _gitignore(directory: Path) -> GitIgnoreSpec | None:
    file = directory / ".gitignore"
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return _patterns(text.splitlines())


def _parents_ignores(directory: Path) -> list[tuple[Path, GitIgnoreSpec]]:
    """The ``.gitignore`` files above ``directory`` up to its repository's root, outermost first."""
    found: list[tuple[Path, GitIgnoreSpec]] = []
    current = directory.resolve()
    for parent in (current, *current.parents):
        if parent != current:
            spec = _gitignore(parent)
            if spec is not None:
                found.append((parent, spec))
        if (parent / ".git").exists():
            return list(reversed(found))
    return []  # not in a repository: git's files do not apply


def _ignored(path: Path, is_dir: bool, ignores: Sequence[tuple[Path, GitIgnoreSpec]]) -> bool:
    for base, spec in reversed(ignores):  # the deepest file decides first
        try:
            relative = path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, RuntimeError, OSError):  # elsewhere, or a symlink loop
            continue
        result = spec.check_file(relative + ("/" if is_dir else ""))
        if result.include is not None:
            return bool(result.include)
    return False


class Discovery:
    """Expands the paths given to ``check`` into the files to read."""

    def __init__(self, exclude: Sequence[str] = (), stdin_dir: Path | None = None) -> None:
        self.exclude = _patterns(list(exclude)) if exclude else None
        self.stdin_dir = stdin_dir
        self.problems: list[Problem] = []

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        if self.exclude is None:
            return False
        text = path.as_posix().removeprefix("./")
        suffix = "/" if is_dir else ""
        return self.exclude.match_file(text + suffix) or self.exclude.match_file(path.name + suffix)

    def sources(self, paths: Sequence[str | Path], stdin: IO[bytes] | None = None) -> list[Source]:
        out: list[Source] = []
        for raw in paths:
            if str(raw) == STDIN:
                out.append(self._stdin(stdin))
                continue
            path = Path(raw)
            if path.is_dir():
                found = list(self._walk(path))
                if not found:
                    self.problems.append(
                        Problem(
                            "directory holds no scenario files",
                            file=str(raw),
                            help="scenario files are YAML or JSON with `events`, or JSON lines;"
                            " hidden, git-ignored and excluded files are skipped",
                        )
                    )
                out += found
            elif not self.excluded(path):
                out.append(Source(path, str(raw)))
        return out

    def _walk(self, top: Path) -> Iterator[Source]:
        ignores = _parents_ignores(top)
        yield from self._walk_in(top, ignores, 0, set())

    def _walk_in(
        self,
        directory: Path,
        ignores: list[tuple[Path, GitIgnoreSpec]],
        depth: int,
        seen: set[tuple[int, int]],
    ) -> Iterator[Source]:
        """Walk one directory; ``seen`` holds the directories on the way down (by device
        and inode), so a symlink back to one of them is not followed round a loop."""
        try:
            info = directory.stat()
        except OSError as exc:
            self.problems.append(
                Problem(f"cannot read directory: {exc.strerror}", file=str(directory))
            )
            return
        here = (info.st_dev, info.st_ino)
        if here in seen:
            return  # a symlink to a directory above: its files are being read already
        if depth > MAX_DIRECTORY_DEPTH:
            self.problems.append(
                Problem(
                    beyond("directories nested", MAX_DIRECTORY_DEPTH, "levels"),
                    file=str(directory),
                    help="its files were not searched; name a deeper directory on its own",
                )
            )
            return
        own = _gitignore(directory)
        if own is not None:
            ignores = [*ignores, (directory, own)]
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(
                Problem(f"cannot read directory: {exc.strerror}", file=str(directory))
            )
            return
        seen.add(here)
        try:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = directory / entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if self.excluded(path, is_dir) or _ignored(path, is_dir, ignores):
                    continue
                if is_dir:
                    yield from self._walk_in(path, ignores, depth + 1, seen)
                elif path.suffix.lower() in SUFFIXES and looks_like_scenario(path):
                    yield Source(path, str(path))
        finally:
            seen.discard(here)

    def _stdin(self, stdin: IO[bytes] | None) -> Source:
        if self.stdin_dir is None:  # pragma: no cover - check() always gives one
            raise ValueError("reading standard input needs a directory to hold it")
        # Copied in chunks, so a long JSONL stream is never held in memory whole.
        staged = self.stdin_dir / "stdin"
        with staged.open("wb") as out:
            shutil.copyfileobj(stdin or sys.stdin.buffer, out)
        target = staged.with_name(f"stdin{_stdin_suffix(staged)}")
        staged.rename(target)
        return Source(target, STDIN_NAME)


def _stdin_suffix(path: Path) -> str:
    """``.json`` for a JSON document with events, ``.jsonl`` for JSON lines, else ``.yaml``."""
    with path.open("rb") as stream:
        first = b""
        for _ in range(MAX_BLANK_LINES):
            first = stream.readline(MAX_LINE_BYTES + 1)
            if not first or first.strip():
                break
    if not first.lstrip().startswith((b"{", b"\xef\xbb\xbf{")):
        return ".yaml"
    try:
        line = json.loads(first)
    except (ValueError, RecursionError):
        line = None
    if isinstance(line, dict):  # a whole JSON object on its first line
        # No line of a stream has `events` (its header has `scenario`).
        return ".json" if "events" in line else ".jsonl"
    if path.stat().st_size > MAX_SCENARIO_BYTES:
        return ".jsonl"  # too long to be read as one document: a stream
    try:
        whole = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return ".jsonl"
    return ".json" if isinstance(whole, dict) and "events" in whole else ".jsonl"
