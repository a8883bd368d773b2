"""Runs the real window in its own process for the tests that need one (a kill, a real screen).

    python -m tests.ui.drive_window stream-forever
        streams a long scripted answer and prints "t=<seconds> len=<chars>" every 100 ms, until
        it is killed;
    python -m tests.ui.drive_window screenshots OUT_DIR THEME LANGUAGE [SUFFIX]
        writes <OUT_DIR>/ondol-<theme>-<language>-{empty,streaming,finished,picker}<SUFFIX>.png
        (the scale comes from QT_SCALE_FACTOR; the suffix names it, e.g. "@2x");
    python -m tests.ui.drive_window models OUT_DIR THEME LANGUAGE [SUFFIX]
        writes <OUT_DIR>/ondol-models-<theme>-<language>-{search,repo,library,downloading}
        <SUFFIX>.png, the Models page on a fake hub.

The scripted runtime stands in for the model: these tests are about the window and the database,
not about inference.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.fake_runtime import FakeRuntime, scripted_tokens
from tests.ui.driving import pump as _pump
from tests.ui.driving import wait as _wait
from tests.ui.driving import write_settings

ANSWER = [
    "Here is a small **Python** function that adds two numbers:\n\n",
    "```python\ndef add(a: int, b: int) -> int:\n    \"\"\"Return the sum.\"\"\"\n",
    "    return a + b\n\n\nprint(add(2, 3))  # 5\n```\n\n",
    "| input | output |\n|---|---|\n| 2, 3 | 5 |\n| 한국어 | 온돌 |\n\n",
    "- It works for *integers* and floats.\n- 한국어도 잘 보입니다: 안녕하세요!\n",
]


def stream_forever() -> None:
    from app.ui.app import application, create_window

    application([])
    window = create_window(client=FakeRuntime(tokens=scripted_tokens(100_000),
                                              tokens_per_second=40), show_welcome=False)
    window.show()
    _wait(lambda: window.models.ready)
    window.composer.edit.setPlainText("Tell me everything.")
    window.composer.send_button.click()
    started = time.monotonic()
    while True:
        _pump(0.1)
        print(f"t={time.monotonic() - started:.3f} len={len(window.view.streamed_text)}",
              flush=True)


def _grab_screen(window: object, path: Path) -> None:
    """The window with whatever floats over it (a popup), as the screen shows it."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    frame = window.frameGeometry()  # type: ignore[attr-defined]
    screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()).save(str(path))


def screenshots(out: Path, theme: str, language: str, suffix: str = "") -> None:
    from app.ui.app import application, create_window

    write_settings(theme, language)
    application([])
    text = "".join(ANSWER)
    tokens = [text[i:i + 6] for i in range(0, len(text), 6)]  # token-sized pieces
    window = create_window(client=FakeRuntime(tokens=tokens, tokens_per_second=40),
                           show_welcome=False)
    window.resize(1280, 800)
    window.show()
    _wait(lambda: window.models.ready)
    out.mkdir(parents=True, exist_ok=True)
    _pump(0.2)
    window.grab().save(str(out / f"ondol-{theme}-{language}-empty{suffix}.png"))
    question = "파이썬으로 두 수를 더하는 함수를 보여 주세요." if language == "ko" else \
        "Show me a Python function that adds two numbers."
    window.composer.edit.setPlainText(question)
    window.composer.send_button.click()
    _wait(lambda: len(window.view.streamed_text) > 60)
    window.grab().save(str(out / f"ondol-{theme}-{language}-streaming{suffix}.png"))
    _wait(lambda: not window.chat.busy)
    _pump(0.2)
    window.grab().save(str(out / f"ondol-{theme}-{language}-finished{suffix}.png"))
    window.pickerRequested.emit()  # Ctrl+L: the model picker over the chat
    _pump(0.5)
    _grab_screen(window, out / f"ondol-{theme}-{language}-picker{suffix}.png")
    window.close()
    print("ok", flush=True)


def models_screenshots(out: Path, theme: str, language: str, suffix: str = "") -> None:
    """The Models page on a fake hub: results, a repository's page, My models (the starter model
    measured here), a download in progress."""
    import os

    from app.core.settings.paths import AppPaths
    from tests.fakehub import FakeHub, FakeRepo
    from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO, starter_repo

    paths = AppPaths.from_environment().ensure()
    write_settings(theme, language)
    hub = FakeHub([starter_repo()])
    hub.start()
    for i, name in enumerate(("Llama-3.2-1B-Instruct", "Qwen2.5-0.5B-Instruct", "gemma-3-1b-it",
                              "Phi-3.5-mini-instruct")):
        hub.add(FakeRepo(f"community/{name}-GGUF", downloads=10_000 * (i + 1), likes=40 * i,
                         tags=["gguf"], gguf={"total": 10**9, "architecture": "llama"}))
    hub.faults.throttle_bytes_per_s = 15_000_000
    os.environ.update({"HF_ENDPOINT": hub.url, "HF_HUB_DISABLE_TELEMETRY": "1",
                       "HF_HUB_DISABLE_XET": "1"})
    from app.core.catalog.starter import SMOLLM2
    from app.core.planning.speed import SpeedRun, speed_store
    from app.ui.app import application, create_window

    application([])
    window = create_window(client=FakeRuntime(), show_welcome=False)
    window.resize(1280, 800)
    window.show()
    _wait(lambda: window.models.ready)
    # The starter model answered here once: its pages show what it measured.
    speed_store(paths.data_dir).add_run(window.models.selector.machine, SpeedRun(
        "llama.cpp", "CPU", 0, SMOLLM2.size_bytes, 93.0, model=f"{STARTER_REPO}/{STARTER_FILE}"))
    window.sidebar.modelsPageRequested.emit()
    page = window.models_page
    page.search.query.setText("instruct")
    page.search.start()
    _wait(lambda: page.search.results.rowCount() >= 4)
    out.mkdir(parents=True, exist_ok=True)
    name = f"ondol-models-{theme}-{language}-{{}}{suffix}.png"
    _pump(0.2)
    window.grab().save(str(out / name.format("search")))
    page.open_repo(STARTER_REPO)
    _wait(lambda: page.repo.report is not None)
    _pump(0.2)
    window.grab().save(str(out / name.format("repo")))
    page.setCurrentWidget(page.local)
    _pump(0.2)
    window.grab().save(str(out / name.format("library")))
    (window.ctx.paths.models_dir / STARTER_REPO / page.repo.report.variants[0].files[0].path
     ).unlink()
    page.repo.download_button.click()
    _wait(lambda: any(j.done_bytes > 20_000_000 for j in window.browser.downloads.jobs()))
    window.grab().save(str(out / name.format("downloading")))
    window.close()
    hub.stop()
    print("ok", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "stream-forever":
        stream_forever()
    elif sys.argv[1] == "models":
        models_screenshots(Path(sys.argv[2]), sys.argv[3], sys.argv[4], *sys.argv[5:6])
    else:
        screenshots(Path(sys.argv[2]), sys.argv[3], sys.argv[4], *sys.argv[5:6])
