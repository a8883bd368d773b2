"""Downloads from a misbehaving server (the fake hub on 127.0.0.1, tests/fakehub): bodies cut
short, cut connections, a flipped byte, Range ignored, no length and extra bytes, and a
leftover part file (the right bytes or garbage) to resume from.

Property: ``download`` ends with the exact file in place, or raises an OndolError and leaves no
finished file; it writes only inside the models folder. Bounds: 30 s (retries back off) and
64 MiB of Python allocations per download (tests/fuzz/bounds.py).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.catalog import download as dl
from app.core.catalog.hub import HubClient
from app.core.errors import OndolError
from tests.fakehub import FakeHub
from tests.fuzz.bounds import bounded
from tests.integration.test_download_manager import small_repo

SIZE = 96 * 1024
REPO = "someone/Fuzz-GGUF"
_REPO, (_FILE,) = small_repo(REPO, {"model.Q4_0.gguf": SIZE}, 7)
_DATA = _REPO.files[0].data or b""


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    """One server for every example; its faults are reset before each."""
    with FakeHub([_REPO]) as server:
        yield server


_OFFSETS = st.integers(0, SIZE + 10)


@st.composite
def _faults(draw: st.DrawFn) -> dict[str, object]:
    return draw(st.fixed_dictionaries({}, optional={
        "drop_after_bytes": st.lists(_OFFSETS, max_size=3),
        "truncate_at": _OFFSETS,
        "corrupt_byte_at": st.integers(0, SIZE - 1),
        "ignore_range": st.booleans(),
        "no_content_length": st.booleans(),
        "extra_bytes": st.integers(0, 4096),
        "part": st.tuples(st.integers(0, SIZE + 10), st.booleans()),
    }))


# Every failing attempt backs off (up to about 2 s an example): an eighth of the usual budget.
@settings(max_examples=max(6, (settings.default.max_examples or 100) // 8))
@given(_faults())
def test_download_ends_with_the_file_or_a_typed_error(hub: FakeHub,
                                                      faults: dict[str, object]) -> None:
    """Bounds: 30 s and 64 MiB per download; a finished file is always the exact bytes."""
    hub.faults.reset()
    part_spec = faults.pop("part", None)
    for name, value in faults.items():
        setattr(hub.faults, name, value)
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        plan = dl.plan_download(models, REPO, [_FILE])
        target = plan.target(_FILE)
        if part_spec is not None:
            length, genuine = part_spec
            target.parent.mkdir(parents=True)
            dl.part_path(target).write_bytes(_DATA[:length] if genuine else b"\xaa" * length)
        outcome = bounded(lambda: dl.download(HubClient(endpoint=hub.url), plan,
                                              lambda *_: None, lambda: False), seconds=30,
                          clock=time.monotonic)  # a stalling server: wall time is the point
        if isinstance(outcome, OndolError):
            assert not target.exists() or target.read_bytes() == _DATA
        else:
            assert outcome == [target] and target.read_bytes() == _DATA
        assert [p.name for p in Path(tmp).iterdir()] == ["models"]
    hub.faults.reset()
