"""Rule engines: one Protocol, two implementations.

An engine is built once from a pack's rules and parameters, then opens one
session per scenario. A session takes observations one at a time and returns
the ids of the rules that match each, in rule order. Sessions never share
facts: what one scenario asserted cannot be seen by another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from govrules.pack.files import Rule

Observation = Mapping[str, Any]
ENGINES = ("durable", "compiled", "reference")


class Session(Protocol):
    """Evaluates the observations of one scenario."""

    def evaluate(self, observation: Observation) -> list[str]:
        """The ids of the rules whose condition holds, in rule order."""
        ...

    def evaluate_many(self, observations: Sequence[Observation]) -> list[list[str]]:
        """``evaluate`` for each observation, in order (engines may batch the work)."""
        ...


class Engine(Protocol):
    """Compiled rules, ready to evaluate scenarios."""

    name: str

    def session(self) -> AbstractContextManager[Session]:
        """A fresh session for one scenario; closing it forgets everything it saw."""
        ...


def make_engine(name: str, rules: Sequence[Rule], params: Mapping[str, Any]) -> Engine:
    """Build the engine called ``name`` (``durable``, ``compiled`` or ``reference``)."""
    if name == "reference":
        from govrules.engines.reference import ReferenceEngine

        return ReferenceEngine(rules, params)
    if name == "compiled":
        from govrules.engines.compiled import CompiledEngine

        return CompiledEngine(rules, params)
    if name == "durable":
        from govrules.engines.durable import DurableEngine

        return DurableEngine(rules, params)
    raise ValueError(f"unknown engine `{name}`")
