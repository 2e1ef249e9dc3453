"""``govrules why FILE``: the smallest change to an event that flips a verdict."""

from __future__ import annotations

from pathlib import Path

import typer

from govrules.cli._common import (
    OUTPUT_HELP,
    SOURCES_HELP,
    Exit,
    fail_error,
    use_colour,
    write_output,
)
from govrules.cli.facts import ListFormat


def why(
    path: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="A scenario file (.yaml, .yml, .json, .jsonl).",
        show_default=False,
    ),
    event: int | None = typer.Option(
        None,
        "--event",
        help="Explain this event only (numbered from 0): its findings, or, if it breaks "
        "nothing, the smallest changes that would break a rule.",
        show_default=False,
    ),
    pack: str | None = typer.Option(
        None,
        "--pack",
        help="Check against this pack (a bundled pack's name or a pack directory). "
        "[default: the pack the scenario names, or the default bundled pack]",
    ),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    fmt: ListFormat = typer.Option(
        ListFormat.TEXT, "--format", help="text, or json (the check report with `why`)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Explain a scenario's verdicts by the smallest change that would flip them.

    For each finding, the smallest change to the event that breaks the rule
    that would make it hold; for a scenario (or an --event) that breaks
    nothing, for each rule one change can break, the smallest such change.
    Numbers and dates are searched exactly; every change is checked by
    replaying the scenario with it. Exit 0, or 2 on bad input.
    """
    from govrules.checker import check as run_check
    from govrules.errors import GovrulesError
    from govrules.reports import Format, render

    try:
        report = run_check([path], pack, "reference", sources=sources, why=True, why_event=event)
    except GovrulesError as exc:
        fail_error(exc)
    chosen = Format.JSON if fmt.value == "json" else Format.TEXT
    write_output(render(report, chosen, colour=use_colour(output)), output)
    raise typer.Exit(Exit.OK)


def register(app: typer.Typer) -> None:
    app.command("why")(why)
