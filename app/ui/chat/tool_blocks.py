"""The tool calls of an answer as HTML blocks inside the conversation.

Each settled call is a tinted block: the tool and its server, the arguments in a code block,
then what came of it. A result is folded behind a "Show result" link (``ondol-tool:`` links,
handled by ``ToolFlow``), since results can be long; a failed or denied call says so in the
error colour. Rendered by the chat view for each answer that has steps.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QUrl

from app.core.chat.tool_steps import DENIED, DONE, SKIPPED, ToolStep
from app.ui.chat.tool_cards import RESULT_PREVIEW, pretty_arguments
from app.ui.render.colours import ChatColours

TOOL_SCHEME = "ondol-tool"


def tool_link(message_id: int, index: int) -> str:
    """The link that folds or unfolds the result of a message's ``index``-th call."""
    return f"{TOOL_SCHEME}:{message_id}:{index}"


def parse_tool_link(url: QUrl) -> tuple[int, int] | None:
    """(message id, call index) of a fold link, None for any other link."""
    if url.scheme() != TOOL_SCHEME:
        return None
    message, _, index = url.path().partition(":")
    return (int(message), int(index)) if message.isdigit() and index.isdigit() else None


def outcome_text(step: ToolStep) -> str:
    """One short sentence on what came of the call."""
    if step.state == DONE:
        return QCoreApplication.translate("ToolBlocks", "Done.")
    if step.state == DENIED:
        if step.reason == "stopped":
            return QCoreApplication.translate("ToolBlocks", "Stopped.")
        return QCoreApplication.translate("ToolBlocks", "Denied.")
    if step.state == SKIPPED:
        return QCoreApplication.translate("ToolBlocks", "Not run.")
    return QCoreApplication.translate("ToolBlocks", "The call failed.")


def steps_html(steps: list[ToolStep], message_id: int, unfolded: set[tuple[int, int]],
               colours: ChatColours, error: str) -> str:
    """The blocks for an answer's ``steps``; ``unfolded`` holds the (message, index) pairs
    whose result is shown; ``error`` is the error role's colour."""
    return "".join(_step_html(step, message_id, i, (message_id, i) in unfolded, colours, error)
                   for i, step in enumerate(steps))


def _step_html(step: ToolStep, message_id: int, index: int, shown: bool,
               colours: ChatColours, error: str) -> str:
    server = step.server or QCoreApplication.translate("ToolBlocks", "unknown server")
    title = QCoreApplication.translate("ToolBlocks", "{tool} · {server}").format(
        tool=step.tool or step.name, server=server)
    arguments = html.escape(pretty_arguments(step.arguments))
    colour = error if step.is_error else colours.muted
    parts = [f'<p style="margin:0"><b>{html.escape(title)}</b></p>',
             f'<pre style="margin:4px 0">{arguments}</pre>']
    line = f'<span style="color:{colour}">{html.escape(outcome_text(step))}</span>'
    if step.result:
        label = (QCoreApplication.translate("ToolBlocks", "Hide result") if shown
                 else QCoreApplication.translate("ToolBlocks", "Show result"))
        line += (f' &nbsp;<a href="{tool_link(message_id, index)}" '
                 f'style="color:{colours.link}">{html.escape(label)}</a>')
    parts.append(f'<p style="margin:0">{line}</p>')
    if shown and step.result:
        text = step.result[:RESULT_PREVIEW] + ("…" if len(step.result) > RESULT_PREVIEW else "")
        style = f"margin:4px 0;color:{error}" if step.is_error else "margin:4px 0"
        parts.append(f'<pre style="{style}">{html.escape(text)}</pre>')
    return (f'<table width="100%" cellpadding="8" cellspacing="0" style="margin-top:8px;'
            f'margin-bottom:8px;background-color:{colours.code_bg}"><tr><td>'
            f'{"".join(parts)}</td></tr></table>')
