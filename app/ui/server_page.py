"""The Server page: the switch, the address to copy, how the server listens, the models it holds,
and a live log of the requests it answered.

The page only shows and asks; ``ServerController`` does the starting, stopping and saving.
"""

from __future__ import annotations

import time
from pathlib import PurePosixPath

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError
from app.core.settings.settings import Settings
from app.server.request_log import LogEntry
from app.ui.server_controller import OFF, ON, STARTING, STOPPING
from app.ui.words.errors import error_text
from app.ui.words.sizes import format_number, format_size

LOG_ROWS = 500  # the newest requests shown; older ones scroll away
HOSTS = ("127.0.0.1", "0.0.0.0")


def _cell(text: str, right: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)  # a shortened model name, whole
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str], name: str, stretch: int) -> QTableWidget:
    """Every column as wide as its text, but ``stretch`` (the model, whose names are long)
    takes the room left and is elided in the middle, keeping the file name in sight."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.setWordWrap(False)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


class ServerPage(QWidget):
    """What the user sees of the local server."""

    runningRequested = Signal(bool)  # the switch: True to start, False to stop
    settingEdited = Signal(str, object)  # a Settings field name and its new value

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Local server"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel(self.tr(
            "Programs that speak the OpenAI API (editors, notebooks, agents) can use your "
            "models at this address. A request loads its model when needed."))
        self.intro.setWordWrap(True)
        self.switch = QPushButton(self.tr("Start server"))
        self.switch.setCheckable(True)
        self.state_label = QLabel()
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setAccessibleName(self.tr("Server address"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the address for an OpenAI client's base URL"))
        self.host = QComboBox()
        self.host.addItem(self.tr("This computer only (127.0.0.1)"), HOSTS[0])
        self.host.addItem(self.tr("Every network (0.0.0.0, needs an API key)"), HOSTS[1])
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setAccessibleName(self.tr("Port"))
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("None: any program on this computer may connect"))
        self.key.setAccessibleName(self.tr("API key"))
        self.show_key = QPushButton(self.tr("Show"))
        self.show_key.setCheckable(True)
        self.at_start = QCheckBox(self.tr("Start the server when Ondol starts"))
        self.loaded = _table([self.tr("Model"), self.tr("Memory"), self.tr("Shared")],
                             self.tr("Models the server has loaded"), stretch=0)
        self.loaded.setMaximumHeight(110)
        self.no_models = QLabel(self.tr("No model is loaded yet: the first request loads it."))
        self.log = _table([self.tr("Time"), self.tr("Endpoint"), self.tr("Model"),
                           self.tr("Prompt"), self.tr("Answer"), self.tr("tok/s"),
                           self.tr("Status")], self.tr("Requests"), stretch=2)
        for column, tip in ((3, self.tr("Prompt tokens")), (4, self.tr("Answer tokens"))):
            self.log.horizontalHeaderItem(column).setToolTip(tip)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.hide()
        self._lay_out()
        self.show_settings(settings)
        self.show_state(OFF)
        self._connect()

    def _lay_out(self) -> None:
        switch_row = QHBoxLayout()
        switch_row.addWidget(self.switch)
        switch_row.addWidget(self.state_label, 1)
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.copy_button)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.show_key)
        form = QFormLayout()
        form.addRow(self.tr("Address"), address_row)
        form.addRow(self.tr("Listen on"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("API key"), key_row)
        form.addRow("", self.at_start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(switch_row)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Loaded models")))
        layout.addWidget(self.no_models)
        layout.addWidget(self.loaded)
        layout.addWidget(QLabel(self.tr("Requests")))
        layout.addWidget(self.log, 1)

    def _connect(self) -> None:
        self.switch.clicked.connect(self._on_switch)
        self.copy_button.clicked.connect(self.copy_address)
        self.show_key.toggled.connect(self._show_key)
        self.port.valueChanged.connect(lambda v: self.settingEdited.emit("server_port", v))
        self.host.currentIndexChanged.connect(
            lambda _i: self.settingEdited.emit("server_host", self.host.currentData()))
        self.key.editingFinished.connect(
            lambda: self.settingEdited.emit("server_api_key", self.key.text() or None))
        self.at_start.toggled.connect(lambda on: self.settingEdited.emit("server_at_start", on))
        # While off, the address is where the next start will listen.
        self.port.valueChanged.connect(lambda _v: self._show_planned_address())
        self.host.currentIndexChanged.connect(lambda _i: self._show_planned_address())

    # -- what the user does ----------------------------------------------------------------

    def _on_switch(self, checked: bool) -> None:
        if checked:
            # A key typed and not yet confirmed still counts for this start.
            self.settingEdited.emit("server_api_key", self.key.text() or None)
        self.error.hide()
        self.runningRequested.emit(checked)

    def copy_address(self) -> None:
        """The address on the clipboard."""
        QGuiApplication.clipboard().setText(self.address.text())

    def _show_key(self, shown: bool) -> None:
        self.key.setEchoMode(QLineEdit.EchoMode.Normal if shown
                             else QLineEdit.EchoMode.Password)
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Show"))

    # -- what the server says --------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        """The stored settings in the fields (without saving them again)."""
        for widget in (self.host, self.port, self.key, self.at_start):
            widget.blockSignals(True)
        if self.host.findData(settings.server_host) < 0:
            self.host.addItem(settings.server_host, settings.server_host)
        self.host.setCurrentIndex(self.host.findData(settings.server_host))
        self.port.setValue(settings.server_port)
        self.key.setText(settings.server_api_key or "")
        self.at_start.setChecked(settings.server_at_start)
        for widget in (self.host, self.port, self.key, self.at_start):
            widget.blockSignals(False)
        if not self.address.text():
            self._show_planned_address()

    def _show_planned_address(self) -> None:
        if self.port.isEnabled() is False:
            return  # running: the address is the server's own
        host = self.host.currentData() or HOSTS[0]
        shown = "127.0.0.1" if host == "0.0.0.0" else host
        self.address.setText(f"http://{shown}:{self.port.value()}/v1")

    def show_state(self, state: str) -> None:
        """Off, starting, on or stopping: the switch, its words, and what may be edited."""
        words = {OFF: self.tr("The server is off."), STARTING: self.tr("Starting…"),
                 ON: self.tr("The server is running."), STOPPING: self.tr("Stopping…")}
        self.state_label.setText(words.get(state, ""))
        self.switch.setChecked(state in (ON, STARTING))
        self.switch.setText(self.tr("Stop server") if state in (ON, STARTING)
                            else self.tr("Start server"))
        self.switch.setEnabled(state in (ON, OFF))
        # How the server listens is fixed while it runs: change it, then start again.
        for widget in (self.host, self.port, self.key):
            widget.setEnabled(state == OFF)
        if state == OFF:
            self._show_planned_address()

    def show_address(self, url: str) -> None:
        """The running server's base URL (empty: off, the address it would use is shown)."""
        if url:
            self.address.setText(url)
        else:
            self._show_planned_address()

    def show_error(self, error: OndolError) -> None:
        """Why the server did not start (or stop), as a sentence."""
        self.error.setText(error_text(error))
        self.error.show()

    def show_loaded(self, loaded: list[tuple[str, int, bool]]) -> None:
        """The models the server holds, their resident memory, and which one is the chat
        window's own model lent to the server (one copy in memory, not two)."""
        self.loaded.setRowCount(0)
        for name, rss, lent in loaded:
            row = self.loaded.rowCount()
            self.loaded.insertRow(row)
            self.loaded.setItem(row, 0, _cell(name, tip=name))
            self.loaded.setItem(row, 1, _cell(format_size(rss), right=True))
            self.loaded.setItem(row, 2, _cell(
                self.tr("Used by the chat window") if lent else "",
                tip=self.tr("The chat window's own model: the server answers with it, and "
                            "its requests take turns with your chats.") if lent else ""))
        self.no_models.setVisible(not loaded)
        self.loaded.setVisible(bool(loaded))

    def add_entry(self, entry: LogEntry) -> None:
        """One answered request, at the bottom of the log."""
        row = self.log.rowCount()
        self.log.insertRow(row)
        finish = {"stop": self.tr("done"), "length": self.tr("length limit"),
                  "cancelled": self.tr("cancelled")}.get(entry.finish, entry.finish)
        status = f"{entry.status} {finish}".strip()
        cells = (_cell(time.strftime("%H:%M:%S", time.localtime(entry.at))),
                 _cell(entry.endpoint),
                 _cell(PurePosixPath(entry.model).name, tip=entry.model),
                 _cell(format_number(entry.prompt_tokens), right=True),
                 _cell(format_number(entry.completion_tokens), right=True),
                 _cell(format_number(entry.tokens_per_second, 1) if entry.tokens_per_second
                       else "—", right=True),
                 _cell(status))
        for column, item in enumerate(cells):
            self.log.setItem(row, column, item)
        if row + 1 > LOG_ROWS:
            self.log.removeRow(0)
        self.log.scrollToBottom()
