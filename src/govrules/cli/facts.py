"""``govrules facts``: the pack's typed assertions, each with its quote from the source."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from govrules.cli._common import (
    COLOUR_OPTION,
    OUTPUT_HELP,
    PACK_HELP,
    SOURCES_HELP,
    Colour,
    load_pack_or_fail,
    use_colour,
    write_output,
)


class ListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def facts(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    fmt: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text (a table) or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    color: Colour = COLOUR_OPTION,
) -> None:
    """List the pack's facts: kind, id, as_of and the quote from the source.

    JSON adds each fact's typed fields, the character span and line of each
    quote, and the rules and parameters that use the fact.
    """
    from govrules.reports.catalogue import render_facts

    loaded = load_pack_or_fail(pack, sources)
    write_output(render_facts(loaded, fmt.value, colour=use_colour(output, color)), output)


def register(app: typer.Typer) -> None:
    app.command("facts")(facts)
