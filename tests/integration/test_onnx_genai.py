"""onnxruntime-genai models through the real runtime host: streaming, greedy parity with
transformers, cancel, stops, seeds, Korean, and damaged folders as typed errors."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import onnxruntime as ort
import onnxruntime_genai as og
import pytest

from app.core.backends.onnx.genai_backend import OnnxGenaiBackend
from app.core.backends.onnx.ort_errors import GENERATE, LOAD, translate_onnx_error
from app.core.backends.onnx.providers import ProviderCheck, probe_providers
from app.core.errors import (
    ContextOverflowError,
    CorruptModelError,
    GenerationError,
    InsufficientMemoryError,
    ModelLoadError,
    ModelNotFoundError,
    NotAModelFileError,
    OndolError,
    UnsupportedArchitectureError,
)
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams
from tests.integration.conftest import collect, load_params, text_of

pytestmark = pytest.mark.slow

STORY = [{"role": "user", "content": "Write three sentences about the sea."}]
GREEDY = SamplingParams(temperature=0, max_tokens=24, repeat_penalty=1.0)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _client(path: Path) -> Iterator[RuntimeClient]:
    client = RuntimeClient()
    client.start()
    client.load(str(path), load_params())
    yield client
    client.close()


@pytest.fixture(scope="module")
def int4_client(genai_int4_path: Path) -> Iterator[RuntimeClient]:
    yield from _client(genai_int4_path)


@pytest.fixture(scope="module")
def fp32_client(genai_fp32_path: Path) -> Iterator[RuntimeClient]:
    yield from _client(genai_fp32_path)


@pytest.fixture(scope="module")
def scratch_client() -> Iterator[RuntimeClient]:
    """A host for bad inputs (each test loads a good model after its bad one)."""
    client = RuntimeClient()
    client.start()
    yield client
    client.close()


def linked_copy(src: Path, dest: Path) -> Path:
    """A copy of a model folder whose files are hard links (fast for big weights). Damage a
    file only by replacing it (``replace_file``): writing into a link would damage ``src``."""
    dest.mkdir(parents=True)
    for item in src.iterdir():
        if item.is_file():
            os.link(item, dest / item.name)
    return dest


def replace_file(path: Path, data: bytes) -> None:
    path.unlink()
    path.write_bytes(data)


# -- streaming -----------------------------------------------------------------------------


def test_int4_streams_deltas_and_reports_backend_and_provider(int4_client: RuntimeClient
                                                              ) -> None:
    loaded = int4_client.loaded
    assert loaded is not None
    assert loaded.params["backend"] == "onnxruntime-genai"
    assert loaded.params["provider"] in ("cpu", "cuda", "dml", "coreml")
    assert loaded.params["precision"] == "int4"
    assert loaded.params["provider_note"]  # why this provider, in words
    assert loaded.n_ctx == 2048 and loaded.n_ctx_train == 8192 and loaded.architecture == "llama"
    assert loaded.template_source == "model"
    deltas, done = collect(int4_client, SamplingParams(temperature=0, max_tokens=48),
                           messages=STORY)
    assert len(deltas) >= 3  # streamed, not one lump
    assert text_of(deltas).strip()
    ids = [t for d in deltas for t in d.token_ids]
    assert len(ids) == done.stats.generated_tokens > 0
    assert done.reason in ("stop", "length")
    assert done.stats.prompt_tokens > 20 and done.stats.time_to_first_token > 0
    assert done.stats.decode_seconds > 0 and done.stats.prompt_seconds > 0


def test_fp32_streams_deltas(fp32_client: RuntimeClient) -> None:
    deltas, done = collect(fp32_client, SamplingParams(temperature=0, max_tokens=12),
                           messages=STORY)
    assert len(deltas) >= 3 and text_of(deltas).strip()
    assert done.reason == "length" and done.stats.generated_tokens == 12


def test_fp32_greedy_equals_transformers_reference(fp32_client: RuntimeClient,
                                                   onnx_reference_data: dict[str, Any]) -> None:
    ref = onnx_reference_data
    # Same prompt: the sandboxed template renders what transformers rendered, token for token.
    assert fp32_client.count_chat_tokens(ref["messages"]) == len(ref["prompt_ids"])
    rendered_ids = fp32_client.tokenize(ref["prompt"])
    assert rendered_ids == ref["prompt_ids"]
    sampling = SamplingParams(temperature=0, max_tokens=len(ref["tokens"]), repeat_penalty=1.0)
    deltas, done = collect(fp32_client, sampling, messages=ref["messages"])
    ids = [t for d in deltas for t in d.token_ids]
    assert ids == ref["tokens"]
    assert text_of(deltas) == ref["text"]
    assert done.stats.prompt_tokens == len(ref["prompt_ids"])


# -- ends of an answer ---------------------------------------------------------------------


# -- cancel and seeds ----------------------------------------------------------------------


# -- Korean --------------------------------------------------------------------------------


def test_invalid_utf8_from_the_model_never_shows_replacement_characters(
        int4_client: RuntimeClient) -> None:
    # For this prompt the int4 model writes a byte sequence that is not UTF-8 (ED A2 B0, a
    # surrogate); the stream drops it instead of showing "\ufffd" and goes on.
    deltas, _done = collect(int4_client, SamplingParams(temperature=0, max_tokens=20),
                            prompt="한국어: 안녕하세요. 한국어: 안녕하세요. 한국어:")
    text = text_of(deltas)
    assert HANGUL.search(text) and "\ufffd" not in text


# -- providers -----------------------------------------------------------------------------


def _cuda_usable() -> bool:
    return probe_providers()[0].works


def test_a_forced_provider_that_fails_is_a_typed_error(scratch_client: RuntimeClient,
                                                       genai_int4_path: Path) -> None:
    if _cuda_usable():
        pytest.skip("CUDA works here")
    params = LoadParams(n_ctx=1024, n_threads=2, extra={"onnx_provider": "cuda"})
    with pytest.raises(ModelLoadError) as info:
        scratch_client.load(str(genai_int4_path), params)
    assert info.value.facts["provider"] == "cuda"
    assert "cuda" in info.value.message.lower()
    assert_host_usable(scratch_client, genai_int4_path)


def test_a_gpu_provider_that_fails_falls_back_to_the_cpu_and_says_why(genai_int4_path: Path
                                                                       ) -> None:
    """onnxruntime-genai is told CUDA works (it does not here): the model lands on the CPU."""
    if _cuda_usable():
        pytest.skip("CUDA works here")
    checks = (ProviderCheck("CUDAExecutionProvider", "cuda", True, "told it works"),
              ProviderCheck("CPUExecutionProvider", "cpu", True, "ran"))
    backend = OnnxGenaiBackend(checks=checks)
    assert backend.capabilities().gpu_offload
    try:
        loaded = backend.load(str(genai_int4_path), LoadParams(n_ctx=512, n_threads=2),
                              lambda _f: True)
        assert loaded.params["provider"] == "cpu"
        assert "cuda failed" in loaded.params["provider_note"]
        assert not backend.capabilities().gpu_offload
        assert backend.tokenize("Hello") == [19556]
    finally:
        backend.unload()


# -- bad folders through the host ----------------------------------------------------------


def assert_host_usable(client: RuntimeClient, good: Path) -> None:
    pid = client.pid
    client.load(str(good), load_params(1024))
    _d, done = collect(client, SamplingParams(temperature=0, max_tokens=3), prompt="Hello")
    assert done.stats.generated_tokens == 3 and client.pid == pid


def _no_layout(src: Path, tmp: Path) -> Path:
    folder = tmp / "not-a-model"
    folder.mkdir()
    (folder / "README.md").write_text("just notes", encoding="utf-8")
    return folder


def _missing_graph(src: Path, tmp: Path) -> Path:
    folder = linked_copy(src, tmp / "missing-graph")
    config = json.loads((folder / "genai_config.json").read_text(encoding="utf-8"))
    config["model"]["decoder"]["filename"] = "decoder.onnx"
    replace_file(folder / "genai_config.json", json.dumps(config).encode())
    return folder


def _missing_data(src: Path, tmp: Path) -> Path:
    folder = linked_copy(src, tmp / "missing-data")
    (folder / "model.onnx.data").unlink()
    return folder


def _truncated_graph(src: Path, tmp: Path) -> Path:
    folder = linked_copy(src, tmp / "truncated-graph")
    graph = folder / "model.onnx"
    replace_file(graph, graph.read_bytes()[: graph.stat().st_size // 2])
    return folder


def _truncated_data(src: Path, tmp: Path) -> Path:
    folder = linked_copy(src, tmp / "truncated-data")
    data = folder / "model.onnx.data"
    with open(data, "rb") as handle:
        head = handle.read(1_000_000)
    replace_file(data, head)
    return folder


def _corrupt_config(src: Path, tmp: Path) -> Path:
    folder = linked_copy(src, tmp / "corrupt-config")
    config = folder / "genai_config.json"
    replace_file(config, config.read_bytes()[:300])
    return folder


def _newer_config(src: Path, tmp: Path) -> Path:
    folder = linked_copy(src, tmp / "newer-config")
    config = json.loads((folder / "genai_config.json").read_text(encoding="utf-8"))
    config["model"]["decoder"]["attention_sinks"] = 4  # a key this genai does not know
    replace_file(folder / "genai_config.json", json.dumps(config).encode())
    return folder


def _unknown_type(src: Path, tmp: Path) -> Path:
    folder = linked_copy(src, tmp / "unknown-type")
    config = json.loads((folder / "genai_config.json").read_text(encoding="utf-8"))
    config["model"]["type"] = "zzzzz"
    replace_file(folder / "genai_config.json", json.dumps(config).encode())
    return folder


BadFolder = Callable[[Path, Path], Path]
BAD: list[tuple[str, BadFolder, type[OndolError], str, dict[str, Any]]] = [
    ("no-layout", _no_layout, NotAModelFileError, "not an ONNX model folder", {}),
    ("missing-graph", _missing_graph, ModelNotFoundError, "decoder.onnx is missing", {}),
    ("missing-data", _missing_data, ModelNotFoundError, "model.onnx.data",
     {"missing": "external_data"}),
    ("truncated-graph", _truncated_graph, CorruptModelError, "damaged or incomplete", {}),
    ("truncated-data", _truncated_data, CorruptModelError, "cut short", {"truncated": True}),
    ("corrupt-config", _corrupt_config, CorruptModelError, "genai_config.json", {}),
    ("newer-config", _newer_config, ModelLoadError, "newer onnxruntime-genai", {}),
    ("unknown-type", _unknown_type, UnsupportedArchitectureError, "zzzzz",
     {"architecture": "zzzzz"}),
]


@pytest.mark.parametrize(("name", "make", "error", "words", "facts"), BAD,
                         ids=[case[0] for case in BAD])
def test_bad_folder_gives_typed_error_and_the_host_stays_usable(
        name: str, make: BadFolder, error: type[OndolError], words: str, facts: dict[str, Any],
        scratch_client: RuntimeClient, genai_int4_path: Path, tmp_path: Path) -> None:
    bad = make(genai_int4_path, tmp_path)
    with pytest.raises(error) as info:
        scratch_client.load(str(bad), load_params(1024))
    assert type(info.value) is error
    assert words.lower() in info.value.message.lower()
    assert info.value.message.endswith(".") or info.value.message.endswith(")")
    for key, value in facts.items():
        assert info.value.facts[key] == value
    assert scratch_client.alive and scratch_client.loaded is None
    assert_host_usable(scratch_client, genai_int4_path)
    assert (genai_int4_path / "model.onnx").stat().st_size > 100_000  # the fixture is intact


# -- the runtimes' own messages, translated (no Ondol folder check in front) ----------------


def _og_model(folder: Path) -> None:
    config = og.Config(str(folder))
    config.clear_providers()
    og.Model(config)


def _ort_session(folder: Path) -> None:
    ort.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])


@pytest.mark.parametrize("runtime", [_og_model, _ort_session], ids=["genai", "onnxruntime"])
@pytest.mark.parametrize(("make", "error", "facts"), [
    (_missing_data, ModelNotFoundError, {"missing": "external_data"}),
    (_truncated_graph, CorruptModelError, {}),
    (_truncated_data, CorruptModelError, {"truncated": True}),
], ids=["missing-data", "truncated-graph", "truncated-data"])
def test_runtime_errors_translate_to_typed_errors(
        runtime: Callable[[Path], None], make: BadFolder, error: type[OndolError],
        facts: dict[str, Any], genai_int4_path: Path, tmp_path: Path) -> None:
    bad = make(genai_int4_path, tmp_path)
    with pytest.raises(Exception) as info:  # each runtime has its own types
        runtime(bad)
    typed = translate_onnx_error(info.value, bad, LOAD)
    assert type(typed) is error, f"{info.value!r} -> {typed!r}"
    assert "[ONNXRuntimeError]" not in typed.message
    for key, value in facts.items():
        assert typed.facts[key] == value


def test_a_missing_graph_and_config_translate(genai_int4_path: Path, tmp_path: Path) -> None:
    folder = linked_copy(genai_int4_path, tmp_path / "gone")
    (folder / "model.onnx").unlink()
    with pytest.raises(Exception) as graph_err:
        _og_model(folder)
    assert translate_onnx_error(graph_err.value, folder, LOAD).facts["missing"] == "graph"
    shutil.rmtree(folder)
    folder.mkdir()
    with pytest.raises(Exception) as config_err:
        _og_model(folder)
    typed = translate_onnx_error(config_err.value, folder, LOAD)
    assert isinstance(typed, ModelNotFoundError) and typed.facts["missing"] == "genai_config"


def test_generation_and_memory_errors_translate(genai_int4_path: Path) -> None:
    typed = translate_onnx_error(RuntimeError("Exception during initialization: std::bad_alloc"),
                                 genai_int4_path, LOAD)
    assert isinstance(typed, InsufficientMemoryError)
    failed = translate_onnx_error(RuntimeError("Non-zero status code returned while running "
                                               "MatMulNBits node."), genai_int4_path, GENERATE)
    assert isinstance(failed, GenerationError) and "while generating" in failed.message
    own = ContextOverflowError("too long", prompt_tokens=5, n_ctx=4)
    assert translate_onnx_error(own, genai_int4_path, GENERATE) is own


# -- one host, several kinds of model --------------------------------------------------------


def test_the_host_switches_between_gguf_and_onnx(scratch_client: RuntimeClient,
                                                 smollm2_path: Path, genai_int4_path: Path
                                                 ) -> None:
    pid = scratch_client.pid
    for path, backend in ((smollm2_path, None), (genai_int4_path, "onnxruntime-genai"),
                          (smollm2_path, None)):
        loaded = scratch_client.load(str(path), load_params(1024))
        assert loaded.params.get("backend") == backend
        assert scratch_client.count_chat_tokens(STORY) > 10
        _d, done = collect(scratch_client, SamplingParams(temperature=0, max_tokens=3),
                           prompt="Hello")
        assert done.stats.generated_tokens == 3
    assert scratch_client.pid == pid
    scratch_client.unload()
    with pytest.raises(OndolError):
        scratch_client.tokenize("nothing is loaded")
