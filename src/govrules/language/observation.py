"""Reading an observation: the one definition of "the value at a path".

An observation is ``{event, before, after, params}``, plain nested data. A
value is *missing* when its path does not lead to a value (absent values are
never stored as null; a null found is missing too).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final[Any] = _Missing()


@lru_cache(maxsize=4096)
def split(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def lookup(observation: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or :data:`MISSING`."""
    node: Any = observation
    for part in split(path):
        if not isinstance(node, Mapping):
            return MISSING
        node = node.get(part)
        if node is None:
            return MISSING
    return node
