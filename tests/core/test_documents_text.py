"""Plain text, Markdown and source code read as passages: encodings, headings, offsets, empty
files, cancel, and bounded memory on a large file."""

from __future__ import annotations

import threading
import tracemalloc
from pathlib import Path

import pytest

from app.core.documents.paragraphs import MAX_PARAGRAPH_CHARS
from app.core.documents.passages import read_passages
from app.core.errors import DocumentError
from tests import document_files


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp949", "euc-kr"])
def test_korean_text_round_trips_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "korean.txt"
    path.write_bytes(document_files.KOREAN_TEXT.encode(encoding))
    texts = [p.text for p in read_passages(path)]
    assert texts == ["온돌은 내 컴퓨터에서 언어 모델을 실행해요.", "문서를 첨부하면 질문에 답해요."]


def test_cp949_file_from_helper(tmp_path: Path) -> None:
    passages = list(read_passages(document_files.write_cp949_text(tmp_path)))
    assert passages[1].text == "문서를 첨부하면 질문에 답해요."


def test_offsets_point_into_the_text(tmp_path: Path) -> None:
    text = "First paragraph\nstill first.\n\n\n  \nSecond one.\r\n\r\nThird, 한글.\n"
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode("utf-8"))
    normalised = text.replace("\r\n", "\n")
    passages = list(read_passages(path))
    assert [p.text for p in passages] == ["First paragraph\nstill first.", "Second one.",
                                          "Third, 한글."]
    for passage in passages:
        assert normalised[passage.offset:].startswith(passage.text)
        assert passage.heading is None and passage.page is None


def test_code_keeps_indentation_and_splits_at_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "tool.py"
    path.write_text("import os\n\n\ndef main():\n    # a comment\n    return os.sep\n",
                    encoding="utf-8")
    passages = list(read_passages(path))
    assert [p.text for p in passages] == ["import os",
                                          "def main():\n    # a comment\n    return os.sep"]
    assert all(p.heading is None for p in passages)


def test_markdown_headings_front_matter_and_fences(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    path.write_text(
        "---\ntitle: Hidden\n\ntags: [a]\n---\n"
        "Intro before any heading.\n\n"
        "# Install ##\nRun the installer.\n\n"
        "```sh\n# not a heading\n\necho hi\n```\n\n"
        "## 설정\n\n설정을 바꿔요.\n",
        encoding="utf-8")
    passages = list(read_passages(path))
    texts = [(p.text, p.heading) for p in passages]
    assert texts == [
        ("Intro before any heading.", None),
        ("# Install ##", "Install"),
        ("Run the installer.", "Install"),
        ("```sh\n# not a heading", "Install"),
        ("echo hi\n```", "Install"),
        ("## 설정", "설정"),
        ("설정을 바꿔요.", "설정"),
    ]
    source = path.read_text(encoding="utf-8")
    assert all(source[p.offset:].startswith(p.text) for p in passages)
    assert "Hidden" not in " ".join(p.text for p in passages)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n", b"\xef\xbb\xbf"])
def test_empty_and_whitespace_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        list(read_passages(path))
    assert caught.value.facts["reason"] == "empty"


def test_long_paragraph_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("word " * 5000, encoding="utf-8")
    passages = list(read_passages(path))
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in passages)
    assert sum(p.text.count("word") for p in passages) == 5000


def test_cancel_stops_without_error(tmp_path: Path) -> None:
    path = document_files.write_large_text(tmp_path, 4)
    cancel = threading.Event()
    seen = 0
    for _ in read_passages(path, cancel):
        seen += 1
        if seen == 10:
            cancel.set()
    whole = sum(1 for _ in read_passages(path))
    assert 10 <= seen < whole


def test_set_cancel_before_start_reads_nothing_and_raises_nothing(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    assert list(read_passages(path, cancel)) == []


def test_large_file_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = document_files.write_large_text(tmp_path, 200)
    assert path.stat().st_size >= 200 * 1024 * 1024
    tracemalloc.start()
    try:
        count = 0
        last = None
        for passage in read_passages(path):
            count += 1
            last = passage
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        path.unlink()  # pytest keeps recent tmp folders; 200 MB need not stay
    assert last is not None and last.offset > 200 * 1024 * 1024 - 2000
    assert count > 100_000
    assert peak < 64 * 1024 * 1024
