"""The Inside page's prompt tab: the open chat as the model reads it — the exact text its chat
template makes, rendered by the runtime host, special tokens drawn distinctly, and its token
count — and the template itself, editable per model with a live preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ChatTemplateError, OndolError
from app.core.settings.template_overrides import TemplateOverrides
from app.ui.icons import set_icon
from app.ui.inside.deps import InsideDeps
from app.ui.inside.prompt_render import prompt_work
from app.ui.inside.prompt_view import PromptView
from app.ui.inside.template_editor import TemplateEditor
from app.ui.style.tokens import METRICS
from app.ui.words import prompt as words
from app.ui.words.errors import error_text


class PromptTab(QWidget):
    """Renders on show and whenever the chat or the model changes; never on the GUI thread."""

    rendered = Signal(object)  # the RenderedPrompt now shown (the loaded template or a draft)
    renderFailed = Signal(object)  # OndolError

    def __init__(self, deps: InsideDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deps = deps
        self.store = TemplateOverrides(deps.models.ctx.paths)
        self.shown: Any = None  # the last rendering through the loaded template
        self._editor_for: str | None = None  # the model file the editor's text belongs to
        self._stale = True
        self._seq = 0
        self.view_template: str | None = None  # the template the view's text came from
        self._build()
        deps.models.loaded.connect(self._model_changed)
        deps.models.stateChanged.connect(lambda *_: self._model_changed())
        deps.chat.chatOpened.connect(lambda *_: self.refresh())
        deps.chat.busyChanged.connect(lambda busy: None if busy else self.refresh())

    def _build(self) -> None:
        self.source = QLabel(self)
        self.source.setProperty("role", "muted")
        self.source.setAccessibleName(words.tr(words.SOURCE_NAME))
        self.count = QLabel(self)
        self.count.setProperty("role", "title")
        self.count.setAccessibleName(words.tr(words.COUNT_NAME))
        self.refresh_button = self._button(words.REFRESH, "refresh-cw")
        self.copy_button = self._button(words.COPY, "copy")
        self.edit_button = self._button(words.EDIT, "pencil")
        self.edit_button.setCheckable(True)
        top = QHBoxLayout()
        top.setSpacing(METRICS.space_m)
        top.addWidget(self.count)
        top.addWidget(self.source, 1)
        for button in (self.refresh_button, self.copy_button, self.edit_button):
            top.addWidget(button)
        self.legend = QLabel(words.tr(words.LEGEND), self)
        self.legend.setProperty("role", "muted")
        self.legend.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(words.tr(words.MESSAGE_NAME))
        self.message.hide()
        self.view = PromptView()
        self.view.setAccessibleName(words.tr(words.VIEW_NAME))
        self.editor = TemplateEditor(self)
        self.editor.hide()
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(METRICS.space_m)
        self.view_title = QLabel(words.tr(words.VIEW_TITLE), left)
        self.view_title.setProperty("role", "muted")
        self.view_title.setBuddy(self.view)
        column.addWidget(self.view_title)
        column.addWidget(self.view, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(left)
        self.split.addWidget(self.editor)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(METRICS.space_xl, METRICS.space_l, METRICS.space_xl,
                                  METRICS.space_l)
        layout.setSpacing(METRICS.space_m)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(self.message)
        layout.addWidget(self.split, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.copy_button.clicked.connect(
            lambda: QApplication.clipboard().setText(self.view.text))
        self.edit_button.toggled.connect(self._toggle_editor)
        self.editor.edited.connect(self._preview)
        self.editor.saveRequested.connect(self._save)
        self.editor.resetRequested.connect(self._reset)

    def _button(self, source: str, icon: str) -> QPushButton:
        button = QPushButton(words.tr(source), self)
        button.setAccessibleName(words.tr(source))
        set_icon(button, icon)
        return button

    # -- rendering -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Render what changed while the tab was hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _model_changed(self, *_: object) -> None:
        self._editor_for = None  # another model (or the same, reloaded): its template
        self.refresh()

    def refresh(self) -> None:
        """Render the open chat again (a draft in the open editor, else the loaded template)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        draft = self.editor.text()
        editing = (self.editor.isVisible() and self._editor_for is not None
                   and self.shown is not None and draft != self.shown.template)
        self._render(draft if editing else None)

    def _messages(self) -> list[dict[str, Any]]:
        chat = self.deps.chat
        if chat.conversation is None or chat.summary is None:
            return []
        return chat.conversation.messages_for_model(chat.summary.system_prompt)

    def _render(self, draft: str | None) -> None:
        if not self.deps.models.ready:
            self._say(words.tr(words.NO_MODEL), "muted")
            return
        self._seq += 1
        seq, wants_file = self._seq, draft is None and self._editor_for is None
        self.deps.calls.run(prompt_work(self._messages(), draft, wants_file),
                            lambda result: self._done(seq, draft, result),
                            lambda error: self._failed(seq, draft, error))

    def _done(self, seq: int, draft: str | None, result: Any) -> None:
        if seq != self._seq:
            return  # a newer rendering is on its way
        shown, specials, file_template = result
        self.view.show_prompt(shown.text, specials)
        self.view_template = shown.template
        self.count.setText(words.tokens_text(shown.tokens))
        self.source.setText(words.source_text(shown.source))
        self.message.hide()
        if draft is None:
            self.shown = shown
            if self._editor_for is None:
                self.editor.load(file_template or shown.template, shown.source == "override")
                self._editor_for = shown.path
        self.editor.clear_error()
        self.rendered.emit(shown)

    def _failed(self, seq: int, draft: str | None, error: OndolError) -> None:
        if seq != self._seq:
            return
        if draft is not None and isinstance(error, ChatTemplateError):
            # The preview keeps the last good rendering; the editor says where it broke.
            detail = str(error.facts.get("detail") or error)
            self.editor.show_error(error.facts.get("line"), detail, words.tr(words.KEPT))
        else:
            self._say(error_text(error), "error")
        self.renderFailed.emit(error)

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    # -- the editor ------------------------------------------------------------------------

    def _toggle_editor(self, on: bool) -> None:
        self.editor.setVisible(on)
        if on:
            self.editor.edit.setFocus()
            if self.editor.text() != self.view_template:
                self.refresh()  # a draft typed before the editor was closed
        elif self.view_template != (self.shown.template if self.shown else None):
            self.refresh()  # the view showed a draft: back to the template in use

    def _preview(self, draft: str) -> None:
        if self.shown is not None and draft == self.shown.template:
            self._render(None)
        elif self.isVisible():
            self._render(draft)

    def _save(self, template: str) -> None:
        if self.shown is not None and self.shown.path:
            path = self.shown.path
            self._write(lambda: self.store.save(path, template), words.SAVED)

    def _reset(self) -> None:
        if self.shown is not None and self.shown.path:
            path = self.shown.path
            self._write(lambda: self.store.remove(path), words.RESET)

    def _write(self, work: Any, note: str) -> None:
        """Write the store off the GUI thread, then load the model again so the host compiles
        the template it now has."""
        path = self.shown.path

        def written(_result: object) -> None:
            model = self.deps.models.current
            if model is None:
                return
            self._say(words.tr(note), "success")
            overrides = self.deps.settings.overrides_for(model.name).load_overrides()
            self.deps.models.load(model, overrides, Path(path))

        self.deps.models.background.run(work, written,
                                        lambda error: self._say(error_text(error), "error"))
