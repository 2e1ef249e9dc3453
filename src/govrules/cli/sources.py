"""``govrules sources``: the texts a pack quotes: list them, fetch them, record spans."""

from __future__ import annotations

from pathlib import Path

import typer

from govrules.cli._common import PACK_HELP, SOURCES_HELP, Exit, fail, fail_error, load_pack_or_fail

app = typer.Typer(
    help="The texts a pack quotes: where they are published, and whether they are at hand.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("list")
def list_sources(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
) -> None:
    """List the pack's sources: id, where published, sha256, and where the text was found."""
    loaded = load_pack_or_fail(pack, sources)
    for source in loaded.sources.values():
        spec = source.spec
        where = spec.url or (f"{spec.file} (in the pack)" if spec.file else spec.repository or "")
        found = source.found_at or "not found"
        typer.echo(
            f"{spec.id}: {spec.title}\n  published: {where}\n"
            f"  sha256: {spec.sha256}\n  text: {found}"
        )


@app.command("fetch")
def fetch_sources(pack: str | None = typer.Option(None, "--pack", help=PACK_HELP)) -> None:
    """Download each source from its URL into the user cache, checking its sha256.

    The cache is GOVRULES_CACHE, else $XDG_CACHE_HOME/govrules, else
    ~/.cache/govrules. Exit 2 if a text cannot be fetched or is not the one the
    pack quotes.
    """
    from govrules.errors import Problem
    from govrules.pack.sources import FetchError, fetch

    loaded = load_pack_or_fail(pack)
    problems: list[Problem] = []
    for source in loaded.sources.values():
        if source.spec.file:
            typer.echo(f"{source.spec.id}: kept in the pack")
            continue
        try:
            path = fetch(source.spec)
        except FetchError as exc:
            problems.append(Problem(str(exc), help=f"source `{source.spec.id}`"))
            continue
        typer.echo(f"{source.spec.id}: {path}")
    if problems:
        fail(problems)


@app.command("record")
def record_sources(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
) -> None:
    """Record each quote's span (start, end, line) in facts.yaml, from the texts at hand.

    Then `check` can cite every quote without the texts. The facts file keeps
    its comments and is written whole or not at all. Exit 1 if a quote could
    not be located.
    """
    from govrules.documents import load_document
    from govrules.errors import GovrulesError, Problem
    from govrules.pack import locate
    from govrules.pack.files import PackFile
    from govrules.pack.record import record_spans
    from govrules.pack.sources import find_source, sources_dirs

    try:
        root, name = locate(pack)
        seeds = root / "seeds" / name
        spec = PackFile.model_validate(load_document(seeds / "pack.yaml", inside=root).data)
        texts = {s.id: find_source(s, seeds, name, sources_dirs(sources)) for s in spec.sources}
        done = record_spans(seeds / "facts.yaml", spec, texts, root)
    except GovrulesError as exc:
        fail_error(exc)
    except ValueError as exc:  # a pack.yaml the loader would refuse: let `validate` explain
        fail([Problem(f"cannot read pack.yaml: {exc}", help="`govrules validate` explains")])
    typer.echo(f"{done.written} span(s) recorded, {done.unchanged} already right")
    for why in done.missing:
        typer.echo(f"not located: {why}", err=True)
    raise typer.Exit(Exit.FINDINGS if done.missing else Exit.OK)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="sources")
