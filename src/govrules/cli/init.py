"""``govrules init NAME``: scaffold a new pack that validates, with examples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from govrules.cli._common import fail_error


def init(
    name: str = typer.Argument(
        ..., metavar="NAME", help="The pack's name (my-foundation).", show_default=False
    ),
    directory: Path = typer.Option(
        Path("."),
        "--dir",
        metavar="DIR",
        help="Where to create seeds/NAME, rules/NAME and examples/NAME.",
    ),
) -> None:
    """Create a new pack: a text to quote, facts, a parameter, a rule and two examples.

    The pack validates as created (`govrules validate --pack DIR --strict`) and
    its examples give the verdicts their names claim (`govrules check
    DIR/examples/NAME --pack DIR`). docs/packs.md is the guide to growing it.
    """
    from govrules.errors import GovrulesError
    from govrules.scaffold import scaffold

    try:
        written = scaffold(name, directory, dt.date.today().isoformat())
    except GovrulesError as exc:
        fail_error(exc)
    for path in written:
        typer.echo(f"created {path}")
    typer.echo(f"next: govrules validate --pack {directory} --strict")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
