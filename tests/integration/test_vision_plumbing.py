"""Images reach a vision model's projector: a tiny random-weight Gemma 3 vision model built by
the test fixtures (``tests/vision_fixtures.py``), loaded with its ``mmproj`` file.

Its weights are random, so the answers mean nothing; what is proven is the path: an image
changes what the model computes, the answer streams, and wrong inputs get typed errors.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from app.core.backends.llama.backend import LlamaCppBackend
from app.core.documents.images import load_image
from app.core.errors import DocumentError, ModelLoadError
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams
from tests.integration.conftest import THREADS, collect
from tests.vision_fixtures import VisionFixtureUnavailable, vision_model_dir

GREEDY = SamplingParams(temperature=0, max_tokens=6)


@pytest.fixture(scope="module")
def tiny_vision() -> Path:
    try:
        return vision_model_dir()
    except VisionFixtureUnavailable as err:
        pytest.skip(f"the tiny vision model cannot be built here: {err}")


def _params(folder: Path, mmproj: bool = True) -> LoadParams:
    return LoadParams(n_ctx=512, n_threads=THREADS,
                      mmproj=str(folder / "mmproj-model.gguf") if mmproj else "")


def _image(colour: str, size: tuple[int, int] = (90, 60)) -> dict[str, Any]:
    data = io.BytesIO()
    Image.new("RGB", size, colour).save(data, format="PNG")
    return load_image(data.getvalue(), max_side=56).content_part()


def _ask(image: dict[str, Any], text: str = "What is in this picture?") -> list[Any]:
    return [{"role": "user", "content": [image, {"type": "text", "text": text}]}]


@pytest.fixture(scope="module")
def backend(tiny_vision: Path) -> Iterator[LlamaCppBackend]:
    model = LlamaCppBackend()
    model.load(str(tiny_vision / "model.gguf"), _params(tiny_vision), lambda _: True)
    yield model
    model.unload()


def _first_logits(model: LlamaCppBackend, messages: list[Any]) -> tuple[np.ndarray, int]:
    tokens = model.prompt_tokens(model.render_chat(messages))
    decoder = model.start_decoder(tokens, GREEDY, 0, 1, lambda: False)
    try:
        assert decoder.next_token() is not None
        return decoder.scores().copy(), decoder.prompt_tokens_evaluated()
    finally:
        decoder.close()


def test_a_different_image_gives_different_first_token_logits(backend: LlamaCppBackend) -> None:
    red, red_evaluated = _first_logits(backend, _ask(_image("red")))
    blue, _ = _first_logits(backend, _ask(_image("blue")))
    again, again_evaluated = _first_logits(backend, _ask(_image("blue")))
    assert np.abs(red - blue).max() > 1e-3  # the image reached the language model
    assert np.array_equal(blue, again)  # and the same image gives the same numbers
    # The same prompt again: the image is not encoded twice (only the last token is new).
    assert again_evaluated == 1 < red_evaluated


def test_the_image_sits_in_the_prompt_as_placeholders(backend: LlamaCppBackend,
                                                       tiny_vision: Path) -> None:
    tokens = backend.prompt_tokens(backend.render_chat(_ask(_image("green"))))
    placeholders = [t for t in tokens if t < 0]
    assert len(placeholders) == 4  # the projector's 2 x 2 image tokens (build.py)
    assert len(set(placeholders)) == 1 and tokens[-1] >= 0


def test_the_answer_about_an_image_streams_through_the_runtime_host(tiny_vision: Path) -> None:
    client = RuntimeClient()
    try:
        loaded = client.load(str(tiny_vision / "model.gguf"), _params(tiny_vision))
        assert loaded.vision and loaded.architecture == "gemma3"
        events = list(client.generate(GREEDY, messages=_ask(_image("yellow"))))
        deltas = [e for e in events if isinstance(e, ev.Delta)]
        done = events[-1]
        assert isinstance(done, ev.Done) and done.reason in ("stop", "length")
        assert len(deltas) >= 2 and sum(len(d.token_ids) for d in deltas) >= 2
        ready = next(e for e in events if isinstance(e, ev.PromptReady))
        assert ready.prompt_tokens > 4  # text and the image's positions
        with pytest.raises(DocumentError) as caught:
            collect(client, GREEDY, messages=_ask(
                {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}))
        assert caught.value.facts["reason"] == "remote_image"
        # The host goes on after the refusal.
        _, done = collect(client, GREEDY, messages=[{"role": "user", "content": "Hi"}])
        assert done.reason in ("stop", "length")
    finally:
        client.close()


def test_no_projector_and_a_wrong_projector(tiny_vision: Path, smollm2_path: Path) -> None:
    client = RuntimeClient()
    try:
        with pytest.raises(ModelLoadError) as caught:
            client.load(str(smollm2_path), _params(tiny_vision))  # made for another model
        assert caught.value.facts["reason"] == "projector_refused"
        loaded = client.load(str(tiny_vision / "model.gguf"), _params(tiny_vision, False))
        assert not loaded.vision
        with pytest.raises(DocumentError) as refused:
            client.generate(GREEDY, messages=_ask(_image("red")))  # refused before sending
        assert refused.value.facts["reason"] == "no_vision"
        _, done = collect(client, GREEDY, messages=[{"role": "user", "content": "Hi"}])
        assert done.reason in ("stop", "length")
    finally:
        client.close()
