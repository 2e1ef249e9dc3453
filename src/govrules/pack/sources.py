"""Source texts: where a pack's texts are found, checked by sha256, fetched and cached.

A pack names each text by where it is published and its sha256; only a text
kept inside the pack (``file:``) travels with it. Quotes and their spans are
recorded in the pack, so ``check`` needs no text at all. Wherever a text is at
hand, loading verifies every quote against it. A text is looked for, in order:

1. inside the pack (``file:``);
2. in each sources directory (``--sources DIR``, or ``GOVRULES_SOURCES``, a
   list separated like ``PATH``): ``DIR/PACK/FILE``, then ``DIR/FILE``;
3. in the user cache (``GOVRULES_CACHE``, else ``$XDG_CACHE_HOME/govrules``,
   else ``~/.cache/govrules``), filled by ``govrules sources fetch``.

A file found whose sha256 differs is not the text the pack quotes: it is
skipped, and ``validate`` says so.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govrules.documents import within
from govrules.limits import MAX_SOURCE_BYTES
from govrules.pack.files import SourceSpec


@dataclass(frozen=True)
class SourceText:
    """A pack's source and, if it was found, its text."""

    spec: SourceSpec
    text: str | None
    found_at: str | None = None
    mismatches: tuple[str, ...] = ()  # files found with another sha256

    @property
    def verified(self) -> bool:
        return self.text is not None


def cache_dir() -> Path:
    """The user cache of fetched texts."""
    if os.environ.get("GOVRULES_CACHE"):
        return Path(os.environ["GOVRULES_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govrules"


def sources_dirs(given: Sequence[str | Path] = ()) -> list[Path]:
    """The sources directories to look in: those given, then ``GOVRULES_SOURCES``."""
    dirs = [Path(d) for d in given]
    dirs += [Path(d) for d in os.environ.get("GOVRULES_SOURCES", "").split(os.pathsep) if d]
    return dirs


def _candidates(
    spec: SourceSpec, seeds_dir: Path, pack: str, dirs: Sequence[Path]
) -> list[tuple[Path, Path]]:
    """Where the text may be, each with the directory it must stay inside."""
    out: list[tuple[Path, Path]] = []
    if spec.file:
        out.append((seeds_dir / spec.file, seeds_dir))
    for d in dirs:
        out += [(d / pack / spec.filename, d), (d / spec.filename, d)]
    cache = cache_dir() / "sources"
    out.append((cache / spec.sha256, cache))
    return out


def read_verified(path: Path, sha256: str) -> tuple[str | None, bool]:
    """The text of ``path`` if its sha256 is ``sha256``; and whether a file was there at all."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_SOURCE_BYTES:
            return None, path.is_file()
        data = path.read_bytes()
    except OSError:
        return None, False
    if hashlib.sha256(data).hexdigest() != sha256:
        return None, True
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return None, True


def find_source(
    spec: SourceSpec, seeds_dir: Path, pack: str, dirs: Sequence[Path] = ()
) -> SourceText:
    """Look for a source's text where it may be (see the module docstring)."""
    mismatches: list[str] = []
    for path, inside in _candidates(spec, seeds_dir, pack, dirs):
        if not within(path, inside):
            continue  # a name or symlink leading out of its directory is never read
        text, present = read_verified(path, spec.sha256)
        if text is not None:
            return SourceText(spec, text, str(path), tuple(mismatches))
        if present:
            mismatches.append(str(path))
    return SourceText(spec, None, None, tuple(mismatches))


class FetchError(Exception):
    pass


def fetch(spec: SourceSpec, *, timeout: float = 30.0) -> Path:
    """Download a source from its URL into the cache, checking its sha256; return the file."""
    import urllib.error
    import urllib.request

    if not spec.url:
        raise FetchError(f"source `{spec.id}` has no url to fetch it from")
    target = cache_dir() / "sources" / spec.sha256
    if read_verified(target, spec.sha256)[0] is not None:
        return target
    try:
        with urllib.request.urlopen(spec.url, timeout=timeout) as response:
            data = response.read(MAX_SOURCE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"cannot fetch `{spec.url}`: {reason}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise FetchError(f"`{spec.url}` is larger than {MAX_SOURCE_BYTES} bytes")
    digest = hashlib.sha256(data).hexdigest()
    if digest != spec.sha256:
        raise FetchError(
            f"`{spec.url}` is not the text the pack quotes: its sha256 is {digest}, "
            f"the pack names {spec.sha256}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".fetch.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target
