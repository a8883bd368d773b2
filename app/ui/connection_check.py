"""Checking a server before it is saved: which address answers a model list, and the models.

Runs on a pool thread (``Background.run``); the window shows the result. Nothing here imports
``openai`` at import time (``app.core.remote`` loads it on the first call).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.core.remote.endpoint import Endpoint, list_models, resolve_base_url
from app.ui.words.sizes import format_number

SHOWN_MODELS = 3  # names listed in the result line; the rest is a count


@dataclass(frozen=True)
class CheckResult:
    """What a check found: the address that answers (maybe with ``/v1`` added) and the
    models' ids."""

    typed_url: str
    base_url: str
    models: tuple[str, ...]

    @property
    def fixed(self) -> bool:
        """The typed address did not answer; ``base_url`` (with ``/v1``) did."""
        return self.base_url != self.typed_url


def check_server(url: str, api_key: str | None) -> CheckResult:
    """Ask ``url`` (or it with ``/v1``) for its model list.

    Raises:
        RemoteServerError: unreachable, timeout, auth, not_a_server, bad_response, ...
    """
    base = resolve_base_url(Endpoint(url, api_key))
    models = list_models(Endpoint(base, api_key))
    return CheckResult(url, base, tuple(m.id for m in models))


def models_sentence(result: CheckResult) -> str:
    """"3 models: a, b, c" (the first few names, then how many more)."""
    # Whole QCoreApplication.translate calls: lupdate does not see through an alias.
    count = len(result.models)
    if count == 0:
        return QCoreApplication.translate("Connections",
                                          "The server answers, but lists no models.")
    names = ", ".join(result.models[:SHOWN_MODELS])
    if count > SHOWN_MODELS:
        names = QCoreApplication.translate("Connections", "{names} and {more} more").format(
            names=names, more=format_number(count - SHOWN_MODELS))
    if count == 1:
        return QCoreApplication.translate("Connections", "1 model: {names}").format(names=names)
    return QCoreApplication.translate("Connections", "{count} models: {names}").format(
        count=format_number(count), names=names)
