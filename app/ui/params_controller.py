"""Keeps the parameter panel, the user's settings and the loaded model in step.

Sampling defaults come from the model's metadata; whatever the user changes is remembered per
model (only the changed fields); "Reset" forgets it. A changed load setting offers a reload.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu

from app.core.backends.params import SamplingParams
from app.core.backends.planner import LoadOverrides, LoadPlan
from app.core.catalog.library import LocalModel
from app.core.chat.store import ChatSummary
from app.core.errors import OndolError
from app.core.settings.model_defaults import default_sampling_for
from app.core.settings.presets import (
    all_presets,
    apply_preset,
    preset_from_params,
    save_user_preset,
)
from app.core.settings.settings import (
    ModelOverrides,
    Settings,
    SettingsStore,
    reset_model,
)
from app.ui.chat.controller import ChatController
from app.ui.model_controller import ModelController
from app.ui.params_panel import ParamsPanel

LOAD_FIELDS = ("n_ctx", "n_threads", "n_batch", "n_gpu_layers", "flash_attn", "kv_cache_type",
               "use_mmap", "use_mlock")


class ParamsController(QObject):
    """Panel ↔ settings ↔ model."""

    themeChosen = Signal(str)
    languageChosen = Signal(str)

    def __init__(self, panel: ParamsPanel, store: SettingsStore, settings: Settings,
                 models: ModelController, chat: ChatController) -> None:
        super().__init__()
        self.panel, self.store, self.settings = panel, store, settings
        self.models, self.chat = models, chat
        self._defaults = SamplingParams()
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self.save_settings)
        self._pending_load: tuple[str, dict[str, Any]] | None = None  # saved once it loads
        panel.samplingEdited.connect(self._on_sampling_edited)
        panel.loadEdited.connect(lambda: panel.apply_load.setVisible(models.current is not None))
        panel.reloadRequested.connect(self._reload)
        panel.resetRequested.connect(self._reset)
        panel.presetChosen.connect(self._apply_preset)
        panel.savePresetRequested.connect(self._save_preset)
        # Saved on every edit, to the chat that is open now (a later timer could hit another).
        panel.systemPromptEdited.connect(chat.set_system_prompt)
        panel.policyEdited.connect(chat.set_policy)
        chat.chatOpened.connect(self._on_chat_opened)
        panel.set_sampling(self._defaults)
        self._refresh_presets()

    # -- values for others -----------------------------------------------------------------

    def sampling(self) -> SamplingParams:
        """What the next answer uses."""
        return self.panel.sampling().validate()

    def load_overrides_for(self, model_name: str) -> LoadOverrides:
        """The user's remembered load choices for a model."""
        return self.settings.overrides_for(model_name).load_overrides()

    def save_settings(self) -> None:
        """Write the settings file (a failure is reported, never fatal)."""
        try:
            self.store.save(self.settings)
        except OndolError as err:
            self.chat.message.emit(err.message)

    # -- model -----------------------------------------------------------------------------

    def model_loaded(self, model: LocalModel, plan: LoadPlan) -> None:
        """Show this model's defaults with the user's overrides, and the load settings in use."""
        self._defaults = default_sampling_for(model.metadata)
        if self._pending_load is not None and self._pending_load[0] == model.name:
            # The new load settings worked: only now are they remembered for next time.
            entry = self.settings.model_overrides.setdefault(model.name, ModelOverrides())
            entry.load = self._pending_load[1]
            self.save_settings()
        self._pending_load = None
        overrides = self.settings.overrides_for(model.name)
        self.panel.set_sampling(overrides.effective_sampling(self._defaults))
        self.panel.set_load(plan.params)

    def _on_sampling_edited(self) -> None:
        model = self.models.current
        if model is None:
            return
        try:
            values = self.panel.sampling().validate()
        except OndolError as err:
            self.chat.message.emit(err.message)
            return
        changed = {f.name: getattr(values, f.name) for f in dataclasses.fields(values)
                   if getattr(values, f.name) != getattr(self._defaults, f.name)}
        entry = self.settings.model_overrides.setdefault(model.name, ModelOverrides())
        entry.sampling = {k: list(v) if isinstance(v, tuple) else v for k, v in changed.items()}
        self._save_timer.start()

    def _reload(self) -> None:
        model = self.models.current
        if model is None:
            return
        try:
            _meta, automatic = self.models.ctx.plan(Path(model.path), None)
        except OndolError as err:
            self.chat.message.emit(err.message)
            return
        wanted = self.panel.load_values()
        chosen: dict[str, Any] = {k: v for k, v in wanted.items()
                                  if getattr(automatic.params, k) != v and k in LOAD_FIELDS}
        # Remembered only if the model loads with them (a refused context must not lock the
        # model out at the next start).
        self._pending_load = (model.name, chosen)
        self.panel.apply_load.hide()
        self.models.load(model, ModelOverrides(load=chosen).load_overrides())

    def _reset(self) -> None:
        model = self.models.current
        had_load = bool(model and self.settings.overrides_for(model.name).load)
        if model is not None:
            reset_model(self.settings, model.name)
            self.save_settings()
        self.panel.set_sampling(self._defaults)
        if had_load and model is not None:
            self.models.load(model, LoadOverrides())

    # -- presets ---------------------------------------------------------------------------

    def _refresh_presets(self) -> None:
        try:
            names = list(all_presets(self.settings))
        except OndolError as err:
            self.chat.message.emit(err.message)
            names = []
        self.panel.set_presets(names)

    def _apply_preset(self, name: str) -> None:
        try:
            preset = all_presets(self.settings).get(name)
            if preset is None:
                return
            self.panel.set_sampling(apply_preset(self.panel.sampling(), preset))
        except OndolError as err:
            self.chat.message.emit(err.message)
            return
        self._on_sampling_edited()

    def _save_preset(self) -> None:
        name, ok = QInputDialog.getText(self.panel, self.tr("Save preset"), self.tr("Name:"))
        if not ok or not name.strip():
            return
        try:
            save_user_preset(self.settings, preset_from_params(name.strip(),
                                                               self.panel.sampling()))
        except OndolError as err:
            self.chat.message.emit(err.message)
            return
        self.save_settings()
        self._refresh_presets()

    # -- chat ------------------------------------------------------------------------------

    def _on_chat_opened(self, summary: ChatSummary) -> None:
        self.panel.set_chat(summary.system_prompt, summary.overflow_policy)

    # -- settings menu ---------------------------------------------------------------------

    def build_settings_menu(self, menu: QMenu) -> None:
        """Theme and language choices (remembered in the settings file)."""
        theme_menu = menu.addMenu(self.tr("Theme"))
        self._choice_group(theme_menu, self.settings.theme, [
            ("system", self.tr("Follow the system")), ("light", self.tr("Light")),
            ("dark", self.tr("Dark"))], self._choose_theme)
        language_menu = menu.addMenu(self.tr("Language"))
        self._choice_group(language_menu, self.settings.language, [
            ("system", self.tr("Follow the system")), ("en", "English"), ("ko", "한국어")],
            self._choose_language)

    def _choice_group(self, menu: QMenu, current: str, choices: list[tuple[str, str]],
                      on_choose: Any) -> None:
        group = QActionGroup(menu)
        for value, label in choices:
            action = QAction(label, menu, checkable=True, checked=value == current)
            action.triggered.connect(lambda _c=False, v=value: on_choose(v))
            group.addAction(action)
            menu.addAction(action)

    def _choose_theme(self, theme: str) -> None:
        self.settings.theme = theme
        self.save_settings()
        self.themeChosen.emit(theme)

    def _choose_language(self, language: str) -> None:
        self.settings.language = language
        self.save_settings()
        self.languageChosen.emit(language)
        self.chat.message.emit(self.tr("The new language is used from the next start."))
