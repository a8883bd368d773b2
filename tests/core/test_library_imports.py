"""Importing models into the library, listing other apps' models read-only, deleting safely."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.core.catalog import external, imports, library
from app.core.catalog.imports import gguf_repo_name, import_model
from app.core.catalog.library import (
    LocalModel,
    ModelExistsError,
    ReadOnlyModelError,
    delete_model,
    scan_all,
    scan_library,
)
from app.core.errors import (
    CorruptModelError,
    DiskSpaceError,
    NotAModelFileError,
    UnsafePathError,
)
from tests.bad_models import png_renamed, truncated_half

STARTER_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
IMPORTED = f"local/SmolLM2-135M-Instruct/{STARTER_NAME}"


@pytest.fixture(scope="session")
def model_original(smollm2_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real copy of the starter model on the temp file system, to hard-link from."""
    target = tmp_path_factory.mktemp("original") / STARTER_NAME
    shutil.copyfile(smollm2_path, target)
    return target


def real_gguf(original: Path, dst: Path) -> Path:
    """A real GGUF at ``dst``: a hard link (instant) where possible, else a copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(original, dst)
    except OSError:
        shutil.copyfile(original, dst)
    return dst


def onnx_genai_folder(parent: Path, name: str = "phi-mini-cpu-int4") -> Path:
    """An onnxruntime-genai layout; only the layout is checked, so the files are tiny."""
    folder = parent / name
    folder.mkdir(parents=True)
    config = {"model": {"decoder": {"filename": "model.onnx"}, "type": "phi3"}}
    (folder / "genai_config.json").write_text(json.dumps(config))
    (folder / "model.onnx").write_bytes(b"\x08\x07" + b"\0" * 100)
    (folder / "model.onnx.data").write_bytes(b"\0" * 1000)
    (folder / "tokenizer.json").write_text("{}")
    return folder


def onnx_community_folder(parent: Path, name: str = "SmolLM2-ONNX") -> Path:
    folder = parent / name
    (folder / "onnx").mkdir(parents=True)
    (folder / "onnx" / "model_q4.onnx").write_bytes(b"\0" * 50)
    (folder / "config.json").write_text("{}")
    (folder / "tokenizer.json").write_text("{}")
    return folder


def leftovers(models_dir: Path) -> list[str]:
    """Everything under the models folder (hidden temporaries included)."""
    if not models_dir.exists():
        return []
    return sorted(p.relative_to(models_dir).as_posix() for p in models_dir.rglob("*"))


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    return tmp_path / "models"


# --- import ---


def test_import_copies_a_real_gguf(model_original: Path, tmp_path: Path, models_dir: Path) -> None:
    source = real_gguf(model_original, tmp_path / "downloads" / STARTER_NAME)
    placed = import_model(source, models_dir)
    assert placed == models_dir / IMPORTED
    assert source.exists()  # a copy: the original stays
    assert placed.stat().st_ino != source.stat().st_ino
    assert placed.stat().st_size == model_original.stat().st_size
    [model] = scan_library(models_dir)
    assert model.name == IMPORTED and model.usable and model.template_present
    assert not model.read_only and model.source == "ondol"
    assert leftovers(models_dir) == ["local", "local/SmolLM2-135M-Instruct", IMPORTED]


def test_import_moves_by_renaming_on_one_file_system(
        model_original: Path, tmp_path: Path, models_dir: Path) -> None:
    source = real_gguf(model_original, tmp_path / "downloads" / STARTER_NAME)
    inode = source.stat().st_ino
    placed = import_model(source, models_dir, move=True, publisher="me")
    assert placed == models_dir / "me" / "SmolLM2-135M-Instruct" / STARTER_NAME
    assert not source.exists()
    assert placed.stat().st_ino == inode  # renamed, not copied


def test_move_across_file_systems_copies_then_deletes(
        model_original: Path, tmp_path: Path, models_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "_same_file_system", lambda *_: False)
    source = real_gguf(model_original, tmp_path / "usb" / STARTER_NAME)
    placed = import_model(source, models_dir, move=True)
    assert not source.exists()
    assert placed.stat().st_size == model_original.stat().st_size
    assert [m.name for m in scan_library(models_dir)] == [IMPORTED]


def test_broken_files_are_refused_and_nothing_is_copied(
        model_original: Path, tmp_path: Path, models_dir: Path) -> None:
    with pytest.raises(NotAModelFileError) as info:
        import_model(png_renamed(tmp_path), models_dir)
    assert info.value.code == "not_a_model_file"
    with pytest.raises(CorruptModelError):
        import_model(truncated_half(model_original, tmp_path), models_dir)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(NotAModelFileError, match=r"Expected a \.gguf file"):
        import_model(text, models_dir)
    assert leftovers(models_dir) == []


def test_an_existing_model_is_never_overwritten(
        model_original: Path, tmp_path: Path, models_dir: Path) -> None:
    placed = import_model(real_gguf(model_original, tmp_path / "a" / STARTER_NAME), models_dir)
    inode = placed.stat().st_ino
    again = real_gguf(model_original, tmp_path / "b" / STARTER_NAME)
    with pytest.raises(ModelExistsError) as info:
        import_model(again, models_dir, move=True)
    assert isinstance(info.value, FileExistsError) and info.value.facts["path"] == str(placed)
    assert placed.stat().st_ino == inode and again.exists()


def test_a_folder_that_is_not_a_model_is_refused(tmp_path: Path, models_dir: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(NotAModelFileError, match=r"genai_config\.json"):
        import_model(folder, models_dir)
    # A repo holding several builds: the message names the subfolders to pick from.
    repo = tmp_path / "Phi-3-mini-onnx"
    onnx_genai_folder(repo / "cpu_and_mobile", "cpu-int4")
    with pytest.raises(NotAModelFileError, match="cpu_and_mobile/cpu-int4"):
        import_model(repo, models_dir)
    assert leftovers(models_dir) == []


@pytest.mark.parametrize("make", [onnx_genai_folder, onnx_community_folder])
def test_onnx_folders_are_imported_whole(make, tmp_path: Path, models_dir: Path) -> None:
    source = make(tmp_path / "picked")
    files = sorted(p.relative_to(source).as_posix() for p in source.rglob("*"))
    placed = import_model(source, models_dir, publisher="onnx-people")
    assert placed == models_dir / "onnx-people" / source.name
    assert sorted(p.relative_to(placed).as_posix() for p in placed.rglob("*")) == files
    [model] = scan_all(models_dir, include_external=False)
    assert model.name == f"onnx-people/{source.name}" and model.format == "onnx"
    assert model.size_bytes == sum(f.stat().st_size for f in source.rglob("*") if f.is_file())
    moved = import_model(source, models_dir, move=True, publisher="moved")
    assert not source.exists()
    assert sorted(p.relative_to(moved).as_posix() for p in moved.rglob("*")) == files


def test_a_failed_copy_leaves_nothing_listed(
        model_original: Path, tmp_path: Path, models_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = real_gguf(model_original, tmp_path / "downloads" / STARTER_NAME)

    def half_then_fail(src: Path, dst: Path) -> None:
        with open(src, "rb") as f, open(dst, "wb") as out:
            out.write(f.read(1_000_000))
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(shutil, "copy2", half_then_fail)
    with pytest.raises(OSError, match="Input/output"):
        import_model(source, models_dir)
    assert scan_all(models_dir, include_external=False) == []
    assert leftovers(models_dir) == []  # no temporary file, no empty folders

    def disk_full(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(b"GGUF")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", disk_full)
    (models_dir / "local").mkdir(parents=True)  # an existing folder is kept
    with pytest.raises(DiskSpaceError) as info:
        import_model(source, models_dir)
    assert info.value.facts["bytes_needed"] == source.stat().st_size
    assert leftovers(models_dir) == ["local"]
    assert source.exists()


def test_a_failed_folder_copy_leaves_nothing_listed(
        tmp_path: Path, models_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = onnx_genai_folder(tmp_path / "picked")
    real_copyfile = shutil.copyfile
    calls = []

    # copytree binds copy2 as a default argument, but copy2 looks copyfile up at each call.
    def fail_on_second(src: str, dst: str, **kwargs: object) -> str:
        calls.append(src)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real_copyfile(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", fail_on_second)
    with pytest.raises(OSError):  # shutil.Error, after the other files were copied
        import_model(source, models_dir)
    assert len(calls) == 4 and leftovers(models_dir) == []  # copytree tried every file


def test_not_enough_disk_space_is_refused_before_copying(
        model_original: Path, tmp_path: Path, models_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = real_gguf(model_original, tmp_path / "downloads" / STARTER_NAME)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: SimpleNamespace(free=1000))
    with pytest.raises(DiskSpaceError) as info:
        import_model(source, models_dir)
    assert info.value.facts["bytes_available"] == 1000
    assert info.value.facts["bytes_needed"] > source.stat().st_size
    assert leftovers(models_dir) == []


def test_publisher_cannot_escape_the_models_folder(
        model_original: Path, tmp_path: Path, models_dir: Path) -> None:
    source = real_gguf(model_original, tmp_path / "downloads" / STARTER_NAME)
    with pytest.raises(UnsafePathError):
        import_model(source, models_dir, publisher="../outside")
    assert leftovers(models_dir) == [] and not (tmp_path / "outside").exists()


@pytest.mark.parametrize(("file_name", "repo"), [
    ("SmolLM2-135M-Instruct.Q4_1.gguf", "SmolLM2-135M-Instruct"),
    ("Qwen2.5-7B-Instruct-Q4_K_M.gguf", "Qwen2.5-7B-Instruct"),
    ("gemma-3-27b-it-q8_0-00001-of-00003.gguf", "gemma-3-27b-it"),
    ("tinyllama.gguf", "tinyllama"),
    ("Q4_K_M.gguf", "Some-Model-GGUF"),
])
def test_repo_folder_names(file_name: str, repo: str) -> None:
    assert gguf_repo_name(Path("/x/Some-Model-GGUF") / file_name) == repo


# --- other apps' models ---


def hf_cache_with(cache: Path, original: Path, repo_id: str, file_name: str,
                  repo_type: str = "models") -> Path:
    """The real hub cache layout: blobs/<etag>, snapshots/<commit>/<file> -> blob, refs/main."""
    repo = cache / f"{repo_type}--{repo_id.replace('/', '--')}"
    commit = "a" * 40
    blob = real_gguf(original, repo / "blobs" / ("e" * 64))
    link = repo / "snapshots" / commit / file_name
    link.parent.mkdir(parents=True)
    link.symlink_to(os.path.relpath(blob, link.parent))
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)  # no newline, as huggingface_hub writes it
    return link


def test_lmstudio_models_are_listed_read_only(model_original: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lmstudio" / "models"
    real_gguf(model_original, folder / "pub" / "repo" / "x.gguf")
    (folder / "pub" / "repo" / "y.gguf.part").write_bytes(b"x")
    [model] = external.scan_lmstudio([folder, tmp_path / "missing"])
    assert model.name == "pub/repo/x.gguf"
    assert model.read_only and model.source == "lmstudio"
    assert model.usable and model.template_present and model.quant == "Q4_1"


def test_hf_cache_models_are_listed_read_only(model_original: Path, tmp_path: Path) -> None:
    from huggingface_hub import try_to_load_from_cache

    cache = tmp_path / "hf" / "hub"
    link = hf_cache_with(cache, model_original, "org/name", STARTER_NAME)
    hf_cache_with(cache, model_original, "org/data", "d.gguf", repo_type="datasets")
    # The layout is the real one: huggingface_hub itself finds the file in it.
    assert try_to_load_from_cache("org/name", STARTER_NAME, cache_dir=cache) == str(link)
    [model] = external.scan_hf_cache(cache)
    assert model.name == f"org/name/{STARTER_NAME}"
    assert model.read_only and model.source == "hf-cache" and model.usable
    assert model.size_bytes == model_original.stat().st_size
    assert external.scan_hf_cache(tmp_path / "no-cache") == []


def test_scan_all_lists_own_first_and_skips_duplicates(
        model_original: Path, tmp_path: Path, models_dir: Path) -> None:
    import_model(real_gguf(model_original, tmp_path / "dl" / STARTER_NAME), models_dir)
    lms = tmp_path / "lmstudio" / "models"
    real_gguf(model_original, lms / "HuggingFaceTB" / "repo" / STARTER_NAME)  # the same file
    real_gguf(model_original, lms / "pub" / "repo" / "renamed.gguf")  # another name: listed
    cache = tmp_path / "hf"
    hf_cache_with(cache, model_original, "org/name", STARTER_NAME)  # the same again
    models = scan_all(models_dir, external_folders=[lms], hf_cache=cache)
    assert [(m.name, m.source) for m in models] == [
        (IMPORTED, "ondol"), ("pub/repo/renamed.gguf", "lmstudio")]
    assert [m.name for m in scan_all(models_dir, [lms], cache, include_external=False)] == [
        IMPORTED]


# --- delete ---


def test_delete_refuses_read_only_models(model_original: Path, tmp_path: Path,
                                         models_dir: Path) -> None:
    folder = tmp_path / "lmstudio"
    path = real_gguf(model_original, folder / "pub" / "repo" / "x.gguf")
    [model] = external.scan_lmstudio([folder])
    with pytest.raises(ReadOnlyModelError) as info:
        delete_model(model, models_dir)
    assert isinstance(info.value, PermissionError) and "lmstudio" in str(info.value)
    assert path.exists()


def test_delete_removes_own_models_and_their_empty_folders(
        model_original: Path, tmp_path: Path, models_dir: Path) -> None:
    gguf = import_model(real_gguf(model_original, tmp_path / "dl" / STARTER_NAME), models_dir)
    onnx = import_model(onnx_genai_folder(tmp_path / "picked"), models_dir)
    keep = real_gguf(model_original, models_dir / "local" / "other" / "keep.gguf")
    by_name = {m.name: m for m in scan_all(models_dir, include_external=False)}
    delete_model(by_name[IMPORTED], models_dir)
    assert not gguf.exists() and not gguf.parent.exists()
    delete_model(by_name[f"local/{onnx.name}"], models_dir)
    assert not onnx.exists()
    assert keep.exists() and leftovers(models_dir) == ["local", "local/other",
                                                       "local/other/keep.gguf"]
    delete_model(next(m for m in scan_library(models_dir)), models_dir)
    assert models_dir.is_dir() and leftovers(models_dir) == []


def test_delete_never_leaves_the_models_folder(model_original: Path, tmp_path: Path,
                                               models_dir: Path) -> None:
    outside = real_gguf(model_original, tmp_path / "elsewhere" / "x.gguf")
    models_dir.mkdir()
    sneaky = models_dir / ".." / "elsewhere" / "x.gguf"
    for path in (outside, sneaky, models_dir):
        with pytest.raises(UnsafePathError):
            delete_model(LocalModel("x", path, 1), models_dir)
    assert outside.exists() and models_dir.exists()
    # A link inside the folder is removed as a link; what it points to stays.
    link = models_dir / "pub" / "repo" / "link.gguf"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    delete_model(LocalModel("pub/repo/link.gguf", link, 1), models_dir)
    assert not link.is_symlink() and outside.exists() and leftovers(models_dir) == []


def test_existing_callers_still_build_local_models() -> None:
    model = LocalModel("a/b/c.gguf", Path("/nowhere/c.Q8_0.gguf"), 5)
    assert model.source == "ondol" and not model.read_only
    assert not model.template_present and model.quant == "Q8_0" and model.format == "gguf"
    assert library.OWN_SOURCE == "ondol"
