"""Every limit holds at its boundary: a file at the limit is read, one past it is refused
with the limit named, before the work the limit protects. The README lists them all."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT
from govrules import limits
from govrules.documents import load_document, parse_json, parse_yaml
from govrules.errors import InputError
from govrules.scenario import ScenarioReader


def _refused(call: object, *args: object) -> str:
    with pytest.raises(InputError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value.problems[0].message


def test_the_readme_lists_every_limit_with_its_value() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Limits") :]
    listed = dict(re.findall(r"^\| `(MAX_\w+)` \| ([\d,]+) ", section, re.M))
    assert listed == {limit.name: f"{limit.value:,}" for limit in limits.LIMITS}
    named = {n for n in dir(limits) if n.startswith("MAX_")}
    assert named == set(listed)  # every constant is a listed limit
    for limit in limits.LIMITS:
        assert getattr(limits, limit.name) == limit.value


@pytest.mark.parametrize("parse", [parse_yaml, parse_json], ids=["yaml", "json"])
def test_nesting_is_read_to_the_limit_and_refused_past_it(parse: object) -> None:
    depth = limits.MAX_DEPTH
    assert parse("[" * depth + "]" * depth, "f").data is not None  # type: ignore[operator]
    message = _refused(parse, "[" * (depth + 1) + "]" * (depth + 1), "f")
    assert message == f"nesting past the limit of {depth} levels"


@pytest.mark.parametrize("parse", [parse_yaml, parse_json], ids=["yaml", "json"])
def test_a_million_brackets_are_refused_without_recursion(parse: object) -> None:
    with pytest.raises(InputError) as caught:
        parse("[" * 1_000_000, "f")  # type: ignore[operator]
    assert caught.value.problems[0].line == 1


@pytest.mark.parametrize("parse", [parse_yaml, parse_json], ids=["yaml", "json"])
def test_digits_and_text_length_have_limits(parse: object) -> None:
    digits, chars = limits.MAX_NUMBER_DIGITS, limits.MAX_STRING_CHARS
    assert parse(f'{{"a": {"9" * digits}}}', "f").data["a"] == int("9" * digits)  # type: ignore[operator]
    assert "100 digits" in _refused(parse, f'{{"a":\n {"9" * (digits + 1)}}}', "f")
    assert len(parse(f'{{"a": "{"x" * chars}"}}', "f").data["a"]) == chars  # type: ignore[operator]
    assert "characters" in _refused(parse, f'{{"a": "{"x" * (chars + 1)}"}}', "f")


def test_values_are_counted_in_json() -> None:
    many = limits.MAX_NODES
    assert "values" in _refused(parse_json, "[" + "0," * many + "0]", "f")


def test_a_yaml_line_past_the_limit_is_refused_at_its_line() -> None:
    text = "a: 1\nb: " + "x" * limits.MAX_LINE_BYTES + "\n"
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "f")
    assert caught.value.problems[0].line == 2
    assert "a line past the limit" in caught.value.problems[0].message


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as stream:
        stream.truncate(size)  # no bytes written: refused before any is read
    return path


def test_files_past_their_size_are_refused_before_reading(tmp_path: Path) -> None:
    pack_file = _sparse(tmp_path / "facts.yaml", limits.MAX_PACK_FILE_BYTES + 1)
    assert "past the limit" in _refused(load_document, pack_file)
    scenario = _sparse(tmp_path / "s.yaml", limits.MAX_SCENARIO_BYTES + 1)
    assert "past the limit" in _refused(ScenarioReader.open, scenario)


def test_events_are_limited_in_a_document_but_not_in_a_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("govrules.scenario.MAX_EVENTS_PER_DOCUMENT", 3)
    event = {"kind": "parent.changed", "at": "2024-01-01", "to": "P", "nonprofit": True}
    document = tmp_path / "s.json"
    document.write_text(json.dumps({"name": "x", "events": [event] * 4}), encoding="utf-8")
    assert "4 events past the limit of 3 events" in _refused(ScenarioReader.open, document)
    stream = tmp_path / "s.jsonl"
    stream.write_text((json.dumps(event) + "\n") * 4, encoding="utf-8")
    reader = ScenarioReader.open(stream)
    assert len(list(reader.events())) == 4
    assert reader.problems == []


def test_a_jsonl_line_past_the_limit_ends_reading_at_its_line(tmp_path: Path) -> None:
    stream = tmp_path / "s.jsonl"
    event = {"kind": "parent.changed", "at": "2024-01-01", "to": "P", "nonprofit": True}
    stream.write_text(
        json.dumps(event) + "\n" + "x" * (limits.MAX_LINE_BYTES + 1) + "\n" + json.dumps(event),
        encoding="utf-8",
    )
    reader = ScenarioReader.open(stream)
    assert len(list(reader.events())) == 1  # the event before it; none after
    assert [(p.line, p.message) for p in reader.problems] == [
        (2, f"a line past the limit of {limits.MAX_LINE_BYTES:,} bytes")
    ]


def test_reading_stops_after_the_problem_limit_and_says_so(tmp_path: Path) -> None:
    stream = tmp_path / "s.jsonl"
    stream.write_text('{"kind": "nope", "at": "2024-01-01"}\n' * 1_000, encoding="utf-8")
    reader = ScenarioReader.open(stream)
    list(reader.events())
    assert len(reader.problems) == limits.MAX_PROBLEMS_PER_FILE + 1
    last = reader.problems[-1]
    assert "reading stopped" in last.message
    assert last.line == limits.MAX_PROBLEMS_PER_FILE + 1  # the line it stopped at
    assert reader.events_read == limits.MAX_PROBLEMS_PER_FILE  # the rest was not read


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "s.yaml"
    os.mkfifo(fifo)
    assert _refused(ScenarioReader.open, fifo) == "is a FIFO, not a regular file: not read"
    device = tmp_path / "d.yaml"
    device.symlink_to("/dev/zero")
    assert _refused(load_document, device) == "is a device, not a regular file: not read"
    stream = tmp_path / "d.jsonl"
    stream.symlink_to("/dev/zero")
    assert _refused(ScenarioReader.open, stream) == "is a device, not a regular file: not read"
