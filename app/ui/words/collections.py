"""Words about collections (folders kept indexed) and the embedding model that indexes them.

The core gives a collection's counts and a state code; these functions give the sentences.
Every string is written out in a ``translate`` call so that lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.words.errors import error_text
from app.ui.words.sizes import format_number


def status_text(state: str, done: int = 0, total: int = 0) -> str:
    """A collection's state (see ``collections_model.STATES``) as a short phrase.

    Raises:
        nothing: an unknown state reads as "Ready".
    """
    if state == "indexing":
        if total:
            return QCoreApplication.translate(
                "Collections", "Indexing: {done} of {total} done").format(
                    done=format_number(done), total=format_number(total))
        return QCoreApplication.translate("Collections", "Indexing…")
    phrases = {
        "queued": QCoreApplication.translate("Collections", "Waiting to index"),
        "rebuild": QCoreApplication.translate("Collections",
                                              "Needs rebuild: the embedding model changed"),
        "missing": QCoreApplication.translate("Collections", "Folder missing"),
        "empty": QCoreApplication.translate("Collections", "Not indexed yet"),
        "errors": QCoreApplication.translate("Collections", "Ready, some files failed"),
    }
    return phrases.get(state) or QCoreApplication.translate("Collections", "Ready")


def progress_text(name: str, done: int, total: int, chunks: int) -> str:
    """One line for the dialog and the status line while a collection is indexed."""
    return QCoreApplication.translate(
        "Collections", "Indexing “{name}”: {done} of {total} files, {chunks} passages").format(
            name=name, done=format_number(done), total=format_number(total),
            chunks=format_number(chunks))


def finished_text(name: str, indexed: int, failed: int, removed: int) -> str:
    """What an indexing run did."""
    if not (indexed or failed or removed):
        return QCoreApplication.translate(
            "Collections", "“{name}” is up to date: nothing changed.").format(name=name)
    return QCoreApplication.translate(
        "Collections", "“{name}” is up to date (indexed: {indexed}, could not be read: "
                       "{failed}, removed: {removed}).").format(
            name=name, indexed=format_number(indexed), failed=format_number(failed),
            removed=format_number(removed))


def failure_reason(reason: str | None) -> str:
    """Why a file of a collection could not be read (its ``error_reason``), in a sentence."""
    return error_text({"code": "document", "facts": {"reason": reason or "unreadable"}})


def model_label(model_id: str | None) -> str:
    """The embedding model a collection was built with (its file name), or a dash."""
    if not model_id:
        return "—"
    return model_id.split(":", 1)[0]


def best_available(chosen: str | None) -> str:
    """The "best available" choice, naming the model it means now when there is one."""
    if chosen:
        return QCoreApplication.translate("Collections", "Best available ({model})").format(
            model=chosen)
    return QCoreApplication.translate("Collections", "Best available")


def download_label() -> str:
    """The button that fetches the recommended embedding model."""
    return QCoreApplication.translate("Collections",
                                      "Download Qwen3-Embedding-0.6B (Q8_0, 639 MB)")


def download_text(done: int, total: int) -> str:
    """The recommended model's download, in percent."""
    percent = int(100 * done / total) if total else 0
    return QCoreApplication.translate(
        "Collections", "Downloading the embedding model: {percent}%").format(
            percent=format_number(percent))
