"""The pre-commit hook through a real ``pre-commit``, and the composite GitHub Action.

The hook test makes a scratch git repository of this working tree (tracked and
new files, so what is tested is what is here, not only what is committed),
points a scratch project's ``.pre-commit-config.yaml`` at it with ``rev:`` its
commit, as docs/ci.md says to, and runs ``pre-commit run --all-files``: it
installs govrules into pre-commit's own environment (durable-rules compiles:
about a minute), refuses the scenario that breaks a commitment with the
finding in its output, and passes once the scenario is fixed. It skips outside
CI when git or pre-commit is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "pytorch-foundation" / "board-seat-share--meta-takes-three-more-seats.yaml"


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _working_tree_copy(target: Path) -> str:
    """This working tree as a fresh repository; its commit."""
    listed = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    target.mkdir()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "govrules under test")
    return _git(target, "rev-parse", "HEAD")


def _documented_config() -> dict[str, Any]:
    import re

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "rev:" in b)
    config: dict[str, Any] = _yaml(block)
    return config


def test_the_hook_runs_through_a_real_pre_commit(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if shutil.which("git") is None or not Path(pre_commit).exists():
        if os.environ.get("CI"):
            pytest.fail("git and pre-commit (in the `test` extra) are needed in CI")
        pytest.skip("git or pre-commit is not installed")
    commit = _working_tree_copy(tmp_path / "govrules")
    config = _documented_config()
    (repo,) = config["repos"]
    assert len(repo["rev"]) >= 7, "docs/ci.md pins a commit, not a tag that may not exist"
    repo["repo"] = str(tmp_path / "govrules")
    repo["rev"] = commit
    hooks = [h for h in repo["hooks"] if h["id"] == "govrules-check"]
    assert hooks, "the documented configuration uses the check hook"
    repo["hooks"] = hooks

    project = tmp_path / "project"
    scenarios = project / "governance" / "scenarios"
    scenarios.mkdir(parents=True)
    shutil.copy(EXAMPLE, scenarios / "meta.yaml")
    import json

    (project / ".pre-commit-config.yaml").write_text(json.dumps(config), encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "run", "--all-files", "--color", "never"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )

    refused = run()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "error[board-seat-share]" in refused.stdout
    assert "governance/scenarios/meta.yaml:5" in refused.stdout
    # Fixed: Meta keeps one seat.
    fixed = (scenarios / "meta.yaml").read_text(encoding="utf-8").replace("seats: 4", "seats: 1")
    (scenarios / "meta.yaml").write_text(fixed, encoding="utf-8")
    _git(project, "add", "-A")
    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_action_installs_checks_and_uploads_sarif() -> None:
    action = _yaml((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert "github.action_path" in install["run"]
    check = next(s for s in steps if "govrules check" in s.get("run", ""))
    assert "--format sarif --output" in check["run"]
    assert check["env"]["SARIF"] == "${{ inputs.sarif }}"
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif }}"
    assert "hashFiles" in upload["if"]
    last = steps[-1]
    assert "exit-code" in last["if"]
    assert "exit" in last["run"]
    for name, spec in action["inputs"].items():
        assert spec["description"], name
