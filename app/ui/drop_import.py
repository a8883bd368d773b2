"""Drag a ``.gguf`` file or an ONNX model folder onto the window to bring it into the library.

An event filter on the window (and on the message box, which takes dropped text itself): a drag
is accepted only for a model, so anything else shows "not accepted". The drop copies the model
into the library through the core's import, off the GUI thread; the original is never touched,
and a refused or failed import leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from app.core.errors import OndolError, StorageError
from app.ui.background import Background
from app.ui.words.errors import error_text

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def dropped_model(mime: QMimeData | None) -> Path | None:
    """The one local ``.gguf`` file or ONNX model folder being dragged, else None.

    Raises:
        nothing: an unreadable path is simply not a model.
    """
    if mime is None or not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    from app.core.catalog.imports import onnx_layout

    path = Path(urls[0].toLocalFile())
    try:
        if path.is_file() and path.suffix.lower() == ".gguf":
            return path
        if path.is_dir() and onnx_layout(path) is not None:
            return path
    except OSError:
        return None
    return None


class DropImporter(QObject):
    """Accepts model drags on the widgets it watches and imports what is dropped."""

    status = Signal(str)  # a sentence for the status line
    imported = Signal(object)  # Path: where the model now is in the library

    def __init__(self, models_dir: Path, background: Background,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models_dir, self.background = models_dir, background
        self.window: QObject | None = None  # drags it does not take are refused here

    def watch(self, window: QObject, *others: QObject) -> None:
        """Take model drops on ``window`` and on ``others`` (widgets that accept drops of their
        own, such as the message box, keep those)."""
        self.window = window
        for target in (window, *others):
            target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept, refuse or import a drag; other events pass."""
        if event.type() not in _DRAG_EVENTS or not isinstance(
                event, (QDragEnterEvent, QDragMoveEvent, QDropEvent)):
            return super().eventFilter(watched, event)
        path = dropped_model(event.mimeData())
        if path is None:
            if watched is self.window:
                event.ignore()  # the cursor says "not accepted"
                return True
            return False  # a text drop on the message box stays the message box's
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.import_model(path)
        return True

    def import_model(self, source: Path) -> bool:
        """Copy ``source`` into the library off the GUI thread; False if the window is closing.

        Raises:
            nothing: every failure is said on ``status``.
        """
        from app.core.catalog.imports import import_model

        models_dir = self.models_dir

        def work() -> Path:
            try:
                return import_model(source, models_dir)
            except OndolError:
                raise
            except OSError as err:  # a disk's refusal is a reason to show, not a bug
                raise StorageError(str(err), path=str(source), errno=err.errno) from err

        started = self.background.run(work, self._done, self._failed,
                                      lambda err: StorageError(str(err), path=str(source)))
        if started:
            self.status.emit(self.tr("Importing {name}…").format(name=source.name))
        return started

    def _done(self, target: Path) -> None:
        self.status.emit(self.tr("Imported {name} into your library.").format(name=target.name))
        self.imported.emit(target)

    def _failed(self, error: OndolError) -> None:
        self.status.emit(error_text(error))
