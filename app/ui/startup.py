"""What the window says when it cannot start.

A person who opened Ondol from a menu sees no terminal, so every start-up failure becomes a
dialog: what failed in a sentence (Ondol's typed errors through ``words.errors``), the file
involved, and what to do. The same failure also goes to stderr. An error Ondol did not expect
gets a general sentence; its traceback goes to stderr and to a log file in Ondol's log folder
(named in the dialog), and the dialog keeps only its one-line technical form under "Show
details".
"""

from __future__ import annotations

import datetime
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import OndolError
from app.core.settings.paths import AppPaths
from app.ui.words.errors import code_and_facts, error_text

CONTEXT = "Startup"
LOG_NAME = "startup-errors.log"


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


@dataclass(frozen=True)
class StartupFailure:
    """What the dialog says: the failure, what to do, and the technical detail (may be "")."""

    text: str
    advice: str
    details: str = ""


# What the user can do, by error code (``"error"``: anything else).
_ADVICE: dict[str, str] = {
    "database_too_new": QT_TRANSLATE_NOOP(
        "Startup", "This file was written by a newer version of Ondol. Update Ondol to open "
                   "your chats. To use this version now, move the file to another folder "
                   "and start Ondol again: it begins with an empty chat list."),
    "database_corrupt": QT_TRANSLATE_NOOP(
        "Startup", "Move it to another folder, or put back a backup copy, and start Ondol "
                   "again. Without the file, Ondol begins with a new, empty chat list."),
    "settings_error": QT_TRANSLATE_NOOP(
        "Startup", "Move the settings file to another folder and start Ondol again; it "
                   "starts with the default settings."),
    "storage_failed": QT_TRANSLATE_NOOP(
        "Startup", "Check that the disk has free space and that you may write to this "
                   "folder, then start Ondol again."),
    "error": QT_TRANSLATE_NOOP(
        "Startup", "Start Ondol again. If this keeps happening, start it from a terminal with "
                   "“ondol” to see more."),
}
_ADVICE["storage_full"] = _ADVICE["storage_failed"]
TITLE = QT_TRANSLATE_NOOP("Startup", "Ondol could not start")
OS_PATH = QT_TRANSLATE_NOOP("Startup", "Ondol could not open or create {path}: {reason}.")
OS_FOLDERS = QT_TRANSLATE_NOOP("Startup", "Ondol could not open or create its data folders: "
                                          "{reason}.")
UNEXPECTED = QT_TRANSLATE_NOOP("Startup", "Ondol could not start because of an unexpected "
                                          "error.")
LOGGED = QT_TRANSLATE_NOOP("Startup", "The details were written to {path}.")


def _os_error_text(error: OSError) -> str:
    """A plain ``OSError`` (a data folder that cannot be made, ...) in words."""
    why = error.strerror or type(error).__name__
    if error.filename:
        return _tr(OS_PATH).format(path=error.filename, reason=why)
    return _tr(OS_FOLDERS).format(reason=why)


def describe(error: BaseException, log_file: Path | None = None) -> StartupFailure:
    """The dialog's words for ``error``; ``log_file`` is where its traceback was written
    (only named for an error Ondol did not expect).

    Raises:
        nothing: any error gets a sentence.
    """
    if isinstance(error, OndolError):
        code, _facts = code_and_facts(error)
        return StartupFailure(error_text(error), _tr(_ADVICE.get(code, _ADVICE["error"])))
    technical = f"{type(error).__name__}: {error}"
    if isinstance(error, OSError):
        return StartupFailure(_os_error_text(error), _tr(_ADVICE["storage_failed"]), technical)
    text = _tr(UNEXPECTED)
    if log_file is not None:
        text += " " + _tr(LOGGED).format(path=log_file)
    return StartupFailure(text, _tr(_ADVICE["error"]), technical)


def failure_dialog(failure: StartupFailure, parent: QWidget | None = None) -> QMessageBox:
    """The dialog for ``failure`` (not yet shown)."""
    box = QMessageBox(QMessageBox.Icon.Critical, _tr(TITLE), failure.text,
                      QMessageBox.StandardButton.Close, parent)
    box.setObjectName("startupFailure")
    box.setInformativeText(failure.advice)
    if failure.details:
        box.setDetailedText(failure.details)  # Qt adds the "Show Details..." button
    # The path can be copied into a file manager.
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def write_log(error: BaseException, log_dir: Path) -> Path | None:
    """Append ``error``'s traceback to the start-up log in ``log_dir``; None if it cannot be
    written (the dialog then keeps the detail itself).

    Raises:
        nothing: a log that cannot be written is not a second failure.
    """
    path = log_dir / LOG_NAME
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')}\n")
            out.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path


def report(error: BaseException,
           show: Callable[[QMessageBox], object] = QMessageBox.exec) -> StartupFailure:
    """Say ``error`` on stderr and in a dialog (``show`` runs it; tests may pass their own).

    Raises:
        nothing: the dialog is the last thing a failed start does.
    """
    expected = isinstance(error, (OndolError, OSError))
    log_file = None
    if expected:
        sys.stderr.write(f"ondol: {error}\n")
    else:
        sys.stderr.write("ondol: the window could not start:\n")
        traceback.print_exception(error, file=sys.stderr)
        try:
            log_file = write_log(error, AppPaths.from_environment().log_dir)
        except Exception:  # where logs go is unknown: the dialog keeps the detail
            log_file = None
    failure = describe(error, log_file)
    show(failure_dialog(failure))
    return failure
