"""round_trip: for each scenario format and every bundled pack, parse(render(s)) == s."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govrules import testing
from govrules.scenario import Format, Scenario, read_scenario, render
from property._shared import PACKS, pack


@st.composite
def any_scenario(draw: st.DrawFn) -> Scenario:
    return draw(testing.scenarios(pack(draw(st.sampled_from(PACKS)))))


@pytest.mark.parametrize("fmt", testing.FORMATS)
@given(scenario=any_scenario())
def test_round_trip_reading_a_rendered_scenario_gives_it_back(
    fmt: Format, scenario: Scenario
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = testing.write_scenario(scenario, Path(tmp), fmt)
        assert read_scenario(path) == scenario


@pytest.mark.parametrize("fmt", testing.FORMATS)
@given(scenario=any_scenario())
def test_round_trip_rendering_what_was_read_gives_the_same_text(
    fmt: Format, scenario: Scenario
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = testing.write_scenario(scenario, Path(tmp), fmt)
        assert render(read_scenario(path), fmt) == path.read_text(encoding="utf-8")
