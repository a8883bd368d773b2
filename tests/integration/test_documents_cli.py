"""``ondol index``, ``ondol ask`` and ``ondol chat --attach`` end to end, in subprocesses, with
the real EmbeddingGemma (GGUF) as the embedding model and the starter model answering."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.document_files import write_binary, write_broken_pdf

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "retrieval" / "documents"
DOCS = ("en_sourdough.md", "ko_kimchi.md", "en_sqlite_wal.md")


def ondol(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in DOCS:
        shutil.copy(CORPUS / name, docs / name)
    write_binary(docs, "photo.raw")
    write_broken_pdf(docs)
    return docs


def test_index_reads_a_folder_once_and_then_only_what_changed(
        folder: Path, egemma_path: Path) -> None:
    first = ondol("index", str(folder), "--name", "notes", "--embedding-model", str(egemma_path))
    assert first.returncode == 0, first.stderr
    assert "notes: 3 files read" in first.stdout
    assert "broken.pdf (damaged)" in first.stdout and "photo.raw" in first.stdout
    assert "Embedding with embeddinggemma" in first.stderr
    again = ondol("index", str(folder), "--name", "notes", "--embedding-model", str(egemma_path))
    assert "notes: 0 files read" in again.stdout, again.stdout
    (folder / "en_sqlite_wal.md").unlink()
    (folder / "ko_kimchi.md").write_text("# 김치\n\n배추를 소금물에 절여요.\n", encoding="utf-8")
    third = ondol("index", str(folder), "--name", "notes", "--embedding-model", str(egemma_path))
    assert "notes: 1 files read" in third.stdout and "1 removed" in third.stdout, third.stdout

    other = ondol("index", str(folder.parent), "--name", "notes")
    assert other.returncode == 1 and "already exists" in other.stderr

    # The best passage for a Korean question is the Korean document's.
    asked = ondol("ask", "notes", "배추는 무엇에 절여요?", "--passages", "-k", "2",
                  "--embedding-model", str(egemma_path))
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.splitlines()[0].endswith("ko_kimchi.md")

    # A model answers from the collection and lists its sources.
    answered = ondol("ask", "notes", "How often should I feed a starter kept in the fridge?",
                     "--embedding-model", str(egemma_path), "--temp", "0",
                     "--max-tokens", "24")
    assert answered.returncode == 0, answered.stderr
    assert "Sources:" in answered.stderr and "en_sourdough.md" in answered.stderr


def test_commands_without_an_embedding_model_or_collection_say_so(folder: Path) -> None:
    result = ondol("index", str(folder), "--name", "notes")
    assert result.returncode == 1
    assert "No embedding model is in the library" in result.stderr
    assert "Qwen/Qwen3-Embedding-0.6B-GGUF" in result.stderr
    assert "Traceback" not in result.stderr
    missing = ondol("ask", "nothing", "q", "--passages")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "nothing" in missing.stderr
    gone = ondol("index", str(folder / "absent"), "--name", "x")
    assert gone.returncode == 1 and "not a folder" in gone.stderr


def test_chat_attach_sends_a_small_file_whole_and_a_long_one_as_passages(
        tmp_path: Path, egemma_path: Path) -> None:
    small = tmp_path / "note.txt"
    small.write_text("The meeting moved to Thursday at 3 pm in room 204.\n", encoding="utf-8")
    whole = ondol("chat", "--attach", str(small), "--temp", "0", "--max-tokens", "16",
                  "When is the meeting?")
    assert whole.returncode == 0, whole.stderr
    assert "sent whole" in whole.stderr and "Sources:" not in whole.stderr
    assert "Embedding with" not in whole.stderr  # no embedding model needed

    long = tmp_path / "long.md"
    # About 2,000 tokens: too long for a 2,048-token window with room for the answer.
    filler = "\n\n".join(f"## Part {i}\n\n" + "Tides and weather in harbours. " * 25
                         for i in range(10))
    long.write_text(filler + "\n\n## Meeting\n\nThe meeting moved to Thursday.\n",
                    encoding="utf-8")
    searched = ondol("chat", "--attach", str(long), "--temp", "0", "--max-tokens", "16",
                     "--embedding-model", str(egemma_path), "--ctx", "2048",
                     "When did the meeting move to?")
    assert searched.returncode == 0, searched.stderr
    assert "passages that best match" in searched.stderr
    assert "Sources:" in searched.stderr and "long.md" in searched.stderr
