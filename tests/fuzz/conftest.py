"""Hypothesis budgets: a small, repeatable one for every run, a long one for nightly runs.

``pytest tests/fuzz --fuzz`` (or ``ONDOL_FUZZ=1``) selects the long profile.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Health checks that do not apply here: examples write real files (slow on a loaded machine),
# and the autouse ONDOL_HOME fixture is function-scoped but each example makes its own folder.
_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
               HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=_SUPPRESSED, print_blob=True)
settings.register_profile("fuzz", max_examples=2000, deadline=None,
                          suppress_health_check=_SUPPRESSED, print_blob=True)


def fuzz_requested(config: pytest.Config) -> bool:
    """The long profile: ``--fuzz`` on the command line or ``ONDOL_FUZZ=1``."""
    return bool(config.getoption("--fuzz", default=False)) or os.environ.get("ONDOL_FUZZ") == "1"


def pytest_configure(config: pytest.Config) -> None:
    """Pick the profile before any test runs."""
    settings.load_profile("fuzz" if fuzz_requested(config) else "ci")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long profile can run past the usual per-test timeout: lift it for these tests."""
    if not fuzz_requested(config):
        return
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here + os.sep):
            item.add_marker(pytest.mark.timeout(0))
