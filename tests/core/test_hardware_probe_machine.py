"""``probe_hardware`` on the machine running the tests: invariants, agreement with Linux's
own sources, and survival of broken sub-probes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.hardware import gpu as gpu_module
from app.core.hardware.describe import describe_profile, format_gib
from app.core.hardware.gpu import (
    probe_nvml,
)
from app.core.hardware.llama_build import probe_llama_build
from app.core.hardware.probe import (
    normalize_os,
    probe_hardware,
)
from app.core.hardware.profile import GpuInfo, LlamaBuildInfo

# --- the real machine ---------------------------------------------------------------------


def test_probe_hardware_invariants_on_this_machine() -> None:
    profile = probe_hardware(include_llama=False)
    assert profile.os == normalize_os(sys.platform)
    assert profile.arch not in ("", "unknown", "amd64", "aarch64")
    assert profile.cpu_model.strip()
    assert 1 <= profile.physical_cores <= profile.logical_cores
    assert profile.logical_cores == os.cpu_count()
    assert 0 < profile.ram_available_bytes <= profile.ram_total_bytes
    assert profile.llama == LlamaBuildInfo(available=False)
    lines = describe_profile(profile)
    assert len(lines) >= 5 and all(line.strip() for line in lines)
    assert f"RAM: {format_gib(profile.ram_total_bytes)} total" in lines[2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and sysconf")
def test_probe_hardware_agrees_with_linux_sources() -> None:
    profile = probe_hardware(include_llama=False)
    assert profile.os == "linux"
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    if re.search(r"^model name\s*:", cpuinfo, re.MULTILINE):
        assert profile.cpu_model != "unknown"
        assert profile.cpu_model in cpuinfo
    # Flags by a plain regex, independent of parse_cpuinfo.
    first_flags = re.search(r"^(?:flags|Features)\s*:(.*)$", cpuinfo, re.MULTILINE)
    flag_words = set(first_flags.group(1).split()) if first_flags else set()
    assert profile.avx2 == ("avx2" in flag_words)
    assert profile.avx512 == any(word.startswith("avx512") for word in flag_words)
    # RAM against the kernel's page count (psutil reads /proc/meminfo instead).
    physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    assert abs(profile.ram_total_bytes - physical) <= physical * 0.02


def test_probe_hardware_finds_no_gpu_where_there_is_none() -> None:
    has_nvidia = shutil.which("nvidia-smi") is not None or probe_nvml() is not None
    if has_nvidia or (sys.platform == "darwin"):
        pytest.skip("this machine may have a GPU")
    assert probe_hardware(include_llama=False).gpus == ()


def test_probe_llama_build_with_installed_llama_cpp() -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    info = probe_llama_build()
    assert info.available is True
    assert info.version == llama_cpp.__version__
    assert info.supports_gpu_offload == bool(llama_cpp.llama_supports_gpu_offload())
    assert "= 1" in info.system_info  # at least one "FEATURE = 1" entry, decoded to str

    profile = probe_hardware()
    assert profile.llama == info
    assert any(line.startswith(f"llama.cpp {info.version}:") for line in describe_profile(profile))


def test_probe_llama_build_when_not_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    assert probe_llama_build() == LlamaBuildInfo(available=False)


def test_probe_hardware_survives_a_broken_gpu_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode() -> list[GpuInfo]:
        raise RuntimeError("driver fell over")

    monkeypatch.setattr(gpu_module, "probe_nvidia", explode)
    profile = probe_hardware(include_llama=False)
    if profile.os != "darwin":
        assert profile.gpus == ()
    assert profile.logical_cores >= 1


def test_core_package_does_not_import_pyside() -> None:
    code = (
        "import sys, app.core.hardware.probe, app.core.hardware.describe; "
        "assert 'PySide6' not in sys.modules, 'PySide6 imported'"
    )
    repo_root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
