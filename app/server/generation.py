"""What chat and text completions share: sampling from the request, the model's turn on its
runtime host, and the figures of the answer (usage, log-probabilities, finish reason)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from app.core.runtime import events as ev
from app.core.settings.model_defaults import default_sampling_for
from app.core.tools.loops import answered_calls, without_repeated_calls
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import SamplingParams
from app.core.types.results import StepLogprobs, TokenLogprob
from app.server.errors import ApiError
from app.server.openai_schema import SamplingFields
from app.server.pool import CHAT, ModelPool, Slot
from app.server.response_format import json_schema_for

FINISH = {"stop": "stop", "length": "length", "cancelled": "stop"}


def check_n(body: SamplingFields) -> None:
    """Ondol gives one choice per request.

    Raises:
        ApiError: 400 naming ``n``.
    """
    if body.n not in (None, 1):
        raise ApiError(400, f"Ondol answers with one choice per request; 'n' must be 1 "
                            f"(got {body.n}).", param="n", code="invalid_value")


def sampling_for(body: SamplingFields, slot_meta: Any, max_tokens: int | None,
                 top_logprobs: int) -> SamplingParams:
    """The model's own defaults, with what the request sets on top.

    Raises:
        InvalidParameterError: a value out of range (its field is named).
    """
    base = default_sampling_for(slot_meta)
    given = {name: getattr(body, name) for name in (
        "temperature", "top_p", "top_k", "min_p", "repeat_penalty", "presence_penalty",
        "frequency_penalty", "seed") if getattr(body, name) is not None}
    stop = (body.stop,) if isinstance(body.stop, str) else tuple(body.stop or ())
    return dataclasses.replace(base, **given, stop=stop, max_tokens=max_tokens,
                               top_logprobs=top_logprobs, ignore_eos=body.ignore_eos,
                               json_schema=json_schema_for(getattr(body, "response_format",
                                                                   None))).validate()


@dataclasses.dataclass
class Answer:
    """The figures of one answer as it streams."""

    text: str = ""
    done: ev.Done | None = None
    logprobs: list[StepLogprobs] = dataclasses.field(default_factory=list)

    def usage(self) -> dict[str, Any]:
        """OpenAI's ``usage``, with the prompt tokens that came from the cache."""
        stats = self.done.stats if self.done is not None else ev.Stats(0)
        return {"prompt_tokens": stats.prompt_tokens,
                "completion_tokens": stats.generated_tokens,
                "total_tokens": stats.prompt_tokens + stats.generated_tokens,
                "prompt_tokens_details": {
                    "cached_tokens": max(0, stats.prompt_tokens - stats.prompt_tokens_evaluated)}}

    def finish_reason(self) -> str:
        """``stop`` or ``length``."""
        return FINISH[self.done.reason] if self.done is not None else "stop"


def _entry(item: TokenLogprob) -> dict[str, Any]:
    return {"token": item.token, "logprob": item.logprob,
            "bytes": list(item.token.encode("utf-8"))}


def logprobs_content(steps: Sequence[StepLogprobs], top: int) -> list[dict[str, Any]]:
    """Chat completions' ``logprobs.content``: each token with its ``top`` alternatives."""
    return [{**_entry(chosen), "top_logprobs": [_entry(t) for t in alternatives[:top]]}
            for chosen, alternatives in steps]


def on_turn(pool: ModelPool, name: str, run: Callable[[Slot], Iterator[Any]],
            mode: str = CHAT
            ) -> tuple[Callable[[threading.Event], Iterator[Any]], Callable[[], None]]:
    """The blocking work of one request, and how to stop it (for ``bridge.events_of``): wait
    for the model's turn (loading it if needed), then yield what ``run(slot)`` yields. The
    stop cancels the host only while this request is the one running on it."""
    running: dict[str, Any] = {}

    def work(abandoned: threading.Event) -> Iterator[Any]:
        with pool.use(name, abandoned.is_set, mode=mode) as slot:
            request = object()
            running.update(slot=slot, request=request)
            slot.generating = request
            try:
                yield from run(slot)
            finally:
                slot.generating = None

    def stop() -> None:
        if "slot" in running:
            pool.cancel(running["slot"], running["request"])

    return work, stop


def generate(pool: ModelPool, name: str, make_sampling: Callable[[Slot], SamplingParams],
             messages: Sequence[ChatMessage] | None = None, prompt: str | None = None,
             tools: Sequence[dict[str, Any]] = ()
             ) -> tuple[Callable[[threading.Event], Iterator[Any]], Callable[[], None]]:
    """The blocking work of one answer, and how to stop it (see ``on_turn``).

    The answer's room is reserved up front: a prompt that leaves too little is a
    ``context_length_exceeded`` error, not a cut answer. An answer that only repeats tool
    calls the conversation has already answered is made again without tools (``tool_loops``).
    """
    def run(slot: Slot) -> Iterator[Any]:
        sampling = make_sampling(slot)

        def answer(offered: Sequence[dict[str, Any]]) -> Iterator[Any]:
            return slot.client.generate(  # type: ignore[union-attr]
                sampling, messages=messages, prompt=prompt,
                overflow_policy=OverflowPolicy.STOP_AT_LIMIT,
                answer_reserve=sampling.max_tokens, tools=offered or None)

        answered = answered_calls(messages or ())
        if not tools or not answered or sampling.json_schema is not None:
            return answer(tools)
        names = [tool["function"]["name"] for tool in tools]
        return without_repeated_calls(answer(tools), lambda: answer(()), answered, names)

    return on_turn(pool, name, run)


def ensure_text_only(parts: Any, where: str) -> str:
    """A message's content as text: a string, or text parts joined.

    Raises:
        ApiError: 400, a part that is not text (images need a vision model).
    """
    if parts is None:
        return ""
    if isinstance(parts, str):
        return parts
    texts = []
    for index, part in enumerate(parts):
        if part.type != "text" or part.text is None:
            raise ApiError(400, f"Only text content is understood; {where}[{index}] is "
                                f"'{part.type}'.", param=f"{where}[{index}]",
                           code="unsupported_content")
        texts.append(part.text)
    return "".join(texts)
