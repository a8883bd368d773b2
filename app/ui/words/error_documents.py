"""Error sentences about attachments and collections: files read as text for a message, images
for vision models, and the indexes that retrieval searches (see ``error_sentences``).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

SENTENCES: dict[str, tuple[str, ...]] = {
    "document": (
        QT_TRANSLATE_NOOP("Errors", "The file {path} could not be read."),
        QT_TRANSLATE_NOOP("Errors", "The file could not be read."),
    ),
    "document.not_an_image": (
        QT_TRANSLATE_NOOP("Errors", "{path} is not an image Ondol can read."),
        QT_TRANSLATE_NOOP("Errors", "The attachment is not an image Ondol can read."),
    ),
    "document.no_vision": (
        QT_TRANSLATE_NOOP("Errors", "This model cannot see images. Load a vision model with "
                                    "its projector file to send images."),
    ),
    "document.remote_image": (
        QT_TRANSLATE_NOOP("Errors", "Images are sent from this computer only: Ondol never "
                                    "fetches an image from an address."),
    ),
    "document.not_found": (
        QT_TRANSLATE_NOOP("Errors", "There is no file at {path}."),
        QT_TRANSLATE_NOOP("Errors", "The file is gone."),
    ),
    "document.unreadable": (
        QT_TRANSLATE_NOOP("Errors", "The file {path} cannot be read: {os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "{path} could not be read."),
        QT_TRANSLATE_NOOP("Errors", "The file could not be read."),
    ),
    "document.unsupported": (
        QT_TRANSLATE_NOOP("Errors", "{image_format} images cannot be attached: use PNG, JPEG "
                                    "or WebP."),
        QT_TRANSLATE_NOOP("Errors", "Ondol cannot read {suffix} files such as {path}. It reads "
                                    "text, Markdown, PDF, Word (.docx), HTML and source code."),
        QT_TRANSLATE_NOOP("Errors", "Ondol does not read this kind of file."),
    ),
    "document.too_large": (
        QT_TRANSLATE_NOOP("Errors", "The file {path} holds more than {limit_bytes} of text, "
                                    "too much to read."),
        QT_TRANSLATE_NOOP("Errors", "{path} is too large to read."),
        QT_TRANSLATE_NOOP("Errors", "The file is too large to read."),
    ),
    "document.broken": (
        QT_TRANSLATE_NOOP("Errors", "{path} is damaged and could not be read."),
        QT_TRANSLATE_NOOP("Errors", "The file is damaged and could not be read."),
    ),
    "document.binary": (
        QT_TRANSLATE_NOOP("Errors", "{path} is not a text file, so Ondol cannot read it."),
        QT_TRANSLATE_NOOP("Errors", "This is not a text file, so Ondol cannot read it."),
    ),
    "document.no_text_layer": (
        QT_TRANSLATE_NOOP("Errors", "{path} has no text to read: its pages are only pictures, "
                                    "like a scan. Ondol does not recognise text in pictures "
                                    "(no OCR)."),
        QT_TRANSLATE_NOOP("Errors", "The PDF has no text to read: its pages are only pictures, "
                                    "like a scan. Ondol does not recognise text in pictures "
                                    "(no OCR)."),
    ),
    "document.encrypted": (
        QT_TRANSLATE_NOOP("Errors", "{path} is protected by a password. Save a copy without "
                                    "the password and attach that."),
        QT_TRANSLATE_NOOP("Errors", "The file is protected by a password. Save a copy without "
                                    "the password and attach that."),
    ),
    "document.empty": (
        QT_TRANSLATE_NOOP("Errors", "The file {path} has no text in it."),
        QT_TRANSLATE_NOOP("Errors", "The file has no text in it."),
    ),
    "retrieval": (
        QT_TRANSLATE_NOOP("Errors", "The collection could not be searched or indexed."),
    ),
    "retrieval.bad_name": (
        QT_TRANSLATE_NOOP("Errors", "A collection needs a name of one line, up to 200 "
                                    "characters."),
    ),
    "retrieval.name_taken": (
        QT_TRANSLATE_NOOP("Errors", "There is already a collection named “{name}”."),
    ),
    "retrieval.no_collection": (
        QT_TRANSLATE_NOOP("Errors", "There is no collection named “{name}”."),
    ),
    "retrieval.not_a_folder": (
        QT_TRANSLATE_NOOP("Errors", "{path} is not a folder."),
        QT_TRANSLATE_NOOP("Errors", "The collection “{name}” is not a folder."),
        QT_TRANSLATE_NOOP("Errors", "This collection is not a folder."),
    ),
    "retrieval.folder_gone": (
        QT_TRANSLATE_NOOP("Errors", "The folder {path} is gone; its index is kept until you "
                                    "remove the collection."),
    ),
    "retrieval.embedding_changed": (
        QT_TRANSLATE_NOOP("Errors", "The collection “{name}” was indexed with another "
                                    "embedding model ({model_id}); rebuild it to search it "
                                    "with this one."),
        QT_TRANSLATE_NOOP("Errors", "The collection was indexed with another embedding model; "
                                    "rebuild it to search it with this one."),
    ),
    "retrieval.no_embedding_model": (
        QT_TRANSLATE_NOOP("Errors", "No embedding model is loaded, so the files cannot be "
                                    "searched."),
    ),
    "retrieval.cancelled": (
        QT_TRANSLATE_NOOP("Errors", "Indexing was cancelled after {done_files} of "
                                    "{total_files} files; the finished files are kept."),
        QT_TRANSLATE_NOOP("Errors", "Indexing was cancelled; the finished files are kept."),
    ),
    "retrieval.index_broken": (
        QT_TRANSLATE_NOOP("Errors", "The index of the collection “{name}” is damaged; rebuild "
                                    "it."),
        QT_TRANSLATE_NOOP("Errors", "The embedding model gave vectors of the wrong size "
                                    "({detail})."),
    ),
    "storage_failed.index_folder": (
        QT_TRANSLATE_NOOP("Errors", "The folder for the search index {path} cannot be created: "
                                    "{os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The folder for the search index {path} cannot be "
                                    "created."),
    ),
    "storage_failed.index_db_read": (
        QT_TRANSLATE_NOOP("Errors", "The search index {path} cannot be read: {os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The search index {path} cannot be read."),
    ),
    "storage_failed.index_db_io": (
        QT_TRANSLATE_NOOP("Errors", "Reading or writing the search index {path} failed."),
    ),
    "storage_failed.index_db_closed": (
        QT_TRANSLATE_NOOP("Errors", "The search index {path} is closed."),
    ),
    "storage_full.index_db": (
        QT_TRANSLATE_NOOP("Errors", "The disk holding the search index {path} is full; the "
                                    "last change was not saved. Free some space and try "
                                    "again."),
    ),
    "database_corrupt.index_damaged": (
        QT_TRANSLATE_NOOP("Errors", "The search index {path} is damaged or is not a SQLite "
                                    "database. Ondol left the file untouched; move it aside "
                                    "to start a new one."),
    ),
    "database_corrupt.index_not_ondol": (
        QT_TRANSLATE_NOOP("Errors", "{path} is a SQLite database, but not an Ondol search "
                                    "index. It was left untouched; move it aside."),
    ),
    "database_too_new.index_too_new": (
        QT_TRANSLATE_NOOP("Errors", "The search index {path} was written by a newer version "
                                    "of Ondol (schema {found_version}; this version knows up "
                                    "to {supported_version}). It was left untouched; update "
                                    "Ondol to open it."),
    ),
}
