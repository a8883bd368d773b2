"""Files dropped on the chat page are attached to the message being written.

An event filter on the window, installed after the model importer's so it sees a drag first:
it takes local files that are not a model while the chat page is shown, and leaves a model
(a ``.gguf`` file, an ONNX folder) to the importer. A drop on the message box itself is
attached by the box's own paste handling.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from app.ui.chat.attach_bar import AttachBar, local_files
from app.ui.drop_import import dropped_model

MODEL_SUFFIXES = frozenset((".gguf", ".onnx", ".safetensors"))
_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class AttachDrop(QObject):
    """Attaches files dropped on the watched widgets while ``active()`` says so."""

    def __init__(self, bar: AttachBar, active: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar, self.active = bar, active

    def watch(self, *targets: QObject) -> None:
        """Take file drops on ``targets`` (install after other drop filters)."""
        for target in targets:
            target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept a drag of files, attach them on the drop; other events pass."""
        if event.type() not in _DRAG_EVENTS or not isinstance(
                event, (QDragEnterEvent, QDragMoveEvent, QDropEvent)):
            return super().eventFilter(watched, event)
        mime = event.mimeData()
        if not self.active() or dropped_model(mime) is not None:
            return False  # a model goes to the importer
        files = local_files(mime)
        if not files or any(f.suffix.lower() in MODEL_SUFFIXES for f in files):
            return False  # a model among them: the importer refuses the lot
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.bar.add_paths(files)
        return True
