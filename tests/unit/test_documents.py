"""Reading YAML and JSON: the same data as ruamel.yaml reads from every file we ship,
the line of every value, strict scalars, and no key, tag, anchor or document too many."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from govrules.documents import parse_json, parse_yaml
from govrules.errors import InputError

YAML_FILES = sorted(
    p
    for folder in (
        "rules",
        "seeds",
        "examples",
        "tests/golden",
        "tests/regressions",
        "tests/fixtures",
        "tests/cli/fixtures",
    )
    for p in (ROOT / folder).rglob("*.y*ml")
)


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_as_ruamel_reads_it(path: Path) -> None:
    from ruamel.yaml import YAML

    text = path.read_text(encoding="utf-8")
    expected = _dates_as_text(YAML(typ="safe", pure=True).load(text))
    # Compared as JSON text, where NaN equals NaN.
    assert json.dumps(parse_yaml(text, str(path)).data) == json.dumps(expected)


def test_lines_are_those_of_keys_and_items() -> None:
    doc = parse_yaml(
        "name: x\nevents:\n  - kind: member.left\n    at: 2024-01-01\n    body: board\n"
        "  - kind: parent.changed\n    baseline:\n      x:\n        - 1\n",
        "s.yaml",
    )
    assert doc.data["events"][0]["at"] == "2024-01-01"
    assert doc.line_of(("events", 0, "at")) == 4
    assert doc.line_of(("events", 0)) == 3
    assert doc.line_of(("events", 0, "no-such-key")) == 3
    assert doc.line_of(("events", 1)) == 6
    assert doc.line_of(("events", 1, "baseline", "x", 0)) == 9
    assert doc.line_of(("events", 1, "baseline")) == 7
    assert doc.line_of(()) == 1


@pytest.mark.parametrize("indent", [None, 1, 2])
def test_json_lines_match_those_of_the_same_data_in_yaml(indent: int | None) -> None:
    data = {
        "name": "x",
        "events": [
            {"kind": "a", "at": "2024-01-01", "list": [1, {"deep": [True, None]}], "q": 'a\\"b'},
            {"kind": "b", "nested": {"k": {"k2": 3}}},
        ],
    }
    text = json.dumps(data, indent=indent)
    doc = parse_json(text, "s.json")
    assert doc.data == data
    as_yaml = parse_yaml(text, "s.yaml")  # JSON is YAML too: the same lines
    for loc in [
        (),
        ("events",),
        ("events", 0),
        ("events", 0, "list", 1, "deep", 1),
        ("events", 1, "nested", "k", "k2"),
        ("events", 0, "q"),
    ]:
        assert doc.line_of(loc) == as_yaml.line_of(loc), loc


def test_dates_are_read_as_text_in_yaml_as_in_json() -> None:
    yaml = parse_yaml("at: 2024-01-01\nwhen: 2024-01-01T10:00:00\n", "s.yaml").data
    assert yaml == {"at": "2024-01-01", "when": "2024-01-01T10:00:00"}


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1", 1),
        ("-3", -3),
        ("010", 10),
        ("0o10", 8),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("-0.0", -0.0),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("null", None),
        # Strict: what YAML 1.1 or a lenient reader takes for a number or a flag stays text.
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("yes", "yes"),
        ("on", "on"),
        ("1:30", "1:30"),
        ("'1'", "1"),
        ('"true"', "true"),
    ],
)
def test_scalars_are_read_by_the_yaml_1_2_core_schema(written: str, read: object) -> None:
    value = parse_yaml(f"a: {written}\n", "s.yaml").data["a"]
    assert value == read
    assert type(value) is type(read)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "key `a` is given twice (first on line 1)"),
        ("a: &x 1\nb: *x\n", 1, "YAML anchor `&x` is not allowed"),
        ("a: !!python/object:os.system x\n", 1, "YAML tag"),
        ("a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
        ("base: {a: 1}\nc:\n  <<: {b: 2}\n", 3, "YAML merge key `<<` is not allowed"),
        ("a:\n  - [1, 2]: 3\n", 2, "a key must be a text"),
        ("a: 1\n1: b\n", 2, "key `1` must be a string"),
        ("a: \x00\n", 1, "a character YAML does not allow (U+0000)"),
        ("a: 1\n b: 2\n", 2, "invalid YAML"),
    ],
)
def test_what_yaml_files_may_not_hold_is_refused_at_its_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "s.yaml")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.line == line


def test_an_alias_is_refused_where_it_is_used_even_without_its_anchor() -> None:
    # The anchor is refused first; an alias alone is a parser error (undefined), so
    # both forms end before anything is expanded.
    with pytest.raises(InputError) as caught:
        parse_yaml("a: [*x]\n", "s.yaml")
    assert caught.value.problems[0].line == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"a": 1, "a": 2}', 1, "key `a` is given twice"),
        ('{"a": 1,\n "b": {"c": 1, "c": 2}}', 2, "key `c` is given twice"),
        ('{"a": NaN}', 1, "`NaN` is not a JSON number"),
        ('{"a":\n -Infinity}', 2, "`-Infinity` is not a JSON number"),
        ('{"a": 1,}', 1, "invalid JSON"),
        ("\n\n[" * 1 + "1" + "]" * 2, 3, "invalid JSON"),
    ],
)
def test_what_json_files_may_not_hold_is_refused_at_its_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_json(text, "s.json")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.line == line


def test_a_byte_order_mark_is_not_part_of_the_text() -> None:
    assert parse_json('\ufeff{"a": 1}', "s.json").data == {"a": 1}
    assert parse_yaml("\ufeffa: 1\n", "s.yaml").data == {"a": 1}
