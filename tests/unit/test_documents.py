"""Reading YAML: the fast reader and the line-keeping reader agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from govrules.documents import _plain, _yaml, parse_yaml

ROOT = Path(__file__).parents[2]
YAML_FILES = sorted(
    p
    for folder in ("rules", "seeds", "examples", "tests/golden")
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
    doc = parse_yaml("name: x\nevents:\n  - kind: decision\n    at: 2023-01-01\n", "s.yaml")
    assert doc.data["events"][0]["at"] == "2023-01-01"
    assert doc.line_of(("events", 0, "at")) == 4
    assert doc.line_of(("events", 0)) == 3
