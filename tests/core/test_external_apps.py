"""Other apps' models read in place: Ollama's store (manifests and suffix-less blobs), Jan's and
GPT4All's folders, all read-only, and hostile stores that are skipped without harm."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from app.core.catalog import app_folders, external, ollama_store
from app.core.catalog.groups import group_library
from app.core.catalog.library import LocalModel, delete_model, resolve_model, scan_all
from app.core.errors import ModelNotFoundError, ReadOnlyModelError
from app.core.hardware.profile import HardwareProfile, LlamaBuildInfo
from app.core.planning.planner import plan_load
from app.core.planning.units import GiB
from tests import bad_models

STARTER_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
CPU_4GB = HardwareProfile(
    os="linux", arch="x86_64", cpu_model="Intel Core i5", physical_cores=2, logical_cores=4,
    ram_total_bytes=4 * GiB, ram_available_bytes=3 * GiB, avx2=True,
    llama=LlamaBuildInfo(available=True, version="0.3", supports_gpu_offload=False))


@pytest.fixture(scope="module")
def original(smollm2_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real copy of the starter model on the temp file system, to hard-link from."""
    target = tmp_path_factory.mktemp("original") / STARTER_NAME
    shutil.copyfile(smollm2_path, target)
    return target


@pytest.fixture(scope="module")
def original_digest(original: Path) -> str:
    return hashlib.sha256(original.read_bytes()).hexdigest()


def linked(original: Path, dst: Path) -> Path:
    """A real GGUF at ``dst``: a hard link where possible, else a copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(original, dst)
    except OSError:
        shutil.copyfile(original, dst)
    return dst


def manifest(store: Path, name: str, digest: str, extra_layers: list[dict] | None = None,
             host: str = "registry.ollama.ai", namespace: str = "library") -> Path:
    """An Ollama manifest (schema version 2) whose model layer is ``digest``."""
    model, tag = name.split(":")
    layers = [{"mediaType": "application/vnd.ollama.image.model", "digest": digest,
               "size": 1}, *(extra_layers or [])]
    path = store / "manifests" / host / namespace / model / tag
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                   "digest": "sha256:" + "c" * 64, "size": 2},
        "layers": layers}))
    return path


def blob(store: Path, digest: str, content: Path | bytes) -> Path:
    """The blob for ``digest`` as Ollama names it: ``blobs/sha256-<hex>``."""
    path = store / "blobs" / digest.replace(":", "-")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Path):
        return linked(content, path)
    path.write_bytes(content)
    return path


def tree(folder: Path) -> list[tuple[str, int, int]]:
    """Every file and folder under ``folder`` with its size and modification time."""
    return sorted((p.relative_to(folder).as_posix(), p.lstat().st_size, p.lstat().st_mtime_ns)
                  for p in folder.rglob("*"))


@pytest.fixture
def store(tmp_path: Path, original: Path, original_digest: str) -> Path:
    """An Ollama store in its documented layout around the real starter model: tags 135m and
    latest share one blob; the template layer is plain text beside it."""
    root = tmp_path / "ollama" / "models"
    digest = f"sha256:{original_digest}"
    blob(root, digest, original)
    template = "sha256:" + hashlib.sha256(b"{{ .Prompt }}").hexdigest()
    blob(root, template, b"{{ .Prompt }}")
    layers = [{"mediaType": "application/vnd.ollama.image.template", "digest": template,
               "size": 13}]
    manifest(root, "smollm2:135m", digest, layers)
    manifest(root, "smollm2:latest", digest, layers)
    return root


def test_an_ollama_store_lists_its_models_read_only(store: Path, tmp_path: Path) -> None:
    before = tree(store)
    alias = tmp_path / "alias"
    alias.symlink_to(store)  # the same store under two names is read once
    [model] = ollama_store.scan_ollama([store, alias, tmp_path / "missing"])
    assert model.name == "smollm2:135m"  # one entry per blob; the template is not a model
    assert model.read_only and model.source == "ollama" and model.usable
    assert model.path.parent == store.resolve() / "blobs" and model.path.suffix == ""
    assert model.format == "gguf" and model.quant == "Q4_1" and model.template_present
    assert model.metadata is not None and model.metadata.architecture == "llama"
    assert tree(store) == before  # nothing written, moved or touched


def test_a_suffixless_blob_plans_groups_and_is_never_deleted(store: Path, tmp_path: Path) -> None:
    [model] = ollama_store.scan_ollama([store])
    assert model.metadata is not None
    plan = plan_load(model.metadata, CPU_4GB)
    assert plan.backend == "llama.cpp" and plan.device == "CPU"
    [group] = group_library([model])
    assert group.name == "smollm2:135m" and [v.format for v in group.variants] == ["gguf"]
    with pytest.raises(ReadOnlyModelError) as info:
        delete_model(model, tmp_path / "models")
    assert info.value.facts["source"] == "ollama" and model.path.is_file()


def test_names_follow_ollama_for_other_namespaces_and_hosts(store: Path) -> None:
    for name, host, namespace, digit in (("smol:q4", "registry.ollama.ai", "someone", "1"),
                                         ("SmolLM2-GGUF:Q4_1", "hf.co", "org", "2")):
        digest = "sha256:" + digit * 64
        bad_models.tiny_gguf(blob(store, digest, b""), [])
        manifest(store, name, digest, host=host, namespace=namespace)
    assert [m.name for m in ollama_store.scan_ollama([store])] == [
        "hf.co/org/SmolLM2-GGUF:Q4_1", "smollm2:135m", "someone/smol:q4"]
    assert ollama_store.display_name("Registry.Ollama.AI", "Library", "m", "t") == "m:t"


def test_hostile_stores_are_skipped_without_escaping(
        store: Path, tmp_path: Path, original: Path, original_digest: str) -> None:
    outside = linked(original, tmp_path / "outside" / "x")  # a GGUF a traversal would reach
    manifests = store / "manifests" / "registry.ollama.ai" / "library"
    (manifests / "notjson").mkdir()
    (manifests / "notjson" / "latest").write_text("{not json")
    (manifests / "binary").mkdir()
    (manifests / "binary" / "latest").write_bytes(b"\xff\xfe\x00garbage")
    (manifests / "alist").mkdir()
    (manifests / "alist" / "latest").write_text("[1, 2]")
    manifest(store, "nomodel:latest", "sha256:" + "a" * 64)
    (manifests / "nomodel" / "latest").write_text(json.dumps({"layers": [
        {"mediaType": "application/vnd.ollama.image.projector", "digest": "sha256:" + "a" * 64}
    ]}))
    manifest(store, "missing:latest", "sha256:" + "b" * 64)
    for i, digest in enumerate(("sha256:../../../outside/x", "sha256:" + "A" * 64,
                                "sha256:" + "a" * 63, "sha512:" + "a" * 64,
                                f"sha256-{original_digest}", "../outside/x", 42)):
        manifest(store, f"bad{i}:latest", digest)  # type: ignore[arg-type]
    loop = manifests / "loop" / "latest"
    loop.parent.mkdir()
    loop.symlink_to(loop)  # a link to itself
    (manifests / "cycle").symlink_to(manifests)  # a folder that contains itself
    (manifests / "fifo").mkdir()
    os.mkfifo(manifests / "fifo" / "latest")  # reading it would block forever
    (manifests / "tagfolder" / "latest").mkdir(parents=True)
    looped = store / "blobs" / f"sha256-{'e' * 64}"
    looped.symlink_to(looped)  # a blob that is a link to itself
    manifest(store, "blobloop:latest", "sha256:" + "e" * 64)
    not_gguf = blob(store, "sha256:" + "d" * 64, b"<!DOCTYPE html><html>error</html>")
    manifest(store, "html:latest", "sha256:" + "d" * 64)

    listed = {m.name: m for m in ollama_store.scan_ollama([store])}
    assert set(listed) == {"smollm2:135m", "html:latest"}
    assert listed["smollm2:135m"].usable
    bad = listed["html:latest"]  # listed with its error, as a bad file anywhere is
    assert not bad.usable and bad.path == not_gguf.resolve()
    assert bad.error is not None and bad.error.facts.get("kind") == "html"
    assert all(m.path.resolve() != outside.resolve() for m in listed.values())


def test_a_store_that_is_a_file_or_has_no_manifests_gives_nothing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "empty" / "blobs").mkdir(parents=True)
    (tmp_path / "selfloop").symlink_to(tmp_path / "selfloop")
    assert ollama_store.scan_ollama([tmp_path / "file", tmp_path / "empty",
                                     tmp_path / "selfloop"]) == []


def test_default_ollama_store_follows_ollama_models(
        store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OLLAMA_MODELS", str(store))
    assert ollama_store.default_ollama_folders()[0] == store
    monkeypatch.delenv("OLLAMA_MODELS")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert ollama_store.default_ollama_folders()[0] == tmp_path / "home" / ".ollama" / "models"


# --- Jan and GPT4All ---


def jan_data(root: Path, original: Path, outside: Path) -> Path:
    """A Jan data folder with a downloaded model (and its projector), one imported in place,
    and a model in the older model.json layout."""
    data = root / "data"
    downloaded = data / "llamacpp" / "models" / "SmolLM2-GGUF" / "SmolLM2-Q4_1"
    linked(original, downloaded / "model.gguf")
    (downloaded / "mmproj.gguf").write_bytes(b"GGUF")
    (downloaded / "model.yml").write_text(
        "model_path: llamacpp/models/SmolLM2-GGUF/SmolLM2-Q4_1/model.gguf\n"
        "mmproj_path: llamacpp/models/SmolLM2-GGUF/SmolLM2-Q4_1/mmproj.gguf\n"
        "name: SmolLM2-Q4_1\nsize_bytes: 1\n")
    imported = data / "llamacpp" / "models" / "imported-smol"
    imported.mkdir(parents=True)
    (imported / "model.yml").write_text(f"model_path: '{outside}'\nname: imported-smol\n")
    old = data / "models" / "tinyllama-1.1b"
    linked(original, old / "tinyllama-1.1b.Q4_1.gguf")
    (old / "model.json").write_text(json.dumps({"id": "tinyllama-1.1b", "format": "gguf"}))
    (old / "tinyllama-1.1b.Q4_1.gguf.part").write_bytes(b"x")
    return data


def test_jan_models_are_listed_by_their_ids(tmp_path: Path, original: Path) -> None:
    outside = linked(original, tmp_path / "elsewhere" / "picked.gguf")
    data = jan_data(tmp_path / "Jan", original, outside)
    before = tree(data)
    listed = {m.name: m for m in app_folders.scan_jan([data, data, tmp_path / "missing"])}
    assert set(listed) == {"SmolLM2-GGUF/SmolLM2-Q4_1", "imported-smol", "tinyllama-1.1b"}
    assert listed["imported-smol"].path.resolve() == outside.resolve()
    assert all(m.read_only and m.source == "jan" and m.usable for m in listed.values())
    assert tree(data) == before


def test_gpt4all_models_are_listed_by_file(tmp_path: Path, original: Path) -> None:
    folder = tmp_path / "GPT4All"
    linked(original, folder / "smollm2.Q4_1.gguf")
    (folder / "incomplete-other.Q4_0.gguf").write_bytes(b"GGUF")
    (folder / "localdocs_v2.db").write_bytes(b"x")
    bad_models.nested_arrays(folder)
    listed = {m.name: m for m in app_folders.scan_gpt4all([folder, tmp_path / "missing"])}
    assert set(listed) == {"smollm2.Q4_1.gguf", "nested.gguf"}
    assert listed["smollm2.Q4_1.gguf"].usable
    assert listed["nested.gguf"].error.facts["reason"] == "damaged_header"  # type: ignore[union-attr]
    assert all(m.read_only and m.source == "gpt4all" for m in listed.values())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's usual places")
def test_the_usual_places_are_found_from_home(
        tmp_path: Path, original: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    jan_data(home / ".local" / "share" / "Jan", original, tmp_path / "gone.gguf")
    old = home / "jan" / "models" / "first"
    linked(original, old / "first.Q4_1.gguf")
    (old / "model.json").write_text("{}")
    moved = tmp_path / "my-models"
    linked(original, moved / "moved.Q4_1.gguf")
    (home / ".config" / "nomic.ai").mkdir(parents=True)
    (home / ".config" / "nomic.ai" / "GPT4All.ini").write_text(
        f"[General]\nmodelPath={moved}\n")
    linked(original, home / ".local" / "share" / "nomic.ai" / "GPT4All" / "default.Q4_1.gguf")
    assert [m.name for m in app_folders.scan_jan()] == [
        "SmolLM2-GGUF/SmolLM2-Q4_1", "tinyllama-1.1b", "first"]
    assert [m.name for m in app_folders.scan_gpt4all()] == ["moved.Q4_1.gguf",
                                                            "default.Q4_1.gguf"]


def test_scan_all_lists_every_app_after_ondols_own(
        store: Path, tmp_path: Path, original: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gpt4all = tmp_path / "gpt4all"
    linked(original, gpt4all / "g.Q4_1.gguf")
    data = jan_data(tmp_path / "Jan", original, tmp_path / "gone.gguf")
    monkeypatch.setattr(ollama_store, "default_ollama_folders", lambda: [store])
    monkeypatch.setattr(app_folders, "default_jan_folders", lambda: [data])
    monkeypatch.setattr(app_folders, "default_gpt4all_folders", lambda: [gpt4all])
    models_dir = tmp_path / "models"
    linked(original, models_dir / "pub" / "repo" / "own.Q4_1.gguf")
    models: list[LocalModel] = scan_all(models_dir, external_folders=[],
                                        hf_cache=tmp_path / "no-cache")
    assert [(m.name, m.source) for m in models] == [
        ("pub/repo/own.Q4_1.gguf", "ondol"), ("smollm2:135m", "ollama"),
        ("SmolLM2-GGUF/SmolLM2-Q4_1", "jan"), ("tinyllama-1.1b", "jan"),
        ("g.Q4_1.gguf", "gpt4all")]


def test_an_ollama_name_resolves_where_a_model_is_named(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants

    monkeypatch.setattr(ollama_store, "default_ollama_folders", lambda: [store])
    monkeypatch.setattr(app_folders, "default_jan_folders", lambda: [])
    monkeypatch.setattr(app_folders, "default_gpt4all_folders", lambda: [])
    monkeypatch.setattr(external, "default_lmstudio_folders", lambda: [])
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "no-cache"))
    models_dir = tmp_path / "models"
    [model] = ollama_store.scan_ollama([store])
    assert resolve_model("smollm2:135m", models_dir) == model.path
    with pytest.raises(ModelNotFoundError):
        resolve_model("smollm2:1.7b", models_dir)
