"""Tools in the window's chat: the ``ToolService`` and the ``ToolFlow``, put between the chat
controller and the runtime worker.

The flow takes the worker's answer signals in the controller's place (passing them on when an
answer uses no tools), so the controller needs no knowledge of tools. The servers restart when
Settings → Tools… saves, and every server process ends with the window.
"""

from __future__ import annotations

from typing import Any

from app.core.settings.tool_servers import ToolSettingsStore
from app.ui.chat.tool_flow import ToolFlow, card_placer
from app.ui.tool_service import ToolService
from app.ui.words.errors import error_text


def wire_tool_flow(parts: Any, window: Any) -> ToolFlow:
    """Build the window's tool service and flow and connect them (after ``_wire``).

    Raises:
        nothing.
    """
    chat, view, worker = parts.chat, parts.view, parts.runtime.worker
    service = ToolService(ToolSettingsStore(parts.ctx.paths.tool_servers_file),
                          parts.background)
    flow = ToolFlow(chat, service, parts.store, card_placer(parts.composer))
    # The flow stands in the controller's place on the worker's answer signals.
    chat.generateRequested.disconnect(worker.generate)
    chat.generateRequested.connect(flow.on_generate)
    flow.generateRequested.connect(worker.generate_tools)
    for signal, old, new in ((worker.tokens, chat.on_tokens, flow.on_tokens),
                             (worker.chunk, chat.on_chunk, flow.on_chunk),
                             (worker.finished, chat.on_finished, flow.on_finished),
                             (worker.failed, chat.on_failed, flow.on_failed)):
        signal.disconnect(old)
        signal.connect(new)
    if hasattr(worker, "toolCalls"):  # calls a server sent apart from the text
        worker.toolCalls.connect(flow.on_tool_calls)
    worker.loaded.connect(flow.model_loaded)  # does its template take tools?
    chat.cancelRequested.connect(flow.on_cancel)  # Stop, leaving the chat, closing
    chat.chatOpened.connect(flow.chat_opened)
    view.anchorClicked.connect(flow.on_link)
    view.tool_html = flow.blocks_html
    window.tools_entry.toolsChanged.connect(service.restart)
    # A server that did not start: the chat goes on without it, and the status line says why.
    service.problems.connect(lambda problems: window.show_status(
        " ".join(error_text(error) for error in problems.values())))
    window.closing.connect(service.close)  # after _shut_down: no server outlives the window
    window.tool_service = service
    return flow
