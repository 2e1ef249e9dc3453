"""The public strategies (``govrules.testing``) generate what they promise."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govrules import testing
from govrules.errors import InputError
from govrules.events import EVENT_KINDS, Decision, Event
from govrules.pack import bundled_root, load_pack
from govrules.scenario import Scenario
from govrules.state import State
from property._shared import checker, pack

PACK = pack()


@given(st.sampled_from(testing.KINDS).flatmap(lambda k: st.tuples(st.just(k), testing.event([k]))))
def test_event_gives_a_valid_event_of_each_kind(case: tuple[str, Event]) -> None:
    kind, event = case
    assert event.kind == kind
    assert type(event) is EVENT_KINDS[kind]


@given(testing.scenarios(PACK.initial, with_baseline=True, max_events=20))
def test_scenarios_are_in_date_order_and_replay_without_error(scenario: Scenario) -> None:
    dates = [e.at for e in scenario.events]
    assert dates == sorted(dates)
    steps = testing.replay_scenario(PACK, scenario)  # raises on an impossible event
    for step in steps:
        event = step.located.event
        if isinstance(event, Decision) and event.body == "board":
            assert set(event.organisations) <= set(step.before.seats)


@given(testing.board_states(PACK.initial))
def test_board_states_give_every_holder_a_seat(state: State) -> None:
    assert all(n >= 1 for n in state.seats.values())
    assert state.seats_total == sum(state.seats.values())


@settings(max_examples=25)
@given(st.lists(testing.conditions(PACK.param_values, start=PACK.initial), min_size=1, max_size=5))
def test_generated_conditions_pass_the_pack_loader(whens: list[dict[str, Any]]) -> None:
    # Written into a rule file of a copy of the bundled pack, read by load_pack.
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("rules", "seeds"):
            shutil.copytree(bundled_root() / part, Path(tmp) / part)
        rules = [
            {
                "id": f"generated-{i}",
                "title": "a generated rule",
                "severity": "warning",
                "rests_on": [PACK.rules[0].rests_on[0]],
                "when": when,
                "message": "generated",
                "docs": {
                    "checks": "a generated condition",
                    "why": "to test the loader",
                    "example": {
                        "description": "none",
                        "events": [{"kind": "transition", "at": "2023-01-01"}],
                    },
                },
            }
            for i, when in enumerate(whens)
        ]
        target = Path(tmp) / "rules" / PACK.name / "zz-generated.yaml"
        target.write_text(json.dumps({"rules": rules}), encoding="utf-8")
        loaded = load_pack(tmp)
    assert [r.id for r in loaded.rules][-len(whens) :] == [r["id"] for r in rules]


@given(testing.malformed_files(PACK.initial).filter(lambda b: b.certain))
def test_malformed_files_said_to_be_certain_are_refused_by_the_library(
    bad: testing.BadFile,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / bad.name
        path.write_bytes(bad.content)
        with pytest.raises(InputError) as refused:
            checker("reference").check([path])
    assert refused.value.problems, bad.family


def _run_examples(code: str) -> list[str]:
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # the documentation's own code, unchanged but for the pack
    ran = [name for name in namespace if name.startswith("test_")]
    for name in ran:
        namespace[name]()
    return ran


def test_the_examples_in_the_strategies_docstring_hold() -> None:
    code = textwrap.dedent(testing.__doc__.split("::\n", 1)[1].split("What there is:")[0])
    assert len(_run_examples(code.replace('load_pack("my-pack-dir")', "load_pack()"))) == 3


def test_the_examples_in_docs_testing_md_hold(tmp_path: Path) -> None:
    for part in ("rules", "seeds"):
        shutil.copytree(bundled_root() / part, tmp_path / part)
    docs = (Path(__file__).parents[2] / "docs" / "testing.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", docs, re.DOTALL)
    code = "\n".join(blocks).replace('"path/to/my-pack"', repr(str(tmp_path)))
    assert len(_run_examples(code)) == 2
