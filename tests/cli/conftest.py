"""Running the CLI in-process, the way the snapshot tests need it.

Every run happens in the repository root (so paths in the output are relative
and the same on every machine), with ``COLUMNS=100`` and no ``NO_COLOR``
(output to a non-terminal is never coloured anyway). Snapshots use syrupy:
after a deliberate change of wording, review and accept with

    pytest tests/cli --snapshot-update

and commit the changed ``__snapshots__/*.ambr`` files with the change.

The snapshot tests run against a small pack the tests own
(``fixtures/pack``, pack ``mini``), so they change only when the CLI's output
does, not when the bundled pack grows; ``test_bundled.py`` runs every command
on the bundled pack.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.cli_support import ROOT, CliFn, Run
from govrules.cli import app


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliFn:
    """``cli("check", "--format", "json", path)`` runs ``govrules`` in the repository root."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    runner = CliRunner()

    def run(*args: str) -> Run:
        result = runner.invoke(app, list(args), prog_name="govrules")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback would be a bug: let pytest show it
        return Run(result.exit_code, result.stdout, result.stderr)

    return run
