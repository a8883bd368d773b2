"""Render Ondol's icon from its SVG: the PNG sizes the app and Linux use, a Windows ``.ico``
and a macOS ``.icns``.

    .venv/bin/python packaging/render_icons.py

Writes ``app/resources/icons/ondol-<size>.png`` (shipped with the app: the window icon and the
desktop entry's icons), ``packaging/icons/ondol.ico`` and ``packaging/icons/ondol.icns`` (used
only by the Windows and macOS builds). The outputs are committed; run this again after changing
the SVG. Only Qt is needed: both container formats hold plain PNGs, written here by hand.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "app" / "resources" / "icons" / "ondol.svg"
PNG_DIR = ROOT / "app" / "resources" / "icons"
PACKAGING_ICONS = ROOT / "packaging" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can say
# .icns entry types holding PNG data, by pixel size (ic11..ic14 are the @2x of smaller ones).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"icp6", 64), (b"ic12", 64),
              (b"ic07", 128), (b"ic08", 256), (b"ic13", 256), (b"ic09", 512), (b"ic14", 512),
              (b"ic10", 1024))


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes.

    Raises:
        RuntimeError: Qt could not encode the image.
    """
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size} px icon")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file whose entries are PNGs (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the one-byte size fields
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        payload += png
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon file: typed PNG entries after an ``icns`` header."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Render every icon file; 0 on success.

    Raises:
        RuntimeError: the SVG is not valid or a PNG could not be encoded.
        OSError: an output cannot be written.
    """
    QGuiApplication(["render_icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"{SVG} is not a valid SVG")
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    pngs = {size: render_png(renderer, size) for size in sizes}
    for size in PNG_SIZES:
        (PNG_DIR / f"ondol-{size}.png").write_bytes(pngs[size])
    PACKAGING_ICONS.mkdir(exist_ok=True)
    (PACKAGING_ICONS / "ondol.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (PACKAGING_ICONS / "ondol.icns").write_bytes(icns_bytes(pngs))
    print(f"wrote {len(PNG_SIZES)} PNGs to {PNG_DIR.relative_to(ROOT)}, ondol.ico and "
          f"ondol.icns to {PACKAGING_ICONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
