"""``response_format`` on chat completions, through the official ``openai`` client: answers held
to a JSON schema (llama.cpp's grammar) always parse and validate; a schema the converter cannot
use, a malformed ``response_format`` and a backend without grammars are 400s naming the field."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import openai
import pytest
from openai import OpenAI

from app.server.errors import ApiError
from app.server.response_format import json_schema_for
from tests.integration.test_auto_calibration import link_tree
from tests.server.conftest import STARTER, MakeServer, openai_client

PERSON: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 24},
        "age": {"type": "integer", "minimum": 0, "maximum": 120},
        "hobbies": {"type": "array", "items": {"type": "string", "maxLength": 16},
                    "maxItems": 3},
    },
    "required": ["name", "age", "hobbies"],
    "additionalProperties": False,
}
ASK = [{"role": "user", "content": "Describe a person as JSON with a name, an age and hobbies."}]
AS_PERSON = {"type": "json_schema", "json_schema": {"name": "person", "schema": PERSON,
                                                   "strict": True}}
ONNX_NAME = "tests/smollm2-genai-int4"


def _error(caught: pytest.ExceptionInfo[openai.BadRequestError]) -> dict[str, Any]:
    return caught.value.body  # type: ignore[return-value]


def test_schema_answers_parse_and_validate_on_every_seed(client: OpenAI) -> None:
    for seed in range(20):
        answer = client.chat.completions.create(
            model=STARTER, messages=ASK, response_format=AS_PERSON,  # type: ignore[arg-type]
            temperature=0.8, max_tokens=96, seed=seed)
        choice = answer.choices[0]
        assert choice.finish_reason == "stop", (seed, choice.message.content)
        jsonschema.validate(json.loads(choice.message.content or ""), PERSON)


def test_json_object_answers_are_json_objects(client: OpenAI) -> None:
    for seed in range(3):
        answer = client.chat.completions.create(
            model=STARTER, messages=ASK, response_format={"type": "json_object"},
            temperature=0.8, max_tokens=96, seed=seed)
        if answer.choices[0].finish_reason == "stop":
            assert isinstance(json.loads(answer.choices[0].message.content or ""), dict)
        else:  # cut by max_tokens: still an object's beginning
            assert (answer.choices[0].message.content or "").startswith("{")


def test_a_streamed_schema_answer_parses(client: OpenAI) -> None:
    stream = client.chat.completions.create(
        model=STARTER, messages=ASK, response_format=AS_PERSON,  # type: ignore[arg-type]
        temperature=0.8, max_tokens=96, seed=7, stream=True)
    parts, finish = [], None
    for chunk in stream:
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
            finish = chunk.choices[0].finish_reason or finish
    assert finish == "stop"
    jsonschema.validate(json.loads("".join(parts)), PERSON)


def test_text_asks_for_free_text(client: OpenAI) -> None:
    answer = client.chat.completions.create(
        model=STARTER, messages=[{"role": "user", "content": "Say hi"}],
        response_format={"type": "text"}, temperature=0, max_tokens=8)
    assert answer.choices[0].message.content


@pytest.mark.parametrize("stream", [False, True])
def test_a_schema_the_converter_cannot_use_is_a_400(client: OpenAI, stream: bool) -> None:
    bad = {"type": "json_schema", "json_schema": {"name": "bad",
                                                  "schema": {"type": "strnig"}}}
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model=STARTER, messages=ASK, max_tokens=8,
                                       response_format=bad, stream=stream)  # type: ignore
    error = _error(caught)
    assert error["param"] == "response_format" and error["code"] == "invalid_value"
    assert "strnig" in error["message"]
    # The runtime is unharmed: the next answer comes.
    again = client.chat.completions.create(model=STARTER, messages=ASK, max_tokens=4)
    assert again.choices[0].message.content is not None


@pytest.mark.parametrize(("response_format", "param"), [
    ({"type": "xml"}, "response_format.type"),
    ({}, "response_format.type"),
    ({"type": "json_schema"}, "response_format.json_schema"),
    ({"type": "json_schema", "json_schema": "person"}, "response_format.json_schema"),
    ({"type": "json_schema", "json_schema": {"name": "p", "schema": [1]}},
     "response_format.json_schema.schema"),
    ({"type": "json_schema", "json_schema": {"name": "p", "schema": {
        "description": "x" * 70_000}}}, "response_format.json_schema.schema"),
    ({"type": "json_object", "schema": "x"}, "response_format.schema"),
])
def test_a_malformed_response_format_is_a_400_naming_the_field(
        client: OpenAI, response_format: dict[str, Any], param: str) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model=STARTER, messages=ASK, max_tokens=8,
                                       response_format=response_format)  # type: ignore
    assert _error(caught)["param"] == param


def test_response_format_becomes_the_json_schema_value() -> None:
    assert json_schema_for(None) is None
    assert json_schema_for({"type": "text"}) is None
    assert json_schema_for({"type": "json_object"}) == {}
    assert json_schema_for({"type": "json_object", "schema": PERSON}) == PERSON
    assert json_schema_for(AS_PERSON) == PERSON
    assert json_schema_for({"type": "json_schema", "json_schema": {"name": "any"}}) == {}
    with pytest.raises(ApiError):
        json_schema_for({"type": "json_schema", "json_schema": None})


def test_a_backend_without_grammars_is_a_400_naming_those_with(make_server: MakeServer
                                                               ) -> None:
    from tests.onnx_fixtures import onnx_model

    server = make_server()
    link_tree(onnx_model("smollm2-genai-int4"), server.pool.ctx.paths.models_dir / ONNX_NAME)
    client = openai_client(server.base_url)
    assert ONNX_NAME in [m.id for m in client.models.list().data]
    for stream in (False, True):
        with pytest.raises(openai.BadRequestError) as caught:
            client.chat.completions.create(model=ONNX_NAME, messages=ASK, max_tokens=8,
                                           response_format={"type": "json_object"},
                                           stream=stream)
        error = _error(caught)
        assert error["param"] == "response_format"
        assert "llama.cpp" in error["message"] and "onnxruntime-genai" in error["message"]
    # Without a schema the same model answers.
    answer = client.chat.completions.create(model=ONNX_NAME, messages=ASK, max_tokens=4)
    assert answer.choices[0].message.content is not None
