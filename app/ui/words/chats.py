"""Chat titles in the window's language: a chat not titled yet carries the core's placeholder."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.chat.conversation import DEFAULT_TITLE


def chat_title(title: str) -> str:
    """``title`` as shown; the placeholder ("New chat") in the window's language."""
    if title == DEFAULT_TITLE:
        return QCoreApplication.translate("Sidebar", "New chat")
    return title
