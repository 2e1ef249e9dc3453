"""engines_agree at the Checker: every engine, any batch size, streams longer than a batch.

The other engines_agree properties compare sessions on observations; these go
through :class:`~govrules.checker.Checker` as ``govrules check`` does, with the
batch size made small, so that a stream is evaluated in several batches (the
flush in the middle of a stream, and each batch's results read back at its own
offsets), and an event that cannot happen may sit in the middle of the file
(the replay goes on past it, and the rest of the file is still read). Every
engine at every batch size must give what the reference gives in one batch.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govrules import testing
from govrules.checker import Checker
from govrules.engines import ENGINES
from govrules.errors import InputError
from govrules.limits import MAX_PROBLEMS_PER_FILE
from govrules.scenario import render
from govrules.testing.bad import as_file
from property._shared import PACKS, pack

# Far more than any generated file's events: the whole file in one batch.
ONE_BATCH = 10_000
NOBODY = "\u2400 nobody"


@cache
def checker(name: str, engine: str, batch: int) -> Checker:
    return Checker(pack(name), engine, batch=batch)


Outcome = tuple[str, list[Any]]


def outcome(name: str, engine: str, batch: int, text: str, fmt: str) -> Outcome:
    """What a check of the file says: its findings, or its problems."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"scenario.{fmt}"
        path.write_text(text, encoding="utf-8")
        try:
            result = checker(name, engine, batch).check_file(path, f"scenario.{fmt}")
        except InputError as exc:
            return "problems", [(p.line, p.path, p.message) for p in exc.problems]
    found = [(f.event.index, f.rule, f.message) for f in result.findings]
    return "findings", found + [(f.event.index, f.rule, f.reason) for f in result.suppressed]


@st.composite
def streams(draw: st.DrawFn, name: str) -> tuple[str, str, int]:
    """A scenario file of a bundled pack, maybe with impossible events in it, and its format.

    The impossible event (a member leaving who never joined) is dated as the
    event before it, so the file is in date order and valid line by line.
    """
    data = json.loads(render(draw(testing.scenarios(pack(name), min_events=2)), "json"))
    events: list[dict[str, Any]] = data["events"]
    body = sorted(pack(name).declarations.bodies)[0]
    impossible = draw(st.lists(st.integers(0, len(events) - 1), max_size=2))
    for at in sorted(impossible, reverse=True):
        when = events[at]["at"]
        events.insert(at + 1, {"kind": "member.left", "at": when, "body": body, "member": NOBODY})
    fmt = draw(st.sampled_from(testing.FORMATS))
    return as_file(data, fmt), fmt, len(impossible)


def disagreement(name: str, batch: int, text: str, fmt: str) -> str | None:
    """How an engine at ``batch`` differs from the reference in one batch, or None."""
    want = outcome(name, "reference", ONE_BATCH, text, fmt)
    for engine in ENGINES:
        got = outcome(name, engine, batch, text, fmt)
        if got != want:
            return f"{engine} in batches of {batch}: {got}; reference in one batch: {want}"
    return None


@given(st.sampled_from(PACKS), st.integers(1, 4), st.data())
def test_engines_agree_at_the_checker_in_batches_of_any_size(
    name: str, batch: int, data: st.DataObject
) -> None:
    text, fmt, impossible = data.draw(streams(name))
    assert disagreement(name, batch, text, fmt) is None
    # A file with an impossible event has its problems, and no findings.
    if impossible:
        kind, problems = outcome(name, "reference", batch, text, fmt)
        assert kind == "problems"
        assert len(problems) == impossible


def _jsonl(events: list[dict[str, Any]]) -> str:
    head = {"scenario": {"name": "long", "pack": "pytorch-foundation"}}
    return "\n".join(json.dumps(x) for x in [head, *events]) + "\n"


def test_after_the_problems_cap_the_rest_of_the_file_is_still_read() -> None:
    # More impossible events than are reported per file: the replay stops at the
    # cap, and the reader goes on to the end, so a broken line after it is found.
    name = "pytorch-foundation"
    leave = {"kind": "member.left", "at": "2023-01-01", "body": "board", "member": NOBODY}
    broken = {"kind": "member.joind", "at": "2023-01-02"}
    text = _jsonl([leave] * (MAX_PROBLEMS_PER_FILE + 5) + [broken])
    for engine in ENGINES:
        kind, problems = outcome(name, engine, 3, text, "jsonl")
        assert kind == "problems"
        assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
        line, where, message = problems[-1]
        assert (line, where) == (MAX_PROBLEMS_PER_FILE + 7, "events[55].kind")
        assert "unknown kind `member.joind`" in message
