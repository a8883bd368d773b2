"""Loading and ejecting models from the window: plan on the GUI thread (a header read), load on
the worker thread with progress, and tell everyone what runs the model and why."""

from __future__ import annotations

import dataclasses
import itertools
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from app.core.backends.planner import LoadOverrides, LoadPlan
from app.core.catalog.groups import ModelGroup
from app.core.catalog.library import LocalModel, scan_all
from app.core.context import AppContext
from app.core.errors import NoModelLoadedError, OndolError, StorageError
from app.core.runtime import events as ev
from app.core.selection.service import VariantSelector

logger = logging.getLogger(__name__)


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
    calibrating = Signal(str, int, int)  # variant being measured, index, count
    _scanned = Signal(list, object)  # from the pool thread: library, starter-model error
    _calibrated = Signal(object, object)  # from the pool thread: group, overrides

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._jobs = itertools.count(1)
        self._job: int | None = None
        self.pending: tuple[LocalModel, LoadPlan] | None = None
        self.current: LocalModel | None = None
        self.plan: LoadPlan | None = None
        self.library: list[LocalModel] = []
        self.selector = VariantSelector(ctx)
        self.calibration_running = False
        self._scanned.connect(self._on_scanned)
        self._calibrated.connect(self._on_calibrated)

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
            library: list[LocalModel] = []
            try:
                try:
                    self.ctx.ensure_starter_model()
                except OndolError as err:
                    error = err
                library = scan_all(self.ctx.paths.models_dir)
                _ = self.ctx.profile  # probed now, not on the GUI thread at the first load
            except Exception as err:  # a pool thread's exception would vanish: say it
                logger.exception("library scan failed")
                error = StorageError(f"The model library could not be read: {err}",
                                     path=str(self.ctx.paths.models_dir))
            self._scanned.emit(library, error)

        QThreadPool.globalInstance().start(work)

    def _on_scanned(self, library: list[LocalModel], error: OndolError | None) -> None:
        if error is not None:
            self.failed.emit(error)
        self.library = library
        self.libraryChanged.emit(library)

    def find(self, name: str | None) -> LocalModel | None:
        """A library model by name, or the first usable one."""
        usable = [m for m in self.library if m.usable and m.format in ("gguf", "onnx")]
        for model in usable:
            if model.name == name:
                return model
        return usable[0] if usable else None

    def load(self, model: LocalModel, overrides: LoadOverrides | None = None,
             load_path: Path | None = None, why: str | None = None) -> None:
        """Plan (refusing what will not fit, before anything is loaded) and start loading.

        ``load_path``: what to load when it is not the entry's own path (one graph of an
        Optimum folder); ``why``: Auto's reason, put in front of the plan's.
        """
        path = load_path or Path(model.path)
        # The model being replaced gives its memory back.
        reclaim = self.plan.estimate.total_bytes if self.current and self.plan else 0
        try:
            _meta, plan = self.ctx.plan(path, overrides, reclaimable_bytes=reclaim)
        except OndolError as err:
            self.planRefused.emit(err)
            return
        if why:
            plan = dataclasses.replace(plan, reason=f"{why} · {plan.reason}")
        self._job = next(self._jobs)
        self.pending = (model, plan)
        self.current = None
        self.loading.emit(model.path.stem, 0.0)
        self.loadRequested.emit(self._job, str(path), plan.params)

    def load_group(self, group: ModelGroup, pinned_key: str | None = None,
                   overrides: LoadOverrides | None = None) -> None:
        """Load the variant Auto picks for this machine (or the pinned one).

        With two or more runnable variants and no measurements yet, a short calibration runs
        first on a pool thread (a few seconds per variant), then the choice is made from it.
        """
        if pinned_key is None and self.selector.needs_calibration(group):
            if self.calibration_running:
                return
            self.calibration_running = True
            if self.current is not None:
                # Loading replaces it anyway; measuring beside it would count its memory as
                # taken and could rule out builds that fit once it is gone.
                self.eject()

            def work() -> None:
                from app.core.runtime.client import RuntimeClient

                def progress(index: int, total: int, name: str) -> None:
                    self.calibrating.emit(name, index, total)

                try:
                    self.selector.calibrate(group, RuntimeClient, progress)
                except Exception:  # choose from what was measured, whatever broke
                    logger.exception("calibration of %s failed", group.name)
                finally:
                    self._calibrated.emit(group, overrides)

            QThreadPool.globalInstance().start(work)
            return
        self._choose_and_load(group, pinned_key, overrides)

    def _on_calibrated(self, group: ModelGroup, overrides: LoadOverrides | None) -> None:
        self.calibration_running = False
        self._choose_and_load(group, None, overrides)

    def _choose_and_load(self, group: ModelGroup, pinned_key: str | None,
                         overrides: LoadOverrides | None) -> None:
        reclaim = self.plan.estimate.total_bytes if self.current and self.plan else 0
        choice = self.selector.choose(group, pinned_key, overrides, reclaim)
        if choice is None:
            problems = "; ".join(f"{o.variant.label}: {o.problem}"
                                 for o in self.selector.options(group) if o.problem)
            self.planRefused.emit(NoModelLoadedError(
                f"No variant of {group.name} can run here. {problems}", model=group.name))
            return
        why = f"Auto: {choice.reason}" if not choice.pinned else None
        self.load(choice.variant.model, overrides, choice.variant.load_path, why)

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
