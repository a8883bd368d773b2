"""Probe functions for the tests of ``app.core.hardware.child_probe``: named as
``"tests.probe_targets:<function>"`` and run in a spawned child."""

from __future__ import annotations

import os
import time
from pathlib import Path

READY_FILE_ENV = "ONDOL_TEST_PROBE_READY"  # a file the probe creates once it is running


def sleep_for_ten_minutes() -> None:
    """A probe that never answers in time (asleep in native code, as a stuck runtime is)."""
    Path(os.environ[READY_FILE_ENV]).touch()
    time.sleep(600)
