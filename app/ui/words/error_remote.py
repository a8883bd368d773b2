"""Error sentences about remote engines: OpenAI-compatible servers Ondol is the client of (see
``error_sentences``). ``{url}`` is the server's address without any password part; no sentence
names a key.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

SENTENCES: dict[str, tuple[str, ...]] = {
    "remote_server": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} failed."),
        QT_TRANSLATE_NOOP("Errors", "The remote server failed."),
    ),
    "remote_server.unreachable": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} cannot be reached. Check the address "
                                    "and that the server is running."),
        QT_TRANSLATE_NOOP("Errors", "The remote server cannot be reached."),
    ),
    "remote_server.timeout": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} did not answer in time."),
        QT_TRANSLATE_NOOP("Errors", "The remote server did not answer in time."),
    ),
    "remote_server.auth": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} refused the API key. Check the key in "
                                    "the connection's settings."),
        QT_TRANSLATE_NOOP("Errors", "The remote server refused the API key."),
    ),
    "remote_server.model_gone": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} does not have the model {model} "
                                    "(any more)."),
        QT_TRANSLATE_NOOP("Errors", "The server at {url} does not have this model (any more)."),
    ),
    "remote_server.rate_limited": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} is receiving too many requests; try "
                                    "again in {retry_after} s."),
        QT_TRANSLATE_NOOP("Errors", "The server at {url} is receiving too many requests; try "
                                    "again in a moment."),
    ),
    "remote_server.context_too_long": (
        QT_TRANSLATE_NOOP("Errors", "The conversation is longer than the model on {url} "
                                    "accepts. Start a new chat or shorten it."),
    ),
    "remote_server.bad_request": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} refused the request (HTTP {status})."),
    ),
    "remote_server.not_a_server": (
        QT_TRANSLATE_NOOP("Errors", "{url} does not answer like an OpenAI-compatible server. "
                                    "Check the address; it usually ends in /v1."),
    ),
    "remote_server.bad_response": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} answered something Ondol cannot "
                                    "read."),
    ),
    "remote_server.local_only": (
        QT_TRANSLATE_NOOP("Errors", "This needs a model on this computer; it is not available "
                                    "for a remote model."),
    ),
    "remote_server.stream_cut": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} broke off the answer. The text "
                                    "received so far is kept."),
    ),
    "remote_server.no_tools": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} does not take tools. Start it with "
                                    "tool calling on (vLLM: --enable-auto-tool-choice and "
                                    "--tool-call-parser; llama-server: --jinja), or remove the "
                                    "tool servers in Settings."),
    ),
    "remote_server.server_error": (
        QT_TRANSLATE_NOOP("Errors", "The server at {url} had an internal error (HTTP "
                                    "{status})."),
        QT_TRANSLATE_NOOP("Errors", "The server at {url} had an internal error."),
    ),
}
