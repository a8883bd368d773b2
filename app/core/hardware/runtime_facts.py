"""The llama.cpp build's facts, probed in a child process once and cached on disk.

The cache is keyed by the installed llama-cpp-python version, its files' modification time
and the interpreter, so an upgrade or another build is probed again; a damaged cache counts as
empty. The window's process never imports ``llama_cpp`` (see ``child_probe``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from app.core.hardware.child_probe import ChildProbeError, run_probe
from app.core.hardware.profile import LlamaBuildInfo

logger = logging.getLogger(__name__)

LLAMA_PROBE = "app.core.hardware.llama_build:probe_llama_build"
CACHE_NAME = "runtime_facts.json"


def _install_key() -> dict[str, Any] | None:
    """What identifies the installed build, without importing it; None when not installed."""
    try:
        dist = metadata.distribution("llama-cpp-python")
    except metadata.PackageNotFoundError:
        return None
    stamp = 0.0
    with contextlib.suppress(OSError):  # an unusual layout: the version alone keys it
        stamp = Path(str(dist.locate_file("llama_cpp"))).stat().st_mtime
    return {"version": dist.version, "mtime": stamp, "python": sys.executable}


def _read_cache(path: Path, key: dict[str, Any]) -> LlamaBuildInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return LlamaBuildInfo(**data["llama"])
    except (OSError, ValueError, TypeError, KeyError):
        pass  # missing or damaged: probe again
    return None


def _write_cache(path: Path, key: dict[str, Any], info: LlamaBuildInfo) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        part.write_text(json.dumps({"key": key, "llama": asdict(info)}), encoding="utf-8")
        os.replace(part, path)
    except OSError:
        logger.debug("could not cache the runtime facts", exc_info=True)


def llama_build_facts(cache_dir: Path | None = None) -> LlamaBuildInfo:
    """The llama.cpp build's facts: from the cache in ``cache_dir``, else probed in a child.

    Never raises: a build that cannot be probed is ``available=False``.
    """
    key = _install_key()
    if key is None:
        return LlamaBuildInfo(available=False)
    cache = cache_dir / CACHE_NAME if cache_dir is not None else None
    if cache is not None:
        cached = _read_cache(cache, key)
        if cached is not None:
            return cached
    try:
        info = run_probe(LLAMA_PROBE)
    except ChildProbeError:
        logger.warning("The llama.cpp build could not be probed", exc_info=True)
        return LlamaBuildInfo(available=False)
    if cache is not None and info.available:
        _write_cache(cache, key, info)
    return info
