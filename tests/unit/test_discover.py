"""Which files ``check`` reads: directory scans skip hidden, git-ignored, excluded
and non-scenario files; files named on the command line are always read."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from govrules.checker import check
from govrules.discover import Discovery, looks_like_scenario

SCENARIO = "name: x\nevents:\n  - {kind: member.left, at: 2024-01-01, body: board, member: AMD}\n"


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _found(paths: list[str | Path], **options: object) -> list[str]:
    discovery = Discovery(**options)  # type: ignore[arg-type]
    return [s.display for s in discovery.sources(paths)]


def test_a_scan_skips_hidden_ignored_and_non_scenario_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.tmp.yaml\n!keep.tmp.yaml\n",
            ".venv/lib/site.yaml": SCENARIO,
            ".pre-commit-config.yaml": "repos: []\n",
            ".github/workflows/ci.yaml": "on: push\njobs: {}\n",
            "build/out.yaml": SCENARIO,
            "scenarios/a.yaml": SCENARIO,
            "scenarios/b.json": '{"name": "b", "events": []}',
            "scenarios/c.jsonl": '{"kind": "member.left", "at": "2024-01-01"}\n',
            "scenarios/header.jsonl": '{"scenario": {"name": "h"}}\n',
            "scenarios/draft.tmp.yaml": SCENARIO,
            "scenarios/keep.tmp.yaml": SCENARIO,
            "scenarios/.hidden.yaml": SCENARIO,
            "scenarios/nested/.gitignore": "local.yaml\n",
            "scenarios/nested/local.yaml": SCENARIO,
            "scenarios/nested/d.yml": SCENARIO,
            "seeds/mine/pack.yaml": "pack: mine\ntitle: t\nsources: []\n",
            "rules/mine/r.yaml": "rules:\n  - id: x\n    docs:\n      example:\n"
            "        events: []\n",
            "package.json": '{"name": "x", "version": "1"}',
            "notes.md": "events:\n",
        },
    )
    found = _found([tmp_path])
    expected = [
        "scenarios/a.yaml",
        "scenarios/b.json",
        "scenarios/c.jsonl",
        "scenarios/header.jsonl",
        "scenarios/keep.tmp.yaml",
        "scenarios/nested/d.yml",
    ]
    assert found == [str(tmp_path / e) for e in expected]


def test_exclude_takes_gitignore_patterns(tmp_path: Path) -> None:
    _tree(tmp_path, {"a/one.yaml": SCENARIO, "a/two.yaml": SCENARIO, "b/three.yaml": SCENARIO})
    assert _found([tmp_path], exclude=["two.yaml"]) == [
        str(tmp_path / "a/one.yaml"),
        str(tmp_path / "b/three.yaml"),
    ]
    assert _found([tmp_path], exclude=["b/"]) == [
        str(tmp_path / "a/one.yaml"),
        str(tmp_path / "a/two.yaml"),
    ]
    # A file named on the command line is left out too when excluded.
    assert _found([tmp_path / "a/two.yaml"], exclude=["*.yaml"]) == []


def test_a_file_named_is_read_whatever_it_looks_like(tmp_path: Path) -> None:
    _tree(tmp_path, {"notes.yaml": "title: not a scenario\n", ".hidden.yaml": SCENARIO})
    assert _found([tmp_path / "notes.yaml", tmp_path / ".hidden.yaml"]) == [
        str(tmp_path / "notes.yaml"),
        str(tmp_path / ".hidden.yaml"),
    ]


def test_broken_scenarios_are_still_found_so_they_are_reported(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "broken.yaml": "name: x\nevents:\n  - {kind: member.left, at: [\n",
            "broken.json": '{"name": "x", "events": [',
            "broken.jsonl": '{"kind": "member.left", "at": \n',
        },
    )
    for path in tmp_path.iterdir():
        assert looks_like_scenario(path), path.name


def test_at_the_repository_root_only_scenario_files_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    found = _found(["."])
    assert found, "the repository holds scenarios"
    for name in found:
        assert not any(part.startswith(".") for part in Path(name).parts), name
        assert Path(name).parts[0] not in ("seeds", "rules", "docs", "src", "benchmarks"), name
    examples = {p.relative_to(ROOT).as_posix() for p in EXAMPLES.rglob("*") if p.is_file()}
    assert examples <= set(found)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode == 0:
        ignored = set(listed.stdout.splitlines())
        assert not ignored & set(found), "git ignores these"


def test_a_directory_with_nothing_to_check_is_a_problem(tmp_path: Path) -> None:
    _tree(tmp_path, {"pack.yaml": "pack: x\n"})
    report = check([tmp_path], partial=True)
    (problem,) = report.problems
    assert problem.message == "directory holds no scenario files"
    assert "hidden, git-ignored and excluded files are skipped" in (problem.help or "")
