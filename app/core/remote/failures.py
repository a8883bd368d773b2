"""Whatever goes wrong talking to a remote engine, as one ``RemoteServerError`` with a reason.

The ``openai`` package's exceptions (and the HTTP library's, mid-stream) are read here only, so
the rest of the package speaks in reasons. A fact never holds the API key: ``url`` is the
endpoint's address with any user:password part removed.
"""

from __future__ import annotations

import email.utils
import re
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from app.core.errors import RemoteServerError

# How servers say the prompt does not fit: vLLM ("This model's maximum context length is ...",
# "... is longer than the maximum model length of ..."), OpenAI (code
# context_length_exceeded), llama-server ("the request exceeds the available context size",
# type exceed_context_size_error), llama-cpp-python ("Requested tokens (n) exceed context
# window of m"), Ollama ("prompt too long; exceeded max context length", "input length
# exceeds maximum context length").
_CONTEXT_WORDS = re.compile(
    r"maximum context length|context[_ ]length[_ ]exceeded|exceeds? (the )?(available )?"
    r"context|context (window|size) of|exceed_context_size|maximum model length|"
    r"max_model_len|prompt too long|input length exceeds|too many tokens", re.IGNORECASE)


def safe_url(url: str) -> str:
    """``url`` without a user:password part (the only place a key could hide in it)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def says_context_too_long(message: str, body: Any = None) -> bool:
    """Whether an error's message (or its JSON body's code/type) says the prompt is over the
    context window."""
    words = [message]
    if isinstance(body, dict):
        words += [str(body.get(key, "")) for key in ("code", "type", "message")]
        if isinstance(body.get("error"), dict):
            words += [str(v) for v in body["error"].values()]
    return any(_CONTEXT_WORDS.search(w) for w in words)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number, or an HTTP date), None when absent/odd."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, round(when.timestamp() - time.time(), 1))


def _detail(err: BaseException) -> str:
    message = getattr(err, "message", None) or str(err) or type(err).__name__
    return str(message)[:500]


def remote_error(err: BaseException, url: str, *, listing: bool = False) -> RemoteServerError:
    """The typed error for ``err`` raised while talking to ``url``. ``listing``: the request
    was the model list, where a 404 means the address is not an API, not a model gone.

    Raises:
        nothing: an error nothing here knows becomes reason ``bad_response``.
    """
    import openai  # the window imports this module; openai itself loads on first use

    if isinstance(err, RemoteServerError):
        return err
    where = safe_url(url)
    detail = _detail(err)
    if isinstance(err, openai.APITimeoutError):
        return RemoteServerError(f"{where} did not answer in time.", url=where, status=None,
                                 reason="timeout")
    if isinstance(err, openai.APIConnectionError):
        return RemoteServerError(f"{where} cannot be reached: {detail}", url=where, status=None,
                                 reason="unreachable", detail=detail)
    if isinstance(err, openai.APIStatusError):
        return _status_error(err, where, detail, listing)
    if isinstance(err, openai.APIResponseValidationError):
        return RemoteServerError(f"{where} answered JSON of the wrong shape: {detail}",
                                 url=where, status=err.status_code, reason="bad_response",
                                 detail=detail)
    if isinstance(err, openai.APIError):  # an error event inside a stream
        reason = "context_too_long" if says_context_too_long(detail, err.body) \
            else "server_error"
        return RemoteServerError(f"{where} failed while answering: {detail}", url=where,
                                 status=None, reason=reason, detail=detail)
    return RemoteServerError(f"{where} answered something unexpected: {detail}", url=where,
                             status=None, reason="bad_response", detail=detail)


def _status_error(err: Any, where: str, detail: str, listing: bool) -> RemoteServerError:
    status = int(err.status_code)
    facts: dict[str, Any] = {"url": where, "status": status, "detail": detail}
    content_type = err.response.headers.get("content-type", "")
    if status in (401, 403):
        return RemoteServerError(f"{where} refused the API key (HTTP {status}).",
                                 reason="auth", **facts)
    if "json" not in content_type and status != 429 and status < 500:
        return RemoteServerError(f"{where} is not an OpenAI-compatible server (HTTP {status}).",
                                 reason="not_a_server", **facts)
    if status == 404:
        if listing:
            return RemoteServerError(f"{where} has no model list (HTTP 404).",
                                     reason="not_a_server", **facts)
        return RemoteServerError(f"{where} does not have that model: {detail}",
                                 reason="model_gone", **facts)
    if status == 429:
        retry = retry_after_seconds(err.response.headers.get("retry-after"))
        return RemoteServerError(f"{where} asks to slow down (HTTP 429).",
                                 reason="rate_limited", retry_after=retry, **facts)
    if status >= 500:
        return RemoteServerError(f"{where} failed (HTTP {status}): {detail}",
                                 reason="server_error", **facts)
    if says_context_too_long(detail, err.body):
        return RemoteServerError(f"The prompt is longer than {where} accepts: {detail}",
                                 reason="context_too_long", **facts)
    return RemoteServerError(f"{where} refused the request (HTTP {status}): {detail}",
                             reason="bad_request", **facts)


def tools_refused(err: RemoteServerError, offered: bool) -> RemoteServerError:
    """``err`` as reason ``no_tools`` when it is a request refused over the ``tools`` offered
    (vLLM without ``--enable-auto-tool-choice``, llama-server without ``--jinja``, a server
    that knows no such field, one that fails on them with a 500 naming them); else ``err``.

    Raises:
        nothing.
    """
    if not offered or err.facts.get("reason") not in ("bad_request", "server_error"):
        return err
    if "tool" not in str(err.facts.get("detail", "")).lower():
        return err
    where = err.facts.get("url", "")
    return RemoteServerError(f"{where} does not take tools: {err.facts.get('detail', '')}",
                             **{**err.facts, "reason": "no_tools"})
