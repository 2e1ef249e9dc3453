"""``govrules validate``: lint a pack; exit 1 on any problem."""

from __future__ import annotations

from pathlib import Path

import typer

from govrules.cli._common import (
    COLOUR_OPTION,
    OUTPUT_HELP,
    PACK_HELP,
    SOURCES_HELP,
    Colour,
    Exit,
    fail_error,
    use_colour,
    write_output,
)
from govrules.cli.facts import ListFormat


def validate(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    fmt: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    color: Colour = COLOUR_OPTION,
) -> None:
    """Lint a pack and exit 1 on any error.

    Errors: a quote not in its source, a recorded span that does not hold its
    quote, a rule resting on an unknown fact, an undeclared value, a condition
    that does not type-check, facts that make no valid initial state, and a rule
    whose example events, replayed from the pack's initial state, do not break
    it. Warnings: a source whose text was not found (its quotes unverified), a
    quote without a recorded span, a fact nothing uses that is not marked
    informational, a name or figure a fact asserts that its quotes lack, a
    parameter no rule reads. Lists the sources verified. Exit 0 when clean
    (warnings allowed unless --strict), 1 on problems, 2 when the pack cannot
    be found.
    """
    from govrules.errors import GovrulesError
    from govrules.lint import lint
    from govrules.reports.lint import render_lint

    try:
        result = lint(pack, sources)
    except GovrulesError as exc:
        fail_error(exc)
    write_output(render_lint(result, fmt.value, colour=use_colour(output, color)), output)
    raise typer.Exit(Exit.FINDINGS if result.fails(strict) else Exit.OK)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
