"""What the durable wrapper promises beyond agreeing with the reference engine."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _support import BUNDLED, MINI, MINI_SCENARIOS, examples_of, mini_pack
from govrules.checker import Checker
from govrules.cli import app
from govrules.engines.durable import DurableEngine
from govrules.errors import EngineError
from govrules.pack import bundled_root

BREAKS = MINI_SCENARIOS / "breaks.yaml"


def test_building_engines_starts_no_threads() -> None:
    before = threading.active_count()
    for _ in range(5):
        Checker(mini_pack(), "durable").check([BREAKS])
    assert threading.active_count() == before


def test_an_engine_failure_is_an_error_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = Checker(mini_pack(), "durable")
    assert isinstance(checker.engine, DurableEngine)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("simulated failure inside durable-rules")

    monkeypatch.setattr("durable_rules_engine.assert_facts", broken)
    with pytest.raises(EngineError, match="simulated failure"):
        checker.check([BREAKS])


@pytest.mark.parametrize("code", [2, 3, 101])
def test_a_batch_durable_did_not_take_whole_is_an_error(
    code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 0 and 1 ("not handled": a fact matched no rule) mean every fact was
    # asserted; 2 ("observed") means one was dropped; anything else, a failure.
    import durable_rules_engine

    checker = Checker(mini_pack(), "durable")
    real = durable_rules_engine.assert_facts

    def answering(handle: int, text: str) -> tuple[int, int]:
        result = real(handle, text)
        return (code, result[1]) if '"seq"' in text else result

    monkeypatch.setattr("durable_rules_engine.assert_facts", answering)
    with pytest.raises(EngineError, match=f"did not take every observation \\(code {code}\\)"):
        checker.check([BREAKS])


def test_a_session_whose_facts_match_no_rule_closes_cleanly() -> None:
    # durable leaves a session's action context uninitialised until an action
    # runs, and deleting such a session freed garbage (a crash): each session
    # opens with one action of its own. Many sessions, none matching a rule.
    engine = DurableEngine(mini_pack().rules, mini_pack().param_values)
    for _ in range(50):
        with engine.session() as session:
            assert session.evaluate({"event": {"kind": "parent.changed"}, "params": {}}) == []


def test_the_cli_reports_an_engine_failure_with_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object, *_args: Any, **_kwargs: Any) -> None:
        raise EngineError("simulated engine failure")

    monkeypatch.setattr("govrules.engines.durable.DurableSession.evaluate_many", broken)
    result = CliRunner().invoke(app, ["check", "--pack", str(MINI), str(BREAKS)])
    assert result.exit_code == 2
    assert result.stderr == "error: simulated engine failure\n"
    assert result.stdout == ""


@pytest.mark.parametrize("pack", [name for name in BUNDLED if examples_of(name)])
def test_a_pack_directory_gives_the_same_report_as_the_bundled_name(
    pack: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the pack's own files are copied: a published text is not, and the
    # copy cites its quotes from the spans it records.
    monkeypatch.setenv("GOVRULES_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVRULES_SOURCES", raising=False)
    copy = tmp_path / "copy"
    for part in ("seeds", "rules"):
        shutil.copytree(bundled_root() / part / pack, copy / part / pack)
    runner = CliRunner()
    files = [str(p) for p in examples_of(pack)]
    by_name = runner.invoke(app, ["check", *files, "--format", "json", "--pack", pack])
    by_dir = runner.invoke(app, ["check", *files, "--format", "json", "--pack", str(copy)])
    assert by_name.exit_code in (0, 1), by_name.stderr
    assert by_dir.exit_code == by_name.exit_code
    assert by_dir.stdout == by_name.stdout
