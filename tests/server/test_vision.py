"""Images through the server: OpenAI ``image_url`` parts (base64 data URLs) and Ollama's
``images``, for a tiny random-weight vision model (``tests/vision_fixtures.py``) placed in the
library beside its projector; the official ``openai`` client talks to ``ondol serve``."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from openai import OpenAI
from PIL import Image

from tests.server.conftest import STARTER, Served, openai_client
from tests.server.test_ollama import call, root
from tests.vision_fixtures import VisionFixtureUnavailable, vision_model_dir

VISION = "test/tiny-vision-GGUF/tiny-vision-Q8_0.gguf"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``ondol serve`` whose library holds the starter and the tiny vision model (links)."""
    try:
        source = vision_model_dir()
    except VisionFixtureUnavailable as err:
        pytest.skip(f"the tiny vision model cannot be built here: {err}")
    home = tmp_path_factory.mktemp("vision-home")
    folder = home / "data" / "models" / "test" / "tiny-vision-GGUF"
    folder.mkdir(parents=True)
    (folder / "tiny-vision-Q8_0.gguf").symlink_to(source / "model.gguf")
    (folder / "mmproj-tiny-vision-f16.gguf").symlink_to(source / "mmproj-model.gguf")
    server = Served(home)
    yield server
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


@pytest.fixture(scope="module")
def client(served: Served) -> OpenAI:
    return openai_client(served.base_url)


def png(colour: str, size: tuple[int, int] = (200, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def data_url(colour: str) -> str:
    return "data:image/png;base64," + base64.b64encode(png(colour)).decode()


def ask(url: str, text: str = "What colour is this?") -> list[Any]:
    return [{"role": "user", "content": [{"type": "text", "text": text},
                                         {"type": "image_url", "image_url": {"url": url}}]}]


def first_logprobs(client: OpenAI, colour: str) -> list[tuple[str, float]]:
    answer = client.chat.completions.create(
        model=VISION, messages=ask(data_url(colour)), temperature=0, max_tokens=2,
        logprobs=True, top_logprobs=5)
    content = answer.choices[0].logprobs.content
    return [(t.token, t.logprob) for t in content[0].top_logprobs]


def test_the_model_is_listed_once_without_its_projector(client: OpenAI) -> None:
    names = [m.id for m in client.models.list()]
    assert VISION in names and not any("mmproj" in n for n in names)


def test_an_image_answer_streams(client: OpenAI) -> None:
    stream = client.chat.completions.create(model=VISION, messages=ask(data_url("red")),
                                            temperature=0, max_tokens=4, stream=True)
    chunks = list(stream)
    assert chunks[-1].choices[0].finish_reason in ("stop", "length")
    assert any(c.choices[0].delta.content for c in chunks)


def test_a_red_and_a_blue_image_give_different_answers(client: OpenAI) -> None:
    red = first_logprobs(client, "red")
    blue = first_logprobs(client, "blue")
    assert red and blue and red != blue  # the image reached the model
    assert first_logprobs(client, "blue") == blue  # and the same image gives the same


@pytest.mark.parametrize("url", ["https://example.com/cat.png", "http://127.0.0.1/x.png",
                                 "file:///etc/passwd"])
def test_an_image_address_is_refused_and_never_fetched(client: OpenAI, url: str) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model=VISION, messages=ask(url), max_tokens=2)
    body = info.value.body
    assert isinstance(body, dict) and body["param"] == "messages[0].content[1].image_url.url"
    assert body["code"] == "unsupported_image_url" and "never fetches" in body["message"]


def test_data_that_is_no_image_is_refused(client: OpenAI) -> None:
    not_png = "data:image/png;base64," + base64.b64encode(b"hello, not pixels").decode()
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model=VISION, messages=ask(not_png), max_tokens=2)
    assert info.value.body["code"] == "invalid_image"


def test_a_model_without_vision_refuses_an_image(client: OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model=STARTER, messages=ask(data_url("red")),
                                       max_tokens=2)
    body = info.value.body
    assert body["code"] == "model_without_vision" and "cannot see images" in body["message"]
    assert body["param"] == "messages[0].content[1]"


def test_ollama_chat_and_generate_take_images(served: Served) -> None:
    options = {"temperature": 0, "num_predict": 3}
    red, blue = (base64.b64encode(png(c)).decode() for c in ("red", "blue"))
    answers = []
    for image in (red, blue):
        status, body = call(root(served) + "/api/chat", {
            "model": VISION, "stream": False, "options": options,
            "messages": [{"role": "user", "content": "Colour?", "images": [image]}]})
        assert status == 200, body
        answers.append(body["message"]["content"])
    assert all(isinstance(a, str) for a in answers)
    status, body = call(root(served) + "/api/generate", {
        "model": VISION, "prompt": "Colour?", "images": [red], "stream": False,
        "options": options})
    assert status == 200 and isinstance(body["response"], str), body
    status, body = call(root(served) + "/api/generate", {
        "model": STARTER, "prompt": "Colour?", "images": [red], "stream": False})
    assert status == 400 and "cannot see images" in body["error"], body
    status, body = call(root(served) + "/api/chat", {
        "model": VISION, "stream": False,
        "messages": [{"role": "user", "content": "Hi", "images": ["not base64!"]}]})
    assert status == 400 and "messages[0].images[0]" in body["error"], body


def test_the_projector_says_the_side_images_are_scaled_to() -> None:
    from app.core.catalog.projectors import projector_image_size

    side = projector_image_size(vision_model_dir() / "mmproj-model.gguf")
    assert side == 56
