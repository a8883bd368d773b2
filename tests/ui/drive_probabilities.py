"""Runs the real window on the starter model for the probability mode's screenshots.

    python -m tests.ui.drive_probabilities screenshots OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-probabilities-<theme>-<language>.png: a real answer shown as
        tokens tinted by probability, the candidates of one token open over it; prints "ok".

The picture shows model output, so the real runtime and SmolLM2 answer, not a script.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.ui.driving import start_window
from tests.ui.driving import wait as _wait

PROMPTS = {"en": "Write two short sentences about the sea.",
           "ko": "바다에 대해 짧은 문장 두 개를 써 주세요."}
TOKEN = 6  # the token whose candidates are shown


def screenshots(out: Path, theme: str, language: str) -> None:
    window = start_window(theme, language, size=(1280, 900))  # the starter model
    window.chat.new_chat()
    window.params.temperature.setValue(0.7)
    window.params.seed.setValue(7)  # the same answer each time
    window.params.max_tokens.setValue(60)
    next(a for a in window.view_menu.actions()
         if a.objectName() == "showProbabilities").setChecked(True)
    window.composer.edit.setPlainText(PROMPTS[language])
    window.composer.send_button.click()
    _wait(lambda: window.chat.busy)
    _wait(lambda: not window.chat.busy)
    answer = window.chat.conversation.active_path()[-1]
    record = window.store.load_logprobs(answer.id)
    assert record is not None, "the answer kept no probabilities"
    index = next(i for i in range(min(TOKEN, len(record.steps) - 1), len(record.steps))
                 if record.steps[i].piece.strip())
    window.view.probs.open(answer.id, index, at_pointer=False)
    _wait(lambda: window.view.probs.popup.isVisible())
    time.sleep(0.1)
    QApplication.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-probabilities-{theme}-{language}.png"))
    window.close()
    print("ok", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "screenshots":
        screenshots(Path(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}")
