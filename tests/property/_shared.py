"""What the property tests share: the bundled pack, one checker per engine, and scenario files."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from govrules import testing
from govrules.check import Checker
from govrules.findings import ScenarioResult
from govrules.pack import Pack, load_pack
from govrules.scenario import Format, Scenario


@cache
def pack() -> Pack:
    """The bundled PyTorch Foundation pack (loaded once per process)."""
    return load_pack()


@cache
def checker(engine: str) -> Checker:
    """One checker per engine for the whole run: its sessions must not see each other."""
    return Checker(pack(), engine)


def check(scenario: Scenario, fmt: Format = "yaml", engine: str = "durable") -> ScenarioResult:
    """Check ``scenario`` from a file of format ``fmt``, as ``govrules check`` does."""
    with tempfile.TemporaryDirectory() as tmp:
        path = testing.write_scenario(scenario, Path(tmp), fmt)
        return checker(engine).check_file(path, f"scenario.{fmt}")
