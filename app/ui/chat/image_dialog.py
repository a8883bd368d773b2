"""A question's image, larger: fitted to most of the screen, scrollable when it is bigger."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

SCREEN_SHARE = 0.8  # of the screen's size, at most


class ImageDialog(QDialog):
    """Shows ``picture`` at its size, or smaller to fit the screen, with Close."""

    def __init__(self, picture: QPixmap, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen = (parent.screen() if parent is not None else QGuiApplication.primaryScreen())
        room = screen.availableSize() * SCREEN_SHARE if screen is not None else QSize(960, 720)
        ratio = self.devicePixelRatioF()
        shown = picture
        logical = picture.size() / ratio
        if logical.width() > room.width() or logical.height() > room.height():
            shown = picture.scaled(room * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        shown.setDevicePixelRatio(ratio)  # one image pixel per device pixel: sharp
        self.picture = QLabel(self)
        self.picture.setPixmap(shown)
        self.picture.setAccessibleName(title)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea(self)
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        size = shown.deviceIndependentSize().toSize()
        self.resize(min(room.width(), size.width() + 48), min(room.height(), size.height() + 96))
