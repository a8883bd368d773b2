"""The runtime client's questions about the inside of the model: a text's token spans, the
next-token distribution, and the prompt a chat template makes. Kept apart from the client's
own plumbing (``client.py``), which they use through ``_call`` and ``start``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from app.core.inspect.tokens import Tokenization
from app.core.runtime import requests as rq
from app.core.types.chat import ChatMessage, copy_message
from app.core.types.params import SamplingParams


class InspectCalls:
    """Mixed into ``RuntimeClient``."""

    def start(self) -> None:  # pragma: no cover - the client's
        raise NotImplementedError

    def _call(self, make: Callable[[int], Any]) -> Any:  # pragma: no cover - the client's
        raise NotImplementedError

    def next_token_distribution(self, messages: Sequence[ChatMessage] | None = None,
                                prompt: str | None = None, top_n: int = 20,
                                sampling: SamplingParams | None = None,
                                answer_prefix: Sequence[int] = (),
                                tools: Sequence[dict[str, Any]] | None = None) -> Any:
        """The next-token distribution after ``messages`` (through the chat template) or a raw
        ``prompt``, then ``answer_prefix``: an ``app.core.inspect.distribution.NextTokenView``
        with the ``top_n`` most likely tokens, the rest's mass and the entropy, and, when
        ``sampling`` is given, each of its decoding steps on those tokens. Cancellable.

        Raises:
            OndolError: the typed error the host reported (no model, a value out of range,
                context overflow, template error, cancelled).
            RuntimeCrashedError: the host died.
        """
        msgs = tuple(copy_message(m) for m in messages) if messages is not None else None
        forced = tuple(int(t) for t in answer_prefix)
        chosen = dataclasses.replace(sampling or SamplingParams(), answer_prefix=forced)
        return self._call(lambda rid: rq.DistributionRequest(
            rid, chosen, messages=msgs, prompt=prompt, top_n=top_n, steps=sampling is not None,
            tools=tuple(tools) if tools else None))

    def token_spans(self, text: str, path: str | None = None,
                    special: bool = True) -> Tokenization:
        """``text`` as readable token spans, through the tokenizer of the model at ``path``
        (read alone: no second model is loaded; the host keeps a few by path) or, without
        one, of the loaded model. The host is started if needed.

        Raises:
            OndolError: no path and no model loaded, a missing or damaged file, or the host
                died.
        """
        self.start()
        return self._call(lambda rid: rq.TokenSpansRequest(rid, text, path, special))

    def render_chat(self, messages: Sequence[ChatMessage], template: str | None = None,
                    tools: Sequence[dict[str, Any]] | None = None) -> Any:
        """The prompt ``messages`` make (with the generation prompt) through the loaded
        model's chat template, or through ``template`` (a draft, same sandbox): an
        ``app.core.backends.template_preview.RenderedPrompt`` with its token count.

        Raises:
            OndolError: no model loaded, template error (fact ``line``), or the host died.
        """
        msgs = tuple(copy_message(m) for m in messages)
        offered = tuple(tools) if tools else None
        return self._call(lambda rid: rq.RenderChatRequest(rid, msgs, template, tools=offered))
