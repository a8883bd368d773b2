"""An answer in which the model may call tools, driven in the window.

``ToolFlow`` stands between the chat controller and the runtime worker (``wire_tool_flow``
puts it there). Without tools every request and signal passes through unchanged. When some
tool server is on, the answer becomes a ``ToolTurn``: each round streams (the text of a call
is held back by ``CallStream``, so only words reach the view), the round's calls wait for the
user on a ``ToolCard`` above the message box (unless the tool is always allowed), run on the
``ToolService`` off the GUI thread, and the model answers again, until the turn ends. All the
rounds of one answer share its job id: the worker runs them one after another, and Stop
cancels the id, wherever the turn is (streaming, waiting on the card, or running a call).
Tools are offered only to a model whose chat template renders them (``LoadedModel.takes_tools``;
a remote server is trusted): the status line says so when a model cannot take them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QWidget

from app.core.chat.store import ChatStore
from app.core.chat.tool_steps import ASKING, ToolStep
from app.core.chat.tool_turn import ENDED_STOPPED, ToolTurn
from app.core.errors import OndolError
from app.core.runtime import events as ev
from app.core.tools.calls import CallStream
from app.core.tools.results import ToolResult, ToolSpec
from app.ui.chat.controller import ChatController
from app.ui.chat.tool_blocks import parse_tool_link, steps_html
from app.ui.chat.tool_cards import ALLOW_ALWAYS, DENY, ToolCard
from app.ui.style.tokens import colors
from app.ui.tool_service import ToolService
from app.ui.words.errors import error_text


class ToolFlow(QObject):
    """Drives the open chat's answers through tool calls; keeps the answers' steps to show."""

    # job id, messages, sampling, overflow policy, tools (None: answer in words)
    generateRequested = Signal(int, object, object, str, object)

    def __init__(self, chat: ChatController, service: ToolService, store: ChatStore,
                 place_card: Any) -> None:
        super().__init__(chat)
        self.chat, self.service, self.store = chat, service, store
        self.place_card = place_card  # place_card(card): shows it above the message box
        self.turn: ToolTurn | None = None
        self.card: ToolCard | None = None
        self.steps: dict[int, list[ToolStep]] = {}  # answer id -> its calls (shown)
        self.unfolded: set[tuple[int, int]] = set()  # (answer id, call index) results shown
        self._job: int | None = None  # the answer's job, while a turn or its tools are awaited
        self._args: tuple[Any, str] = (None, "")  # sampling, policy of the turn's rounds
        self._stream: CallStream | None = None
        self._raw: list[str] = []  # this round's text as the model wrote it
        self._shown = ""  # what the view got of this round
        self._calls: tuple[tuple[str, str, str], ...] = ()  # a server's structured calls
        self._queue: list[ToolStep] = []  # this round's calls still to decide or run
        self._rounds = 0
        self._stats = ev.Stats(0)  # the last round's
        self._epoch = 0  # late answers of a stopped turn are dropped
        self._takes_tools = False  # the loaded model's template renders tools

    @property
    def active(self) -> bool:
        """An answer with tools is under way (or its tools are being started)."""
        return self._job is not None

    # -- requests from the controller ------------------------------------------------------

    def model_loaded(self, _job: int, model: Any) -> None:
        """A model was loaded: tools are offered only where its chat template takes them (a
        model never taught to call tools answers worse for a list it cannot use)."""
        self._takes_tools = bool(getattr(model, "takes_tools", False))
        if not self._takes_tools and self.service.enabled():
            self.chat.status.emit(self.tr(
                "This model's chat template has no place for tools, so it is not offered them."))

    def on_generate(self, job: int, messages: list[Any], sampling: Any, policy: str) -> None:
        """The controller asks for an answer: with tools when some server is on and the
        model's template takes them."""
        if not self.service.enabled() or not self._takes_tools:
            self.generateRequested.emit(job, messages, sampling, policy, None)
            return
        self._job, self._args, epoch = job, (sampling, policy), self._epoch
        self.service.tools(lambda specs: self._start(epoch, messages, specs))

    def _start(self, epoch: int, messages: list[Any], specs: list[ToolSpec]) -> None:
        if epoch != self._epoch or self._job is None:
            return  # stopped while the servers started
        sampling, policy = self._args
        if not specs:  # no server started: a plain answer
            job, self._job = self._job, None
            self.generateRequested.emit(job, messages, sampling, policy, None)
            return
        self.turn = ToolTurn(messages, specs, self.service.settings().max_steps)
        self._rounds = 0
        self._round()

    def _round(self) -> None:
        assert self.turn is not None and self._job is not None
        self._rounds += 1
        self._stream, self._raw, self._shown, self._calls = CallStream(self.turn.specs), [], "", ()
        sampling, policy = self._args
        self.generateRequested.emit(self._job, list(self.turn.messages), sampling, policy,
                                    self.turn.offered())

    # -- worker signals ----------------------------------------------------------------------

    def on_chunk(self, job: int, text: str) -> None:
        """Streamed text: calls are held back, words go on to the controller."""
        if self.turn is None or job != self._job or self._stream is None:
            self.chat.on_chunk(job, text)
            return
        self._raw.append(text)
        visible = self._stream.feed(text)
        if visible and not self._shown and self.turn.text:
            visible = "\n\n" + visible.lstrip()  # a new round: a new paragraph
        if visible.strip() or self._shown:
            self._shown += visible
            self.chat.on_chunk(job, visible)

    def on_tokens(self, job: int, batches: list[Any]) -> None:
        """Token probabilities: not kept for an answer with calls (its text is not the
        model's text as written)."""
        if self.turn is None or job != self._job:
            self.chat.on_tokens(job, batches)

    def on_tool_calls(self, job: int, calls: tuple[tuple[str, str, str], ...]) -> None:
        """A server sent the round's calls apart from its text."""
        if self.turn is not None and job == self._job:
            self._calls = tuple(calls)

    def on_failed(self, job: int, error: OndolError) -> None:
        """The runtime could not answer: the turn ends, its calls are kept."""
        if job == self._job:
            self._settle()
        self.chat.on_failed(job, error)

    def on_finished(self, job: int, done: ev.Done) -> None:
        """A round ended: its calls wait for the user or run; or the answer ends."""
        turn = self.turn
        if turn is None or job != self._job:
            self.chat.on_finished(job, done)
            return
        if done.reason == "cancelled":
            self._end(done.stats, "cancelled")
            return
        text = "".join(self._raw)
        steps = turn.end_round(text, self._calls) if self._calls else turn.end_round(text)
        self._shown = ""  # the round's words are in the turn's text now
        self._stats = done.stats
        self._queue = [s for s in steps if s.state == ASKING]
        self._next()

    # -- one call after another ---------------------------------------------------------------

    def _next(self) -> None:
        turn = self.turn
        assert turn is not None
        while self._queue and turn.ended is None:
            step = self._queue[0]
            if step.state != ASKING:
                self._queue.pop(0)
            elif self.service.settings().is_allowed(step.server, step.tool):
                self._run(step)
                return
            else:
                self._show_card(step)
                return
        if turn.next_round() and self._rounds < 2 * turn.max_steps + 3:
            self._round()
        else:
            self._end(self._stats, "stop")

    def _show_card(self, step: ToolStep) -> None:
        self._hide_card()
        self.card = ToolCard(step)
        self.card.decided.connect(self._decided)
        self.place_card(self.card)
        self.card.allow_once.setFocus()  # Enter allows once; Tab reaches the other two

    def _hide_card(self) -> None:
        if self.card is not None:
            self.card.hide()
            self.card.deleteLater()
            self.card = None

    def _decided(self, call_id: str, choice: str) -> None:
        if self.turn is None or not self._queue or self._queue[0].call_id != call_id:
            return
        step = self._queue[0]
        if choice == DENY:
            self.turn.deny(step)
            self._queue.pop(0)
            self._hide_card()
            self._next()
            return
        if choice == ALLOW_ALWAYS:
            settings = self.service.settings()
            settings.allow_always(step.server, step.tool)
            try:
                self.service.settings_store.save(settings)
            except OndolError as err:
                self.chat.status.emit(error_text(err))
        self._run(step)

    def _run(self, step: ToolStep) -> None:
        assert self.turn is not None
        try:
            server, tool, arguments = self.turn.allow(step)
        except (ValueError, OndolError) as err:
            message = err.message if isinstance(err, OndolError) else str(err)
            self._called(self._epoch, step, ToolResult(message, True, False, "invalid_arguments"))
            return
        if self.card is not None:
            self.card.update_step(step)  # "Running…", the buttons gone
        epoch = self._epoch
        self.service.call(server, tool, arguments,
                          lambda result: self._called(epoch, step, result))

    def _called(self, epoch: int, step: ToolStep, result: ToolResult) -> None:
        if epoch != self._epoch or self.turn is None:
            return  # the turn was stopped: the late result is dropped
        self.turn.finish_call(step, result)
        if self._queue and self._queue[0] is step:
            self._queue.pop(0)
        self._hide_card()
        self._next()

    # -- the end --------------------------------------------------------------------------------

    def on_cancel(self, job: int) -> None:
        """Stop (or leaving the chat): the turn ends where it is, its calls are kept."""
        if self._job is None or job != self._job:
            return
        if self.turn is not None:
            self.turn.stop()
            self._end(ev.Stats(0), "cancelled")
        else:  # the servers were still starting: no round was asked for
            self._job = None
            self._epoch += 1
            self.chat.on_finished(job, ev.Done(0, "cancelled", ev.Stats(0)))

    def _settle(self) -> tuple[int, bool] | None:
        """Forget the turn; keep its calls with the answer. (job, whether it made calls)."""
        turn, job = self.turn, self._job
        self.turn, self._job, self._queue = None, None, []
        self._epoch += 1
        self._hide_card()
        if turn is None or job is None:
            return None
        text = turn.text
        if turn.ended == ENDED_STOPPED and self._shown.strip():  # the round cut short
            text = f"{text}\n\n{self._shown.strip()}" if text else self._shown.strip()
        answer_id = self.chat.answer_id
        self.chat.answer_parts = [text]  # the answer is the words, never the calls' text
        self.chat.recorder.clear()
        if answer_id is not None and turn.steps:
            self.steps[answer_id] = list(turn.steps)
            try:
                self.store.save_tool_steps(answer_id, turn.steps)
            except OndolError as err:
                self.chat.status.emit(error_text(err))
        return job, bool(turn.steps)

    def _end(self, stats: ev.Stats, reason: str) -> None:
        settled = self._settle()
        if settled is None:
            return
        self.chat.on_finished(settled[0], ev.Done(0, reason, stats))
        if settled[1]:
            self.chat.view.redraw()  # the answer again, now with its calls

    # -- showing the steps ------------------------------------------------------------------

    def chat_opened(self, _summary: object) -> None:
        """A chat opens: the calls of all its messages' versions, in one read."""
        conversation = self.chat.conversation
        ids = list(conversation.messages) if conversation is not None else []
        try:
            self.steps = self.store.tool_steps_of(ids)
        except OndolError as err:
            self.steps = {}
            self.chat.status.emit(error_text(err))
        self.unfolded.clear()

    def blocks_html(self, message_id: int) -> str:
        """The HTML of an answer's calls ("" when it made none)."""
        steps = self.steps.get(message_id)
        if not steps:
            return ""
        view = self.chat.view
        return steps_html(steps, message_id, self.unfolded, view.colours,
                          colors(view.dark).error)

    def on_link(self, url: QUrl) -> None:
        """A "Show result" / "Hide result" link: the result folds or unfolds."""
        key = parse_tool_link(url)
        if key is None:
            return
        self.unfolded ^= {key}
        self.chat.view.redraw()


def card_placer(composer: QWidget) -> Any:
    """A function that shows a card right above ``composer`` in its layout."""
    def place(card: QWidget) -> None:
        layout = composer.parentWidget().layout()
        layout.insertWidget(layout.indexOf(composer), card)
        card.show()
    return place
