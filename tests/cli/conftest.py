"""Running the CLI in-process.

Every run happens in the repository root (so paths in the output are relative
and the same on every machine), with ``COLUMNS=100``, no ``NO_COLOR`` (output
to a non-terminal is never coloured anyway), and no sources directory or cache
of the user's: ``GOVRULES_SOURCES`` is unset and ``GOVRULES_CACHE`` is an empty
temporary directory, so what a command finds is what the test gives it.

Only the reports of ``check`` on the tests' own small pack (``fixtures/pack``,
pack ``mini``) are snapshots (syrupy); after a deliberate change of a report,
review and accept with

    pytest tests/cli --snapshot-update

Everything else asserts behaviour: exit codes, messages with their file and
line, what help must say.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.cli_support import CliFn, Run
from conftest import ROOT
from govrules.cli import app


@pytest.fixture
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The empty user cache the commands see."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, cache: Path) -> CliFn:
    """``cli("check", "--format", "json", path)`` runs ``govrules`` in the repository root."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("GOVRULES_CACHE", str(cache))
    for name in ("NO_COLOR", "FORCE_COLOR", "GOVRULES_SOURCES"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Run:
        result = runner.invoke(app, list(args), prog_name="govrules", input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback would be a bug: let pytest show it
        return Run(result.exit_code, result.stdout, result.stderr)

    return run
