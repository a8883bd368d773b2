"""Ondol's icon files: every PNG size the app and the desktop use, and the Windows .ico and
macOS .icns that packaging/render_icons.py made from the same SVG (PNG entries inside)."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from app.resources import icon_files, resource_path

REPO = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_MAGIC)
    image = QImage.fromData(data, "PNG")
    return image.width(), image.height()


def test_svg_and_png_sizes() -> None:
    assert QSvgRenderer(str(resource_path("icons", "ondol.svg"))).isValid()
    files = icon_files()
    assert list(files) == [16, 32, 48, 64, 128, 256, 512]
    for size, path in files.items():
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path.name
        assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # round corners
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_windows_ico_holds_pngs_up_to_256() -> None:
    data = (REPO / "packaging" / "icons" / "ondol.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack_from("<BBBBHHII", data,
                                                                        6 + 16 * index)
        side = width or 256
        assert _png_size(data[offset:offset + length]) == (side, side)
        sizes.append(side)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_macos_icns_holds_the_retina_sizes() -> None:
    data = (REPO / "packaging" / "icons" / "ondol.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    entries: dict[bytes, tuple[int, int]] = {}
    offset = 8
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        entries[kind] = _png_size(data[offset + 8:offset + length])
        offset += length
    assert entries[b"ic10"] == (1024, 1024) and entries[b"ic09"] == (512, 512)
    assert entries[b"ic07"] == (128, 128) and entries[b"icp4"] == (16, 16)
