"""A projector file's header, checked before anything loads; images split out of messages."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from app.core.backends.llama.vision import (
    MARKER,
    read_projector_info,
    refuse_images,
    split_messages,
)
from app.core.documents.images import load_image
from app.core.errors import DocumentError, ModelLoadError


def _reason(path: Path) -> str:
    with pytest.raises(ModelLoadError) as caught:
        read_projector_info(str(path))
    assert caught.value.facts["file_name"] == path.name
    return str(caught.value.facts["reason"])


def test_a_missing_projector(tmp_path: Path) -> None:
    assert _reason(tmp_path / "mmproj-gone.gguf") == "projector_missing"


def test_a_file_that_is_not_gguf(tmp_path: Path) -> None:
    path = tmp_path / "mmproj-text.gguf"
    path.write_text("not a model", encoding="utf-8")
    assert _reason(path) == "not_a_projector"


def test_an_empty_or_cut_projector(tmp_path: Path) -> None:
    empty = tmp_path / "mmproj-empty.gguf"
    empty.write_bytes(b"")
    assert _reason(empty) == "projector_broken"
    cut = tmp_path / "mmproj-cut.gguf"
    cut.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 10, 50) + b"\x05\x00")
    assert _reason(cut) == "projector_broken"


def test_a_language_model_given_as_projector(smollm2_path: Path) -> None:
    with pytest.raises(ModelLoadError) as caught:
        read_projector_info(str(smollm2_path))
    assert caught.value.facts["reason"] == "not_a_projector"
    assert caught.value.facts["architecture"] == "llama"


def _message(tmp_path: Path) -> dict[str, object]:
    from PIL import Image

    Image.new("RGB", (8, 8), "blue").save(tmp_path / "a.png")
    part = load_image(tmp_path / "a.png").content_part()
    return {"role": "user", "content": [{"type": "text", "text": "What is "}, part,
                                        {"type": "text", "text": "?"}]}


def test_images_split_out_of_messages_in_order(tmp_path: Path) -> None:
    message = _message(tmp_path)
    flat, images = split_messages([{"role": "system", "content": "Be brief."}, message])
    assert flat[0] == {"role": "system", "content": "Be brief."}
    assert flat[1]["content"] == f"What is {MARKER}?"
    assert len(images) == 1 and images[0].startswith(b"\x89PNG")


def test_a_model_without_projector_refuses_images(tmp_path: Path) -> None:
    refuse_images([{"role": "user", "content": "no image here"}])
    with pytest.raises(DocumentError) as caught:
        refuse_images([_message(tmp_path)])
    assert caught.value.facts["reason"] == "no_vision"
