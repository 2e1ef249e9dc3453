"""Shared fixtures and the hypothesis profiles.

Profiles (choose with HYPOTHESIS_PROFILE, or CI=true for "ci"):
- ``dev``: the default on a developer's machine: quick, a new random seed each
  run, failures remembered in ``.hypothesis/`` and tried first next time.
- ``ci``: used by .ci/run. Deterministic: every run uses one seed, printed in
  the header (``CI_SEED``, or ``HYPOTHESIS_SEED`` to try another), so a
  failure in CI reproduces with the command the header prints; enough
  examples to matter; no example database.
- ``thorough``: five times the examples of ``ci`` and longer state machine
  runs, with a random seed, for a developer hunting bugs locally (about a
  quarter of an hour for tests/property on two cores).
Run ``pytest --hypothesis-show-statistics`` to see what the properties
generated. See docs/testing.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from govrules.pack import Pack, bundled_packs, load_pack

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURE_PACKS = Path(__file__).resolve().parent / "fixtures" / "packs"
# The published texts the bundled packs quote. They are not the project's to
# redistribute, so they are not in the repository; CI and this workplace have
# them beside it. Tests that verify quotes against them skip when they are absent.
SHARED_SOURCES = ROOT.parent / "shared" / "sources"
SOURCES: tuple[Path, ...] = (SHARED_SOURCES,) if SHARED_SOURCES.is_dir() else ()
needs_sources = pytest.mark.skipif(
    not SOURCES, reason=f"the published source texts are not at {SHARED_SOURCES}"
)

CI_SEED = 20220912  # the transition date; any fixed number would do
# Generating a scenario takes longer than hypothesis expects of a strategy.
SLOW_DATA = [HealthCheck.too_slow]

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=SLOW_DATA,
)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=SLOW_DATA)
settings.register_profile(
    "thorough",
    max_examples=1000,
    stateful_step_count=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=SLOW_DATA,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Before hypothesis' own plugin reads --hypothesis-seed: the ci profile
    # always runs with a seed, the one given or CI_SEED.
    if PROFILE == "ci" and config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = os.environ.get("HYPOTHESIS_SEED") or str(CI_SEED)


def pytest_report_header(config: pytest.Config) -> str:
    current = settings.get_current_profile_name()
    examples = settings().max_examples
    seed = config.getoption("hypothesis_seed", None)
    if seed is None:
        return f"hypothesis profile: {current} ({examples} examples, a random seed each run)"
    return (
        f"hypothesis profile: {current} ({examples} examples, seed {seed}; to reproduce: "
        f"HYPOTHESIS_PROFILE={current} python -m pytest --hypothesis-seed={seed})"
    )


@pytest.fixture(scope="session")
def pack() -> Pack:
    """The default bundled pack, loaded once."""
    return load_pack()


@pytest.fixture(scope="session")
def bundled() -> dict[str, Pack]:
    """Every bundled pack, loaded once (quotes verified where the texts are at hand)."""
    return {name: load_pack(name, sources=SOURCES) for name in bundled_packs()}
