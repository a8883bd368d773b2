"""The Korean window after Auto chose between two builds, on a real screen, for a screenshot.

    python -m tests.ui.korean_auto_choice OUT_DIR

Puts the starter GGUF and its ONNX int4 build into the library of the ONDOL_HOME it is given,
opens the window in Korean on the real runtime, loads the model with Auto (which measures both
builds, then loads the faster), saves the screen to ``<OUT_DIR>/ondol-ko-auto-choice.png`` and
prints the top bar's two lines: the status, and the reason Auto and the planner give.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.integration.test_auto_calibration import ONNX_FOLDER, link_tree
from tests.onnx_fixtures import onnx_model
from tests.ui.drive_window import _wait


def main(out: Path) -> None:
    from app.core.context import AppContext
    from app.core.settings.settings import SettingsStore
    from app.ui.app import application, create_window

    ctx = AppContext.create()
    ctx.ensure_starter_model()
    link_tree(onnx_model("smollm2-genai-int4"), ctx.paths.models_dir / ONNX_FOLDER)
    store = SettingsStore(ctx.paths.settings_file)
    settings = store.load()
    settings.language, settings.first_run_done = "ko", True
    store.save(settings)
    application([])
    window = create_window(client=None, show_welcome=False)
    window.resize(1280, 800)
    window.show()
    _wait(lambda: window.models.ready, timeout=120)
    bar = window.top_bar
    _wait(lambda: bar.variant_picker.count() == 3, timeout=30)
    bar.variant_picker.setCurrentIndex(0)  # Auto
    assert bar.pinned_variant() is None
    bar.load_button.click()
    _wait(lambda: window.models.busy, timeout=10)
    _wait(lambda: not window.models.busy and bar.reason.text(), timeout=240)
    QApplication.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    QApplication.primaryScreen().grabWindow(0).save(str(out / "ondol-ko-auto-choice.png"))
    print(bar.status.text())
    print(bar.reason.text(), flush=True)
    window.close()
    _wait(window.thread_.isFinished, timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
