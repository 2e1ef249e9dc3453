"""govrules: check proposed governance events against public commitments.

The library API: :func:`load_pack` reads and checks a pack, :func:`check`
replays scenario files and returns a :class:`~govrules.findings.Report` whose
findings carry the quoted evidence; :func:`check_events` does the same for
events built in memory; :class:`Checker` keeps a pack and an engine compiled
for many checks. The functions live in the module ``govrules.checker``, so
``govrules.check`` (the function) never shadows a module of that name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The one place the version is written (pyproject.toml reads it from here);
# importlib.metadata would cost a fifth of the cold start.
__version__ = "0.2.0"

__all__ = ["Checker", "Pack", "__version__", "check", "check_events", "load_pack"]

if TYPE_CHECKING:
    from govrules.checker import Checker, check, check_events
    from govrules.pack import Pack, load_pack


def __getattr__(name: str) -> Any:
    # The API is imported on first use, so `govrules --version` imports no model.
    if name in ("Checker", "check", "check_events"):
        from govrules import checker

        return getattr(checker, name)
    if name in ("Pack", "load_pack"):
        from govrules import pack

        return getattr(pack, name)
    raise AttributeError(f"module 'govrules' has no attribute {name!r}")
