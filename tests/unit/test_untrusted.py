"""Untrusted text is shown escaped and cut short, in messages and text reports; the JSON,
SARIF and JUnit reports keep it exact."""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from _support import MINI
from govrules.cli import app
from govrules.errors import Problem
from govrules.limits import MAX_MESSAGE_CHARS, MAX_SHOWN_CHARS
from govrules.untrusted import escape, shown, shown_message

UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Cn", "Co"}


def _safe(text: str) -> bool:
    return not any(unicodedata.category(c) in UNSAFE for c in text)


@given(st.text())
def test_what_is_shown_holds_nothing_unsafe_to_print(text: str) -> None:
    assert _safe(escape(text))
    assert _safe(shown(text))
    assert _safe(shown_message(f"unknown kind `{text}` (did you mean `{text}`?)"))


@given(st.text())
def test_what_is_shown_is_bounded_and_says_how_long_the_value_was(text: str) -> None:
    out = shown(text)
    if len(text) <= MAX_SHOWN_CHARS:
        assert "characters in all" not in out or "characters in all" in text
    else:
        assert out.endswith(f"({len(text):,} characters in all)")
    # Every character escaped is at most ten characters long (\U0010ffff).
    assert len(out) <= MAX_SHOWN_CHARS + len(f" … ({len(text):,} characters in all)")
    assert len(shown_message(text * 50)) <= MAX_MESSAGE_CHARS + 40


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"])))
def test_printable_text_is_shown_as_it_is(text: str) -> None:
    assert escape(text) == text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("abc\u202edef", "abc\\u202edef"),
        ("a\u2066b\u2069", "a\\u2066b\\u2069"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("line\nbreak\r\ttab", "line\\nbreak\\r\\ttab"),
        ("\x00\x7f\x85", "\\x00\\x7f\\x85"),
        ("\ud800", "\\ud800"),
        ("\U000e0001", "\\U000e0001"),
        ("Zürich “quoted” — 東京", "Zürich “quoted” — 東京"),
    ],
)
def test_each_kind_of_unsafe_character_is_escaped(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_a_quote_keeps_its_line_breaks_and_nothing_else() -> None:
    assert escape("one\ntwo\x1b", keep="\n") == "one\ntwo\\x1b"


def test_a_problem_is_one_line_whatever_its_values_hold() -> None:
    problem = Problem(
        "unknown kind `a\nb\u2028c\x1b[2J`",
        file="dir/\x1b]0;x\x07.yaml",
        line=3,
        path="events[0].\u202ekind",
        help="known kinds: `\n`",
    )
    text = problem.render()
    assert text.count("\n") == 1  # the help line only
    assert _safe(text.replace("\n", ""))
    assert "dir/\\x1b]0;x\\x07.yaml:3: error: at `events[0].\\u202ekind`" in text
    assert problem.render(exact=True).startswith("dir/\x1b]0;x\x07.yaml:3: error:")


def _hostile_subject(tmp_path: Path) -> Path:
    subject = "roadmap\x1b]0;title\x07\u202e\u2028" + "x" * 150
    scenario = tmp_path / "s.json"
    event = {
        "kind": "decision.made",
        "at": "2024-03-10",
        "body": "board",
        "topic": "roadmap",
        "subject": subject,
        "public": False,
        "present": ["Alpha"],
    }
    scenario.write_text(json.dumps({"name": "n\x1b[2J", "events": [event]}), encoding="utf-8")
    return scenario


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_text_reports_show_values_from_the_input_escaped(fmt: str, tmp_path: Path) -> None:
    scenario = _hostile_subject(tmp_path)
    result = CliRunner().invoke(
        app, ["check", str(scenario), "--pack", str(MINI), "--format", fmt, "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    assert _safe(result.stdout.replace("\n", ""))
    assert "the board decision on `roadmap\\x1b]0;title\\x07\\u202e\\u2028xxx" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_machine_reports_keep_exact_values(fmt: str, tmp_path: Path) -> None:
    scenario = _hostile_subject(tmp_path)
    result = CliRunner().invoke(
        app, ["check", str(scenario), "--pack", str(MINI), "--format", fmt, "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    if fmt == "junit":
        ET.fromstring(result.stdout)  # well-formed: XML cannot hold ESC, so it is replaced
    else:
        exact = "roadmap\x1b]0;title\x07\u202e\u2028" + "x" * 150
        # SARIF escapes brackets in message text (they would make links): undo that.
        texts = [
            t.replace("\\[", "[").replace("\\]", "]") for t in _strings(json.loads(result.stdout))
        ]
        assert any(exact in text for text in texts)


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
