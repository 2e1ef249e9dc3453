"""docs/rules is generated from the rule files of every bundled pack; the committed pages
must be current (``docs/rules/<pack>/<rule>.md``, an index per pack and one of the packs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from _support import BUNDLED, MINI, bundled_pack, mini_pack
from conftest import ROOT, SOURCES
from govrules.reports.rule_docs import main, rule_pages, write_pages

DOCS = ROOT / "docs" / "rules"
REGENERATE = "python -m govrules.reports.rule_docs docs/rules --sources ../shared/sources"


def test_the_committed_rule_docs_are_current() -> None:
    pages = rule_pages([bundled_pack(name) for name in BUNDLED])
    committed = {
        p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md")
    }
    assert sorted(committed) == sorted(pages), f"pages added or gone: run `{REGENERATE}`"
    stale = [name for name, text in pages.items() if committed[name] != text]
    assert not stale, f"out of date: {stale}; run `{REGENERATE}`"


@pytest.mark.parametrize("name", BUNDLED)
def test_a_page_per_rule_with_its_parts(name: str) -> None:
    pack = bundled_pack(name)
    pages = rule_pages([pack])
    assert f"[`{name}`]({name}/README.md)" in pages["README.md"]
    for rule in pack.rules:
        page = pages[f"{name}/{rule.id}.md"]
        assert page.startswith(f"# `{rule.id}`\n")
        for heading in ("## What it checks", "## Why", "## Condition", "## Example"):
            assert heading in page
        assert "This example does not break the rule" not in page
        for fact_id in rule.rests_on:
            assert f"### `{fact_id}`" in page
            for evidence in pack.facts[fact_id].evidence:
                assert " ".join(evidence.quote.split()) in page
                assert (
                    f", line {evidence.line}, characters {evidence.start}\u2013{evidence.end}"
                    in page
                )
        if rule.in_force_from:
            since = pack.facts[rule.in_force_from].as_of.isoformat()
            assert f"In force from {since} (the date of `{rule.in_force_from}`)." in page
        assert f"[`{rule.id}`]({rule.id}.md)" in pages[f"{name}/README.md"]


def test_write_pages_removes_pages_of_rules_that_are_gone(tmp_path: Path) -> None:
    (tmp_path / "mini").mkdir()
    (tmp_path / "mini" / "old-rule.md").write_text("stale", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    written = write_pages([mini_pack()], tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert names == sorted([*(p.relative_to(tmp_path).as_posix() for p in written), "notes.txt"])
    assert "mini/old-rule.md" not in names
    assert "mini/seat-share.md" in names


def test_main_writes_the_pages_of_every_bundled_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(tmp_path / "out"), *(["--sources", str(SOURCES[0])] if SOURCES else [])]
    assert main(args) == 0
    printed = capsys.readouterr().out.splitlines()
    for name in BUNDLED:
        assert (tmp_path / "out" / name / "README.md").is_file()
        assert str(tmp_path / "out" / name / "README.md") in printed
    assert str(MINI) not in "".join(printed)
