"""``govrules schema``: the JSON Schema of scenario files (or of the JSON report)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from govrules.cli._common import OUTPUT_HELP, write_output


class SchemaName(StrEnum):
    SCENARIO = "scenario"
    REPORT = "report"


def schema(
    which: SchemaName = typer.Argument(
        SchemaName.SCENARIO,
        metavar="SCHEMA",
        help="scenario: a YAML or JSON scenario file; report: `check --format json`.",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Print the JSON Schema of scenario files, generated from the event models.

    Point an editor at it (the YAML language server: a
    `# yaml-language-server: $schema=...` comment, or its `yaml.schemas`
    setting) to complete and check scenario files as you type; see docs/ci.md.
    `govrules schema report` prints the schema of the JSON report instead.
    """
    from govrules.reports.schema import render_schema

    write_output(render_schema(which.value), output)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
