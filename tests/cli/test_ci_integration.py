"""The pre-commit hooks and the documented CI workflows run real govrules commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from junitparser import JUnitXml

from cli.cli_support import MINI, SCENARIOS, CliFn
from conftest import ROOT
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
        ("rules/my-foundation/board.yaml", False),
    ],
)
def test_the_check_hook_picks_scenario_files(path: str, matches: bool) -> None:
    check = next(h for h in HOOKS if h["id"] == "govrules-check")
    assert (re.search(check["files"], path) is not None) is matches


@pytest.mark.parametrize(
    ("path", "matches"),
    [("seeds/mine/facts.yaml", True), ("packs/rules/mine/r.yaml", True), ("scenarios/x", False)],
)
def test_the_validate_hook_picks_pack_files(path: str, matches: bool) -> None:
    validate = next(h for h in HOOKS if h["id"] == "govrules-validate")
    assert (re.search(validate["files"], path) is not None) is matches
    assert validate["pass_filenames"] is False


def test_the_hooks_run(cli: CliFn) -> None:
    # pre-commit runs `entry` followed by the matching files (none for validate).
    check = next(h for h in HOOKS if h["id"] == "govrules-check")
    args = shlex.split(check["entry"])[1:]
    assert cli(*args, "--pack", MINI, f"{SCENARIOS}/clean.yaml").code == 0
    assert cli(*args, "--pack", MINI, f"{SCENARIOS}/breaks.yaml").code == 1
    validate = next(h for h in HOOKS if h["id"] == "govrules-validate")
    assert cli(*shlex.split(validate["entry"])[1:], "--pack", MINI).code == 0


def _blocks(containing: str) -> dict[str, Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    data: dict[str, Any] = _yaml(next(b for b in blocks if containing in b))
    return data


def _run_documented(cli: CliFn, command: str, output: str, target: Path) -> int:
    argv = shlex.split(command)
    assert argv[:2] == ["govrules", "check"]
    args = [str(target) if a == output else SCENARIOS if a == "scenarios/" else a for a in argv[2:]]
    assert SCENARIOS in args
    run = cli("check", *args, "--pack", MINI)
    # The job's log says which rule broke where, though the report went to a file.
    assert f"{SCENARIOS}/breaks.yaml:5: error[seat-share]: " in run.stderr
    assert run.stderr.rstrip().endswith(f"report written to {target}")
    return run.code


def test_the_documented_github_workflow_uploads_what_it_checks(cli: CliFn, tmp_path: Path) -> None:
    workflow = _blocks("upload-sarif")
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
    assert _run_documented(cli, check["run"], output, target) == 1
    assert target.read_text(encoding="utf-8").startswith('{\n  "$schema"')


def test_the_documented_gitlab_job_writes_junit(cli: CliFn, tmp_path: Path) -> None:
    job = _blocks("junit:")["govrules"]
    command = next(c for c in job["script"] if c.startswith("govrules check"))
    output = job["artifacts"]["reports"]["junit"]
    assert job["artifacts"]["when"] == "always"
    target = tmp_path / output
    assert _run_documented(cli, command, output, target) == 1
    assert int(JUnitXml.fromfile(str(target)).failures) > 0
