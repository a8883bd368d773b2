"""Window behaviour on a scripted runtime: sending, stopping, versions, chats, keyboard, models."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.errors import ContextOverflowError, RuntimeCrashedError
from tests.fake_runtime import FakeRuntime, scripted_tokens
from tests.ui.conftest import MakeWindow, send, wait_idle


def test_send_streams_an_answer_and_saves_it(qtbot: QtBot, make_window: MakeWindow,
                                             fake: FakeRuntime) -> None:
    window = make_window(fake)
    send(qtbot, window, "Hello there")
    assert window.chat.busy and window.composer.stop_button.isVisibleTo(window)
    wait_idle(qtbot, window)
    text = window.view.toPlainText()
    assert "Hello there" in text and "lighthouse" in text
    assert "tokens" in text and "tok/s" in text  # the stats line
    path = window.chat.conversation.active_path()
    assert [m.role for m in path] == ["user", "assistant"]
    assert path[1].complete and "lighthouse" in path[1].content
    assert path[1].stats["stop_reason"] == "stop"
    assert window.sidebar.chats.item(0).title == "Hello there"  # titled from the question
    assert fake.requests[-1]["messages"][-1] == {"role": "user", "content": "Hello there"}


def test_escape_stops_and_the_partial_answer_is_kept(qtbot: QtBot, make_window: MakeWindow
                                                     ) -> None:
    fake = FakeRuntime(tokens=scripted_tokens(2000), tokens_per_second=100)
    window = make_window(fake)
    send(qtbot, window, "Tell me everything")
    qtbot.waitUntil(lambda: len(window.view.streamed_text) > 20, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    wait_idle(qtbot, window, timeout=3_000)
    answer = window.chat.conversation.active_path()[-1]
    assert answer.stats["stop_reason"] == "cancelled"
    assert 0 < len(answer.content) < len("".join(fake.tokens))
    assert "stopped" in window.view.toPlainText()


def test_message_typed_while_loading_waits_for_the_model(qtbot: QtBot, make_window: MakeWindow
                                                         ) -> None:
    fake = FakeRuntime(load_seconds=1.0)
    window = make_window(fake, wait_for_model=False)
    qtbot.waitUntil(lambda: window.models.busy, timeout=5_000)
    send(qtbot, window, "Are you there?")
    assert window.chat.busy and not fake.requests
    wait_idle(qtbot, window, timeout=10_000)
    assert len(fake.requests) == 1
    assert window.chat.conversation.active_path()[-1].complete


def test_regenerate_and_edit_keep_versions(qtbot: QtBot, make_window: MakeWindow,
                                           fake: FakeRuntime) -> None:
    window = make_window(fake)
    send(qtbot, window, "First question")
    wait_idle(qtbot, window)
    conv = window.chat.conversation
    first_answer = conv.active_path()[-1]
    window.view.actionRequested.emit("regenerate", first_answer.id)
    wait_idle(qtbot, window)
    conv = window.chat.conversation
    second_answer = conv.active_path()[-1]
    assert second_answer.id != first_answer.id
    assert conv.version_index(second_answer.id) == (2, 2)
    assert "2/2" in window.view.toPlainText()  # between the ‹ › version icons
    window.view.actionRequested.emit("prev", second_answer.id)
    assert window.chat.conversation.active_path()[-1].id == first_answer.id

    question = window.chat.conversation.active_path()[0]
    window.chat.edit(question.id, "Second question")
    wait_idle(qtbot, window)
    conv = window.chat.conversation
    path = conv.active_path()
    assert path[0].content == "Second question" and conv.version_index(path[0].id) == (2, 2)
    assert len(conv.messages) == 5  # both branches are still there


def test_chats_new_rename_search_delete(qtbot: QtBot, make_window: MakeWindow,
                                        fake: FakeRuntime, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    window = make_window(fake)
    send(qtbot, window, "온돌 is warm")
    wait_idle(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    send(qtbot, window, "Something else")
    wait_idle(qtbot, window)
    assert window.sidebar.chats.rowCount() >= 2
    window.sidebar.search.setText("온돌")
    qtbot.waitUntil(lambda: window.sidebar.chats.rowCount() == 1, timeout=2_000)
    chat = window.sidebar.chats.item(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Warm floors", True))
    window.sidebar.renameRequested.emit(chat.id)
    window.sidebar.search.setText("")
    qtbot.waitUntil(lambda: window.sidebar.chats.rowCount() >= 2, timeout=2_000)
    assert "Warm floors" in [c.title for c in window.sidebar.chats.items()]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.sidebar.deleteRequested.emit(chat.id)
    assert "Warm floors" not in [c.title for c in window.store.list_chats()]


def test_generation_error_is_shown_and_nothing_is_lost(qtbot: QtBot, make_window: MakeWindow
                                                       ) -> None:
    fake = FakeRuntime(fail_with=ContextOverflowError(
        "Core English, never shown.", tokens_needed=5000, n_ctx=4096, reason="conversation"))
    window = make_window(fake)
    send(qtbot, window, "Hi")
    wait_idle(qtbot, window)
    said = window.status_label.text()  # the window's words, from the code and the facts
    assert "5,000 tokens" in said and "4,096" in said and "English" not in said
    path = window.chat.conversation.active_path()
    assert path[0].content == "Hi" and path[1].stats["error_code"] == "context_overflow"
    assert path[1].stats["error_facts"]["n_ctx"] == 4096  # said again when the chat reopens
    assert said in window.view.toPlainText()


def test_runtime_crash_says_so_and_offers_a_reload(qtbot: QtBot, make_window: MakeWindow
                                                   ) -> None:
    fake = FakeRuntime(fail_with=RuntimeCrashedError("The model runtime was stopped by SIGKILL.",
                                                     exit_code=-9, signal="SIGKILL"))
    window = make_window(fake)
    send(qtbot, window, "Hi")
    wait_idle(qtbot, window)
    assert "SIGKILL" in window.top_bar.status.text()
    assert window.top_bar.load_button.isEnabled() and not window.models.ready


def test_list_models_pass_qmodeltester(qtbot: QtBot, qtmodeltester, make_window: MakeWindow,
                                       fake: FakeRuntime) -> None:
    window = make_window(fake)
    send(qtbot, window, "A chat so the list is not empty")
    wait_idle(qtbot, window)
    qtmodeltester.check(window.sidebar.chats)
    qtmodeltester.check(window.top_bar.models)
    assert window.top_bar.models.rowCount() == 1


def test_controls_have_accessible_names(make_window: MakeWindow, fake: FakeRuntime) -> None:
    window = make_window(fake)
    for widget in (window.composer.edit, window.composer.send_button, window.top_bar.picker,
                   window.top_bar.load_button, window.sidebar.search, window.sidebar.list,
                   window.params.temperature, window.params.top_p, window.params.min_p,
                   window.params.system_prompt, window.view):
        assert widget.accessibleName(), widget
    assert "most likely" in window.params.temperature.toolTip()


def test_korean_translation_loads(make_window: MakeWindow, fake: FakeRuntime) -> None:
    from app.core.settings.paths import AppPaths
    from app.core.settings.settings import SettingsStore

    store = SettingsStore(AppPaths.from_environment().ensure().settings_file)
    settings = store.load()
    settings.language = "ko"
    store.save(settings)
    window = make_window(fake)
    assert window.sidebar.new_button.text() == "새 대화"
    assert window.composer.send_button.text() == "보내기"
    assert window.menuBar().actions()[0].text() == "파일(&F)"


def test_copy_button_copies_the_code_and_links_open_only_on_click(
        qtbot: QtBot, make_window: MakeWindow, monkeypatch) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices, QGuiApplication

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    answer = "See [the docs](https://example.org/docs).\n\n```python\nprint('hi')\n```\n"
    fake = FakeRuntime(tokens=[answer[i:i + 5] for i in range(0, len(answer), 5)])
    window = make_window(fake)
    send(qtbot, window, "Show code")
    wait_idle(qtbot, window)
    assert not opened  # nothing was fetched or opened by itself
    html = window.view.toHtml()
    assert "ondol-copy:" in html and html.count("<img") == html.count('<img src="icon:')
    copy_link = html[html.index("ondol-copy:"):].split('"')[0]
    window.view.anchorClicked.emit(QUrl(copy_link))
    assert QGuiApplication.clipboard().text() == "print('hi')"
    window.view.anchorClicked.emit(QUrl("https://example.org/docs"))
    window.view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == ["https://example.org/docs"]


def test_quitting_while_streaming_stops_within_a_second(qtbot: QtBot, make_window: MakeWindow
                                                        ) -> None:
    import time

    fake = FakeRuntime(tokens=scripted_tokens(5000), tokens_per_second=100)
    window = make_window(fake)
    send(qtbot, window, "Go on and on")
    qtbot.waitUntil(lambda: len(window.view.streamed_text) > 20, timeout=5_000)
    started = time.perf_counter()
    window.close()
    qtbot.waitUntil(window.thread_.isFinished, timeout=5_000)
    assert time.perf_counter() - started < 1.0
    assert fake.closed
    saved = window.store.load_conversation(window.chat.conversation.chat_id).active_path()[-1]
    assert saved.content and saved.stats["stop_reason"] == "cancelled"


def test_shift_enter_adds_a_line_and_enter_sends(qtbot: QtBot, make_window: MakeWindow,
                                                 fake: FakeRuntime) -> None:
    window = make_window(fake)
    edit = window.composer.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "line one")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(edit, "line two")
    assert edit.toPlainText() == "line one\nline two" and not window.chat.busy
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.chat.conversation.active_path()[0].content == "line one\nline two"
    assert edit.toPlainText() == ""


def test_export_markdown_and_json(qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime,
                                  tmp_path, monkeypatch) -> None:
    import json

    from PySide6.QtWidgets import QFileDialog

    window = make_window(fake)
    send(qtbot, window, "한국어 질문")
    wait_idle(qtbot, window)
    for kind in ("md", "json"):
        target = tmp_path / f"chat.{kind}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, t=target, **k: (str(t), ""))
        window.exportRequested.emit(kind)
        assert target.is_file()
    assert "한국어 질문" in (tmp_path / "chat.md").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "chat.json").read_text(encoding="utf-8"))
    assert data["format"] == "ondol-chat" and len(data["messages"]) == 2


def test_welcome_shows_the_hardware_and_the_starter_plan(qtbot: QtBot, fake: FakeRuntime,
                                                         monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from app.ui import welcome
    from app.ui.app import _welcome, create_window
    from tests.ui.conftest import close_window

    shown: list[str] = []
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", lambda self: shown.append(
        " ".join(label.text() for label in self.findChildren(welcome.QLabel))) or 1)
    window = create_window(client=fake, show_welcome=False)
    window.show()
    qtbot.waitUntil(lambda: window.models.ready, timeout=30_000)
    _welcome(window)  # the plan is made off the GUI thread, then the dialog opens
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown and "CPU:" in shown[0] and "no GPU found" in shown[0]
    assert window.settings.first_run_done
    assert isinstance(welcome.WelcomeDialog(window.ctx.profile, None), QDialog)
    close_window(qtbot, window)


def test_window_geometry_is_remembered(qtbot: QtBot, make_window: MakeWindow,
                                       fake: FakeRuntime) -> None:
    from tests.ui.conftest import close_window

    # (The offscreen screen is small, so Qt clamps the restored size; this checks the round
    # trip through QSettings in Ondol's own config folder, not the pixels.)
    window = make_window(fake)
    assert not window._restore_geometry()  # nothing saved yet
    close_window(qtbot, window)
    assert (window.ctx.paths.config_dir / "window.ini").is_file()
    again = make_window(FakeRuntime())
    assert again._restore_geometry()


def test_enter_while_an_answer_streams_keeps_the_typed_text(qtbot: QtBot,
                                                            make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime(tokens=scripted_tokens(400), tokens_per_second=100))
    send(qtbot, window, "First")
    send(qtbot, window, "Second, typed too early")
    assert window.composer.edit.toPlainText() == "Second, typed too early"
    assert "Wait for the answer" in window.status_label.text()
    window.chat.stop()
    wait_idle(qtbot, window)


def test_deleting_the_streaming_chat_leaves_the_window_usable(
        qtbot: QtBot, make_window: MakeWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    fake = FakeRuntime(tokens=scripted_tokens(2000), tokens_per_second=100)
    window = make_window(fake)
    send(qtbot, window, "Doomed chat")
    qtbot.waitUntil(lambda: len(window.view.streamed_text) > 10, timeout=5_000)
    window.sidebar.deleteRequested.emit(window.chat.summary.id)
    assert not window.chat.busy
    assert "Doomed chat" not in [c.title for c in window.store.list_chats()]
    fake.tokens = scripted_tokens(5)
    send(qtbot, window, "Still works")
    wait_idle(qtbot, window)
    assert window.chat.conversation.active_path()[-1].complete


def test_sending_with_no_model_says_so_at_once(qtbot: QtBot, make_window: MakeWindow,
                                               fake: FakeRuntime) -> None:
    window = make_window(fake)
    window.top_bar.eject_button.click()
    qtbot.waitUntil(lambda: fake.loaded is None, timeout=5_000)
    send(qtbot, window, "Anyone?")
    assert not window.chat.busy  # not waiting for a load that will never come
    answer = window.chat.conversation.active_path()[-1]
    assert answer.stats["error_code"] == "no_model_loaded"
    assert "No model is loaded" in window.status_label.text()


def test_stop_before_the_answer_begins_is_not_lost(qtbot: QtBot, make_window: MakeWindow
                                                   ) -> None:
    fake = FakeRuntime(tokens=scripted_tokens(300), prompt_seconds=0.5)
    window = make_window(fake)
    send(qtbot, window, "Stop me early")
    window.chat.stop()  # while the runtime is still fitting the prompt
    wait_idle(qtbot, window, timeout=5_000)
    answer = window.chat.conversation.active_path()[-1]
    assert answer.stats["stop_reason"] == "cancelled"
    assert answer.content == ""  # the answer never began


def test_quitting_during_a_slow_load_is_clean(qtbot: QtBot, make_window: MakeWindow) -> None:
    import time

    window = make_window(FakeRuntime(load_seconds=6.0), wait_for_model=False)
    qtbot.waitUntil(lambda: window.models.busy, timeout=5_000)
    started = time.perf_counter()
    window.close()
    assert window.thread_.isFinished()
    assert time.perf_counter() - started < 2.5


def test_clicking_the_open_chat_does_not_stop_its_answer(qtbot: QtBot, make_window: MakeWindow
                                                         ) -> None:
    window = make_window(FakeRuntime(tokens=scripted_tokens(120), tokens_per_second=200))
    send(qtbot, window, "Keep going")
    window.sidebar.chatSelected.emit(window.chat.summary.id)
    wait_idle(qtbot, window)
    assert window.chat.conversation.active_path()[-1].stats["stop_reason"] == "stop"


def test_the_view_follows_the_stream_to_the_bottom(qtbot: QtBot, make_window: MakeWindow
                                                   ) -> None:
    window = make_window(FakeRuntime(tokens=scripted_tokens(900), tokens_per_second=1000))
    window.params.max_tokens.setValue(0)
    send(qtbot, window, "A long one")
    wait_idle(qtbot, window)
    bar = window.view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()


def test_deleting_a_message_with_followers_asks_first(qtbot: QtBot, make_window: MakeWindow,
                                                      fake: FakeRuntime, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or
                        QMessageBox.StandardButton.No)
    window = make_window(fake)
    send(qtbot, window, "Question")
    wait_idle(qtbot, window)
    question = window.chat.conversation.active_path()[0]
    window.view.actionRequested.emit("delete", question.id)
    assert asked and "1 messages" in asked[0]
    assert question.id in window.chat.conversation.messages  # "No" kept it


def test_typing_right_after_start_writes_the_message(qtbot: QtBot, make_window: MakeWindow
                                                     ) -> None:
    window = make_window(FakeRuntime())
    # Nothing clicked: the key presses go to the message box.
    qtbot.waitUntil(lambda: window.focusWidget() is window.composer.edit, timeout=5_000)
