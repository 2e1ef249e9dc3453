"""The pre-commit hooks and the documented CI workflow run real govrules commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from cli.cli_support import ROOT, SCENARIOS, CliFn
from govrules.cli import app


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


def _commands() -> set[str]:
    return {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}


HOOKS: list[dict[str, Any]] = _yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_hooks() -> None:
    assert [h["id"] for h in HOOKS] == ["govrules-check", "govrules-validate"]
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        program, command = shlex.split(hook["entry"])[:2]
        assert program == "govrules"
        assert command in _commands()


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("scenarios/meta.yaml", True),
        ("governance/scenarios/a/b.jsonl", True),
        ("scenarios/x.json", True),
        ("scenarios/README.md", False),
        (".github/workflows/ci.yaml", False),
        ("rules/pytorch-foundation/board.yaml", False),
    ],
)
def test_the_check_hook_picks_scenario_files(path: str, matches: bool) -> None:
    check = next(h for h in HOOKS if h["id"] == "govrules-check")
    assert (re.search(check["files"], path) is not None) is matches


def test_the_check_hook_runs(cli: CliFn) -> None:
    # pre-commit runs `entry` followed by the matching files.
    check = next(h for h in HOOKS if h["id"] == "govrules-check")
    args = shlex.split(check["entry"])[1:]
    run = cli(*args, "--pack", "tests/cli/fixtures/pack", f"{SCENARIOS}/clean.yaml")
    assert run.code == 0, run.stderr


def _workflow() -> dict[str, Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    workflow = next(b for b in blocks if "upload-sarif" in b)
    data: dict[str, Any] = _yaml(workflow)
    return data


def test_the_documented_workflow_uploads_what_it_checks(cli: CliFn, tmp_path: Path) -> None:
    workflow = _workflow()
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["govrules"]["steps"]
    check = next(s for s in steps if "govrules check" in s.get("run", ""))
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    argv = shlex.split(check["run"])
    output = argv[argv.index("--output") + 1]
    assert argv[argv.index("--format") + 1] == "sarif"
    assert upload["with"]["sarif_file"] == output
    assert "always()" in upload["if"] or "cancelled()" in upload["if"]
    # The same command line, on the fixtures: it parses and writes SARIF.
    target = tmp_path / output
    args = [str(target) if a == output else SCENARIOS if a == "scenarios/" else a for a in argv[1:]]
    assert SCENARIOS in args
    run = cli(*args, "--pack", "tests/cli/fixtures/pack")
    assert run.code == 1
    assert target.read_text(encoding="utf-8").startswith('{\n  "$schema"')
