"""Downloading a vision model's variant from the (fake) hub fetches its projector into the same
folder, and the library then lists one model that sees images."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.catalog import download as dl
from app.core.catalog.choose import pick_variant
from app.core.catalog.hub import HubClient
from app.core.catalog.library import scan_all
from app.core.hardware.probe import probe_hardware
from tests.fakehub import FakeFile, FakeHub, FakeRepo, fixtures
from tests.vision_fixtures import VisionFixtureUnavailable, vision_model_dir

fake_hub = fixtures.fake_hub
REPO_ID = "someone/tiny-vision-GGUF"


def test_a_variant_comes_with_its_projector(fake_hub: FakeHub, tmp_path: Path) -> None:
    try:
        source = vision_model_dir()
    except VisionFixtureUnavailable as err:
        pytest.skip(f"the tiny vision model cannot be built here: {err}")
    fake_hub.add(FakeRepo(REPO_ID, tags=["gguf"], files=[
        FakeFile("tiny-vision-Q8_0.gguf", source=source / "model.gguf"),
        FakeFile("mmproj-tiny-vision-f16.gguf", source=source / "mmproj-model.gguf")]))
    hub = HubClient(endpoint=fake_hub.url)
    variant = pick_variant(hub, REPO_ID, None, probe_hardware())
    models = tmp_path / "models"
    plan = dl.plan_download(models, REPO_ID, variant.download_files)
    paths = dl.download(hub, plan, lambda *_: None, lambda: False)
    folder = models / REPO_ID
    assert sorted(paths) == [folder / "mmproj-tiny-vision-f16.gguf",
                             folder / "tiny-vision-Q8_0.gguf"]
    (model,) = scan_all(models, include_external=False)
    assert model.path == folder / "tiny-vision-Q8_0.gguf"
    assert model.projector == folder / "mmproj-tiny-vision-f16.gguf"
