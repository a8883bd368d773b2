"""How the desktop knows the window: its application and desktop names, and its icon."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.ui.app import APP_ID, application


def test_application_names_and_icon(qapp: QApplication) -> None:
    app = application()
    assert app is qapp
    # The xcb plugin's WM_CLASS class name; the frozen-app test reads the real WM_CLASS.
    assert app.applicationName() == APP_ID == app.desktopFileName() == "ondol"
    assert app.applicationDisplayName() == "Ondol"
    widths = sorted(size.width() for size in app.windowIcon().availableSizes())
    assert widths == [16, 32, 48, 64, 128, 256]
