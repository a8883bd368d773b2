"""A whole document's text when it fits a token budget, and None (read no further) when not."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from app.core.documents.whole import WholeText, read_whole
from app.core.errors import DocumentError
from tests import document_files


def test_text_fits(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# 제목\n\n본문이에요.\n", encoding="utf-8")
    whole = read_whole(path, 100)
    assert whole == WholeText("# 제목\n\n본문이에요.", whole.tokens if whole else 0, None)
    assert whole is not None and 0 < whole.tokens <= 100


def test_text_does_not_fit(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    assert read_whole(path, 100) is None
    fits = read_whole(path, 5000)
    assert fits is not None and fits.text.count("word") == 1000


def test_pdf_pages_are_marked(tmp_path: Path) -> None:
    path = document_files.write_text_pdf(tmp_path, ["Alpha", "", "Gamma"])
    whole = read_whole(path, 1000)
    assert whole is not None and whole.pages == 3
    assert whole.text == "[page 1]\nAlpha\n\n[page 2]\n\n\n[page 3]\nGamma"


def test_docx_and_html_whole(tmp_path: Path) -> None:
    docx = read_whole(document_files.write_docx(tmp_path), 1000)
    assert docx is not None and docx.text.startswith("Harbour report\n\nThe harbour opened")
    assert docx.text.endswith("Lamp | Colour\nNorth | Green") and docx.pages is None
    html = read_whole(document_files.write_html(tmp_path), 1000)
    assert html is not None and "script" not in html.text and "한국어 항목" in html.text


def test_custom_counter_decides(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one two three four", encoding="utf-8")
    words = lambda text: len(text.split())  # noqa: E731
    assert read_whole(path, 4, count=words) is not None
    assert read_whole(path, 3, count=words) is None


@pytest.mark.parametrize(("name", "reason"), [("blank.txt", "empty"), ("gone.txt", "not_found")])
def test_bad_files_raise_like_passages(tmp_path: Path, name: str, reason: str) -> None:
    if name == "blank.txt":
        (tmp_path / name).write_text("  \n\n ", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_whole(tmp_path / name, 100)
    assert caught.value.facts["reason"] == reason


def test_scan_and_encrypted_pdfs(tmp_path: Path) -> None:
    for path, reason in ((document_files.write_drawing_pdf(tmp_path), "no_text_layer"),
                         (document_files.write_encrypted_pdf(tmp_path), "encrypted")):
        with pytest.raises(DocumentError) as caught:
            read_whole(path, 1000)
        assert caught.value.facts["reason"] == reason


def test_large_file_stops_early_in_bounded_memory(tmp_path: Path) -> None:
    path = document_files.write_large_text(tmp_path, 64)
    tracemalloc.start()
    try:
        assert read_whole(path, 10_000) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        path.unlink()
    assert peak < 8 * 1024 * 1024
