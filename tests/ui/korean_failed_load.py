"""The Korean window after a failed load, on a real screen, for a screenshot.

    python -m tests.ui.korean_failed_load OUT_DIR

Opens the window in Korean (in the ONDOL_HOME it is given) on the scripted runtime, asks it to
load a PNG saved as ``picture.gguf``, and while the window says why, saves the whole screen to
``<OUT_DIR>/ondol-ko-failed-load.png``; then prints the texts it showed, one per line: the status
line, the dialog's text, the top bar's status.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests import bad_models
from tests.fake_runtime import FakeRuntime
from tests.ui.drive_window import _wait


def main(out: Path) -> None:
    from app.core.catalog.library import LocalModel
    from app.core.settings.paths import AppPaths
    from app.core.settings.settings import SettingsStore
    from app.ui.app import application, create_window

    paths = AppPaths.from_environment().ensure()
    store = SettingsStore(paths.settings_file)
    settings = store.load()
    settings.language, settings.first_run_done = "ko", True
    store.save(settings)
    app = application([])
    window = create_window(client=FakeRuntime(), show_welcome=False)
    window.resize(1280, 800)
    window.show()
    _wait(lambda: window.models.ready)
    bad = bad_models.png_renamed(Path(tempfile.mkdtemp()))
    out.mkdir(parents=True, exist_ok=True)
    shown: list[str] = []

    def capture() -> None:  # runs inside the dialog's own event loop
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(100, capture)
            return
        shown.append(box.text())
        app.processEvents()
        screen = QApplication.primaryScreen()
        screen.grabWindow(0).save(str(out / "ondol-ko-failed-load.png"))
        box.accept()

    QTimer.singleShot(300, capture)
    window.models.load(LocalModel("picture.gguf", bad, bad.stat().st_size))
    _wait(lambda: bool(shown))
    print(window.status_label.text())
    print(shown[0].replace("\n", " "))
    print(window.top_bar.status.text(), flush=True)
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
