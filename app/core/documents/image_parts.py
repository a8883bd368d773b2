"""Images inside messages: OpenAI-style ``image_url`` content parts holding base64 data
URLs. Reading them needs no image library (``images`` decodes pixels with Pillow), so the
runtime client can check a conversation for images without loading Pillow."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Sequence
from typing import Any

from app.core.errors import DocumentError


def image_parts(content: Any) -> list[dict[str, Any]]:
    """The ``image_url`` parts of a message's content (none for plain text)."""
    if not isinstance(content, list):
        return []
    return [p for p in content if isinstance(p, dict) and p.get("type") == "image_url"]


def has_images(messages: Iterable[Any]) -> bool:
    """Whether any message carries an image part."""
    return any(image_parts(m.get("content")) for m in messages if isinstance(m, dict))


def part_bytes(part: dict[str, Any]) -> bytes:
    """The image bytes of an ``image_url`` part holding a base64 data URL.

    Raises:
        DocumentError: reason ``remote_image`` (a network or file address: never fetched),
            ``not_an_image`` (not a base64 image data URL).
    """
    ref = part.get("image_url")
    url = ref.get("url") if isinstance(ref, dict) else ref
    if not isinstance(url, str) or not url.startswith("data:"):
        scheme = url.split(":", 1)[0].lower() if isinstance(url, str) and ":" in url else ""
        raise DocumentError("Images are sent inline, never fetched from an address.",
                            reason="remote_image", scheme=scheme[:16])
    head, _, payload = url.partition(",")
    if not head.startswith("data:image/") or not head.endswith(";base64"):
        raise DocumentError("The image is not a base64 image data URL.", reason="not_an_image")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise DocumentError("The image data is not valid base64.",
                            reason="not_an_image") from None


def flatten_content(content: Any, marker: str) -> tuple[str, list[bytes]]:
    """A message's content as text, each image replaced by ``marker``, and the images' bytes
    in order. Plain text comes back as it is.

    Raises:
        DocumentError: an image part that is not an inline image (see ``part_bytes``).
    """
    if not isinstance(content, list):
        return ("" if content is None else str(content)), []
    text: list[str] = []
    images: list[bytes] = []
    for part in content:
        if not isinstance(part, dict):
            continue
        if part.get("type") == "image_url":
            images.append(part_bytes(part))
            text.append(marker)
        elif part.get("type") == "text":
            text.append(str(part.get("text", "")))
    return "".join(text), images


def text_only(messages: Sequence[Any]) -> list[Any]:
    """The messages with image parts dropped and text parts joined (for counting and for
    models that take text only)."""
    out = []
    for message in messages:
        if isinstance(message.get("content"), list):
            message = {**message, "content": "".join(
                str(p.get("text", "")) for p in message["content"]
                if isinstance(p, dict) and p.get("type") == "text")}
        out.append(message)
    return out
