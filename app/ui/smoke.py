"""A non-interactive check of a built app: ``ONDOL_SMOKE_TEST=<folder> Ondol``.

The window opens as usual. The check notes the time from the program's start to the window's
first paint, waits for the model to load (the starter model on a first start), answers the
first-start welcome as a user would, sends one prompt through the chat (so the runtime host
answers it), writes ``window.png`` (a screenshot) and ``smoke.json`` (what it saw) into the
folder and closes the window. The exit code is 0 when every step worked, 1 otherwise, with the
reason under ``"error"`` in the JSON. tests/packaging/test_frozen_app.py runs it on the frozen
app.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

if TYPE_CHECKING:
    from app.core.catalog.library import LocalModel
    from app.core.planning.load_plan import LoadPlan
    from app.ui.main_window import MainWindow

ENV_VAR = "ONDOL_SMOKE_TEST"
PROMPT = "What is the capital of France? Answer in one sentence."
TIMEOUT_MS = 240_000  # a first start hashes the starter model; a slow CI machine takes a while


def smoke_folder() -> Path | None:
    """The folder named by ``ONDOL_SMOKE_TEST``, or None when the check is not wanted."""
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else None


def process_age_s(pid: int | str = "self") -> float:
    """Seconds since process ``pid`` started.

    On Linux both times come from /proc against the same clock (psutil's ``create_time()``
    adds a boot time rounded to the second, too coarse for a start-up time); elsewhere psutil.

    Raises:
        psutil.Error: the process does not exist (only off Linux).
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
    except (OSError, ValueError, IndexError):
        process = psutil.Process() if pid == "self" else psutil.Process(int(pid))
        return time.time() - process.create_time()


def program_age_s() -> float:
    """Seconds since the program started. A one-file build's bootloader (the parent process,
    the same executable) unpacks the bundle before this process exists: it counts too."""
    age = process_age_s()
    if getattr(sys, "frozen", False):
        with contextlib.suppress(psutil.Error):
            me = psutil.Process()
            parent = me.parent()
            if parent is not None and parent.exe() == me.exe():
                age = max(age, process_age_s(parent.pid))
    return age


class SmokeCheck(QObject):
    """Drives one window through start, model load, one answer and quit; records each step."""

    def __init__(self, window: MainWindow, folder: Path) -> None:
        super().__init__(window)
        self.window, self.folder = window, folder
        self.exit_code = 1  # until every step has worked
        self.facts: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False)),
                                      "executable": sys.executable, "prompt": PROMPT,
                                      "model_loaded": False, "dialogs_accepted": []}
        self._asked = False
        self._done = False
        window.installEventFilter(self)  # the first paint
        window.models.loaded.connect(self._on_loaded)
        window.models.failed.connect(lambda err: self._fail(f"loading failed: {err.message}"))
        window.models.planRefused.connect(lambda err: self._fail(f"load refused: {err.message}"))
        window.chat.busyChanged.connect(self._on_busy)
        QTimer.singleShot(TIMEOUT_MS, self,  # ends with the window
                          lambda: self._fail(f"no answer after {TIMEOUT_MS} ms"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note when the window is first painted."""
        if (watched is self.window and event.type() == QEvent.Type.Paint
                and "time_to_window_s" not in self.facts):
            self.facts["time_to_window_s"] = round(program_age_s(), 3)
        return False

    def _on_loaded(self, model: LocalModel, plan: LoadPlan) -> None:
        self.facts.update(model_loaded=True, model=model.name, backend=plan.backend,
                          device=plan.device, model_ready_s=round(program_age_s(), 3))
        self._accept_dialogs()
        if not self._asked:
            self._asked = True
            self.window.composer.edit.setPlainText(PROMPT)
            self.window.composer.send_button.click()

    def _on_busy(self, busy: bool) -> None:
        if busy or not self._asked or self._done:
            return
        conversation = self.window.chat.conversation
        answer = conversation.last_message() if conversation is not None else None
        if answer is None or answer.role != "assistant":
            self._fail("the chat has no answer")
            return
        stats = answer.stats or {}
        self.facts.update(answered_s=round(program_age_s(), 3), answer=answer.content[:500],
                          answer_chars=len(answer.content),
                          stop_reason=stats.get("stop_reason"),
                          generated_tokens=stats.get("generated_tokens"),
                          time_to_first_token_s=stats.get("time_to_first_token"),
                          decode_s=stats.get("decode_seconds"))
        if stats.get("error"):
            self._fail(f"the answer failed: {stats['error']}")
        elif not answer.content.strip():
            self._fail("the answer is empty")
        else:
            self.exit_code = 0
            QTimer.singleShot(0, self._finish)  # after the view has drawn the finished answer

    def _accept_dialogs(self) -> None:
        """Answer a modal dialog (the first-start welcome) the way a user would."""
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            self.facts["dialogs_accepted"].append(dialog.windowTitle())
            dialog.accept()

    def _fail(self, reason: str) -> None:
        if self._done:
            return
        self.exit_code = 1
        self.facts["error"] = reason
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._accept_dialogs()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self.window.grab().save(str(self.folder / "window.png")):
                self.exit_code = 1
                self.facts.setdefault("error", "the screenshot could not be saved")
            self.facts["ok"] = self.exit_code == 0
            (self.folder / "smoke.json").write_text(json.dumps(self.facts, indent=2) + "\n",
                                                    encoding="utf-8")
        except OSError as err:
            self.exit_code = 1
            sys.stderr.write(f"ondol: smoke check: {err}\n")
        self.window.close()
