"""Every command works on the bundled pack (no snapshots: the pack grows; see docs/rules)."""

from __future__ import annotations

import json

import pytest

from cli.cli_support import ROOT, CliFn
from govrules.pack import load_pack
from govrules.scenario import SUFFIXES

RULES = [rule.id for rule in load_pack().rules]
EXAMPLES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "examples").glob("*")
    if p.suffix.lower() in SUFFIXES
)


@pytest.mark.parametrize("rule_id", RULES)
def test_explain_every_rule(cli: CliFn, rule_id: str) -> None:
    run = cli("explain", rule_id)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(f"{rule_id}: ")
    assert "this example does not break the rule" not in run.stdout
    data = json.loads(cli("explain", rule_id, "--format", "json").stdout)
    assert data["example"]["breaks_rule"] is True


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_facts_and_rules(cli: CliFn, fmt: str) -> None:
    pack = load_pack()
    facts, rules = cli("facts", "--format", fmt), cli("rules", "--format", fmt)
    assert facts.code == rules.code == 0
    if fmt == "json":
        assert [f["id"] for f in json.loads(facts.stdout)["facts"]] == list(pack.facts)
        assert [r["id"] for r in json.loads(rules.stdout)["rules"]] == RULES
    else:
        assert all(fact_id in facts.stdout for fact_id in pack.facts)
        assert all(rule_id in rules.stdout for rule_id in RULES)


@pytest.mark.parametrize("path", EXAMPLES)
def test_state_of_every_example(cli: CliFn, path: str) -> None:
    run = cli("state", path, "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["applied"] == data["events"] > 0
    assert sum(data["state"]["board"]["seats"].values()) == data["state"]["board"]["seats_total"]


def test_validate_the_bundled_pack(cli: CliFn) -> None:
    run = cli("validate", "--format", "json")
    assert run.code == 0, run.stdout
    data = json.loads(run.stdout)
    assert data["errors"] == 0
    assert data["loaded"] is True


@pytest.mark.parametrize("fmt", ["sarif", "junit", "json", "text"])
def test_check_every_example_at_once(cli: CliFn, fmt: str) -> None:
    if not EXAMPLES:
        pytest.skip("examples/ is empty")
    run = cli("check", "--format", fmt, "--fail-on", "never", "examples")
    assert run.code == 0, run.stderr
    assert run.stdout
