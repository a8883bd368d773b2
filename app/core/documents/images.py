"""Images attached to a message: read, turned upright, scaled, and carried as data URLs.

An image is read from a file or from bytes with Pillow (PNG, JPEG and WebP only), turned the
way its EXIF orientation says, scaled so its longer side is at most the projector's image size,
and re-encoded as PNG. Inside Ondol an image travels in a message as an OpenAI-style content part
``{"type": "image_url", "image_url": {"url": "data:image/png;base64,..."}}``; a network address
is never fetched.
"""

from __future__ import annotations

import base64
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import DocumentError

FORMATS = ("PNG", "JPEG", "WEBP")
DEFAULT_MAX_SIDE = 1024
# Pillow's own bound against decompression bombs (about 89 million pixels): more is refused
# before any pixel is decoded.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class PreparedImage:
    """An image ready for a vision model: PNG bytes at most ``max_side`` pixels a side."""

    png: bytes
    width: int
    height: int
    source_format: str  # "PNG", "JPEG" or "WEBP"
    original_size: tuple[int, int]  # after the EXIF turn, before scaling

    def data_url(self) -> str:
        """The image as a ``data:image/png;base64,...`` URL."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def content_part(self) -> dict[str, Any]:
        """The image as an OpenAI-style message content part."""
        return {"type": "image_url", "image_url": {"url": self.data_url()}}


def load_image(source: str | os.PathLike[str] | bytes, max_side: int | None = None
               ) -> PreparedImage:
    """Read an image (a path or its bytes), upright and scaled to ``max_side`` (default 1024).

    Raises:
        DocumentError: reason ``not_found``, ``unreadable`` (I/O), ``not_an_image`` (Pillow
            cannot read it), ``unsupported`` (an image kind other than PNG, JPEG, WebP; fact
            ``image_format``), ``too_large`` (more than ``MAX_PIXELS`` pixels, fact
            ``limit``; or a file over ``MAX_FILE_BYTES``), ``broken`` (the pixels cannot be
            decoded, fact ``detail``).
    """
    data, path = _read(source)
    side = max_side if max_side and max_side > 0 else DEFAULT_MAX_SIDE
    try:
        with warnings.catch_warnings():
            # A big image warns below the bound and raises above it: either way, refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format or "?"
                if kind not in FORMATS:
                    raise DocumentError(f"{kind} images are not supported.", **_at(path),
                                        reason="unsupported", image_format=kind)
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _too_large(path)
                upright = ImageOps.exif_transpose(image)
                original = upright.size
                upright.thumbnail((side, side), Image.Resampling.LANCZOS)
                rgb = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
                out = io.BytesIO()
                rgb.save(out, format="PNG")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(path) from None
    except UnidentifiedImageError:
        raise DocumentError("This is not an image.", **_at(path), reason="not_an_image") from None
    except (OSError, ValueError, SyntaxError) as err:  # truncated or damaged pixel data
        if isinstance(err, DocumentError):
            raise
        raise DocumentError(f"The image could not be decoded: {err}", **_at(path),
                            reason="broken", detail=str(err)) from None
    return PreparedImage(out.getvalue(), rgb.width, rgb.height, kind, original)


def _read(source: str | os.PathLike[str] | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        if len(source) > MAX_FILE_BYTES:
            raise _too_large("")
        return bytes(source), ""
    path = Path(source)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _too_large(str(path))
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise DocumentError(f"No file at {path}.", path=str(path), reason="not_found") from None
    except IsADirectoryError:
        raise DocumentError(f"{path} is a folder.", path=str(path),
                            reason="not_an_image") from None
    except OSError as err:
        raise DocumentError(f"{path} could not be read: {err}", path=str(path),
                            reason="unreadable", detail=str(err)) from None


def _at(path: str) -> dict[str, str]:
    """The ``path`` fact, for an image read from a file (bytes have none)."""
    return {"path": path} if path else {}


def _too_large(path: str) -> DocumentError:
    return DocumentError("The image is too large to read safely.", **_at(path),
                         reason="too_large", limit=MAX_PIXELS)
