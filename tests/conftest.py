"""Shared fixtures and the hypothesis profiles.

Profiles (choose with HYPOTHESIS_PROFILE, or CI=true for "ci"):
- ``dev``: the default on a developer's machine, quick.
- ``ci``: deterministic (derandomized), enough examples to matter; used by .ci/run.
- ``thorough``: many more examples, for a developer hunting bugs locally.
Run ``pytest --hypothesis-show-statistics`` to see what the properties generated.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from govrules.pack import Pack, load_pack

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)


def pytest_report_header(config: pytest.Config) -> str:
    current = settings.get_current_profile_name()
    how = "derandomized: each test's seed is fixed" if settings().derandomize else "random seed"
    return f"hypothesis profile: {current} ({settings().max_examples} examples, {how})"


@pytest.fixture(scope="session")
def pack() -> Pack:
    """The bundled PyTorch Foundation pack, loaded once."""
    return load_pack()
