"""The model runtimes' errors say their case in the window's words.

Errors come from the real core functions where they run without a model (ONNX Runtime's
messages as the runtimes really gave them, graph descriptions, chat templates, the decode
loop's prompt check); the rest are built with the facts their raise sites give. Each must be said
by its reason's most detailed sentence (its facts fill it), in English and in Korean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.core.backends import decode
from app.core.backends.chat_template import ChatTemplate, TemplateChoice
from app.core.backends.onnx.decoder_graph import describe_graph
from app.core.backends.onnx.fallback import forced_device
from app.core.backends.onnx.ort_errors import GENERATE, LOAD, TOKENIZER, translate_onnx_error
from app.core.errors import (
    GenerationError,
    InvalidParameterError,
    ModelLoadError,
    NotAModelFileError,
    OndolError,
    RuntimeCrashedError,
)
from app.core.types.params import LoadParams, SamplingParams
from app.ui.i18n import install_translator
from app.ui.words import error_sentences as words
from app.ui.words.errors import error_text

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def languages(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_translator(qapp, "en")


def _matches(text: str, sentence: str) -> bool:
    """Whether ``text`` is ``sentence`` with its placeholders filled."""
    pattern = re.sub(r"\\\{[a-z_]+\\\}", "(.+)", re.escape(sentence))
    return re.fullmatch(pattern, text) is not None


def assert_said(app: QApplication, error: OndolError, index: int = 0) -> str:
    """Check ``error`` is said by sentence ``index`` of its reason, in English and in Korean;
    return the Korean text."""
    assert error.message  # the English message stays for the command line and the logs
    variant = error.facts.get("reason") or error.facts["missing"]
    source = words.SENTENCES[f"{error.code}.{variant}"][index]
    install_translator(app, "en")
    english = error_text(error)
    assert _matches(english, source), (english, source)
    install_translator(app, "ko")
    korean = error_text(error)
    translated = QCoreApplication.translate("Errors", source)
    assert translated != source and HANGUL.search(translated)
    assert _matches(korean, translated), (korean, translated)
    assert error.message not in korean
    return korean


def _onnx(message: str, folder: Path, stage: str = LOAD, provider: str | None = None
          ) -> OndolError:
    return translate_onnx_error(RuntimeError(message), folder, stage, provider)


def test_onnx_runtime_messages_are_said_by_their_reason(languages: QApplication,
                                                       tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    config = folder / "genai_config.json"
    cases: list[tuple[OndolError, str, int]] = [
        (_onnx(f"Load model from {folder}/model.onnx failed:Protobuf parsing failed.", folder),
         "damaged_graph", 0),
        (_onnx("GetExtDataFromTensorProto External initializer: w offset: 68592896 size to "
               "read: 14155776 given file_length: 1000000 are out of bounds or can not be read "
               "in full.", folder), "truncated_weights", 0),
        (_onnx("Unsupported model_type in config.json: nosuch", folder),
         "unknown_model_type", 0),
        (_onnx(f"Error encountered while parsing '{config}' JSON Error: model:decoder: Unknown "
               'value "head_sizeX" at line 11', folder), "genai_config_newer", 0),
        (_onnx(f"Error encountered while parsing '{config}' JSON Error: syntax error at line 3",
               folder), "damaged_genai_config", 0),
        (_onnx("Failed to parse config json.", folder, TOKENIZER), "damaged_tokenizer_config",
         0),
        (_onnx("[json.exception.parse_error.101] parse error at line 252, column 11",
               folder, TOKENIZER), "damaged_tokenizer", 0),
        (_onnx("Cuda interface not available: Failed to load library: "
               "libonnxruntime-genai-cuda.so: cannot open shared object file", folder,
               provider="cuda"), "provider_failed", 0),
        (_onnx("CUDA failure 100: no CUDA-capable device is detected", folder),
         "provider_failed", 1),
        (_onnx("Something no pattern knows.", folder), "onnx_load", 0),
        (_onnx("Non-zero status code returned while running MatMul node.", folder, GENERATE),
         "onnx_failed", 0),
    ]
    for error, reason, index in cases:
        assert error.facts["reason"] == reason, (error.message, error.facts)
        assert_said(languages, error, index)
    sizes = cases[1][0].facts
    assert sizes["expected_bytes"] == 68592896 + 14155776 and sizes["actual_bytes"] == 1000000
    assert "CUDA" in assert_said(languages, cases[7][0])
    assert "“nosuch”" in assert_said(languages, cases[2][0])


class _Graph:
    """What ``describe_graph`` reads of an ONNX Runtime session: names, types and shapes."""

    def __init__(self, inputs: dict[str, str], outputs: dict[str, str],
                 shape: list[Any] | None = None) -> None:
        def arg(name: str, kind: str) -> SimpleNamespace:
            return SimpleNamespace(name=name, type=kind, shape=shape or [1, 3, "past", 64])

        self._inputs = [arg(n, t) for n, t in inputs.items()]
        self._outputs = [arg(n, t) for n, t in outputs.items()]

    def get_inputs(self) -> list[SimpleNamespace]:
        return self._inputs

    def get_outputs(self) -> list[SimpleNamespace]:
        return self._outputs


def test_decoder_graphs_this_loop_cannot_feed_are_said_by_their_reason(
        languages: QApplication, tmp_path: Path) -> None:
    plain, gqa = tmp_path / "plain.onnx", tmp_path / "gqa.onnx"
    plain.write_bytes(b"\x08\x07 nodes")
    gqa.write_bytes(b"\x08\x07 GroupQueryAttention nodes")
    f32 = "tensor(float)"
    past = {"past_key_values.0.key": f32, "past_key_values.0.value": f32}
    present = {"logits": f32, "present.0.key": f32, "present.0.value": f32}
    cases = [
        (_Graph({"input_ids": "tensor(int64)"}, {"logits": f32}), plain, "not_a_decoder"),
        (_Graph({"input_ids": "x", "token_type_ids": "x", **past}, present), plain,
         "unknown_inputs"),
        (_Graph({"input_ids": "x", "past_key_values.0.key": f32}, present), plain,
         "incomplete_past"),
        (_Graph({"input_ids": "x", **past}, {"logits": f32}), plain, "no_present_outputs"),
        (_Graph({"input_ids": "x", "past_key_values.0.key": "tensor(int8)",
                 "past_key_values.0.value": "tensor(int8)"}, present), plain, "tensor_types"),
        (_Graph({"input_ids": "x", **past}, present, shape=["batch", "heads", "past", "dim"]),
         plain, "unknown_kv_shape"),
        (_Graph({"input_ids": "x", **past}, present), gqa, "gqa_without_mask"),
    ]
    for session, path, reason in cases:
        with pytest.raises(OndolError) as caught:
            describe_graph(session, path, None, None, 49152)
        assert caught.value.facts["reason"] == reason, caught.value.message
        assert path.name in assert_said(languages, caught.value)


def test_chat_template_failures_are_said_by_their_reason(languages: QApplication) -> None:
    chat = [{"role": "user", "content": "Hello"}]
    refusing = ChatTemplate(TemplateChoice("model", "from the model",
                                           "{{ raise_exception('Roles must alternate') }}"))
    with pytest.raises(OndolError) as refused:
        refusing.render(chat)
    assert "Roles must alternate" in assert_said(languages, refused.value)
    with pytest.raises(OndolError) as invalid:
        ChatTemplate(TemplateChoice("model", "from the model", "{% for %}"))
    assert invalid.value.facts["reason"] == "invalid"
    assert_said(languages, invalid.value)
    reading_past_the_end = ChatTemplate(TemplateChoice("model", "from the model",
                                                       "{{ messages[3]['content'] }}"))
    with pytest.raises(OndolError) as failed:
        reading_past_the_end.render(chat)
    assert failed.value.facts["reason"] == "render_failed"
    assert_said(languages, failed.value)


class _Model:
    """What the decode loop's prompt check asks of a backend: tokens and the context size."""

    def __init__(self, n_ctx: int) -> None:
        self.n_ctx = n_ctx

    def prompt_tokens(self, prompt: str) -> list[int]:
        return list(range(len(prompt.split())))

    def context_length(self) -> int:
        return self.n_ctx


def test_prompts_the_decode_loop_refuses_are_said_by_their_reason(
        languages: QApplication) -> None:
    model: Any = _Model(2048)
    with pytest.raises(InvalidParameterError) as empty:
        decode.prepare(model, "", SamplingParams())
    assert_said(languages, empty.value)
    with pytest.raises(OndolError) as overflow:
        decode.prepare(model, "word " * 3000, SamplingParams())
    said = assert_said(languages, overflow.value)
    assert "3,000" in said and "2,048" in said
    with pytest.raises(InvalidParameterError) as forced:
        forced_device(LoadParams(n_ctx=512, n_threads=1, extra={"onnx_provider": "tpu"}))
    assert "tpu" in assert_said(languages, forced.value) and "coreml" in error_text(forced.value)


def test_runtime_host_and_backend_errors_are_said_by_their_reason(
        languages: QApplication) -> None:
    # Built as their raise sites build them (these need a loaded model or a dead host).
    cases: list[tuple[OndolError, int]] = [
        (InvalidParameterError("A quantised KV cache needs flash attention on.",
                               parameter="kv_cache_type", value="q8_0",
                               reason="needs_flash_attn", rule="f16 unless flash_attn"), 0),
        (ModelLoadError("llama.cpp could not load /m/a.gguf: llama_model_load: error",
                        path="/m/a.gguf", native_log=["llama_model_load: error"],
                        reason="llama_refused", detail="llama_model_load: error"), 0),
        (ModelLoadError("No execution provider to try.", reason="no_provider"), 0),
        (ModelLoadError("This model needs the onnx-genai backend, which cannot start here",
                        backend="onnx-genai", missing_module="", package="onnxruntime-genai",
                        reason="runtime_missing"), 2),
        (NotAModelFileError("/m/q is an onnx-community model", path="/m/q",
                            looks_like="onnx-optimum", reason="optimum_layout"), 0),
        (GenerationError("llama.cpp failed while generating: decode returned -3",
                         reason="llama_failed", detail="decode returned -3"), 0),
        (GenerationError("The KV cache holds 2048 positions; this run needs 2049.",
                         reason="kv_cache_full", positions=2048, positions_needed=2049), 0),
        (GenerationError("Unexpected runtime error: KeyError('x')", reason="unexpected",
                         detail="KeyError('x')"), 0),
        (GenerationError("Unknown request Ping", reason="unknown_request", request="Ping"), 0),
        (RuntimeCrashedError("The runtime ended a request without an answer.",
                             reason="no_answer"), 0),
        (RuntimeCrashedError("The model runtime was closed while a request was running.",
                             reason="closed_during_request"), 0),
        (RuntimeCrashedError("The model runtime is not running.", exit_code=None,
                             reason="not_running"), 0),
        (RuntimeCrashedError("The model runtime was stopped by SIGKILL.", exit_code=-9,
                             signal="SIGKILL", reason="exited"), 0),
        (RuntimeCrashedError("The model runtime exited with code 3.", exit_code=3,
                             reason="exited"), 1),
    ]
    for error, index in cases:
        assert_said(languages, error, index)
    assert "q8_0" in assert_said(languages, cases[0][0])
    assert "2,049" in assert_said(languages, cases[6][0])
    assert "onnxruntime-genai" in assert_said(languages, cases[3][0], 2)
