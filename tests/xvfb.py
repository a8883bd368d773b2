"""A virtual X screen (Xvfb) for tests that need a real X server: screenshots, WM_CLASS."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _free_display() -> int:
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number")


@contextmanager
def xvfb_display(size: str = "1280x800x24") -> Iterator[str]:
    """Start Xvfb on a free display and yield its name (``":91"``); stop it afterwards.

    Raises:
        pytest.fail.Exception: Xvfb is not installed (scripts/test.sh installs it).
        RuntimeError: no free display number, or the server did not come up.
    """
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: run 'bash scripts/test.sh', which installs it")
    number = _free_display()
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", size, "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 5
        while not socket.exists():  # the server creates its socket when it is ready
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb :{number} did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(5)
