"""onnx-community (Optimum layout) models on plain onnxruntime: Ondol's own generation loop.

The backend runs in-process here (these are backend-level checks); the fixture folder holds
an fp32 Optimum export (standard attention), its dynamic int8 copy and onnxruntime-genai's
int4 GroupQueryAttention graph as ``model_q4.onnx``.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import pytest

from app.core.backends.base import GenerationOutcome, TokenPiece
from app.core.backends.onnx.decoder_graph import GQA, STANDARD, describe_graph
from app.core.backends.onnx.kv_cache import KvCache
from app.core.backends.onnx.ort_loop import PREALLOCATE_KEY, OrtLoopBackend
from app.core.errors import (
    CorruptModelError,
    ModelNotFoundError,
    NoModelLoadedError,
)
from app.core.types.params import LoadParams, SamplingParams

pytestmark = pytest.mark.slow  # real models; the first run builds them (minutes, once)

THREADS = 2
GREEDY = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=20, ignore_eos=True)
SHORT = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=10, ignore_eos=True,
                       top_logprobs=1)
KOREAN = "서울은 한국의 수도입니다. 온돌 🙂"


def _params(n_ctx: int = 2048, **extra: Any) -> LoadParams:
    return LoadParams(n_ctx=n_ctx, n_threads=THREADS, extra=extra)


def _load(path: Path, **extra: Any) -> OrtLoopBackend:
    backend = OrtLoopBackend()
    backend.load(str(path), _params(**extra), lambda _fraction: True)
    return backend


def _run(backend: OrtLoopBackend, prompt: str, sampling: SamplingParams = GREEDY,
         should_stop: Any = lambda: False) -> tuple[list[TokenPiece], GenerationOutcome]:
    outcome = GenerationOutcome()
    pieces = list(backend.generate(prompt, sampling, should_stop, outcome))
    return pieces, outcome


def _ids(pieces: list[TokenPiece]) -> list[int]:
    return [p.token_id for p in pieces if p.token_id >= 0]


def _text(pieces: list[TokenPiece]) -> str:
    return "".join(p.text for p in pieces)


@pytest.fixture(scope="module")
def fp32(optimum_path: Path) -> Iterator[OrtLoopBackend]:
    backend = _load(optimum_path / "onnx" / "model.onnx")
    yield backend
    backend.unload()


@pytest.fixture(scope="module")
def q4(optimum_path: Path) -> Iterator[OrtLoopBackend]:
    backend = _load(optimum_path)  # the folder: the CPU picks model_q4.onnx
    yield backend
    backend.unload()


# -- the graphs ------------------------------------------------------------------------------


def test_fp32_greedy_answer_equals_transformers(fp32: OrtLoopBackend,
                                                onnx_reference_data: dict[str, Any]) -> None:
    ref = onnx_reference_data
    assert fp32.render_chat(ref["messages"]) == ref["prompt"]
    assert fp32.tokenize(ref["prompt"]) == ref["prompt_ids"]  # the template wrote BOS once
    fp32.clear_cache()
    pieces, outcome = _run(fp32, ref["prompt"])
    assert _ids(pieces) == ref["tokens"]
    assert _text(pieces) == ref["text"]
    assert outcome.reason == "length" and outcome.generated_tokens == 20
    assert outcome.prompt_tokens == outcome.prompt_tokens_evaluated == len(ref["prompt_ids"])
    assert outcome.prompt_seconds > 0 and outcome.decode_seconds > 0


def test_folder_path_picks_the_q4_gqa_graph_on_cpu(optimum_path: Path) -> None:
    backend = OrtLoopBackend()
    loaded = backend.load(str(optimum_path), _params(), lambda _fraction: True)
    try:
        assert loaded.params["graph"] == "model_q4.onnx"
        assert loaded.params["precision"] == "q4"
        assert loaded.params["attention"] == GQA
        assert loaded.params["backend"] == "onnxruntime"
        assert loaded.params["provider"] == "cpu"
        assert loaded.architecture == "llama" and loaded.n_vocab == 49152
        assert loaded.template_source == "model"
    finally:
        backend.unload()


def test_gqa_graph_streams_fluent_text_and_agrees_with_itself(
        q4: OrtLoopBackend, onnx_reference_data: dict[str, Any]) -> None:
    prompt = onnx_reference_data["prompt"]
    sampling = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=40)
    q4.clear_cache()
    first, outcome = _run(q4, prompt, sampling)
    q4.clear_cache()
    second, _ = _run(q4, prompt, sampling)
    assert _ids(first) == _ids(second)
    text = _text(first)
    words = text.split()
    assert len(words) >= 8 and "\ufffd" not in text
    assert sum(w.strip(".,!?\"'").isalpha() for w in words) >= 0.8 * len(words)
    assert len(set(words)) >= 0.5 * len(words)  # not one word over and over
    assert outcome.generated_tokens >= 10


def test_int8_graph_streams(optimum_path: Path) -> None:
    backend = OrtLoopBackend()
    loaded = backend.load(str(optimum_path / "onnx" / "model_int8.onnx"), _params(),
                          lambda _fraction: True)
    try:
        assert loaded.params["graph"] == "model_int8.onnx"
        assert loaded.params["attention"] == STANDARD
        assert loaded.params["precision"] == "int8"
        pieces, outcome = _run(backend, backend.render_chat(
            [{"role": "user", "content": "What is the capital of France?"}]),
            SamplingParams(temperature=0.0, max_tokens=12))
        assert len(_text(pieces).split()) >= 3
        assert outcome.generated_tokens >= 3
    finally:
        backend.unload()


# -- the prompt and the cache ----------------------------------------------------------------


@pytest.mark.parametrize("which", ["fp32", "q4"])
def test_a_chunked_prompt_gives_the_same_greedy_answer(
        which: str, request: pytest.FixtureRequest, onnx_reference_data: dict[str, Any]) -> None:
    backend: OrtLoopBackend = request.getfixturevalue(which)
    prompt = onnx_reference_data["prompt"]
    backend.clear_cache()
    whole, _ = _run(backend, prompt)
    batch = backend.prompt_batch
    backend.prompt_batch = 7  # 38 prompt tokens: five runs of 7 and one of 3
    try:
        backend.clear_cache()
        chunked, outcome = _run(backend, prompt)
    finally:
        backend.prompt_batch = batch
    assert outcome.prompt_tokens_evaluated == len(onnx_reference_data["prompt_ids"])
    assert _ids(chunked) == _ids(whole)


def _next_turn(backend: OrtLoopBackend, ref: dict[str, Any], answer: str) -> str:
    return backend.render_chat([*ref["messages"], {"role": "assistant", "content": answer},
                                {"role": "user", "content": "Give the robot a friend."}])


def _edited(backend: OrtLoopBackend) -> str:
    """The first question edited: only the system prompt is still shared with the cache."""
    return backend.render_chat([{"role": "user", "content": "Name three colours."}])


def _logprobs(pieces: list[TokenPiece]) -> np.ndarray:
    """The chosen tokens' log-probabilities: a stale cache entry would move them far."""
    return np.array([p.logprob[0].logprob for p in pieces if p.logprob is not None])


def _same_answer(warm: list[TokenPiece], cold: list[TokenPiece]) -> None:
    assert _ids(warm) == _ids(cold)
    np.testing.assert_allclose(_logprobs(warm), _logprobs(cold), atol=2e-3)


def test_prefix_reuse_evaluates_only_the_new_tokens(fp32: OrtLoopBackend,
                                                    onnx_reference_data: dict[str, Any]) -> None:
    ref = onnx_reference_data
    fp32.clear_cache()
    first, _ = _run(fp32, ref["prompt"])
    # The next turn: the whole first prompt and answer come from the cache.
    prompt = _next_turn(fp32, ref, _text(first))
    warm, warm_outcome = _run(fp32, prompt, SHORT)
    # An edited question: the cache is cut back to the shared system prompt (a copy).
    edited = _edited(fp32)
    pairs = zip(fp32.tokenize(prompt), fp32.tokenize(edited), strict=False)
    shared = next(i for i, (a, b) in enumerate(pairs) if a != b)  # system prompt + "user\n"
    warm_edit, edit_outcome = _run(fp32, edited, SHORT)
    fp32.clear_cache()
    cold, cold_outcome = _run(fp32, prompt, SHORT)
    fp32.clear_cache()
    cold_edit, _ = _run(fp32, edited, SHORT)
    _same_answer(warm, cold)
    _same_answer(warm_edit, cold_edit)
    assert cold_outcome.prompt_tokens_evaluated == cold_outcome.prompt_tokens
    new_tokens = len(fp32.tokenize(prompt)) - len(ref["prompt_ids"])
    assert 0 < warm_outcome.prompt_tokens_evaluated <= new_tokens
    assert warm_outcome.prompt_tokens == cold_outcome.prompt_tokens
    assert shared > 20
    assert edit_outcome.prompt_tokens_evaluated == edit_outcome.prompt_tokens - shared


def test_prefix_reuse_on_the_shared_gqa_buffer(q4: OrtLoopBackend,
                                               onnx_reference_data: dict[str, Any]) -> None:
    # One token per run both ways, so warm and cold round alike and must agree.
    ref = onnx_reference_data
    batch = q4.prompt_batch
    q4.prompt_batch = 1
    try:
        q4.clear_cache()
        first, _ = _run(q4, ref["prompt"])
        prompt = _next_turn(q4, ref, _text(first))
        warm, warm_outcome = _run(q4, prompt, SHORT)
        # Another conversation in between: the cache is cut back to what it shares.
        _run(q4, "<|im_start|>user\nSay banana.<|im_end|>\n", SHORT)
        again, again_outcome = _run(q4, prompt, SHORT)
        q4.clear_cache()
        cold, _ = _run(q4, prompt, SHORT)
    finally:
        q4.prompt_batch = batch
    _same_answer(warm, cold)
    _same_answer(again, cold)
    assert warm_outcome.prompt_tokens_evaluated < warm_outcome.prompt_tokens - 30
    # Only "<|im_start|>" was shared with the prompt in between.
    assert again_outcome.prompt_tokens_evaluated == again_outcome.prompt_tokens - 1


def test_the_shared_buffer_grows_without_changing_the_answer(q4: OrtLoopBackend,
                                                             optimum_path: Path) -> None:
    # About 200 prompt tokens and 64 more: the buffer (first 256 positions) doubles mid-answer.
    prompt = q4.render_chat([{"role": "user", "content": "Ondol keeps the cache warm. " * 20
                              + "Now write a poem about it."}])
    assert 180 < len(q4.tokenize(prompt)) < 250
    sampling = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=64,
                              ignore_eos=True)
    q4.clear_cache()
    grown, _ = _run(q4, prompt, sampling)
    fixed = _load(optimum_path, **{PREALLOCATE_KEY: True})
    try:
        whole, _ = _run(fixed, prompt, sampling)
    finally:
        fixed.unload()
    assert len(_ids(grown)) == 64
    assert _ids(grown) == _ids(whole)


def test_kv_cache_growth_keeps_what_the_kernel_wrote(optimum_path: Path) -> None:
    graph_path = optimum_path / "onnx" / "model_q4.onnx"
    session = ort.InferenceSession(str(graph_path), providers=["CPUExecutionProvider"])
    graph = describe_graph(session, graph_path, 3, 64, 49152)
    assert graph.attention == GQA and graph.layers == 30 and not graph.position_ids
    cache = KvCache(graph, max_len=1024, shared=True)
    binding = session.io_binding()
    cache.bind(binding, 200)
    assert cache.capacity == 256
    for index, value in enumerate(cache.values):
        value.numpy()[:, :, :200] = index + 1  # as the kernel writes in place
    cache.commit([], 200)
    cache.bind(binding, 100)
    assert cache.capacity == 512
    gc.collect()
    # Memory the old buffers gave back is taken and scribbled on.
    scribble = [np.full((1, 3, 256, 64), np.nan, np.float32) for _ in range(120)]
    for index, value in enumerate(cache.values):
        assert np.all(value.numpy()[:, :, :200] == index + 1)
        assert np.all(value.numpy()[:, :, 200:] == 0)
    assert len(scribble) == 120
    cache.truncate(50)
    assert cache.length == 50 and cache.capacity == 512


# -- stopping --------------------------------------------------------------------------------


# -- text ------------------------------------------------------------------------------------


def test_special_tokens_are_parsed_and_shown(q4: OrtLoopBackend) -> None:
    assert q4.tokenize("<|im_start|>user") == [1, 4093]
    assert q4.detokenize([1, 4093, 2]) == "<|im_start|>user<|im_end|>"


# -- bad inputs ------------------------------------------------------------------------------


def _folder(tmp_path: Path, source: Path, files: tuple[str, ...]) -> Path:
    folder = tmp_path / "model"
    (folder / "onnx").mkdir(parents=True)
    for name in files:
        shutil.copy(source / name, folder / name)
    return folder


def _expect(err_type: type[Exception], path: Path, *words: str) -> None:
    with pytest.raises(err_type) as caught:
        OrtLoopBackend().load(str(path), _params(), lambda _fraction: True)
    message = str(caught.value)
    assert message.endswith(".") and len(message.split()) >= 5, message
    for word in words:
        assert word in message, message


def test_a_folder_without_tokenizer_json(tmp_path: Path, optimum_path: Path) -> None:
    folder = _folder(tmp_path, optimum_path, ("config.json",))
    (folder / "onnx" / "model_q4.onnx").symlink_to(optimum_path / "onnx" / "model_q4.onnx")
    _expect(ModelNotFoundError, folder, "tokenizer.json")


def test_an_onnx_folder_without_a_graph(tmp_path: Path, optimum_path: Path) -> None:
    folder = _folder(tmp_path, optimum_path, ("config.json", "tokenizer.json"))
    _expect(ModelNotFoundError, folder, "no model graph")


def test_a_truncated_graph(tmp_path: Path, optimum_path: Path) -> None:
    folder = _folder(tmp_path, optimum_path, ("config.json", "tokenizer.json"))
    data = (optimum_path / "onnx" / "model_int8.onnx").read_bytes()[:1_000_000]
    (folder / "onnx" / "model_int8.onnx").write_bytes(data)
    _expect(CorruptModelError, folder, "model_int8.onnx", "Download")


def test_truncated_external_weights(tmp_path: Path, optimum_path: Path) -> None:
    folder = _folder(tmp_path, optimum_path, ("config.json", "tokenizer.json"))
    shutil.copy(optimum_path / "onnx" / "model_q4.onnx", folder / "onnx" / "model_q4.onnx")
    data = (optimum_path / "onnx" / "model.onnx.data").read_bytes()[:1_000_000]
    (folder / "onnx" / "model.onnx.data").write_bytes(data)
    with pytest.raises(CorruptModelError) as caught:
        OrtLoopBackend().load(str(folder), _params(), lambda _fraction: True)
    assert caught.value.facts.get("truncated") is True
    assert "cut short" in str(caught.value)


def test_a_damaged_tokenizer(tmp_path: Path, optimum_path: Path) -> None:
    folder = _folder(tmp_path, optimum_path, ("config.json",))
    (folder / "tokenizer.json").write_text('{"version": "1.0", "model": ', encoding="utf-8")
    (folder / "onnx" / "model_q4.onnx").symlink_to(optimum_path / "onnx" / "model_q4.onnx")
    (folder / "onnx" / "model.onnx.data").symlink_to(optimum_path / "onnx" / "model.onnx.data")
    _expect(CorruptModelError, folder, "tokenizer")


def test_nothing_loaded_and_after_unload(optimum_path: Path) -> None:
    backend = OrtLoopBackend()
    with pytest.raises(NoModelLoadedError):
        backend.tokenize("hi")
    backend.load(str(optimum_path), _params(), lambda _fraction: True)
    assert backend.tokenize("hi")
    backend.unload()
    backend.unload()  # twice is fine
    with pytest.raises(NoModelLoadedError):
        _run(backend, "hi")
