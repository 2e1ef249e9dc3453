"""``govrules init``: a new pack that validates strictly and whose examples give their verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import claimed, scenario_files
from cli.cli_support import CliFn


@pytest.fixture
def created(cli: CliFn, tmp_path: Path) -> Path:
    run = cli("init", "my-foundation", "--dir", str(tmp_path))
    assert run.code == 0, run.stderr
    for part in ("seeds", "rules", "examples"):
        assert (tmp_path / part / "my-foundation").is_dir()
    listed = [line.removeprefix("created ") for line in run.stdout.splitlines()[:-1]]
    assert sorted(listed) == sorted(str(p) for p in tmp_path.rglob("*") if p.is_file())
    assert run.stdout.splitlines()[-1] == f"next: govrules validate --pack {tmp_path} --strict"
    return tmp_path


def test_the_new_pack_validates_strictly(cli: CliFn, created: Path) -> None:
    run = cli("validate", "--pack", str(created), "--strict")
    assert run.code == 0, run.stdout
    assert run.stdout.endswith("pack `my-foundation`: 0 errors, 0 warnings\n")
    assert "verified source `source`" in run.stdout


@pytest.mark.parametrize("engine", ["durable", "reference"])
def test_its_examples_give_the_verdicts_their_names_claim(
    cli: CliFn, created: Path, engine: str
) -> None:
    examples = created / "examples" / "my-foundation"
    files = scenario_files(examples)
    assert {claimed(p) for p in files} == {None, "council-employer-cap"}
    run = cli(
        "check", str(examples), "--pack", str(created), "--format", "json", "--engine", engine
    )
    assert run.code == 1, run.stderr
    for scenario in json.loads(run.stdout)["scenarios"]:
        rule = claimed(Path(scenario["file"]))
        assert {f["rule"] for f in scenario["findings"]} == (set() if rule is None else {rule})


def test_without_pack_the_examples_name_a_pack_that_is_not_bundled(
    cli: CliFn, created: Path
) -> None:
    run = cli("check", str(created / "examples" / "my-foundation"))
    assert run.code == 2
    assert "unknown pack `my-foundation`" in run.stderr


def test_init_refuses_to_overwrite(cli: CliFn, created: Path) -> None:
    before = {p: p.read_bytes() for p in created.rglob("*") if p.is_file()}
    run = cli("init", "my-foundation", "--dir", str(created))
    assert run.code == 2
    assert f"`{created / 'seeds' / 'my-foundation'}` exists already" in run.stderr
    assert {p: p.read_bytes() for p in created.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("name", ["My Foundation", "über", "a_b", ""])
def test_init_refuses_a_name_that_is_no_pack_name(cli: CliFn, tmp_path: Path, name: str) -> None:
    run = cli("init", name, "--dir", str(tmp_path))
    assert run.code == 2
    assert f"`{name}` is not a pack name" in run.stderr
    assert list(tmp_path.iterdir()) == []
