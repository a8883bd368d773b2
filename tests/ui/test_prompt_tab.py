"""The prompt tab on the real runtime host with the starter model: the prompt shown is the
host's rendering and count; a template error is shown on its line while the preview keeps the
last good text; a saved template is used by the next answer, survives a new window, and goes
away with "back to the file's template"; a model with a broken template gets a working one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from pytestqt.qtbot import QtBot

from app.core.backends.chat_template import ChatTemplate, TemplateChoice
from app.core.settings.paths import AppPaths
from app.core.settings.template_overrides import TemplateOverrides
from app.core.types.params import SamplingParams
from app.ui.inside.prompt_tab import PromptTab
from app.ui.main_window import MainWindow
from tests.bad_models import broken_chat_template
from tests.ui.conftest import MakeWindow, send, wait_idle

MINE = ("{% for m in messages %}<|im_start|>{{ m['role'] | upper }}\n{{ m['content'] }}"
        "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
        "{% endif %}")
TIMEOUT = 60_000


def open_tab(qtbot: QtBot, window: MainWindow) -> PromptTab:
    tab = window.inside_page.prompt
    with qtbot.waitSignal(tab.rendered, timeout=TIMEOUT):
        window.pages.setCurrentWidget(window.inside_page)
        window.inside_page.setCurrentWidget(tab)
    return tab


def ask(qtbot: QtBot, tab: PromptTab, work: Any) -> Any:
    """Ask the window's own runtime host, on its worker thread."""
    box: list[Any] = []
    tab.deps.calls.run(work, box.append, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=TIMEOUT)
    return box[0]


def messages(window: MainWindow) -> list[dict[str, Any]]:
    return window.chat.conversation.messages_for_model(window.chat.summary.system_prompt)


def type_template(qtbot: QtBot, tab: PromptTab, text: str, signal: Any) -> Any:
    with qtbot.waitSignal(signal, timeout=TIMEOUT) as got:
        tab.editor.edit.setPlainText(text)
    return got.args[0]


def reloaded(qtbot: QtBot, window: MainWindow, tab: PromptTab, button: Any) -> Any:
    """Click ``button``; the model loads again and the tab renders through its template."""
    with qtbot.waitSignal(window.models.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.models.ready, timeout=TIMEOUT)
    with qtbot.waitSignal(tab.rendered, timeout=TIMEOUT) as got:
        tab.refresh()
    return got.args[0]


def test_the_prompt_is_the_hosts_and_a_saved_template_round_trips(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(client=None)
    window.chat.set_sampling(SamplingParams(temperature=0, max_tokens=4), remember=False)
    window.chat.set_system_prompt("Be brief.")
    send(qtbot, window, "안녕! What is 2+2?")
    wait_idle(qtbot, window)
    tab = open_tab(qtbot, window)
    chat = messages(window)
    shown, count = ask(qtbot, tab, lambda c: (c.render_chat(chat), c.count_chat_tokens(chat)))
    assert tab.view.text == tab.view.toPlainText() == shown.text
    assert shown.tokens == count and tab.count.text() == f"{count:,} tokens"
    assert "Be brief." in tab.view.text and "2+2" in tab.view.text
    local = ChatTemplate(TemplateChoice("model", "", shown.template)).render(chat)
    assert local == tab.view.text  # the window's copy of the sandbox: the same bytes
    # Special tokens are drawn bold; the words between them are not.
    start, end = tab.view.specials[0]
    assert tab.view.text[start:end] == "<|im_start|>"
    cursor = QTextCursor(tab.view.document())
    cursor.setPosition(start + 1)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    cursor.setPosition(tab.view.text.index("Be brief") + 1)
    assert cursor.charFormat().fontWeight() != QFont.Weight.Bold

    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    assert tab.editor.isVisible() and tab.editor.text() == shown.template
    assert not tab.editor.save.isEnabled() and not tab.editor.reset.isEnabled()
    draft = type_template(qtbot, tab, MINE, tab.rendered)
    assert draft.source == "draft" and tab.view.text.startswith("<|im_start|>SYSTEM\nBe brief.")
    good = tab.view.text
    type_template(qtbot, tab, MINE + "\n{% if %}", tab.renderFailed)
    line = MINE.count("\n") + 2
    assert tab.editor.error.isVisible() and f"Line {line}:" in tab.editor.error.text()
    marked = tab.editor.edit.extraSelections()
    assert tab.editor.error_line == line and marked[0].cursor.blockNumber() == line - 1
    assert tab.view.text == good and not tab.editor.save.isEnabled()
    type_template(qtbot, tab, MINE, tab.rendered)
    assert not tab.editor.error.isVisible() and tab.editor.save.isEnabled()

    saved = reloaded(qtbot, window, tab, tab.editor.save)
    assert saved.source == "override" and saved.text == good
    assert TemplateOverrides(AppPaths.from_environment()).get(saved.path) == MINE
    # The next answer's prompt is the saved template's.
    with qtbot.waitSignal(window.worker.promptReady, timeout=TIMEOUT) as ready:
        send(qtbot, window, "And 3+3?")
    wait_idle(qtbot, window)
    asked = messages(window)[:-1]
    again = ask(qtbot, tab, lambda c: c.render_chat(asked))
    assert again.source == "override" and ready.args[1] == again.tokens
    assert again.tokens != ask(qtbot, tab, lambda c: c.render_chat(asked, shown.template)).tokens
    window.close()
    qtbot.waitUntil(window.thread_.isFinished, timeout=5_000)
    window.closed_by_test = True  # type: ignore[attr-defined]
    window.store.close()

    restarted = make_window(client=None)
    tab = open_tab(qtbot, restarted)
    assert tab.shown.source == "override"
    assert tab.source.text() == "Your chat template, saved for this model"
    assert tab.editor.text() == MINE and tab.editor.reset.isEnabled()
    back = reloaded(qtbot, restarted, tab, tab.editor.reset)
    assert back.source == "model" and back.template == shown.template
    assert TemplateOverrides(AppPaths.from_environment()).get(back.path) is None
    assert tab.editor.text() == shown.template and not tab.editor.reset.isEnabled()


def test_a_model_with_a_broken_template_is_given_one(
        qtbot: QtBot, make_window: MakeWindow, smollm2_path: Path, tmp_path: Path) -> None:
    folder = AppPaths.from_environment().ensure().models_dir / "test" / "broken"
    folder.mkdir(parents=True)
    shutil.move(broken_chat_template(smollm2_path, tmp_path), folder / "broken-template.gguf")
    window = make_window(client=None)
    qtbot.waitUntil(lambda: window.models.find("test/broken/broken-template.gguf")
                    is not None, timeout=TIMEOUT)
    broken = window.models.find("test/broken/broken-template.gguf")
    assert broken is not None and broken.name == "test/broken/broken-template.gguf"
    with qtbot.waitSignal(window.models.loaded, timeout=TIMEOUT):
        window.models.load(broken)
    qtbot.waitUntil(lambda: window.models.ready, timeout=TIMEOUT)
    tab = open_tab(qtbot, window)
    assert tab.shown.source == "fallback:chatml"
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    assert "{% f0r" in tab.editor.text()  # the file's own, to be fixed
    type_template(qtbot, tab, MINE, tab.rendered)
    used = reloaded(qtbot, window, tab, tab.editor.save)
    assert used.source == "override" and used.path.endswith("broken-template.gguf")
    window.chat.set_sampling(SamplingParams(temperature=0, max_tokens=4), remember=False)
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    answer = window.chat.conversation.messages_for_model()[-1]
    assert answer["role"] == "assistant" and answer["content"]
