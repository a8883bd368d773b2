"""Keeps the parameter panel, the user's settings, the loaded model and the open chat in step.

The sampling values in force are a plain ``SamplingParams``, replaced whenever a knob changes
and announced with ``samplingChanged`` (the chat answers with them; nobody reads the widgets at
send time). Defaults come from the model's metadata; whatever the user changes is remembered per
model (only the changed fields) and for the open chat, whose values come back when it is opened
again; a new chat starts from the model's defaults with the user's changes. "Reset" forgets
them. A changed load setting offers a reload.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QStackedWidget, QWidget

from app.core.catalog.library import LocalModel
from app.core.chat.store import ChatSummary
from app.core.context import AppContext
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
from app.core.settings.values import LOAD_FIELDS as STORED_LOAD_FIELDS
from app.core.types.params import SamplingParams
from app.ui.background import Background
from app.ui.params_panel import ParamsPanel
from app.ui.words.errors import error_text
from app.ui.words.presets import preset_description, preset_label

if TYPE_CHECKING:
    from app.core.planning.load_plan import LoadPlan

# The stored load settings the panel edits: all but the device, which the picker chooses.
LOAD_FIELDS = tuple(name for name in STORED_LOAD_FIELDS if name != "device")
ADVANCED_OPEN_KEY = "params/advanced_open"  # in window.ini, beside the window's geometry


def keep_panel_on_chat_page(panel: QWidget, pages: QStackedWidget, toggle: QAction) -> None:
    """Show ``panel`` only while the chat page (``pages``' first) is current and ``toggle``
    (View → Parameters panel) is checked: its knobs mean nothing on the Models or Server page.
    """
    chat_page = pages.widget(0)

    def place(*_args: object) -> None:
        panel.setVisible(toggle.isChecked() and pages.currentWidget() is chat_page)

    pages.currentChanged.connect(place)
    toggle.toggled.connect(place)
    place()


class ParamsController(QObject):
    """Panel ↔ settings ↔ model ↔ chat."""

    samplingChanged = Signal(object, bool)  # SamplingParams in force; the user chose them
    loadRequested = Signal(object, object)  # LocalModel, LoadOverrides: load it again
    themeChosen = Signal(str)
    languageChosen = Signal(str)
    status = Signal(str)  # a sentence for the status line
    candidatesChanged = Signal(int)  # candidates to keep per token of the next answers

    def __init__(self, panel: ParamsPanel, store: SettingsStore, settings: Settings,
                 ctx: AppContext, background: Background) -> None:
        super().__init__()
        self.panel, self.store, self.settings = panel, store, settings
        self.ctx, self.background = ctx, background
        self._defaults = SamplingParams()  # the loaded model's own
        self._model: LocalModel | None = None  # the loaded model
        self._chat_params: dict[str, Any] = {}  # the open chat's saved values
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self.save_settings)
        self._pending_load: tuple[str, dict[str, Any]] | None = None  # saved once it loads
        self._library: list[LocalModel] = []  # where drafts for the loaded model are looked for
        panel.samplingEdited.connect(self._on_sampling_edited)
        panel.loadEdited.connect(lambda: panel.apply_load.setVisible(self._model is not None))
        panel.reloadRequested.connect(self._reload)
        panel.resetRequested.connect(self._reset)
        panel.presetChosen.connect(self._apply_preset)
        panel.savePresetRequested.connect(self._save_preset)
        panel.candidates.setValue(settings.chat_logprobs_k)  # before the edit signal is heard
        panel.candidatesEdited.connect(self._choose_candidates)
        panel.set_sampling(self._defaults)
        self.sampling = panel.sampling()  # what the next answer uses
        # Whether "Advanced" is open is how the user likes the window, not a setting of the
        # models or chats: it is kept with the window's geometry, not in settings.json.
        self._view_state = QSettings(str(ctx.paths.config_dir / "window.ini"),
                                     QSettings.Format.IniFormat)
        panel.set_advanced_open(bool(self._view_state.value(ADVANCED_OPEN_KEY, False, type=bool)))
        panel.advancedToggled.connect(self._remember_advanced)
        self._refresh_presets()

    # -- settings file ---------------------------------------------------------------------

    def save_settings(self) -> None:
        """Write the settings file (a failure is reported, never fatal)."""
        self._save_timer.stop()
        try:
            self.store.save(self.settings)
        except OndolError as err:
            self.status.emit(error_text(err))

    def close(self) -> None:
        """The window is closing: write a change still waiting for its timer."""
        if self._save_timer.isActive():
            self.save_settings()

    def _remember_advanced(self, open_: bool) -> None:
        self._view_state.setValue(ADVANCED_OPEN_KEY, open_)
        self._view_state.sync()  # a small file, written now: a crash keeps the choice

    # -- the values in force ---------------------------------------------------------------

    def _model_sampling(self) -> SamplingParams:
        """The model's defaults with the user's changes for it: where a new chat starts."""
        if self._model is None:
            return self._defaults
        return self.settings.overrides_for(self._model.name).effective_sampling(self._defaults)

    def _show(self, params: SamplingParams, remember: bool) -> None:
        """Put ``params`` in the panel and in force (as shown: the panel rounds)."""
        self.panel.set_sampling(params)
        self.sampling = self.panel.sampling()
        self.samplingChanged.emit(self.sampling, remember)

    def _show_for_chat(self) -> None:
        base = self._model_sampling()
        # Stored values are checked one by one: a bad or unknown entry keeps the default.
        params = ModelOverrides(sampling=self._chat_params).effective_sampling(base) \
            if self._chat_params else base
        self._show(params, remember=False)

    def chat_opened(self, summary: ChatSummary) -> None:
        """A chat was opened: its system prompt and policy, and its saved sampling values."""
        self.panel.set_chat(summary.system_prompt, summary.overflow_policy)
        self._chat_params = dict(summary.params)
        self._show_for_chat()

    def _on_sampling_edited(self) -> None:
        try:
            values = self.panel.sampling().validate()
        except OndolError as err:
            self.status.emit(error_text(err))
            return
        if self._model is not None:
            changed = {f.name: getattr(values, f.name) for f in dataclasses.fields(values)
                       if getattr(values, f.name) != getattr(self._defaults, f.name)}
            entry = self.settings.model_overrides.setdefault(self._model.name, ModelOverrides())
            entry.sampling = {k: list(v) if isinstance(v, tuple) else v
                              for k, v in changed.items()}
            self._save_timer.start()
        self._chat_params = values.to_dict()
        self.sampling = values
        self.samplingChanged.emit(values, True)

    # -- model -----------------------------------------------------------------------------

    def model_loaded(self, model: LocalModel, plan: LoadPlan) -> None:
        """Show this model's defaults with the user's overrides (or the open chat's values),
        and the load settings in use; remember it as the model to load next time."""
        self._defaults = default_sampling_for(model.metadata)
        self._model = model
        if self._pending_load is not None and self._pending_load[0] == model.name:
            # The new load settings worked: only now are they remembered for next time.
            entry = self.settings.model_overrides.setdefault(model.name, ModelOverrides())
            entry.load = self._pending_load[1]
        self._pending_load = None
        self.settings.default_model = model.name
        self.save_settings()
        self.panel.set_load(plan.params)
        self.panel.set_context_usage(0, plan.params.n_ctx)
        self._show_for_chat()
        self._search_drafts()

    def set_library(self, library: list[LocalModel]) -> None:
        """The library changed: look again for drafts of the loaded model."""
        self._library = list(library)
        self._search_drafts()

    def _search_drafts(self) -> None:
        """Offer the library's drafts for the loaded model (vocabularies are read: off the GUI
        thread)."""
        model, library = self._model, self._library
        if model is None:
            return

        def search() -> Any:
            from app.core.catalog.drafts import search_drafts

            return search_drafts(model.path, library)

        def show(found: Any) -> None:
            if self._model is model:  # not an answer for a model since replaced
                self.panel.speculation.set_search(found)

        self.background.run(search, show, lambda err: self.status.emit(error_text(err)))

    def model_gone(self, *_args: object) -> None:
        """The loaded model was unloaded, failed, or is being replaced."""
        self._model = None

    def _reload(self) -> None:
        model = self._model
        if model is None:
            return
        wanted = self.panel.load_values()
        # What Ondol would choose by itself: a header read, off the GUI thread.
        self.background.run(lambda: self.ctx.plan(Path(model.path), None)[1],
                            lambda plan: self._reload_with(model, wanted, plan),
                            lambda err: self.status.emit(error_text(err)))

    def _reload_with(self, model: LocalModel, wanted: dict[str, Any], automatic: LoadPlan
                     ) -> None:
        chosen: dict[str, Any] = {k: v for k, v in wanted.items()
                                  if getattr(automatic.params, k) != v and k in LOAD_FIELDS}
        # Remembered only if the model loads with them (a refused context must not lock the
        # model out at the next start).
        self._pending_load = (model.name, chosen)
        self.panel.apply_load.hide()
        self.loadRequested.emit(model, ModelOverrides(load=chosen).load_overrides())

    def _reset(self) -> None:
        model = self._model
        had_load = bool(model and self.settings.overrides_for(model.name).load)
        if model is not None:
            reset_model(self.settings, model.name)
            self.save_settings()
        self._chat_params = self._defaults.to_dict()
        self._show(self._defaults, remember=True)
        if had_load and model is not None:
            self.loadRequested.emit(model, ModelOverrides().load_overrides())

    # -- presets ---------------------------------------------------------------------------

    def _refresh_presets(self) -> None:
        try:
            presets = list(all_presets(self.settings).values())
        except OndolError as err:
            self.status.emit(error_text(err))
            presets = []
        self.panel.set_presets([(p.name, preset_label(p), preset_description(p))
                                for p in presets])

    def _apply_preset(self, name: str) -> None:
        try:
            preset = all_presets(self.settings).get(name)
            if preset is None:
                return
            self.panel.set_sampling(apply_preset(self.sampling, preset))
        except OndolError as err:
            self.status.emit(error_text(err))
            return
        self._on_sampling_edited()

    def _save_preset(self) -> None:
        name, ok = QInputDialog.getText(self.panel, self.tr("Save preset"), self.tr("Name:"))
        if not ok or not name.strip():
            return
        try:
            save_user_preset(self.settings, preset_from_params(name.strip(), self.sampling))
        except OndolError as err:
            self.status.emit(error_text(err))
            return
        self.save_settings()
        self._refresh_presets()

    # -- settings menu ---------------------------------------------------------------------

    def build_settings_menu(self, menu: QMenu) -> None:
        """Theme and language choices (remembered in the settings file), put first."""
        first = menu.actions()[0] if menu.actions() else None
        theme_menu = QMenu(self.tr("Theme"), menu)
        self._choice_group(theme_menu, self.settings.theme, [
            ("system", self.tr("Follow the system")), ("light", self.tr("Light")),
            ("dark", self.tr("Dark"))], self._choose_theme)
        language_menu = QMenu(self.tr("Language"), menu)
        self._choice_group(language_menu, self.settings.language, [
            ("system", self.tr("Follow the system")), ("en", "English"), ("ko", "한국어")],
            self._choose_language)
        for submenu in (theme_menu, language_menu):
            if first is None:
                menu.addMenu(submenu)
            else:
                menu.insertMenu(first, submenu)

    def _choice_group(self, menu: QMenu, current: str, choices: list[tuple[str, str]],
                      on_choose: Any) -> None:
        group = QActionGroup(menu)
        for value, label in choices:
            action = QAction(label, menu, checkable=True, checked=value == current)
            action.triggered.connect(lambda _c=False, v=value: on_choose(v))
            group.addAction(action)
            menu.addAction(action)

    def _choose_candidates(self, k: int) -> None:
        self.settings.chat_logprobs_k = k
        self._save_timer.start()  # saved once the spinning stops
        self.candidatesChanged.emit(k)

    def _choose_theme(self, theme: str) -> None:
        self.settings.theme = theme
        self.save_settings()
        self.themeChosen.emit(theme)

    def _choose_language(self, language: str) -> None:
        self.settings.language = language
        self.save_settings()
        self.languageChosen.emit(language)
        self.status.emit(self.tr("The new language is used from the next start."))
