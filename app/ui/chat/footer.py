"""The line under an answer: how it ended, its length and speed, or its error.

The sentences keep the chat controller's translation context, where they were first written.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.chat.conversation import StoredMessage
from app.ui.words.errors import saved_error_text


def footer_text(message: StoredMessage) -> str:
    """The footer of a saved message ("" for questions and answers without figures)."""
    stats = message.stats or {}
    if message.role != "assistant" or not stats:
        return ""
    if "error" in stats:
        return QCoreApplication.translate("ChatController", "Error: {message}").format(
            message=saved_error_text(stats))
    reasons = {"stop": QCoreApplication.translate("ChatController", "finished"),
               "length": QCoreApplication.translate("ChatController", "length limit"),
               "cancelled": QCoreApplication.translate("ChatController", "stopped")}
    reason = reasons.get(stats.get("stop_reason", ""), stats.get("stop_reason", ""))
    if not stats.get("generated_tokens"):
        return reason
    return QCoreApplication.translate(
        "ChatController", "{tokens} tokens · {speed:.1f} tok/s · first token {ttft:.2f} s · "
        "{reason}").format(tokens=stats.get("generated_tokens", 0),
                           speed=stats.get("decode_tokens_per_second", 0.0),
                           ttft=stats.get("time_to_first_token", 0.0), reason=reason)
