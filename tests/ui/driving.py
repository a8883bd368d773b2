"""Driving the real window in a process of its own (screenshots, a kill): wait on it, and open
it in a theme and language with a fresh settings file."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication


def pump(seconds: float) -> None:
    """Let the window run for ``seconds``."""
    app = QApplication.instance()
    assert app is not None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def wait(condition: Callable[[], Any], timeout: float = 30.0) -> None:
    """Let the window run until ``condition()`` holds.

    Raises:
        TimeoutError: it did not within ``timeout`` seconds (the picture would be wrong).
    """
    app = QApplication.instance()
    assert app is not None
    end = time.monotonic() + timeout
    while time.monotonic() < end and not condition():
        app.processEvents()
        time.sleep(0.005)
    if not condition():
        raise TimeoutError(f"the window did not get there in {timeout:.0f} s")


def write_settings(theme: str, language: str) -> None:
    """The settings file of ``$ONDOL_HOME``: this theme and language, past the first start."""
    from app.core.settings.paths import AppPaths
    from app.core.settings.settings import SettingsStore

    store = SettingsStore(AppPaths.from_environment().ensure().settings_file)
    settings = store.load()
    settings.theme, settings.language, settings.first_run_done = theme, language, True
    store.save(settings)


def start_window(theme: str, language: str, client: object | None = None,
                 size: tuple[int, int] = (1280, 800)) -> Any:
    """The window on screen in ``theme`` and ``language``, its model ready (``client`` None:
    the real runtime with the starter model)."""
    from app.ui.app import application, create_window

    write_settings(theme, language)
    application([])
    window = create_window(client=client, show_welcome=False)  # type: ignore[arg-type]
    window.resize(*size)
    window.show()
    wait(lambda: window.models.ready, timeout=120)
    return window
