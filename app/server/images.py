"""Images in requests, for a model with a vision projector: OpenAI's ``image_url`` content
parts (base64 ``data:`` URLs only) and Ollama's ``images`` (base64 strings).

Every image is read and re-encoded by ``load_image`` (PNG, JPEG or WebP; upright; scaled to
the side the model's projector works at) before it reaches the model. An address (``http:``,
``https:``, ``file:``) is refused with the field named: the server never fetches anything a
request points to. A model without a projector given an image is refused before it loads.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from app.core.catalog.library import LocalModel
from app.core.catalog.projectors import projector_image_size
from app.core.documents.image_parts import part_bytes
from app.core.documents.images import load_image
from app.core.errors import DocumentError
from app.server.api_error import ApiError


def _no_vision(model: LocalModel, where: str) -> ApiError:
    return ApiError(400, f"The model '{model.name}' cannot see images: it has no vision "
                         "projector (mmproj) beside it. Send text only, or use a vision "
                         "model.", param=where, code="model_without_vision")


def _bad_image(error: DocumentError, where: str) -> ApiError:
    reason = error.facts.get("reason", "")
    if reason == "remote_image":
        return ApiError(400, f"{where} is an address; Ondol never fetches images. Send the "
                             "image inline as a base64 data URL (data:image/png;base64,...).",
                        param=where, code="unsupported_image_url")
    return ApiError(400, f"{where} is not an image Ondol can read (PNG, JPEG or WebP): "
                         f"{error.message}", param=where, code="invalid_image")


def _prepared(data: bytes, model: LocalModel, where: str) -> dict[str, Any]:
    """``data`` read, scaled to the projector's side, as an OpenAI image part."""
    side = projector_image_size(model.projector) if model.projector else None
    try:
        return load_image(data, max_side=side).content_part()
    except DocumentError as err:
        raise _bad_image(err, where) from None


def content_of(parts: Any, where: str, model: LocalModel) -> str | list[dict[str, Any]]:
    """An OpenAI message's content for the model: plain text stays a string; with images, a
    list of text and (re-encoded) image parts.

    Raises:
        ApiError: 400 naming the part: an image for a model without vision
            (``model_without_vision``), an address instead of inline data
            (``unsupported_image_url``), an unreadable image (``invalid_image``), a part of
            another type (``unsupported_content``).
    """
    if parts is None:
        return ""
    if isinstance(parts, str):
        return parts
    out: list[dict[str, Any]] = []
    for index, part in enumerate(parts):
        here = f"{where}[{index}]"
        if part.type == "text" and part.text is not None:
            out.append({"type": "text", "text": part.text})
            continue
        if part.type != "image_url":
            raise ApiError(400, f"Only text and image_url parts are understood; {here} is "
                                f"'{part.type}'.", param=here, code="unsupported_content")
        if not model.vision:
            raise _no_vision(model, here)
        url_field = f"{here}.image_url.url"
        try:
            data = part_bytes({"image_url": part.image_url})
        except DocumentError as err:
            raise _bad_image(err, url_field) from None
        out.append(_prepared(data, model, url_field))
    if all(p["type"] == "text" for p in out):
        return "".join(p["text"] for p in out)
    return out


def with_images(text: str, images: Sequence[str] | None, where: str,
                model: LocalModel) -> str | list[dict[str, Any]]:
    """An Ollama message's content: ``text`` alone, or the images (base64 strings, each read
    and re-encoded) followed by the text as OpenAI-style parts.

    Raises:
        ApiError: 400 naming the image: a model without vision, an address, data that is not
            base64 or not an image.
    """
    if not images:
        return text
    if not model.vision:
        raise _no_vision(model, where)
    parts: list[dict[str, Any]] = []
    for index, image in enumerate(images):
        here = f"{where}[{index}]"
        if not isinstance(image, str):
            raise ApiError(400, f"{here} must be a base64 string.", param=here,
                           code="invalid_image")
        if image.startswith("data:") or "://" in image[:16]:
            try:
                data = part_bytes({"image_url": {"url": image}})
            except DocumentError as err:
                raise _bad_image(err, here) from None
        else:
            try:
                data = base64.b64decode(image, validate=True)
            except (binascii.Error, ValueError):
                raise ApiError(400, f"{here} is not valid base64.", param=here,
                               code="invalid_image") from None
        parts.append(_prepared(data, model, here))
    return [*parts, {"type": "text", "text": text}]
