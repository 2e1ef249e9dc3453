"""``govrules explain RULE_ID``: a rule's documentation, condition, parameters and evidence."""

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
    fail,
    load_pack_or_fail,
    use_colour,
    write_output,
)


class ExplainFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def explain(
    rule_id: str = typer.Argument(
        ..., metavar="RULE_ID", help="The rule's id (see `govrules rules`).", show_default=False
    ),
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    fmt: ExplainFormat = typer.Option(
        ExplainFormat.TEXT,
        "--format",
        help="text (for people), json, or markdown (the rule's page in docs/rules).",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    color: Colour = COLOUR_OPTION,
) -> None:
    """Explain a rule: what it checks and why, its condition, parameters and quotes.

    Shows the rule's documentation fields, its condition in readable form, the
    pack parameters it reads (with the facts that justify them), the facts it
    rests on with their quotes from the source, and its example, run, with what
    it reports. Exit 2 for an unknown rule id.
    """
    from govrules.errors import Problem, with_suggestion
    from govrules.reports.explain import render_explain

    loaded = load_pack_or_fail(pack, sources)
    ids = [rule.id for rule in loaded.rules]
    if rule_id not in ids:
        fail(
            [
                Problem(
                    with_suggestion(
                        f"unknown rule `{rule_id}` in pack `{loaded.name}`", rule_id, ids
                    ),
                    help="`govrules rules` lists the pack's rules",
                )
            ]
        )
    text = render_explain(loaded, loaded.rule(rule_id), fmt.value, colour=use_colour(output, color))
    write_output(text, output)


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)
