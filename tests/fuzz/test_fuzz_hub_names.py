"""Hub file names and repo ids made of path-like pieces: separators, dots, colons, backslashes,
control characters, Windows device names and arbitrary Unicode.

Property: ``plan_download`` either plans every file strictly inside
``models/<publisher>/<repo>/`` or raises UnsafePathError (no other exception); it writes nothing.
Bounds: 5 s and 64 MiB per plan (tests/fuzz/bounds.py).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.core.catalog.download import plan_download
from app.core.catalog.variants import RepoFile
from app.core.errors import OndolError, UnsafePathError
from tests.fuzz.bounds import bounded

_PIECES = st.sampled_from(["", ".", "..", "...", "a", "model.gguf", "CON", "nul.txt", "com1",
                           "C:", "a:b", "\\", "..\\..", "\x00", "\n", " ", "~", "%2e%2e",
                           "\u2024\u2024", "é", "/"])
NAME = st.one_of(st.lists(st.one_of(_PIECES, st.text(max_size=6)), min_size=1, max_size=5)
                 .map("/".join), st.text(max_size=30))


def _inside(path: Path, folder: Path) -> bool:
    """``path`` lies strictly below ``folder``, once ``.`` and ``..`` are worked out."""
    clean, base = os.path.normpath(path), os.path.normpath(folder)
    return clean.startswith(base + os.sep)


@given(repo=st.one_of(st.just("publisher/repo"), NAME), names=st.lists(NAME, min_size=1,
                                                                      max_size=3))
def test_every_planned_file_stays_in_the_models_folder(repo: str, names: list[str]) -> None:
    """Bounds: 5 s and 64 MiB; the models folder is left empty (planning writes nothing)."""
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        models.mkdir()
        files = [RepoFile(name, size=1) for name in names]
        outcome = bounded(lambda: plan_download(models, repo, files))
        if isinstance(outcome, OndolError):
            assert isinstance(outcome, UnsafePathError), outcome
        else:
            assert _inside(outcome.target_dir, models)
            for file in files:
                target = outcome.target(file)
                assert _inside(target, outcome.target_dir)
                assert "\\" not in str(target.relative_to(models)) and "\0" not in str(target)
        assert list(models.iterdir()) == []
