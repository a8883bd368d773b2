"""``POST /v1/embeddings`` through the official ``openai`` client and Ollama's ``/api/embed``
through plain HTTP, against ``ondol serve`` with the real starter model loaded in embedding
mode: shapes, unit length, batches equal to single inputs, both encodings, ``dimensions``,
token arrays, and every bad input as a 400 naming its field."""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import openai
import pytest
from openai import OpenAI

from app.core.runtime.client import RuntimeClient
from app.server.pool import CHAT, EMBEDDING
from tests.integration.test_auto_calibration import link_tree
from tests.server.conftest import STARTER, MakeServer, Served, openai_client
from tests.server.test_ollama import call, root

pytestmark = pytest.mark.slow
SIZE = 576  # SmolLM2-135M's hidden size
TEXTS = ["The cat sat on the mat.", "A kitten rested on the rug.",
         "Quarterly tax filing deadlines are in April."]


def norm(vector: list[float]) -> float:
    return math.sqrt(sum(v * v for v in vector))


def dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def vectors(client: OpenAI, inputs: Any, **extra: Any) -> list[list[float]]:
    answer = client.embeddings.create(model=STARTER, input=inputs, **extra)
    assert [d.index for d in answer.data] == list(range(len(answer.data)))
    return [d.embedding for d in answer.data]


def bad_request(client: OpenAI, **body: Any) -> dict[str, Any]:
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(**{"model": STARTER, "input": "text", **body})
    return caught.value.body  # type: ignore[return-value]


def test_one_text_gives_one_unit_vector_and_its_token_count(client: OpenAI) -> None:
    answer = client.embeddings.create(model=STARTER, input=TEXTS[0], encoding_format="float")
    assert answer.object == "list" and answer.model == STARTER and len(answer.data) == 1
    vector = answer.data[0].embedding
    assert answer.data[0].object == "embedding" and len(vector) == SIZE
    assert abs(norm(vector) - 1) < 1e-5
    assert answer.usage.prompt_tokens > 0
    assert answer.usage.total_tokens == answer.usage.prompt_tokens


def test_a_batch_equals_its_items_one_by_one_and_repeats_exactly(client: OpenAI) -> None:
    batch = vectors(client, TEXTS)
    assert len(batch) == len(TEXTS)
    for text, together in zip(TEXTS, batch, strict=True):
        alone = vectors(client, text)[0]
        assert abs(norm(together) - 1) < 1e-5
        assert max(abs(a - b) for a, b in zip(alone, together, strict=True)) < 1e-4
    assert vectors(client, TEXTS) == batch


def test_base64_and_float_encodings_agree(client: OpenAI) -> None:
    # The client asks for base64 unless told otherwise and decodes it itself.
    decoded = vectors(client, TEXTS[:2])
    floats = vectors(client, TEXTS[:2], encoding_format="float")
    raw = client.embeddings.create(model=STARTER, input=TEXTS[0], encoding_format="base64")
    assert isinstance(raw.data[0].embedding, str)
    assert len(base64.b64decode(raw.data[0].embedding)) == SIZE * 4
    for a, b in zip(decoded, floats, strict=True):
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 1e-6


def test_a_related_pair_is_closer_than_an_unrelated_one(client: OpenAI) -> None:
    cat, kitten, taxes = vectors(client, TEXTS)
    assert dot(cat, kitten) > dot(cat, taxes)


def test_dimensions_truncate_and_renormalise(client: OpenAI) -> None:
    full = vectors(client, TEXTS[0], encoding_format="float")[0]
    short = vectors(client, TEXTS[0], encoding_format="float", dimensions=64)[0]
    assert len(short) == 64 and abs(norm(short) - 1) < 1e-5
    scale = norm(full[:64])
    assert max(abs(s - f / scale) for s, f in zip(short, full[:64], strict=True)) < 1e-5


def test_token_arrays_are_embedded(client: OpenAI) -> None:
    one = vectors(client, [1, 2, 3, 4])
    two = vectors(client, [[1, 2, 3, 4], [5, 6]])
    assert len(one) == 1 and len(two) == 2
    assert max(abs(a - b) for a, b in zip(one[0], two[0], strict=True)) < 1e-4
    assert all(abs(norm(v) - 1) < 1e-5 for v in two)


@pytest.mark.parametrize(("body", "param"), [
    ({"input": ""}, "input[0]"),
    ({"input": []}, "input"),
    ({"input": ["fine", ""]}, "input[1]"),
    ({"input": [[1, 2], []]}, "input[1]"),
    ({"input": ["x"] * 2049}, "input"),
    ({"input": [1, "a"]}, "input"),
    ({"input": [True]}, "input"),
    ({"input": {"text": "a"}}, "input"),
    ({"encoding_format": "hex"}, "encoding_format"),
    ({"dimensions": 0}, "dimensions"),
    ({"dimensions": SIZE + 1}, "dimensions"),
    ({"input": [[1, 49152]]}, "input"),
    ({"input": [-1]}, "input"),
])
def test_bad_input_is_a_400_naming_the_field(client: OpenAI, body: dict[str, Any],
                                             param: str) -> None:
    error = bad_request(client, **body)
    assert error["param"] == param, error
    assert error["type"] == "invalid_request_error" and error["message"]


def test_an_input_longer_than_the_window_is_refused_or_cut(make_server: MakeServer) -> None:
    """OpenAI's endpoint refuses it; Ollama's cuts it to the window unless told not to."""
    server = make_server(embedding_max_ctx=64)
    client = openai_client(server.base_url)
    error = bad_request(client, input=[[1] * 65])
    assert error["code"] == "context_length_exceeded"
    assert "65" in error["message"] and "64" in error["message"]
    assert len(vectors(client, [[1] * 64])[0]) == SIZE
    url, long_text = server.base_url.removesuffix("/v1"), "word " * 100
    status, cut = call(f"{url}/api/embed", {"model": STARTER, "input": long_text})
    assert status == 200 and len(cut["embeddings"]) == 1 and cut["prompt_eval_count"] == 64
    status, refused = call(f"{url}/api/embed", {"model": STARTER, "input": long_text,
                                                "truncate": False})
    assert status == 400 and "64" in refused["error"]


def test_an_unknown_model_is_a_404(client: OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="../../etc/passwd", input="x")


def test_ollama_embed_takes_a_text_or_a_list(served: Served) -> None:
    url = root(served)
    status, one = call(f"{url}/api/embed", {"model": STARTER, "input": TEXTS[0]})
    assert status == 200 and one["model"] == STARTER
    assert len(one["embeddings"]) == 1 and len(one["embeddings"][0]) == SIZE
    assert one["prompt_eval_count"] > 0
    status, many = call(f"{url}/api/embed", {"model": STARTER, "input": TEXTS})
    assert status == 200 and len(many["embeddings"]) == len(TEXTS)
    assert all(abs(norm(v) - 1) < 1e-5 for v in many["embeddings"])
    assert max(abs(a - b) for a, b in zip(one["embeddings"][0], many["embeddings"][0],
                                          strict=True)) < 1e-4
    status, old = call(f"{url}/api/embeddings", {"model": STARTER, "prompt": TEXTS[0]})
    assert status == 200 and len(old["embedding"]) == SIZE


@pytest.mark.parametrize(("body", "status"), [
    ({"model": STARTER, "input": []}, 400),
    ({"model": STARTER, "input": [1, 2]}, 400),
    ({"model": STARTER}, 400),
    ({"model": "no-such-model", "input": "x"}, 404),
])
def test_ollama_embed_bad_input(served: Served, body: dict[str, Any], status: int) -> None:
    got, answer = call(f"{root(served)}/api/embed", body)
    assert got == status and isinstance(answer["error"], str), answer


def test_chat_and_embedding_load_the_model_apart(make_server: MakeServer) -> None:
    """The chat copy never answers embeddings nor the other way round; the log has both."""
    server = make_server(max_loaded=2)
    client = openai_client(server.base_url)
    client.chat.completions.create(model=STARTER, max_tokens=2,
                                   messages=[{"role": "user", "content": "Hi"}])
    first = vectors(client, TEXTS[0])[0]
    client.chat.completions.create(model=STARTER, max_tokens=2,
                                   messages=[{"role": "user", "content": "Hi"}])
    assert vectors(client, TEXTS[0])[0] == first
    loaded = {slot.mode: slot for slot in server.pool.loaded()}
    assert set(loaded) == {CHAT, EMBEDDING}
    assert loaded[CHAT].client is not loaded[EMBEDDING].client
    assert loaded[EMBEDDING].loaded.params["embedding"] is True
    assert loaded[CHAT].loaded.params["embedding"] is False
    entries = [e for e in server.log.entries() if e.endpoint == "/v1/embeddings"]
    assert len(entries) == 2 and all(e.status == 200 and e.prompt_tokens > 0 for e in entries)


def test_a_model_loaded_for_chat_refuses_embeddings(make_server: MakeServer) -> None:
    server = make_server()
    path = server.pool.find(STARTER).path
    _meta, plan = server.pool.ctx.plan(path)
    with RuntimeClient() as runtime:
        runtime.load(str(path), plan.params)
        with pytest.raises(Exception) as caught:
            runtime.embed(["x"])
    assert getattr(caught.value, "facts", {}).get("reason") == "not_loaded_for_embedding"


def test_a_backend_without_embeddings_is_a_400(make_server: MakeServer) -> None:
    from tests.onnx_fixtures import onnx_model

    name = "tests/smollm2-genai-int4"
    server = make_server()
    link_tree(onnx_model("smollm2-genai-int4"), server.pool.ctx.paths.models_dir / name)
    client = openai_client(server.base_url)
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model=name, input="x")
    error = caught.value.body
    assert error["param"] == "model" and "llama.cpp" in error["message"], error  # type: ignore[index]
    status, answer = call(f"{server.base_url.removesuffix('/v1')}/api/embed",
                          {"model": name, "input": "x"})
    assert status == 400 and json.dumps(answer)
