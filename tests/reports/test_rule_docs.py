"""docs/rules is generated from the rule files; the committed pages must be current."""

from __future__ import annotations

from pathlib import Path

import pytest

from govrules.pack import load_pack
from govrules.reports.rule_docs import main, rule_pages, rule_params, run_example, write_pages
from reports.cases import MINI, ROOT, pack_for

DOCS = ROOT / "docs" / "rules"
REGENERATE = "python -m govrules.reports.rule_docs docs/rules"


def test_the_committed_rule_docs_are_current() -> None:
    pages = rule_pages(load_pack())
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    assert sorted(committed) == sorted(pages), f"pages added or gone: run `{REGENERATE}`"
    stale = [name for name, text in pages.items() if committed[name] != text]
    assert not stale, f"out of date: {stale}; run `{REGENERATE}`"


def test_a_page_per_rule_with_its_parts() -> None:
    pack = load_pack()
    pages = rule_pages(pack)
    for rule in pack.rules:
        page = pages[f"{rule.id}.md"]
        for heading in ("## What it checks", "## Why", "## Condition", "## Example"):
            assert heading in page
        for fact_id in rule.rests_on:
            assert f"### `{fact_id}`" in page
            for evidence in pack.facts[fact_id].evidence:
                assert " ".join(evidence.quote.split()) in page
        assert f"[`{rule.id}`]({rule.id}.md)" in pages["README.md"]


def test_every_bundled_example_breaks_its_rule() -> None:
    pack = load_pack()
    failing = [r.id for r in pack.rules if not run_example(pack, r).fired_on_last]
    assert not failing


def test_rule_params_reads_conditions_and_messages() -> None:
    pack = pack_for(str(MINI))
    assert rule_params(pack.rule("seat-share")) == ["max_seat_share"]
    assert rule_params(pack.rule("board-size")) == ["founding_board_size"]
    assert rule_params(pack.rule("licence-open")) == []


def test_write_pages_removes_pages_of_rules_that_are_gone(tmp_path: Path) -> None:
    (tmp_path / "old-rule.md").write_text("stale", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    written = write_pages(pack_for(str(MINI)), tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([*(p.name for p in written), "notes.txt"])
    assert "old-rule.md" not in names


def test_main_writes_the_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "out"), "--pack", str(MINI)]) == 0
    assert (tmp_path / "out" / "seat-share.md").is_file()
    assert "seat-share.md" in capsys.readouterr().out
    assert main([str(tmp_path / "out"), "--pack", "no-such-pack"]) == 2
    assert "unknown pack `no-such-pack`" in capsys.readouterr().err
