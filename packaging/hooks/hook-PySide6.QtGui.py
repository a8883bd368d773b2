# Ondol's QtGui hook: PyInstaller's own collection, less the Qt plugins a desktop app on Linux,
# Windows or macOS never loads. Dropping them here, before the dependency analysis, also keeps
# out the libraries only they need (QtNetwork for VNC, GTK's cairo and pango). QtSvg stays: the
# Wayland window decorations (libadwaita.so) draw with it.
from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

# Embedded-device platforms (framebuffer, EGLFS, VNC, Vulkan display) and their input plugins.
_UNUSED_TYPES = {"egldeviceintegrations", "generic"}
_UNUSED_PLUGINS = {
    "qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay", "qvnc", "qminimal",
    # The GTK theme would load the system's GTK next to the bundled glib, cairo and pango.
    "qgtk3",
    # Image formats Ondol never reads (the icons are PNG, which Qt reads without a plugin).
    "qsvg", "qsvgicon", "qtiff", "qwebp", "qwbmp", "qtga", "qicns",
}


def _wanted(source: str, destination: str) -> bool:
    stem = PurePath(source).stem.removeprefix("lib").split(".")[0]
    return PurePath(destination).name not in _UNUSED_TYPES and stem not in _UNUSED_PLUGINS


binaries = [entry for entry in binaries if _wanted(*entry)]
