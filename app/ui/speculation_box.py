"""The "Speculative decoding" part of the load settings: prompt lookup on or off, and which
draft model (if any) is loaded beside the model.

A draft proposes the next few tokens and the model checks them several at a time: the answer
is the same, often sooner. The compatible drafts come from ``catalog.drafts.search_drafts``
(read off the GUI thread by the controller); the box only shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from app.ui.words.planning import reason_text

if TYPE_CHECKING:
    from app.core.planning.drafts import DraftSearch


def draft_label(name: str) -> str:
    """A library name ("publisher/repo-GGUF/file.gguf") as the combo shows it: the repository's
    name without "-GGUF" (the model's name), else the file's stem."""
    parts = Path(name).parts
    if len(parts) >= 3:
        return parts[-2].removesuffix("-GGUF").removesuffix("-gguf")
    return Path(name).stem or name


class SpeculationBox(QWidget):
    """A switch for prompt lookup and a draft model combo ("None" first), with a quiet line
    that says why the recommended draft fits, or why there is none."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self._wanted: str | None = None  # the draft in the load settings shown
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Speculative decoding"))
        title.setProperty("role", "muted")
        self.lookup = QCheckBox(self.tr("Draft from the conversation (prompt lookup)"))
        self.lookup.setChecked(True)
        self.lookup.setToolTip(self.tr(
            "Guesses the next tokens from text already in the chat (quoting, editing code); "
            "the model checks several at once. The answer stays the same."))
        self.lookup.setAccessibleName(self.lookup.text())
        self.lookup.setAccessibleDescription(self.lookup.toolTip())
        self.draft = QComboBox()
        self.draft.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.draft.setMinimumContentsLength(8)
        self.draft.setAccessibleName(self.tr("Draft model"))
        self.draft.setToolTip(self.tr(
            "A small model with the same vocabulary drafts tokens that this model checks "
            "several at once: the same answer, often faster."))
        self.draft.setAccessibleDescription(self.draft.toolTip())
        self.note = QLabel("")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("About the draft model"))
        form.addRow(title)
        form.addRow(self.lookup)
        form.addRow(self.tr("Draft model"), self.draft)
        form.addRow(self.note)
        self.set_search(None)
        self.lookup.toggled.connect(lambda _c: self._edited())
        self.draft.currentIndexChanged.connect(lambda _i: self._edited())

    def _edited(self) -> None:
        self._show_note()
        if not self._updating:
            self._wanted = self.draft_model()
            self.edited.emit()

    # -- values ----------------------------------------------------------------------------

    def draft_model(self) -> str | None:
        """The chosen draft's path, ``None`` for "None"."""
        return self.draft.currentData() or None

    def values(self) -> dict[str, object]:
        """The two settings, by ``LoadOverrides`` field name."""
        return {"draft_model": self.draft_model(), "prompt_lookup": self.lookup.isChecked()}

    def set_values(self, draft_model: str | None, prompt_lookup: bool) -> None:
        """Show the load settings in use, without emitting ``edited``."""
        self._updating = True
        try:
            self.lookup.setChecked(prompt_lookup)
            self._wanted = draft_model
            self._select(draft_model)
        finally:
            self._updating = False

    def _select(self, path: str | None) -> None:
        index = self.draft.findData(path or "")
        if index < 0 and path:
            # A draft chosen elsewhere (the CLI, an older library): shown by its file name.
            self.draft.addItem(draft_label(path), path)
            index = self.draft.count() - 1
        self.draft.setCurrentIndex(max(index, 0))
        self._show_note()

    # -- the compatible drafts -------------------------------------------------------------

    def set_search(self, search: DraftSearch | None) -> None:
        """Offer "None" and every draft that fits (the recommended one marked); ``None``: not
        searched yet. Without a fitting draft the combo is disabled and the line says why."""
        self._updating = True
        try:
            self._search = search
            self.draft.clear()
            self.draft.addItem(self.tr("None"), "")
            fitting = [v for v in search.verdicts if v.fits] if search else []
            chosen = search.chosen if search else None
            for verdict in fitting:
                label = draft_label(verdict.candidate.name)
                if chosen is not None and verdict.candidate.path == chosen.path:
                    label = self.tr("{name} (recommended)").format(name=label)
                self.draft.addItem(label, str(verdict.candidate.path))
                self.draft.setItemData(self.draft.count() - 1, reason_text(verdict.reason),
                                       Qt.ItemDataRole.ToolTipRole)
            self.draft.setEnabled(bool(fitting) or bool(self._wanted))
            self._select(self._wanted)
        finally:
            self._updating = False

    def _show_note(self) -> None:
        search, index = self._search, self.draft.currentIndex()
        if search is None:
            text = ""
        elif index > 0:
            text = str(self.draft.itemData(index, Qt.ItemDataRole.ToolTipRole) or "")
        elif search.chosen is not None:
            text = self.tr("Recommended: {name}: {reason}").format(
                name=draft_label(search.chosen.name), reason=reason_text(search.reason))
        else:
            text = self.tr("No draft model: {reason}").format(reason=reason_text(search.reason))
        self.note.setText(text)
        self.note.setVisible(bool(text))
