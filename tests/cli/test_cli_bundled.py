"""Every command works on every bundled pack and every example (no snapshots: the packs
grow; docs/rules holds their generated pages).

Each command runs once per pack through the CLI; what must hold of every rule
or every example is checked through the functions the commands call, on packs
loaded once, to keep the run short.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import BUNDLED, all_examples, bundled_pack, examples_of
from cli.cli_support import CliFn
from conftest import ROOT, SOURCES, needs_sources
from govrules.reports.catalogue import rules_data
from govrules.reports.explain import explain_data, render_explain
from govrules.reports.state import snapshot

RULES = [(name, rule.id) for name in BUNDLED for rule in bundled_pack(name).rules]
WITH_EXAMPLES = [name for name in BUNDLED if examples_of(name)]


@pytest.mark.parametrize(("name", "rule_id"), RULES)
def test_every_rule_explains_itself_and_its_example_breaks_it(name: str, rule_id: str) -> None:
    pack = bundled_pack(name)
    rule = pack.rule(rule_id)
    text = render_explain(pack, rule, "text")
    assert text.startswith(f"{rule_id}: ")
    assert "this example does not break the rule" not in text
    data = explain_data(pack, rule)
    assert data["example"]["breaks_rule"] is True
    assert data["facts"], "a rule rests on facts"
    for fact in data["facts"]:
        assert fact["quotes"]


@pytest.mark.parametrize("name", BUNDLED)
def test_explain_facts_and_rules_of_each_pack(cli: CliFn, name: str) -> None:
    pack = bundled_pack(name)
    first = pack.rules[0].id
    explained = cli("explain", first, "--pack", name)
    assert explained.code == 0, explained.stderr
    assert explained.stdout.startswith(f"{first}: ")
    facts = json.loads(cli("facts", "--pack", name, "--format", "json").stdout)
    assert [f["id"] for f in facts["facts"]] == list(pack.facts)
    # `rules` and `paths` print what rules_data() and the schema hold (the mini
    # pack's tests run them); they load the pack as `facts` does.
    assert [r["id"] for r in rules_data(pack)["rules"]] == [r.id for r in pack.rules]
    for body in pack.declarations.bodies:
        assert f"after.bodies.{body}.size" in pack.schema.paths


@pytest.mark.parametrize(("name", "path"), all_examples(), ids=lambda x: getattr(x, "name", x))
def test_the_state_of_every_example(name: str, path: Path) -> None:
    snap = snapshot(bundled_pack(name), path, str(path))
    assert snap.applied == snap.events > 0
    for body in snap.state.view["bodies"].values():
        assert sum(body["by_affiliation"].values()) == body["seats"]
        assert len(body["members"]) == body["size"]


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_state_finds_the_pack_a_scenario_names(cli: CliFn, name: str) -> None:
    example = examples_of(name)[0].relative_to(ROOT).as_posix()
    run = cli("state", example, "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["applied"] == data["events"]
    assert set(data["state"]["bodies"]) == set(bundled_pack(name).declarations.bodies)


@needs_sources
@pytest.mark.parametrize("name", BUNDLED)
def test_validate_strict_with_the_texts(cli: CliFn, name: str) -> None:
    run = cli("validate", "--pack", name, "--strict", *[f"--sources={d}" for d in SOURCES])
    assert run.code == 0, run.stdout
    assert run.stdout.endswith(f"pack `{name}`: 0 errors, 0 warnings\n")
    for source in bundled_pack(name).spec.sources:
        assert f"verified source `{source.id}`" in run.stdout


def test_check_every_example_at_once(cli: CliFn) -> None:
    # Every format of every example is rendered and read back in tests/reports.
    if not WITH_EXAMPLES:
        pytest.skip("examples/ holds no examples")
    run = cli("check", "examples")
    assert run.code == 1, run.stderr
    count = sum(len(examples_of(name)) for name in BUNDLED)
    summary = run.stdout.rstrip("\n").rsplit("\n", 1)[-1]
    assert summary.startswith(f"{count} files, ")
