"""A runtime host with the real starter model loaded, shared by the tests of one module."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.core.backends.params import LoadParams, SamplingParams
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient

THREADS = 2


def load_params(n_ctx: int = 2048) -> LoadParams:
    return LoadParams(n_ctx=n_ctx, n_threads=THREADS)


@pytest.fixture(scope="module")
def smol_client(smollm2_path: Path) -> Iterator[RuntimeClient]:
    client = RuntimeClient()
    client.start()
    client.load(str(smollm2_path), load_params())
    yield client
    client.close()


@pytest.fixture(autouse=True)
def no_processes_left_behind() -> Iterator[None]:
    """Every test ends with no zombie children (hosts a test made are closed or reaped)."""
    yield
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            assert child.status() != psutil.STATUS_ZOMBIE, f"zombie host {child.pid}"


def collect(client: RuntimeClient, sampling: SamplingParams, **kwargs: object
            ) -> tuple[list[ev.Delta], ev.Done]:
    """All deltas and the terminal Done of one generation."""
    deltas: list[ev.Delta] = []
    done: ev.Done | None = None
    for event in client.generate(sampling, **kwargs):  # type: ignore[arg-type]
        if isinstance(event, ev.Delta):
            deltas.append(event)
        elif isinstance(event, ev.Done):
            done = event
    assert done is not None
    return deltas, done


def text_of(deltas: list[ev.Delta]) -> str:
    return "".join(d.text for d in deltas)
