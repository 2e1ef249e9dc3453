"""What the test folders share: where things are, the verdict an example's name
claims, copies of packs to break, and loaded packs and checkers kept for the run.

Everything that lists packs or examples reads them when the tests are
collected (``bundled_packs()``, ``examples/<pack>/``, ``tests/fixtures/packs/``),
so a pack or an example added later is covered without touching the tests.
"""

from __future__ import annotations

import json
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from conftest import EXAMPLES, FIXTURE_PACKS, ROOT, SOURCES
from govrules.checker import Checker
from govrules.pack import Pack, bundled_packs, load_pack
from govrules.scenario import SUFFIXES

TESTS = ROOT / "tests"
# The small pack the tests own (pack `mini`), its scenarios and its bad scenarios.
MINI = TESTS / "cli" / "fixtures" / "pack"
MINI_SCENARIOS = TESTS / "cli" / "fixtures" / "scenarios"
MINI_BAD = TESTS / "cli" / "fixtures" / "bad"
ENGINES = ("durable", "reference")
BUNDLED = bundled_packs()


# The signals govrules ends a run on. A background job of a shell without job
# control inherits SIGINT ignored, and govrules keeps an ignored signal ignored
# (as `nohup` wants): tests that send one must not depend on how they were started.
ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextmanager
def signals_not_ignored(*signums: int) -> Iterator[None]:
    """While the block runs, these signals are not ignored by this process, nor by
    the processes it starts then (see above)."""
    inherited = {n: signal.getsignal(n) for n in signums or ENDING_SIGNALS}
    for signum, was in inherited.items():
        if was is signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
    try:
        yield
    finally:
        for signum, was in inherited.items():
            signal.signal(signum, was)


def noisy_stream(path: Path, count: int) -> Path:
    """A JSONL stream on the tests' pack of ``count`` closed board decisions: each
    breaks one rule and changes nothing, so findings grow with the stream."""
    event = {
        "kind": "decision.made",
        "at": "2024-03-10",
        "body": "board",
        "topic": "roadmap",
        "subject": "a closed session",
        "public": False,
        "present": ["Alpha", "Beta"],
    }
    lines = [{"scenario": {"name": path.stem, "pack": "mini"}}, *[event] * count]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def scenario_files(directory: Path) -> list[Path]:
    """The scenario files in a directory (not below it), sorted."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in SUFFIXES)


def examples_of(pack: str, root: Path = EXAMPLES) -> list[Path]:
    """Every scenario file in ``root/<pack>/``."""
    return scenario_files(root / pack)


def all_examples() -> list[tuple[str, Path]]:
    """``(pack, file)`` for every example of every bundled pack."""
    return [(name, path) for name in BUNDLED for path in examples_of(name)]


def claimed(path: Path) -> str | None:
    """The rule an example's name says it breaks (``<rule-id>--...``), or None for ``ok--...``."""
    rule = path.name.split("--", 1)[0]
    return None if rule == "ok" else rule


def fixture_packs() -> list[Path]:
    """The pack directories under tests/fixtures/packs (each holds seeds/, rules/, examples/)."""
    if not FIXTURE_PACKS.is_dir():
        return []
    return sorted(p for p in FIXTURE_PACKS.iterdir() if (p / "seeds").is_dir())


@cache
def bundled_pack(name: str) -> Pack:
    """A bundled pack, loaded once for the run (quotes verified where the texts are at hand)."""
    return load_pack(name, sources=SOURCES)


@cache
def mini_pack() -> Pack:
    return load_pack(str(MINI))


@cache
def checker(pack: str, engine: str = "durable") -> Checker:
    """One checker per pack and engine for the run: its sessions must not see each other."""
    loaded = mini_pack() if pack == "mini" else bundled_pack(pack)
    return Checker(loaded, engine)


def copy_pack(source: Path, target: Path) -> Path:
    """A copy of a pack directory (seeds/ and rules/ only), to edit."""
    for part in ("seeds", "rules"):
        shutil.copytree(source / part, target / part)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a file by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"`{old}` is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
