"""The composition root's object: one ``AppContext`` built at start-up and passed down.

No global singletons: whatever needs paths, the hardware profile or the library gets them here.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from app.core.catalog.library import resolve_model
from app.core.catalog.projectors import with_projector
from app.core.catalog.starter import SMOLLM2, ensure_starter_model
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.probe import probe_hardware
from app.core.hardware.profile import HardwareProfile
from app.core.planning.load_plan import LoadOverrides, LoadPlan
from app.core.planning.planner import plan_load
from app.core.settings.paths import AppPaths
from app.core.settings.template_overrides import TemplateOverrides


@dataclass
class AppContext:
    """Paths, the (lazily probed) hardware profile, and the model library."""

    paths: AppPaths
    _profile: HardwareProfile | None = field(default=None, repr=False)
    # Background jobs may ask at once at start-up: the machine is probed (a child process the
    # first time) once, not once per job.
    _profile_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def create(cls) -> AppContext:
        """From the environment (``ONDOL_HOME`` or the platform's folders), folders created.

        Raises:
            OSError: a folder cannot be created.
        """
        return cls(AppPaths.from_environment().ensure())

    @property
    def profile(self) -> HardwareProfile:
        """This machine, probed once on first use."""
        with self._profile_lock:
            if self._profile is None:
                self._profile = probe_hardware(cache_dir=self.paths.cache_dir)
            return self._profile

    def ensure_starter_model(self) -> Path:
        """The starter model in the library, placed there on first use.

        Raises:
            StarterModelError: the package is missing or damaged.
            OSError: the library cannot be written.
        """
        return ensure_starter_model(self.paths, SMOLLM2)

    def resolve_model(self, query: str | None) -> Path:
        """A path for a model name or path; ``None`` is the starter model.

        Raises:
            ModelNotFoundError: nothing matches.
            StarterModelError: ``None`` was given and the starter model is unavailable.
        """
        if query is None:
            return self.ensure_starter_model()
        return resolve_model(query, self.paths.models_dir)

    def plan(self, path: Path, overrides: LoadOverrides | None = None,
             reclaimable_bytes: int = 0) -> tuple[ModelMetadata, LoadPlan]:
        """Read the model's header and plan its load on this machine.

        Raises:
            ModelNotFoundError, NotAModelFileError, CorruptModelError,
            UnsupportedArchitectureError: the file is not a usable model.
            InsufficientMemoryError: it will not fit with these settings.

        ``reclaimable_bytes``: memory the currently loaded model frees when this one replaces it.
        A vision projector beside a GGUF model loads with it (``LoadParams.mmproj``) unless
        ``overrides.mmproj`` names one (``""``: none).
        """
        from app.core.formats.model_reader import read_model_metadata

        meta = read_model_metadata(path)
        overrides = with_projector(path, overrides)
        plan = plan_load(meta, self.current_profile(reclaimable_bytes), overrides)
        return meta, TemplateOverrides(self.paths).apply(plan, path)

    def current_profile(self, reclaimable_bytes: int = 0) -> HardwareProfile:
        """The probed profile with free RAM read again (it changes while the app runs), plus
        what the model being replaced will give back."""
        available = psutil.virtual_memory().available + max(0, reclaimable_bytes)
        return dataclasses.replace(self.profile, ram_available_bytes=min(
            available, self.profile.ram_total_bytes))
