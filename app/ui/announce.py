"""Saying a sentence to screen readers (NVDA, Orca, VoiceOver) without moving the focus."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent


def announce(source: QObject, text: str, assertive: bool = False) -> None:
    """Ask the screen reader to read ``text`` (said by ``source``); nothing when it is empty.

    Polite announcements wait for the reader to finish what it is saying; assertive ones
    interrupt it (for errors). Without an active screen reader Qt drops the event.
    """
    if not text.strip():
        return
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
