"""The cyclic garbage collector, paused while the command line starts.

Starting ``govrules`` allocates tens of thousands of objects that live as long
as the process: modules, classes, pydantic validators. The collector would walk
them about a hundred times and free nothing, a tenth of the CPU of a cold
``govrules check``. :func:`pause` stops it while the command line is imported
and its arguments parsed; :func:`resume` starts it again before the command
does work that makes garbage (``check`` first loads its modules and freezes
them, see :func:`gc.freeze`). Only a pause made here is resumed: a program that
turned the collector off keeps it off.

:func:`no_pydantic_plugins` keeps pydantic from looking for plugins, which the
command line does not use (see there).
"""

from __future__ import annotations

import gc
import os

# Whether the collector is off because pause() turned it off.
_state = {"paused": False}


def pause() -> None:
    """Stop the cyclic collector, if it runs, until :func:`resume`."""
    if gc.isenabled():
        gc.disable()
        _state["paused"] = True


def resume() -> None:
    """Start the collector again if :func:`pause` stopped it."""
    if _state["paused"]:
        _state["paused"] = False
        gc.enable()


def no_pydantic_plugins() -> None:
    """Tell pydantic not to look for plugins, unless the environment says otherwise.

    The first validator pydantic builds looks for plugins in the entry points of
    every installed distribution (``importlib.metadata``): about 35 ms, a tenth
    of a cold ``govrules check``, to find none. The command line sets pydantic's
    documented ``PYDANTIC_DISABLE_PLUGINS`` unless it is set already, so a
    pydantic plugin that is meant to observe govrules still can: run it with
    ``PYDANTIC_DISABLE_PLUGINS=`` (empty). The library, imported by a program,
    leaves the program's plugins alone: only :func:`govrules.cli.main` calls this.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
