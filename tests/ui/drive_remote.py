"""Screenshots of a remote engine in the window, in a process of its own:

    python -m tests.ui.drive_remote OUT_DIR THEME LANGUAGE BASE_URL
        with a connection "workstation" to the OpenAI-compatible server at BASE_URL (saved in
        $ONDOL_HOME before the window opens), writes into OUT_DIR
        ondol-remote-dialog-<THEME>-<LANGUAGE>.png: Settings → Connections with the connection
            listed and the Add form over it after Check;
        ondol-remote-picker-<THEME>-<LANGUAGE>.png: the model picker (Ctrl+L) with the server's
            model under the connection, and the local starter model;
        ondol-remote-chat-<THEME>-<LANGUAGE>.png: a short answer from the remote model.
        Prints the Check's result line and the answer's stop reason, then "ok".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.ui.driving import pump, start_window, wait

CONNECTION = "workstation"


def _grab_screen(window: Any, path: Path) -> None:
    """The window with whatever floats over it (dialogs, the picker), as the screen shows it."""
    from PySide6.QtGui import QGuiApplication

    frame = window.frameGeometry()
    QGuiApplication.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(),
                                               frame.height()).save(str(path))


def _dialog_picture(window: Any, base_url: str, out: Path, name: str) -> str:
    """Settings → Connections, Add on the same server, Check; returns the check's line."""
    dialog = window.connections.open()
    dialog.add(base_url, "laptop")
    form = dialog.form
    assert form is not None
    form.check()
    wait(lambda: form.check_button.isEnabled(), timeout=60)
    # Moved below the list, as a person drags it, so the saved connection shows too.
    top_left = window.frameGeometry().topLeft()
    dialog.move(top_left.x() + 300, top_left.y() + 60)
    form.move(dialog.x() + 80, dialog.frameGeometry().bottom() + 12)
    pump(0.4)
    _grab_screen(window, out / name)
    line = form.check_result.text()
    form.reject()
    dialog.reject()
    pump(0.2)
    return line


def _picker_picture(window: Any, key: str, out: Path, name: str) -> None:
    """Ctrl+L with the remote row listed, then the remote model chosen and loaded."""
    from tests.ui.remote_window import picker_row

    window.pickerRequested.emit()  # what Ctrl+L does
    wait(lambda: picker_row(window, key) is not None, timeout=60)
    picker = window.model_picker
    row = picker_row(window, key)
    picker.list.setCurrentItem(picker.list.topLevelItem(row))
    pump(0.4)
    _grab_screen(window, out / name)
    picker.choose_current()
    wait(lambda: window.models.ready and window.models.current is not None
         and window.models.current.name == key, timeout=120)


def remote_screenshots(out: Path, theme: str, language: str, base_url: str) -> None:
    from app.core.context import AppContext
    from app.core.remote.endpoint import Endpoint, list_models
    from app.core.remote.names import remote_path
    from app.core.settings.connections import Connection, ConnectionStore
    from tests.fake_runtime import FakeRuntime

    ConnectionStore(AppContext.create().paths.connections_file).add(
        Connection(CONNECTION, base_url))
    key = remote_path(CONNECTION, list_models(Endpoint(base_url, None))[0].id)
    # The local runtime is scripted: every word in these pictures comes from the real server.
    window = start_window(theme, language, client=FakeRuntime())
    out.mkdir(parents=True, exist_ok=True)
    pump(0.3)
    print(_dialog_picture(window, base_url, out, f"ondol-remote-dialog-{theme}-{language}.png"),
          flush=True)
    _picker_picture(window, key, out, f"ondol-remote-picker-{theme}-{language}.png")
    window.params.max_tokens.setValue(24)
    question = "안녕하세요! 한 문장으로 인사해 주세요." if language == "ko" else \
        "Say hello in one sentence."
    window.composer.edit.setPlainText(question)
    window.composer.send_button.click()
    wait(lambda: not window.chat.busy and len(window.chat.conversation.active_path()) >= 2,
         timeout=120)
    pump(0.4)
    window.grab().save(str(out / f"ondol-remote-chat-{theme}-{language}.png"))
    print(window.chat.conversation.active_path()[-1].stats.get("stop_reason"), flush=True)
    window.close()
    pump(0.2)
    print("ok", flush=True)


if __name__ == "__main__":
    remote_screenshots(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
