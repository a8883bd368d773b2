"""What the window is made of: its widgets and the objects behind them, built and wired in one
place (``app.ui.compose``)."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.chat.store import ChatStore
from app.core.context import AppContext
from app.core.settings.settings import Settings
from app.ui.background import Background
from app.ui.browser.controller import BrowserController
from app.ui.chat.actions import ChatActions
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.chat.controller import ChatController
from app.ui.inside.page import InsidePage
from app.ui.model_controller import ModelController
from app.ui.params_controller import ParamsController
from app.ui.params_panel import ParamsPanel
from app.ui.server_controller import ServerController
from app.ui.server_page import ServerPage
from app.ui.sidebar import Sidebar
from app.ui.threads import RuntimeThread
from app.ui.top_bar import TopBar


@dataclass
class WindowParts:
    """One window's widgets, controllers and threads."""

    ctx: AppContext
    store: ChatStore
    settings: Settings
    background: Background  # blocking calls off the GUI thread
    runtime: RuntimeThread  # the runtime worker and its thread
    models: ModelController
    chat: ChatController
    actions: ChatActions
    params_ctl: ParamsController
    browser: BrowserController  # the Models page and its workers
    sidebar: Sidebar
    top_bar: TopBar
    view: ChatView
    composer: Composer
    params: ParamsPanel
    server: ServerController  # the local server behind the Server page
    server_page: ServerPage
    inside_page: InsidePage  # tokens, the next-token choice, the prompt
