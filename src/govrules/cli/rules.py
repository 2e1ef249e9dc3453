"""``govrules rules``: the pack's invariants."""

from __future__ import annotations

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
from govrules.cli.facts import ListFormat


def rules(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    fmt: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text (a table) or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    color: Colour = COLOUR_OPTION,
) -> None:
    """List the pack's rules: id, severity, title and the facts each rests on.

    JSON adds each rule's parameters, its condition in readable form and where
    it is defined. `govrules explain RULE_ID` shows one rule in full.
    """
    from govrules.reports.catalogue import render_rules

    loaded = load_pack_or_fail(pack, sources)
    write_output(render_rules(loaded, fmt.value, colour=use_colour(output, color)), output)


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
