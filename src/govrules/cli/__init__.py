"""The ``govrules`` command: a thin layer over the library API.

Exit codes: 0 when no finding is at or above ``--fail-on``; 1 when one is;
2 for bad input or usage (one message per problem, with file and line, never a
traceback). One module per subcommand.
"""

from __future__ import annotations

from govrules import _startup

# Paused for the imports below and, when run as `govrules`, until the command
# starts (see govrules._startup).
_startup.pause()

import typer  # noqa: E402

from govrules.cli._common import run_app  # noqa: E402
from govrules.cli._conventions import HELP_OPTIONS, Group  # noqa: E402

# Shell completion: `govrules --install-completion` (bash, zsh, fish, PowerShell)
# or `govrules --show-completion` to install it by hand; see docs/commands.md.
app = typer.Typer(
    name="govrules",
    cls=Group,
    help="Check proposed governance events against an organisation's public commitments, "
    "with the evidence quoted from the source text.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": HELP_OPTIONS},
)


def _version(value: bool) -> None:
    if value:
        from govrules import __version__

        typer.echo(f"govrules {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Check proposed governance events against public commitments."""
    if ctx.invoked_subcommand != "check":
        _startup.resume()  # `check` resumes it once its modules are loaded


# One module per subcommand; each registers its command. They import only typer
# at the top, so `govrules --version` stays fast.
from govrules.cli import check as _check  # noqa: E402
from govrules.cli import explain as _explain  # noqa: E402
from govrules.cli import explore as _explore  # noqa: E402
from govrules.cli import facts as _facts  # noqa: E402
from govrules.cli import init as _init  # noqa: E402
from govrules.cli import packs as _packs  # noqa: E402
from govrules.cli import paths as _paths  # noqa: E402
from govrules.cli import rules as _rules  # noqa: E402
from govrules.cli import schema as _schema  # noqa: E402
from govrules.cli import sources as _sources  # noqa: E402
from govrules.cli import state as _state  # noqa: E402
from govrules.cli import validate as _validate  # noqa: E402
from govrules.cli import why as _why  # noqa: E402

for _command in (
    _check,
    _explain,
    _facts,
    _rules,
    _paths,
    _state,
    _validate,
    _explore,
    _why,
    _schema,
    _packs,
    _init,
    _sources,
):
    _command.register(app)

# Imported as a library (or by tests), the collector runs again now; `main`
# pauses it once more for the command's own start.
_startup.resume()


def main() -> None:
    """Entry point of the ``govrules`` script and ``python -m govrules``."""
    _startup.pause()
    _startup.no_pydantic_plugins()
    run_app(app)
