"""Real ONNX models for tests, built once from the starter GGUF and cached.

The cache folder's name is a hash of the GGUF's sha256, the tool versions (the setup script's
package lists) and the build script's ``BUILD_VERSION``, so a change to any of them builds
afresh. Building takes about two minutes
the first time (the tool environments take longer, once per machine).

Models (``onnx_model(name)``):
    smollm2-genai-int4, smollm2-genai-int8, smollm2-genai-fp32  onnxruntime-genai layout
    smollm2-optimum  onnx-community layout: onnx/model.onnx (fp32), model_int8.onnx,
                     model_q4.onnx (a fused GroupQueryAttention graph)
``onnx_reference()``: transformers' float32 greedy answer to the reference chat.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from app.core.catalog.checksum import sha256_file
from app.core.catalog.starter import find_packaged_file

REPO = Path(__file__).resolve().parent.parent
TEST_CACHE = REPO / ".ondol-test-cache"
BUILD_SCRIPT = REPO / "tests" / "onnx_build" / "build.py"
TOOLS_SCRIPT = REPO / "scripts" / "setup_fixture_tools.sh"
TOOLS = REPO / ".venv-tools"
NAMES = ("smollm2-genai-int4", "smollm2-genai-int8", "smollm2-genai-fp32", "smollm2-optimum")


def _cache_key(gguf: Path) -> str:
    """The GGUF's sha256, the tool versions and the build script's ``BUILD_VERSION``."""
    digest = hashlib.sha256()
    digest.update(sha256_file(gguf).encode())
    digest.update("\n".join(re.findall(r"^make_env .*$", TOOLS_SCRIPT.read_text(),
                                        re.MULTILINE)).encode())
    digest.update(re.findall(r"^COMMON=.*$", TOOLS_SCRIPT.read_text(), re.MULTILINE)[0].encode())
    version = re.search(r"^BUILD_VERSION = (\d+)$", BUILD_SCRIPT.read_text(), re.MULTILINE)
    digest.update((version.group(1) if version else "?").encode())
    return digest.hexdigest()[:16]


def onnx_fixture_dir() -> Path:
    """The folder holding every ONNX test model, built on first use (locked across processes).

    Raises:
        subprocess.CalledProcessError: the tools or the build failed (their output is shown).
    """
    gguf = find_packaged_file()
    TEST_CACHE.mkdir(exist_ok=True)
    target = TEST_CACHE / f"onnx-{_cache_key(gguf)}"
    if (target / ".complete").is_file():
        return target
    with open(TEST_CACHE / ".onnx-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / ".complete").is_file():
            return target
        subprocess.run(["bash", str(TOOLS_SCRIPT)], check=True)
        for old in TEST_CACHE.glob("onnx-*"):
            shutil.rmtree(old, ignore_errors=True)  # earlier builds: stale by definition
        building = target.with_name(target.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        quiet = {**os.environ, "TQDM_DISABLE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                 "HF_HUB_OFFLINE": "1"}
        for stage in ("genai", "optimum"):
            python = TOOLS / stage / "bin" / "python"
            subprocess.run([str(python), str(BUILD_SCRIPT), stage, str(gguf), str(building)],
                           check=True, env=quiet)
        (building / ".complete").write_text("ok", encoding="utf-8")
        building.rename(target)
    return target


def onnx_model(name: str) -> Path:
    """One test model's folder (see the module docstring for the names).

    Raises:
        KeyError: an unknown name.
    """
    if name not in NAMES:
        raise KeyError(name)
    return onnx_fixture_dir() / name


def onnx_reference() -> dict[str, Any]:
    """``messages``, ``prompt``, ``prompt_ids``, ``tokens`` (20 greedy ids) and ``text``."""
    return json.loads((onnx_fixture_dir() / "reference.json").read_text(encoding="utf-8"))


if __name__ == "__main__":  # scripts/test.sh builds them before pytest (minutes, the first time)
    print(f"ONNX test models: {onnx_fixture_dir()}")
