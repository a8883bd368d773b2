"""Screenshots of the Korean note and the models it points to, the real window in its own process.

    python -m tests.ui.drive_korean OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-korean-advice-<theme>-<language>.png (the note over a chat with
        the starter SmolLM2 on the real runtime; the English window is sent a Korean message
        first) and <OUT_DIR>/ondol-korean-models-<theme>-<language>.png (its button's list, on a
        fake hub holding a few repositories of the shipped families), then prints "ok".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.ui.driving import pump as _pump
from tests.ui.driving import start_window
from tests.ui.driving import wait as _wait

QUESTION = "안녕하세요! 한국어로 짧게 자기소개를 해 주세요."


def _hub() -> object:
    """A fake hub with the shipped families' repositories; the hub client is pointed at it."""
    from tests.fakehub import FakeHub
    from tests.ui.test_korean_advice_browser import add_korean_repos

    hub = FakeHub([])
    hub.start()
    add_korean_repos(hub)
    os.environ.update({"HF_ENDPOINT": hub.url, "HF_HUB_DISABLE_TELEMETRY": "1",
                       "HF_HUB_DISABLE_XET": "1"})
    return hub


def screenshots(out: Path, theme: str, language: str) -> None:
    hub = _hub()
    window = start_window(theme, language)  # the real runtime, SmolLM2
    advisor = window.korean_advisor  # type: ignore[attr-defined]
    _wait(lambda: advisor.advice is not None, timeout=60)
    if language != "ko":
        window.composer.edit.setPlainText(QUESTION)
        window.composer.send_button.click()
    _wait(lambda: advisor.notice.isVisible(), timeout=30)
    # A few lines of answer are enough: the picture is about the note.
    _wait(lambda: not window.chat.busy or len(window.view.streamed_text) > 300, timeout=120)
    window.chat.stop()
    _wait(lambda: not window.chat.busy, timeout=30)
    out.mkdir(parents=True, exist_ok=True)
    _pump(0.3)
    window.grab().save(str(out / f"ondol-korean-advice-{theme}-{language}.png"))
    advisor.notice.find.click()
    search = window.models_page.search
    _wait(lambda: search.results.rowCount() > 0 and not search.loading, timeout=60)
    _pump(0.3)
    window.grab().save(str(out / f"ondol-korean-models-{theme}-{language}.png"))
    print(advisor.notice.text.text(), flush=True)
    window.close()
    hub.stop()  # type: ignore[attr-defined]
    print("ok", flush=True)


if __name__ == "__main__":
    screenshots(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
