"""Where a remote engine is (an address and its key), the models it lists, and the ``openai``
client that talks to it.

``openai`` is imported inside the functions: the window imports this package at start and
must not pay for it. Every client is built with ``max_retries=0`` (a failure is shown, not
hidden behind retries) and explicit timeouts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.errors import RemoteServerError
from app.core.remote.failures import remote_error, safe_url

if TYPE_CHECKING:
    from openai import OpenAI

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 120.0  # between two chunks of a stream: a big model's first token takes a while
LIST_TIMEOUT = 10.0
NO_KEY = "no-key"  # the client needs some key; a server without keys ignores it


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible server's base URL (ending in ``/v1`` as a rule) and its API key."""

    base_url: str
    api_key: str | None = field(default=None, repr=False)

    @property
    def shown_url(self) -> str:
        """The address as errors and logs may show it (no user:password part)."""
        return safe_url(self.base_url)


@dataclass(frozen=True)
class RemoteModel:
    """One model a server lists; ``context_length`` None when the server does not say."""

    id: str
    context_length: int | None = None
    owned_by: str = ""


def open_client(endpoint: Endpoint, read_timeout: float = READ_TIMEOUT,
                connect_timeout: float = CONNECT_TIMEOUT) -> OpenAI:
    """The official client for ``endpoint``: no retries, explicit timeouts.

    The key goes in the Authorization header; on a redirect to another host the HTTP client
    drops that header, so the key never leaves its own endpoint.

    Raises:
        nothing.
    """
    import httpx2
    from openai import Omit, OpenAI

    timeout = httpx2.Timeout(read_timeout, connect=connect_timeout)
    # The client would add OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment to every
    # request, to whatever server this is: nothing of the user's goes unless asked for.
    unasked = {"OpenAI-Organization": Omit(), "OpenAI-Project": Omit()}
    return OpenAI(base_url=endpoint.base_url.rstrip("/"), api_key=endpoint.api_key or NO_KEY,
                  max_retries=0, timeout=timeout, default_headers=unasked)


def context_length_of(entry: dict[str, Any]) -> int | None:
    """The context window a ``/models`` entry states, in whichever server's words: vLLM's
    ``max_model_len``, LM Studio's ``max_context_length``, Ondol's (and OpenRouter's)
    ``context_length``, llama-server's ``meta.n_ctx`` / ``meta.n_ctx_train``."""
    meta = entry.get("meta") if isinstance(entry.get("meta"), dict) else {}
    for value in (entry.get("max_model_len"), entry.get("context_length"),
                  entry.get("loaded_context_length"), entry.get("max_context_length"),
                  meta.get("n_ctx"), meta.get("n_ctx_train")):
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def _models_from(endpoint: Endpoint, timeout: float) -> list[RemoteModel]:
    with open_client(endpoint, read_timeout=timeout,
                     connect_timeout=min(timeout, CONNECT_TIMEOUT)) as client:
        try:
            raw = client.models.with_raw_response.list()
            text = raw.http_response.text
        except Exception as err:  # openai's and the HTTP library's errors, mapped below
            raise remote_error(err, endpoint.base_url, listing=True) from None
    url = endpoint.shown_url
    try:
        body = json.loads(text)
    except ValueError:
        raise RemoteServerError(f"{url} answered with something that is not JSON.", url=url,
                                status=raw.http_response.status_code,
                                reason="not_a_server") from None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list) or not all(
            isinstance(e, dict) and isinstance(e.get("id"), str) for e in data):
        raise RemoteServerError(f"{url} answered a model list of the wrong shape.", url=url,
                                status=raw.http_response.status_code, reason="bad_response")
    return [RemoteModel(e["id"], context_length_of(e), str(e.get("owned_by") or ""))
            for e in data]


def list_models(endpoint: Endpoint, timeout: float = LIST_TIMEOUT) -> list[RemoteModel]:
    """The models ``GET <base>/models`` lists.

    Raises:
        RemoteServerError: unreachable, timeout, auth, rate_limited, server_error,
            not_a_server (HTML, no model list), bad_response (JSON of the wrong shape).
    """
    return _models_from(endpoint, timeout)


def resolve_base_url(endpoint: Endpoint, timeout: float = LIST_TIMEOUT) -> str:
    """The base URL to use: ``endpoint.base_url``, or it with ``/v1`` added when only that one
    answers a model list (people paste ``http://localhost:8000``).

    Raises:
        RemoteServerError: neither address answers a model list (the first address's error).
    """
    try:
        _models_from(endpoint, timeout)
        return endpoint.base_url
    except RemoteServerError as err:
        base = endpoint.base_url.rstrip("/")
        if err.facts.get("reason") != "not_a_server" or base.endswith("/v1"):
            raise
        try:
            _models_from(Endpoint(base + "/v1", endpoint.api_key), timeout)
        except RemoteServerError:
            raise err from None
        return base + "/v1"
