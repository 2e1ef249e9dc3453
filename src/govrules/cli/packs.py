"""``govrules packs``: the bundled packs."""

from __future__ import annotations

import typer

from govrules.cli._common import fail_error


def packs() -> None:
    """List the bundled packs: name, title, rules and the sources they quote."""
    from govrules.errors import GovrulesError
    from govrules.pack import bundled_packs, default_pack, load_pack

    try:
        default = default_pack()
        for name in bundled_packs():
            pack = load_pack(name, lines=False)
            mark = " (default)" if name == default else ""
            files = ", ".join(s.filename for s in pack.spec.sources)
            typer.echo(f"{name}{mark}: {pack.title}\n  {len(pack.rules)} rules; quotes {files}")
    except GovrulesError as exc:
        fail_error(exc)


def register(app: typer.Typer) -> None:
    app.command("packs")(packs)
