"""Every example gives the verdict its name claims, in text and in JSON.

Examples are named ``<rule id>--<what it shows>`` (the file breaks that rule and
no other) or ``ok--<what it shows>`` (it breaks nothing).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govrules.cli import app
from govrules.pack import Pack

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*--*"))


def _claimed(path: Path) -> set[str]:
    rule = path.name.split("--", 1)[0]
    return set() if rule == "ok" else {rule}


def test_there_is_an_example_breaking_each_rule_and_one_passing(pack: Pack) -> None:
    claimed = set().union(*(_claimed(p) for p in EXAMPLES))
    assert claimed == {rule.id for rule in pack.rules}
    assert any(p.name.startswith("ok--") for p in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_verdict_in_json(example: Path, pack: Pack) -> None:
    result = CliRunner().invoke(app, ["check", str(example), "--format", "json"])
    data = json.loads(result.stdout)
    found = {f["rule"] for s in data["scenarios"] for f in s["findings"]}
    assert found == _claimed(example)
    errors = [r for r in pack.rules if r.id in found and r.severity == "error"]
    assert result.exit_code == (1 if errors else 0)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_verdict_in_text(example: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(example), "--fail-on", "warning"])
    claimed = _claimed(example)
    headers = {
        line.split("[", 1)[1].split("]", 1)[0]
        for line in result.stdout.splitlines()
        if line.startswith(("error[", "warning["))
    }
    assert headers == claimed
    assert result.exit_code == (1 if claimed else 0)
    if claimed:
        # The quote is shown under the finding.
        assert "\u201c" in result.stdout
    else:
        assert "no commitment broken" in result.stdout
