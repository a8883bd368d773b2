"""Token spans, their visible rendering, the comparisons and the Korean advice (no runtime)."""

from __future__ import annotations

import pytest

from app.core.inspect.korean import COSTLY, FITS, korean_advice, korean_models, model_names
from app.core.inspect.tokens import TokenKind, build_tokenization
from app.core.inspect.tokens_compare import language_cost, sample_text, side_by_side
from app.core.inspect.tokens_render import visible


def test_invisible_pieces_are_drawn_visibly() -> None:
    assert visible(b" a\tb\n") == "␣a→b↵"
    assert visible("가".encode()[:2]) == "<0xEA><0xB0>"
    assert visible(b" \xf0\x9f\x91") == "␣<0xF0><0x9F><0x91>"
    assert visible(b"\x00") == "<0x00>"


def test_a_hangul_syllable_in_byte_pieces_is_shown_once_and_kinds_are_told_apart() -> None:
    text = "가 <|im_start|>\n"
    raw = "가".encode()
    t = build_tokenization("m", text, [1, 2, 3, 4, 5, 6],
                           [raw[:1], raw[1:2], raw[2:], b" ", b"<|im_start|>", b"\n"],
                           [False, False, False, False, True, False])
    kinds = [s.kind for s in t.spans]
    assert kinds == [TokenKind.BYTE] * 3 + [TokenKind.WHITESPACE, TokenKind.SPECIAL,
                                            TokenKind.WHITESPACE]
    assert [s.text for s in t.spans[:3]] == ["가", "", ""]
    assert {(s.char_start, s.char_end) for s in t.spans[:3]} == {(0, 1)}
    assert "".join(s.text for s in t.spans) == text
    assert [s.label for s in t.spans] == ["<0xEA>", "<0xB0>", "<0x80>", "␣", "<|im_start|>",
                                          "↵"]
    assert (t.tokens, t.characters) == (6, len(text))
    assert t.chars_per_token == pytest.approx(len(text) / 6)
    assert t.to_dict()["spans"][0] == {"id": 1, "bytes": "ea", "text": "가", "kind": "byte",
                                       "label": "<0xEA>", "chars": [0, 1]}


def test_a_sentencepiece_prefix_space_is_not_taken_for_the_texts() -> None:
    t = build_tokenization("m", "Hi", [7], [b" Hi"], [False])
    assert t.spans[0].raw == b"Hi" and t.spans[0].text == "Hi"


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        build_tokenization("m", "a", [1, 2], [b"a"], [False])


def test_samples_and_numbers_for_a_plain_sentence() -> None:
    ko, en = sample_text("ko"), sample_text("en")
    assert "버스" in ko and "bus" in en
    korean = build_tokenization("m", "가나", [1, 2, 3], [b"\xea\xb0", b"\x80", "나".encode()],
                                [False] * 3)
    english = build_tokenization("m", "ab", [4], [b"ab"], [False])
    cost = language_cost(korean, english)
    assert cost.ratio == 3.0
    assert cost.korean_chars_in(4096) == int(4096 * 2 / 3)
    assert cost.to_dict()["korean_per_english"] == 3.0
    other = build_tokenization("n", "ab", [1, 2], [b"a", b"b"], [False, False])
    assert side_by_side(english, other).ratio == 2.0
    with pytest.raises(ValueError):
        side_by_side(korean, english)
    with pytest.raises(ValueError):
        language_cost(korean, other)


@pytest.mark.parametrize(("name", "ratio", "advise", "reason"), [
    ("SmolLM2-135M-Instruct.Q4_1.gguf", 1.0, True, "card_english_only"),
    ("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", 1.6, False, FITS),
    ("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", 3.5, True, COSTLY),
    ("Qwen2.5-7B-Instruct-Q4_K_M.gguf", 9.0, False, "card_lists_korean"),
    ("gemma-3-1b-it-Q4_K_M.gguf", None, False, "card_many_languages"),
    ("EXAONE-3.5-2.4B-Instruct-Q4_K_M.gguf", None, False, "card_korean_english"),
    ("some-model.gguf", 3.0, False, FITS),
    ("some-model.gguf", None, False, FITS),
])
def test_korean_advice(name: str, ratio: float | None, advise: bool, reason: str) -> None:
    advice = korean_advice([name], ratio)
    assert (advice.advise, advice.reason) == (advise, reason)


def test_every_listed_family_has_a_reason_and_an_onnx_folder_goes_by_its_name() -> None:
    models = korean_models()
    assert all(f.reason.startswith("card_") for f in models.good + models.not_multilingual)
    assert model_names("/m/Qwen3-0.6B-ONNX/onnx/model_q4.onnx") == ["Qwen3-0.6B-ONNX"]
    assert model_names("/m/x.gguf", None, "Qwen2.5 7B") == ["x.gguf", "Qwen2.5 7B"]
