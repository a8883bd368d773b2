"""Add or edit one tool server: by command (program, arguments, environment) or by web address
(streamable HTTP, with headers).

Environment variables and headers are written one per line (``NAME=value``, ``Name: value``);
their values may be keys, so they are never logged and the server list shows them masked.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ToolServerError
from app.core.tools.config import MAX_NAME_LENGTH, ToolServer, check_server
from app.ui.words.tool_config import detail_text


def parse_pairs(text: str, separator: str) -> dict[str, str]:
    """``NAME<separator>value`` lines as a dict; blank lines are skipped.

    Raises:
        ValueError: the 1-based number of the first line without a name and the separator.
    """
    pairs: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, found, value = line.partition(separator)
        if not found or not name.strip():
            raise ValueError(number)
        pairs[name.strip()] = value.strip() if separator == ":" else value
    return pairs


def pairs_text(values: dict[str, str], separator: str) -> str:
    """The inverse of ``parse_pairs``."""
    joiner = ": " if separator == ":" else separator
    return "\n".join(f"{name}{joiner}{value}" for name, value in values.items())


def _lines_edit(name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
    return edit


class ServerForm(QDialog):
    """The fields of one server; ``server()`` is the checked result once accepted."""

    def __init__(self, transport: str, server: ToolServer | None = None,
                 taken: set[str] | frozenset[str] = frozenset(),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transport = transport
        self._original = server
        self._taken = set(taken) - ({server.name} if server else set())
        self._result: ToolServer | None = None
        editing = server is not None
        if transport == "stdio":
            self.setWindowTitle(self.tr("Edit tool server") if editing
                                else self.tr("Add a tool server by command"))
        else:
            self.setWindowTitle(self.tr("Edit tool server") if editing
                                else self.tr("Add a tool server by web address"))
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.name.setAccessibleName(self.tr("Name"))
        self.name.setPlaceholderText("files")
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        self.command = QLineEdit()
        self.args = _lines_edit(self.tr("Arguments, one per line"), "-y\n@scope/server")
        self.env = _lines_edit(self.tr("Environment variables, one NAME=value per line"),
                               "API_KEY=…")
        self.url = QLineEdit()
        self.headers = _lines_edit(self.tr("Headers, one Name: value per line"),
                                   "Authorization: Bearer …")
        if transport == "stdio":
            self.command.setAccessibleName(self.tr("Command"))
            self.command.setPlaceholderText("npx")
            form.addRow(self.tr("&Command:"), self.command)
            form.addRow(self.tr("&Arguments:"), self.args)
            form.addRow(self.tr("&Environment:"), self.env)
        else:
            self.url.setAccessibleName(self.tr("Web address"))
            self.url.setPlaceholderText("https://example.com/mcp")
            form.addRow(self.tr("&Web address:"), self.url)
            form.addRow(self.tr("&Headers:"), self.headers)
        note = QLabel(self.tr("Values may be keys: Ondol keeps them in a file only you can "
                              "read and never shows them in the list."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if server is not None:
            self._fill(server)
        self.resize(480, self.sizeHint().height())

    def _fill(self, server: ToolServer) -> None:
        self.name.setText(server.name)
        self.command.setText(server.command or "")
        self.args.setPlainText("\n".join(server.args))
        self.env.setPlainText(pairs_text(server.env, "="))
        self.url.setText(server.url or "")
        self.headers.setPlainText(pairs_text(server.headers, ":"))

    def server(self) -> ToolServer | None:
        """The server as entered and checked, once the dialog was accepted."""
        return self._result

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _built(self) -> ToolServer:
        """The fields as a checked server.

        Raises:
            ValueError: with the sentence to show.
        """
        name = self.name.text().strip()
        if name in self._taken:
            raise ValueError(self.tr("There is already a tool server named {name}.")
                             .replace("{name}", name))
        stdio = self.transport == "stdio"
        edit, separator = (self.env, "=") if stdio else (self.headers, ":")
        try:
            pairs = parse_pairs(edit.toPlainText(), separator)
        except ValueError as exc:
            words = (self.tr("Line {line} of the environment is not NAME=value.") if stdio
                     else self.tr("Line {line} of the headers is not Name: value."))
            raise ValueError(words.replace("{line}", str(exc.args[0]))) from None
        args = tuple(a for a in self.args.toPlainText().splitlines() if a.strip())
        base = self._original or ToolServer(name=name)
        candidate = replace(base, name=name, command=self.command.text() if stdio else None,
                            args=args if stdio else (), env=pairs if stdio else {},
                            url=None if stdio else self.url.text(),
                            headers={} if stdio else pairs)
        try:
            return check_server(candidate)
        except ToolServerError as exc:
            detail = detail_text(str(exc.facts.get("detail", "")))
            raise ValueError(f"{detail[:1].upper()}{detail[1:]}.") from None

    def accept(self) -> None:
        """Keep the server when its fields are usable; else say why and stay open."""
        try:
            self._result = self._built()
        except ValueError as exc:
            self._show_error(str(exc))
            return
        super().accept()
