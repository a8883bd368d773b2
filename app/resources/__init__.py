"""Where Ondol's bundled files are: one place, found through importlib.resources.

Icons, style sheets and compiled translations live in this package, so they travel with an
installed or frozen app without any path tricks.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A file or folder inside the resources package."""
    return Path(str(files("app.resources").joinpath(*parts)))


def translations_dir() -> Path:
    """The folder holding ``ondol_<lang>.ts`` / ``.qm``."""
    return resource_path("translations")


def icon_files() -> dict[int, Path]:
    """The app icon's PNGs by size in pixels, smallest first (``icons/ondol-<size>.png``)."""
    found = {int(path.stem.rsplit("-", 1)[1]): path
             for path in resource_path("icons").glob("ondol-*.png")}
    return dict(sorted(found.items()))


def ui_icon_file(name: str) -> Path:
    """One of the window's line icons (``icons/ui/<name>.svg``, Lucide, ISC licence)."""
    return resource_path("icons", "ui", f"{name}.svg")
