"""The icons under messages, shown where they are wanted.

A message's actions (copy, edit or regenerate, delete) show under the message the pointer is
over, under the one the keyboard is in (Tab moves through them: a focused link reveals its
row), and under the last message always, so a new user sees them at once. Elsewhere they are
drawn blank, the same size, so nothing moves when they appear, and they can still be clicked
and read out (each link keeps its tooltip). The version arrows and the stats line stay.

Qt's rich text has no hover styles: each such icon is its own image, ``icon:NAME?m=ID``, and
showing or hiding a message's icons swaps those images in the document's resources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QPixmap, QTextDocument

from app.ui.chat.message_html import ACTION_ICONS, HIDEABLE_ACTIONS, ICON_SCHEME

MESSAGE_LINK = "ondol-msg:"
_SEARCH_BLOCKS = 4000  # the walk to a message's row stops here (a very long answer)
_IMAGE = QTextDocument.ResourceType.ImageResource


def icon_url(name: str, message_id: int | None = None) -> QUrl:
    """The image of icon ``name``; with a message id, the one under that message only."""
    return QUrl(f"{ICON_SCHEME}:{name}" + ("" if message_id is None else f"?m={message_id}"))


def message_at(document: QTextDocument, position: int) -> int | None:
    """The message whose text or icons are at ``position``: the first row of message links at
    or after it (each message ends with its row). None past the last row (a streaming answer,
    the welcome)."""
    block = document.findBlock(max(0, position))
    for _ in range(_SEARCH_BLOCKS):
        if not block.isValid():
            return None
        fragments = block.begin()
        while not fragments.atEnd():
            href = fragments.fragment().charFormat().anchorHref()
            if href.startswith(MESSAGE_LINK):
                message_id = href.rpartition(":")[2]
                return int(message_id) if message_id.isdigit() else None
            fragments += 1
        block = block.next()
    return None


class MessageIcons:
    """Which messages show their icons, kept in the document's images."""

    def __init__(self, document: QTextDocument, draw: Callable[[str], QPixmap]) -> None:
        self._document = document
        self._draw = draw  # an icon's name → its pixmap in the current colours
        self._pixmaps: dict[str, QPixmap] = {}
        self._ids: list[int] = []  # messages with icons, in order
        self._pointed: int | None = None
        self._focused: int | None = None
        self._shown: set[int] = set()

    @property
    def shown(self) -> frozenset[int]:
        """The messages whose icons are drawn now."""
        return frozenset(self._shown)

    def reset(self, ids: Iterable[int]) -> None:
        """A new conversation on screen, these messages with icons."""
        self._ids = list(ids)
        self._pointed = self._focused = None
        self._shown = self._wanted()
        self._store(self._ids)

    def add(self, message_id: int) -> None:
        """A message's icons were added at the end: it is the last one now."""
        self._ids.append(message_id)
        self._update()
        self._store([message_id])

    def point(self, message_id: int | None) -> bool:
        """The pointer is over this message (None: over none). True if something changed."""
        if message_id == self._pointed:
            return False
        self._pointed = message_id
        return self._update()

    def focus(self, message_id: int | None) -> bool:
        """The keyboard is in this message's links (None: in none). True if something changed."""
        if message_id == self._focused:
            return False
        self._focused = message_id
        return self._update()

    def redraw(self) -> None:
        """The colours changed: draw every icon again."""
        self._pixmaps.clear()
        for name in ACTION_ICONS.values():
            self._document.addResource(_IMAGE, icon_url(name), self._pixmap(name))
        self._store(self._ids)

    def image(self, url: QUrl) -> QPixmap:
        """The image for an ``icon:`` URL the document asks for."""
        name, query = url.path(), url.query()
        message = query[2:] if query.startswith("m=") else ""
        if message.isdigit() and int(message) not in self._shown:
            return self._blank()
        return self._pixmap(name)

    def _wanted(self) -> set[int]:
        return {m for m in (self._ids[-1] if self._ids else None, self._pointed, self._focused)
                if m is not None}

    def _update(self) -> bool:
        wanted = self._wanted()
        changed = wanted ^ self._shown
        self._shown = wanted
        self._store(changed)
        return bool(changed)

    def _store(self, ids: Iterable[int]) -> None:
        for message_id in ids:
            shown = message_id in self._shown
            for action in HIDEABLE_ACTIONS:
                name = ACTION_ICONS[action]
                self._document.addResource(_IMAGE, icon_url(name, message_id),
                                           self._pixmap(name) if shown else self._blank())

    def _pixmap(self, name: str) -> QPixmap:
        if name not in self._pixmaps:
            self._pixmaps[name] = self._draw(name)
        return self._pixmaps[name]

    def _blank(self) -> QPixmap:
        if "" not in self._pixmaps:
            sample = self._pixmap(ACTION_ICONS["copy"])
            blank = QPixmap(sample.size())
            blank.setDevicePixelRatio(sample.devicePixelRatio())
            blank.fill(QColor(0, 0, 0, 0))
            self._pixmaps[""] = blank
        return self._pixmaps[""]

