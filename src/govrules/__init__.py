"""govrules: check proposed governance events against public commitments.

The library API: :func:`load_pack` reads and checks a pack, :func:`check`
replays scenario files and returns a :class:`~govrules.findings.Report` whose
findings carry the quoted evidence.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("govrules")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from govrules.check import Checker, check
from govrules.pack import Pack, load_pack

__all__ = ["Checker", "Pack", "__version__", "check", "load_pack"]
