"""A screenshot of the load settings' "Speculative decoding" part, in a process of its own:

    python -m tests.ui.drive_speculation OUT_DIR THEME LANGUAGE TARGET DRAFT
        writes <OUT_DIR>/ondol-speculation-<THEME>-<LANGUAGE>.png: Qwen 1.5B (TARGET) loaded on
        the scripted runtime with Qwen 0.5B (DRAFT) beside it in the library, so the draft picker
        offers a real compatible draft; the answer's line shows what drafting did. Prints the
        draft picker's note.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.fake_runtime import FakeRuntime
from tests.ui.driving import pump as _pump
from tests.ui.driving import start_window
from tests.ui.driving import wait as _wait

TARGET_IN_LIBRARY = "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DRAFT_IN_LIBRARY = "Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


class DraftingRuntime(FakeRuntime):
    """The scripted runtime, with figures of an answer that was drafted on a busy machine."""

    def _stream(self, rid: int, sampling: Any, messages: list[dict[str, Any]]) -> Iterator[Any]:
        for event in super()._stream(rid, sampling, messages):
            if hasattr(event, "stats"):
                event = dataclasses.replace(event, stats=dataclasses.replace(
                    event.stats, drafted_tokens=52, accepted_tokens=41,
                    plain_tokens_per_second=event.stats.decode_tokens_per_second / 1.4,
                    threads=1))
            yield event


def speculation_screenshot(out: Path, theme: str, language: str, target: Path,
                           draft: Path) -> None:
    from app.core.settings.paths import AppPaths
    from app.core.settings.settings import SettingsStore
    from tests.ui.test_tokens_tab import put_in_library

    paths = AppPaths.from_environment().ensure()
    for source, relative in ((target, TARGET_IN_LIBRARY), (draft, DRAFT_IN_LIBRARY)):
        if not (paths.models_dir / relative).exists():  # a second picture in the same home
            put_in_library(source, relative)
    store = SettingsStore(paths.settings_file)
    settings = store.load()
    settings.default_model = TARGET_IN_LIBRARY  # the model to load at the start
    store.save(settings)
    window = start_window(theme, language, client=DraftingRuntime(tokens_per_second=400))
    assert window.models.current.name == TARGET_IN_LIBRARY, window.models.current.name
    panel = window.params
    _wait(lambda: panel.speculation._search is not None, timeout=60)
    window.composer.edit.setPlainText("Add type hints to this function.")
    window.composer.send_button.click()
    _wait(lambda: not window.chat.busy, timeout=60)
    panel.advanced_button.setChecked(True)
    panel.speculation.draft.setCurrentIndex(1)  # the recommended draft: a reload is offered
    _pump(0.3)
    panel.ensureWidgetVisible(panel.apply_load)
    _pump(0.3)
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-speculation-{theme}-{language}.png"))
    print(panel.speculation.note.text(), flush=True)
    window.close()
    print("ok", flush=True)


if __name__ == "__main__":
    speculation_screenshot(Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4]),
                           Path(sys.argv[5]))
