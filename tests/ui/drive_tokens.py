"""Screenshots of the Tokens tab on the real runtime, in a process of its own:

    python -m tests.ui.drive_tokens OUT_DIR THEME LANGUAGE QWEN_FILE
        writes <OUT_DIR>/ondol-tokens-<THEME>-<LANGUAGE>.png: the Korean sample as the starter
        model's tokens beside Qwen 0.5B's (linked into the library), and prints the sentence
        the numbers make.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.driving import pump as _pump
from tests.ui.driving import start_window
from tests.ui.driving import wait as _wait


def tokens_screenshot(out: Path, theme: str, language: str, qwen: Path) -> None:
    from app.core.inspect.tokens_compare import sample_text
    from tests.ui.test_tokens_tab import QWEN_IN_LIBRARY, open_tab, put_in_library

    put_in_library(qwen, QWEN_IN_LIBRARY)
    window = start_window(theme, language)
    tab = open_tab(window)
    tab.text.setPlainText(sample_text("ko"))
    qwen_model = window.models.find(QWEN_IN_LIBRARY)
    assert qwen_model is not None, "Qwen is not in the library"
    tab.compare_with(str(qwen_model.path))
    _wait(lambda: not tab.pending and tab.second.view.tokenization is not None, timeout=60)
    # Hover a byte piece so the picture shows what a token says about itself.
    view = tab.first.view
    byte = next((i for i, s in enumerate(view.spans) if "<0x" in s.label), 0)
    view.set_current(byte)
    view.setFocus()
    _pump(0.3)
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-tokens-{theme}-{language}.png"))
    print(tab.point.text().replace("\n", " | "), flush=True)
    window.close()
    print("ok", flush=True)


if __name__ == "__main__":
    tokens_screenshot(Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4]))
