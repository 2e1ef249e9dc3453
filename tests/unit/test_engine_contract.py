"""What the durable wrapper promises beyond agreeing with the reference engine."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govrules.check import Checker
from govrules.cli import app
from govrules.engines.durable import DurableEngine
from govrules.errors import EngineError
from govrules.pack import Pack, bundled_root

EXAMPLES = Path(__file__).parents[2] / "examples"
SHARE = EXAMPLES / "board-seat-share--meta-takes-three-more-seats.yaml"


def test_building_engines_starts_no_threads(pack: Pack) -> None:
    before = threading.active_count()
    for _ in range(5):
        Checker(pack, "durable").check([SHARE])
    assert threading.active_count() == before


def test_an_engine_failure_is_an_error_not_a_pass(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = Checker(pack, "durable")
    engine = checker.engine
    assert isinstance(engine, DurableEngine)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("simulated failure inside durable-rules")

    monkeypatch.setattr(engine.host, "assert_facts", broken)
    with pytest.raises(EngineError, match="simulated failure"):
        checker.check([SHARE])


def test_an_action_that_never_ran_is_an_error(pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    # If durable swallowed an action (it records exceptions in the session
    # state instead of raising), the catch-all's record is missing: an error.
    checker = Checker(pack, "durable")
    engine = checker.engine
    assert isinstance(engine, DurableEngine)
    monkeypatch.setattr(engine.host, "assert_facts", lambda *_a, **_k: None)
    with pytest.raises(EngineError, match="did not evaluate every rule"):
        checker.check([SHARE])


def test_the_cli_reports_an_engine_failure_with_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: DurableEngine, *_args: Any, **_kwargs: Any) -> None:
        raise EngineError("simulated engine failure")

    monkeypatch.setattr("govrules.engines.durable.DurableSession.evaluate_many", broken)
    result = CliRunner().invoke(app, ["check", str(SHARE)])
    assert result.exit_code == 2
    assert "simulated engine failure" in result.stderr
    assert "Traceback" not in result.output


def test_a_pack_directory_gives_the_same_report_as_the_bundled_name(tmp_path: Path) -> None:
    for part in ("rules", "seeds"):
        shutil.copytree(bundled_root() / part, tmp_path / part)
    runner = CliRunner()
    by_name = runner.invoke(app, ["check", str(SHARE), "--format", "json"])
    by_dir = runner.invoke(app, ["check", str(SHARE), "--format", "json", "--pack", str(tmp_path)])
    assert by_dir.exit_code == by_name.exit_code == 1
    assert by_dir.stdout == by_name.stdout
