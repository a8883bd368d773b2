"""Auto for the app: plans every variant of a model group, attaches the cached measurements and
estimates, chooses, and runs the calibration when the choice would rest on guesses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.catalog.groups import ModelGroup, ModelVariant
from app.core.context import AppContext
from app.core.errors import OndolError
from app.core.planning.chooser import estimate_tps
from app.core.planning.load_plan import LoadOverrides
from app.core.selection.auto import AutoChoice, VariantOption, bandwidth_by_backend, choose
from app.core.selection.calibration import (
    CALIBRATION_CONTEXT,
    CalibrationStore,
    CalibrationTarget,
    Measurement,
    calibrate,
    machine_key,
    model_key,
)
from app.core.selection.tuning import tuned_overrides


class VariantSelector:
    """Auto over one ``AppContext``: its paths, hardware and calibration cache.

    Failures seen while calibrating (a variant that will not load here) are remembered for the
    session, so Auto does not pick it again.
    """

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self.store = CalibrationStore(ctx.paths.cache_dir / "calibration.json")
        self._failures: dict[str, OndolError] = {}

    @property
    def machine(self) -> str:
        """This machine's calibration key."""
        return machine_key(self._ctx.profile)

    def bandwidth(self) -> dict[tuple[str, str], float]:
        """Decode bandwidth per (runtime, device) measured on this machine (for estimates).

        Raises:
            nothing.
        """
        from app.core.planning.speed import machine_bandwidth, runs_from_measurements, speed_store
        return machine_bandwidth(speed_store(self._ctx.paths.data_dir), self.machine,
                                 max(1, self._ctx.profile.physical_cores),
                                 runs_from_measurements(self.store.all_for(self.machine).values()))

    def options(self, group: ModelGroup, overrides: LoadOverrides | None = None,
                reclaimable_bytes: int = 0) -> list[VariantOption]:
        """Every variant with its plan (or why not), measurement and speed estimate.

        Raises:
            nothing: a variant that cannot be planned carries the error.
        """
        machine = self.machine
        measured = self.store.all_for(machine)
        bandwidth = bandwidth_by_backend(measured.values())
        options: list[VariantOption] = []
        for variant in group.variants:
            key = model_key(variant.load_path)
            # The measured thread count and draft model, where the user chose neither.
            tuned, tuning = tuned_overrides(overrides, measured.get(key))
            try:
                _meta, plan = self._ctx.plan(variant.load_path, tuned, reclaimable_bytes)
            except OndolError as err:
                options.append(VariantOption(variant, None, err))
                continue
            options.append(VariantOption(
                variant, plan, self._failures.get(key), measured.get(key),
                estimate_tps(plan.backend, plan.device, plan.estimate.weights_bytes, bandwidth),
                tuning))
        return options

    def choose(self, group: ModelGroup, pinned_key: str | None = None,
               overrides: LoadOverrides | None = None,
               reclaimable_bytes: int = 0) -> AutoChoice | None:
        """Auto's choice for ``group`` (or the pinned variant), or None when none can run.

        Raises:
            nothing.
        """
        return choose(self.options(group, overrides, reclaimable_bytes), pinned_key)

    def needs_calibration(self, group: ModelGroup) -> list[ModelVariant]:
        """Runnable variants that have no measurement here: with two or more variants, or one
        GGUF that a library model could draft for (the measurement decides whether it does).

        Raises:
            nothing.
        """
        options = [o for o in self.options(group) if o.runnable]
        unmeasured = [o for o in options if o.measurement is None]
        if len(options) >= 2:
            return [o.variant for o in unmeasured]
        return [o.variant for o in unmeasured
                if o.plan is not None and self.draft_for(o.variant.load_path, o.plan.backend)]

    def draft_for(self, path: Path, backend: str) -> Path | None:
        """The library's compatible draft model for the model at ``path``, or None (reads the
        GGUF vocabularies, cached: call it off the GUI thread).

        Raises:
            nothing.
        """
        if backend != "llama.cpp":
            return None
        from app.core.catalog.drafts import recommended_draft
        from app.core.catalog.library import scan_all
        try:
            library = scan_all(self._ctx.paths.models_dir)
        except OSError:
            return None
        return recommended_draft(path, library)

    def calibrate(self, group: ModelGroup, client_factory: Callable[[], Any],
                  on_progress: Callable[[int, int, str], None] | None = None,
                  should_stop: Callable[[], bool] = lambda: False) -> dict[str, Measurement]:
        """Measure every runnable variant of ``group`` not measured yet (a few seconds each).

        Raises:
            OSError: the calibration cache cannot be written.
        """
        targets = []
        for option in self.options(group):
            if not option.runnable or option.plan is None:
                continue
            plan = option.plan
            params = replace(plan.params, n_ctx=min(plan.params.n_ctx, CALIBRATION_CONTEXT))
            path = option.variant.load_path
            targets.append(CalibrationTarget(model_key(path), path, params, plan.backend,
                                             plan.device, plan.estimate.weights_bytes,
                                             self.draft_for(path, plan.backend)))
        results, failures = calibrate(targets, self.store, self.machine, client_factory,
                                      on_progress, should_stop)
        self._failures.update(failures)
        return results


def find_group(groups: list[ModelGroup], query: str) -> ModelGroup | None:
    """The group named ``query`` (its name, key, or a unique part of it), or the one holding the
    model file or folder at path ``query``.

    Raises:
        nothing.
    """
    lowered = query.lower()
    for group in groups:
        if lowered in (group.name.lower(), group.key):
            return group
        if any(str(v.load_path) == query or str(v.model.path) == query
               or v.model.name == query for v in group.variants):
            return group
    partial = [g for g in groups if lowered in g.key or lowered in g.name.lower()]
    return partial[0] if len(partial) == 1 else None
