"""Which kind a document is, and the files that are refused before reading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.documents.kinds import document_kind
from app.core.documents.passages import read_passages
from app.core.errors import DocumentError
from tests import document_files


def reason_of(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        list(read_passages(path))
    assert caught.value.facts["path"] == str(path)
    return caught.value.facts["reason"]


@pytest.mark.parametrize(("name", "kind"), [
    ("notes.txt", "text"), ("README.md", "markdown"), ("guide.markdown", "markdown"),
    ("paper.PDF", "pdf"), ("report.docx", "docx"), ("page.html", "html"), ("old.htm", "html"),
    ("main.py", "code"), ("lib.rs", "code"), ("app.ts", "code"), ("config.yaml", "code"),
    ("Makefile", "code"), ("query.sql", "code"),
])
def test_kind_by_suffix(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    assert document_kind(path) == kind


@pytest.mark.parametrize("name", ["sheet.xlsx", "slides.pptx", "archive.zip", "setup.exe",
                                  "photo.PNG", "old.doc"])
def test_unsupported_suffix_names_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 whatever")
    with pytest.raises(DocumentError) as caught:
        document_kind(path)
    assert caught.value.facts["reason"] == "unsupported"
    assert caught.value.facts["suffix"] == Path(name).suffix.lower()


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    text = tmp_path / "notes.weird"
    text.write_text("plain words\n", encoding="utf-8")
    korean = document_files.write_cp949_text(tmp_path, name="LEGACY")
    assert document_kind(text) == "text"
    assert document_kind(korean) == "text"
    binary = document_files.write_binary(tmp_path)
    with pytest.raises(DocumentError) as caught:
        document_kind(binary)
    assert caught.value.facts["reason"] == "binary"


def test_binary_named_txt_is_refused(tmp_path: Path) -> None:
    assert reason_of(document_files.write_binary(tmp_path, name="fake.txt")) == "binary"
    control = tmp_path / "control.txt"
    control.write_bytes(bytes(range(1, 32)) * 100)  # no NUL, but control characters only
    assert reason_of(control) == "binary"


def test_missing_file(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "gone.txt") == "not_found"


def test_folder_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert reason_of(folder) == "unreadable"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_io_error_is_unreadable() -> None:
    # Reading /proc/self/mem from its start fails with an I/O error, even for root.
    assert reason_of(Path("/proc/self/mem")) == "unreadable"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_no_permission_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden", encoding="utf-8")
    path.chmod(0)
    try:
        assert reason_of(path) == "unreadable"
    finally:
        path.chmod(0o600)
