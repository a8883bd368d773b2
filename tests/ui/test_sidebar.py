"""The sidebar's chat list: recency headings, search, keyboard, icons."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.icons import NAME_PROPERTY
from app.ui.models import HeaderRole
from app.ui.sidebar import Sidebar
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow

NOW = datetime(2026, 3, 10, 0, 5)  # five minutes after midnight


def chat(chat_id: int, title: str, when: datetime) -> SimpleNamespace:
    return SimpleNamespace(id=chat_id, title=title, updated_at=when.timestamp())


CHATS = [  # newest first, as the store lists them
    chat(1, "Just now", NOW - timedelta(minutes=1)),
    chat(2, "Before midnight", NOW - timedelta(minutes=10)),
    chat(3, "Three days ago", NOW - timedelta(days=3)),
    chat(4, "A week ago", NOW - timedelta(days=7)),
    chat(5, "Last month", NOW - timedelta(days=30)),
]


def shown(sidebar: Sidebar) -> list[str]:
    """The list's rows as read: headings in brackets."""
    rows = sidebar.rows
    return [f"[{rows.data(rows.index(r))}]" if rows.data(rows.index(r), HeaderRole)
            else rows.data(rows.index(r)) for r in range(rows.rowCount())]


def test_chats_sit_under_their_recency_headings(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_chats(CHATS, current_id=3, now=NOW)
    assert shown(sidebar) == ["[Today]", "Just now", "[Yesterday]", "Before midnight",
                              "[Previous 7 days]", "Three days ago", "A week ago",
                              "[Older]", "Last month"]
    heading = sidebar.rows.index(0)
    assert not sidebar.rows.flags(heading) & Qt.ItemFlag.ItemIsSelectable
    assert sidebar.rows.item(sidebar.list.currentIndex().row()).id == 3
    assert [c.id for c in sidebar.chats.items()] == [1, 2, 3, 4, 5]  # the flat list stays


def test_a_search_result_shows_only_the_headings_it_needs(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_chats([CHATS[1], CHATS[4]], current_id=None, now=NOW)  # what a search found
    assert shown(sidebar) == ["[Yesterday]", "Before midnight", "[Older]", "Last month"]
    sidebar.set_chats([], current_id=None, now=NOW)
    assert sidebar.rows.rowCount() == 0


def test_the_keyboard_passes_over_headings(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.show()
    sidebar.set_chats(CHATS, current_id=None, now=NOW)
    picked: list[int] = []
    sidebar.chatSelected.connect(picked.append)
    view = sidebar.list
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)

    def current() -> int:
        return sidebar.rows.item(view.currentIndex().row()).id

    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert current() == 1  # the first chat, not the "Today" heading
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert current() == 2  # over "Yesterday"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert current() == 3  # over "Previous 7 days"
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert current() == 2
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)  # nothing above but a heading: stays
    assert current() == 1
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert current() == 5
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert current() == 4  # over "Older"
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert current() == 1  # the page key would stop on the "Today" heading
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert current() == 5
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert picked == [4]


def test_buttons_carry_icons_and_keep_their_words(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    for button, name, text in ((sidebar.new_button, "plus", "New chat"),
                               (sidebar.chats_button, "message-square", "Chats"),
                               (sidebar.models_button, "box", "Models"),
                               (sidebar.server_button, "server", "Server"),
                               (sidebar.rename_button, "pencil", "Rename"),
                               (sidebar.delete_button, "trash-2", "Delete")):
        assert button.property(NAME_PROPERTY) == name and not button.icon().isNull()
        assert button.text() == text and button.toolTip()
    assert [a.property(NAME_PROPERTY) for a in sidebar.search.actions()][:1] == ["search"]


def test_the_window_lists_todays_chats_and_searches_them(qtbot: QtBot, make_window: MakeWindow,
                                                         fake: FakeRuntime) -> None:
    window = make_window(fake)
    for title in ("Warm floors", "Cold rooms"):
        window.store.create_chat(title)
    window.chat_actions.refresh()
    sidebar = window.sidebar
    assert sidebar.rows.headers() == ["Today"]
    assert {"Warm floors", "Cold rooms"} <= {c.title for c in sidebar.rows.items()}
    sidebar.search.setText("warm")
    qtbot.waitUntil(lambda: [c.title for c in sidebar.rows.items()] == ["Warm floors"],
                    timeout=2_000)
    assert sidebar.rows.headers() == ["Today"]
    sidebar.search.setText("nothing like this")
    qtbot.waitUntil(lambda: sidebar.rows.rowCount() == 0, timeout=2_000)
    QApplication.processEvents()


def test_the_current_page_is_marked(qtbot: QtBot, make_window: MakeWindow,
                                    fake: FakeRuntime) -> None:
    window = make_window(fake)
    sidebar = window.sidebar
    buttons = (sidebar.chats_button, sidebar.models_button, sidebar.server_button)
    assert [b.isChecked() for b in buttons] == [True, False, False]
    sidebar.server_button.click()
    assert window.pages.currentWidget() is window.server_page
    assert [b.isChecked() for b in buttons] == [False, False, True]
    window.pages.setCurrentIndex(1)  # reached another way (a shortcut, a link)
    assert [b.isChecked() for b in buttons] == [False, True, False]
    sidebar.chats_button.click()
    assert window.pages.currentIndex() == 0 and sidebar.chats_button.isChecked()
