"""Message templates: ``{path}`` or ``{path|percent}``, substituted and nothing else.

A template names observation paths between braces; rendering puts the value
there in its place. Nothing is evaluated, no attribute is read and no format
specification applies: a placeholder that is not a known path (with an
optional ``|percent``) is an error when the pack loads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from govrules.errors import with_suggestion
from govrules.language.observation import MISSING, lookup

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
FILTERS = ("percent",)


def placeholders(template: str) -> list[tuple[str, str]]:
    """The (path, filter) of each placeholder, in order."""
    out = []
    for match in _PLACEHOLDER.finditer(template):
        path, _, filt = match.group(1).partition("|")
        out.append((path.strip(), filt.strip()))
    return out


def template_problems(template: str, paths: Mapping[str, Any]) -> list[str]:
    """What is wrong with a message template (unknown paths or filters)."""
    out: list[str] = []
    for path, filt in placeholders(template):
        if path not in paths:
            out.append(with_suggestion(f"unknown path `{path}` in message", path, list(paths)))
        if filt and filt not in FILTERS:
            out.append(f"unknown filter `{filt}` in message (filters: {', '.join(FILTERS)})")
    return out


def show_value(value: Any, filt: str = "") -> str:
    """How a message shows an observed value."""
    if value is MISSING:
        return "(none)"
    if filt == "percent" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value * 100:.0f}%"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "(none)"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {show_value(v)}" for k, v in value.items()) or "(none)"
    return str(value)


def render_message(template: str, observation: Mapping[str, Any]) -> str:
    """Substitute observation values into a template; nothing is evaluated."""

    def substitute(match: re.Match[str]) -> str:
        path, _, filt = match.group(1).partition("|")
        return show_value(lookup(observation, path.strip()), filt.strip())

    return _PLACEHOLDER.sub(substitute, template)
