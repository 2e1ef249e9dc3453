"""What the property tests share: the bundled packs, one checker per pack and engine."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from govrules import testing
from govrules.checker import Checker
from govrules.findings import ScenarioResult
from govrules.pack import Pack, bundled_packs, load_pack
from govrules.scenario import Format, Scenario

PACKS: tuple[str, ...] = tuple(bundled_packs())


@cache
def pack(name: str) -> Pack:
    """A bundled pack (loaded once per process)."""
    return load_pack(name)


@cache
def checker(name: str, engine: str) -> Checker:
    """One checker per pack and engine for the whole run: its sessions must not see each other."""
    return Checker(pack(name), engine)


def check(
    name: str, scenario: Scenario, fmt: Format = "yaml", engine: str = "durable"
) -> ScenarioResult:
    """Check ``scenario`` from a file of format ``fmt``, as ``govrules check`` does."""
    with tempfile.TemporaryDirectory() as tmp:
        path = testing.write_scenario(scenario, Path(tmp), fmt)
        return checker(name, engine).check_file(path, f"scenario.{fmt}")
