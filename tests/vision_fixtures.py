"""A tiny random-weight vision model (Gemma 3 layout) for tests, built once and cached.

``tests/vision_build/build.py`` makes it with torch + transformers (the fixture tools' Python,
``.venv-tools/genai``) and converts it with llama.cpp's ``convert_hf_to_gguf.py`` taken from
the llama-cpp-python sdist of the installed version (the same one ``build_llama_bench.sh``
uses), so the converter matches the llama.cpp that loads the files. The cache folder,
``.ondol-test-cache/vision/<key>``, is keyed by the builder's source and that version.

``vision_model_dir()`` -> folder with ``model.gguf``, ``mmproj-model.gguf``, ``build.json``.
The weights are random: the model proves that images reach the projector, nothing more.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST_CACHE = REPO / ".ondol-test-cache"
BUILD_SCRIPT = REPO / "tests" / "vision_build" / "build.py"
TOOLS_PYTHON = REPO / ".venv-tools" / "genai" / "bin" / "python"
CONVERTER_FILES = ("convert_hf_to_gguf.py", "conversion/", "gguf-py/")


class VisionFixtureUnavailable(RuntimeError):
    """The tools to build the model are missing here (the reason says which)."""


def _version() -> str:
    return importlib.metadata.version("llama-cpp-python")


def _cache_key() -> str:
    digest = hashlib.sha256(BUILD_SCRIPT.read_bytes())
    digest.update(_version().encode())
    return digest.hexdigest()[:16]


def _sdist() -> Path:
    """The llama-cpp-python sdist of the installed version (downloaded once if absent).

    Raises:
        VisionFixtureUnavailable: it is absent and pip could not fetch it.
    """
    folder = TEST_CACHE / "llama-bench" / f"sdist-{_version()}"
    name = f"llama_cpp_python-{_version()}.tar.gz"
    if not (folder / name).is_file():
        folder.mkdir(parents=True, exist_ok=True)
        got = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             ":all:", f"llama-cpp-python=={_version()}", "-d", str(folder)],
            capture_output=True, text=True)
        if got.returncode != 0 or not (folder / name).is_file():
            raise VisionFixtureUnavailable(
                f"the llama-cpp-python {_version()} sdist (for its converter) could not be "
                f"fetched: {got.stderr.strip()[-300:]}")
    return folder / name


def _extract_converter(sdist: Path, target: Path) -> None:
    prefix = f"llama_cpp_python-{_version()}/vendor/llama.cpp/"
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers()
                   if m.name.startswith(prefix) and m.isfile()
                   and m.name[len(prefix):].startswith(CONVERTER_FILES)]
        for member in members:
            member.name = member.name[len(prefix):]
        tar.extractall(target, members=members, filter="data")
    if not (target / "convert_hf_to_gguf.py").is_file():
        raise VisionFixtureUnavailable(f"no convert_hf_to_gguf.py in {sdist.name}")


def vision_model_dir() -> Path:
    """The folder holding the tiny vision model, built on first use (locked across processes).

    Raises:
        VisionFixtureUnavailable: the fixture tools or the converter are not here.
        subprocess.CalledProcessError: the build failed (its output is shown).
    """
    target = TEST_CACHE / "vision" / _cache_key()
    if (target / ".complete").is_file():
        return target
    if not TOOLS_PYTHON.is_file():
        raise VisionFixtureUnavailable(
            f"no fixture tools at {TOOLS_PYTHON} (scripts/setup_fixture_tools.sh builds them)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / ".complete").is_file():
            return target
        for old in target.parent.iterdir():
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)  # earlier builds: stale by definition
        building = target.with_name(target.name + ".building")
        converter = building / "converter"
        converter.mkdir(parents=True)
        _extract_converter(_sdist(), converter)
        quiet = {**os.environ, "TQDM_DISABLE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                 "HF_HUB_OFFLINE": "1"}
        command = ["nice", "-n", "19", str(TOOLS_PYTHON), str(BUILD_SCRIPT), str(converter),
                   str(building)]
        built = subprocess.run(command, env=quiet, capture_output=True, text=True)
        if built.returncode != 0:  # the converter's log is long: its end says what failed
            print(built.stdout[-4000:], built.stderr[-8000:], file=sys.stderr)
            raise subprocess.CalledProcessError(built.returncode, command)
        shutil.rmtree(converter)
        (building / ".complete").write_text("ok", encoding="utf-8")
        building.rename(target)
    return target


if __name__ == "__main__":
    print(f"Vision test model: {vision_model_dir()}")
