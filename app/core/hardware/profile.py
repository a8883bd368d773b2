"""The ``HardwareProfile`` value: what this machine has, as plain data.

Probing (``probe.py``) fills it; planning (``app.core.planning``) reads it. Tests write
profiles by hand, so everything here is a frozen dataclass with no behaviour that touches the OS.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

GpuVendor = Literal["nvidia", "amd", "intel", "apple", "other"]


@dataclass(frozen=True)
class GpuInfo:
    """One GPU. VRAM figures are ``None`` where the OS does not tell."""

    vendor: GpuVendor
    name: str
    vram_total_bytes: int | None = None
    vram_free_bytes: int | None = None
    unified_memory: bool = False  # Apple Silicon: the GPU shares system RAM


@dataclass(frozen=True)
class LlamaBuildInfo:
    """What the installed llama.cpp build can do."""

    available: bool
    version: str | None = None
    supports_gpu_offload: bool = False
    system_info: str = ""


@dataclass(frozen=True)
class OnnxRuntimeInfo:
    """The installed ONNX Runtime packages, read from their metadata (nothing imported).

    ``providers`` are the execution providers the installed wheels are built with, best first
    ("cuda", "dml", "coreml", "cpu"). Being built with one is not proof it works here: the
    runtime host creates a session with it before use and falls back to the CPU, saying why.
    """

    available: bool = False
    version: str | None = None
    genai_version: str | None = None  # onnxruntime-genai (genai layout); None: not installed
    providers: tuple[str, ...] = ()


@dataclass(frozen=True)
class HardwareProfile:
    """What this machine has: OS, CPU, memory, GPUs and the llama.cpp build."""

    os: str  # "linux", "darwin", "windows"
    arch: str  # "x86_64", "arm64", ...
    cpu_model: str
    physical_cores: int
    logical_cores: int
    ram_total_bytes: int
    ram_available_bytes: int
    avx2: bool = False
    avx512: bool = False
    neon: bool = False
    gpus: tuple[GpuInfo, ...] = ()
    llama: LlamaBuildInfo = field(default_factory=lambda: LlamaBuildInfo(available=False))
    onnx: OnnxRuntimeInfo = field(default_factory=OnnxRuntimeInfo)

    @property
    def cpu_features(self) -> list[str]:
        """The SIMD features that matter to llama.cpp, by name."""
        names = [("AVX2", self.avx2), ("AVX-512", self.avx512), ("NEON", self.neon)]
        return [name for name, present in names if present]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form."""
        data = asdict(self)
        data["cpu_features"] = self.cpu_features
        return data
