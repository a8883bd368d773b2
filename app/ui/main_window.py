"""The main window: sidebar | chat (with the model bar above) | parameter panel.

It lays out the widgets it is given, keeps its size and pane widths, and turns its menus and
shortcuts into signals; what those do is connected in ``app.ui.compose``.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QThread, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError
from app.ui.parts import WindowParts
from app.ui.words.errors import error_text


class MainWindow(QMainWindow):
    """Ondol's one window."""

    closing = Signal()  # the window is closing: everything behind it shuts down (bounded)
    newChatRequested = Signal()
    exportRequested = Signal(str)  # "md" or "json"
    tokenRequested = Signal()
    stopRequested = Signal()  # Escape: stop the answer

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
        self._lay_out()
        self._build_menus()
        self.sidebar.modelsPageRequested.connect(lambda: self.pages.setCurrentIndex(1))
        self.sidebar.chatPageRequested.connect(lambda: self.pages.setCurrentIndex(0))
        self.sidebar.serverPageRequested.connect(
            lambda: self.pages.setCurrentWidget(self.server_page))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stopRequested.emit)
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
        self.splitter.setSizes([230, 700, 350])
        self.setCentralWidget(self.splitter)
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        new_chat = QAction(self.tr("New chat"), self, shortcut=QKeySequence.StandardKey.New)
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
        toggle = QAction(self.tr("Parameters panel"), self, checkable=True, checked=True,
                         shortcut=QKeySequence("Ctrl+Shift+P"))
        toggle.toggled.connect(self.params.setVisible)
        view_menu.addAction(toggle)
        self.settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        token = QAction(self.tr("Hugging Face token…"), self)
        token.triggered.connect(self.tokenRequested)
        self.settings_menu.addAction(token)

    # -- what the parts show through the window --------------------------------------------

    def show_status(self, text: str) -> None:
        """One line at the bottom of the window."""
        self.status_label.setText(text)

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
