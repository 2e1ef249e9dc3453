"""``python -m govrules``: the same as the ``govrules`` command."""

from govrules.cli import main

main()
