"""``govrules check``: replay scenario files and report broken commitments."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from govrules.cli._common import SOURCES_HELP, Exit, fail_error, use_colour, write_output
from govrules.errors import GovrulesError
from govrules.reports import Format


class EngineName(StrEnum):
    DURABLE = "durable"
    REFERENCE = "reference"


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"


def check(
    paths: list[Path] = typer.Argument(
        ...,
        help="Scenario files (.yaml, .yml, .json, .jsonl) or directories holding them.",
        show_default=False,
    ),
    pack: str | None = typer.Option(
        None,
        "--pack",
        help="Check every scenario against this pack (a bundled pack's name or a pack "
        "directory). Without it, each scenario is checked against the pack it names "
        "(`pack:`), or the default bundled pack.",
    ),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    engine: EngineName = typer.Option(EngineName.DURABLE, "--engine", help="The rule engine."),
    fmt: Format = typer.Option(
        Format.TEXT,
        "--format",
        help="The report format: text (for people; the quote under each finding), json, "
        "sarif (SARIF 2.1.0, for code scanning) or junit (JUnit XML, for CI dashboards).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (whole or not at all)."
    ),
    fail_on: FailOn = typer.Option(
        FailOn.ERROR, "--fail-on", help="Exit 1 when a finding is at or above this severity."
    ),
    why: bool = typer.Option(
        False,
        "--why",
        help="For each finding, the smallest change to its event that would make the rule hold; "
        "for a scenario that breaks nothing, each event's nearest breaks (text and json).",
    ),
) -> None:
    """Check scenario files against a pack's commitments.

    Replays each scenario from the pack's initial state and reports every event
    that breaks a rule, with the quotes from the source the rule rests on.
    Exit 0 when no finding reaches --fail-on, 1 when one does, 2 on bad input.
    """
    from govrules.checker import check as run_check
    from govrules.reports import render

    try:
        report = run_check(paths, pack, engine.value, sources=sources)
        if why:
            from govrules.analysis.explain_report import with_why

            report = with_why(report)
    except GovrulesError as exc:
        fail_error(exc)
    write_output(render(report, fmt, colour=use_colour(output)), output)
    raise typer.Exit(Exit.FINDINGS if report.fails(fail_on.value) else Exit.OK)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
