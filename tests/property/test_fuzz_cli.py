"""fuzz_cli: any file given to ``govrules check`` ends in exit 0, 1 or 2, never anything else.

Inputs are the bundled examples (``examples/``), mutated: as bytes (bytes
inserted, deleted, replaced by hostile snippets, truncated, repeated) and as
structure (a value replaced by a hostile one: a date as a number, a count as
text, a control character, a bidi override, a lone surrogate, a huge number,
deep nesting; keys dropped and added; events repeated and swapped), then
written as YAML, JSON or JSON lines under any of the three suffixes, and
checked with every report format, to stdout or to ``--output``.

For every input: the exit code is 0, 1 or 2; nothing escapes as a traceback;
on 2 stderr names the file with a message; stderr holds no raw control
character, bidi control or line separator; a run ends within a time limit (a
hang is a failure, not a stuck suite); ``--output`` leaves either no file or a
whole report, and no temporary file.

The runs are in-process through the CLI's entry point (packs loaded once for
the test: loading is not what is fuzzed); a small sample runs in a real
``python -m govrules`` process. How many inputs: ``GOVRULES_FUZZ`` (an
integer, or ``long`` for 10,000), else 1,000 under the ``ci`` profile and 100
under ``dev``. ``pytest tests/property/test_fuzz_cli.py -s`` prints the
outcomes and the time taken.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, PROFILE
from govrules.cli import app

SEEDS = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".json", ".jsonl"))
FORMATS = ("text", "concise", "json", "sarif", "junit", "html")
SUFFIXES = (".yaml", ".json", ".jsonl")
# Every engine: durable-rules keeps each checker's rulesets for the life of the
# process (about a megabyte each), so a long in-process run spreads its checks.
ENGINES = ("durable", "compiled", "reference")


def _examples() -> int:
    wanted = os.environ.get("GOVRULES_FUZZ", "")
    if wanted == "long":
        return 10_000
    if wanted.isdigit():
        return int(wanted)
    return 1_000 if PROFILE == "ci" else 100


EXAMPLES_TO_RUN = _examples()
# A check of one small file takes a fraction of a second; one still running
# after this long is hung (the issue saw alias bombs and deep nesting run for ever).
HANG_SECONDS = 30
# What must never reach a terminal raw (the line break aside).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

# -- hostile values and snippets ------------------------------------------------------------

_DEEP: list[Any] = []
for _ in range(150):
    _DEEP = [_DEEP]
HOSTILE_VALUES: tuple[Any, ...] = (
    0,
    -0.0,
    1e308,
    "__HUGE_INT__",  # written as a 5,000-digit number (no writer would write one)
    -(2**70),
    float("nan"),
    float("inf"),
    "",
    "1_000",
    "0x10",
    "yes",
    "2024-13-45",
    "2024-02-30",
    "0000-01-01",
    "2024-01-01T10:00:00",
    "\x1b]0;title\x07",
    "abc\u202edef",
    "a\u2028b\u2029c\nd",
    "\x00",
    "\ud800",
    "x" * 150_000,
    "*alias",
    "&anchor",
    "!!python/object:os.system",
    "<<",
    "{event.__class__}",
    True,
    None,
    [],
    {},
    {"kind": "member.joined"},
    _DEEP,
)
SNIPPETS: tuple[bytes, ...] = (
    b"*a",
    b"&a ",
    b"!!python/object/apply:os.system [x] ",
    b"<<: *a\n",
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"[" * 300,
    b"{" * 300,
    b"---\n",
    b"\n",
    b"\t",
    b'"\\ud800"',
    b"NaN",
    b"9" * 5000,
    b"\x1b[31m",
    "\u202e".encode(),
    "\u2028".encode(),
    b'{"scenario": {}}\n',
)


# -- inputs -------------------------------------------------------------------------------------


def _read(seed: Path) -> dict[str, Any]:
    """A seed's data as a YAML or JSON scenario holds it (a JSONL file's header folded in)."""
    from govrules.documents import load_document

    if seed.suffix == ".jsonl":
        lines = [json.loads(line) for line in seed.read_text(encoding="utf-8").splitlines() if line]
        head = lines[0]["scenario"] if lines and "scenario" in lines[0] else {"name": seed.stem}
        events = lines[1:] if lines and "scenario" in lines[0] else lines
        return {**head, "events": events}
    data: dict[str, Any] = load_document(seed).data
    return data


@functools.cache
def _seed_data(seed: Path) -> str:
    return json.dumps(_read(seed))  # a string: each input mutates its own copy


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@st.composite
def structure_mutations(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in _places(data) if p]
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent, last = _at(data, path[:-1]), path[-1]
        how = draw(st.sampled_from(["replace", "drop", "add", "repeat", "swap"]))
        if how == "replace":
            parent[last] = copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES)))
        elif how == "drop":
            del parent[last]
        elif how == "add" and isinstance(parent, dict):
            key = draw(st.sampled_from(["seets", "kind", "\x1b[2J", "a.b", ""]))
            parent[key] = copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES)))
        elif how == "repeat" and isinstance(parent, list):
            parent.insert(last, json.loads(json.dumps(parent[last])))
        elif how == "swap" and isinstance(parent, list) and len(parent) > 1:
            parent[0], parent[-1] = parent[-1], parent[0]
    return data


_HUGE = re.compile(rb'"__HUGE_INT__"|__HUGE_INT__')


def _render(data: dict[str, Any], fmt: str) -> bytes:
    """Data as a file of ``fmt`` (with the huge number put in)."""
    return _HUGE.sub(b"9" * 5000, _write(data, fmt))


def _write(data: dict[str, Any], fmt: str) -> bytes:
    """Data as a file of ``fmt``; values JSON or YAML cannot write are written as JSON allows."""
    if fmt == ".jsonl":
        head = {"scenario": {k: v for k, v in data.items() if k != "events"}}
        events = data.get("events")
        rows = [head, *(events if isinstance(events, list) else [events])]
        return "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8", "surrogatepass")
    if fmt == ".yaml":
        import io

        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        out = io.StringIO()
        try:
            yaml.dump(data, out)
            return out.getvalue().encode("utf-8", "surrogatepass")
        except Exception:  # a value YAML cannot represent: JSON is YAML too
            pass
    return json.dumps(data, indent=1).encode("utf-8", "surrogatepass")


@st.composite
def byte_mutations(draw: st.DrawFn, content: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(content)))
        how = draw(st.sampled_from(["insert", "delete", "snippet", "truncate", "repeat", "flip"]))
        if how == "insert":
            content = content[:at] + draw(st.binary(min_size=1, max_size=16)) + content[at:]
        elif how == "delete":
            content = content[:at] + content[at + draw(st.integers(1, 64)) :]
        elif how == "snippet":
            content = content[:at] + draw(st.sampled_from(SNIPPETS)) + content[at:]
        elif how == "truncate":
            content = content[:at]
        elif how == "repeat":
            content = (
                content[:at] + content[at : at + 200] * draw(st.integers(2, 50)) + content[at:]
            )
        elif how == "flip" and at < len(content):
            content = (
                content[:at]
                + bytes([content[at] ^ (1 << draw(st.integers(0, 7)))])
                + content[at + 1 :]
            )
    return content


@st.composite
def inputs(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """(file name, content, how it was made)."""
    seed = draw(st.sampled_from(SEEDS))
    how = draw(st.sampled_from(["bytes", "structure", "both", "as-is"]))
    suffix = draw(st.sampled_from([seed.suffix, *SUFFIXES]))
    if how == "bytes":
        content = draw(byte_mutations(seed.read_bytes()))
    elif how == "as-is":
        content = _render(json.loads(_seed_data(seed)), suffix)
    else:
        data = draw(structure_mutations(json.loads(_seed_data(seed))))
        content = _render(data, suffix)
        if how == "both":
            content = draw(byte_mutations(content))
    return f"fuzz{suffix}", content, how


# -- running ------------------------------------------------------------------------------------


class Hung(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def hung(_signum: int, _frame: Any) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module", autouse=True)
def _packs_loaded_once() -> Iterator[None]:
    """Each pack is loaded once for all the inputs (packs are immutable)."""
    import govrules.checker
    from govrules.pack import Pack, load_pack

    @functools.cache
    def cached(name: str | None, sources: tuple[str | Path, ...], lines: bool) -> Pack:
        return load_pack(name, sources=sources, lines=lines)

    def load_once(
        pack: str | None = None, *, sources: Sequence[str | Path] = (), lines: bool = True
    ) -> Pack:
        return cached(pack, tuple(sources), lines)

    original = govrules.checker.load_pack  # type: ignore[attr-defined]
    setattr(govrules.checker, "load_pack", load_once)  # noqa: B010 - mypy: not exported
    yield
    setattr(govrules.checker, "load_pack", original)  # noqa: B010


OUTCOMES: Counter[str] = Counter()


def _whole(report: Path, fmt: str) -> None:
    """The report at ``report`` is a whole one of its format."""
    text = report.read_text(encoding="utf-8")
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text)
    elif fmt == "html":
        assert text.rstrip().endswith("</html>")
    else:
        assert text.endswith("\n")


def check_input(name: str, content: bytes, fmt: str, to_file: bool, engine: str) -> int:
    """Run ``govrules check`` on one input in-process and hold it to the contract."""
    with tempfile.TemporaryDirectory(prefix="govrules-fuzz-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        out = Path(tmp) / "out" / f"report.{fmt}"
        out.parent.mkdir()
        args = ["check", str(path), "--format", fmt, "--engine", engine]
        if to_file:
            args += ["--output", str(out)]
        with _time_limit(HANG_SECONDS):
            result = CliRunner().invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        code = result.exit_code
        assert code in (0, 1, 2), (code, result.stderr[-2000:])
        assert "Traceback" not in result.output
        assert not _UNSAFE.search(result.stderr), repr(result.stderr[:500])
        if fmt in ("text", "concise"):
            assert not _UNSAFE.search(result.stdout), repr(result.stdout[:500])
        if code == 2:
            assert "error: " in result.stderr
            assert str(path) in result.stderr, result.stderr[-2000:]
        left = sorted(p.name for p in out.parent.iterdir())
        assert left in ([], [out.name]), left  # no temporary file left behind
        if (to_file and code in (0, 1)) or left:
            _whole(out, fmt)
    return code


@settings(
    max_examples=EXAMPLES_TO_RUN,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(inputs(), st.sampled_from(FORMATS), st.booleans(), st.sampled_from(ENGINES))
def test_any_input_ends_in_exit_0_1_or_2_with_a_message(
    made: tuple[str, bytes, str], fmt: str, to_file: bool, engine: str
) -> None:
    name, content, how = made
    began = time.perf_counter()
    code = check_input(name, content, fmt, to_file, engine)
    OUTCOMES[f"exit {code}"] += 1
    OUTCOMES[f"{how}"] += 1
    OUTCOMES["seconds"] += round(time.perf_counter() - began, 3)  # type: ignore[assignment]


@pytest.fixture(scope="module", autouse=True)
def _outcomes() -> Iterator[None]:
    began = time.perf_counter()
    yield
    if OUTCOMES:
        inputs_run = sum(OUTCOMES[f"exit {c}"] for c in (0, 1, 2))
        print(
            f"\nfuzz_cli: {inputs_run} inputs in {time.perf_counter() - began:.0f} s; "
            + ", ".join(f"{k}: {v}" for k, v in sorted(OUTCOMES.items()) if k != "seconds")
        )


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(inputs(), min_size=3, max_size=3), st.sampled_from(FORMATS))
def test_a_real_process_sample_ends_in_exit_0_1_or_2(
    made: list[tuple[str, bytes, str]], fmt: str
) -> None:
    with tempfile.TemporaryDirectory(prefix="govrules-fuzz-") as tmp:
        paths = []
        for i, (name, content, _) in enumerate(made):
            path = Path(tmp) / f"{i}-{name}"
            path.write_bytes(content)
            paths.append(str(path))
        done = subprocess.run(
            [sys.executable, "-m", "govrules", "check", *paths, "--format", fmt],
            capture_output=True,
            timeout=HANG_SECONDS * 3,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1, 2), stderr[-2000:]
    assert "Traceback" not in stderr
    assert not _UNSAFE.search(stderr)
    if done.returncode == 2:
        assert "error: " in stderr
