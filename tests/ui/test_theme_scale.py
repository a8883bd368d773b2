"""At 200 % the styled window is drawn at twice the pixels, and no control clips its text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_window_at_200_percent(tmp_path: Path, theme: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2",
           "ONDOL_HOME": str(tmp_path / "home")}
    out = tmp_path / f"window-{theme}-200.png"
    done = subprocess.run([sys.executable, "-m", "tests.ui.scaled_window", theme, str(out)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    assert facts["ratio"] == 2.0
    assert facts["grabbed"] == [2 * n for n in facts["logical"]]
    assert facts["clipped"] == []
    assert out.stat().st_size > 0
