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


def icon_files() -> list[Path]:
    """The app icon as PNGs, smallest first (``ondol-16.png`` ... ``ondol-512.png``)."""
    return sorted(resource_path("icons").glob("ondol-*.png"),
                  key=lambda path: int(path.stem.rsplit("-", 1)[1]))
