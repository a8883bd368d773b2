"""A model whose chat template never ends: the host stops the render with a typed error, and
stays usable (a prompt without the template, and other models, still work)."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from app.core.errors import ChatTemplateError
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from tests.integration.conftest import collect, load_params

KEY = b"tokenizer.chat_template"
ENDLESS = ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
           "{{ messages[0]['content'] }}")
BOUND_S = 120.0  # generous: the render deadline is a few seconds


def endless_template_copy(src: Path, folder: Path) -> Path:
    """A copy of ``src`` whose chat template loops 10^10 times (padded with a Jinja comment to
    the original length, so nothing else in the file moves).

    Raises:
        AssertionError: the template entry is not found exactly once, or is too short.
    """
    data = bytearray(src.read_bytes())
    key = struct.pack("<Q", len(KEY)) + KEY + struct.pack("<I", 8)
    assert data.count(key) == 1
    at = data.index(key) + len(key)
    (length,) = struct.unpack_from("<Q", data, at)
    filler = length - len(ENDLESS) - len("{##}")
    assert filler >= 0
    template = (ENDLESS + "{#" + " " * filler + "#}").encode()
    assert len(template) == length
    data[at + 8:at + 8 + length] = template
    path = folder / "endless-template.gguf"
    path.write_bytes(bytes(data))
    return path


def test_an_endless_template_is_a_typed_error_and_the_host_stays_usable(
        smollm2_path: Path, tmp_path: Path) -> None:
    model = endless_template_copy(smollm2_path, tmp_path)
    client = RuntimeClient()
    try:
        client.load(str(model), load_params())
        pid = client.pid
        started = time.monotonic()
        with pytest.raises(ChatTemplateError) as info:
            collect(client, SamplingParams(temperature=0, max_tokens=3),
                    messages=[{"role": "user", "content": "Hello"}])
        assert time.monotonic() - started < BOUND_S
        assert info.value.facts["reason"] == "too_slow"
        assert client.alive and client.pid == pid  # the same host, not a crash
        with pytest.raises(ChatTemplateError):
            client.count_chat_tokens([{"role": "user", "content": "Hello"}])
        _deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=3),
                                prompt="Once upon a time")
        assert done.stats.generated_tokens == 3
        client.load(str(smollm2_path), load_params())
        _deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=3),
                                messages=[{"role": "user", "content": "Hello"}])
        assert done.stats.generated_tokens == 3 and client.pid == pid
    finally:
        client.close()
