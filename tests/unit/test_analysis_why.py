"""``why``: every breaking example is answered, and every answer flips the verdict when the
changed scenario is checked again, from a file, as a user would."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from _support import all_examples, bundled_pack, claimed
from govrules.analysis.changes import NUMBERS, get
from govrules.analysis.explain_report import with_why
from govrules.analysis.why import changed_scenario
from govrules.checker import Checker
from govrules.findings import Counterfactual, Report, ScenarioResult
from govrules.scenario import read_scenario, render

BREAKING = [(pack, path) for pack, path in all_examples() if claimed(path)]
PASSING = [(pack, path) for pack, path in all_examples() if not claimed(path)]


@cache
def _explained(pack: str, path: Path) -> ScenarioResult:
    checker = Checker(bundled_pack(pack), "reference")
    report = Report(scenarios=(checker.check_file(path),), packs={pack: checker.pack})
    (result,) = with_why(report).scenarios
    return result


def _check_changed(
    pack: str, path: Path, index: int, answer: Counterfactual, tmp: Path
) -> ScenarioResult:
    scenario = changed_scenario(read_scenario(path), index, answer.event or {})
    changed = tmp / f"changed{path.suffix if path.suffix != '.jsonl' else '.yaml'}"
    changed.write_text(render(scenario, "json" if changed.suffix == ".json" else "yaml"))
    return Checker(bundled_pack(pack), "durable").check_file(changed)


@pytest.mark.parametrize(("pack", "path"), BREAKING, ids=[p.name for _, p in BREAKING])
def test_every_finding_of_a_breaking_example_is_answered_and_each_answer_holds(
    pack: str, path: Path, tmp_path: Path
) -> None:
    result = _explained(pack, path)
    assert result.findings
    for finding in result.findings:
        assert finding.why, f"no answer for `{finding.rule}` at event {finding.event.index}"
        before = sum(1 for f in result.findings if f.rule == finding.rule)
        for answer in finding.why:
            assert answer.effect == "holds"
            assert answer.rule == finding.rule
            again = _check_changed(pack, path, finding.event.index, answer, tmp_path)
            if answer.event is None:  # the event left out: one finding of the rule fewer
                assert sum(1 for f in again.findings if f.rule == finding.rule) < before
            else:
                assert not any(
                    f.rule == finding.rule and f.event.index == finding.event.index
                    for f in again.findings
                ), answer.sentence


@pytest.mark.parametrize(("pack", "path"), PASSING, ids=[p.name for _, p in PASSING])
def test_the_nearest_breaks_of_a_passing_example_each_break_its_rule(
    pack: str, path: Path, tmp_path: Path
) -> None:
    result = _explained(pack, path)
    assert result.why
    answers = [(e.event.index, a) for e in result.why for a in e.breaks]
    assert answers
    for index, answer in answers:
        assert answer.effect == "breaks"
        again = _check_changed(pack, path, index, answer, tmp_path)
        assert any(f.rule == answer.rule and f.event.index == index for f in again.findings), (
            answer.sentence
        )


def _numeric(pack: str, path: Path) -> list[tuple[int, Counterfactual]]:
    result = _explained(pack, path)
    return [
        (f.event.index, a)
        for f in result.findings
        for a in f.why or ()
        if a.field in NUMBERS and isinstance(a.before, int)
    ]


NUMERIC = [(pack, path) for pack, path in BREAKING if _numeric(pack, path)]


@pytest.mark.parametrize(("pack", "path"), NUMERIC, ids=[p.name for _, p in NUMERIC])
def test_a_number_is_changed_no_further_than_its_threshold(
    pack: str, path: Path, tmp_path: Path
) -> None:
    # One step back towards the scenario's value, the rule breaks again: the
    # answer is the threshold, not a value past it.
    for index, answer in _numeric(pack, path):
        assert answer.event is not None
        step = 1 if answer.before > answer.after else -1
        closer = answer.after + step
        if closer == answer.before:
            continue
        event = dict(answer.event)
        head, _, tail = answer.field.partition(".")
        event[head] = {**event[head], tail: closer} if tail else closer
        assert get(event, answer.field) == closer
        nearer = answer.model_copy(update={"event": event})
        again = _check_changed(pack, path, index, nearer, tmp_path)
        assert any(f.rule == answer.rule and f.event.index == index for f in again.findings), (
            f"{answer.sentence}, yet `{answer.field}: {closer}` holds too"
        )


def test_an_event_past_the_end_is_refused() -> None:
    pack, path = PASSING[0]
    checker = Checker(bundled_pack(pack), "reference")
    report = Report(scenarios=(checker.check_file(path),), packs={pack: checker.pack})
    from govrules.errors import InputError

    with pytest.raises(InputError, match="past the end of the scenario"):
        with_why(report, only=10_000)


def test_a_report_of_standard_input_cannot_be_explained_afterwards() -> None:
    # Standard input is gone once checked: `with_why` says so, and `check(why=True)`,
    # which explains each scenario while it is held, answers.
    import io

    from govrules.checker import check
    from govrules.discover import STDIN, STDIN_NAME
    from govrules.errors import InputError

    pack, path = BREAKING[0]
    data = path.read_bytes()
    report = check([STDIN], pack, "reference", stdin=io.BytesIO(data))
    with pytest.raises(InputError, match="standard input can be read once") as caught:
        with_why(report)
    assert caught.value.problems[0].file == STDIN_NAME
    explained = check([STDIN], pack, "reference", stdin=io.BytesIO(data), why=True)
    (result,) = explained.scenarios
    assert result.findings
    assert all(f.why for f in result.findings)
