"""Tests for hardware probing: the pure parsers on sample texts, the NVIDIA probes against fake
``nvidia-smi`` programs and a fake ``pynvml``, and ``probe_hardware`` on the machine running
the tests (checked against sources independent of the probe: ``os.cpu_count``, ``sysconf``,
``/proc/cpuinfo``)."""

from __future__ import annotations

import os
import stat
import sys
import types
from pathlib import Path

import pytest

from app.core.hardware.describe import describe_profile
from app.core.hardware.gpu import (
    apple_gpu,
    parse_nvidia_smi,
    probe_gpus,
    probe_nvidia,
    probe_nvidia_smi,
    probe_nvml,
)
from app.core.hardware.probe import (
    cpu_features_from_flags,
    cpu_features_from_llama_system_info,
    normalize_arch,
    normalize_os,
    parse_cpuinfo,
)
from app.core.hardware.profile import GpuInfo, HardwareProfile, LlamaBuildInfo

GIB = 1024**3
MIB = 1024**2

INTEL_CPUINFO = """\
processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 85
model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
stepping\t: 4
cpu MHz\t\t: 2400.000
cache size\t: 28160 KB
flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sse sse2 ssse3 fma cx16 sse4_1 sse4_2 \
avx f16c avx2 bmi2 avx512f avx512dq avx512cd avx512bw avx512vl
bogomips\t: 4800.00

processor\t: 1
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sse sse2 ssse3 fma cx16 sse4_1 sse4_2 \
avx f16c avx2 bmi2 avx512f avx512dq avx512cd avx512bw avx512vl
"""

# AVX2 but no AVX-512 (an older desktop chip): the flag parser must tell the two apart.
HASWELL_CPUINFO = """\
processor\t: 0
model name\t: Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz
flags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 avx f16c avx2 fma bmi1 bmi2
"""

# Raspberry Pi 4, 64-bit kernel: no "model name", NEON is called "asimd", the SoC is "Hardware".
ARM64_CPUINFO = """\
processor\t: 0
BogoMIPS\t: 108.00
Features\t: fp asimd evtstrm crc32 cpuid
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x0
CPU part\t: 0xd08
CPU revision\t: 3

processor\t: 1
BogoMIPS\t: 108.00
Features\t: fp asimd evtstrm crc32 cpuid

Hardware\t: BCM2835
Revision\t: c03111
Model\t\t: Raspberry Pi 4 Model B Rev 1.1
"""

# 32-bit ARM: "Processor" carries the core name, "neon" is spelled out.
ARMV7_CPUINFO = """\
Processor\t: ARMv7 Processor rev 10 (v7l)
processor\t: 0
BogoMIPS\t: 790.52
Features\t: swp half thumb fastmult vfp edsp neon vfpv3 tls
"""

NVIDIA_SMI_TWO_GPUS = """\
NVIDIA GeForce RTX 4090, 24564, 23012
NVIDIA RTX A2000 12GB, 12282, 11500
"""

LLAMA_SYSTEM_INFO_X86 = (
    "AVX = 1 | AVX_VNNI = 0 | AVX2 = 1 | AVX512 = 0 | AVX512_VBMI = 0 | AVX512_VNNI = 0 | "
    "AVX512_BF16 = 0 | FMA = 1 | NEON = 0 | SVE = 0 | ARM_FMA = 0 | F16C = 1 | FP16_VA = 0 | "
    "WASM_SIMD = 0 | BLAS = 0 | SSE3 = 1 | SSSE3 = 1 | VSX = 0 | MATMUL_INT8 = 0 | LLAMAFILE = 1 | "
)


# --- pure parsers -------------------------------------------------------------------------


def test_parse_cpuinfo_intel_model_and_flags() -> None:
    model, flags = parse_cpuinfo(INTEL_CPUINFO)
    assert model == "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"
    assert {"avx2", "avx512f", "avx512vl", "sse4_2"} <= flags
    assert "processor" not in flags
    assert cpu_features_from_flags(flags) == {"avx2": True, "avx512": True, "neon": False}


def test_parse_cpuinfo_avx2_without_avx512() -> None:
    model, flags = parse_cpuinfo(HASWELL_CPUINFO)
    assert model.startswith("Intel(R) Core(TM) i7-4790")
    assert cpu_features_from_flags(flags) == {"avx2": True, "avx512": False, "neon": False}


def test_parse_cpuinfo_arm64_asimd_counts_as_neon() -> None:
    model, flags = parse_cpuinfo(ARM64_CPUINFO)
    assert model == "BCM2835"
    assert flags == {"fp", "asimd", "evtstrm", "crc32", "cpuid"}
    assert cpu_features_from_flags(flags) == {"avx2": False, "avx512": False, "neon": True}


def test_parse_cpuinfo_armv7_processor_line_is_the_model() -> None:
    # Lowercase "processor : 0" is an index and must not win over "Processor : ARMv7 ...".
    model, flags = parse_cpuinfo(ARMV7_CPUINFO)
    assert model == "ARMv7 Processor rev 10 (v7l)"
    assert cpu_features_from_flags(flags)["neon"] is True


@pytest.mark.parametrize("text", ["", "garbage without colons\n\x00\x01", "flags\t:\n"])
def test_parse_cpuinfo_junk_gives_unknown(text: str) -> None:
    assert parse_cpuinfo(text) == ("unknown", set())


def test_cpu_features_from_flags_is_case_insensitive_and_any_avx512() -> None:
    assert cpu_features_from_flags({"AVX512_VNNI"})["avx512"] is True
    assert cpu_features_from_flags({"NEON"})["neon"] is True
    assert cpu_features_from_flags(set()) == {"avx2": False, "avx512": False, "neon": False}


def test_llama_system_info_x86() -> None:
    features = cpu_features_from_llama_system_info(LLAMA_SYSTEM_INFO_X86)
    assert features == {"avx2": True, "avx512": False, "neon": False}


def test_llama_system_info_brief_example() -> None:
    text = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | AVX512 = 0 | ..."
    assert cpu_features_from_llama_system_info(text) == {
        "avx2": True,
        "avx512": False,
        "neon": False,
    }


def test_llama_system_info_avx512_variant_and_neon() -> None:
    # Newer builds list only what is on; any AVX512_* = 1 counts as AVX-512.
    assert cpu_features_from_llama_system_info("CPU : AVX2 = 1 | AVX512_VNNI = 1 |")["avx512"]
    arm = cpu_features_from_llama_system_info("CPU : NEON = 1 | ARM_FMA = 1 | DOTPROD = 1 |")
    assert arm == {"avx2": False, "avx512": False, "neon": True}
    # "AVX = 1" must not be read as AVX2, nor "AVX2 = 0" as on.
    assert cpu_features_from_llama_system_info("AVX = 1 | AVX2 = 0 |")["avx2"] is False
    assert cpu_features_from_llama_system_info("") == {
        "avx2": False,
        "avx512": False,
        "neon": False,
    }


def test_parse_nvidia_smi_two_gpus() -> None:
    gpus = parse_nvidia_smi(NVIDIA_SMI_TWO_GPUS)
    assert gpus == [
        GpuInfo("nvidia", "NVIDIA GeForce RTX 4090", 24564 * MIB, 23012 * MIB),
        GpuInfo("nvidia", "NVIDIA RTX A2000 12GB", 12282 * MIB, 11500 * MIB),
    ]


def test_parse_nvidia_smi_odd_lines() -> None:
    text = "\nTesla T4, [N/A], [Not Supported]\nNo devices were found\n, 1, 2\nA, B, C, 10, 5\n"
    gpus = parse_nvidia_smi(text)
    assert gpus == [
        GpuInfo("nvidia", "Tesla T4", None, None),
        GpuInfo("nvidia", "A, B, C", 10 * MIB, 5 * MIB),  # commas in the name survive
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Linux", "linux"),
        ("linux", "linux"),
        ("Darwin", "darwin"),
        ("win32", "windows"),
        ("Windows", "windows"),
        ("cygwin", "windows"),
        ("FreeBSD", "freebsd"),
        ("", "unknown"),
    ],
)
def test_normalize_os(given: str, expected: str) -> None:
    assert normalize_os(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("AMD64", "x86_64"),
        ("x86_64", "x86_64"),
        ("aarch64", "arm64"),
        ("arm64", "arm64"),
        ("ARM64", "arm64"),
        ("armv7l", "armv7l"),
        ("", "unknown"),
    ],
)
def test_normalize_arch(given: str, expected: str) -> None:
    assert normalize_arch(given) == expected


def test_apple_gpu_uses_ram_and_chip_name() -> None:
    gpu = apple_gpu("Apple M2 Pro", 32 * GIB, 20 * GIB)
    assert gpu == GpuInfo("apple", "Apple M2 Pro", 32 * GIB, 20 * GIB, unified_memory=True)
    assert apple_gpu("unknown", 8 * GIB, 4 * GIB).name == "Apple GPU"
    # probe_gpus gives it on arm64 macOS only, without running any NVIDIA tool.
    assert probe_gpus("darwin", "arm64", "Apple M1", 16 * GIB, 8 * GIB)[0].unified_memory
    assert probe_gpus("darwin", "x86_64", "Intel", 16 * GIB, 8 * GIB) == ()


# --- NVIDIA probes against fakes ------------------------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="fake nvidia-smi is a shell script")


def _fake_nvidia_smi(directory: Path, body: str) -> None:
    script = directory / "nvidia-smi"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@posix_only
def test_probe_nvidia_smi_runs_the_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake only answers the exact query; any other arguments give no output.
    _fake_nvidia_smi(
        tmp_path,
        'if [ "$1" = "--query-gpu=name,memory.total,memory.free" ] && '
        '[ "$2" = "--format=csv,noheader,nounits" ]; then\n'
        "printf 'NVIDIA GeForce RTX 4070, 12282, 11468\\n'\nfi",
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    assert probe_nvidia_smi() == [
        GpuInfo("nvidia", "NVIDIA GeForce RTX 4070", 12282 * MIB, 11468 * MIB)
    ]


@posix_only
@pytest.mark.parametrize(
    "body", ["echo 'NVIDIA-SMI has failed' >&2; exit 9", "exec sleep 5", "echo 'not, csv'"]
)
def test_probe_nvidia_smi_failures_give_no_gpus(
    body: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_nvidia_smi(tmp_path, f"PATH=/usr/bin:/bin\n{body}")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert probe_nvidia_smi(timeout=0.5) == []


def test_probe_nvidia_smi_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory
    assert probe_nvidia_smi() == []


class _Memory:
    total = 8 * GIB
    free = 6 * GIB


def _fake_pynvml(*, init_error: bool = False) -> tuple[types.ModuleType, list[str]]:
    calls: list[str] = []
    fake = types.ModuleType("pynvml")

    def init() -> None:
        calls.append("init")
        if init_error:
            raise RuntimeError("NVML Shared Library Not Found")

    fake.nvmlInit = init  # type: ignore[attr-defined]
    fake.nvmlShutdown = lambda: calls.append("shutdown")  # type: ignore[attr-defined]
    fake.nvmlDeviceGetCount = lambda: 2  # type: ignore[attr-defined]
    fake.nvmlDeviceGetHandleByIndex = lambda i: i  # type: ignore[attr-defined]
    # Old bindings return bytes, new ones str: one of each.
    names = {0: b"NVIDIA L4", 1: "NVIDIA T1000"}
    fake.nvmlDeviceGetName = lambda h: names[h]  # type: ignore[attr-defined]
    fake.nvmlDeviceGetMemoryInfo = lambda h: _Memory()  # type: ignore[attr-defined]
    return fake, calls


def test_probe_nvml_with_fake_pynvml(monkeypatch: pytest.MonkeyPatch) -> None:
    fake, calls = _fake_pynvml()
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    assert probe_nvml() == [
        GpuInfo("nvidia", "NVIDIA L4", 8 * GIB, 6 * GIB),
        GpuInfo("nvidia", "NVIDIA T1000", 8 * GIB, 6 * GIB),
    ]
    assert calls == ["init", "shutdown"]


@posix_only
def test_probe_nvidia_falls_back_to_smi_when_nvml_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, _ = _fake_pynvml(init_error=True)
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    assert probe_nvml() is None
    _fake_nvidia_smi(tmp_path, "printf 'Tesla T4, 15360, 15000\\n'")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert probe_nvidia() == [GpuInfo("nvidia", "Tesla T4", 15360 * MIB, 15000 * MIB)]


def test_probe_nvml_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)  # makes `import pynvml` raise ImportError
    assert probe_nvml() is None


# --- describe_profile ----------------------------------------------------------------------


def _profile(**changes: object) -> HardwareProfile:
    base: dict[str, object] = {
        "os": "linux",
        "arch": "x86_64",
        "cpu_model": "Intel Xeon",
        "physical_cores": 2,
        "logical_cores": 4,
        "ram_total_bytes": 24 * GIB,
        "ram_available_bytes": 22 * GIB + GIB // 10,
        "avx2": True,
        "avx512": True,
    }
    base.update(changes)
    return HardwareProfile(**base)  # type: ignore[arg-type]


def test_describe_cpu_only_profile() -> None:
    llama = LlamaBuildInfo(available=True, version="0.3.16")
    assert describe_profile(_profile(llama=llama)) == [
        "System: linux x86_64",
        "CPU: Intel Xeon (2 physical / 4 logical cores; AVX2, AVX-512)",
        "RAM: 24.0 GiB total, 22.1 GiB available",
        "GPU: none found",
        "llama.cpp 0.3.16: CPU only build",
    ]


def test_describe_gpus_and_offload() -> None:
    profile = _profile(
        avx2=False,
        avx512=False,
        gpus=(
            GpuInfo("nvidia", "NVIDIA RTX 4070", 12 * GIB, 11 * GIB + GIB // 5),
            GpuInfo("nvidia", "Tesla T4"),
            GpuInfo("apple", "Apple M2", 16 * GIB, 8 * GIB, unified_memory=True),
        ),
        llama=LlamaBuildInfo(available=True, version=None, supports_gpu_offload=True),
    )
    lines = describe_profile(profile)
    assert lines[1] == "CPU: Intel Xeon (2 physical / 4 logical cores; no AVX2, AVX-512 or NEON)"
    assert lines[3:] == [
        "GPU: NVIDIA RTX 4070, 12.0 GiB VRAM (11.2 GiB free)",
        "GPU: Tesla T4, VRAM unknown",
        "GPU: Apple M2, unified memory (shares 16.0 GiB RAM)",
        "llama.cpp (unknown version): GPU offload supported",
    ]


def test_describe_unknown_ram_and_no_llama() -> None:
    lines = describe_profile(_profile(ram_total_bytes=0, ram_available_bytes=0))
    assert "RAM: unknown" in lines
    assert lines[-1] == "llama.cpp: not installed"
