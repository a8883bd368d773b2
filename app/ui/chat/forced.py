"""Continue an answer from one of its tokens with another candidate: a new version of the
answer whose first tokens are the old one's, then the chosen candidate, then whatever the
model makes of it.

The runtime is given the tokens as ``SamplingParams.answer_prefix``: it shows their text
first and samples from there. Those forced tokens come without probabilities, so the new
version's record starts with the old version's entries for them (and, for the chosen
candidate, the old step's candidates): its colouring is complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.core.chat.logprobs import AnswerLogprobs
from app.core.types.results import StepLogprobs

if TYPE_CHECKING:
    from app.ui.chat.controller import ChatController


@dataclass(frozen=True)
class Forced:
    """How a new version begins: the token ids to force, and their pieces and probabilities
    as one batch of the kind the runtime sends (``ChatController.on_tokens``)."""

    prefix: tuple[int, ...]
    pieces: tuple[str, ...]
    logprobs: tuple[StepLogprobs, ...]


def forced_prefix(record: AnswerLogprobs, index: int, token_id: int) -> Forced | None:
    """The old answer's first ``index`` tokens, then candidate ``token_id`` of step ``index``;
    None when there is no such step or candidate."""
    if not 0 <= index < len(record.steps):
        return None
    step = record.steps[index]
    candidate = next((t for t in step.top if t.token_id == token_id), None)
    if candidate is None:
        return None
    kept = record.steps[:index]
    return Forced((*(s.token.token_id for s in kept), token_id),
                  (*(s.piece for s in kept), candidate.token),
                  (*((s.token, s.top) for s in kept), (candidate, step.top)))


def continue_answer(chat: ChatController, answer_id: int, index: int, token_id: int) -> None:
    """Regenerate answer ``answer_id`` from token ``index`` on, with ``token_id`` there."""
    if chat.busy:
        chat.status.emit(QCoreApplication.translate(
            "ChatController", "Wait for the answer to finish, or stop it."))
        return
    if chat.conversation is None or answer_id not in chat.conversation.messages:
        return
    record = chat.store.load_logprobs(answer_id)
    forced = forced_prefix(record, index, token_id) if record is not None else None
    if forced is None or chat.conversation.get(answer_id).parent_id is None:
        return
    chat.forced = forced
    chat.view.probs.stream_next = True  # the reader is looking at the tokens: keep showing them
    chat.regenerate(answer_id)
