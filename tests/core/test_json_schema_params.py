"""``SamplingParams.json_schema``: None or a JSON object, plain JSON, within the size bound;
it survives the runtime pipe (pickle) and a chat's saved parameters."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from app.core.backends.decode import JSON_SCHEMA_BACKENDS, json_schema_unsupported
from app.core.errors import InvalidParameterError
from app.core.settings.settings import ModelOverrides, check_sampling_value
from app.core.types.params import MAX_JSON_SCHEMA_BYTES, SamplingParams

PERSON = {"type": "object", "properties": {"name": {"type": "string"}},
          "required": ["name"]}


def test_no_schema_and_any_object_and_a_schema_are_valid() -> None:
    assert SamplingParams().json_schema is None
    assert SamplingParams(json_schema={}).validate().json_schema == {}
    assert SamplingParams(json_schema=PERSON).validate().json_schema == PERSON


@pytest.mark.parametrize("value", [[], "{}", 3, True])
def test_a_schema_that_is_not_an_object_is_refused(value: object) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        SamplingParams(json_schema=value).validate()  # type: ignore[arg-type]
    assert caught.value.facts["parameter"] == "json_schema"
    assert caught.value.facts["reason"] == "json_schema_invalid"


@pytest.mark.parametrize("value", [{"a": {1, 2}}, {"maximum": float("nan")},
                                   {"default": object()}])
def test_a_schema_that_is_not_plain_json_is_refused(value: dict) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        SamplingParams(json_schema=value).validate()
    assert caught.value.facts["reason"] == "json_schema_invalid"


def test_a_schema_over_the_size_bound_is_refused_with_both_sizes() -> None:
    huge = {"description": "x" * MAX_JSON_SCHEMA_BYTES}
    with pytest.raises(InvalidParameterError) as caught:
        SamplingParams(json_schema=huge).validate()
    facts = caught.value.facts
    assert facts["reason"] == "json_schema_too_large"
    assert facts["schema_bytes"] > facts["limit_bytes"] == MAX_JSON_SCHEMA_BYTES


def test_the_schema_crosses_the_runtime_pipe_and_the_saved_chat() -> None:
    params = SamplingParams(json_schema=PERSON)
    assert pickle.loads(pickle.dumps(params)) == params
    saved = params.to_dict()
    assert saved["json_schema"] == PERSON
    # A chat saved without a schema restores without a warning-worthy value.
    plain = SamplingParams().to_dict()
    assert check_sampling_value("json_schema", plain["json_schema"]) is None
    assert ModelOverrides(sampling=plain).effective_sampling(SamplingParams()) == SamplingParams()
    restored = ModelOverrides(sampling=saved).effective_sampling(SamplingParams())
    assert restored == dataclasses.replace(SamplingParams(), json_schema=PERSON)


def test_a_wrong_saved_schema_is_skipped_not_fatal() -> None:
    with pytest.raises(InvalidParameterError):
        check_sampling_value("json_schema", ["not", "a", "schema"])
    assert ModelOverrides(sampling={"json_schema": "x"}).effective_sampling(
        SamplingParams()).json_schema is None


def test_the_refusal_of_a_backend_names_it_and_those_that_can() -> None:
    error = json_schema_unsupported("onnxruntime-genai")
    assert error.facts["reason"] == "json_schema_unsupported"
    assert error.facts["backend"] == "onnxruntime-genai"
    assert error.facts["supported"] == list(JSON_SCHEMA_BACKENDS) == ["llama.cpp"]
    assert "llama.cpp" in error.message and "onnxruntime-genai" in error.message
