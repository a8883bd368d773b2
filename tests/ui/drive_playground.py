"""Runs the real window on the starter model for the decoding playground's screenshots.

    python -m tests.ui.drive_playground screenshots OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-playground-<theme>-<language>.png: the Inside page's Next token
        tab with both charts and the three answers filled in, then prints "ok".

The picture shows model output, so the real runtime and SmolLM2 answer, not a script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.ui.driving import start_window
from tests.ui.driving import wait as _wait

PROMPTS = {"en": "What is Docker?", "ko": "도커가 뭐야?"}


def screenshots(out: Path, theme: str, language: str) -> None:
    from app.core.types.params import SamplingParams

    window = start_window(theme, language, size=(1280, 1100))  # the starter model
    window.pages.setCurrentWidget(window.inside_page)
    window.inside_page.setCurrentWidget(window.inside_page.playground)
    tab = window.inside_page.playground
    tab.prompt.setPlainText(PROMPTS[language])
    # Top-p lowered so the right-hand chart shows tokens cut away.
    tab.knobs.set_values(SamplingParams(temperature=0.8, top_k=40, top_p=0.8, min_p=0.05))
    tab.refresh()
    _wait(lambda: tab.view is not None and tab._call is None
          and tab.prompt.toPlainText() == PROMPTS[language])
    tab.answers.generate_button.click()
    _wait(lambda: not tab.answers.busy)
    QApplication.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-playground-{theme}-{language}.png"))
    window.close()
    print("ok", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "screenshots":
        screenshots(Path(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}")
