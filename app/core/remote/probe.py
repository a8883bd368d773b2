"""Which of the extra sampling knobs a server refuses, so the window can grey them and the
client can leave them out."""

from __future__ import annotations

from typing import Any

from app.core.remote.endpoint import LIST_TIMEOUT, Endpoint, open_client
from app.core.remote.failures import remote_error
from app.core.remote.request import EXTRA_KNOBS, extra_knobs
from app.core.types.params import SamplingParams

PROBE_MESSAGES = [{"role": "user", "content": "Hi"}]


def probe_knobs(endpoint: Endpoint, model: str, timeout: float = LIST_TIMEOUT
                ) -> dict[str, str]:
    """{knob: the server's reason} for each of ``top_k``, ``min_p``, ``repeat_penalty`` the
    server rejects with a 400. One tiny request (one token) with all of them; only when that
    one is refused, one request per knob.

    Raises:
        RemoteServerError: the probe failed for another reason than a refused knob
            (unreachable, auth, model gone, ...).
    """
    import openai

    values = extra_knobs(SamplingParams())
    with open_client(endpoint, read_timeout=timeout) as client:

        def refusal(extra: dict[str, Any]) -> str | None:
            try:
                client.chat.completions.create(model=model, messages=PROBE_MESSAGES,
                                               max_tokens=1, temperature=0.0, extra_body=extra)
            except openai.BadRequestError as err:
                return str(getattr(err, "message", "") or err)[:300]
            except Exception as err:  # mapped to a typed error for the caller
                raise remote_error(err, endpoint.base_url) from None
            return None

        if refusal(values) is None:
            return {}
        refused = {}
        for knob in EXTRA_KNOBS:
            reason = refusal({knob: values[knob]})
            if reason is not None:
                refused[knob] = reason
        return refused
