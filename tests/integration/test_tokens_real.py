"""Token spans from real tokenizers: the ids are the runtimes' own, the bytes are the text's,
the vocabulary is read without the weights, and a broken file says so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import CorruptModelError, NoModelLoadedError
from app.core.inspect.korean import korean_advice, model_names
from app.core.inspect.tokens_compare import language_cost, sample_text
from app.core.inspect.tokens_read import VocabCache, open_vocab
from app.core.runtime.client import RuntimeClient
from tests.conftest import TEST_CACHE
from tests.onnx_fixtures import onnx_model

QWEN_FILE = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
needs_qwen = pytest.mark.skipif(not QWEN_FILE.is_file(), reason="Qwen2.5-Coder-0.5B not cached")

TEXTS = [
    "안녕하세요. 오늘 날씨가 정말 좋네요! 가각갂",
    "Family: 👨‍👩‍👧‍👦, flags 🇰🇷, skin 👍🏽, plain 😀",
    "def f(x):\n\tif x:\n\t\treturn {'a': [1, 2]}\r\n    # done\n\n",
    "<|im_start|>user\nhi<|im_end|>",
]
TEXT_STRATEGY = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.sampled_from(["\u200d", "\ufe0f", " ", "\n", "\t", "a", "Z", "1", "{", "é"])),
    max_size=40)


@pytest.fixture(scope="module")
def cache() -> Iterator[VocabCache]:
    vocabs = VocabCache()
    yield vocabs
    vocabs.close()


def _llama_ids(path: Path, texts: list[str]) -> list[list[int]]:
    import llama_cpp

    llm = llama_cpp.Llama(str(path), n_ctx=256, n_threads=1, verbose=False)
    try:
        return [llm.tokenize(t.encode(), add_bos=False, special=True) for t in texts]
    finally:
        llm.close()


def _models(smollm2_path: Path) -> list[Path]:
    return [smollm2_path, *([QWEN_FILE] if QWEN_FILE.is_file() else [])]


def test_gguf_ids_are_llama_cpps_own(smollm2_path: Path, cache: VocabCache) -> None:
    for path in _models(smollm2_path):
        for text, ids in zip(TEXTS, _llama_ids(path, TEXTS), strict=True):
            t = cache.tokenization(str(path), text)
            assert t.token_ids == ids, (path.name, text)
            assert b"".join(s.raw for s in t.spans) == text.encode()
            assert "".join(s.text for s in t.spans) == text


def test_onnx_ids_are_the_tokenizers_packages(cache: VocabCache) -> None:
    from tokenizers import Tokenizer

    folder = onnx_model("smollm2-optimum")
    reference = Tokenizer.from_file(str(folder / "tokenizer.json"))
    for text in TEXTS:
        t = cache.tokenization(str(folder / "onnx" / "model.onnx"), text)
        assert t.token_ids == reference.encode(text, add_special_tokens=False).ids
        assert b"".join(s.raw for s in t.spans) == text.encode()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT_STRATEGY)
def test_spans_bytes_join_back_to_the_text(smollm2_path: Path, cache: VocabCache,
                                           text: str) -> None:
    t = cache.tokenization(str(smollm2_path), text, special=False)
    assert b"".join(s.raw for s in t.spans) == text.encode()
    assert "".join(s.text for s in t.spans) == text


@needs_qwen
def test_vocab_only_reads_no_weights() -> None:
    import llama_cpp  # noqa: F401  (the library itself is not what is measured)

    process = psutil.Process()
    before = process.memory_info().rss
    vocab = open_vocab(str(QWEN_FILE))
    grown = process.memory_info().rss - before
    vocab.close()
    assert grown < os.path.getsize(QWEN_FILE) / 4, grown


def test_korean_advice_for_the_starter_and_not_for_qwen(smollm2_path: Path,
                                                       cache: VocabCache) -> None:
    for path, advise in [(smollm2_path, True), *([(QWEN_FILE, False)] if QWEN_FILE.is_file()
                                                 else [])]:
        cost = language_cost(cache.tokenization(str(path), sample_text("ko")),
                             cache.tokenization(str(path), sample_text("en")))
        assert (cost.ratio > 3.0) is advise, (path.name, cost.ratio)
        assert korean_advice(model_names(path), cost.ratio).advise is advise


def test_the_host_reads_a_file_alone_or_the_loaded_model_and_names_a_broken_one(
        smollm2_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(smollm2_path.read_bytes()[:4096])
    with RuntimeClient() as client:
        assert client.token_spans("가", str(smollm2_path)).tokens == 3
        with pytest.raises(CorruptModelError) as caught:
            client.token_spans("가", str(broken))
        assert caught.value.facts["path"] == str(broken)
        with pytest.raises(NoModelLoadedError):
            client.token_spans("가")
