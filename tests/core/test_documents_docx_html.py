"""Word and HTML files read as passages with their headings; damaged ones refused by reason."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest

from app.core.documents import docx_reader
from app.core.documents.passages import read_passages
from app.core.errors import DocumentError
from tests import document_files


def facts_of(path: Path) -> dict:
    with pytest.raises(DocumentError) as caught:
        list(read_passages(path))
    return caught.value.facts


def test_docx_headings_paragraphs_and_table(tmp_path: Path) -> None:
    passages = list(read_passages(document_files.write_docx(tmp_path)))
    assert [(p.text, p.heading) for p in passages] == [
        ("Harbour report", "Harbour report"),
        ("The harbour opened in spring.", "Harbour report"),
        ("Lights", "Lights"),
        ("Seven lights guide the ships.", "Lights"),
        ("Lamp | Colour\nNorth | Green", "Lights"),
    ]
    assert [p.offset for p in passages] == sorted({p.offset for p in passages})


def test_docx_korean(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("온돌 안내", level=1)
    document.add_paragraph("문서를 첨부해요.")
    path = tmp_path / "안내.docx"
    document.save(str(path))
    assert [(p.text, p.heading) for p in read_passages(path)] == [
        ("온돌 안내", "온돌 안내"), ("문서를 첨부해요.", "온돌 안내")]


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("just words", encoding="utf-8")
    facts = facts_of(path)
    assert facts["reason"] == "broken" and "zip" in facts["detail"]


def test_docx_zip_without_document(tmp_path: Path) -> None:
    path = tmp_path / "hollow.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "hi")
    assert facts_of(path)["reason"] == "broken"


def test_docx_damaged_xml(tmp_path: Path) -> None:
    good = document_files.write_docx(tmp_path)
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert facts_of(path)["reason"] == "broken"


def test_docx_too_large_is_refused_before_parsing(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_DOCUMENT_XML_BYTES", 100)
    facts = facts_of(document_files.write_docx(tmp_path))
    assert facts["reason"] == "too_large" and facts["limit"] == 100


def test_password_protected_docx(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    assert facts_of(path)["reason"] == "encrypted"


def test_html_text_only(tmp_path: Path) -> None:
    passages = list(read_passages(document_files.write_html(tmp_path)))
    assert [(p.text, p.heading) for p in passages] == [
        ("Harbour guide", "Harbour guide"),
        ("The harbour has seven lights.", "Harbour guide"),
        ("Tides", "Tides"),
        ("High tide comes at noon.", "Tides"),
        ("Low tide at six.", "Tides"),
        ("First & second", "Tides"),
        ("한국어 항목", "Tides"),
    ]
    joined = " ".join(p.text for p in passages)
    assert "script" not in joined and "color" not in joined and "Head title" not in joined


@pytest.mark.parametrize(("encoding", "declared"), [
    ("euc-kr", "euc-kr"), ("cp949", "ks_c_5601-1987"), ("utf-8", "")])
def test_html_charset(tmp_path: Path, encoding: str, declared: str) -> None:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' \
        if declared else ""
    page = f"<html><head>{meta}</head><body><p>한국어 문서예요.</p></body></html>"
    path = document_files.write_html(tmp_path, text=page, encoding=encoding)
    assert [p.text for p in read_passages(path)] == ["한국어 문서예요."]


def test_html_head_left_open_and_text_without_tags(tmp_path: Path) -> None:
    page = "<html><head><title>Hidden</title><body><p>Shown.</p>Loose text\n<h3>End</h3>"
    path = document_files.write_html(tmp_path, text=page)
    assert [(p.text, p.heading) for p in read_passages(path)] == [
        ("Shown.", None), ("Loose text", None), ("End", "End")]


def test_html_utf16_bom(tmp_path: Path) -> None:
    path = document_files.write_html(tmp_path, text="<p>안녕하세요</p>", encoding="utf-16")
    assert [p.text for p in read_passages(path)] == ["안녕하세요"]


def test_html_without_visible_text_is_empty(tmp_path: Path) -> None:
    path = document_files.write_html(
        tmp_path, text="<html><head><title>t</title></head><body><script>x()</script></body>")
    assert facts_of(path)["reason"] == "empty"


def test_html_cancel(tmp_path: Path) -> None:
    page = "".join(f"<p>Paragraph {n} {'text ' * 200}</p>" for n in range(2000))
    path = document_files.write_html(tmp_path, text=page)
    cancel = threading.Event()
    seen = 0
    for _ in read_passages(path, cancel):
        seen += 1
        cancel.set()
    assert 1 <= seen < 2000
