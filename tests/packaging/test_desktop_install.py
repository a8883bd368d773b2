"""The Linux desktop integration: the desktop entry is valid and names the real WM_CLASS, and
packaging/linux/install.sh installs an app folder, reinstalls it in place and removes exactly
what it installed. A stand-in app folder keeps this quick; the frozen app is tested elsewhere."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.resources import icon_files, resource_path
from app.ui.app import APP_ID

REPO = Path(__file__).resolve().parents[2]
DESKTOP = REPO / "packaging" / "linux" / "ondol.desktop"
INSTALL = REPO / "packaging" / "linux" / "install.sh"


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_names_ondol_and_its_window_class() -> None:
    entry = _entry(DESKTOP)
    assert entry["Type"] == "Application" and entry["Name"] == "Ondol"
    assert entry["Icon"] == APP_ID and entry["StartupWMClass"] == APP_ID
    assert entry["Terminal"] == "false"
    keywords = entry["Keywords"].split(";")
    assert "LLM" in keywords and "인공지능" in keywords and "온돌" in keywords
    if shutil.which("desktop-file-validate") is None:
        pytest.fail("desktop-file-validate is missing: run 'bash scripts/test.sh'")
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                            text=True)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def _fake_app(folder: Path) -> Path:
    """An app folder laid out like dist/Ondol, whose executable only says its name."""
    icons = folder / "_internal" / "app" / "resources" / "icons"
    icons.mkdir(parents=True)
    for path in resource_path("icons").glob("ondol*"):
        shutil.copy(path, icons)
    exe = folder / "Ondol"
    exe.write_text("#!/bin/sh\necho 'fake Ondol' \"$@\"\n")
    exe.chmod(0o755)
    shutil.copy(DESKTOP, folder / "ondol.desktop")
    return folder


def _install(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(INSTALL), *args], capture_output=True, text=True,
                          env={**os.environ, "HOME": str(home)}, timeout=60)


def _tree(root: Path) -> set[str]:
    """Every file under ``root`` but the menu's and icon theme's caches (the desktop's own)."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if not p.is_dir() and p.name not in ("mimeinfo.cache", "icon-theme.cache")}


def test_install_reinstall_and_uninstall(tmp_path: Path) -> None:
    app = _fake_app(tmp_path / "Ondol")
    home = tmp_path / "home"
    prefix = home / ".local"
    (prefix / "share" / "applications").mkdir(parents=True)
    (prefix / "share" / "applications" / "other.desktop").write_text("[Desktop Entry]\n")

    first = _install("--from", str(app), home=home)  # PREFIX defaults to ~/.local
    assert first.returncode == 0, first.stderr
    installed = _tree(prefix)
    sizes = sorted(icon_files())
    assert {f"share/icons/hicolor/{s}x{s}/apps/ondol.png" for s in sizes} <= installed
    assert "share/icons/hicolor/scalable/apps/ondol.svg" in installed
    assert "opt/ondol/_internal/app/resources/icons/ondol.svg" in installed
    entry = _entry(prefix / "share" / "applications" / "ondol.desktop")
    assert entry["Exec"] == f'"{prefix}/opt/ondol/Ondol"'
    assert entry["TryExec"] == f"{prefix}/opt/ondol/Ondol"
    assert entry["StartupWMClass"] == APP_ID
    link = prefix / "bin" / "ondol"
    assert os.readlink(link) == "../opt/ondol/Ondol"
    ran = subprocess.run([str(link), "--version"], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "fake Ondol --version"

    again = _install("--from", str(app), home=home)
    assert again.returncode == 0, again.stderr
    assert _tree(prefix) == installed  # in place: nothing added, nothing left behind

    gone = _install("--uninstall", home=home)
    assert gone.returncode == 0, gone.stderr
    assert _tree(prefix) == {"share/applications/other.desktop"}


def test_install_refuses_what_is_not_an_app_and_leaves_foreign_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    prefix = tmp_path / "prefix"
    refused = _install("--from", str(empty), "--prefix", str(prefix), home=tmp_path)
    assert refused.returncode == 1 and "not an Ondol folder" in refused.stderr
    # Someone else's folder where the app would go stays untouched.
    foreign = prefix / "opt" / "ondol"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine")
    app = _fake_app(tmp_path / "Ondol")
    blocked = _install("--from", str(app), "--prefix", str(prefix), home=tmp_path)
    assert blocked.returncode == 1 and "leaving it alone" in blocked.stderr
    assert (foreign / "notes.txt").read_text() == "mine"
