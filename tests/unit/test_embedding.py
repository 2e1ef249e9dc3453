"""The Python API for embedding: events built in memory give the same typed report
as a file; ``govrules.check`` (the function) and ``govrules.checker`` (the module)
never shadow each other."""

from __future__ import annotations

import importlib
import types
from pathlib import Path

import pytest

import govrules
import govrules.checker
from conftest import EXAMPLES
from govrules.checker import Checker, check, check_events
from govrules.errors import InputError
from govrules.findings import Report
from govrules.model.events import EVENT_ADAPTER
from govrules.scenario import read_scenario

EXAMPLE = EXAMPLES / "pytorch-foundation" / "board-seat-share--meta-takes-three-more-seats.yaml"


def test_the_module_and_the_function_are_both_reachable() -> None:
    module = importlib.import_module("govrules.checker")
    assert isinstance(module, types.ModuleType)
    assert govrules.check is module.check
    assert callable(govrules.check)
    import govrules.checker as again

    assert again is module
    assert govrules.check_events is check_events


def test_events_in_memory_give_the_findings_of_the_file() -> None:
    scenario = read_scenario(EXAMPLE)
    from_file = check([EXAMPLE])
    in_memory = check_events(list(scenario.events), name=scenario.name)

    def same(report: Report) -> list[dict[str, object]]:
        return [f.model_dump(exclude={"file": True, "event": {"line"}}) for f in report.findings]

    assert same(in_memory) == same(from_file)
    assert in_memory.findings
    assert in_memory.findings[0].event.line is None  # no file, no line


def test_plain_data_events_and_a_baseline_are_read_like_a_file() -> None:
    events = [
        {
            "kind": "member.seats_changed",
            "at": "2024-01-01",
            "body": "board",
            "member": "Alpha",
            "seats": 3,
        }
    ]
    report = check_events(
        events,
        pack=str(Path(__file__).parents[1] / "cli" / "fixtures" / "pack"),
        baseline={"bodies": {"board": {"members": ["Alpha", "Beta"]}}},
    )
    (result,) = report.scenarios
    assert [f.rule for f in result.findings] == ["seat-share"]
    assert result.file == "<events>"


def test_events_in_memory_with_a_problem_raise_it_located_by_index() -> None:
    good = EVENT_ADAPTER.validate_python(
        {"kind": "member.left", "at": "2024-01-01", "body": "board", "member": "AMD"}
    )
    with pytest.raises(InputError) as error:
        check_events(
            [good, {"kind": "member.left", "at": "2024-01-02", "body": "bord", "member": "AMD"}]
        )
    (problem,) = error.value.problems
    assert problem.path == "events[1].body"
    assert "did you mean `board`?" in problem.message


def test_a_checker_checks_many_in_memory_scenarios() -> None:
    checker = Checker(govrules.load_pack(), params={"max_seat_share": "1/2"})
    scenario = read_scenario(EXAMPLE)
    result = checker.check_scenario(scenario.events)
    assert result.findings == ()  # 4 of 9 is within a half
    assert checker.settings.overrides[0].name == "max_seat_share"
