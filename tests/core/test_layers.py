"""The import-linter contracts hold, and they really catch a wrong import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache"], cwd=root, capture_output=True, text=True,
                          timeout=120, check=False, env={"PYTHONPATH": str(root)})


def copy_of_the_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "app", root / "app",
                    ignore=shutil.ignore_patterns("__pycache__", "*.qm", "*.png"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_contracts_are_kept() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("module", "wrong_import", "contract"), [
    ("app/core/backends/decode.py", "import app.core.runtime.client", "Layers"),
    ("app/core/errors.py", "import PySide6.QtCore", "The core never imports Qt"),
    ("app/ui/theme.py", "import llama_cpp", "The window never imports an inference runtime"),
])
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, wrong_import: str,
                                          contract: str) -> None:
    root = copy_of_the_project(tmp_path)
    source = root / module
    source.write_text(source.read_text(encoding="utf-8") + f"\n{wrong_import}  # wrong\n",
                      encoding="utf-8")
    result = lint(root)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts")[-1]
    assert contract in broken
    assert module.removesuffix(".py").replace("/", ".") in broken  # it names the culprit
