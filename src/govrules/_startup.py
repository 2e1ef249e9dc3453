"""The cyclic garbage collector, paused while the command line starts.

Starting ``govrules`` allocates tens of thousands of objects that live as long
as the process: modules, classes, pydantic validators. The collector would walk
them about a hundred times and free nothing, a tenth of the CPU of a cold
``govrules check``. :func:`pause` stops it while the command line is imported
and its arguments parsed; :func:`resume` starts it again before the command
does work that makes garbage (``check`` first loads its modules and freezes
them, see :func:`gc.freeze`). Only a pause made here is resumed: a program that
turned the collector off keeps it off.
"""

from __future__ import annotations

import gc

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
