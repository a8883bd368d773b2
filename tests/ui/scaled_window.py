"""The window at a given scale and theme, offscreen, on the scripted runtime: what a 2× screen
does to the style (run in its own process: the scale is read when Qt starts).

    QT_SCALE_FACTOR=2 python -m tests.ui.scaled_window THEME OUT_PNG

Prints one JSON line: the device pixel ratio, the logical and grabbed sizes, and every visible
button or text field whose height is under its font's line height (clipped text).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPushButton

from tests.fake_runtime import FakeRuntime
from tests.ui.drive_window import _wait


def main(theme: str, out: Path) -> None:
    from app.core.settings.paths import AppPaths
    from app.core.settings.settings import SettingsStore
    from app.ui.app import application, create_window

    store = SettingsStore(AppPaths.from_environment().ensure().settings_file)
    settings = store.load()
    settings.theme = theme
    store.save(settings)
    application([])
    window = create_window(client=FakeRuntime(), show_welcome=False)
    window.resize(1100, 700)
    window.show()
    _wait(lambda: window.models.ready, 30)
    image = window.grab().toImage()
    image.save(str(out))
    clipped = [f"{type(w).__name__}:{w.objectName() or w.accessibleName()}"
               for kind in (QPushButton, QLineEdit, QComboBox, QAbstractSpinBox)
               for w in window.findChildren(kind)
               if w.isVisibleTo(window) and w.height() < w.fontMetrics().height()]
    print(json.dumps({"ratio": window.devicePixelRatioF(), "logical": [window.width(),
                      window.height()], "grabbed": [image.width(), image.height()],
                      "clipped": clipped}))
    window.close()
    window.store.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
