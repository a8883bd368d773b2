"""Finding a draft model for speculative decoding: an identical vocabulary (token by token, not by
name), at most half the target's size, smallest first; every candidate judged with a reason."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.core.catalog.drafts import recommended_draft, search_drafts
from app.core.catalog.library import scan_library
from app.core.formats.gguf_vocab import read_vocabulary
from app.core.planning.drafts import MAX_DRAFT_SHARE, DraftCandidate, find_drafts
from app.core.planning.words import english
from tests import bad_models
from tests.conftest import TEST_CACHE
from tests.vocab_models import (
    TOKENS,
    tokens_entry,
    tokens_of,
    uint32_entry,
    vocab_entries,
    vocab_model,
)

QWEN_SMALL = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN_BIG = QWEN_SMALL.with_name("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
needs_qwen = pytest.mark.skipif(not (QWEN_SMALL.is_file() and QWEN_BIG.is_file()), reason=(
    "Qwen2.5-Coder 0.5B and 1.5B GGUF are not in the test cache"))


def gguf(path: Path) -> DraftCandidate:
    return DraftCandidate(path.name, path, path.stat().st_size, "gguf")


def codes(search: object) -> dict[str, str]:
    return {v.candidate.name: v.reason.code for v in search.verdicts}  # type: ignore[attr-defined]


def test_models_with_different_vocabularies_never_draft(smollm2_path: Path,
                                                        gemma3_path: Path) -> None:
    search = find_drafts(gguf(gemma3_path), [gguf(smollm2_path), gguf(gemma3_path)])
    assert search.chosen is None
    (verdict,) = search.verdicts  # the target itself is not a candidate
    assert verdict.reason.code == "draft.vocab_differs"
    assert verdict.reason.params == {"tokens": 49152, "target_tokens": 262144}
    assert search.reason.code == "draft.none_same_vocab"
    assert english(search.reason) == "no model in the library has the same vocabulary"


@needs_qwen
def test_the_small_qwen_drafts_for_its_big_sibling_and_not_the_other_way() -> None:
    search = find_drafts(gguf(QWEN_BIG), [gguf(QWEN_BIG), gguf(QWEN_SMALL)])
    assert search.chosen is not None and search.chosen.path == QWEN_SMALL
    assert search.reason.code == "draft.same_vocab"
    assert english(search.reason) == "same vocabulary, 44% of the size"
    back = find_drafts(gguf(QWEN_SMALL), [gguf(QWEN_BIG)])
    assert back.chosen is None and back.reason.code == "draft.none_small_enough"
    assert back.verdicts[0].reason.code == "draft.too_big"
    assert back.verdicts[0].reason.params["share"] > 2


def test_the_smallest_fitting_copy_is_chosen_and_a_big_one_refused(
        smollm2_path: Path, tmp_path: Path) -> None:
    size = smollm2_path.stat().st_size
    small = vocab_model(tmp_path / "small.gguf", smollm2_path, size // 10)
    medium = vocab_model(tmp_path / "medium.gguf", smollm2_path, size // 3)
    big = vocab_model(tmp_path / "big.gguf", smollm2_path, int(size * 0.8))
    search = find_drafts(gguf(smollm2_path), [gguf(big), gguf(medium), gguf(small)])
    assert search.chosen is not None and search.chosen.path == small
    assert codes(search) == {"big.gguf": "draft.too_big", "medium.gguf": "draft.same_vocab",
                             "small.gguf": "draft.same_vocab"}
    too_big = next(v.reason for v in search.verdicts if v.candidate.path == big)
    assert too_big.params["share"] == pytest.approx(0.8, abs=0.01)
    assert too_big.params["limit_percent"] == round(MAX_DRAFT_SHARE * 100) == 50
    assert english(too_big) == "same vocabulary, but 80% of the size (a draft is at most 50%)"


def test_one_changed_token_or_end_token_is_a_different_vocabulary(
        smollm2_path: Path, tmp_path: Path) -> None:
    size = smollm2_path.stat().st_size // 10
    tokens = tokens_of(vocab_entries(smollm2_path)[TOKENS])
    tokens[1000] = tokens[1000] + b"x"
    one_token = vocab_model(tmp_path / "one.gguf", smollm2_path, size,
                            changes={TOKENS: tokens_entry(tokens)})
    eos = vocab_model(tmp_path / "eos.gguf", smollm2_path, size,
                      changes={"tokenizer.ggml.eos_token_id": uint32_entry(7)})
    shorter = vocab_model(tmp_path / "shorter.gguf", smollm2_path, size,
                          changes={TOKENS: tokens_entry(tokens[:-1])})
    search = find_drafts(gguf(smollm2_path), [gguf(one_token), gguf(eos), gguf(shorter)])
    assert search.chosen is None
    assert codes(search) == {"one.gguf": "draft.tokens_differ",
                             "eos.gguf": "draft.tokenizer_differs",
                             "shorter.gguf": "draft.vocab_differs"}
    assert search.verdicts[1].reason.params == {"key": "tokenizer.ggml.eos_token_id"}


def test_broken_embedding_and_onnx_models_are_skipped_with_a_reason(
        smollm2_path: Path, tmp_path: Path) -> None:
    size = smollm2_path.stat().st_size // 10
    broken = bad_models.corrupted_header(smollm2_path, tmp_path)
    picture = bad_models.png_renamed(tmp_path)
    embedder = vocab_model(tmp_path / "embed.gguf", smollm2_path, size, architecture="bert")
    good = vocab_model(tmp_path / "good.gguf", smollm2_path, size)
    onnx = DraftCandidate("model-onnx", tmp_path, 1000, "onnx")
    search = find_drafts(gguf(smollm2_path), [gguf(broken), gguf(picture), gguf(embedder),
                                              onnx, gguf(good)])
    assert search.chosen is not None and search.chosen.path == good
    assert codes(search) == {"damaged.gguf": "draft.unreadable", "picture.gguf":
                             "draft.unreadable", "embed.gguf": "draft.embedding",
                             "model-onnx": "draft.not_gguf", "good.gguf": "draft.same_vocab"}
    assert search.verdicts[0].error is not None
    assert english(search.verdicts[3].reason) == "ONNX, not GGUF"


def test_no_draft_for_an_onnx_or_unreadable_target_or_an_empty_library(
        smollm2_path: Path, tmp_path: Path) -> None:
    onnx = find_drafts(DraftCandidate("m", tmp_path, 1, "onnx"), [gguf(smollm2_path)])
    assert onnx.reason.code == "draft.none_not_gguf" and onnx.reason.params["format"] == "ONNX"
    broken = bad_models.png_renamed(tmp_path)
    assert find_drafts(gguf(broken), [gguf(smollm2_path)]).reason.code == "draft.none_unreadable"
    alone = find_drafts(gguf(smollm2_path), [gguf(smollm2_path)])
    assert alone.chosen is None and alone.reason.code == "draft.none_alone"
    assert alone.to_dict()["draft"] is None


def test_vocabularies_are_cached_until_the_file_changes(smollm2_path: Path,
                                                        tmp_path: Path) -> None:
    path = vocab_model(tmp_path / "v.gguf", smollm2_path, 1 << 20)
    first = read_vocabulary(path)
    assert read_vocabulary(path) is first  # not read again
    vocab_model(path, smollm2_path, 1 << 20, changes={"tokenizer.ggml.eos_token_id":
                                                      uint32_entry(7)})
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    second = read_vocabulary(path)
    assert second is not first and first.first_difference(second) == \
        "tokenizer.ggml.eos_token_id"
    assert second.token_count == 49152 and first.first_difference(first) is None


def test_the_library_answers_with_the_draft_path(smollm2_path: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    target = models / "pub" / "big" / "big.gguf"
    target.parent.mkdir(parents=True)
    os.symlink(smollm2_path, target)
    draft = vocab_model(models / "pub" / "tiny" / "tiny.gguf", smollm2_path, 1 << 20)
    library = scan_library(models)
    assert recommended_draft(target, library) == draft
    search = search_drafts(target, library)
    assert search.to_dict()["draft_name"] == "pub/tiny/tiny.gguf"
    assert recommended_draft(draft, library) is None  # the big one is too big to draft for it
