"""round_trip: for each scenario format, parse(render(s)) == s."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given

from govrules import testing
from govrules.scenario import Format, Scenario, read_scenario, render
from property._shared import pack

PACK = pack()


def _known_yaml_bug(scenario: Scenario, fmt: Format) -> bool:
    # A NEL (U+0085) in a text is written into a single-quoted YAML scalar,
    # where the reader folds it to a space: tests/regressions/cases/
    # yaml-next-line-character.yaml holds the case until scenario.render is fixed.
    return fmt == "yaml" and "\x85" in scenario.model_dump_json()


@pytest.mark.parametrize("fmt", testing.FORMATS)
@given(scenario=testing.scenarios(PACK.initial, with_baseline=True))
def test_round_trip_reading_a_rendered_scenario_gives_it_back(
    fmt: Format, scenario: Scenario
) -> None:
    assume(not _known_yaml_bug(scenario, fmt))
    with tempfile.TemporaryDirectory() as tmp:
        path = testing.write_scenario(scenario, Path(tmp), fmt)
        assert read_scenario(path) == scenario


@pytest.mark.parametrize("fmt", testing.FORMATS)
@given(scenario=testing.scenarios(PACK.initial, with_baseline=True))
def test_round_trip_rendering_what_was_read_gives_the_same_text(
    fmt: Format, scenario: Scenario
) -> None:
    assume(not _known_yaml_bug(scenario, fmt))
    with tempfile.TemporaryDirectory() as tmp:
        path = testing.write_scenario(scenario, Path(tmp), fmt)
        assert render(read_scenario(path), fmt) == path.read_text(encoding="utf-8")
