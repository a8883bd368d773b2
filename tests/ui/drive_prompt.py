"""Screenshots of the Prompt tab on the real runtime, in a process of its own:

    python -m tests.ui.drive_prompt OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-prompt-<THEME>-<LANGUAGE>.png: a short chat with the starter
        model as its chat template renders it (special tokens drawn distinctly), with the
        template editor open beside it, and prints the token count shown.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.driving import pump as _pump
from tests.ui.driving import start_window
from tests.ui.driving import wait as _wait

QUESTIONS = {"en": ("Answer in one short sentence.", "What is a token?"),
             "ko": ("한 문장으로 짧게 답하세요.", "토큰이 뭔가요?")}


def prompt_screenshot(out: Path, theme: str, language: str) -> None:
    from app.core.types.params import SamplingParams

    window = start_window(theme, language)
    system, question = QUESTIONS[language]
    window.chat.set_sampling(SamplingParams(temperature=0, max_tokens=24, seed=1),
                             remember=False)
    window.chat.set_system_prompt(system)
    window.chat.summary = window.chat.store.get_chat(window.chat.summary.id)
    window.composer.edit.setPlainText(question)
    window.composer.send_button.click()
    _wait(lambda: window.chat.busy, timeout=10)
    _wait(lambda: not window.chat.busy, timeout=120)
    tab = window.inside_page.prompt
    shown: list[object] = []
    tab.rendered.connect(shown.append)
    window.pages.setCurrentWidget(window.inside_page)
    window.inside_page.setCurrentWidget(tab)
    _wait(lambda: bool(shown), timeout=60)
    tab.edit_button.click()
    tab.split.setSizes([700, 560])
    _pump(0.4)
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-prompt-{theme}-{language}.png"))
    print(tab.count.text(), flush=True)
    window.close()
    print("ok", flush=True)


if __name__ == "__main__":
    prompt_screenshot(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
