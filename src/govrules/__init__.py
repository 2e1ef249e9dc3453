"""govrules: check proposed governance events against public commitments.

The library API: :func:`load_pack` reads and checks a pack, :func:`check`
replays scenario files and returns a :class:`~govrules.findings.Report` whose
findings carry the quoted evidence.
"""

from __future__ import annotations

# The one place the version is written (pyproject.toml reads it from here);
# importlib.metadata would cost a fifth of the cold start.
__version__ = "0.1.0"

from govrules.check import Checker, check
from govrules.pack import Pack, load_pack

__all__ = ["Checker", "Pack", "__version__", "check", "load_pack"]
