"""Arrow images for combo and spin boxes in the theme's colours.

A style sheet can only draw a subcontrol's arrow from an image file, and the shipped icons
take their colour from the palette at draw time; so each needed colour of each arrow is
written once into a private temporary folder that lives as long as the process.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTemporaryDir

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
    target = Path(_folder.path()) / f"{name}-{color.lstrip('#')}.svg"
    if not target.exists():
        svg = ui_icon_file(name).read_bytes().replace(b"currentColor", color.encode())
        target.write_bytes(svg)
    return target.as_posix()
