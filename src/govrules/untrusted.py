"""Text taken from an input, made safe to show on a terminal or in a log.

A scenario or a pack may come from anyone, and what it holds ends up in
messages and text reports: an escape sequence there retitles a terminal or
hides a line, a bidi override shows text in another order than it is, a line
separator breaks one message over two lines, and a megabyte of text floods a
log. :func:`shown` escapes every such character as ``\\x1b``, ``\\u202e``
(control characters, escape sequences, bidi controls, line and paragraph
separators, other invisible format characters) and cuts what is left to a
bounded length, saying how long it was. The JSON, SARIF and JUnit reports keep
exact values (their encoders escape what their formats need).
"""

from __future__ import annotations

import re
import unicodedata

from govrules.limits import MAX_MESSAGE_CHARS, MAX_SHOWN_CHARS

# Categories never shown raw: controls (Cc: C0, DEL, C1, so ESC and CSI too),
# formats (Cf: bidi embeddings, overrides and isolates U+202A-202E, U+2066-2069,
# zero-width characters, the BOM), line and paragraph separators (Zl, Zp),
# surrogates (Cs: a lone one cannot even be encoded) and unassigned or private
# code points (Cn, Co), whose rendering no one can predict.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn", "Co"})
# A fast test for the common case of plain printable text.
_PLAIN = re.compile(r"[\x20-\x7e]*")
_CUT = " … ({} characters in all)"


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str, *, keep: str = "") -> str:
    """``text`` with every character that is not safe to print written as an escape.

    Characters in ``keep`` (a quote's line breaks, say) are left as they are.
    """
    if _PLAIN.fullmatch(text):
        return text
    return "".join(
        _escape_char(c) if unicodedata.category(c) in _HIDDEN and c not in keep else c for c in text
    )


def shown(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """An input value as it may be shown: escaped, and cut to about ``limit`` characters.

    A value cut short ends with how long it was: ``aaaa… (250000 characters in all)``.
    """
    value = text if isinstance(text, str) else str(text)
    out = escape(value[: limit + 1])
    if len(value) <= limit and len(out) <= limit:
        return out
    # Cut after escaping too: an escape is up to ten characters long.
    return out[:limit] + _CUT.format(f"{len(value):,}")


_BACKTICKED = re.compile(r"`([^`]*)`")


def shown_message(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A message whose values (in backticks, by the house style) came from an input.

    Each value is :func:`shown`; the message as a whole is escaped and cut to
    ``limit``, in case a value held a backtick of its own.
    """
    inner = _BACKTICKED.sub(lambda m: f"`{shown(m.group(1))}`", message)
    return shown(inner, limit)
