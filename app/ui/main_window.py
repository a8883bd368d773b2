"""The main window: sidebar | chat (with the model bar above) | parameter panel.

It lays out the widgets it is given, keeps its size and pane widths, and turns its menus and
shortcuts into signals; what those do is connected in ``app.ui.compose``.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QThread, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError
from app.ui import shortcuts as keys
from app.ui.announce import announce
from app.ui.params_controller import keep_panel_on_chat_page
from app.ui.parts import WindowParts
from app.ui.words.errors import error_text


class MainWindow(QMainWindow):
    """Ondol's one window."""

    closing = Signal()  # the window is closing: everything behind it shuts down (bounded)
    newChatRequested = Signal()
    exportRequested = Signal(str)  # "md" or "json"
    tokenRequested = Signal()
    stopRequested = Signal()  # Escape: stop the answer
    pickerRequested = Signal()  # Ctrl+L: pick a model
    copyAnswerRequested = Signal()  # Ctrl+Shift+C: the last answer to the clipboard

    def __init__(self, parts: WindowParts) -> None:
        super().__init__()
        self.setWindowTitle("Ondol")
        self.setObjectName("OndolMainWindow")
        self.resize(1280, 800)
        # The parts, by name, for whoever drives the window (the smoke check, tests).
        self.parts = parts
        self.ctx, self.store, self.settings = parts.ctx, parts.store, parts.settings
        self.background = parts.background
        self.models, self.chat, self.params_ctl = parts.models, parts.chat, parts.params_ctl
        self.browser, self.chat_actions = parts.browser, parts.actions
        self.worker = parts.runtime.worker
        self.sidebar, self.top_bar, self.view = parts.sidebar, parts.top_bar, parts.view
        self.composer, self.params = parts.composer, parts.params
        self.models_page = parts.browser.page
        self.server, self.server_page = parts.server, parts.server_page
        self.inside_page = parts.inside_page
        self._lay_out()
        self._build_menus()
        self.sidebar.modelsPageRequested.connect(lambda: self.pages.setCurrentIndex(1))
        self.sidebar.chatPageRequested.connect(lambda: self.pages.setCurrentIndex(0))
        self.sidebar.serverPageRequested.connect(
            lambda: self.pages.setCurrentWidget(self.server_page))
        self.sidebar.insidePageRequested.connect(
            lambda: self.pages.setCurrentWidget(self.inside_page))
        self.pages.currentChanged.connect(self.sidebar.mark_page)
        QShortcut(QKeySequence(keys.STOP), self, self.stopRequested.emit)
        self._restore_geometry()

    @property
    def thread_(self) -> QThread:
        """The runtime worker's thread."""
        thread = self.parts.runtime.thread
        assert thread is not None
        return thread

    def _lay_out(self) -> None:
        chat_page = QWidget()
        chat_layout = QVBoxLayout(chat_page)
        chat_layout.setContentsMargins(8, 0, 8, 8)
        chat_layout.addWidget(self.view, 1)
        chat_layout.addWidget(self.composer)
        self.pages = QStackedWidget()
        self.pages.addWidget(chat_page)
        self.pages.addWidget(self.models_page)
        self.pages.addWidget(self.server_page)
        self.pages.addWidget(self.inside_page)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.top_bar)
        centre_layout.addWidget(self.pages, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.params)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 690, 350])
        self.setCentralWidget(self.splitter)
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        new_chat = QAction(self.tr("New chat"), self, shortcut=QKeySequence(keys.NEW_CHAT))
        new_chat.triggered.connect(self.newChatRequested)
        export_md = QAction(self.tr("Export chat as Markdown…"), self)
        export_md.triggered.connect(lambda: self.exportRequested.emit("md"))
        export_js = QAction(self.tr("Export chat as JSON…"), self)
        export_js.triggered.connect(lambda: self.exportRequested.emit("json"))
        quit_action = QAction(self.tr("Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (new_chat, export_md, export_js, quit_action):
            file_menu.addAction(action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu = view_menu  # others add their switches
        toggle = QAction(self.tr("Parameters panel"), self, checkable=True, checked=True,
                         shortcut=QKeySequence(keys.PARAMS_PANEL))
        keep_panel_on_chat_page(self.params, self.pages, toggle)
        view_menu.addAction(toggle)
        for text, sequence, slot in (
                (self.tr("Pick a model…"), keys.PICK_MODEL, self.pickerRequested.emit),
                (self.tr("Search chats"), keys.SEARCH_CHATS, self.focus_search),
                (self.tr("Copy the last answer"), keys.COPY_ANSWER,
                 self.copyAnswerRequested.emit),
                (self.tr("Next pane"), keys.NEXT_PANE, lambda: self.move_pane(1)),
                (self.tr("Previous pane"), keys.PREVIOUS_PANE, lambda: self.move_pane(-1))):
            action = QAction(text, self, shortcut=QKeySequence(sequence))
            action.triggered.connect(slot)
            view_menu.addAction(action)
        keys.window_keys_win(self.sidebar.search, self.models_page.search.query,
                             self.server_page.address, self.server_page.key)
        self.settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        token = QAction(self.tr("Hugging Face token…"), self)
        token.triggered.connect(self.tokenRequested)
        self.settings_menu.addAction(token)
        # The menu lives in the menu bar, so the shortcut opens it there.
        settings = QAction(self.tr("Settings"), self, shortcut=QKeySequence(keys.SETTINGS))
        settings.triggered.connect(self.open_settings)
        self.addAction(settings)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_keys = QAction(self.tr("Keyboard shortcuts"), self)
        help_keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(help_keys)

    # -- keyboard ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+K: the cursor into the chat search, its text selected."""
        self.sidebar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.search.selectAll()

    def open_settings(self) -> None:
        """Ctrl+,: the Settings menu, open in the menu bar."""
        self.menuBar().setActiveAction(self.settings_menu.menuAction())

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts."""
        from app.ui.help_dialog import ShortcutsDialog  # only when asked for

        ShortcutsDialog(self).exec()

    def panes(self) -> list[tuple[QWidget, QWidget | None]]:
        """Where F6 goes, in order, as (pane, where its focus lands): the chat list, the page
        (its message box on the chat page), the parameter panel while it is shown."""
        page = self.pages.currentWidget()
        centre = self.composer.edit if page is self.pages.widget(0) else _first_focusable(page)
        panes: list[tuple[QWidget, QWidget | None]] = [
            (self.sidebar, self.sidebar.list), (self.splitter.widget(1), centre)]
        if self.params.isVisible():
            panes.append((self.params, _first_focusable(self.params)))
        return [(pane, target) for pane, target in panes if target is not None]

    def move_pane(self, step: int) -> None:
        """F6 / Shift+F6: the focus to the next / previous pane."""
        panes = self.panes()
        focus = QApplication.focusWidget()
        current = next((i for i, (pane, _t) in enumerate(panes)
                        if focus is not None and pane.isAncestorOf(focus)), -1)
        index = (current + step) % len(panes) if current >= 0 else 0
        target = panes[index][1]
        assert target is not None
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what the parts show through the window --------------------------------------------

    def show_status(self, text: str) -> None:
        """One line at the bottom of the window, read out by screen readers."""
        self.status_label.setText(text)
        announce(self.status_label, text)

    def show_refused(self, error: OndolError) -> None:
        """A load was refused before it began (whatever is loaded stays loaded): say why."""
        QMessageBox.warning(self, self.tr("Cannot load the model"), error_text(error))

    # -- window geometry (QSettings, kept in Ondol's config folder) ----------------------

    def _qsettings(self) -> QSettings:
        return QSettings(str(self.ctx.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> bool:
        """Window size and pane widths from the last session; False when there were none."""
        stored = self._qsettings()
        geometry, splitter = stored.value("geometry"), stored.value("splitter")
        if not isinstance(geometry, QByteArray) or not isinstance(splitter, QByteArray):
            return False
        return self.restoreGeometry(geometry) and self.splitter.restoreState(splitter)

    def _save_geometry(self) -> None:
        stored = self._qsettings()
        stored.setValue("geometry", self.saveGeometry())
        stored.setValue("splitter", self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the geometry; everything behind the window shuts down (bounded)."""
        self._save_geometry()
        self.closing.emit()
        super().closeEvent(event)


def _first_focusable(pane: QWidget) -> QWidget | None:
    """The first control inside ``pane`` that Tab would reach."""
    widget = pane.nextInFocusChain()
    while widget is not pane and widget is not None:
        if (pane.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            return widget
        widget = widget.nextInFocusChain()
    return None
