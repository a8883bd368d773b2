"""Indexing folder collections on a thread of their own, one run at a time, never on the GUI
thread.

Runs queue up (add, update, rebuild); each reports ``progress`` (files done, total, passages)
and ends with ``finished`` (what it did) or ``failed`` (a typed error: the folder is gone, no
embedding model, the disk is full, cancelled...). ``cancel`` sets the run's event and stops the
batch being embedded, so it ends within a batch; the files finished before stay indexed. Runs
keep going while the Collections dialog is closed (the window's status line shows them).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.errors import OndolError, RetrievalError
from app.ui.background import guarded

KINDS = ("update", "rebuild", "check")


@dataclass(frozen=True)
class Run:
    """One queued run: ``check`` updates only when the folder changed (a cheap scan)."""

    name: str
    kind: str


@dataclass(frozen=True)
class Outcome:
    """What a finished run did (``report`` is a ``SyncReport``/``IndexReport``, or None when
    a check found nothing changed)."""

    run: Run
    report: object | None


class CollectionsIndexer(QObject):
    """The window's indexing queue for folder collections."""

    started = Signal(str)  # collection name
    progress = Signal(str, int, int, int)  # name, files done, files total, passages
    finished = Signal(object)  # Outcome
    failed = Signal(str, object)  # name, OndolError
    idle = Signal()  # the queue is empty
    _answered = Signal(object, bool, object)  # from the thread: Run, ok, Outcome or error
    _moved = Signal(str, int, int, int)  # from the thread: progress

    def __init__(self, store: Callable[[], object], embedder: Callable[[], object],
                 stop_embedding: Callable[[threading.Event], None] | None = None,
                 working_for: Callable[[threading.Event], Any] | None = None) -> None:
        """``store``: gives the ``IndexStore``; ``embedder``: gives the ``Embedder`` (it may
        load a model: called on the indexing thread); ``stop_embedding(event)``: stops the
        batch of the run whose cancel event that is, now; ``working_for(event)``: a context
        in which the thread's embedding requests are that run's."""
        super().__init__()
        self._store, self._embedder, self._stop = store, embedder, stop_embedding
        self._working_for = working_for
        self._queue: list[Run] = []
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._closed = False
        self.running: tuple[str, int, int, int] | None = None  # name, done, total, chunks
        self._answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._moved.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    # --- asking ----------------------------------------------------------------------------

    def queue(self, name: str, kind: str = "update") -> None:
        """Queue a run for ``name`` (a second one for the same collection is not added)."""
        if self._closed or any(r.name == name for r in self._queue) or (
                self.running is not None and self.running[0] == name and kind == "check"):
            return
        self._queue.append(Run(name, kind))
        self._next()

    @property
    def queued(self) -> list[str]:
        """Names waiting their turn."""
        return [r.name for r in self._queue]

    @property
    def busy(self) -> bool:
        """A run is under way."""
        return self._thread is not None

    def cancel(self, name: str | None = None) -> None:
        """Stop the run under way (``name``: only if it is that collection's) and drop the
        queued runs of ``name`` (all of them when None)."""
        self._queue = [r for r in self._queue if name is not None and r.name != name]
        if self.running is not None and name in (None, self.running[0]):
            self._cancel.set()
            if self._stop is not None:
                self._stop(self._cancel)

    def close(self, timeout: float = 5.0) -> None:
        """Cancel everything and wait (bounded) for the indexing thread to end."""
        self._closed = True
        self.cancel()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    # --- running ----------------------------------------------------------------------------

    def _next(self) -> None:
        if self._thread is not None or self._closed:
            return
        if not self._queue:
            self.idle.emit()
            return
        run = self._queue.pop(0)
        self._cancel = threading.Event()
        self.running = (run.name, 0, 0, 0)
        self._thread = threading.Thread(target=self._work, args=(run, self._cancel),
                                        name="collection-indexing", daemon=True)
        self.started.emit(run.name)
        self._thread.start()

    def _work(self, run: Run, cancel: threading.Event) -> None:
        owner = (self._working_for(cancel) if self._working_for is not None
                 else contextlib.nullcontext())
        with owner:
            ok, value = guarded(lambda: self._do(run, cancel))
        with contextlib.suppress(RuntimeError):  # the window is gone (closed mid-load)
            self._answered.emit(run, ok, value)

    def _do(self, run: Run, cancel: threading.Event) -> Outcome:
        from app.core.retrieval.folders import rebuild, sync_folder
        from app.ui.collections_model import folder_changed

        store = self._store()
        if run.kind == "check" and not folder_changed(store, run.name):  # type: ignore[arg-type]
            return Outcome(run, None)
        embedder = self._embedder()

        def progress(done: int, total: int, chunks: int) -> None:
            if not self._closed:
                self._moved.emit(run.name, done, total, chunks)

        if cancel.is_set():
            raise RetrievalError("Indexing was cancelled.", reason="cancelled",
                                 done_files=0, total_files=0)
        if run.kind == "rebuild":
            report = rebuild(store, run.name, embedder, progress, cancel)  # type: ignore[arg-type]
        else:
            report = sync_folder(store, run.name, embedder, progress,  # type: ignore[arg-type]
                                 cancel)
        return Outcome(run, report)

    @Slot(str, int, int, int)
    def _on_progress(self, name: str, done: int, total: int, chunks: int) -> None:
        if self.running is not None and self.running[0] == name:
            self.running = (name, done, total, chunks)
            self.progress.emit(name, done, total, chunks)

    @Slot(object, bool, object)
    def _deliver(self, run: Run, ok: bool, value: object) -> None:
        thread, self._thread, self.running = self._thread, None, None
        if thread is not None:
            thread.join()  # it has emitted its answer: ending now
        if ok:
            self.finished.emit(value)
        else:
            assert isinstance(value, OndolError)
            self.failed.emit(run.name, value)
        self._next()
