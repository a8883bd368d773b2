"""The responses that ``POST /v1/responses`` keeps (``store``, on unless a request turns it
off), so that ``previous_response_id`` can continue a conversation and ``GET`` / ``DELETE
/v1/responses/{id}`` can find one.

They are kept in memory only and bounded: the least recently used go first once the limit is
reached, and all of them are gone when the server stops, as nothing is written to disk.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

LIMIT = 256  # conversations enough for a few clients, a bounded amount of memory


@dataclass(frozen=True)
class Stored:
    """One kept response: the ``response`` object as it was answered, and the items its
    conversation holds (the input items, earlier turns included, then its output items).
    ``instructions`` are not among them: they belong to one request only."""

    response: dict[str, Any]
    items: list[dict[str, Any]]


class ResponseStore:
    """Responses by id, the last ``limit`` used; safe to use from several threads.

    Kept in memory only: they are gone when the server stops, as no disk is written.
    """

    def __init__(self, limit: int = LIMIT) -> None:
        """An empty store for at most ``limit`` responses.

        Raises:
            ValueError: ``limit`` below one.
        """
        if limit < 1:
            raise ValueError("a store keeps at least one response")
        self.limit = limit
        self._kept: OrderedDict[str, Stored] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, response: dict[str, Any], items: list[dict[str, Any]]) -> None:
        """Keep ``response`` (by its ``id``) with its conversation's ``items``; the least
        recently used response goes when the store is full."""
        with self._lock:
            self._kept[response["id"]] = Stored(response, items)
            self._kept.move_to_end(response["id"])
            while len(self._kept) > self.limit:
                self._kept.popitem(last=False)

    def get(self, response_id: str) -> Stored | None:
        """The kept response, or ``None``; finding one counts as using it."""
        with self._lock:
            stored = self._kept.get(response_id)
            if stored is not None:
                self._kept.move_to_end(response_id)
            return stored

    def delete(self, response_id: str) -> bool:
        """Forget the response; whether it was kept."""
        with self._lock:
            return self._kept.pop(response_id, None) is not None

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)
