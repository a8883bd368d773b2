"""A model in Ollama's store, read in place: it loads and answers through the runtime host like
any local GGUF, and ``ondol models list --all`` shows it as Ollama's."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.catalog.ollama_store import scan_ollama
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from tests.integration.conftest import collect, load_params, text_of


@pytest.fixture(scope="module")
def store(smollm2_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Ollama store in its documented layout around the real starter model."""
    root = tmp_path_factory.mktemp("ollama") / "models"
    digest = hashlib.sha256(smollm2_path.read_bytes()).hexdigest()
    blob = root / "blobs" / f"sha256-{digest}"
    blob.parent.mkdir(parents=True)
    try:
        os.link(smollm2_path, blob)
    except OSError:
        shutil.copyfile(smollm2_path, blob)
    tag = root / "manifests" / "registry.ollama.ai" / "library" / "smollm2" / "135m"
    tag.parent.mkdir(parents=True)
    tag.write_text(json.dumps({"schemaVersion": 2, "layers": [
        {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}",
         "size": blob.stat().st_size}]}))
    return root


@pytest.fixture(scope="module")
def ollama_client(store: Path) -> Iterator[RuntimeClient]:
    [model] = scan_ollama([store])
    client = RuntimeClient()
    client.start()
    client.load(str(model.path), load_params())
    yield client
    client.close()


def test_an_ollama_blob_loads_and_answers(ollama_client: RuntimeClient) -> None:
    deltas, done = collect(ollama_client, SamplingParams(temperature=0, max_tokens=12),
                           messages=[{"role": "user", "content": "Say hello."}])
    assert text_of(deltas).strip() and done.stats.generated_tokens >= 1


def test_models_list_all_shows_other_apps_models(store: Path, tmp_path: Path) -> None:
    env = {**os.environ, "OLLAMA_MODELS": str(store), "HOME": str(tmp_path / "home"),
           "HF_HUB_CACHE": str(tmp_path / "no-hf-cache")}
    run = [sys.executable, "-m", "app", "models", "list", "--all"]
    result = subprocess.run([*run, "--json"], capture_output=True, text=True, timeout=300,
                            env=env)
    assert result.returncode == 0, result.stderr
    listed = {m["name"]: m for m in map(json.loads, result.stdout.splitlines())}
    ollama = listed["smollm2:135m"]
    assert (ollama["source"], ollama["read_only"], ollama["format"]) == ("ollama", True, "gguf")
    assert ollama["error"] is None and ollama["quant"] == "Q4_1"
    assert all(m["source"] == "ondol" for name, m in listed.items() if name != "smollm2:135m")
    table = subprocess.run(run, capture_output=True, text=True, timeout=300, env=env).stdout
    assert "smollm2:135m" in table and "(ollama, read-only)" in table
    own = subprocess.run(run[:-1], capture_output=True, text=True, timeout=300, env=env).stdout
    assert "smollm2:135m" not in own  # without --all: Ondol's own library only
