"""The window's composition root: settings, translations, theme, stores, runtime, window."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.chat.store import ChatStore
from app.core.context import AppContext
from app.core.errors import OndolError
from app.core.settings.settings import SettingsStore
from app.resources import icon_files
from app.ui import startup
from app.ui.compose import build_window
from app.ui.i18n import install_translator
from app.ui.main_window import MainWindow
from app.ui.runtime_worker import RuntimeLike
from app.ui.smoke import SmokeCheck, smoke_folder
from app.ui.theme import apply_theme
from app.ui.words.errors import error_text

APP_ID = "ondol"  # WM_CLASS on X11, the app id on Wayland, the desktop file's name
_LANGUAGE_SET = "ondolLanguageSet"


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named for the desktop: WM_CLASS ``"ondol", "ondol"``, shown as
    Ondol, with Ondol's icon."""
    app = QApplication.instance()
    if app is None:
        args = list(argv if argv is not None else sys.argv)
        # Qt's xcb plugin takes the WM_CLASS instance name from argv[0]'s file name ("Ondol"
        # frozen, "python" or "ondol" otherwise) and the class name from applicationName().
        app = QApplication([APP_ID, *args[1:]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName("Ondol")
    app.setOrganizationName("Ondol")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """Ondol's icon, 16 to 256 pixels (X11 copies every size into a window property; 512 would
    add a megabyte to it for nothing)."""
    icon = QIcon()
    for size, path in icon_files().items():
        if size <= 256:
            icon.addFile(str(path))
    return icon


def create_window(client: RuntimeLike | None = None, show_welcome: bool = True) -> MainWindow:
    """Build everything the window needs (the runtime client is the real one unless given).

    Raises:
        OSError: the data folders cannot be created.
        OndolError: the chat database cannot be opened.
    """
    app = application()
    ctx = AppContext.create()
    settings_store = SettingsStore(ctx.paths.settings_file)
    settings = settings_store.load()
    install_translator(app, settings.language)
    app.setProperty(_LANGUAGE_SET, True)  # a failure from here on is said in this language
    dark = apply_theme(app, settings.theme)
    store = ChatStore(ctx.paths.data_dir / "chats.sqlite3")
    if client is None:
        from app.core.runtime.client import RuntimeClient

        client = RuntimeClient()
    window = build_window(ctx, client, store, settings_store, settings, dark)
    if show_welcome and not settings.first_run_done:
        QTimer.singleShot(200, window, lambda: _welcome(window))
    return window


def _welcome(window: MainWindow) -> None:
    """The first-start dialog: the hardware and the starter model's plan (probed and read off
    the GUI thread), shown when both are known."""
    ctx = window.ctx

    def facts() -> tuple[object, object]:
        plan = None
        # Without a plan the dialog still shows the hardware; the top bar says what went wrong.
        with contextlib.suppress(OndolError):
            _meta, plan = ctx.plan(ctx.ensure_starter_model())
        return ctx.profile, plan

    def show(found: tuple[object, object]) -> None:
        from app.ui.welcome import WelcomeDialog

        profile, plan = found
        WelcomeDialog(profile, plan, window,  # type: ignore[arg-type]
                      typing_target=window.composer.edit).exec()
        window.activateWindow()  # typing right after the welcome writes the message
        window.composer.edit.setFocus()
        window.settings.first_run_done = True
        window.params_ctl.save_settings()

    window.background.run(facts, show, lambda error: window.show_status(error_text(error)))


def main(show_failure: Callable[[QMessageBox], object] = QMessageBox.exec) -> int:
    """Open the window and run until it closes (or, with ``ONDOL_SMOKE_TEST`` set, run the
    non-interactive check in ``app.ui.smoke`` and return its result). A window that cannot
    start says why in a dialog (``show_failure`` runs it) and on stderr, and 1 is returned.
    """
    app = application()
    app.setProperty(_LANGUAGE_SET, False)
    try:
        window = create_window()
    except Exception as err:  # whatever stops the start is said, never a traceback
        if not app.property(_LANGUAGE_SET):
            # The settings were not read: the system's language is the best guess.
            with contextlib.suppress(Exception):
                install_translator(app, "system")
        startup.report(err, show_failure)
        return 1
    folder = smoke_folder()
    check = SmokeCheck(window, folder) if folder is not None else None
    window.show()
    code = app.exec()
    window.store.close()
    return check.exit_code if check is not None else code
