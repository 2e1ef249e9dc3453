"""Text in styled pieces, for the text and concise reports.

The reports are built as pieces of text, each with a rich style name
(``"bold red"``, ``""`` for none). Written without colour, which is how a
pipe, a file or CI receives them, only the text is needed; rich is imported
only to colour them (:meth:`Styled.to_rich`), as importing it costs a twentieth
of a cold ``govrules check``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text


class Styled:
    """Pieces of text, each with a style: the part of :class:`rich.text.Text` the reports use."""

    __slots__ = ("_pieces",)

    def __init__(self) -> None:
        self._pieces: list[tuple[str, str]] = []

    def append(self, text: str, style: str = "") -> Styled:
        if text:
            self._pieces.append((text, style))
        return self

    def append_text(self, other: Styled) -> Styled:
        self._pieces.extend(other._pieces)
        return self

    def join(self, pieces: Iterable[Styled]) -> Styled:
        """The pieces one after the other, this text between each two (as ``str.join``)."""
        joined = Styled()
        for i, piece in enumerate(pieces):
            if i:
                joined.append_text(self)
            joined.append_text(piece)
        return joined

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self._pieces)

    def to_rich(self) -> Text:
        from rich.text import Text

        out = Text()
        for text, style in self._pieces:
            out.append(text, style=style)
        return out
