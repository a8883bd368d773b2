"""Attachments and sources in the window's chat: the blocks under a question and under its
answers, and what their links open.

The chat view asks for each message's blocks (``under_html``) as it draws it; they come from
the open conversation: a question's grounding and images, and for an answer the sources of
the question it answers (every regenerated version shows the same ones). A source link opens
the whole passage (``PassageDialog``), a thumbnail the image larger (``ImageDialog``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QDialog

from app.core.chat.conversation import StoredMessage
from app.ui.chat.attachment_blocks import (
    IMAGE_SCHEME,
    SOURCE_SCHEME,
    image_title,
    parse_link,
    question_html,
    sources_html,
)
from app.ui.chat.controller import ChatController
from app.ui.chat.thumbnails import pixmap, thumbnail
from app.ui.style.tokens import colors


class SourcesView(QObject):
    """Draws a message's attachments or sources and opens what their links point at."""

    def __init__(self, chat: ChatController) -> None:
        super().__init__(chat)
        self.chat = chat
        self.dialog: QDialog | None = None  # the passage or image last opened

    def _message(self, message_id: int) -> StoredMessage | None:
        conversation = self.chat.conversation
        return conversation.messages.get(message_id) if conversation is not None else None

    def under_html(self, message_id: int) -> str:
        """The blocks under a message: a question's files, images and note; an answer's
        sources ("" for anything else)."""
        message = self._message(message_id)
        if message is None:
            return ""
        view = self.chat.view
        if message.role == "user":
            ratio = view.devicePixelRatioF()
            thumbs = [thumbnail(png, ratio) for png in message.images]
            return question_html(message.id, message.grounding, thumbs, view.colours,
                                 colors(view.dark).error)
        question = self._message(message.parent_id) if message.parent_id is not None else None
        if message.role != "assistant" or question is None or question.grounding is None:
            return ""
        return sources_html(message.id, question.grounding.sources, view.colours)

    def on_link(self, url: QUrl) -> None:
        """A source opens its passage; a thumbnail its image (other links are not ours)."""
        if (key := parse_link(url, SOURCE_SCHEME)) is not None:
            self.open_source(*key)
        elif (key := parse_link(url, IMAGE_SCHEME)) is not None:
            self.open_image(*key)

    def open_source(self, answer_id: int, number: int) -> None:
        """Show the ``number``-th source of an answer, whole."""
        answer = self._message(answer_id)
        question = (self._message(answer.parent_id)
                    if answer is not None and answer.parent_id is not None else None)
        if question is None or question.grounding is None:
            return
        source = next((s for s in question.grounding.sources if s.number == number), None)
        if source is not None:
            from app.ui.chat.passage_dialog import PassageDialog

            self._show(PassageDialog(source, self.chat.view.window()))

    def open_image(self, question_id: int, number: int) -> None:
        """Show a question's ``number``-th image larger (nothing for one that cannot be read)."""
        question = self._message(question_id)
        if question is None or not 0 <= number < len(question.images):
            return
        picture = pixmap(question.images[number])
        if picture is not None:
            from app.ui.chat.image_dialog import ImageDialog

            title = image_title(number, len(question.images))
            self._show(ImageDialog(picture, title, self.chat.view.window()))

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def wire_sources(parts: Any) -> SourcesView:
    """Show attachments and sources in the window's chat.

    Raises:
        nothing.
    """
    sources = SourcesView(parts.chat)
    parts.view.under_html = sources.under_html
    parts.view.anchorClicked.connect(sources.on_link)
    return sources
