"""The llama.cpp build's facts come from a child process, once, then from the cache; the
calling process never imports ``llama_cpp``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.hardware import runtime_facts
from app.core.hardware.child_probe import ChildProbeError, run_probe
from app.core.hardware.profile import LlamaBuildInfo

pytest.importorskip("llama_cpp")


def test_the_probe_runs_in_a_child_and_leaves_this_process_clean() -> None:
    code = (
        "import sys, tempfile, pathlib\n"
        "from app.core.hardware.probe import probe_hardware\n"
        "profile = probe_hardware(cache_dir=pathlib.Path(tempfile.mkdtemp()))\n"
        "assert profile.llama.available and profile.llama.version, profile.llama\n"
        "assert 'llama_cpp' not in sys.modules\n"
        "print('clean')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"


def test_facts_are_cached_and_a_new_build_is_probed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = runtime_facts.llama_build_facts(tmp_path)
    assert first.available and (tmp_path / runtime_facts.CACHE_NAME).is_file()

    def no_child(_target: str, timeout: float = 60.0) -> LlamaBuildInfo:
        raise ChildProbeError("no child may be started")

    monkeypatch.setattr(runtime_facts, "run_probe", no_child)
    assert runtime_facts.llama_build_facts(tmp_path) == first  # from the cache

    cache = tmp_path / runtime_facts.CACHE_NAME
    data = json.loads(cache.read_text())
    data["key"]["version"] = "0.0.1"  # as after an upgrade
    cache.write_text(json.dumps(data))
    assert runtime_facts.llama_build_facts(tmp_path) == LlamaBuildInfo(available=False)


def test_a_damaged_cache_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / runtime_facts.CACHE_NAME).write_text("{not json")
    assert runtime_facts.llama_build_facts(tmp_path).available


def test_a_failing_probe_is_reported_not_hidden() -> None:
    with pytest.raises(ChildProbeError, match="ModuleNotFoundError"):
        run_probe("app.core.hardware.no_such_module:probe", timeout=60)
