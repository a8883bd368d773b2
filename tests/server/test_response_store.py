"""The responses ``POST /v1/responses`` keeps: bounded, least recently used first out, and safe
from several threads (no model needed)."""

from __future__ import annotations

import threading

import pytest

from app.server.response_store import ResponseStore


def response(number: int) -> dict[str, object]:
    return {"id": f"resp_{number}", "object": "response", "output": []}


def test_a_full_store_forgets_the_least_recently_used() -> None:
    store = ResponseStore(limit=3)
    for number in range(3):
        store.put(response(number), [{"role": "user", "content": str(number)}])
    assert store.get("resp_0") is not None  # used again: now the newest
    store.put(response(3), [])
    assert len(store) == 3
    assert store.get("resp_1") is None
    kept = store.get("resp_0")
    assert kept is not None and kept.items == [{"role": "user", "content": "0"}]
    assert kept.response == response(0)
    for number in range(4, 7):
        store.put(response(number), [])
    assert [store.get(f"resp_{n}") is not None for n in range(7)] == [
        False, False, False, False, True, True, True]


def test_delete_forgets_once_and_a_store_holds_one_at_least() -> None:
    store = ResponseStore()
    store.put(response(1), [])
    assert store.delete("resp_1") and not store.delete("resp_1")
    assert store.get("resp_1") is None and len(store) == 0
    with pytest.raises(ValueError):
        ResponseStore(limit=0)


def test_many_threads_keep_it_within_its_limit() -> None:
    store = ResponseStore(limit=50)

    def keep(start: int) -> None:
        for number in range(start, start + 200):
            store.put(response(number), [])
            store.get(f"resp_{number - 1}")
            store.delete(f"resp_{number - 2}")

    threads = [threading.Thread(target=keep, args=(n * 1000,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 0 < len(store) <= 50
