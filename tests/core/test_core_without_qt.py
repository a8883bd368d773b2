"""``app.core`` must import with PySide6 unavailable: the core never touches Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_core_module_imports_with_pyside6_blocked() -> None:
    script = textwrap.dedent("""
        import importlib, importlib.abc, pkgutil, sys

        class BlockQt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith(("PySide6.", "shiboken6", "app.ui")):
                    raise ImportError(f"blocked in this test: {name}")
                return None

        sys.meta_path.insert(0, BlockQt())
        import app.core
        names = [m.name for m in pkgutil.walk_packages(app.core.__path__, "app.core.")]
        for name in names:
            importlib.import_module(name)
        assert not any(m.startswith("PySide6") for m in sys.modules)
        print(len(names))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 20  # every module was really walked


def test_the_blocker_really_blocks() -> None:
    """Guard against a blocker that lets PySide6 through (which would make the test above moot)."""
    script = textwrap.dedent("""
        import importlib.abc, sys
        class BlockQt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("blocked")
                return None
        sys.meta_path.insert(0, BlockQt())
        try:
            import PySide6.QtCore  # noqa: F401
        except ImportError:
            print("blocked")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "blocked"
