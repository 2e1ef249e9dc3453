"""Every example gives the verdict its name claims, on both engines, in the same JSON.

Examples live in ``examples/<pack>/`` and are named ``<rule id>--<what it
shows>`` (the file breaks that rule and no other) or ``ok--<what it shows>``
(it breaks nothing). Each names its pack (``pack:``), so ``govrules check
examples/`` checks each against its own pack.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _support import BUNDLED, ENGINES, all_examples, bundled_pack, checker, claimed, examples_of
from conftest import EXAMPLES, ROOT
from govrules.cli import app
from govrules.findings import Report
from govrules.formats import Format
from govrules.reports import render
from govrules.scenario import read_scenario

EXAMPLES_OF_PACKS = all_examples()


def _id(case: tuple[str, Path]) -> str:
    return f"{case[0]}/{case[1].name}"


@pytest.mark.parametrize("case", EXAMPLES_OF_PACKS, ids=_id)
def test_the_example_gives_its_verdict_on_both_engines_in_identical_json(
    case: tuple[str, Path],
) -> None:
    pack, path = case
    display = path.relative_to(ROOT).as_posix()
    reports: dict[str, str] = {}
    for engine in ENGINES:
        run = checker(pack, engine)
        result = run.check_file(path, display)
        rule = claimed(path)
        fired = {f.rule for f in result.findings}
        assert fired == (set() if rule is None else {rule}), engine
        assert result.pack == pack
        report = Report(scenarios=(result,), packs={pack: run.pack})
        reports[engine] = render(report, Format.JSON)
    assert reports["durable"] == reports["reference"]


@pytest.mark.parametrize("case", EXAMPLES_OF_PACKS, ids=_id)
def test_the_example_names_its_pack_and_a_rule_of_it(case: tuple[str, Path]) -> None:
    pack, path = case
    assert read_scenario(path).pack == pack, "an example names the pack of its directory"
    rule = claimed(path)
    if rule is not None:
        assert rule in {r.id for r in bundled_pack(pack).rules}, f"no rule `{rule}` in {pack}"


@pytest.mark.parametrize("pack", BUNDLED)
def test_every_rule_has_an_example_and_there_is_one_that_passes(pack: str) -> None:
    files = examples_of(pack)
    if not files:
        pytest.skip(f"examples/{pack}/ holds no examples yet")
    rules = {r.id for r in bundled_pack(pack).rules}
    shown = {claimed(p) for p in files}
    assert rules - shown == set(), "rules with no example"
    assert None in shown, "no `ok--` example"


def _run_check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_examples_checks_each_scenario_against_the_pack_it_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = _run_check("examples", "--format", "json", "--fail-on", "never")
    assert code == 0, err
    data = json.loads(out)
    expected = {
        (path.relative_to(ROOT).as_posix(), pack)
        for pack, path in EXAMPLES_OF_PACKS
        if path.is_relative_to(EXAMPLES)
    }
    assert {(s["file"], s["pack"]) for s in data["scenarios"]} == expected
    assert {p["name"] for p in data["packs"]} == {pack for _, pack in expected}
    for scenario in data["scenarios"]:
        rule = claimed(Path(scenario["file"]))
        assert {f["rule"] for f in scenario["findings"]} == (set() if rule is None else {rule})
    # The reference engine writes the same report, byte for byte.
    code, again, err = _run_check(
        "examples", "--format", "json", "--fail-on", "never", "--engine", "reference"
    )
    assert code == 0, err
    assert again == out


def test_check_examples_with_one_pack_refuses_the_scenarios_of_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_examples = [name for name in BUNDLED if examples_of(name)]
    if len(with_examples) < 2:
        pytest.skip("needs examples of two bundled packs")
    monkeypatch.chdir(ROOT)
    chosen = with_examples[0]
    code, out, err = _run_check("examples", "--pack", chosen)
    assert code == 2
    # The report still covers the chosen pack's examples; the others are its problems.
    assert f"{len(examples_of(chosen))} files," in out.splitlines()[-1]
    assert f"examples/{with_examples[1]}/" not in out
    others = [p for name in with_examples[1:] for p in examples_of(name)]
    refused = [line for line in err.splitlines() if "error:" in line]
    assert len(refused) == len(others)
    for line in refused:
        assert f"not `{chosen}`" in line
