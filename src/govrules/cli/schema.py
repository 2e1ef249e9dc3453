"""``govrules schema``: the JSON Schema of scenario files, pack files or the JSON report."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from govrules.cli._common import OUTPUT_HELP, PACK_HELP, load_pack_or_fail, write_output


class SchemaName(StrEnum):
    SCENARIO = "scenario"
    FACTS = "facts"
    RULES = "rules"
    PARAMS = "params"
    PACK = "pack"
    REPORT = "report"


def schema(
    which: SchemaName = typer.Argument(
        SchemaName.SCENARIO,
        metavar="SCHEMA",
        help="scenario (a YAML or JSON scenario file), facts, rules, params, pack "
        "(the files of a pack) or report (`check --format json`).",
    ),
    pack: str | None = typer.Option(
        None,
        "--pack",
        help="For scenario and facts: list this pack's declared values (bodies, topics, ...). "
        + PACK_HELP,
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Print a JSON Schema generated from govrules' models.

    Point an editor at it (the YAML language server: a
    `# yaml-language-server: $schema=...` comment, or its `yaml.schemas`
    setting) to complete and check files as you type; see docs/ci.md. With
    --pack, the scenario schema lists the pack's bodies, topics, areas and
    other declared values, so a typo is flagged in the editor.
    """
    from govrules.reports.schema import render_schema

    loaded = load_pack_or_fail(pack) if pack is not None else None
    write_output(render_schema(which.value, loaded), output)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
