"""The Qt binding itself must not corrupt Python's reference counts (PySide6 6.12.0 did)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QTextBrowser


def test_void_qt_calls_do_not_release_none(qapp: QApplication) -> None:
    # Under Python 3.11 None is an ordinary object with a few thousand references; a binding
    # that drops one per call crashes a streaming window within seconds.
    view = QTextBrowser()
    before = sys.getrefcount(None)
    for _ in range(500):
        qapp.processEvents()
        cursor = QTextCursor(view.document())
        cursor.setPosition(0)
        cursor.insertText("a")
    assert sys.getrefcount(None) - before > -50
