"""The window without a mouse: shortcuts, the shortcuts dialog, F6 between panes, Tab order."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from app.ui import shortcuts
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, send, wait_idle
from tests.ui.widget_walk import tab_reachable, tab_walk


def press(qtbot: QtBot, window: object, keys: str) -> None:
    """Press a key combination where the keyboard focus is, as a user would."""
    sequence = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, sequence.key(), sequence.keyboardModifiers())


def test_the_shortcuts_dialog_lists_every_shortcut_in_native_text(qtbot: QtBot) -> None:
    from app.ui.help_dialog import ShortcutsDialog

    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget)
    assert table is not None
    keys = [table.item(row, 0).text() for row in range(table.rowCount())]
    words = [table.item(row, 1).text() for row in range(table.rowCount())]
    for sequence in ("Ctrl+N", "Ctrl+L", "Ctrl+K", "Esc", "Ctrl+Shift+C", "Ctrl+,", "F6",
                     "Shift+F6", "Ctrl+Shift+P"):
        assert QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText) in keys
    assert all(words) and len(set(words)) == len(words)


def test_help_menu_opens_the_shortcuts_dialog(qtbot: QtBot, make_window: MakeWindow,
                                              fake: FakeRuntime) -> None:
    from app.ui.help_dialog import ShortcutsDialog

    window = make_window(fake)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Help" in titles
    seen: list[int] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ShortcutsDialog):
            seen.append(dialog.findChild(QTableWidget).rowCount())
            dialog.reject()

    QTimer.singleShot(0, close_it)
    window.show_shortcuts()
    assert seen == [len(shortcuts.shortcut_rows())]


def test_shortcuts_search_pick_copy_and_settings(qtbot: QtBot, make_window: MakeWindow,
                                                 fake: FakeRuntime) -> None:
    window = make_window(fake)
    window.composer.edit.setFocus()
    press(qtbot, window, shortcuts.SEARCH_CHATS)
    assert QApplication.focusWidget() is window.sidebar.search
    with qtbot.waitSignal(window.pickerRequested, timeout=2_000):
        press(qtbot, window, shortcuts.PICK_MODEL)
    for popup in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
        if popup is not None:  # the model picker, where it is connected
            popup.close()
    window.activateWindow()  # (offscreen Qt leaves the closed popup active)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2_000)
    QGuiApplication.clipboard().setText("")
    press(qtbot, window, shortcuts.COPY_ANSWER)
    assert QGuiApplication.clipboard().text() == ""  # no answer yet
    assert window.status_label.text()  # says so
    send(qtbot, window, "Tell me about lighthouses")
    wait_idle(qtbot, window)
    press(qtbot, window, shortcuts.COPY_ANSWER)
    answer = window.chat.conversation.active_path()[-1].content
    assert answer and QGuiApplication.clipboard().text() == answer
    press(qtbot, window, shortcuts.SETTINGS)
    assert window.menuBar().activeAction() is window.settings_menu.menuAction()
    window.menuBar().setActiveAction(None)
    window.settings_menu.hide()


def test_f6_moves_between_the_panes_and_back(qtbot: QtBot, make_window: MakeWindow,
                                             fake: FakeRuntime) -> None:
    window = make_window(fake)
    window.composer.edit.setFocus()
    visited = []
    for _ in range(3):
        press(qtbot, window, shortcuts.NEXT_PANE)
        visited.append(QApplication.focusWidget())
    assert window.params.isAncestorOf(visited[0])  # composer → parameter panel
    assert visited[1] is window.sidebar.list  # → chat list
    assert visited[2] is window.composer.edit  # → back to the message box
    press(qtbot, window, shortcuts.PREVIOUS_PANE)
    assert QApplication.focusWidget() is window.sidebar.list
    window.params.hide()  # a hidden panel is skipped
    press(qtbot, window, shortcuts.NEXT_PANE)
    press(qtbot, window, shortcuts.NEXT_PANE)
    assert QApplication.focusWidget() is window.sidebar.list


def test_tab_reaches_every_control_of_the_chat_page_and_traps_nowhere(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime) -> None:
    window = make_window(fake)
    send(qtbot, window, "Hello")  # messages with their action links in the view
    wait_idle(qtbot, window)
    visited = tab_walk(qtbot, window.composer.edit)
    missed = [w for w in tab_reachable(window) if w not in visited]
    names = [(type(w).__name__, w.accessibleName()) for w in missed]
    assert not missed, f"Tab never reaches {names}"
    # In reading order, round from the message box: Send, the panel, the sidebar, the top
    # bar, the conversation, and back.
    def first(part: object) -> int:
        return next(i for i, w in enumerate(visited) if w is part or part.isAncestorOf(w))

    assert visited[1] is window.composer.send_button
    assert (first(window.params) < first(window.sidebar) < first(window.top_bar)
            < first(window.view))
    # The message box hands Tab on instead of typing a tab character.
    assert "\t" not in window.composer.edit.toPlainText()



class ClaimingField(QLineEdit):
    """A text field as GNOME and KDE make it: Ctrl+K is its own key (delete to the end of the
    line), claimed before any shortcut may fire."""

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+K")):
            event.accept()
            self.delete_to_end()
            return True
        return super().event(event)

    def delete_to_end(self) -> None:
        self.setText(self.text()[:self.cursorPosition()])


def test_the_windows_search_key_wins_over_a_fields_own_binding(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    field = ClaimingField("qwen coder", host)
    fired: list[bool] = []
    action = QAction(host, shortcut=QKeySequence(shortcuts.SEARCH_CHATS))
    action.triggered.connect(lambda: fired.append(True))
    host.addAction(action)
    host.show()
    host.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.setCursorPosition(4)
    press(qtbot, host, shortcuts.SEARCH_CHATS)
    assert (fired, field.text()) == ([], "qwen")  # the field took the key: the shortcut lost
    field.setText("qwen coder")
    field.setCursorPosition(4)
    shortcuts.window_keys_win(field)
    press(qtbot, host, shortcuts.SEARCH_CHATS)
    assert (fired, field.text()) == ([True], "qwen coder")


def test_every_text_field_of_the_window_lets_its_keys_win(make_window: MakeWindow,
                                                          fake: FakeRuntime) -> None:
    window = make_window(fake)
    for field in (window.composer.edit, window.sidebar.search, window.models_page.search.query,
                  window.server_page.address, window.server_page.key):
        assert field.findChildren(shortcuts.WindowKeysWin), field.accessibleName()
