"""Images for vision models: read with Pillow, upright, scaled, and carried in messages."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from app.core.documents import images
from app.core.documents.image_parts import flatten_content, has_images, part_bytes, text_only
from app.core.documents.images import load_image
from app.core.errors import DocumentError


def _write(path: Path, fmt: str, size: tuple[int, int] = (40, 20), **save: object) -> Path:
    image = Image.new("RGB", size, (200, 10, 10))
    image.paste((0, 255, 0), (0, 0, 10, 10))  # a marked corner: where it lands shows the turn
    image.save(path, format=fmt, **save)
    return path


@pytest.mark.parametrize("fmt,suffix", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_png_jpeg_and_webp_come_out_as_png(tmp_path: Path, fmt: str, suffix: str) -> None:
    prepared = load_image(_write(tmp_path / f"a.{suffix}", fmt))
    assert prepared.source_format == fmt
    assert (prepared.width, prepared.height) == (40, 20)
    with Image.open(io.BytesIO(prepared.png)) as back:
        assert back.format == "PNG" and back.size == (40, 20)


def test_the_longer_side_is_scaled_to_the_limit_keeping_the_shape(tmp_path: Path) -> None:
    prepared = load_image(_write(tmp_path / "wide.png", "PNG", (400, 100)), max_side=56)
    assert (prepared.width, prepared.height) == (56, 14)
    assert prepared.original_size == (400, 100)
    small = load_image(_write(tmp_path / "small.png", "PNG", (30, 10)), max_side=56)
    assert (small.width, small.height) == (30, 10)  # never enlarged


def test_without_a_limit_the_default_is_1024(tmp_path: Path) -> None:
    prepared = load_image(_write(tmp_path / "big.png", "PNG", (2048, 512)))
    assert max(prepared.width, prepared.height) == images.DEFAULT_MAX_SIDE


def test_an_exif_rotated_jpeg_comes_out_turned(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to show
    path = _write(tmp_path / "turned.jpg", "JPEG", (40, 20), exif=exif.tobytes(), quality=95)
    prepared = load_image(path)
    assert (prepared.width, prepared.height) == (20, 40)
    assert prepared.original_size == (20, 40)
    with Image.open(io.BytesIO(prepared.png)) as back:
        red, green, _ = back.convert("RGB").getpixel((19, 0))
        assert green > 150 and red < 120  # the marked corner moved to the top right


def test_bytes_are_read_like_a_file(tmp_path: Path) -> None:
    data = _write(tmp_path / "a.png", "PNG").read_bytes()
    prepared = load_image(data, max_side=10)
    assert (prepared.width, prepared.height) == (10, 5)
    part = prepared.content_part()
    assert part["type"] == "image_url"
    assert part["image_url"]["url"].startswith("data:image/png;base64,")
    assert part_bytes(part) == prepared.png


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_kinds_are_refused(tmp_path: Path, fmt: str) -> None:
    path = _write(tmp_path / f"a.{fmt.lower()}", fmt)
    with pytest.raises(DocumentError) as caught:
        load_image(path)
    assert caught.value.facts["reason"] == "unsupported"
    assert caught.value.facts["image_format"] == fmt


def test_a_file_that_is_no_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("just some text", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_image(path)
    assert caught.value.facts["reason"] == "not_an_image"
    assert caught.value.facts["path"] == str(path)


def test_a_damaged_image_is_refused(tmp_path: Path) -> None:
    data = _write(tmp_path / "a.png", "PNG", (64, 64)).read_bytes()
    with pytest.raises(DocumentError) as caught:
        load_image(data[:len(data) // 2])
    assert caught.value.facts["reason"] in ("broken", "not_an_image")
    assert "path" not in caught.value.facts


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        load_image(tmp_path / "gone.png")
    assert caught.value.facts["reason"] == "not_found"
    with pytest.raises(DocumentError) as caught:
        load_image(tmp_path)
    assert caught.value.facts["reason"] == "not_an_image"


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "bomb.png", "PNG", (300, 300))
    monkeypatch.setattr(images, "MAX_PIXELS", 10_000)
    with pytest.raises(DocumentError) as caught:
        load_image(path)
    assert caught.value.facts["reason"] == "too_large"
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 20_000)  # Pillow's own bound trips too
    monkeypatch.setattr(images, "MAX_PIXELS", 10**9)
    with pytest.raises(DocumentError) as caught:
        load_image(path)
    assert caught.value.facts["reason"] == "too_large"


def test_a_network_address_is_never_fetched() -> None:
    for url in ("https://example.com/cat.png", "http://127.0.0.1/x.png", "file:///etc/passwd"):
        with pytest.raises(DocumentError) as caught:
            part_bytes({"type": "image_url", "image_url": {"url": url}})
        assert caught.value.facts["reason"] == "remote_image"


def test_a_bad_data_url_is_refused() -> None:
    for url in ("data:text/plain;base64,aGVsbG8=", "data:image/png;base64,@@@"):
        with pytest.raises(DocumentError) as caught:
            part_bytes({"type": "image_url", "image_url": {"url": url}})
        assert caught.value.facts["reason"] == "not_an_image"


def test_content_parts_flatten_to_text_with_markers_in_order() -> None:
    one = "data:image/png;base64," + base64.b64encode(b"one").decode()
    two = "data:image/png;base64," + base64.b64encode(b"two").decode()
    content = [{"type": "text", "text": "Compare "}, {"type": "image_url", "image_url": one},
               {"type": "text", "text": " and "},
               {"type": "image_url", "image_url": {"url": two}}]
    text, found = flatten_content(content, "<M>")
    assert text == "Compare <M> and <M>" and found == [b"one", b"two"]
    assert flatten_content("plain", "<M>") == ("plain", [])
    messages = [{"role": "user", "content": content}]
    assert has_images(messages) and not has_images([{"role": "user", "content": "hi"}])
    assert text_only(messages)[0]["content"] == "Compare  and "
