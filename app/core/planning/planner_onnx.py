"""Plan an ONNX model's load: which runtime, which execution provider, threads and context.

The same context policy as GGUF (``load_plan.fit_context``). Differences: the whole model runs
on one device (ONNX Runtime does not split layers between GPU and CPU), and the device is the
best execution provider the installed wheels are built with; the runtime host confirms it by
creating a session and falls back to the CPU, saying why.
"""

from __future__ import annotations

from app.core.errors import UnsupportedArchitectureError
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.onnx_build import PIP_PACKAGES
from app.core.hardware.profile import GpuInfo, HardwareProfile
from app.core.planning.load_plan import LoadOverrides, LoadPlan, fit_context
from app.core.planning.memory_onnx import estimate_onnx_memory, standard_attention
from app.core.planning.placement import (
    Shortfall,
    first_gpu,
    gpu_budget_bytes,
    usable_ram_bytes,
)
from app.core.planning.reasons import Reason, reason
from app.core.planning.words import english
from app.core.types.params import LoadParams

_PROVIDER_FOR_GPU = {"nvidia": "cuda"}
DEVICE_NAMES = {"cuda": "CUDA", "dml": "DirectML", "coreml": "CoreML", "cpu": "CPU"}


def onnx_runtime_name(meta: ModelMetadata) -> str:
    """``"onnxruntime-genai"`` for a genai folder, ``"onnxruntime"`` for an Optimum graph.

    Raises:
        nothing.
    """
    return "onnxruntime" if meta.path.suffix == ".onnx" else "onnxruntime-genai"


def onnx_provider(profile: HardwareProfile, device: str = "auto"
                  ) -> tuple[str, GpuInfo | None, Reason | None]:
    """(provider, GPU or None, why the CPU when it is the CPU) for the installed wheels and
    this machine's GPUs.

    Raises:
        nothing.
    """
    providers = profile.onnx.providers
    gpu = first_gpu(profile)
    if device == "cpu":
        return "cpu", None, reason("why.cpu_chosen")
    if gpu is None:
        return "cpu", None, reason("why.no_gpu")
    wanted = _PROVIDER_FOR_GPU.get(gpu.vendor)
    if profile.os == "windows":
        wanted = "dml"
    elif profile.os == "darwin":
        wanted = "coreml"
    if wanted and wanted in providers:
        return wanted, gpu, None
    if wanted:
        return "cpu", None, reason("why.onnx_no_provider_support", gpu=gpu.name,
                                   device=DEVICE_NAMES[wanted],
                                   package=PIP_PACKAGES.get(wanted, ""))
    return "cpu", None, reason("why.onnx_no_provider", gpu=gpu.name)


def plan_onnx_load(meta: ModelMetadata, profile: HardwareProfile,
                   o: LoadOverrides) -> LoadPlan:
    """The load plan for an ONNX model (``meta.format == "onnx"``).

    Raises:
        UnsupportedArchitectureError: ONNX Runtime (or onnxruntime-genai for that layout) is not
            installed.
        InsufficientMemoryError: it cannot fit even with the smallest context, or the context
            asked for does not fit.
    """
    runtime = onnx_runtime_name(meta)
    if not profile.onnx.available or (runtime == "onnxruntime-genai"
                                      and not profile.onnx.genai_version):
        refusal = reason("refuse.onnx_runtime_missing", runtime=runtime,
                         package=PIP_PACKAGES["cpu"])
        raise UnsupportedArchitectureError(english(refusal), path=str(meta.path), format="onnx",
                                           runtime=runtime)
    threads = o.n_threads or max(1, profile.physical_cores)
    n_batch = o.n_batch or 512
    provider, gpu, cpu_why = onnx_provider(profile, o.device)
    on_gpu = gpu is not None
    discrete = gpu is not None and not gpu.unified_memory
    budget = gpu_budget_bytes(gpu, profile) if discrete and gpu else usable_ram_bytes(profile)
    where = "GPU memory" if discrete else "memory"
    standard = standard_attention(meta)  # reads the graph once, not per context tried

    def check(n_ctx: int) -> Shortfall | None:
        total = estimate_onnx_memory(meta, n_ctx, on_gpu, n_batch, standard).total_bytes
        return None if total <= budget else Shortfall(where, total, budget)

    n_ctx, notes = fit_context(meta, o, "onnx", check)
    est = estimate_onnx_memory(meta, n_ctx, on_gpu, n_batch, standard)
    device = DEVICE_NAMES[provider]
    precision = meta.file_type or "ONNX"
    if cpu_why is not None or gpu is None:
        why = reason("plan.onnx_cpu", precision=precision, threads=threads, runtime=runtime,
                     why=cpu_why or reason("why.no_gpu"))
    else:
        why = reason("plan.onnx_gpu", precision=precision, gpu=gpu.name, device=device,
                     runtime=runtime)
    params = LoadParams(n_ctx=n_ctx, n_threads=threads, n_batch=n_batch,
                        n_gpu_layers=-1 if on_gpu else 0, flash_attn=False,
                        kv_cache_type="f16" if on_gpu else "f32",
                        extra={"provider": provider}).validate()
    return LoadPlan(runtime, device, params, est, why, tuple(notes))
