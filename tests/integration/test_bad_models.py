"""Bad input through the runtime host: a typed error with a sentence, a clean host, nothing else
disturbed. Every bad file is made on the fly from the real starter model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from app.core.errors import (
    CorruptModelError,
    InsufficientMemoryError,
    ModelNotFoundError,
    NotAModelFileError,
    OndolError,
    UnsupportedArchitectureError,
)
from app.core.formats.gguf_reader import read_gguf_metadata
from app.core.hardware.probe import probe_hardware
from app.core.planning.load_plan import LoadOverrides
from app.core.planning.planner import plan_load
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from tests import bad_models
from tests.integration.conftest import collect, load_params

MakeBad = Callable[[Path, Path], Path]

CASES: list[tuple[str, MakeBad, type[OndolError], str]] = [
    ("missing", lambda src, d: d / "no-such-model.gguf", ModelNotFoundError, "No model file at"),
    ("png", lambda src, d: bad_models.png_renamed(d), NotAModelFileError, "PNG"),
    ("truncated", bad_models.truncated_half, CorruptModelError, "incomplete"),
    ("header", bad_models.corrupted_header, CorruptModelError, "damaged"),
    ("architecture", bad_models.unknown_architecture, UnsupportedArchitectureError, "zzzzz"),
]


@pytest.fixture(scope="module")
def host() -> RuntimeClient:
    client = RuntimeClient()
    client.start()
    yield client
    client.close()


@pytest.mark.parametrize(("name", "make", "error", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_typed_error_and_the_host_stays_usable(
        name: str, make: MakeBad, error: type[OndolError], words: str, host: RuntimeClient,
        smollm2_path: Path, tmp_path: Path) -> None:
    bad = make(smollm2_path, tmp_path)
    pid = host.pid
    with pytest.raises(error) as info:
        host.load(str(bad), load_params())
    assert words.lower() in info.value.message.lower()
    assert info.value.facts["path"] == str(bad)
    # The same host answers the next request: nothing was left half-loaded.
    assert host.pid == pid and host.alive
    host.load(str(smollm2_path), load_params())
    _d, done = collect(host, SamplingParams(temperature=0, max_tokens=3), prompt="Hello")
    assert done.stats.generated_tokens == 3


def test_context_the_machine_cannot_hold_is_refused_before_loading(smollm2_path: Path) -> None:
    children_before = {p.pid for p in psutil.Process().children(recursive=True)}
    meta = read_gguf_metadata(smollm2_path)
    with pytest.raises(InsufficientMemoryError) as info:
        plan_load(meta, probe_hardware(), LoadOverrides(n_ctx=50_000_000))
    facts = info.value.facts
    assert facts["bytes_needed"] > facts["bytes_available"] > 0
    assert "context" in info.value.message
    # Refused from the estimate: no runtime was started for it.
    assert {p.pid for p in psutil.Process().children(recursive=True)} == children_before
