"""``govrules paths``: every path a pack's rules may read, with its type and meaning."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from govrules.cli._common import (
    COLOUR_OPTION,
    OUTPUT_HELP,
    PACK_HELP,
    Colour,
    load_pack_or_fail,
    use_colour,
    write_output,
)
from govrules.cli.facts import ListFormat


def paths(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    prefix: str = typer.Option(
        "",
        "--prefix",
        metavar="PREFIX",
        help="Only paths starting so (event., after.bodies., ...).",
    ),
    fmt: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text (a table) or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    color: Colour = COLOUR_OPTION,
) -> None:
    """List the paths a rule of the pack may read in `when` and in messages.

    `event.*` are the fields of every event kind and their derived figures;
    `before.*` and `after.*` the state around the event, with the pack's bodies,
    tiers, policies, topics and appointment methods spelled out, and the
    event's focus (`body`, `member`, `project`, `pledge`, `asset`,
    `organisation`); `params.*` the pack's parameters.
    """
    from rich import box
    from rich.table import Table

    from govrules.reports._console import render_rich

    loaded = load_pack_or_fail(pack)
    schema = loaded.schema
    rows = [
        (p, t, schema.meanings.get(p, "")) for p, t in schema.paths.items() if p.startswith(prefix)
    ]
    if fmt == ListFormat.JSON:
        data = {
            "format": "govrules-paths",
            "version": 1,
            "pack": loaded.name,
            "paths": [
                {
                    "path": p,
                    "type": t.kind,
                    "describe": t.describe(),
                    "values": list(loaded.declarations.vocabulary(t.vocab))
                    if t.vocab
                    else list(t.values or ()),
                    "meaning": m,
                }
                for p, t, m in rows
            ],
        }
        write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("path", style="cyan", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("meaning", ratio=1)
    for p, t, m in rows:
        table.add_row(p, t.describe(), m)
    write_output(render_rich(table, colour=use_colour(output, color)), output)


def register(app: typer.Typer) -> None:
    app.command("paths")(paths)
