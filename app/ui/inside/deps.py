"""What the Inside page's tabs need from the rest of the window, in one object."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.settings.settings import Settings
from app.ui.chat.controller import ChatController
from app.ui.model_controller import ModelController
from app.ui.params_controller import ParamsController
from app.ui.runtime_calls import RuntimeCalls


@dataclass
class InsideDeps:
    """The runtime (through ``calls``), the open chat, the loaded model and the panel's
    sampling values."""

    calls: RuntimeCalls  # questions to the runtime host, off the GUI thread
    chat: ChatController  # the open chat: its conversation and messages
    models: ModelController  # the loaded model, the library
    params: ParamsController  # the sampling values the panel holds
    settings: Settings
