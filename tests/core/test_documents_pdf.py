"""PDF text layers read page by page, and every bad PDF refused with its own reason, quietly."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from app.core.documents.passages import read_passages
from app.core.errors import DocumentError
from tests import document_files


def reason_and_facts(path: Path) -> dict:
    with pytest.raises(DocumentError) as caught:
        list(read_passages(path))
    return caught.value.facts


def test_pages_and_their_text(tmp_path: Path) -> None:
    path = document_files.write_text_pdf(tmp_path, ["First page (one)\nsecond line",
                                                    "", "Third page"])
    passages = list(read_passages(path))
    # The empty page 2 gives no passage; pypdf gives a page's lines without blank lines.
    assert [(p.page, p.text) for p in passages] == [
        (1, "First page (one)\nsecond line"), (3, "Third page")]
    assert passages[0].offset == 0 < passages[1].offset


def test_many_pages(tmp_path: Path) -> None:
    path = document_files.write_text_pdf(tmp_path, 40)
    passages = list(read_passages(path))
    assert [p.page for p in passages] == list(range(1, 41))
    assert passages[22].text == document_files.page_text(23)


def test_no_text_layer(tmp_path: Path) -> None:
    facts = reason_and_facts(document_files.write_drawing_pdf(tmp_path, pages=3))
    assert facts["reason"] == "no_text_layer"
    assert facts["pages"] == 3


def test_encrypted_with_user_password(tmp_path: Path) -> None:
    assert reason_and_facts(document_files.write_encrypted_pdf(tmp_path))["reason"] == "encrypted"


def test_owner_password_only_opens(tmp_path: Path) -> None:
    path = document_files.write_encrypted_pdf(tmp_path, user_password="")
    assert [p.text for p in read_passages(path)] == [document_files.page_text(1),
                                                     document_files.page_text(2)]


@pytest.mark.parametrize("content", [
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
    b"%PDF-1.7\n" + b"\x00garbage\xff" * 200,
    b"not a pdf at all, only words",
])
def test_broken_pdf_says_so_quietly(tmp_path: Path, content: bytes,
                                    caplog: pytest.LogCaptureFixture,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        facts = reason_and_facts(path)
    assert facts["reason"] == "broken"
    assert 0 < len(facts["detail"]) <= 200
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert "Traceback" not in capsys.readouterr().err


def test_truncated_pdf_from_helper(tmp_path: Path) -> None:
    assert reason_and_facts(document_files.write_broken_pdf(tmp_path))["reason"] == "broken"


def test_truncated_tail_still_reads_or_fails_typed(tmp_path: Path) -> None:
    # A PDF cut before its xref: pypdf rebuilds what it can; either way no raw exception.
    whole = document_files.write_text_pdf(tmp_path, 5).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    try:
        pages = [p.page for p in read_passages(path)]
    except DocumentError as error:
        assert error.facts["reason"] in ("broken", "no_text_layer")
    else:
        assert pages and pages[0] == 1


def test_cancel_between_pages(tmp_path: Path) -> None:
    path = document_files.write_text_pdf(tmp_path, 30)
    cancel = threading.Event()
    pages = []
    for passage in read_passages(path, cancel):
        pages.append(passage.page)
        if passage.page == 4:
            cancel.set()
    assert pages == [1, 2, 3, 4]


def test_empty_pdf_file(tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"")
    assert reason_and_facts(path)["reason"] == "broken"
