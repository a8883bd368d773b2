"""The line under an answer: how it ended, its length and speed, or its error.

The sentences keep the chat controller's translation context, where they were first written.
"""

from __future__ import annotations

from typing import Any

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
    line = QCoreApplication.translate(
        "ChatController", "{tokens} tokens · {speed:.1f} tok/s · first token {ttft:.2f} s · "
        "{reason}").format(tokens=stats.get("generated_tokens", 0),
                           speed=stats.get("decode_tokens_per_second", 0.0),
                           ttft=stats.get("time_to_first_token", 0.0), reason=reason)
    return line + "".join(" · " + part for part in (*speculation_parts(stats),
                                                     *threads_parts(stats)))


def speculation_parts(stats: dict[str, Any]) -> list[str]:
    """"41/52 drafts accepted" and "1.4× faster" when the answer was drafted ([] if not)."""
    drafted = int(stats.get("drafted_tokens") or 0)
    if drafted <= 0:
        return []
    parts = [QCoreApplication.translate("ChatController", "{accepted}/{drafted} drafts accepted")
             .format(accepted=int(stats.get("accepted_tokens") or 0), drafted=drafted)]
    speedup = float(stats.get("speculation_speedup") or 0.0)
    if speedup >= 1:
        parts.append(QCoreApplication.translate("ChatController", "{speedup:.1f}× faster")
                     .format(speedup=speedup))
    elif speedup > 0:  # slower than plain decoding: said as plainly
        parts.append(QCoreApplication.translate("ChatController", "{speedup:.1f}× plain speed")
                     .format(speedup=speedup))
    return parts


def threads_parts(stats: dict[str, Any]) -> list[str]:
    """"1 thread (busy)" when decoding ended on fewer threads than the model was
    loaded with: other programs wanted the cores ([] otherwise)."""
    threads, loaded = int(stats.get("threads") or 0), int(stats.get("load_threads") or 0)
    if not 0 < threads < loaded:
        return []
    if threads == 1:
        return [QCoreApplication.translate("ChatController", "1 thread (busy)")]
    return [QCoreApplication.translate("ChatController", "{threads} threads (busy)")
            .format(threads=threads)]
