"""The files and images attached to the message being written, as removable chips above the
message box (a document: its name and size; an image: a small picture of it as well).

Files come from the attach button's dialog, a drop, or a paste; an image on the clipboard is
saved as a PNG file first, so every attachment is a path the send flow can read.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from app.ui.icons import icon, set_icon
from app.ui.words.sizes import format_size

IMAGE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".webp"))
THUMB = 32  # the chip's picture, in pixels


@dataclass(frozen=True)
class Attached:
    """One attached file; ``image``: it goes to the model as a picture, not as text."""

    path: Path
    image: bool
    size: int


def attached(path: Path) -> Attached:
    """What ``path`` is as an attachment (its size 0 when it cannot be read now: the send
    flow says why)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return Attached(path, path.suffix.lower() in IMAGE_SUFFIXES, size)


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local files (not folders) in dragged or copied data."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.is_file()]


def choose_files(parent: QWidget) -> list[Path]:
    """Ask for documents and images to attach (none when the dialog is cancelled)."""
    documents = "*.txt *.md *.markdown *.pdf *.docx *.html *.htm *.csv *.json *.py *.js *.ts"
    images = " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
    filters = ";;".join((
        parent.tr("Documents and images ({patterns})").format(patterns=f"{documents} {images}"),
        parent.tr("Images ({patterns})").format(patterns=images),
        parent.tr("All files (*)")))
    names, _chosen = QFileDialog.getOpenFileNames(parent, parent.tr("Attach files"), "",
                                                  filters)
    return [Path(name) for name in names]


class Chip(QFrame):
    """One attachment: picture (images), name and size, and a remove button."""

    removeRequested = Signal(object)  # Attached

    def __init__(self, item: Attached, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 2, 2)
        layout.setSpacing(6)
        if item.image:
            self.thumb = QLabel(self)
            self.thumb.setPixmap(_thumbnail(item.path))
            self.thumb.setFixedSize(THUMB, THUMB)
            self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(self.thumb)
        else:
            self.kind_icon = QLabel(self)
            self.kind_icon.setPixmap(icon("file-text").pixmap(QSize(16, 16)))
            layout.addWidget(self.kind_icon)
        self.label = QLabel(self.tr("{name} · {size}").format(
            name=item.path.name, size=format_size(item.size)), self)
        self.label.setToolTip(str(item.path))
        layout.addWidget(self.label)
        self.remove = QToolButton(self)
        self.remove.setAutoRaise(True)
        set_icon(self.remove, "x")
        self.remove.setIconSize(QSize(14, 14))
        self.remove.setAccessibleName(self.tr("Remove {name}").format(name=item.path.name))
        self.remove.setToolTip(self.tr("Remove the attachment"))
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self.item))
        layout.addWidget(self.remove)
        kind = self.tr("Image") if item.image else self.tr("File")
        self.setAccessibleName(f"{kind}: {item.path.name}")


def _thumbnail(path: Path) -> QPixmap:
    """A small picture of the image (read scaled: a photo is not decoded at full size)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() > 0 and size.height() > 0:
        reader.setScaledSize(size.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


class AttachBar(QWidget):
    """The chips of the message's attachments; hidden while there are none."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paste_dir = Path(tempfile.gettempdir()) / "ondol-pasted"  # the window sets its own
        self._chips: list[Chip] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 4)
        self._layout.setSpacing(6)
        # "Reading files…" while a message's files are read, or why a message was refused.
        self.progress = QLabel(self)
        self.progress.setProperty("role", "muted")
        self.progress.setWordWrap(True)
        self.progress.hide()
        self._layout.addWidget(self.progress, 5)
        self._layout.addStretch(1)  # the chips keep their own width, from the left
        self.setAccessibleName(self.tr("Attachments"))
        self.hide()

    def items(self) -> list[Attached]:
        """What is attached now, in the order it was added."""
        return [chip.item for chip in self._chips]

    def add_paths(self, paths: Iterable[Path]) -> int:
        """Attach files (one already attached is not added twice); how many were added."""
        known = {chip.item.path for chip in self._chips}
        added = 0
        for path in paths:
            path = Path(path).absolute()
            if path in known:
                continue
            known.add(path)
            chip = Chip(attached(path), self)
            chip.removeRequested.connect(self.remove)
            self._layout.insertWidget(len(self._chips), chip)
            self._chips.append(chip)
            added += 1
        if added:
            self.progress.hide()
        self._changed()
        return added

    def add_image(self, image: QImage) -> Path | None:
        """Attach a pasted picture, saved as a PNG file; None when it could not be saved."""
        try:
            self.paste_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        path = self.paste_dir / f"pasted-{time.strftime('%Y%m%d-%H%M%S')}-{id(image):x}.png"
        if image.isNull() or not image.save(str(path), "PNG"):
            return None
        self.add_paths([path])
        return path

    def take_mime(self, mime: QMimeData) -> bool:
        """Attach the files, or the picture, in pasted data; False when it holds neither
        (the text box then pastes it as text)."""
        files = local_files(mime)
        if files:
            self.add_paths(files)
            return True
        if mime.hasImage():
            image = mime.imageData()
            return isinstance(image, QImage) and self.add_image(image) is not None
        return False

    def remove(self, item: Attached) -> None:
        """Take one attachment off the message."""
        for chip in list(self._chips):
            if chip.item == item:
                self._chips.remove(chip)
                chip.hide()
                chip.deleteLater()
        self.progress.hide()  # a refusal was about what was attached
        self._changed()

    def clear(self) -> None:
        """The message was sent: no attachment is left."""
        for chip in self._chips:
            chip.hide()
            chip.deleteLater()
        self._chips = []
        self._changed()

    def show_progress(self, text: str, error: bool = False) -> None:
        """A short line beside the chips ("" hides it); ``error``: a refusal."""
        self.progress.setProperty("role", "error" if error else "muted")
        self.progress.style().unpolish(self.progress)
        self.progress.style().polish(self.progress)
        self.progress.setText(text)
        self.progress.setVisible(bool(text))
        self._changed()

    def _changed(self) -> None:
        self.setVisible(bool(self._chips) or not self.progress.isHidden())
        self.changed.emit()
