"""The library API: checks are independent, reports are complete, output is atomic.

Run on the small pack the tests own (``mini``), whose scenarios break known
rules, and on every bundled pack's examples where a property holds of all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _support import ENGINES, MINI, MINI_SCENARIOS, all_examples, checker, claimed, mini_pack
from govrules import __version__
from govrules.checker import Checker, check
from govrules.cli import app
from govrules.errors import InputError
from govrules.pack import Severity

BREAKS = MINI_SCENARIOS / "breaks.yaml"
CLEAN = MINI_SCENARIOS / "clean.yaml"
WARNS = MINI_SCENARIOS / "gamma-leaves.yaml"
RELICENCE = MINI_SCENARIOS / "relicence.jsonl"


@pytest.mark.parametrize("engine", ENGINES)
def test_two_checks_in_one_process_are_identical_and_independent(engine: str) -> None:
    checker = Checker(mini_pack(), engine)
    first = checker.check([BREAKS, CLEAN])
    between = checker.check([RELICENCE])
    again = checker.check([BREAKS, CLEAN])
    assert first == again
    assert [f.rule for f in between.findings] == ["licence-open"]
    # A second engine in the same process sees none of the first one's facts.
    assert Checker(mini_pack(), engine).check([BREAKS, CLEAN]) == first


def test_interleaved_sessions_do_not_share_facts() -> None:
    one, two = Checker(mini_pack()), Checker(mini_pack())
    a = one.check([BREAKS])
    b = two.check([CLEAN])
    c = one.check([CLEAN])
    d = two.check([BREAKS])
    assert a == d
    assert b == c
    assert b.findings == []


def test_engines_of_the_same_rules_share_durables_rulesets() -> None:
    """durable never frees a ruleset: checking again and again in one process must not
    make one every time (the test above shows checks sharing them stay apart)."""
    from govrules.engines import durable

    pack = mini_pack()
    first = durable.DurableEngine(pack.rules, pack.param_values)
    made = len(durable._RULESETS)
    again = durable.DurableEngine(pack.rules, pack.param_values)
    assert again.handles == first.handles
    assert len(durable._RULESETS) == made
    fewer = durable.DurableEngine(pack.rules[1:], pack.param_values)
    assert fewer.handles != first.handles


def test_a_finding_carries_its_event_message_and_evidence() -> None:
    pack = mini_pack()
    report = check([BREAKS], pack=pack)
    first = report.findings[0]
    assert first.rule == "seat-share"
    assert first.event.index == 0
    assert first.event.id == "alpha-two-more"
    assert first.event.kind == "member.seats_changed"
    assert first.event.line == 5
    assert first.message == "`Alpha` would hold 3 of 5 seats (60%)"
    assert [s.fact for s in first.evidence] == list(pack.rule("seat-share").rests_on)


BREAKING = [(pack, path) for pack, path in all_examples() if claimed(path) is not None]


@pytest.mark.parametrize(("pack", "path"), BREAKING, ids=lambda x: getattr(x, "name", x))
def test_every_quote_of_a_finding_stands_at_its_span(pack: str, path: Path) -> None:
    run = checker(pack)
    for finding in run.check_file(path).findings:
        assert finding.evidence
        for support in finding.evidence:
            for quote in support.quotes:
                source = run.pack.sources[quote.source]
                assert quote.file == source.spec.filename
                assert quote.start is not None, "a bundled pack records every span"
                assert quote.end is not None
                assert quote.end - quote.start == len(quote.text)
                if source.text is not None:
                    assert source.text[quote.start : quote.end] == quote.text
                    assert source.text.count("\n", 0, quote.start) + 1 == quote.line


def test_directories_are_searched_for_scenarios() -> None:
    report = check([MINI_SCENARIOS], pack=str(MINI))
    on_disk = sorted(
        p for p in MINI_SCENARIOS.iterdir() if p.suffix in (".yaml", ".json", ".jsonl")
    )
    assert [s.file for s in report.scenarios] == [str(p) for p in on_disk]


def test_without_a_pack_each_scenario_is_checked_against_the_pack_it_names(
    tmp_path: Path,
) -> None:
    # `mini` is no bundled pack: a scenario naming it needs `--pack`.
    with pytest.raises(InputError) as error:
        check([BREAKS])
    (problem,) = error.value.problems
    assert problem.file == str(BREAKS)
    assert problem.path == "pack"
    assert "unknown pack `mini`" in problem.message


def test_a_report_lists_the_packs_it_used() -> None:
    report = check([BREAKS, CLEAN], pack=str(MINI))
    assert list(report.packs) == ["mini"]
    assert {s.pack for s in report.scenarios} == {"mini"}
    assert report.count(Severity.ERROR) == 3
    assert report.count(Severity.WARNING) == 0


def test_every_problem_of_every_file_is_reported_together(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nevents:\n  - {kind: nope, at: 2024-01-01}\n"
        "  - {kind: member.left, at: 2024-01-02, body: bord, member: Alpha}\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.yaml"
    other.write_text("name: y\npack: elsewhere\nevents: []\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        check([BREAKS, bad, other], pack=str(MINI))
    where = [(p.file, p.path) for p in error.value.problems]
    assert where == [
        (str(bad), "events[0].kind"),
        (str(bad), "events[1].body"),
        (str(other), "pack"),
    ]


# -- the command's output -------------------------------------------------------


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", "--pack", str(MINI), *args])
    return result.exit_code, result.stdout, result.stderr


def test_output_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, stdout, _ = _check(str(BREAKS), "--format", "json", "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["errors"] == 3
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_is_not_touched_on_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous report", encoding="utf-8")
    code, stdout, _ = _check(str(BREAKS), "--select", "no-such-rule", "-o", str(out))
    assert code == 2
    assert stdout == ""
    assert out.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


@pytest.mark.parametrize(
    ("path", "fail_on", "code"),
    [
        (WARNS, "error", 0),
        (WARNS, "warning", 1),
        (BREAKS, "never", 0),
        (BREAKS, "error", 1),
        (CLEAN, "warning", 0),
    ],
)
def test_fail_on_sets_the_exit_code(path: Path, fail_on: str, code: int) -> None:
    assert _check(str(path), "--fail-on", fail_on)[0] == code


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"govrules {__version__}\n"


def _collections_during_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bound: int) -> int:
    import gc

    import govrules.checker as checker_module
    from _support import noisy_stream

    stream = noisy_stream(tmp_path / "stream.jsonl", 2_000)
    checking = Checker(mini_pack(), "compiled", batch=100)
    monkeypatch.setattr(checker_module, "YOUNG_BOUND", bound)
    runs: list[int] = []

    def count(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(1)

    gc.callbacks.append(count)
    try:
        checking.check_file(stream)
    finally:
        gc.callbacks.remove(count)
    return len(runs)


def test_the_collector_is_paused_while_events_replay_and_runs_past_the_bound(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc

    assert gc.isenabled()
    # 2,000 events in batches of 100: with no room, the collector runs before each batch.
    assert _collections_during_check(monkeypatch, tmp_path, 0) >= 20
    # With room, it does not run on its own while the events replay (at most while
    # the file is opened, before the pause).
    assert _collections_during_check(monkeypatch, tmp_path, 10**9) <= 2
    assert gc.isenabled()  # on again after the check


def test_a_collector_turned_off_stays_off_after_a_check(tmp_path: Path) -> None:
    import gc

    from _support import noisy_stream

    stream = noisy_stream(tmp_path / "stream.jsonl", 10)
    gc.disable()
    try:
        Checker(mini_pack(), "compiled").check_file(stream)
        assert not gc.isenabled()
    finally:
        gc.enable()
