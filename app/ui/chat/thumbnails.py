"""A question's images, small: decoded from the stored PNG, scaled to fit a square, drawn at the
screen's pixel ratio, and put inline in the chat as ``data:`` URLs (the chat view loads no
file and nothing remote, so the document carries the pixels itself).

A blob that is no image Qt can read, or one too large to decode safely (a damaged row, or one
written by another tool), gives None: the chat shows a placeholder and goes on.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap

MAX_SIDE = 240  # logical px: the longer side of a thumbnail
MAX_BLOB = 64 * 1024 * 1024  # bytes: a stored image larger than this is not decoded
MAX_PIXELS = 50_000_000  # an image claiming more pixels is not decoded (a decompression bomb)


@dataclass(frozen=True)
class Thumbnail:
    """A thumbnail as a ``data:`` URL and its size in logical pixels."""

    url: str
    width: int
    height: int


def read_image(png: bytes) -> QImage | None:
    """The stored image, or None when it cannot or must not be decoded.

    Raises:
        nothing.
    """
    if not png or len(png) > MAX_BLOB:
        return None
    data = QByteArray(png)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()  # read from the header: nothing is decoded yet
    if not size.isValid() or size.width() * size.height() > MAX_PIXELS:
        return None
    image = reader.read()
    return None if image.isNull() else image


def fit(size: QSize, side: int) -> QSize:
    """``size`` scaled to fit a ``side`` × ``side`` square, its aspect kept (never enlarged)."""
    if size.width() <= side and size.height() <= side:
        return QSize(max(1, size.width()), max(1, size.height()))
    scaled = size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio)
    return QSize(max(1, scaled.width()), max(1, scaled.height()))


@lru_cache(maxsize=32)
def thumbnail(png: bytes, pixel_ratio: float = 1.0, side: int = MAX_SIDE) -> Thumbnail | None:
    """The image scaled to fit ``side`` logical px, with ``pixel_ratio`` device pixels per
    logical one (sharp on a high-DPI screen); None when the blob is no readable image.

    Raises:
        nothing.
    """
    image = read_image(png)
    if image is None:
        return None
    logical = fit(image.size(), side)
    ratio = max(1.0, pixel_ratio)
    device = QSize(max(1, round(logical.width() * ratio)), max(1, round(logical.height() * ratio)))
    if device.width() < image.width() or device.height() < image.height():
        image = image.scaled(device, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    url = "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode("ascii")
    return Thumbnail(url, logical.width(), logical.height())


def pixmap(png: bytes) -> QPixmap | None:
    """The whole image as a pixmap (for the larger view), or None.

    Raises:
        nothing.
    """
    image = read_image(png)
    return None if image is None else QPixmap.fromImage(image)
