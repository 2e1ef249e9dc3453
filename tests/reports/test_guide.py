"""docs/packs.md, the guide to writing a pack: its generated tables are current, and the
commands and layout it shows are what govrules does."""

from __future__ import annotations

import re

from conftest import ROOT
from govrules.cli import app
from govrules.model.declarations import VOCABULARIES
from govrules.model.events import EVENT_KINDS
from govrules.model.facts import FACT_KINDS
from govrules.reports.guide import SECTIONS, regenerate

GUIDE = ROOT / "docs" / "packs.md"
REGENERATE = "python -m govrules.reports.guide docs/packs.md"


def test_the_generated_sections_are_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert regenerate(text) == text, f"docs/packs.md is out of date: run `{REGENERATE}`"


def test_every_generated_section_is_in_the_guide_once() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for name in SECTIONS:
        assert text.count(f"<!-- generated: {name} -->\n") == 1, name
        assert text.count(f"\n<!-- end: {name} -->") == 1, name


def test_the_tables_name_every_kind_and_vocabulary() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for kind in FACT_KINDS:
        assert f"| `{kind}` |" in text
    for kind in EVENT_KINDS:
        assert f"| `{kind}` |" in text
    for what in VOCABULARIES.values():
        assert f"| {what}" in text


def test_regenerate_rewrites_a_stale_section_and_only_it() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    stale = text.replace("| `member.joined` |", "| `member.joind` |", 1)
    assert stale != text
    assert regenerate(stale) == text


def test_the_commands_the_guide_shows_exist() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    shown = set(re.findall(r"`govrules (\w+)", text)) | set(re.findall(r"\ngovrules (\w+)", text))
    assert shown
    assert shown <= names, shown - names
