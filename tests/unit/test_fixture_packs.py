"""Packs kept as test fixtures (tests/fixtures/packs/NAME): written from docs/packs.md
alone, they show the guide is enough. Each is a directory pack quoting a
published text, with its examples beside it (``NAME/examples/NAME/``).

The Rust Leadership Council pack is expected there; until it is written, its
tests skip and say so.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from _support import ENGINES, claimed, examples_of, fixture_packs
from conftest import FIXTURE_PACKS, SOURCES, needs_sources
from govrules.checker import Checker
from govrules.lint import lint
from govrules.pack import Pack, load_pack

EXPECTED = FIXTURE_PACKS / "rust-leadership-council"
PACKS = sorted({EXPECTED, *fixture_packs()})


@cache
def _load(directory: Path) -> Pack:
    return load_pack(str(directory), sources=SOURCES)


@cache
def _checker(directory: Path, engine: str) -> Checker:
    return Checker(_load(directory), engine)


def _loaded(directory: Path) -> Pack:
    if not (directory / "seeds").is_dir():
        pytest.skip(f"{directory} is not written yet")
    return _load(directory)


def _examples(directory: Path) -> list[tuple[Path, Path]]:
    return [
        (directory, path)
        for path in examples_of(directory.name, directory / "examples")
        if (directory / "seeds").is_dir()
    ]


@pytest.mark.parametrize("directory", PACKS, ids=lambda p: p.name)
def test_it_loads_as_a_directory_pack(directory: Path) -> None:
    pack = _loaded(directory)
    assert pack.name == directory.name
    assert pack.root == directory
    assert pack.rules


@needs_sources
@pytest.mark.parametrize("directory", PACKS, ids=lambda p: p.name)
def test_it_validates_strictly_with_its_texts(directory: Path) -> None:
    pack = _loaded(directory)
    for source in pack.sources.values():
        assert source.verified, f"the text of `{source.spec.id}` was not found in {SOURCES}"
    result = lint(str(directory), SOURCES)
    shown = [f"{p.level}[{p.code}] {p.problem.render()}" for p in result.problems]
    assert not result.fails(strict=True), "\n".join(shown)


@pytest.mark.parametrize("directory", PACKS, ids=lambda p: p.name)
def test_every_rule_has_an_example_and_one_passes(directory: Path) -> None:
    pack = _loaded(directory)
    files = examples_of(directory.name, directory / "examples")
    shown = {claimed(p) for p in files}
    assert {r.id for r in pack.rules} - shown == set(), "rules with no example"
    assert None in shown, "no `ok--` example"


@pytest.mark.parametrize(
    ("directory", "path"),
    [case for directory in PACKS for case in _examples(directory)],
    ids=lambda x: x.name,
)
@pytest.mark.parametrize("engine", ENGINES)
def test_every_example_gives_the_verdict_its_name_claims(
    directory: Path, path: Path, engine: str
) -> None:
    _loaded(directory)
    result = _checker(directory, engine).check_file(path)
    rule = claimed(path)
    assert {f.rule for f in result.findings} == (set() if rule is None else {rule})
