"""Loading and ejecting models from the window: plan on the GUI thread (a header read), load on
the worker thread with progress, and tell everyone what runs the model and why."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from app.core.backends.planner import LoadOverrides, LoadPlan
from app.core.catalog.library import LocalModel, scan_all
from app.core.context import AppContext
from app.core.errors import OndolError
from app.core.runtime import events as ev


class ModelController(QObject):
    """Owns "which model is loaded" for the window."""

    loadRequested = Signal(int, str, object)  # job id, path, LoadParams (to the worker)
    unloadRequested = Signal(int)
    libraryChanged = Signal(list)  # list[LocalModel]
    loading = Signal(str, float)  # model name, fraction
    loaded = Signal(object, object)  # LocalModel, LoadPlan
    unloaded = Signal()
    failed = Signal(object)  # OndolError: a load failed (the model is not loaded)
    planRefused = Signal(object)  # OndolError: a load was refused before it began
    _scanned = Signal(list, object)  # from the pool thread: library, starter-model error

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._jobs = itertools.count(1)
        self._job: int | None = None
        self.pending: tuple[LocalModel, LoadPlan] | None = None
        self.current: LocalModel | None = None
        self.plan: LoadPlan | None = None
        self.library: list[LocalModel] = []
        self._scanned.connect(self._on_scanned)

    @property
    def ready(self) -> bool:
        """A model is loaded and no load is in flight."""
        return self.current is not None and self._job is None

    @property
    def busy(self) -> bool:
        """A load is in flight."""
        return self._job is not None

    def refresh_library(self) -> list[LocalModel]:
        """Scan the models folder (the starter model is placed there first)."""
        try:
            self.ctx.ensure_starter_model()
        except OndolError as err:
            self.failed.emit(err)
        self.library = scan_all(self.ctx.paths.models_dir)
        self.libraryChanged.emit(self.library)
        return self.library

    def refresh_library_async(self) -> None:
        """Scan the library and probe the hardware on a pool thread (both take a while: hashing
        the starter model the first time, reading every header, importing llama.cpp)."""
        def work() -> None:
            error: OndolError | None = None
            try:
                self.ctx.ensure_starter_model()
            except OndolError as err:
                error = err
            library = scan_all(self.ctx.paths.models_dir)
            _ = self.ctx.profile  # probed now, not on the GUI thread at the first load
            self._scanned.emit(library, error)

        QThreadPool.globalInstance().start(work)

    def _on_scanned(self, library: list[LocalModel], error: OndolError | None) -> None:
        if error is not None:
            self.failed.emit(error)
        self.library = library
        self.libraryChanged.emit(library)

    def find(self, name: str | None) -> LocalModel | None:
        """A library model by name, or the first usable one."""
        usable = [m for m in self.library if m.usable and m.format == "gguf"]
        for model in usable:
            if model.name == name:
                return model
        return usable[0] if usable else None

    def load(self, model: LocalModel, overrides: LoadOverrides | None = None) -> None:
        """Plan (refusing what will not fit, before anything is loaded) and start loading."""
        # The model being replaced gives its memory back.
        reclaim = self.plan.estimate.total_bytes if self.current and self.plan else 0
        try:
            _meta, plan = self.ctx.plan(Path(model.path), overrides, reclaimable_bytes=reclaim)
        except OndolError as err:
            self.planRefused.emit(err)
            return
        self._job = next(self._jobs)
        self.pending = (model, plan)
        self.current = None
        self.loading.emit(model.path.stem, 0.0)
        self.loadRequested.emit(self._job, str(model.path), plan.params)

    def eject(self) -> None:
        """Unload the model and free its memory."""
        self._job = None
        self.current = None
        self.plan = None
        self.unloadRequested.emit(next(self._jobs))
        self.unloaded.emit()

    # -- worker signals --------------------------------------------------------------------

    def on_progress(self, job_id: int, fraction: float) -> None:
        """Load progress from the worker."""
        if job_id == self._job and self.pending is not None:
            self.loading.emit(self.pending[0].path.stem, fraction)

    def on_loaded(self, job_id: int, _model: ev.LoadedModel) -> None:
        """The worker finished loading."""
        if job_id != self._job or self.pending is None:
            return
        self.current, self.plan = self.pending
        self.pending = None
        self._job = None
        self.loaded.emit(self.current, self.plan)

    def on_failed(self, job_id: int, error: OndolError) -> None:
        """A load failed (a generation failure is the chat's business)."""
        if job_id != self._job:
            return
        self._job = None
        self.pending = None
        self.current = None
        self.failed.emit(error)
