"""Broken model files, made on the fly from a real GGUF, for the bad-input tests."""

from __future__ import annotations

import struct
from pathlib import Path

HEADER_COPY_BYTES = 8 * 1024 * 1024  # more than either real model's header (1.8 / 6.5 MB)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def header_copy(src: Path, dst: Path, size: int | None = None) -> Path:
    """``dst``: the first bytes of ``src``, zero-extended (sparse) to ``size`` or src's size."""
    with open(src, "rb") as f:
        head = f.read(HEADER_COPY_BYTES)
    total = src.stat().st_size if size is None else size
    with open(dst, "wb") as f:
        f.write(head[:total])
        f.truncate(total)
    return dst


def patch(path: Path, offset: int, data: bytes) -> None:
    """Overwrite bytes at ``offset``."""
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def png_renamed(folder: Path) -> Path:
    """A small PNG image saved as ``picture.gguf``."""
    path = folder / "picture.gguf"
    path.write_bytes(PNG_SIGNATURE + b"\x00\x00\x00\rIHDR" + b"\x00" * 64)
    return path


def truncated_half(src: Path, folder: Path) -> Path:
    """The real bytes of ``src`` cut at half, as an interrupted download leaves them."""
    path = folder / "half.gguf"
    size = src.stat().st_size // 2
    with open(src, "rb") as source, open(path, "wb") as out:
        out.write(source.read(size))
    return path


def corrupted_header(src: Path, folder: Path) -> Path:
    """A full-size copy whose metadata count is absurd (the header is damaged)."""
    path = header_copy(src, folder / "damaged.gguf")
    patch(path, 16, struct.pack("<Q", 2**62))  # magic, version, tensor count, *kv count*
    return path


def unknown_architecture(src: Path, folder: Path, real: str = "llama") -> Path:
    """A full-size copy whose ``general.architecture`` says ``zzzzz``.

    Raises:
        AssertionError: the entry is not found exactly once (the patch would be unsafe).
    """
    path = header_copy(src, folder / "zzzzz.gguf")
    entry = (struct.pack("<Q", 20) + b"general.architecture" + struct.pack("<IQ", 8, len(real))
             + real.encode())
    data = path.read_bytes()
    assert data.count(entry) == 1
    patch(path, data.index(entry) + len(entry) - len(real), b"z" * len(real))
    return path


def broken_chat_template(src: Path, folder: Path) -> Path:
    """A full copy of ``src`` whose chat template does not compile (``{% f0r`` is no tag).

    Raises:
        AssertionError: the template's opening tag is not found exactly once.
    """
    path = folder / "broken-template.gguf"
    data = bytearray(src.read_bytes())
    old = b"{% for message in messages %}{% if loop.first"
    assert data.count(old) == 1
    start = data.index(old)
    data[start:start + len(old)] = old.replace(b"{% for", b"{% f0r")
    path.write_bytes(bytes(data))
    return path


def duplicate_tensor_name(src: Path, folder: Path) -> Path:
    """A full copy of ``src`` where one tensor takes another's name (llama.cpp refuses it).

    Raises:
        AssertionError: either tensor name is not found exactly once.
    """
    path = folder / "duplicate-tensor.gguf"
    data = bytearray(src.read_bytes())
    first, second = b"blk.0.attn_q.weight", b"blk.0.attn_k.weight"
    head = bytes(data[:HEADER_COPY_BYTES])
    assert head.count(first) == 1 and head.count(second) == 1
    start = head.index(second)
    data[start:start + len(second)] = first
    path.write_bytes(bytes(data))
    return path


# -- crafted headers and configurations (hostile inputs) --------------------------------------

_GGUF_STRING, _GGUF_ARRAY, _GGUF_UINT8, _GGUF_UINT32 = 8, 9, 0, 4


def _gguf_text(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def tiny_gguf(path: Path, entries: list[bytes], architecture: str = "llama") -> Path:
    """A tensor-less GGUF at ``path``: ``general.architecture``, then the raw key/value
    ``entries`` (each a key string, a value type and its value, already packed)."""
    arch = _gguf_text("general.architecture") + struct.pack("<I", _GGUF_STRING)
    arch += _gguf_text(architecture)
    body = b"".join([arch, *entries])
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1 + len(entries)) + body)
    return path


def nested_arrays(folder: Path, depth: int = 5000) -> Path:
    """``nested.gguf``: one value that is an array of an array of ... ``depth`` levels deep
    (about 12 bytes a level: 5,000 levels make a 60 KB file)."""
    value = struct.pack("<I", _GGUF_ARRAY)
    value += struct.pack("<IQ", _GGUF_ARRAY, 1) * (depth - 1) + struct.pack("<IQ", _GGUF_UINT8, 0)
    return tiny_gguf(folder / "nested.gguf", [_gguf_text("llama.nested") + value])


def many_empty_strings(folder: Path, count: int, key: str = "tokenizer.ggml.tokens") -> Path:
    """``strings.gguf``: a string array of ``count`` empty strings under ``key`` (8 bytes each),
    with the BOS token pointing at the last one."""
    value = struct.pack("<IIQ", _GGUF_ARRAY, _GGUF_STRING, count)
    value += bytes(8 * count)
    bos = _gguf_text("tokenizer.ggml.bos_token_id") + struct.pack("<II", _GGUF_UINT32, count - 1)
    return tiny_gguf(folder / "strings.gguf", [_gguf_text(key) + value, bos])


def onnx_genai_folder(folder: Path, config_text: str | None = None) -> Path:
    """A small onnxruntime-genai layout at ``folder`` (the graph is a stub: only configuration
    is read when listing). ``config_text`` replaces ``genai_config.json`` as written."""
    folder.mkdir(parents=True)
    if config_text is None:
        config_text = ('{"model": {"type": "llama", "context_length": 2048, "vocab_size": 49152,'
                       ' "decoder": {"filename": "model.onnx", "num_hidden_layers": 30,'
                       ' "num_attention_heads": 9, "num_key_value_heads": 3,'
                       ' "hidden_size": 576, "head_size": 64}}}')
    (folder / "genai_config.json").write_text(config_text)
    (folder / "model.onnx").write_bytes(b"\x08\x07" + b"\0" * 100)
    (folder / "tokenizer.json").write_text("{}")
    return folder


def onnx_optimum_folder(folder: Path, config_text: str) -> Path:
    """A small onnx-community layout at ``folder`` whose ``config.json`` is ``config_text``."""
    (folder / "onnx").mkdir(parents=True)
    (folder / "onnx" / "model_q4.onnx").write_bytes(b"\0" * 50)
    (folder / "config.json").write_text(config_text)
    (folder / "tokenizer.json").write_text("{}")
    return folder


def deep_json(depth: int = 100_000) -> str:
    """A JSON object nested ``depth`` levels deep (past what Python's parser can recurse)."""
    return '{"model": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
