"""The chat page's logic: what happens on send, stop, regenerate, edit, version switch, delete.

State lives in the ``ChatStore`` and the in-memory ``Conversation``; this object keeps the view in
step with them and drives the runtime worker through queued signals (the GUI thread never
waits on the runtime). What it knows of the model and of the sampling values arrives through
its slots, from signals. A streaming answer is saved at least once a second and when it ends.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from app.core.chat.conversation import Conversation, StoredMessage
from app.core.chat.logprobs import LogprobsRecorder
from app.core.chat.store import ChatStore, ChatSummary
from app.core.errors import NoModelLoadedError, OndolError
from app.core.runtime import events as ev
from app.core.types.params import SamplingParams
from app.ui.announce import announce
from app.ui.chat.chat_view import ChatView, MessageItem
from app.ui.chat.footer import footer_text
from app.ui.chat.forced import Forced
from app.ui.words.errors import error_record, error_text

SAVE_INTERVAL = 1.0  # a crash loses at most this much of a streaming answer


class ChatController(QObject):
    """Connects the store, the chat view and the runtime worker for the open chat."""

    generateRequested = Signal(int, object, object, str)  # job id, messages, sampling, policy
    cancelRequested = Signal(int)  # job id: stop it wherever it is (connect it directly)
    busyChanged = Signal(bool)
    sent = Signal()  # the message was taken: the box may be cleared
    chatsChanged = Signal()
    chatOpened = Signal(object)  # ChatSummary
    contextUsage = Signal(int, int)  # tokens used, context length
    status = Signal(str)  # a sentence for the status line

    def __init__(self, store: ChatStore, view: ChatView) -> None:
        super().__init__()
        self.store = store
        self.view = view
        self.sampling = SamplingParams()  # what the next answer uses (set by set_sampling)
        self._model_state = "none"  # "none", "loading" or "ready" (set by set_model_state)
        self._model_name: str | None = None
        self._jobs = itertools.count(1)
        self.summary: ChatSummary | None = None
        self.conversation: Conversation | None = None
        self._job: int | None = None  # the generation in flight
        self.answer_id: int | None = None  # the message it writes
        self._waiting_for_model = False
        self.answer_parts: list[str] = []  # its text so far (a tool turn keeps only words)
        self.recorder = LogprobsRecorder()  # the answer's token probabilities (k: a setting)
        self.forced: Forced | None = None  # the next answer continues these tokens
        self._last_save = 0.0
        self._n_ctx = self.load_threads = 0  # load_threads: the loaded model's, for the footer
        view.actionRequested.connect(self._on_action)

    # -- chats -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """An answer is streaming or waiting for the model."""
        return self.answer_id is not None

    def open_latest(self) -> None:
        """At start: the most recent chat, or a new one."""
        chats = self.store.list_chats()
        if chats:
            self.open_chat(chats[0].id)
        else:
            self.new_chat()

    def open_chat(self, chat_id: int) -> None:
        """Show a saved chat (an answer still streaming elsewhere is stopped and kept)."""
        if self.summary is not None and self.summary.id == chat_id:
            return  # already open: do not stop its answer
        self._abandon_stream()
        self.summary = self.store.get_chat(chat_id)
        self.conversation = self.store.load_conversation(chat_id)
        self.chatOpened.emit(self.summary)
        self._render()

    def new_chat(self) -> None:
        """Start an empty chat."""
        self._abandon_stream()
        self.summary = self.store.create_chat(model=self._model_name)
        self.conversation = self.store.load_conversation(self.summary.id)
        self.chatOpened.emit(self.summary)
        self.chatsChanged.emit()
        self._render()

    def set_system_prompt(self, text: str) -> None:
        """This chat's system prompt (saved at once: one small UPDATE per edit)."""
        if self.summary is not None and text != self.summary.system_prompt:
            self.store.set_chat_settings(self.summary.id, system_prompt=text)
            self.summary = self.store.get_chat(self.summary.id)

    def set_policy(self, policy: str) -> None:
        """This chat's overflow policy."""
        if self.summary is not None:
            self.store.set_chat_settings(self.summary.id, overflow_policy=policy)
            self.summary = self.store.get_chat(self.summary.id)

    def set_sampling(self, params: SamplingParams, remember: bool) -> None:
        """The sampling values in force; ``remember``: the chat keeps them (and its collections)."""
        self.sampling = params
        if remember and self.summary is not None:
            try:
                kept = {k: v for k, v in self.summary.params.items() if k == "collections"}
                self.store.set_chat_settings(self.summary.id, params=params.to_dict() | kept)
                self.summary = self.store.get_chat(self.summary.id)
            except OndolError as err:
                self.status.emit(error_text(err))

    def delete_chat(self, chat_id: int) -> None:
        """Delete a chat (confirmed already); if it is open, the next one opens."""
        current = self.summary is not None and self.summary.id == chat_id
        if current:
            self.close_chat()  # stop and settle its answer before the rows go
        self.store.delete_chat(chat_id)
        if current:
            self.summary = None
            self.open_latest()
        self.chatsChanged.emit()

    # -- sending ---------------------------------------------------------------------------

    def send(self, text: str) -> bool:
        """Add the user's message and ask for an answer (it waits if the model is loading).

        Returns False (and says why) when the message was not taken, so the box keeps it.
        """
        if self.busy:
            self.status.emit(self.tr("Wait for the answer to finish, or stop it."))
            return False
        if self.summary is None or self.conversation is None:
            self.new_chat()
        assert self.summary is not None and self.conversation is not None
        last = self.conversation.last_message()
        question = self.store.add_message(self.summary.id, last.id if last else None, "user",
                                          text)
        self.sent.emit()
        self._start_answer(question.id, appended=True)
        self.chatsChanged.emit()  # the title may have come from this message
        return True

    def regenerate(self, answer_id: int) -> None:
        """A new version of an answer; the old one stays browsable."""
        if self.busy:
            self.status.emit(self.tr("Wait for the answer to finish, or stop it."))
            return
        if self.conversation is None:
            return
        answer = self.conversation.get(answer_id)
        if answer.parent_id is not None:
            self._start_answer(answer.parent_id)

    def edit(self, question_id: int, text: str) -> None:
        """A new version of a question, answered afresh; the old branch stays browsable."""
        if self.busy:
            self.status.emit(self.tr("Wait for the answer to finish, or stop it."))
            return
        if self.summary is None or self.conversation is None:
            return
        old = self.conversation.get(question_id)
        question = self.store.add_message(self.summary.id, old.parent_id, "user", text)
        self._start_answer(question.id)

    def _start_answer(self, question_id: int, appended: bool = False) -> None:
        """Create the answer and stream into it. ``appended``: the question is new at the end
        of the chat, so only it is drawn (no re-render of the whole conversation)."""
        assert self.summary is not None
        answer = self.store.add_message(self.summary.id, question_id, "assistant", "",
                                        model=self._model_name, complete=False)
        self.conversation = self.store.load_conversation(self.summary.id)
        self.answer_id = answer.id
        self.answer_parts = []
        self.recorder.clear()
        self._last_save = time.monotonic()
        if appended:
            self.view.append_message(self._item(self.conversation.get(question_id)))
        else:
            self._render()
        self.view.begin_stream(MessageItem(answer.id, "assistant", ""))
        self.busyChanged.emit(True)
        if self._model_state == "ready":
            self._request_generation()
        elif self._model_state == "loading":
            self._waiting_for_model = True
            self.status.emit(self.tr("The message will be answered when the model has loaded."))
        else:
            self._finish_with_error(NoModelLoadedError(self.tr(
                "No model is loaded: pick one above and press Load, then send again.")))

    def set_model_state(self, state: str, name: str | None) -> None:
        """What the model is doing ("none", "loading", "ready"); a message waiting for the
        model is answered once it is ready."""
        self._model_state, self._model_name = state, name
        if state == "ready" and self._waiting_for_model:
            self._waiting_for_model = False
            self._request_generation()

    def model_failed(self, error: OndolError) -> None:
        """Loading failed: a waiting message gets the error instead of an answer."""
        if self._waiting_for_model:
            self._waiting_for_model = False
            self._finish_with_error(error)

    def _request_generation(self) -> None:
        assert self.summary is not None and self.conversation is not None
        messages = self.conversation.messages_for_model(self.summary.system_prompt)
        try:
            sampling = self.sampling.validate()
        except OndolError as err:
            self._finish_with_error(err)
            return
        # The chat remembers the model and parameters of its latest answer.
        self.store.set_chat_settings(self.summary.id, model=self._model_name,
                                     params=sampling.to_dict())
        sampling = self.recorder.ask(sampling)  # after: the chat remembers the user's values
        self._job = next(self._jobs)
        if self.forced is not None:  # their text comes first, without probabilities: add them
            sampling = replace(sampling, answer_prefix=self.forced.prefix)
            self.on_tokens(self._job, [(self.forced.pieces, self.forced.logprobs)])
        self.generateRequested.emit(self._job, messages, sampling, self.summary.overflow_policy)

    def stop(self) -> None:
        """Stop the answer now (the flag is read by the runtime per token)."""
        if self._waiting_for_model:
            self._waiting_for_model = False
            self._finish(ev.Stats(0), "cancelled")
        elif self._job is not None:
            self.cancelRequested.emit(self._job)

    # -- worker signals --------------------------------------------------------------------

    def on_chunk(self, job_id: int, text: str) -> None:
        """New text for the answer in flight (stale jobs are ignored)."""
        if job_id != self._job or self.answer_id is None:
            return
        self.answer_parts.append(text)
        self.view.append_stream(text)
        now = time.monotonic()
        if now - self._last_save >= SAVE_INTERVAL:
            # The text only: the probabilities go with the final save (encoding them all
            # again every second would pause a long answer for 100 ms and more).
            self.store.update_message(self.answer_id, "".join(self.answer_parts), complete=False)
            self._last_save = now

    def on_tokens(self, job_id: int, batches: list[Any]) -> None:
        """The tokens of the text that comes next, with their probabilities (kept)."""
        if job_id == self._job:
            self.recorder.add(batches)
            self.view.probs.add_tokens(batches)

    def on_finished(self, job_id: int, done: ev.Done) -> None:
        """The answer ended (stop, length or cancelled)."""
        if job_id == self._job:
            self._finish(done.stats, done.reason)

    def on_failed(self, job_id: int, error: OndolError) -> None:
        """The runtime could not answer."""
        if job_id == self._job:
            self._finish_with_error(error)

    def _finish(self, stats: ev.Stats, reason: str) -> None:
        if self.answer_id is None:
            return
        details = {**stats.to_dict(), "stop_reason": reason, "load_threads": self.load_threads}
        answer = "".join(self.answer_parts)
        self._save_final(details)
        # Screen readers hear the answer once, whole, when it ends (never token by token).
        announce(self.view, answer)
        if self._n_ctx:
            self.contextUsage.emit(stats.prompt_tokens + stats.generated_tokens, self._n_ctx)

    def on_prompt_ready(self, job_id: int, _prompt_tokens: int, n_ctx: int) -> None:
        """The context length the answer was made in (for the gauge)."""
        if job_id == self._job:
            self._n_ctx = n_ctx

    def _finish_with_error(self, error: OndolError) -> None:
        self.status.emit(error_text(error))
        self._save_final({**error_record(error), "stop_reason": "error"})

    def _save_final(self, stats: dict[str, Any]) -> None:
        answer_id, summary = self.answer_id, self.summary
        if answer_id is None:
            return
        # Whatever happens while saving, the chat must not stay "busy" for good.
        self.answer_id = self._job = self.forced = None
        try:
            if summary is not None:
                text = "".join(self.answer_parts)
                self.store.update_message(answer_id, text, complete=True, stats=stats,
                                          logprobs=self.recorder.record(text))
                self.conversation = self.store.load_conversation(summary.id)
                self.view.end_stream(self._item(self.conversation.get(answer_id)))
        except OndolError as err:
            self.status.emit(error_text(err))
        finally:
            self.busyChanged.emit(False)

    def close_chat(self) -> None:
        """The window is closing: keep what an unfinished answer wrote."""
        self._abandon_stream()

    def _abandon_stream(self) -> None:
        """Leaving a chat mid-answer: stop it and keep what was written."""
        if self.answer_id is None:
            return
        if self._job is not None:
            self.cancelRequested.emit(self._job)
        self._waiting_for_model = False
        self._save_final({"stop_reason": "cancelled"})

    # -- message actions -------------------------------------------------------------------

    editRequested = Signal(int, str)  # message id, its text: the window asks for the new text
    deleteRequested = Signal(int, int)  # message id, how many messages go with it: to confirm

    def _on_action(self, action: str, message_id: int) -> None:
        if self.conversation is None or message_id not in self.conversation.messages:
            return
        if action == "copy":
            QGuiApplication.clipboard().setText(self.conversation.get(message_id).content)
        elif action == "regenerate":
            self.regenerate(message_id)
        elif action in ("prev", "next"):
            self.select_version(message_id, -1 if action == "prev" else 1)
        elif self.busy and action in ("delete", "edit"):
            self.status.emit(self.tr("Wait for the answer to finish, or stop it."))
        elif action == "delete":
            self.deleteRequested.emit(message_id, self._descendants(message_id))
        elif action == "edit":
            self.editRequested.emit(message_id, self.conversation.get(message_id).content)

    def copy_last_answer(self) -> None:
        """Put the newest answer of the chat on the clipboard (and say so)."""
        path = self.conversation.active_path() if self.conversation is not None else []
        answers = [m for m in path if m.role == "assistant" and m.content
                   and m.id != self.answer_id]
        if not answers:
            self.status.emit(self.tr("There is no answer to copy yet."))
            return
        QGuiApplication.clipboard().setText(answers[-1].content)
        self.status.emit(self.tr("Copied the last answer."))

    def _descendants(self, message_id: int) -> int:
        assert self.conversation is not None
        count, stack = 0, [message_id]
        while stack:
            children = self.conversation.children(stack.pop())
            count += len(children)
            stack.extend(m.id for m in children)
        return count

    def select_version(self, message_id: int, step: int) -> None:
        """Show the previous / next version of a message."""
        if self.busy or self.conversation is None:
            return
        siblings = self.conversation.siblings(message_id)
        index = [m.id for m in siblings].index(message_id) + step
        if 0 <= index < len(siblings):
            self.store.select_version(siblings[index].id)
            self.conversation.select(siblings[index].id)
            self._render()

    def delete_message(self, message_id: int) -> None:
        """Delete a message (and what followed it in that branch)."""
        if self.busy or self.summary is None:
            return
        self.store.delete_message(message_id)
        self.conversation = self.store.load_conversation(self.summary.id)
        self._render()

    # -- drawing ---------------------------------------------------------------------------

    def _render(self) -> None:
        if self.conversation is None:
            self.view.show_messages([])
            return
        self.view.probs.forget()  # versions and deletions change what is stored
        items = [self._item(m) for m in self.conversation.active_path()
                 if m.id != self.answer_id]
        self.view.show_messages(items)

    def _item(self, message: StoredMessage) -> MessageItem:
        assert self.conversation is not None
        return MessageItem(message.id, message.role, message.content,
                           self.conversation.version_index(message.id), footer_text(message),
                           has_logprobs=message.has_logprobs)
