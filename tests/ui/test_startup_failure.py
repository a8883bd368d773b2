"""A window that cannot start says so in a dialog (with the file and what to do), leaves the
user's file as it was, and the process ends with a non-zero status."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.cli.main import main as cli_main
from app.core.chat.schema import SCHEMA_VERSION
from app.core.settings.settings import CURRENT_SCHEMA_VERSION
from app.ui import app as ui_app
from app.ui.startup import LOG_NAME


def _chats_file(home: Path) -> Path:
    data = home / "data"
    data.mkdir(parents=True)
    return data / "chats.sqlite3"


def _too_new(home: Path) -> Path:
    path = _chats_file(home)
    conn = sqlite3.connect(path)
    conn.executescript(f"CREATE TABLE chats (id INTEGER PRIMARY KEY); "
                       f"PRAGMA user_version = {SCHEMA_VERSION + 1};")
    conn.close()
    return path


def _garbage(home: Path) -> Path:
    path = _chats_file(home)
    path.write_bytes(bytes(range(256)) * 64)
    return path


class Shown:
    """Stands in for ``QMessageBox.exec``: keeps what the dialog said, closes it at once."""

    def __init__(self) -> None:
        self.boxes: list[dict[str, str]] = []

    def __call__(self, box: QMessageBox) -> int:
        self.boxes.append({"title": box.windowTitle(), "text": box.text(),
                           "advice": box.informativeText(), "details": box.detailedText()})
        box.deleteLater()
        return int(QMessageBox.StandardButton.Close)


def test_a_too_new_database_is_said_in_a_dialog_and_the_command_fails(
        ondol_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through ``ondol`` itself, with the real modal dialog: closed from inside its loop."""
    db = _too_new(ondol_home)
    before = db.read_bytes()
    seen: list[QMessageBox] = []
    texts: list[str] = []

    def close_the_dialog() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box)
            texts.append(f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}")
            box.done(int(QMessageBox.StandardButton.Close))
        else:
            QTimer.singleShot(20, close_the_dialog)

    QTimer.singleShot(0, close_the_dialog)
    assert cli_main([]) == 1
    assert len(seen) == 1
    text = texts[0]
    assert "Ondol could not start" in text
    assert str(db) in text and "written by a newer version of Ondol" in text
    assert "Update Ondol" in text and "Traceback" not in text
    assert db.read_bytes() == before
    assert "newer version of Ondol" in capsys.readouterr().err  # stderr still says it


def test_a_damaged_database_is_said_in_a_dialog(ondol_home: Path) -> None:
    db = _garbage(ondol_home)
    before = db.read_bytes()
    shown = Shown()
    assert ui_app.main(show_failure=shown) == 1
    assert len(shown.boxes) == 1
    box = shown.boxes[0]
    assert str(db) in box["text"] and "is damaged or is not a SQLite database" in box["text"]
    assert "left the file untouched" in box["text"] and "backup" in box["advice"]
    assert "untouched" not in box["advice"]  # said once, not twice
    assert "Traceback" not in str(box)
    assert db.read_bytes() == before
    assert not [p for p in db.parent.iterdir() if p.name.startswith("chats.sqlite3-")]


def test_an_unexpected_failure_gets_a_general_sentence_and_a_log(
        ondol_home: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("the theme exploded")

    monkeypatch.setattr(ui_app, "build_window", broken)
    shown = Shown()
    assert ui_app.main(show_failure=shown) == 1
    box = shown.boxes[0]
    log = ondol_home / "logs" / LOG_NAME
    assert "unexpected error" in box["text"] and str(log) in box["text"]
    assert box["details"] == "RuntimeError: the theme exploded"
    assert "Traceback" not in str(box)
    assert "the theme exploded" in log.read_text(encoding="utf-8")
    assert "Traceback" in capsys.readouterr().err  # the terminal keeps the whole story


def test_a_dialog_in_korean_when_the_settings_say_so(ondol_home: Path) -> None:
    _too_new(ondol_home)
    config = ondol_home / "config"
    config.mkdir(parents=True)
    settings = {"schema_version": CURRENT_SCHEMA_VERSION, "language": "ko"}
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    shown = Shown()
    try:
        assert ui_app.main(show_failure=shown) == 1
    finally:
        ui_app.install_translator(QApplication.instance(), "en")  # type: ignore[arg-type]
    box = shown.boxes[0]
    assert "written by" not in box["text"] and "Ondol" in box["text"]
    assert box["title"] == "Ondol을 시작할 수 없습니다"
    assert box["advice"].startswith("이 파일은 더 새로운 버전의 Ondol이 만든 것입니다.")
