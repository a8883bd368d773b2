"""Translations: Qt's ``tr()`` everywhere, a Korean ``.qm`` shipped in resources/translations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.resources import translations_dir

SUPPORTED = ("en", "ko")


def resolve_language(choice: str) -> str:
    """"system" becomes the system locale's language when Ondol has it, else English."""
    if choice in SUPPORTED:
        return choice
    system = QLocale.system().name().split("_")[0]
    return system if system in SUPPORTED else "en"


def install_translator(app: QApplication, choice: str,
                       folder: Path | None = None) -> QTranslator | None:
    """Load ``ondol_<lang>.qm`` into the app; English needs none. Returns what was installed."""
    language = resolve_language(choice)
    for old in app.findChildren(QTranslator):  # a second window must not inherit a language
        app.removeTranslator(old)
        old.setParent(None)
    QLocale.setDefault(QLocale(language))  # numbers and sizes follow the window's language
    if language == "en":
        return None
    # Qt's own words too (Yes / No / Cancel, file dialogs, context menus).
    qt_words = QTranslator(app)
    if qt_words.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.
                                                             TranslationsPath)):
        app.installTranslator(qt_words)
    translator = QTranslator(app)
    if not translator.load(f"ondol_{language}", str(folder or translations_dir())):
        return None
    app.installTranslator(translator)
    return translator
