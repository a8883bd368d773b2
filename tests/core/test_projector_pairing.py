"""Vision projectors (``mmproj*.gguf``) are never listed as models; a model beside one gets it
(``LocalModel.projector``), the planner loads it with the model and counts its bytes, and a
variant's download fetches it."""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import pytest

from app.core.catalog.external import scan_lmstudio
from app.core.catalog.library import scan_all, scan_library
from app.core.catalog.projectors import (
    best_projector,
    find_projector,
    is_projector_name,
    projector_image_size,
    with_projector,
)
from app.core.catalog.variants import RepoFile, group_variants
from app.core.planning.load_plan import LoadOverrides
from tests.bad_models import _gguf_text, header_copy, tiny_gguf

_BOOL, _UINT32, _STRING = 7, 4, 8


def projector(path: Path, vision: bool = True, image_size: int = 224) -> Path:
    """A tensor-less projector header: ``clip``, with or without a vision encoder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return tiny_gguf(path, [
        _gguf_text("clip.has_vision_encoder") + struct.pack("<IB", _BOOL, int(vision)),
        _gguf_text("clip.vision.image_size") + struct.pack("<II", _UINT32, image_size),
        _gguf_text("clip.projector_type") + struct.pack("<I", _STRING) + _gguf_text("gemma3"),
    ], architecture="clip")


@pytest.fixture
def model_file(smollm2_path: Path, tmp_path: Path) -> Path:
    """A readable GGUF model header (the starter's), copied once."""
    return header_copy(smollm2_path, tmp_path / "header.gguf")


def place(model_file: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model_file, path)
    return path


def test_names() -> None:
    assert is_projector_name("mmproj-model-f16.gguf")
    assert is_projector_name("MMPROJ-F16.GGUF") and is_projector_name("gemma-3-4b-mmproj.gguf")
    assert not is_projector_name("model-Q4_K_M.gguf")
    assert not is_projector_name("mmproj-notes.txt")


def test_a_projector_is_not_a_model_and_its_models_get_it(model_file: Path,
                                                          tmp_path: Path) -> None:
    models = tmp_path / "models"
    folder = models / "pub" / "gemma-3-4b-it-GGUF"
    q4 = place(model_file, folder / "gemma-3-4b-it-Q4_K_M.gguf")
    q8 = place(model_file, folder / "gemma-3-4b-it-Q8_0.gguf")
    proj = projector(folder / "mmproj-F16.gguf")
    text_only = place(model_file, models / "pub" / "text-GGUF" / "text-Q4_0.gguf")
    assert [m.path for m in scan_library(models)] == [q4, q8, text_only]
    found = {m.path: m for m in scan_all(models, include_external=False)}
    assert set(found) == {q4, q8, text_only}
    assert found[q4].projector == proj and found[q8].projector == proj
    assert found[q4].vision and found[text_only].projector is None
    assert not found[text_only].vision
    assert projector_image_size(proj) == 224


def test_the_projector_sharing_most_of_the_name_wins(tmp_path: Path) -> None:
    a = projector(tmp_path / "mmproj-gemma-3-4b-it-f16.gguf")
    b = projector(tmp_path / "mmproj-qwen2.5-vl-3b-f16.gguf")
    assert best_projector(tmp_path / "gemma-3-4b-it-Q4_K_M.gguf", [b, a]) == a
    assert best_projector(tmp_path / "Qwen2.5-VL-3B-Instruct-Q8_0.gguf", [a, b]) == b
    assert best_projector(tmp_path / "x.gguf", []) is None


def test_a_file_named_like_a_projector_that_reads_no_images_is_ignored(
        model_file: Path, tmp_path: Path) -> None:
    model = place(model_file, tmp_path / "m" / "model-Q4_0.gguf")
    projector(tmp_path / "m" / "mmproj-audio.gguf", vision=False)
    (tmp_path / "m" / "mmproj-broken.gguf").write_bytes(b"GGUF\x03\x00")
    place(model_file, tmp_path / "m" / "mmproj-llama.gguf")  # a model's header, not clip
    assert find_projector(model) is None
    assert projector_image_size(tmp_path / "m" / "mmproj-broken.gguf") is None
    assert [m.path for m in scan_library(tmp_path / "m")] == [model]


def test_a_quantisation_subfolder_finds_the_projector_one_folder_up(
        model_file: Path, tmp_path: Path) -> None:
    proj = projector(tmp_path / "repo" / "mmproj-model-f16.gguf")
    model = place(model_file, tmp_path / "repo" / "Q4_K_M" / "model-Q4_K_M.gguf")
    assert find_projector(model) == proj


def test_lm_studio_folders_pair_and_skip_projectors(model_file: Path, tmp_path: Path) -> None:
    root = tmp_path / "lms"
    model = place(model_file, root / "lmstudio-community" / "vis-GGUF" / "vis-Q4_K_M.gguf")
    proj = projector(root / "lmstudio-community" / "vis-GGUF" / "mmproj-vis-F16.gguf")
    listed = scan_lmstudio([root])
    assert [m.path for m in listed] == [model]
    models = tmp_path / "own"
    models.mkdir()
    (entry,) = [m for m in scan_all(models, [root], tmp_path / "no-cache")
                if m.source == "lmstudio"]
    assert entry.projector == proj


def test_plans_load_the_projector_and_count_its_bytes(model_file: Path, tmp_path: Path) -> None:
    from app.core.formats.model_reader import read_model_metadata
    from app.core.hardware.probe import probe_hardware
    from app.core.planning.planner import plan_load

    model = place(model_file, tmp_path / "v" / "model-Q4_0.gguf")
    assert with_projector(model, None) is None  # nothing beside it yet
    proj = projector(tmp_path / "v" / "mmproj-model-f16.gguf")
    with open(proj, "ab") as f:
        f.truncate(5_000_000)  # sparse: a projector of some size
    overrides = with_projector(model, LoadOverrides(n_ctx=512))
    assert overrides is not None and overrides.mmproj == str(proj) and overrides.n_ctx == 512
    assert with_projector(model, LoadOverrides(mmproj="")).mmproj == ""  # kept text-only
    meta = read_model_metadata(model)
    profile = probe_hardware()
    plain = plan_load(meta, profile, LoadOverrides(n_ctx=512, device="cpu"))
    seeing = plan_load(meta, profile, LoadOverrides(n_ctx=512, device="cpu", mmproj=str(proj)))
    assert plain.params.mmproj == "" and seeing.params.mmproj == str(proj)
    assert seeing.estimate.projector_bytes == os.path.getsize(proj) == 5_000_000
    assert seeing.estimate.total_bytes - plain.estimate.total_bytes == 5_000_000


def test_a_variant_downloads_its_projector() -> None:
    files = [RepoFile("gemma-3-4b-it-Q4_K_M.gguf", 100), RepoFile("mmproj-model-f32.gguf", 9),
             RepoFile("mmproj-model-f16.gguf", 5), RepoFile("mmproj-model-bf16.gguf", 4),
             RepoFile("README.md", 1)]
    (variant,) = group_variants(files)
    assert variant.projector is not None and variant.projector.path == "mmproj-model-bf16.gguf"
    assert [f.path for f in variant.download_files] == [
        "gemma-3-4b-it-Q4_K_M.gguf", "mmproj-model-bf16.gguf"]
    (plain,) = group_variants([RepoFile("model-Q4_0.gguf", 10)])
    assert plain.projector is None and plain.download_files == plain.files
