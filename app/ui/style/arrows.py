"""Arrow images for combo and spin boxes in the theme's colours.

A style sheet can only draw a subcontrol's arrow from an image file, and the shipped icons
take their colour from the palette at draw time; so each needed colour of each arrow is
written once into a private temporary folder that lives as long as the process. They are
written as PNG (with an ``@2x`` twin for 200 %), which Qt reads without an image plugin: a
style sheet's SVG would need the qsvg plugin, which the frozen app does not carry.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTemporaryDir
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from app.resources import ui_icon_file

_folder: QTemporaryDir | None = None


def arrow_file(name: str, color: str) -> str:
    """A path (forward slashes, for ``url()``) to icon ``name`` drawn in ``#rrggbb`` ``color``.

    Raises:
        FileNotFoundError: no icon of that name is shipped.
        OSError: the temporary folder cannot be created or written.
    """
    global _folder
    if _folder is None:
        _folder = QTemporaryDir()
        if not _folder.isValid():
            _folder = None
            raise OSError("no temporary folder for the style's arrows")
    stem = Path(_folder.path()) / f"{name}-{color.lstrip('#')}"
    target = stem.with_suffix(".png")
    if not target.exists():
        svg = ui_icon_file(name).read_bytes().replace(b"currentColor", color.encode())
        renderer = QSvgRenderer(QByteArray(svg))
        for path, size in ((stem.with_name(stem.name + "@2x.png"), 32), (target, 16)):
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
            if not image.save(str(path), "PNG"):
                raise OSError(f"cannot write {path}")
    return target.as_posix()
