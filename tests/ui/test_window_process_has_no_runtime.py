"""The window's process never loads an inference runtime: a real window loads the starter
model, answers through the runtime host, and llama.cpp / ONNX Runtime were never imported in
the window's own process (a fresh one, so no other test's imports count)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys, time
from PySide6.QtWidgets import QApplication
from app.ui.app import create_window

app = QApplication.instance() or QApplication(sys.argv)
window = create_window(client=None, show_welcome=False)
window.show()

def pump(until, seconds):
    end = time.monotonic() + seconds
    while not until() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    assert until(), "timed out"

pump(lambda: window.models.ready, 120)
window.composer.edit.setPlainText("Say hello.")
window.composer.send_button.click()
pump(lambda: window.chat.busy, 10)
pump(lambda: not window.chat.busy, 120)
answer = window.chat.conversation.active_path()[-1]
assert answer.role == "assistant" and answer.content.strip(), answer
loaded = [m for m in ("llama_cpp", "onnxruntime", "onnxruntime_genai") if m in sys.modules]
window.close()
pump(window.thread_.isFinished, 10)
print("runtimes in the window process:", loaded)
"""


@pytest.mark.slow
def test_a_real_answer_loads_no_runtime_into_the_window_process(ondol_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ONDOL_HOME": str(ondol_home)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "runtimes in the window process: []" in done.stdout
