"""A file's problems are all reported at once: after a JSON syntax error in a JSONL
file, after the first impossible event, and at every level of a baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

from govrules.checker import check
from govrules.errors import InputError


def _problems(path: Path) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputError) as error:
        check([path])
    return [(p.line, p.path, p.message) for p in error.value.problems]


def test_a_broken_first_line_of_json_lines_hides_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"scenario": {"name": "x"}\n'
        '{"kind": "nope", "at": "2024-01-01"}\n'
        "{not json\n"
        '{"kind": "member.left", "at": "2024-01-02"}\n',
        encoding="utf-8",
    )
    found = _problems(path)
    assert sorted({line or 0 for line, _, _ in found}) == [1, 2, 3, 4]
    assert found[0][2].startswith("invalid JSON")
    assert found[1][:2] == (2, "events[1].kind")
    assert found[2][2].startswith("invalid JSON")


def test_a_bad_header_line_hides_nothing_either(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"scenario": {"name": "x", "pak": "y"}}\n{"kind": "nope", "at": "2024-01-01"}\n',
        encoding="utf-8",
    )
    found = _problems(path)
    assert [(line, where) for line, where, _ in found] == [
        (1, "scenario.pak"),
        (2, "events[0].kind"),
    ]
    assert "did you mean `pack`?" in found[0][2]


def test_every_impossible_event_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: impossible twice\n"
        "events:\n"
        "  - {kind: member.left, at: 2024-01-01, body: board, member: Nobody}\n"
        "  - {kind: member.seats_changed, at: 2024-01-02, body: board, member: Meta, seats: 2}\n"
        "  - {kind: member.left, at: 2024-01-03, body: board, member: Ghost}\n"
        "  - {kind: member.left, at: 2024-01-04, body: board, member: Meta}\n"
        "  - {kind: member.left, at: 2024-01-05, body: board, member: Meta}\n",
        encoding="utf-8",
    )
    assert _problems(path) == [
        (3, "events[0].member", "`Nobody` is not a member of `board`"),
        (5, "events[2].member", "`Ghost` is not a member of `board`"),
        # The replay went on: Meta left at event 3, so leaving again cannot happen.
        (7, "events[4].member", "`Meta` is not a member of `board`"),
    ]


def test_a_top_level_problem_does_not_hide_the_events(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: x\ndescripton: typo\nevents:\n  - {kind: nope, at: 2024-01-01}\n",
        encoding="utf-8",
    )
    found = _problems(path)
    assert [(line, where) for line, where, _ in found] == [(2, "descripton"), (4, "events[0].kind")]
    assert "did you mean `description`?" in found[0][2]


def test_baseline_fields_get_did_you_means_at_every_level(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: x\n"
        "baseline:\n"
        "  board:\n"
        "    seats: 3\n"
        "  bodies:\n"
        "    board:\n"
        "      members:\n"
        "        - {name: A, afiliation: B}\n"
        "  parnet: {name: P, nonprofit: true}\n"
        "events: []\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        check([path])
    by_path = {p.path: p for p in error.value.problems}
    member = by_path["baseline.bodies.board.members[0].afiliation"]
    assert member.message == "unknown field `afiliation` (did you mean `affiliation`?)"
    assert member.help is not None
    assert member.help.startswith("fields here: name, affiliation")
    assert by_path["baseline.parnet"].message == "unknown field `parnet` (did you mean `parent`?)"
    board = by_path["baseline.board"]
    assert board.help is not None
    assert board.help.startswith("fields here: bodies, affiliations, parent")
    assert "`baseline.bodies.board.members`" in board.help
