"""The window's icons: Lucide's line icons (ISC licence), shipped as SVG in
``app/resources/icons/ui`` and drawn in the palette's text colour, sharp at any scale.

``set_icon(widget, name)`` gives a button or action its icon and remembers the name, so that
``refresh_icons(root)`` can draw every icon again after the theme changed.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from app.resources import ui_icon_file

NAME_PROPERTY = "ondolIcon"
TAB_NAMES_PROPERTY = "ondolTabIcons"  # a tab widget's icon names, tab by tab
# Icon sizes the window uses, in logical pixels; each is drawn for the screens' pixel ratios
# only (16–24 px at 100 %, 32–48 at 200 %): a size never shown is never drawn.
LOGICAL_SIZES = (16, 20, 24)
_drawn: dict[tuple[str, str, str, tuple[int, ...]], QIcon] = {}  # the same icon, drawn once


@cache
def _svg(name: str) -> bytes:
    return ui_icon_file(name).read_bytes()


def _pixmap(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap


def _renderer(name: str, color: QColor) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(_svg(name).replace(b"currentColor",
                                                       color.name().encode())))


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """The icon ``name`` (a file in ``icons/ui``) in ``color`` (default: the palette's button
    text), with a dimmed look for disabled controls.

    Raises:
        FileNotFoundError: no icon of that name is shipped.
    """
    palette = QApplication.palette()
    normal = QColor(color) if color is not None else palette.color(
        QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    sizes = _device_sizes()
    key = (name, normal.name(QColor.NameFormat.HexArgb),
           disabled.name(QColor.NameFormat.HexArgb), sizes)
    if key not in _drawn:
        result = QIcon()
        for mode, colour in ((QIcon.Mode.Normal, normal), (QIcon.Mode.Disabled, disabled)):
            renderer = _renderer(name, colour)
            for size in sizes:
                result.addPixmap(_pixmap(renderer, size), mode)
        _drawn[key] = result
    return QIcon(_drawn[key])


def _device_sizes() -> tuple[int, ...]:
    """The pixel sizes the screens need (150 % gets 24–36 px, not a scaled 32)."""
    ratios = {screen.devicePixelRatio() for screen in QGuiApplication.screens()} or {1.0}
    return tuple(sorted({round(size * ratio) for size in LOGICAL_SIZES for ratio in ratios}))


def set_icon(target: QObject, name: str) -> None:
    """Give a button or action the icon ``name``, remembered for ``refresh_icons``."""
    target.setProperty(NAME_PROPERTY, name)
    target.setIcon(icon(name))  # type: ignore[attr-defined]


def set_tab_icons(tabs: QTabWidget, names: list[str]) -> None:
    """Give a tab widget's tabs the icons ``names``, in order, remembered for
    ``refresh_icons``."""
    tabs.setProperty(TAB_NAMES_PROPERTY, names)
    for index, name in enumerate(names):
        tabs.setTabIcon(index, icon(name))


def refresh_icons(root: QWidget) -> None:
    """Draw every remembered icon under ``root`` again (the palette changed)."""
    for target in [root, *root.findChildren(QObject)]:
        name = target.property(NAME_PROPERTY)
        if isinstance(name, str) and hasattr(target, "setIcon"):
            target.setIcon(icon(name))
        tab_names = target.property(TAB_NAMES_PROPERTY)
        if isinstance(target, QTabWidget) and isinstance(tab_names, list):
            set_tab_icons(target, tab_names)
