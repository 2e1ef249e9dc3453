"""Field types shared by facts and events, strict where a lenient reading would hide a mistake.

A date is an ISO date written as text (``2023-03-01``) and nothing else: not a
number (``0`` would read as 1970-01-01), not a timestamp. A count is an
integer, not a string (``"1_000"``) nor a float. True and false are booleans,
not ``"yes"`` or ``1``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import Field, Strict

# Values are escaped in these messages: pydantic cannot carry a lone surrogate in one.
from govrules.untrusted import escape

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        # The common case, first: YYYY-MM-DD (fromisoformat checks the digits and the calendar).
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date written YYYY-MM-DD, not a date and time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date written YYYY-MM-DD, found {_found(value)}")
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(f"expected a date written YYYY-MM-DD, found the text `{escape(value)}`")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"`{escape(value)}` is not a date of the calendar") from None


def _found(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        # 0 would read as 1970-01-01 by a lenient reader: say why it is refused.
        return f"the number `{value}` (a date is never read from a number)"
    if value is None:
        return "nothing"
    return "a list" if isinstance(value, list) else "a mapping"


class _IsoDateSchema:
    """Read from JSON text, a date is parsed by pydantic-core itself, strictly (an ISO
    date string and nothing else, as fast as it goes); from data already parsed (YAML,
    a dict), by :func:`_iso_date_only`, to the same effect."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.json_or_python_schema(
            json_schema=core_schema.date_schema(strict=True),
            python_schema=core_schema.no_info_before_validator_function(
                _iso_date_only, core_schema.date_schema()
            ),
        )


IsoDate = Annotated[dt.date, _IsoDateSchema]
Count = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]
Label = Annotated[str, Strict(), Field(min_length=1, max_length=200)]
LongText = Annotated[str, Strict(), Field(max_length=10_000)]
