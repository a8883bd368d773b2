"""Loading and ejecting models from the window: plan off the GUI thread (a header read, up to
64 MiB for an ONNX graph), load on the runtime worker's thread with progress, and tell everyone
what runs the model and why — through signals only."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.catalog.groups import ModelGroup
from app.core.catalog.library import LocalModel, scan_all
from app.core.context import AppContext
from app.core.errors import NoModelLoadedError, OndolError, RuntimeCrashedError, StorageError
from app.core.planning.load_plan import with_auto_reason
from app.core.runtime import events as ev
from app.core.selection.auto import choose as choose_variant
from app.core.selection.service import VariantSelector
from app.core.settings.settings import Settings
from app.ui.background import Background
from app.ui.remote_load import is_remote, remote_entry
from app.ui.words.errors import error_text
from app.ui.words.templates import template_notice

if TYPE_CHECKING:
    from app.core.planning.load_plan import LoadOverrides, LoadPlan
    from app.core.planning.reasons import Reason

logger = logging.getLogger(__name__)

NONE, LOADING, READY = "none", "loading", "ready"


class ModelController(QObject):
    """Owns "which model is loaded" for the window."""

    loadRequested = Signal(int, str, object)  # job id, path, LoadParams (to the worker)
    unloadRequested = Signal(int)
    runtimeNeeded = Signal()  # a load or an eject is coming: an answer in flight must stop
    libraryChanged = Signal(list, object)  # list[LocalModel], name of the model in use or None
    stateChanged = Signal(str, object)  # NONE / LOADING / READY, the model's name or None
    loading = Signal(str, float)  # model name, fraction
    loaded = Signal(object, object)  # LocalModel, LoadPlan
    unloaded = Signal(str)  # why, as a sentence ("" when the user ejected it)
    failed = Signal(object)  # OndolError: a load failed (the model is not loaded)
    planRefused = Signal(object)  # OndolError: a load was refused before it began
    calibrating = Signal(str, int, int)  # variant being measured, index, count
    status = Signal(str)  # a sentence for the status line
    templateNotice = Signal(str)  # the loaded model's template is not its own: why ("" if it is)

    def __init__(self, ctx: AppContext, settings: Settings, background: Background) -> None:
        super().__init__()
        self.ctx, self.settings, self.background = ctx, settings, background
        self._jobs = itertools.count(1)  # load / unload jobs sent to the worker
        self._requests = itertools.count(1)  # load requests (the newest one wins)
        self._request = 0
        self._planning = 0  # the request being planned or chosen (0: none)
        self._target: str | None = None  # the model that request is for
        self._job: int | None = None
        self._first_scan = True
        self.pending: tuple[LocalModel, LoadPlan] | None = None
        self.current: LocalModel | None = None
        self.plan: LoadPlan | None = None
        self.library: list[LocalModel] = []
        self.selector = VariantSelector(ctx)
        self.calibration_running = False
        self._speed_learned = False  # the loaded model's first answer taught the speed estimate

    @property
    def ready(self) -> bool:
        """A model is loaded and no load is in flight."""
        return self.current is not None and not self.busy

    @property
    def busy(self) -> bool:
        """A load is in flight (being planned, measured or loaded)."""
        return bool(self._planning) or self._job is not None

    @property
    def model_name(self) -> str | None:
        """The model in use, or the one being loaded."""
        if self.pending is not None:
            return self.pending[0].name
        if self._planning and self._target:
            return self._target
        return self.current.name if self.current else None

    def _emit_state(self) -> None:
        state = READY if self.ready else LOADING if self.busy else NONE
        self.stateChanged.emit(state, self.model_name)

    # -- library ---------------------------------------------------------------------------

    def refresh_library_async(self) -> None:
        """Scan the library and probe the hardware off the GUI thread (both take a while:
        hashing the starter model the first time, reading every header)."""
        models_dir = self.ctx.paths.models_dir

        def scan() -> tuple[list[LocalModel], OndolError | None]:
            error: OndolError | None = None
            try:
                self.ctx.ensure_starter_model()
            except OndolError as err:
                error = err
            library = scan_all(models_dir)
            _ = self.ctx.profile  # probed now, not on the GUI thread at the first load
            return library, error

        def broken(err: Exception) -> OndolError:
            return StorageError(f"The model library could not be read: {err}",
                                path=str(models_dir), reason="library_scan")

        self.background.run(scan, self._on_scanned, self._on_scan_failed, broken)

    def _on_scanned(self, result: tuple[list[LocalModel], OndolError | None]) -> None:
        library, error = result
        if error is not None:
            self._on_scan_failed(error)
        self.library = library
        first = self._first_scan
        self._first_scan = False
        model = self.find(self.settings.default_model) if first else None
        self.libraryChanged.emit(library, model.name if model else self.model_name)
        if first:
            if model is None:
                self.status.emit(self.tr("No model in the library yet."))
            else:
                self.load(model, self._overrides(model.name))

    def _on_scan_failed(self, error: OndolError) -> None:
        self.status.emit(error_text(error))
        if self.current is None and not self.busy:
            self.failed.emit(error)  # the top bar says why there is no model

    def find(self, name: str | None) -> LocalModel | None:
        """A library model by name, or the first usable one."""
        usable = [m for m in self.library if m.usable and m.format in ("gguf", "onnx")]
        for model in usable:
            if model.name == name:
                return model
        return usable[0] if usable else None

    def _overrides(self, model_name: str) -> LoadOverrides:
        return self.settings.overrides_for(model_name).load_overrides()

    def _reclaimable(self) -> int:
        # The model being replaced gives its memory back.
        return self.plan.estimate.total_bytes if self.current and self.plan else 0

    # -- loading ---------------------------------------------------------------------------

    def load_selected(self, group: ModelGroup, pinned_key: str | None) -> None:
        """The top bar's Load: the pinned variant (the only one, if just one), else Auto."""
        if len(group.variants) == 1:
            pinned_key = group.variants[0].key
        pinned = next((v for v in group.variants if v.key == pinned_key), None)
        if pinned is None:
            self.load_group(group)
        else:
            self.load(pinned.model, self._overrides(pinned.model.name), pinned.load_path)

    def load(self, model: LocalModel, overrides: LoadOverrides | None = None,
             load_path: Path | None = None, why: Reason | None = None) -> None:
        """Plan (refusing what will not fit, before anything is unloaded) and start loading.

        ``load_path``: what to load when it is not the entry's own path (one graph of an
        Optimum folder); ``why``: Auto's reason, put in front of the plan's.
        """
        request = self._begin(model.name)
        path = load_path or Path(model.path)
        reclaim = self._reclaimable()
        self._off_thread(request, lambda: self.ctx.plan(path, overrides, reclaim)[1],
                         lambda plan: self._start_load(model, path, plan, why))

    def load_group(self, group: ModelGroup, pinned_key: str | None = None,
                   overrides: LoadOverrides | None = None) -> None:
        """Load the variant Auto picks for this machine (or the pinned one).

        With two or more runnable variants and no measurements yet, a short calibration runs
        first (a few seconds per variant), then the choice is made from it.
        """
        request = self._begin(group.name)
        if pinned_key is not None:
            self._choose(request, group, pinned_key, overrides)
            return
        self._off_thread(request, lambda: bool(self.selector.needs_calibration(group)),
                         lambda needs: self._measure_or_choose(request, group, overrides,
                                                               needs))

    def load_remote(self, path: str, context_length: int = 0) -> None:
        """A model on a remote engine (``remote:<connection>/<model>``): no plan, no memory
        fit; the runtime router sends it to its server."""
        self._begin(path)
        model, plan = remote_entry(path, context_length)
        self._start_load(model, None, plan, None, load_path=path)

    def _begin(self, name: str) -> int:
        self.runtimeNeeded.emit()
        self._request = self._planning = next(self._requests)
        self._target = name
        self._emit_state()
        return self._request

    def _off_thread(self, request: int, work: Callable[[], Any],
                    then: Callable[[Any], None]) -> None:
        """``work`` on a pool thread, then ``then(result)`` unless a newer request came."""
        def done(result: Any) -> None:
            if request == self._request:
                then(result)

        def refused(error: OndolError) -> None:
            if request == self._request:
                self._planning = 0
                self._emit_state()
                self.status.emit(error_text(error))
                self.planRefused.emit(error)

        if not self.background.run(work, done, refused):
            self._planning = 0  # the window is closing

    def _measure_or_choose(self, request: int, group: ModelGroup,
                           overrides: LoadOverrides | None, needs: bool) -> None:
        if not needs:
            self._choose(request, group, None, overrides)
            return
        if self.calibration_running:
            self._planning = 0
            self._emit_state()
            return
        self.calibration_running = True
        if self.current is not None:
            # Loading replaces it anyway; measuring beside it would count its memory as
            # taken and could rule out builds that fit once it is gone.
            self._unload()

        def measure() -> None:
            from app.core.runtime.client import RuntimeClient

            def progress(index: int, total: int, name: str) -> None:
                self.calibrating.emit(name, index, total)

            try:
                self.selector.calibrate(group, RuntimeClient, progress,
                                        lambda: self.background.closing)
            except Exception:  # choose from what was measured, whatever broke
                logger.exception("calibration of %s failed", group.name)

        def measured(_result: object = None) -> None:
            self.calibration_running = False
            if request == self._request:
                self._choose(request, group, None, overrides)

        if not self.background.run(measure, measured, measured):
            self.calibration_running = False
            self._planning = 0

    def _choose(self, request: int, group: ModelGroup, pinned_key: str | None,
                overrides: LoadOverrides | None) -> None:
        reclaim = self._reclaimable()

        def choose() -> tuple[Any, LoadPlan | None, list[dict[str, Any]]]:
            # Every variant is planned once; the choice carries its plan.
            options = self.selector.options(group, overrides, reclaim)
            choice = choose_variant(options, pinned_key)
            if choice is None:
                problems = [{"variant": o.variant.label, "error": o.problem.to_dict()}
                            for o in options if o.problem is not None]
                return None, None, problems
            return choice, choice.plan, []

        self._off_thread(request, choose, lambda found: self._chosen(group, *found))

    def _chosen(self, group: ModelGroup, choice: Any, plan: LoadPlan | None,
                problems: list[dict[str, Any]]) -> None:
        if choice is None or plan is None:
            self._planning = 0
            self._emit_state()
            why = "; ".join(f"{p['variant']}: {p['error']['message']}" for p in problems)
            error = NoModelLoadedError(f"No variant of {group.name} can run here. {why}",
                                       model=group.name, reason="no_runnable_variant",
                                       problems=problems)
            self.status.emit(error_text(error))
            self.planRefused.emit(error)
            return
        why = None if choice.pinned else choice.reason
        self._start_load(choice.variant.model, choice.variant.load_path, plan, why)

    def _start_load(self, model: LocalModel, path: Path | None, plan: LoadPlan,
                    why: Reason | None, load_path: str | None = None) -> None:
        if why is not None:
            plan = with_auto_reason(plan, why)
        self._planning = 0
        self._job = next(self._jobs)
        self.pending = (model, plan)
        self.current = None
        self.loading.emit(model.path.stem, 0.0)
        self._emit_state()
        self.loadRequested.emit(self._job, load_path or str(path), plan.params)

    def eject(self) -> None:
        """Unload the model and free its memory (a load being planned is dropped)."""
        self.runtimeNeeded.emit()
        self._request = next(self._requests)
        self._planning = 0
        self._unload()

    def _unload(self) -> None:
        self._job = None
        self.pending = None
        self.current = None
        self.plan = None
        self.unloadRequested.emit(next(self._jobs))
        self.unloaded.emit("")
        self._emit_state()

    # -- worker signals --------------------------------------------------------------------

    def on_progress(self, job_id: int, fraction: float) -> None:
        """Load progress from the worker."""
        if job_id == self._job and self.pending is not None:
            self.loading.emit(self.pending[0].path.stem, fraction)

    def on_loaded(self, job_id: int, model: ev.LoadedModel) -> None:
        """The worker finished loading."""
        if job_id != self._job or self.pending is None:
            return
        self.current, self.plan = self.pending
        self.pending = None
        self._job = None
        self._speed_learned = False
        # Everyone sets up for the new model before a waiting message is answered.
        self.loaded.emit(self.current, self.plan)
        meta = self.current.metadata
        self.templateNotice.emit(template_notice(
            model.template_source, bool(meta is not None and meta.chat_template)))
        self.status.emit(self.tr("{name} is ready.").format(name=self.current.path.stem))
        self._emit_state()

    def on_failed(self, job_id: int, error: OndolError) -> None:
        """A load failed (a generation failure is the chat's business)."""
        if job_id != self._job:
            return
        self._job = None
        self.pending = None
        self.current = None
        self._emit_state()
        self.status.emit(error_text(error))
        self.failed.emit(error)

    def on_generation_failed(self, _job_id: int, error: OndolError) -> None:
        """An answer failed; if the runtime died with it, the model is gone."""
        if isinstance(error, RuntimeCrashedError):
            self.current = None
            self.plan = None
            self.unloaded.emit(error_text(error))
            self._emit_state()

    def on_answer_finished(self, _job_id: int, done: ev.Done) -> None:
        """An answer ended: the loaded model's first long enough answer teaches the speed
        estimate (``planning.speed``) what this machine really decodes at."""
        plan = self.plan
        if self._speed_learned or self.current is None or plan is None \
                or is_remote(self.current):  # a server's speed says nothing of this machine
            return
        from app.core.planning.speed import run_from_answer, speed_store

        stats = done.stats
        run = run_from_answer(plan.backend, plan.device, plan.params.n_threads,
                              plan.estimate.weights_bytes, stats.generated_tokens,
                              stats.decode_tokens_per_second, self.current.name)
        if run is None:
            return
        self._speed_learned = True
        store, machine = speed_store(self.ctx.paths.data_dir), self.selector.machine
        logger.info("%s decoded at %.1f tok/s", self.current.name, run.decode_tps)
        self.background.run(lambda: store.add_run(machine, run), lambda _none: None,
                            lambda err: logger.info("speed not saved: %s", err))
