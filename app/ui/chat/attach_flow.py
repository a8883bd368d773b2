"""Sending a message with attachments: the files are read (whole, or indexed and searched) and
the images prepared before the model is asked, off the GUI thread.

The flow stands between the chat controller and the runtime side on ``generateRequested``:
an answer to a message sent without attachments passes straight on; one sent with them waits
while its question is grounded (``ground``), the grounding and the images are stored with the
question, and the conversation, read again, gives the messages the model gets. Stop cancels
the reading; an image for a model that cannot see is refused before anything is sent.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.chat.attachments import RETRIEVED, Grounding
from app.core.errors import DocumentError, OndolError
from app.core.runtime import events as ev
from app.ui.announce import announce
from app.ui.chat.attach_bar import Attached
from app.ui.chat.attach_work import GroundingJob, run_grounding
from app.ui.chat.chat_view import MessageItem
from app.ui.words.errors import error_text

COLLECTIONS_KEY = "collections"  # a chat's params: the collections it searches
# An image's share of the window, roughly: 256 tokens for Gemma 3, ~1,000 for Qwen2-VL at
# 1024 px; the overflow policy covers the rest.
IMAGE_TOKENS = 512


@dataclass
class _Running:
    """A question being grounded: the answer's job waits for it."""

    job: int
    answer_id: int
    question_id: int
    chat_id: int
    items: list[Attached]
    args: tuple[Any, str]  # sampling, overflow policy
    cancel: threading.Event


class AttachFlow(QObject):
    """Grounds a question's attachments before its answer is generated."""

    generateRequested = Signal(int, object, object, str)  # to the runtime side, as the chat's
    embeddingNeeded = Signal(object)  # RetrievalError no_embedding_model: offer the download
    stage = Signal(str)  # "reading" | "searching" (emitted from the worker thread)

    def __init__(self, chat: Any, store: Any, bar: Any, documents: Any, background: Any
                 ) -> None:
        super().__init__()
        self.chat, self.store, self.bar = chat, store, bar
        self.documents, self.background = documents, background
        self.model: Any = None  # the loaded model (its vision, context length, projector)
        self._pending: list[Attached] | None = None  # attached to the message being sent
        self.running: _Running | None = None
        self.stage.connect(self._show_stage)
        chat.busyChanged.connect(self._busy_changed)
        bar.changed.connect(self._warn_images)  # say it when the image is attached

    # -- the model -------------------------------------------------------------------------

    def model_loaded(self, _job: int, model: Any) -> None:
        """A model is loaded: whether it sees images, and its context length."""
        self.model = model
        self._warn_images()

    def model_gone(self, *_args: Any) -> None:
        """The model was unloaded (or another is loading)."""
        self.model = None
        self._warn_images()

    def _warn_images(self) -> None:
        """An image waits in the composer for a model that cannot see: say so now, before
        anything is sent (and stop saying it once that is no longer true)."""
        if self.running is not None:
            return  # the line shows the reading under way
        words = error_text(DocumentError("The loaded model cannot take images.",
                                         reason="no_vision"))
        warn = (self.model is not None and not self.sees_images()
                and any(i.image for i in self.bar.items()))
        shown = "" if self.bar.progress.isHidden() else self.bar.progress.text()
        if warn and shown != words:
            self.bar.show_progress(words, error=True)
        elif not warn and shown == words:
            self.bar.show_progress("")

    def sees_images(self) -> bool:
        """The loaded model takes images (a projector loaded, and it runs here)."""
        model = self.model
        return bool(model is not None and getattr(model, "vision", False)
                    and not str(getattr(model, "path", "")).startswith("remote:"))

    # -- sending ---------------------------------------------------------------------------

    def send(self, text: str) -> bool:
        """The composer's Send: the message with what is attached (refused, keeping it all,
        when an image goes to a model that cannot see). False when nothing was sent."""
        items = self.bar.items()
        if not items:
            return bool(self.chat.send(text))
        if any(i.image for i in items) and self.model is not None and not self.sees_images():
            self.refuse(DocumentError("The loaded model cannot take images.",
                                      reason="no_vision"))
            return False
        self._pending = items
        sent = bool(self.chat.send(text))
        if sent:
            self.bar.clear()
        if not sent or not self.chat.busy:  # refused, or failed at once (no model)
            self._pending = None
        return sent

    def refuse(self, error: OndolError) -> None:
        """Say why nothing was sent (the message and its attachments stay in the composer)."""
        text = error_text(error)
        self.bar.show_progress(text, error=True)
        self.chat.status.emit(text)

    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self._pending = None  # stopped while waiting for the model: nothing carries over

    def on_generate(self, job: int, messages: list[Any], sampling: Any, policy: str) -> None:
        """The chat asks for an answer: straight on, or after its question is grounded."""
        items, self._pending = self._pending or [], None
        chat = self.chat
        question = _question_of(chat)
        # Grounded once: a regenerated answer gets what its question was first sent with.
        if chat.summary is None or question is None or not (items or (
                question.grounding is None and _searches(chat.summary, chat.conversation))):
            self.generateRequested.emit(job, messages, sampling, policy)
            return
        if any(i.image for i in items) and not self.sees_images():
            self.bar.add_paths([i.path for i in items])  # sent nowhere: back to the composer
            chat.on_failed(job, DocumentError("The loaded model cannot take images.",
                                              reason="no_vision"))
            return
        question_id = chat.conversation.get(chat.answer_id).parent_id
        running = _Running(job, chat.answer_id, question_id, chat.summary.id, items,
                           (sampling, policy), threading.Event())
        self.running = running
        work = GroundingJob(
            question=chat.conversation.get(question_id).content,
            files=[i.path for i in items if not i.image],
            images=[i.path for i in items if i.image],
            n_ctx=int(getattr(self.model, "n_ctx", 0) or 4096),
            used=_used_tokens(messages) + IMAGE_TOKENS * sum(1 for i in items if i.image),
            collections=list(chat.summary.params.get(COLLECTIONS_KEY) or []),
            chat_id=chat.summary.id, chat_created=chat.summary.created_at,
            searches=_searches(chat.summary, chat.conversation),
            projector=_projector(self.model),
            documents=self.documents, cancel=running.cancel, report=self.stage.emit)
        self._show_stage("reading")
        started = self.background.run(lambda: run_grounding(work),
                                      lambda result: self._grounded(running, result),
                                      lambda error: self._failed(running, error))
        if not started:
            self.running = None

    def cancel(self, job: int | None = None) -> None:
        """Stop: the reading or searching under way ends (the answer ends as cancelled)."""
        running = self.running
        if running is None or (job is not None and job != running.job):
            return
        running.cancel.set()
        self.documents.cancel(running.cancel)  # its batch being embedded stops now

    # -- answers from the worker -----------------------------------------------------------

    def _grounded(self, running: _Running, result: tuple[Grounding, list[bytes]]) -> None:
        grounding, images = result
        if not self._finish(running):
            return
        try:
            self.store.save_grounding(running.question_id, grounding, images)
        except OndolError as error:
            self.chat.on_failed(running.job, error)
            return
        chat = self.chat
        if running.cancel.is_set():
            chat.on_finished(running.job, ev.Done(running.job, "cancelled",
                                                  ev.Stats(running.job)))
            return
        chat.conversation = self.store.load_conversation(running.chat_id)
        chat._render()  # the question again, now with what it was sent with
        chat.view.begin_stream(MessageItem(running.answer_id, "assistant", ""))
        messages = chat.conversation.messages_for_model(chat.summary.system_prompt)
        sampling, policy = running.args
        self.generateRequested.emit(running.job, messages, sampling, policy)

    def _failed(self, running: _Running, error: OndolError) -> None:
        if not self._finish(running):
            return
        if error.facts.get("reason") == "cancelled" or running.cancel.is_set():
            self.chat.on_finished(running.job, ev.Done(running.job, "cancelled",
                                                       ev.Stats(running.job)))
            return
        self.chat.on_failed(running.job, error)
        if error.facts.get("reason") == "no_embedding_model":
            # Nothing was read: the files go back to the composer for the next try.
            self.bar.add_paths([i.path for i in running.items])
            self.embeddingNeeded.emit(error)

    def _finish(self, running: _Running) -> bool:
        """The worker is done: True when its answer is still the one being written."""
        if self.running is running:
            self.running = None
        self._show_stage("")
        return self.chat.answer_id == running.answer_id

    def _show_stage(self, stage: str) -> None:
        text = {"reading": self.tr("Reading files…"),
                "searching": self.tr("Searching the files…")}.get(stage, "")
        self.bar.show_progress(text)
        if text:
            announce(self.bar, text)


def _question_of(chat: Any) -> Any:
    """The question the answer being written replies to (None when there is none)."""
    if chat.answer_id is None:
        return None
    parent = chat.conversation.get(chat.answer_id).parent_id
    return chat.conversation.get(parent) if parent is not None else None


def _searches(summary: Any, conversation: Any) -> bool:
    """Whether every question of this chat is searched for passages: it searches collections,
    or earlier files of it were too long to send whole (they stay searchable)."""
    if summary.params.get(COLLECTIONS_KEY):
        return True
    return any(m.grounding is not None and m.grounding.mode == RETRIEVED
               for m in conversation.messages.values())


def _used_tokens(messages: list[Any]) -> int:
    """The conversation's size in tokens, estimated (images count as a fixed cost)."""
    from app.core.documents.chunks import estimate_tokens

    total = 0
    for message in messages:
        content = message.get("content", "")
        if isinstance(content, list):
            total += sum(estimate_tokens(part.get("text", "")) if part.get("type") == "text"
                         else IMAGE_TOKENS for part in content)
        else:
            total += estimate_tokens(str(content))
        total += 4  # the template's marks around each message
    return total


def _projector(model: Any) -> Path | None:
    """The loaded model's projector file, when it has one."""
    params = getattr(model, "params", None) or {}
    mmproj = params.get("mmproj") if isinstance(params, dict) else None
    return Path(mmproj) if mmproj else None

