"""The window's composition root: build every part, connect them, start, and shut down.

Every connection between the parts is made here, in one list, so what talks to what can be read
in one place: the controllers know nothing of each other, only of their own signals and slots.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.core.chat.store import ChatStore
from app.core.context import AppContext
from app.core.remote.router import RoutedRuntime
from app.core.runtime.client import RuntimeClient
from app.core.settings.settings import Settings, SettingsStore
from app.ui.background import Background
from app.ui.browser.controller import BrowserController
from app.ui.chat.actions import ChatActions
from app.ui.chat.attach_wiring import wire_attachments
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.chat.controller import ChatController
from app.ui.chat.probabilities_menu import wire_probabilities
from app.ui.chat.sources_view import wire_sources
from app.ui.chat.tool_wiring import wire_tool_flow
from app.ui.collections_menu import wire_collections
from app.ui.connections_menu import wire_connections
from app.ui.documents_service import DocumentsService
from app.ui.drop_import import DropImporter
from app.ui.inside.deps import InsideDeps
from app.ui.inside.page import InsidePage
from app.ui.korean_advice import wire_korean_advice
from app.ui.main_window import MainWindow
from app.ui.model_controller import ModelController
from app.ui.model_picker import ModelPicker
from app.ui.model_share import SharedClient
from app.ui.params_controller import ParamsController
from app.ui.params_panel import ParamsPanel
from app.ui.parts import WindowParts
from app.ui.remote_wiring import remote_catalog, wire_remote
from app.ui.runtime_calls import RuntimeCalls
from app.ui.runtime_worker import RuntimeLike
from app.ui.server_controller import ServerController
from app.ui.server_page import ServerPage
from app.ui.sidebar import Sidebar
from app.ui.theme import apply_theme
from app.ui.threads import RuntimeThread
from app.ui.tools_menu import wire_tools
from app.ui.top_bar import TopBar


def build_window(ctx: AppContext, client: RuntimeLike, store: ChatStore,
                 settings_store: SettingsStore, settings: Settings, dark: bool) -> MainWindow:
    """The window with every part built and connected; the library scan and the first model
    load start once it is on screen."""
    background = Background()
    view = ChatView()
    view.set_dark(dark)
    sidebar, chat = Sidebar(), ChatController(store, view)
    params = ParamsPanel()
    # A real runtime is lent to the local server while it runs (a scripted one is not).
    share = SharedClient(client) if isinstance(client, RuntimeClient) else None
    remote = remote_catalog(ctx.paths.connections_file, background)
    runtime = RuntimeThread(RoutedRuntime(share or client, remote.endpoint_for, remote.make_client))
    models = ModelController(ctx, settings, background)
    params_ctl = ParamsController(params, settings_store, settings, ctx, background)
    calls = RuntimeCalls(runtime.worker)  # one per window: its call ids are its own
    inside = InsidePage(InsideDeps(calls, chat, models, params_ctl, settings))
    parts = WindowParts(
        ctx=ctx, store=store, settings=settings, background=background,
        runtime=runtime, models=models,
        chat=chat, actions=ChatActions(store, sidebar, chat), params_ctl=params_ctl,
        browser=BrowserController(ctx, background), sidebar=sidebar, top_bar=TopBar(),
        view=view, composer=Composer(), params=params,
        server=ServerController(ctx, settings, settings_store, background, share=share),
        server_page=ServerPage(settings), inside_page=inside)
    window = MainWindow(parts)
    window.remote_models = remote  # type: ignore[attr-defined]  # refresh(): connections changed
    window.documents = DocumentsService(ctx.paths)  # type: ignore[attr-defined]  # index + embedder
    background.setParent(window)  # answers that arrive after the window is gone are dropped
    parts.runtime.start(window)
    parts.params_ctl.build_settings_menu(window.settings_menu)
    window.collections = wire_collections(parts, window)  # type: ignore[attr-defined]
    _wire(parts, window)
    wire_korean_advice(parts, window, calls)  # the note above the message box
    wire_probabilities(parts, window)  # tokens tinted by probability (View menu)
    window.connections = wire_connections(parts, window)  # Settings → Connections…
    window.connections.connectionsChanged.connect(remote.refresh)  # the picker lists anew
    window.tools_entry = wire_tools(parts, window)  # Settings → Tools…
    window.tool_flow = wire_tool_flow(parts, window)  # the chat's answers may call tools
    wire_attachments(parts, window)  # files and images sent with a message
    window.sources = wire_sources(parts)  # what a question was sent with, the sources
    # The keyboard goes to the message box the moment the window is activated, not to the
    # first button until the start-up step runs.
    parts.composer.edit.setFocus()
    QTimer.singleShot(50, window, lambda: _start(parts))
    return window


def _wire(p: WindowParts, window: MainWindow) -> None:
    worker, models, chat, params_ctl = p.runtime.worker, p.models, p.chat, p.params_ctl
    # The runtime worker (queued: it lives on its own thread).
    models.loadRequested.connect(worker.load)
    models.unloadRequested.connect(worker.unload)
    worker.loadProgress.connect(models.on_progress)
    worker.loaded.connect(models.on_loaded)
    worker.loadFailed.connect(models.on_failed)
    worker.failed.connect(models.on_generation_failed)
    chat.generateRequested.connect(worker.generate)
    # Cancelling is a flag the busy worker reads: set it from here, at once.
    chat.cancelRequested.connect(worker.cancel_job, Qt.ConnectionType.DirectConnection)
    worker.tokens.connect(chat.on_tokens)  # before chunk: the text's token probabilities
    chat.recorder.k = p.settings.chat_logprobs_k
    params_ctl.candidatesChanged.connect(lambda k: setattr(chat.recorder, "k", k))
    worker.chunk.connect(chat.on_chunk)
    worker.finished.connect(chat.on_finished)
    worker.finished.connect(models.on_answer_finished)  # the first answer calibrates speed
    worker.failed.connect(chat.on_failed)
    worker.promptReady.connect(chat.on_prompt_ready)

    # The model: the chat waits for it, the top bar and the panel show it.
    models.runtimeNeeded.connect(chat.stop)  # an answer in flight would hold the runtime
    models.loaded.connect(params_ctl.model_loaded)  # before a waiting message is answered
    models.loaded.connect(lambda _m, plan: setattr(chat, "load_threads", plan.params.n_threads))
    models.stateChanged.connect(chat.set_model_state)
    models.failed.connect(chat.model_failed)
    models.planRefused.connect(chat.model_failed)
    models.loading.connect(params_ctl.model_gone)
    models.unloaded.connect(params_ctl.model_gone)
    models.failed.connect(params_ctl.model_gone)
    models.libraryChanged.connect(p.top_bar.set_models)
    models.libraryChanged.connect(lambda library, _name: params_ctl.set_library(library))
    models.libraryChanged.connect(lambda library, _name: p.browser.page.local.set_models(library))
    models.loading.connect(p.top_bar.show_loading)
    models.calibrating.connect(p.top_bar.show_calibrating)
    models.loaded.connect(p.top_bar.show_model)
    models.templateNotice.connect(p.top_bar.show_template_notice)
    models.failed.connect(p.top_bar.show_failed)
    models.unloaded.connect(p.top_bar.show_unloaded)
    models.planRefused.connect(window.show_refused)
    p.top_bar.loadRequested.connect(models.load_selected)
    p.top_bar.ejectRequested.connect(models.eject)
    params_ctl.loadRequested.connect(models.load)
    p.browser.libraryChanged.connect(models.refresh_library_async)

    # Sampling values, chat settings, and the chat's own widgets.
    params_ctl.samplingChanged.connect(chat.set_sampling)
    chat.chatOpened.connect(params_ctl.chat_opened)
    # Saved on every edit, to the chat that is open now (a later timer could hit another).
    p.params.systemPromptEdited.connect(chat.set_system_prompt)
    p.params.policyEdited.connect(chat.set_policy)
    chat.contextUsage.connect(p.params.set_context_usage)
    p.composer.sendRequested.connect(chat.send)
    p.view.promptChosen.connect(p.composer.edit.setPlainText)
    p.composer.stopRequested.connect(chat.stop)
    chat.sent.connect(p.composer.edit.clear)
    chat.busyChanged.connect(p.composer.set_busy)
    window.stopRequested.connect(chat.stop)
    window.copyAnswerRequested.connect(chat.copy_last_answer)

    # The chat list and what asks the user first.
    actions = p.actions
    chat.chatsChanged.connect(actions.refresh)
    chat.chatOpened.connect(actions.chat_opened)
    chat.editRequested.connect(actions.edit_message)
    chat.deleteRequested.connect(actions.delete_message)
    p.sidebar.newChatRequested.connect(chat.new_chat)
    p.sidebar.chatSelected.connect(chat.open_chat)
    p.sidebar.renameRequested.connect(actions.rename_chat)
    p.sidebar.deleteRequested.connect(actions.delete_chat)
    p.sidebar.searchChanged.connect(lambda _text: actions.refresh())
    window.newChatRequested.connect(chat.new_chat)
    window.exportRequested.connect(actions.export)
    window.tokenRequested.connect(p.browser.set_token)

    # Each part says its own sentences on the one status line.
    for source in (models, chat, params_ctl, p.browser, actions):
        source.status.connect(window.show_status)
    params_ctl.themeChosen.connect(
        lambda theme: p.view.set_dark(apply_theme(QApplication.instance(), theme)))
    _wire_server(p, window)
    _wire_library(p, window)
    window.closing.connect(lambda: _shut_down(p))
    window.closing.connect(window.documents.close)  # type: ignore[attr-defined]


def _wire_library(p: WindowParts, window: MainWindow) -> None:
    """The model picker popup (Ctrl+L) and dropping a model onto the window."""
    picker = ModelPicker(p.ctx, p.store, p.background, window)
    window.model_picker = picker  # type: ignore[attr-defined]  # for tests and screenshots
    p.models.libraryChanged.connect(lambda _library, _name: picker.set_groups(
        p.top_bar.models.items()))  # after the top bar has grouped the new library

    def open_picker() -> None:
        current = p.top_bar.selected()
        picker.popup(current.key if current else None)

    window.pickerRequested.connect(open_picker)
    p.top_bar.pickerRequested.connect(open_picker)
    picker.picked.connect(p.top_bar.choose)
    wire_remote(p, window, picker)  # the connections' models, loaded on their servers

    importer = DropImporter(p.ctx.paths.models_dir, p.background, window)
    window.drop_importer = importer  # type: ignore[attr-defined]
    window.setAcceptDrops(True)
    importer.watch(window, p.composer.edit.viewport())
    importer.status.connect(window.show_status)
    importer.imported.connect(lambda _path: p.models.refresh_library_async())


def _wire_server(p: WindowParts, window: MainWindow) -> None:
    server, page = p.server, p.server_page
    page.runningRequested.connect(server.set_running)
    page.settingEdited.connect(server.set_setting)
    server.stateChanged.connect(page.show_state)
    server.addressChanged.connect(page.show_address)
    server.failed.connect(page.show_error)
    server.loadedChanged.connect(page.show_loaded)
    server.logged.connect(page.add_entry)
    server.status.connect(window.show_status)


def _start(p: WindowParts) -> None:
    """Once the window is on screen: the chats, the downloads, the library and the model."""
    if p.background.closing:
        return
    p.view.warm_up()
    p.browser.start()
    p.actions.refresh()
    p.chat.open_latest()
    p.models.refresh_library_async()  # then the last used model (or the starter) loads
    if p.settings.server_at_start:
        p.server.start()
    p.composer.edit.setFocus()  # typing right away writes the message


def _shut_down(p: WindowParts) -> None:
    """Stop any answer, close the runtime, and let the threads end (bounded)."""
    p.background.close()  # nothing new starts; answers still arriving are dropped
    p.params_ctl.close()
    p.chat.close_chat()
    p.server.close()  # requests under way get the server's grace time; its models unload
    p.runtime.stop_everything()  # a load or an answer in flight stops; none starts
    p.browser.close()  # running downloads pause; they resume at the next start
    p.runtime.shutdown()
    p.background.wait(2000)
