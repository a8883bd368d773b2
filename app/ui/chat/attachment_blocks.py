"""What a question was sent with, and the sources of its answers, as HTML inside the chat.

Under a question: one quiet chip per attached file saying how it reached the model (sent
whole, searched for passages, sent as an image, or not read and why), its images as
thumbnails that open larger (``ondol-image:QUESTION:N`` links), and one line on what happened
for the turn. Under an answer: the passages it was given, numbered as the model was told to
cite them, each a link to the whole passage (``ondol-source:ANSWER:N``). Colours come from the
chat's palette (``ChatColours``) and the error role, so both themes read.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import PurePath

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl

from app.core.chat.attachments import FAILED, IMAGE, RETRIEVED, WHOLE, Attachment, Grounding, Source
from app.ui.chat.thumbnails import Thumbnail
from app.ui.render.colours import ChatColours
from app.ui.words.errors import error_text
from app.ui.words.sizes import format_number

SOURCE_SCHEME = "ondol-source"
IMAGE_SCHEME = "ondol-image"
SNIPPET_CHARS = 110  # a source's snippet: about one line of the chat's column
SMALL = "font-size:small; line-height:130%"


# The words of these blocks (QT_TRANSLATE_NOOP: marked here, translated in ``_tr``).
SENT_WHOLE = QT_TRANSLATE_NOOP("Attachments", "sent whole · {tokens} tokens")
ONE_PAGE = QT_TRANSLATE_NOOP("Attachments", "1 page")
PAGES = QT_TRANSLATE_NOOP("Attachments", "{pages} pages")
SEARCHED = QT_TRANSLATE_NOOP("Attachments", "searched")
SENT_AS_IMAGE = QT_TRANSLATE_NOOP("Attachments", "sent as an image")
NOT_READ = QT_TRANSLATE_NOOP("Attachments", "not read: {reason}")
NOTE_WHOLE = QT_TRANSLATE_NOOP(
    "Attachments", "The attached files fit in the context and were sent whole.")
NOTE_ONE_PASSAGE = QT_TRANSLATE_NOOP(
    "Attachments", "The files were too long for the context: the passage that best matches "
                   "the question was sent.")
NOTE_PASSAGES = QT_TRANSLATE_NOOP(
    "Attachments", "The files were too long for the context: the {count} passages that best "
                   "match the question were sent.")
IMAGE_N_OF = QT_TRANSLATE_NOOP("Attachments", "Image {number} of {count}")
IMAGE_BROKEN = QT_TRANSLATE_NOOP("Attachments", "This image cannot be shown.")
CLICK_LARGER = QT_TRANSLATE_NOOP("Attachments", "Click to see it larger")
PAGE_N = QT_TRANSLATE_NOOP("Attachments", "page {page}")
SOURCES = QT_TRANSLATE_NOOP("Attachments", "Sources")
SHOW_PASSAGE = QT_TRANSLATE_NOOP("Attachments", "Show the whole passage")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Attachments", text)


def link(scheme: str, message_id: int, number: int) -> str:
    """A link to a message's ``number``-th image or source."""
    return f"{scheme}:{message_id}:{number}"


def parse_link(url: QUrl, scheme: str) -> tuple[int, int] | None:
    """(message id, number) of one of ``link``'s links of ``scheme``, None for any other."""
    if url.scheme() != scheme:
        return None
    message, _, number = url.path().partition(":")
    return (int(message), int(number)) if message.isdigit() and number.isdigit() else None


def how_sent(attachment: Attachment) -> str:
    """How a file reached the model, in a few words ("sent whole · 1,200 tokens")."""
    if attachment.mode == WHOLE:
        words = _tr(SENT_WHOLE).format(
            tokens=format_number(attachment.tokens))
        if attachment.pages:
            pages = format_number(attachment.pages)
            words += " · " + (_tr(ONE_PAGE) if attachment.pages == 1
                              else _tr(PAGES).format(pages=pages))
        return words
    if attachment.mode == RETRIEVED:
        return _tr(SEARCHED)
    if attachment.mode == IMAGE:
        return _tr(SENT_AS_IMAGE)
    reason = error_text({"code": "document", "facts": {"reason": attachment.reason or ""}})
    return _tr(NOT_READ).format(reason=reason)


def turn_note(grounding: Grounding) -> str:
    """One sentence on what the model got from the files for this turn ("" when nothing)."""
    if grounding.mode == WHOLE:
        return _tr(NOTE_WHOLE)
    if grounding.mode == RETRIEVED:
        count = len(grounding.sources)
        if count == 1:
            return _tr(NOTE_ONE_PASSAGE)
        return _tr(NOTE_PASSAGES).format(count=format_number(count))
    return ""


def question_html(message_id: int, grounding: Grounding | None,
                  thumbnails: Sequence[Thumbnail | None], colours: ChatColours,
                  error: str) -> str:
    """The chips, thumbnails and note under a question ("" when it was sent with nothing);
    ``thumbnails`` holds None for an image that cannot be shown; ``error``: the error role's
    colour (files that were not read)."""
    parts: list[str] = []
    chips = []
    for attachment in grounding.attachments if grounding is not None else []:
        colour = error if attachment.mode == FAILED else colours.muted
        chips.append(f'<span style="background-color:{colours.code_bg}">&nbsp;'
                     f'<b>{html.escape(attachment.name)}</b>&nbsp;· '
                     f'<span style="color:{colour}">{html.escape(how_sent(attachment))}</span>'
                     f'&nbsp;</span>')
    if chips:
        parts.append(f'<p style="margin-top:6px; margin-bottom:0; {SMALL}">'
                     + "<br>".join(chips) + "</p>")
    images = [_image_html(message_id, number, thumb, len(thumbnails), colours)
              for number, thumb in enumerate(thumbnails)]
    if images:
        # line-height 100 %: the prose's taller lines would add room under a picture
        parts.append('<p style="margin-top:6px; margin-bottom:0; line-height:100%">'
                     + "&nbsp;&nbsp;".join(images) + "</p>")
    note = turn_note(grounding) if grounding is not None else ""
    if note:
        parts.append(f'<p style="margin-top:4px; margin-bottom:0; {SMALL}; '
                     f'color:{colours.muted}">{html.escape(note)}</p>')
    return "".join(parts)


def image_title(number: int, count: int) -> str:
    """The name of the question's ``number``-th image (counted from 0)."""
    return _tr(IMAGE_N_OF).format(number=format_number(number + 1),
                                                  count=format_number(count))


def _image_html(message_id: int, number: int, thumb: Thumbnail | None, count: int,
                colours: ChatColours) -> str:
    if thumb is None:  # a damaged or oversized blob: say so, quietly, and go on
        return (f'<span style="{SMALL}; color:{colours.muted}; background-color:'
                f'{colours.code_bg}">&nbsp;{html.escape(_tr(IMAGE_BROKEN))}'
                "&nbsp;</span>")
    title = html.escape(image_title(number, count) + " · " + _tr(CLICK_LARGER))
    return (f'<a href="{link(IMAGE_SCHEME, message_id, number)}" title="{title}">'
            f'<img src="{thumb.url}" width="{thumb.width}" height="{thumb.height}" '
            f'alt="{title}" title="{title}"></a>')


def where_in_file(source: Source) -> str:
    """The page and heading of a source ("page 3 · Results"), "" when it has neither."""
    parts = []
    if source.page:
        parts.append(_tr(PAGE_N).format(page=format_number(source.page)))
    if source.heading:
        parts.append(source.heading)
    return " · ".join(parts)


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The passage's start on one line, cut on a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"


def source_label(source: Source) -> str:
    """"[2] report.pdf · page 3 · Results"."""
    name = source.name or PurePath(source.path).name
    where = where_in_file(source)
    return f"[{source.number}] {name}" + (f" · {where}" if where else "")


def sources_html(answer_id: int, sources: Sequence[Source], colours: ChatColours) -> str:
    """The sources under an answer ("" when it had none)."""
    if not sources:
        return ""
    rows = [f'<p style="margin-top:10px; margin-bottom:0; {SMALL}; color:{colours.muted}">'
            f'<b>{html.escape(_tr(SOURCES))}</b></p>']
    for source in sources:
        tip = html.escape(_tr(SHOW_PASSAGE))
        rows.append(
            f'<p style="margin-top:4px; margin-bottom:0; {SMALL}">'
            f'<a href="{link(SOURCE_SCHEME, answer_id, source.number)}" title="{tip}" '
            f'style="color:{colours.link}; text-decoration:none">'
            f'{html.escape(source_label(source))}</a><br>'
            f'<span style="color:{colours.muted}">{html.escape(snippet(source.text))}</span></p>')
    return "".join(rows)
