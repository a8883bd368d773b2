"""Ollama's API as a plain HTTP client sees it, in the shapes of Ollama's reference, against
``ondol serve`` in its own process with the real starter model (and, for the request log, a
server inside the test process)."""

from __future__ import annotations

import http.client
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.server.conftest import STARTER, MakeServer, Served
from tests.server.test_tools import QWEN, WEATHER, needs_qwen, qwen_home  # noqa: F401

pytestmark = pytest.mark.slow
COLOURS = [{"role": "user", "content": "Name three colours."}]
GREEDY = {"temperature": 0, "seed": 7, "num_predict": 16}
COUNTS = ("total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration",
          "eval_count", "eval_duration")


def root(served: Served) -> str:
    return served.base_url.removesuffix("/v1")


def call(url: str, body: dict[str, Any] | bytes | None = None, method: str = "POST"
         ) -> tuple[int, Any]:
    """Status and parsed JSON of one request (errors included)."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def stream(url: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    """The NDJSON lines of a streamed answer, each parsed. Sent as ``curl -d`` sends it
    (a form's content type), as Ollama's own examples do."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=300) as answer:
        assert answer.headers["content-type"].startswith("application/x-ndjson")
        return [json.loads(line) for line in answer.read().decode().splitlines() if line]


def check_final(last: dict[str, Any], model: str) -> None:
    """The last object of an answer: done, its reason, the counts in nanoseconds."""
    assert last["done"] is True and last["done_reason"] in ("stop", "length")
    assert last["model"] == model
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z", last["created_at"])
    assert all(isinstance(last[k], int) and last[k] >= 0 for k in COUNTS), last
    assert last["prompt_eval_count"] > 0 and last["eval_count"] > 0
    assert last["total_duration"] >= last["eval_duration"]


def openai_chat(served: Served, messages: list[dict[str, str]]) -> dict[str, Any]:
    status, body = call(served.base_url + "/chat/completions", {
        "model": STARTER, "messages": messages, "temperature": 0, "seed": 7,
        "max_tokens": 16})
    assert status == 200, body
    return body


def test_probes_and_version(served: Served) -> None:
    connection = http.client.HTTPConnection(root(served).removeprefix("http://"), timeout=30)
    for method in ("HEAD", "GET"):
        connection.request(method, "/")
        answer = connection.getresponse()
        text = answer.read().decode()
        assert answer.status == 200
        assert text == ("" if method == "HEAD" else "Ollama is running")
    connection.close()
    status, body = call(root(served) + "/api/version", method="GET")
    assert status == 200 and re.fullmatch(r"\d+\.\d+\.\d+", body["version"])


def test_tags_and_show_describe_the_library(served: Served) -> None:
    status, body = call(root(served) + "/api/tags", method="GET")
    assert status == 200
    [entry] = body["models"]
    assert entry["name"] == entry["model"] == STARTER
    assert entry["size"] > 0 and re.fullmatch(r"[0-9a-f]{64}", entry["digest"])
    assert entry["modified_at"].endswith("Z")
    assert entry["details"] == {"parent_model": "", "format": "gguf", "family": "llama",
                                "families": ["llama"],
                                "parameter_size": entry["details"]["parameter_size"],
                                "quantization_level": "Q4_1"}
    assert re.fullmatch(r"\d+(\.\d+)?M", entry["details"]["parameter_size"])

    # "model", or "name" as older clients send it; Ollama's default tag is understood.
    for request in ({"model": STARTER}, {"name": STARTER + ":latest"}):
        status, shown = call(root(served) + "/api/show", request)
        assert status == 200, shown
        assert shown["details"] == entry["details"]
        info = shown["model_info"]
        assert info["general.architecture"] == "llama"
        assert info["llama.context_length"] > 0 and info["general.parameter_count"] > 0
        assert "im_start" in shown["template"] and "temperature" in shown["parameters"]
        assert shown["capabilities"] == ["completion"] and shown["modelfile"]


def test_chat_equals_the_openai_answer_streamed_or_not(served: Served) -> None:
    expected = openai_chat(served, COLOURS)
    text, usage = expected["choices"][0]["message"]["content"], expected["usage"]

    status, whole = call(root(served) + "/api/chat", {
        "model": STARTER, "messages": COLOURS, "stream": False, "options": GREEDY})
    assert status == 200, whole
    assert whole["message"] == {"role": "assistant", "content": text}
    check_final(whole, STARTER)
    assert whole["eval_count"] == usage["completion_tokens"]
    assert whole["prompt_eval_count"] == usage["prompt_tokens"]

    # Streamed by default; the name with Ollama's default tag is echoed as sent.
    lines = stream(root(served) + "/api/chat", {
        "model": STARTER + ":latest", "messages": COLOURS, "options": GREEDY})
    assert len(lines) >= 3
    assert all(line["done"] is False and line["message"]["role"] == "assistant"
               for line in lines[:-1])
    assert "".join(line["message"]["content"] for line in lines) == text
    assert lines[-1]["message"]["content"] == ""
    check_final(lines[-1], STARTER + ":latest")
    assert lines[-1]["eval_count"] == usage["completion_tokens"]


def test_generate_templated_raw_and_streamed(served: Served) -> None:
    prompt = COLOURS[0]["content"]
    chat_text = openai_chat(served, COLOURS)["choices"][0]["message"]["content"]
    status, whole = call(root(served) + "/api/generate", {
        "model": STARTER, "prompt": prompt, "stream": False, "options": GREEDY})
    assert status == 200, whole
    assert whole["response"] == chat_text
    check_final(whole, STARTER)

    # raw: no chat template, as /v1/completions completes a prompt.
    status, completion = call(served.base_url + "/completions", {
        "model": STARTER, "prompt": "The sky is", "temperature": 0, "seed": 7,
        "max_tokens": 8})
    assert status == 200, completion
    lines = stream(root(served) + "/api/generate", {
        "model": STARTER, "prompt": "The sky is", "raw": True,
        "options": {**GREEDY, "num_predict": 8, "stop": ["\n\n"]}})
    assert all(line["done"] is False for line in lines[:-1])
    assert "".join(line["response"] for line in lines) == completion["choices"][0]["text"]
    check_final(lines[-1], STARTER)
    assert lines[-1]["eval_count"] == completion["usage"]["completion_tokens"]


def test_loading_ahead_and_what_is_loaded(served: Served) -> None:
    # Nothing to answer only loads the model, as Ollama's clients use it.
    status, body = call(root(served) + "/api/generate", {"model": STARTER})
    assert status == 200 and body["done"] is True and body["done_reason"] == "load", body
    assert body["response"] == ""
    status, body = call(root(served) + "/api/chat", {"model": STARTER, "messages": []})
    assert status == 200 and body["done_reason"] == "load", body
    status, body = call(root(served) + "/api/ps", method="GET")
    assert status == 200
    [entry] = body["models"]
    assert entry["name"] == entry["model"] == STARTER
    assert entry["size"] > 0 and entry["size_vram"] >= 0 and entry["context_length"] > 0
    assert entry["expires_at"].endswith("Z") and entry["details"]["family"] == "llama"


@pytest.mark.parametrize(("path", "body", "status", "words"), [
    ("/api/chat", {"model": "no/such/model", "messages": COLOURS}, 404, "not found"),
    ("/api/generate", {"model": "no-such:latest", "prompt": "Hi"}, 404, "not found"),
    ("/api/show", {"model": "no-such"}, 404, "not found"),
    ("/api/chat", {"model": "../" + STARTER, "messages": COLOURS}, 404, "not found"),
    ("/api/show", {}, 400, "model"),
    ("/api/chat", {"messages": COLOURS}, 400, "model"),
    ("/api/chat", {"model": STARTER, "messages": "Hi"}, 400, "messages"),
    ("/api/chat", {"model": STARTER, "messages": [{"role": "robot", "content": "Hi"}]}, 400,
     "role"),
    ("/api/chat", {"model": STARTER, "messages": COLOURS, "format": "yaml"}, 400, "format"),
    ("/api/chat", {"model": STARTER, "messages": COLOURS, "format": {"type": "object",
                                                                   "x": float("nan")}},
     400, "format"),
    ("/api/chat", {"model": STARTER, "messages": COLOURS, "tools": [{"type": "function"}]},
     400, "tools"),
    ("/api/chat", {"model": STARTER, "messages": [{"role": "user", "content": "Hi",
                                                   "images": ["aGk="]}]}, 400, "images"),
    ("/api/chat", {"model": STARTER, "messages": COLOURS, "tools": ["get_weather"]}, 400,
     "tools"),
    ("/api/chat", {"model": STARTER, "messages": COLOURS, "tools": [
        {"type": "function", "function": {"name": "f", "parameters": "x"}}]}, 400,
     "tools[0].function.parameters"),
    ("/api/chat", {"model": STARTER, "messages": [*COLOURS, {
        "role": "assistant", "content": "", "tool_calls": [{"function": {}}]}]}, 400,
     "messages[1].tool_calls[0]"),
    ("/api/chat", {"model": STARTER, "messages": [*COLOURS, {
        "role": "assistant", "content": "", "tool_calls": [
            {"function": {"name": "f", "arguments": "{not json"}}]}]}, 400, "arguments"),
    ("/api/generate", {"model": STARTER, "prompt": "Hi", "suffix": "end"}, 400, "suffix"),
    ("/api/generate", {"model": STARTER, "prompt": "Hi", "images": ["aGk="]}, 400, "images"),
    ("/api/generate", {"model": STARTER, "prompt": "Hi", "options": {"num_predict": 0}}, 400,
     "num_predict"),
    ("/api/generate", {"model": STARTER, "prompt": "Hi", "stream": False,
                       "options": {"temperature": -1}}, 400, "temperature"),
    ("/api/chat", {"model": STARTER, "messages": COLOURS, "options": {"top_p": 5}}, 400,
     "top_p"),
    ("/api/generate", {"model": STARTER, "prompt": "Hi", "options": {"top_k": "many"}}, 400,
     "top_k"),
])
def test_bad_requests_get_ollama_errors(served: Served, path: str, body: dict[str, Any],
                                        status: int, words: str) -> None:
    got, answer = call(root(served) + path, body)
    assert got == status, answer
    assert list(answer) == ["error"] and isinstance(answer["error"], str)
    assert words in answer["error"], answer


def test_format_holds_the_answer_to_json(served: Served) -> None:
    person = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 20},
                                               "age": {"type": "integer"}},
              "required": ["name", "age"]}
    for form in ("json", person):
        status, answer = call(root(served) + "/api/chat", {
            "model": STARTER, "stream": False, "format": form,
            "messages": [{"role": "user", "content": "Describe a person as JSON."}],
            "options": {"temperature": 0, "num_predict": 64}})
        assert status == 200, answer
        value = json.loads(answer["message"]["content"])
        assert isinstance(value, dict)
        if form is person:
            jsonschema.validate(value, person)


def test_malformed_json_is_a_400(served: Served) -> None:
    status, answer = call(root(served) + "/api/chat", b"{not json")
    assert status == 400 and list(answer) == ["error"]


def test_answers_are_in_the_request_log(make_server: MakeServer) -> None:
    server = make_server()
    base = server.base_url.removesuffix("/v1")
    status, body = call(base + "/api/generate", {
        "model": STARTER, "prompt": "Hi", "stream": False, "options": {"num_predict": 2}})
    assert status == 200, body
    stream(base + "/api/chat", {"model": STARTER, "messages": COLOURS,
                                "options": {"num_predict": 2}})
    entries = server.log.entries()
    assert [e.endpoint for e in entries] == ["/api/generate", "/api/chat"]
    assert all(e.status == 200 and e.completion_tokens == 2 for e in entries)
    assert entries[0].finish == "length" and entries[0].prompt_tokens > 0


def test_a_client_that_leaves_mid_stream_stops_its_answer(make_server: MakeServer) -> None:
    server = make_server()
    ended = threading.Event()
    server.log.listen(lambda entry: ended.set())
    address = server.base_url.removeprefix("http://").removesuffix("/v1")
    connection = http.client.HTTPConnection(address, timeout=300)
    connection.request("POST", "/api/chat", json.dumps({
        "model": STARTER, "messages": COLOURS,
        "options": {"num_predict": 4000, "ignore_eos": True}}))
    answer = connection.getresponse()
    assert answer.status == 200
    assert json.loads(answer.readline())["done"] is False
    connection.close()  # gone before the answer ends
    assert ended.wait(60)
    [entry] = server.log.entries()
    assert entry.status == 499 and entry.finish == "cancelled"
    assert entry.completion_tokens < 4000
    # The model is free again at once.
    status, body = call(server.base_url.removesuffix("/v1") + "/api/generate", {
        "model": STARTER, "prompt": "Hi", "stream": False, "options": {"num_predict": 2}})
    assert status == 200 and body["eval_count"] == 2, body


# -- tools, with the real Qwen ---------------------------------------------------------------

SEOUL = [{"role": "user", "content": "What is the weather in Seoul?"}]


@pytest.fixture(scope="module")
def qwen_root(qwen_home: Path) -> Iterator[str]:  # noqa: F811 (the fixture imported)
    server = Served(qwen_home)
    yield root(server)
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


@needs_qwen
def test_qwen_calls_a_tool_and_reads_its_result(qwen_root: str) -> None:
    request = {"model": QWEN, "messages": SEOUL, "tools": [WEATHER], "stream": False,
               "options": {"temperature": 0, "seed": 1, "num_predict": 48}}
    status, answer = call(qwen_root + "/api/chat", request)
    assert status == 200 and answer["done"] is True, answer
    _, shown = call(qwen_root + "/api/show", {"model": QWEN})
    assert shown["capabilities"] == ["completion", "tools"]  # its template renders tools
    message = answer["message"]
    assert message["role"] == "assistant" and message["content"] == ""
    assert message["tool_calls"] == [{"function": {"name": "get_weather",
                                                   "arguments": {"city": "Seoul"}}}]
    # The call goes back with its arguments as an object, and the tool's result after it.
    follow = [*SEOUL, message, {"role": "tool", "content": "Sunny, 21 degrees Celsius.",
                                "tool_name": "get_weather"}]
    again = {**request, "messages": follow, "options": {"temperature": 0, "num_predict": 24}}
    status, answer = call(qwen_root + "/api/chat", {**again, "tools": None})
    assert status == 200 and answer["message"]["content"], answer
    status, answer = call(qwen_root + "/api/chat", again)  # offered again: text or a call
    assert status == 200 and answer["done"] is True, answer


@needs_qwen
def test_qwen_streams_a_tool_call_before_the_last_line(qwen_root: str) -> None:
    lines = stream(qwen_root + "/api/chat", {
        "model": QWEN, "messages": SEOUL, "tools": [WEATHER],
        "options": {"temperature": 0, "seed": 1, "num_predict": 48}})
    assert lines[-1]["done"] is True and lines[-1]["done_reason"] == "stop"
    calls = [line for line in lines if line["message"].get("tool_calls")]
    assert len(calls) == 1 and calls[0] is lines[-2] and calls[0]["done"] is False
    assert calls[0]["message"]["content"] == ""
    assert calls[0]["message"]["tool_calls"] == [
        {"function": {"name": "get_weather", "arguments": {"city": "Seoul"}}}]
    assert "".join(line["message"]["content"] for line in lines).strip() == ""
