"""The model picker popup (Ctrl+L): a search field over the library's models, with each one's
size, format, fit on this machine and when it was last used, and below them the remote
connections' models. Typing filters at once, the arrows move, Enter loads the highlighted model,
Esc closes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog.groups import ModelGroup
from app.core.chat.store import ChatStore
from app.core.context import AppContext
from app.ui.background import Background
from app.ui.icons import icon
from app.ui.picker_facts import (
    Fit,
    draft_text,
    format_text,
    group_last_used,
    last_used_text,
    plan_fit,
    size_text,
)
from app.ui.picker_remote import CONTEXT_ROLE, REMOTE_ROLE, remote_rows
from app.ui.remote_models import RemoteCatalog
from app.ui.vision_mark import any_vision, mark_tree_cell

NAME, SIZE, FORMAT, FIT, USED = range(5)
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5,
          Qt.Key.Key_PageDown: 5}


class ModelPicker(QDialog):
    """A frameless popup over the window; ``picked`` carries the chosen ``ModelGroup``,
    ``remotePicked`` a remote model's ``remote:`` name and its context length (0: unknown)."""

    picked = Signal(object)
    remotePicked = Signal(str, int)

    def __init__(self, ctx: AppContext, store: ChatStore, background: Background,
                 parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.ctx, self.store, self.background = ctx, store, background
        self.setObjectName("modelPicker")
        self.setAccessibleName(self.tr("Choose a model"))
        # A popup has no frame of its own: a quiet border and roomier rows set it off.
        self.setStyleSheet("#modelPicker { border: 1px solid palette(mid); border-radius: 8px; }"
                           " #modelPicker QTreeWidget::item { padding: 4px 2px; }")
        self.groups: list[ModelGroup] = []
        self.remote: RemoteCatalog | None = None  # the connections' models, once given
        self._current: str | None = None
        self._fits: dict[str, Fit] = {}  # by group key: headers are read once per library
        self._drafts: dict[str, str | None] = {}  # by group key: the draft line, if any
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search your models…"))
        self.search.setAccessibleName(self.tr("Search models"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(self.tr("Models"))
        self.list.setHeaderLabels([self.tr("Model"), self.tr("Size"), self.tr("Format"),
                                   self.tr("Fit"), self.tr("Last used")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the search field
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (SIZE, FORMAT, FIT, USED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("", self)
        self.empty.setAccessibleName(self.tr("No match"))
        self.empty.hide()
        # A quiet line for the highlighted model: which draft would speed it up.
        self.draft = QLabel("", self)
        self.draft.setObjectName("pickerDraft")
        self.draft.setEnabled(False)
        self.draft.hide()
        hint = QLabel(self.tr("↑↓ to move · Enter to load · Esc to close"), self)
        hint.setObjectName("pickerHint")
        hint.setEnabled(False)  # drawn in the quiet, disabled text colour
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.draft)
        layout.addWidget(hint)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.search.returnPressed.connect(self.choose_current)
        self.list.itemActivated.connect(lambda _item, _col: self.choose_current())
        self.list.currentItemChanged.connect(lambda _now, _before: self._show_draft())

    # -- filling ---------------------------------------------------------------------------

    def set_groups(self, groups: list[ModelGroup]) -> None:
        """The library changed: forget what was planned for the old one."""
        self.groups = list(groups)
        self._fits.clear()
        self._drafts.clear()

    def use_remote(self, catalog: RemoteCatalog) -> None:
        """List ``catalog``'s models below the local ones (refreshed as its answers come)."""
        self.remote = catalog
        catalog.changed.connect(self._show_remote)

    def _show_remote(self) -> None:
        """Put the remote rows (after the local ones) as the catalog knows them now."""
        if self.remote is None:
            return
        chosen = self._key(self.list.indexOfTopLevelItem(self.list.currentItem()))
        for row in reversed(range(self.list.topLevelItemCount())):
            if self.list.topLevelItem(row).data(NAME, REMOTE_ROLE):
                self.list.takeTopLevelItem(row)
        self.list.addTopLevelItems(remote_rows(self.remote, self._current))
        again = next((r for r in range(self.list.topLevelItemCount())
                      if chosen is not None and self._key(r) == chosen), None)
        if again is not None:
            self.list.setCurrentItem(self.list.topLevelItem(again))
        self._filter(self.search.text())

    def popup(self, current_key: str | None = None) -> None:
        """Show over the parent window, search cleared and focused, ``current_key`` highlighted;
        fits and last-used times are read off the GUI thread and filled in as they come, and
        so are the remote connections' models."""
        self.list.clear()
        self._current = current_key
        for group in self.groups:
            fit = self._fits.get(group.key)
            item = QTreeWidgetItem([group.name, size_text(group), format_text(group),
                                    fit.label if fit else "…", ""])
            item.setData(NAME, Qt.ItemDataRole.UserRole, group.key)
            item.setToolTip(NAME, "\n".join(v.model.name for v in group.variants))
            item.setTextAlignment(SIZE, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
            if group.key == current_key:  # the model in use
                item.setIcon(NAME, icon("check"))
            if fit:
                item.setToolTip(FIT, fit.detail)
            if any_vision(v.model for v in group.variants):
                mark_tree_cell(item, FORMAT)
            self.list.addTopLevelItem(item)
        if self.remote is not None:
            self.list.addTopLevelItems(remote_rows(self.remote, current_key))
            self.remote.ensure()
        self.search.clear()
        self._filter("")
        current = next((i for i in range(self.list.topLevelItemCount())
                        if self._key(i) == current_key), None)
        if current is not None:
            self.list.setCurrentItem(self.list.topLevelItem(current))
        self._place()
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)
        self._read_facts()

    def _place(self) -> None:
        parent = self.parentWidget()
        width = max(480, min(760, parent.width() - 80))
        # As tall as the list needs, within the window.
        rows = max(3, len(self.groups))
        wanted = rows * max(self.list.sizeHintForRow(0), 24) + 130
        height = max(220, min(wanted, 480, parent.height() - 120))
        self.resize(width, height)
        top_left = parent.mapToGlobal(parent.rect().topLeft())
        self.move(top_left.x() + (parent.width() - width) // 2, top_left.y() + 56)

    def _read_facts(self) -> None:
        groups = [g for g in self.groups if g.key not in self._fits]
        ctx, store = self.ctx, self.store

        everything = list(self.groups)

        def read() -> tuple[dict[str, Fit], dict[str, float], dict[str, str | None]]:
            fits = {g.key: plan_fit(ctx, g) for g in groups}
            drafts = {g.key: draft_text(g, everything) for g in groups}
            return fits, store.models_last_used(), drafts

        self.background.run(read, self._show_facts, lambda _err: None)

    def _show_facts(self, facts: tuple[dict[str, Fit], dict[str, float],
                                       dict[str, str | None]]) -> None:
        fits, used, drafts = facts
        self._fits.update(fits)
        self._drafts.update(drafts)
        by_key = {g.key: g for g in self.groups}
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            group = by_key.get(self._key(row))
            fit = self._fits.get(self._key(row))
            if fit is not None:
                item.setText(FIT, fit.label)
                item.setToolTip(FIT, fit.detail)
            if group is not None:
                item.setText(USED, last_used_text(group_last_used(group, used)))
        self._show_draft()

    def _show_draft(self) -> None:
        """The highlighted model's draft line, or nothing when it has none."""
        item = self.list.currentItem()
        text = self._drafts.get(item.data(NAME, Qt.ItemDataRole.UserRole)) if item else None
        self.draft.setText(text or "")
        self.draft.setVisible(bool(text))

    # -- keys and choosing -----------------------------------------------------------------

    def _key(self, row: int) -> str | None:
        item = self.list.topLevelItem(row)
        return item.data(NAME, Qt.ItemDataRole.UserRole) if item else None

    def visible_rows(self) -> list[int]:
        """The rows the search leaves shown, top to bottom."""
        return [r for r in range(self.list.topLevelItemCount())
                if not self.list.topLevelItem(r).isHidden()]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            haystack = " ".join(item.text(c) for c in (NAME, FORMAT)) + " " + item.toolTip(NAME)
            item.setHidden(not all(w in haystack.casefold() for w in words))
        shown = self.visible_rows()
        current = self.list.currentItem()
        if shown and (current is None or current.isHidden()):
            self.list.setCurrentItem(self.list.topLevelItem(shown[0]))
        self.empty.setText(self.tr("No model matches “{text}”.").format(text=text.strip())
                           if text.strip() else self.tr("Your library has no models yet."))
        self.empty.setVisible(not shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrows typed into the search field move the highlight in the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            step = _MOVES.get(Qt.Key(event.key())) if isinstance(event, QKeyEvent) else None
            if step is not None:
                self._move(step)
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        shown = self.visible_rows()
        if not shown:
            return
        current = self.list.indexOfTopLevelItem(self.list.currentItem())
        at = shown.index(current) if current in shown else -1
        target = shown[max(0, min(len(shown) - 1, at + step))]
        self.list.setCurrentItem(self.list.topLevelItem(target))

    def current_group(self) -> ModelGroup | None:
        """The highlighted model, if a shown row is highlighted."""
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        key = item.data(NAME, Qt.ItemDataRole.UserRole)
        return next((g for g in self.groups if g.key == key), None)

    def current_remote(self) -> str | None:
        """The highlighted remote model's ``remote:`` name, if one is highlighted."""
        item = self.list.currentItem()
        if item is None or item.isHidden() or not item.data(NAME, REMOTE_ROLE):
            return None
        return item.data(NAME, Qt.ItemDataRole.UserRole)

    def choose_current(self) -> None:
        """Enter: load the highlighted model and close."""
        remote = self.current_remote()
        if remote is not None:
            context = self.list.currentItem().data(NAME, CONTEXT_ROLE)
            self.accept()
            self.remotePicked.emit(remote, int(context or 0))
            return
        group = self.current_group()
        if group is None:
            return
        self.accept()
        self.picked.emit(group)
