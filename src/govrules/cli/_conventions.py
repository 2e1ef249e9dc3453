"""What makes ``govrules`` behave like the command-line tools its users know.

- ``-h`` as well as ``--help``, on every command;
- plain metavars in help (``PATH...``, ``RULE_ID``, ``FILE``, ``[text|json]``),
  not type names;
- usage errors in govrules' own style: ``error: ...`` in lower case, user input
  in backticks, a ``help:`` line, exit code 2; a bad choice reads
  ``'xml' is not one of text, json, ...``.

:class:`Group` is the typer group class of the app; it sets the metavars of every
command's parameters once, when the command tree is built, so a new command
gets them without doing anything.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperArgument, TyperGroup

HELP_OPTIONS = ["-h", "--help"]

# Metavars of options by name; options not listed show their name in upper case,
# and options with choices show the choices.
OPTION_METAVARS = {
    "pack": "NAME|DIR",
    "sources": "DIR",
    "output": "FILE",
    "at": "DATE",
    "dir": "DIR",
    "directory": "DIR",
    "param": "NAME=VALUE",
    "select": "RULE",
    "ignore": "RULE",
    "exclude": "GLOB",
}
ARGUMENT_METAVARS = {"which": "SCHEMA", "paths": "PATH"}


class PlainArgument(TyperArgument):
    """An argument shown by its metavar alone, in help and in the usage line."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.metavar or self.name or ""
        return name if self.required else f"[{name}]"

    def _rich_display_name(self) -> str:
        return self.metavar or self.name or ""


def _choices(param: Any) -> list[str] | None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not getattr(descriptor, "is_choice", False):
        return None
    return [str(getattr(c, "value", c)) for c in descriptor.choices or ()]


def plain_metavars(command: Any) -> None:
    """Give every parameter of ``command`` (and of its subcommands) a plain metavar."""
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)
    for param in getattr(command, "params", ()):
        name = param.name or ""
        if isinstance(param, TyperArgument):
            if param.metavar is None:
                many = param.nargs != 1
                param.metavar = ARGUMENT_METAVARS.get(name, name.upper()) + ("..." if many else "")
            param.__class__ = PlainArgument
            continue
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        choices = _choices(param)
        if choices:
            param.metavar = "[" + "|".join(choices) + "]"
        else:
            param.metavar = OPTION_METAVARS.get(name, name.upper())


class Group(TyperGroup):
    """The ``govrules`` group: plain metavars, and usage errors in govrules' style."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        plain_metavars(self)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:
            exc.show()  # the help, as for -h
            sys.exit(exc.exit_code)
        except ClickException as exc:
            typer.echo(render_usage_error(exc), err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


_CHOICE = re.compile(r"^(?:Value error, )?(?P<value>.*) is not one of (?P<choices>.*?)\.?$", re.S)


def _lower(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def _ticks(text: str) -> str:
    """Click's 'quoted' names as `ticked` ones."""
    return re.sub(r"'([^']*)'", r"`\1`", text)


def render_usage_error(exc: Any) -> str:
    """A click usage error as ``error: ...`` and a ``help:`` line."""
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError

    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "govrules"
    help_line = f"`{command} -h` shows the usage"
    if isinstance(exc, NoSuchOption):
        message = f"no such option `{exc.option_name}`"
        close = sorted(exc.possibilities or ())
        if close:
            message += " (did you mean " + " or ".join(f"`{p}`" for p in close) + "?)"
    elif isinstance(exc, MissingParameter):
        message = _ticks(_lower(exc.format_message()))
    elif isinstance(exc, BadParameter):
        param = exc.param
        hint = exc.param_hint or (
            "/".join(param.opts) if param is not None and param.opts else param and param.name
        )
        if isinstance(hint, list | tuple):
            hint = "/".join(hint)
        if param is not None and not param.opts:
            hint = param.metavar or param.name
        detail = exc.message
        found = _CHOICE.match(detail)
        if found:
            choices = [c.strip().strip("'") for c in found["choices"].split(",")]
            detail = f"{found['value']} is not one of {', '.join(choices)}"
            help_line = f"choose one of {', '.join(choices)}"
        else:
            detail = _lower(detail.removeprefix("Value error, "))
        message = f"invalid value for `{hint}`: {detail}"
    elif isinstance(exc, UsageError):
        message = _lower(exc.format_message())
        suggestion = re.search(r"\. did you mean (.*)\?$", message, flags=re.I)
        if suggestion:
            names = " or ".join(n.strip() for n in suggestion[1].split(","))
            message = f"{message[: suggestion.start()]} (did you mean {names}?)"
        message = _ticks(message)
        if "command" in message:
            help_line = f"`{command} -h` lists the commands"
    else:
        message = _ticks(_lower(exc.format_message()))
    from govrules.untrusted import shown_message

    return f"error: {shown_message(message)}\n  help: {help_line}"
