"""Reading YAML: the fast reader and the line-keeping reader agree on every file we ship."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from govrules.documents import _plain, _yaml, parse_yaml

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


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_and_round_trip_readers_give_the_same_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    problems: list[tuple[str, tuple[int | str, ...], str | None]] = []
    slow = _plain(_yaml().load(text), (), problems)
    assert problems == []
    assert parse_yaml(text, str(path)).data == slow


def test_lines_are_found_after_a_fast_read() -> None:
    doc = parse_yaml(
        "name: x\nevents:\n  - kind: member.left\n    at: 2024-01-01\n    body: board\n", "s.yaml"
    )
    assert doc.data["events"][0]["at"] == "2024-01-01"
    assert doc.line_of(("events", 0, "at")) == 4
    assert doc.line_of(("events", 0)) == 3
    assert doc.line_of(("events", 0, "no-such-key")) == 3


def test_dates_are_read_as_text_in_yaml_as_in_json() -> None:
    yaml = parse_yaml("at: 2024-01-01\nwhen: 2024-01-01T10:00:00\n", "s.yaml").data
    assert yaml == {"at": "2024-01-01", "when": "2024-01-01T10:00:00"}
