"""Build a tiny random-weight Gemma 3 vision model: model.gguf and mmproj-model.gguf.

Usage: build.py CONVERTER_DIR OUT_DIR
    CONVERTER_DIR  llama.cpp's convert_hf_to_gguf.py, conversion/ and gguf-py/, taken from the
                   llama.cpp that the installed llama-cpp-python vendors (so the files match
                   the loader that reads them)
    OUT_DIR        created; receives model.gguf, mmproj-model.gguf and build.json

Runs under a Python with torch, transformers 5, sentencepiece and safetensors. Everything is
made here (a sentencepiece tokenizer trained on a few lines, random weights under a fixed
seed): nothing is downloaded. The weights are random, so the answers mean nothing; the model
exists to prove that an image reaches the projector and changes what the language model sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BUILD_VERSION = 1
IMAGE_SIZE = 56  # pixels per side; 14-pixel patches give 4 x 4 patches
PATCH_SIZE = 14
IMAGE_TOKENS = 4  # 2 x 2 after the projector's average pooling
SPECIALS = ["<start_of_turn>", "<end_of_turn>", "<start_of_image>", "<end_of_image>",
            "<image_soft_token>"]
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m.role }}\n"
    "{% if m.content is string %}{{ m.content }}{% else %}{% for p in m.content %}"
    "{% if p.type == 'text' %}{{ p.text }}{% endif %}{% endfor %}{% endif %}"
    "<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)
CORPUS = [
    "the quick brown fox jumps over the lazy dog",
    "a picture of a red square and a blue circle",
    "what is in this image? describe the colours and shapes",
    "hello world, this is a tiny model for tests",
    "사진에 무엇이 있나요? 빨간 사각형과 파란 원",
]


def _tokenizer(folder: Path) -> int:
    """Train a small sentencepiece model (Gemma's id layout: pad 0, eos 1, bos 2, unk 3)."""
    import sentencepiece as spm

    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "corpus.txt"
        text.write_text("\n".join(CORPUS * 20), encoding="utf-8")
        spm.SentencePieceTrainer.train(
            input=str(text), model_prefix=str(folder / "tokenizer"), vocab_size=400,
            model_type="bpe", byte_fallback=True, character_coverage=1.0,
            pad_id=0, eos_id=1, bos_id=2, unk_id=3, user_defined_symbols=SPECIALS,
            minloglevel=2)
    vocab = spm.SentencePieceProcessor(model_file=str(folder / "tokenizer.model"))
    (folder / "tokenizer_config.json").write_text(json.dumps({
        "bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
        "add_bos_token": True, "add_eos_token": False, "chat_template": CHAT_TEMPLATE,
    }), encoding="utf-8")
    return vocab.get_piece_size()


def _model(folder: Path, vocab_size: int) -> None:
    """Random weights under a fixed seed, saved as safetensors with their configs."""
    import sentencepiece as spm
    import torch
    from transformers import (
        Gemma3Config,
        Gemma3ForConditionalGeneration,
        Gemma3TextConfig,
        SiglipVisionConfig,
    )

    ids = spm.SentencePieceProcessor(model_file=str(folder / "tokenizer.model"))
    torch.manual_seed(17)
    text = Gemma3TextConfig(
        vocab_size=vocab_size, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=1, head_dim=32, max_position_embeddings=1024,
        sliding_window=128, rms_norm_eps=1e-6, bos_token_id=2, eos_token_id=1, pad_token_id=0)
    vision = SiglipVisionConfig(
        hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=2,
        image_size=IMAGE_SIZE, patch_size=PATCH_SIZE, vision_use_head=False)
    config = Gemma3Config(
        text_config=text, vision_config=vision, mm_tokens_per_image=IMAGE_TOKENS,
        boi_token_index=ids.piece_to_id("<start_of_image>"),
        eoi_token_index=ids.piece_to_id("<end_of_image>"),
        image_token_index=ids.piece_to_id("<image_soft_token>"))
    model = Gemma3ForConditionalGeneration(config).eval()
    with torch.no_grad():  # random norms and a large embedding scale: keep logits distinct
        for parameter in model.parameters():
            parameter.normal_(0.0, 0.2)
    model.save_pretrained(folder, safe_serialization=True)
    _hub_layout(folder / "model.safetensors")
    (folder / "preprocessor_config.json").write_text(json.dumps({
        "image_seq_length": IMAGE_TOKENS, "image_mean": [0.5, 0.5, 0.5],
        "image_std": [0.5, 0.5, 0.5], "size": {"height": IMAGE_SIZE, "width": IMAGE_SIZE},
    }), encoding="utf-8")


def _hub_layout(weights: Path) -> None:
    """Rename the vision tower's tensors to the published checkpoints' layout.

    transformers 5 saves ``vision_tower.embeddings...``; the converter maps the names that
    published Gemma 3 checkpoints use, ``vision_tower.vision_model.embeddings...``.
    """
    from safetensors.torch import load_file, save_file

    tensors = load_file(weights)
    renamed = {("vision_tower.vision_model." + name[len("vision_tower."):]
                if name.startswith("vision_tower.") and ".vision_model." not in name else name):
               tensor.contiguous() for name, tensor in tensors.items()}
    save_file(renamed, weights, metadata={"format": "pt"})


def _convert(converter: Path, source: Path, out: Path, *extra: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(converter / "gguf-py"), "NO_LOCAL_GGUF": ""}
    subprocess.run([sys.executable, str(converter / "convert_hf_to_gguf.py"), str(source),
                    "--outtype", "f32", "--outfile", str(out), *extra],
                   check=True, env=env, cwd=converter)


def main() -> None:
    converter, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "tiny-gemma3-vision"
        source.mkdir()
        vocab_size = _tokenizer(source)
        _model(source, vocab_size)
        _convert(converter, source, out / "model.gguf")
        _convert(converter, source, out / "mmproj-model.gguf", "--mmproj")
    (out / "build.json").write_text(json.dumps({
        "build_version": BUILD_VERSION, "image_size": IMAGE_SIZE, "image_tokens": IMAGE_TOKENS,
        "vocab_size": vocab_size}), encoding="utf-8")


if __name__ == "__main__":
    main()
