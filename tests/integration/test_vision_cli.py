"""``ondol chat --attach photo.png`` on a vision model sends the picture with the first
message; on a model without vision it refuses and sends nothing; ``ondol models list`` marks
models that see images. The model is the tiny random-weight one (``tests/vision_fixtures.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.vision_fixtures import VisionFixtureUnavailable, vision_model_dir


@pytest.fixture(scope="module")
def tiny_vision() -> Path:
    try:
        return vision_model_dir()
    except VisionFixtureUnavailable as err:
        pytest.skip(f"the tiny vision model cannot be built here: {err}")


def ondol(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)


def events(out: str) -> dict[str, dict[str, Any]]:
    return {e["type"]: e for e in map(json.loads, out.splitlines())}


def test_an_attached_picture_goes_with_the_first_message(tiny_vision: Path,
                                                         tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (640, 480), "red").save(photo)
    model = str(tiny_vision / "model.gguf")
    flags = ("--model", model, "--temp", "0", "--max-tokens", "2", "--json")
    seen = ondol("chat", "What is this?", *flags, "--attach", str(photo))
    assert seen.returncode == 0, seen.stderr
    got = events(seen.stdout)
    assert got["loaded"]["vision"] is True and got["loaded"]["image_size"] == 56
    plain = events(ondol("chat", "What is this?", *flags).stdout)
    # The picture's positions (4 for this projector, with its markers) came with the question.
    assert got["prompt"]["prompt_tokens"] >= plain["prompt"]["prompt_tokens"] + 4
    assert got["done"]["stats"]["generated_tokens"] == 2


def test_a_model_without_vision_refuses_the_picture_and_sends_nothing(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 64), "blue").save(photo, format="JPEG")
    refused = ondol("chat", "What is this?", "--temp", "0", "--max-tokens", "2",
                    "--attach", str(photo))
    assert refused.returncode == 1
    assert "reads no images" in refused.stderr and refused.stdout == ""


def test_models_list_marks_a_model_that_sees_images(tiny_vision: Path,
                                                   ondol_home: Path) -> None:
    folder = ondol_home / "data" / "models" / "test" / "tiny-vision-GGUF"
    folder.mkdir(parents=True)
    (folder / "tiny-vision-Q8_0.gguf").symlink_to(tiny_vision / "model.gguf")
    (folder / "mmproj-tiny-vision-f16.gguf").symlink_to(tiny_vision / "mmproj-model.gguf")
    listed = ondol("models", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert "VISION" in lines[0].split() and "mmproj" not in listed.stdout
    (row,) = [line for line in lines if "tiny-vision" in line]
    assert "images" in row.split()
    (starter,) = [line for line in lines if "SmolLM2" in line]
    assert "images" not in starter.split()
    rows = [json.loads(line) for line in ondol("models", "list", "--json").stdout.splitlines()]
    (entry,) = [r for r in rows if "tiny-vision" in r["name"]]
    assert entry["vision"] is True and entry["projector"].endswith("mmproj-tiny-vision-f16.gguf")
