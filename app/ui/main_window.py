"""The main window: sidebar | chat (with the model bar above) | parameter panel."""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QSettings,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog.groups import ModelGroup
from app.core.catalog.library import LocalModel
from app.core.chat.export import export_json, export_markdown
from app.core.chat.store import ChatStore
from app.core.context import AppContext
from app.core.errors import OndolError, RuntimeCrashedError
from app.core.settings.settings import Settings, SettingsStore
from app.ui.browser.controller import BrowserController
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.chat.controller import ChatController
from app.ui.model_controller import ModelController
from app.ui.params_controller import ParamsController
from app.ui.params_panel import ParamsPanel
from app.ui.runtime_worker import RuntimeLike, RuntimeWorker
from app.ui.sidebar import Sidebar
from app.ui.threads import wait_for_thread
from app.ui.top_bar import TopBar


class MainWindow(QMainWindow):
    """Ondol's one window. Owns the runtime worker thread and shuts it down on close."""

    shutdownRequested = Signal()

    def __init__(self, ctx: AppContext, client: RuntimeLike, store: ChatStore,
                 settings_store: SettingsStore, settings: Settings, dark: bool) -> None:
        super().__init__()
        self.setWindowTitle("Ondol")
        self.setObjectName("OndolMainWindow")
        self.resize(1280, 800)
        self.ctx, self.store = ctx, store
        self.settings_store, self.settings = settings_store, settings

        # Widgets.
        self.sidebar = Sidebar()
        self.top_bar = TopBar()
        self.view = ChatView()
        self.view.set_dark(dark)
        self.composer = Composer()
        self.params = ParamsPanel()
        chat_page = QWidget()
        chat_layout = QVBoxLayout(chat_page)
        chat_layout.setContentsMargins(8, 0, 8, 8)
        chat_layout.addWidget(self.view, 1)
        chat_layout.addWidget(self.composer)
        self.browser = BrowserController(ctx, self, self.show_status,
                                         lambda: self.models.refresh_library_async())
        self.models_page = self.browser.page
        self.pages = QStackedWidget()
        self.pages.addWidget(chat_page)
        self.pages.addWidget(self.models_page)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.top_bar)
        centre_layout.addWidget(self.pages, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.params)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 700, 350])
        self.setCentralWidget(self.splitter)
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

        # The runtime worker on its own thread.
        self.thread_ = QThread(self)
        self.thread_.setObjectName("ondol-runtime-worker")
        self.worker = RuntimeWorker(client)
        self.worker.moveToThread(self.thread_)
        self.shutdownRequested.connect(self.worker.shutdown)
        self.thread_.start()

        # Controllers.
        self.models = ModelController(ctx)
        self.chat = ChatController(store, self.view, sampling=lambda: self.params_ctl.sampling(),
                                   model_name=self._model_name,
                                   model_ready=lambda: self.models.ready,
                                   model_loading=lambda: self.models.busy,
                                   cancel=self.worker.cancel_job)
        self.params_ctl = ParamsController(self.params, settings_store, settings, self.models,
                                           self.chat)
        self._wire()
        self._build_menus()
        self._restore_geometry()
        # Library scan, hardware probe and model load start once the window is on screen.
        QTimer.singleShot(50, self._start)

    # -- wiring ----------------------------------------------------------------------------

    def _wire(self) -> None:
        w, m, c = self.worker, self.models, self.chat
        m.loadRequested.connect(w.load)
        m.unloadRequested.connect(w.unload)
        c.generateRequested.connect(w.generate)
        w.loadProgress.connect(m.on_progress)
        w.loaded.connect(m.on_loaded)
        w.loadFailed.connect(m.on_failed)
        w.chunk.connect(c.on_chunk)
        w.finished.connect(c.on_finished)
        w.failed.connect(c.on_failed)
        w.failed.connect(self._on_generation_failed)
        w.promptReady.connect(c.on_prompt_ready)
        m.libraryChanged.connect(self._show_library)
        m.loading.connect(self.top_bar.show_loading)
        m.calibrating.connect(self.top_bar.show_calibrating)
        m.loaded.connect(self._on_model_loaded)
        m.failed.connect(self._on_model_failed)
        m.planRefused.connect(self._on_plan_refused)
        m.unloaded.connect(lambda: self.top_bar.show_unloaded())
        self.top_bar.loadRequested.connect(self._load_model)
        self.top_bar.ejectRequested.connect(self._eject)
        self.composer.sendRequested.connect(self._send)
        self.composer.stopRequested.connect(c.stop)
        c.busyChanged.connect(self.composer.set_busy)
        c.message.connect(self.show_status)
        c.chatsChanged.connect(self.refresh_chats)
        c.contextUsage.connect(self.params.set_context_usage)
        c.editRequested.connect(self._edit_message)
        c.deleteRequested.connect(self._delete_message)
        self.sidebar.newChatRequested.connect(c.new_chat)
        self.sidebar.chatSelected.connect(c.open_chat)
        self.sidebar.renameRequested.connect(self._rename_chat)
        self.sidebar.deleteRequested.connect(self._delete_chat)
        self.sidebar.searchChanged.connect(lambda _text: self.refresh_chats())
        self.sidebar.modelsPageRequested.connect(lambda: self.pages.setCurrentIndex(1))
        self.sidebar.chatPageRequested.connect(lambda: self.pages.setCurrentIndex(0))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, c.stop)

    # -- window geometry (QSettings, kept in Ondol's config folder) ----------------------

    def _qsettings(self) -> QSettings:
        return QSettings(str(self.ctx.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> bool:
        """Window size and pane widths from the last session; False when there were none."""
        stored = self._qsettings()
        geometry, splitter = stored.value("geometry"), stored.value("splitter")
        if not isinstance(geometry, QByteArray) or not isinstance(splitter, QByteArray):
            return False
        return self.restoreGeometry(geometry) and self.splitter.restoreState(splitter)

    def _save_geometry(self) -> None:
        stored = self._qsettings()
        stored.setValue("geometry", self.saveGeometry())
        stored.setValue("splitter", self.splitter.saveState())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        new_chat = QAction(self.tr("New chat"), self, shortcut=QKeySequence.StandardKey.New)
        new_chat.triggered.connect(self.chat.new_chat)
        export_md = QAction(self.tr("Export chat as Markdown…"), self)
        export_md.triggered.connect(lambda: self._export("md"))
        export_js = QAction(self.tr("Export chat as JSON…"), self)
        export_js.triggered.connect(lambda: self._export("json"))
        quit_action = QAction(self.tr("Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (new_chat, export_md, export_js, quit_action):
            file_menu.addAction(action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        toggle = QAction(self.tr("Parameters panel"), self, checkable=True, checked=True,
                         shortcut=QKeySequence("Ctrl+Shift+P"))
        toggle.toggled.connect(self.params.setVisible)
        view_menu.addAction(toggle)
        self.settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.params_ctl.build_settings_menu(self.settings_menu)
        token = QAction(self.tr("Hugging Face token…"), self)
        token.triggered.connect(self.browser.set_token)
        self.settings_menu.addAction(token)

    # -- start-up --------------------------------------------------------------------------

    def _start(self) -> None:
        self.view.warm_up()
        self.browser.start()
        self.refresh_chats()
        chats = self.store.list_chats()
        if chats:
            self.chat.open_chat(chats[0].id)
        else:
            self.chat.new_chat()
        self.models.libraryChanged.connect(self._load_first_model)
        self.models.refresh_library_async()

    def _load_first_model(self, library: list[LocalModel]) -> None:
        """After the first library scan: load the last used model (or the starter)."""
        self.models.libraryChanged.disconnect(self._load_first_model)
        model = self.models.find(self.settings.default_model)
        if model is None:
            self.show_status(self.tr("No model in the library yet."))
            return
        self.top_bar.set_models(library, model.name)
        self.chat.stop()
        self.models.load(model, self.params_ctl.load_overrides_for(model.name))

    def _load_model(self, group: ModelGroup, pinned_key: str | None) -> None:
        self.chat.stop()  # an answer in flight would hold the runtime until it ends
        if len(group.variants) == 1:
            pinned_key = group.variants[0].key
        pinned = next((v for v in group.variants if v.key == pinned_key), None)
        if pinned is not None:
            self.models.load(pinned.model, self.params_ctl.load_overrides_for(pinned.model.name),
                             pinned.load_path)
        else:
            self.models.load_group(group)

    def _eject(self) -> None:
        self.chat.stop()
        self.models.eject()

    def _send(self, text: str) -> None:
        if self.chat.send(text):
            self.composer.edit.clear()

    # -- reactions -------------------------------------------------------------------------

    def _model_name(self) -> str | None:
        model = self.models.current or (self.models.pending[0] if self.models.pending else None)
        return model.name if model else None

    def _show_library(self, library: list[LocalModel]) -> None:
        current = self.models.current.name if self.models.current else None
        self.top_bar.set_models(library, current)
        self.models_page.local.set_models(library)

    def _on_model_loaded(self, model: LocalModel, plan: object) -> None:
        from app.core.backends.planner import LoadPlan

        assert isinstance(plan, LoadPlan)
        self.top_bar.show_loaded(model.path.stem, plan.reason, plan.estimate.total_bytes)
        self.params.set_context_usage(0, plan.params.n_ctx)
        self.params_ctl.model_loaded(model, plan)
        self.settings.default_model = model.name
        self.params_ctl.save_settings()
        self.show_status(self.tr("{name} is ready.").format(name=model.path.stem))
        self.chat.model_became_ready()

    def _on_model_failed(self, error: OndolError) -> None:
        self.top_bar.show_unloaded(error.message)
        self.show_status(error.message)
        self.chat.model_failed(error)

    def _on_plan_refused(self, error: OndolError) -> None:
        """Refused before loading: whatever is loaded stays loaded; say why."""
        self.show_status(error.message)
        QMessageBox.warning(self, self.tr("Cannot load the model"), error.message)

    def _on_generation_failed(self, _job_id: int, error: OndolError) -> None:
        if isinstance(error, RuntimeCrashedError):
            self.models.current = None
            self.top_bar.show_unloaded(error.message)

    def show_status(self, text: str) -> None:
        """One line at the bottom of the window."""
        self.status_label.setText(text)

    def refresh_chats(self) -> None:
        """Re-read the chat list (with the current search)."""
        current = self.chat.summary.id if self.chat.summary else None
        self.sidebar.set_chats(self.store.list_chats(self.sidebar.search.text()), current)

    def _rename_chat(self, chat_id: int) -> None:
        chat = self.store.get_chat(chat_id)
        title, ok = QInputDialog.getText(self, self.tr("Rename chat"), self.tr("Title:"),
                                         text=chat.title)
        if ok and title.strip():
            self.store.rename_chat(chat_id, title.strip())
            self.refresh_chats()

    def _delete_chat(self, chat_id: int) -> None:
        chat = self.store.get_chat(chat_id)
        answer = QMessageBox.question(self, self.tr("Delete chat"),
                                      self.tr("Delete “{title}” and all its messages?").format(
                                          title=chat.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        current = self.chat.summary is not None and self.chat.summary.id == chat_id
        if current:
            self.chat.close_chat()  # stop and settle its answer before the rows go
        self.store.delete_chat(chat_id)
        if current:
            remaining = self.store.list_chats()
            self.chat.summary = None
            if remaining:
                self.chat.open_chat(remaining[0].id)
            else:
                self.chat.new_chat()
        self.refresh_chats()

    def _delete_message(self, message_id: int, followers: int) -> None:
        if followers:
            answer = QMessageBox.question(
                self, self.tr("Delete message"),
                self.tr("Delete this message and the {count} messages that follow it in this "
                        "branch?").format(count=followers))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.chat.delete_message(message_id)

    def _edit_message(self, message_id: int, text: str) -> None:
        new_text, ok = QInputDialog.getMultiLineText(self, self.tr("Edit message"),
                                                     self.tr("Your message:"), text)
        if ok and new_text.strip() and new_text != text:
            self.chat.edit(message_id, new_text.strip())

    def _export(self, kind: str) -> None:
        if self.chat.summary is None or self.chat.conversation is None:
            return
        suffix = "Markdown (*.md)" if kind == "md" else "JSON (*.json)"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export chat"),
                                              f"{self.chat.summary.title}.{kind}", suffix)
        if not path:
            return
        render = export_markdown if kind == "md" else export_json
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(render(self.chat.summary, self.chat.conversation))
        except OSError as err:
            QMessageBox.warning(self, self.tr("Export chat"), str(err))
            return
        self.show_status(self.tr("Saved {path}").format(path=path))

    # -- quitting --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop any answer, close the runtime, and let the worker thread end (bounded)."""
        self._save_geometry()
        self.chat.close_chat()
        self.worker.stop_everything()  # a load or an answer in flight stops; none starts
        self.browser.close()  # running downloads pause; they resume at the next start
        self.shutdownRequested.emit()  # the worker closes the runtime, then ends its thread
        if not self._wait_for_worker(2000):
            # Still busy (a load that ignores cancel): end the runtime from here, which makes
            # the worker's blocking call return, then let the thread finish.
            self.worker.client.close(timeout=0.5)
            self._wait_for_worker(3000)
        QThreadPool.globalInstance().waitForDone(2000)
        super().closeEvent(event)

    def _wait_for_worker(self, milliseconds: int) -> bool:
        """Let the worker thread end without blocking Qt's event loop; True when it has."""
        return wait_for_thread(self.thread_, milliseconds)
