"""The ``fake_hub`` fixture: a started FakeHub serving the real starter model.

Register it with ``from tests.fakehub.fixtures import fake_hub  # noqa: F401``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.catalog.starter import SMOLLM2, find_packaged_file

from . import FakeFile, FakeHub, FakeRepo

STARTER_REPO = f"{SMOLLM2.publisher}/{SMOLLM2.repo}"
STARTER_FILE = SMOLLM2.resource
STARTER_CARD = """---
license: apache-2.0
base_model: HuggingFaceTB/SmolLM2-135M-Instruct
library_name: gguf
pipeline_tag: text-generation
tags:
- gguf
- llama
---
# SmolLM2-135M-Instruct GGUF

SmolLM2 is a family of compact language models (135M, 360M and 1.7B parameters).

| File | Quant | Size |
|------|-------|------|
| SmolLM2-135M-Instruct.Q4_1.gguf | Q4_1 | 98 MB |
"""


def starter_repo(path: Path | None = None) -> FakeRepo:
    """The starter model's repo, its GGUF served from the installed package on disk."""
    return FakeRepo(
        repo_id=STARTER_REPO,
        files=[FakeFile(STARTER_FILE, source=path or find_packaged_file(), lfs=True)],
        downloads=52_310,
        likes=84,
        last_modified="2024-11-26T09:12:04.000Z",
        created_at="2024-11-01T10:00:00.000Z",
        tags=["gguf", "llama", "text-generation", "en", "base_model:quantized", "conversational"],
        pipeline_tag="text-generation",
        library_name="gguf",
        gguf={
            "total": 134515008,
            "architecture": "llama",
            "context_length": 8192,
            "bos_token": "<|im_start|>",
            "eos_token": "<|im_end|>",
        },
        card=STARTER_CARD,
        card_data={
            "license": "apache-2.0",
            "base_model": "HuggingFaceTB/SmolLM2-135M-Instruct",
            "library_name": "gguf",
            "pipeline_tag": "text-generation",
            "tags": ["gguf", "llama"],
        },
    )


@pytest.fixture
def fake_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A started FakeHub with the starter repo; HF_* environment pointing at it for this test."""
    from huggingface_hub import constants, hf_api
    from huggingface_hub.utils import close_session

    hf_home = tmp_path / "hf-home"
    hf_home.mkdir()
    with FakeHub([starter_repo()]) as hub:
        env = {
            "HF_ENDPOINT": hub.url,
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_HUB_DISABLE_XET": "1",
            "HF_HUB_OFFLINE": "0",
            "HF_HOME": str(hf_home),
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_CACHE", "HF_TOKEN_PATH"):
            monkeypatch.delenv(name, raising=False)
        # huggingface_hub read the environment at import: patch what it read, for this test.
        patches = {
            "ENDPOINT": hub.url,
            "HUGGINGFACE_CO_URL_TEMPLATE": hub.url + "/{repo_id}/resolve/{revision}/{filename}",
            "HF_HUB_OFFLINE": False,
            "HF_HUB_DISABLE_XET": True,
            "HF_HUB_DISABLE_TELEMETRY": True,
            "HF_HOME": str(hf_home),
            "HF_HUB_CACHE": str(hf_home / "hub"),
            "HF_TOKEN_PATH": str(hf_home / "token"),
            "HF_STORED_TOKENS_PATH": str(hf_home / "stored_tokens"),
        }
        for name, value in patches.items():
            monkeypatch.setattr(constants, name, value)
        monkeypatch.setattr(hf_api.api, "endpoint", hub.url)
        close_session()  # no pooled connection to an earlier hub's port
        try:
            yield hub
        finally:
            close_session()
