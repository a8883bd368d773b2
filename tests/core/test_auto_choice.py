"""Auto's choice of variant, backend and device: hand-written hardware, hand-written
calibration results, real planner."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.core.catalog.groups import ModelVariant
from app.core.catalog.library import LocalModel
from app.core.errors import OndolError
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import GpuInfo, HardwareProfile, OnnxRuntimeInfo
from app.core.planning.chooser import estimate_tps
from app.core.planning.planner import plan_load
from app.core.planning.reasons import reason
from app.core.planning.units import GiB
from app.core.planning.words import english
from app.core.selection.auto import VariantOption, bandwidth_by_backend, choose
from app.core.selection.calibration import Measurement
from tests.core.test_planner import CPU_BUILD, GPU_BUILD

ONNX_CPU = OnnxRuntimeInfo(True, "1.32.0", "0.18.0", ("cpu",))
ONNX_CUDA = OnnxRuntimeInfo(True, "1.32.0", "0.18.0", ("cuda", "cpu"))
TWO_CORE = HardwareProfile(
    os="linux", arch="x86_64", cpu_model="Xeon", physical_cores=2, logical_cores=2,
    ram_total_bytes=24 * GiB, ram_available_bytes=20 * GiB, avx2=True, llama=CPU_BUILD,
    onnx=ONNX_CPU)
NVIDIA = dataclasses.replace(
    TWO_CORE, gpus=(GpuInfo("nvidia", "RTX 4060", 8 * GiB, 7 * GiB),), llama=GPU_BUILD,
    onnx=ONNX_CUDA)
NO_ONNX = dataclasses.replace(TWO_CORE, onnx=OnnxRuntimeInfo())

LAYOUT = dict(architecture="llama", block_count=30, embedding_length=576, head_count=9,
              head_count_kv=3, key_length=64, value_length=64, context_length=8192,
              vocab_size=49152)


def variant(fmt: str, precision: str, size: int, name: str) -> tuple[ModelVariant, ModelMetadata]:
    path = Path(f"/models/{name}")
    meta = ModelMetadata(path=path, format=fmt, file_size_bytes=size, file_type=precision,
                         **LAYOUT)
    model = LocalModel(name, path, size, metadata=meta)
    return ModelVariant(model, path, fmt, precision), meta


GGUF_Q41 = variant("gguf", "Q4_1", 98_000_000, "smol-Q4_1.gguf")
GGUF_Q8 = variant("gguf", "Q8_0", 145_000_000, "smol-Q8_0.gguf")
ONNX_INT4 = variant("onnx", "int4", 86_000_000, "smol-onnx-int4")
ONNX_INT8 = variant("onnx", "int8", 137_000_000, "smol-onnx-int8")
ONNX_FP32 = variant("onnx", "fp32", 540_000_000, "smol-onnx-fp32")


def measured(tps: float, backend: str = "llama.cpp", weights: int = 0) -> Measurement:
    return Measurement(tps, 200.0, 0.1, 0.5, backend, "CPU", 0.0, weights)


def options(profile: HardwareProfile, *items: tuple[tuple[ModelVariant, ModelMetadata],
                                                    Measurement | None]) -> list[VariantOption]:
    found = []
    for (var, meta), measurement in items:
        try:
            plan = plan_load(meta, profile)
        except OndolError as err:
            found.append(VariantOption(var, None, str(err)))
            continue
        found.append(VariantOption(var, plan, None, measurement,
                                   estimate_tps(plan.backend, plan.device,
                                                plan.estimate.weights_bytes, {})))
    return found


def test_measured_onnx_int4_beats_gguf_q4_1_and_says_so() -> None:
    choice = choose(options(TWO_CORE, (GGUF_Q41, measured(149.0)),
                            (ONNX_INT4, measured(251.0, "onnxruntime-genai")),
                            (ONNX_INT8, measured(182.0, "onnxruntime-genai")),
                            (ONNX_FP32, measured(85.0, "onnxruntime-genai"))))
    assert choice is not None and choice.measured
    assert choice.variant is ONNX_INT4[0]
    assert choice.plan.backend == "onnxruntime-genai" and choice.plan.device == "CPU"
    assert english(choice.reason) == ("ONNX int4 on CPU: 251 tok/s measured vs GGUF Q4_1 "
                                      "149 tok/s measured")
    assert choice.reason.code == "auto.fastest"
    assert choice.reason.params["speed"] == reason("speed.measured", tps=251.0)


def test_the_ranking_flips_when_the_machine_measures_otherwise() -> None:
    choice = choose(options(TWO_CORE, (GGUF_Q41, measured(300.0)),
                            (ONNX_INT4, measured(120.0, "onnxruntime-genai"))))
    assert choice is not None and choice.variant is GGUF_Q41[0]
    assert choice.plan.backend == "llama.cpp"


def test_speed_is_compared_within_the_4_bit_class_only() -> None:
    # int8 measured fastest, but a 4-bit build exists: quality class first, then speed.
    choice = choose(options(TWO_CORE, (ONNX_INT8, measured(400.0, "onnxruntime-genai")),
                            (GGUF_Q41, measured(149.0))))
    assert choice is not None and choice.variant is GGUF_Q41[0]
    assert "only about-4-bit" in english(choice.reason)


def test_without_measurements_the_estimate_prefers_the_smaller_and_says_estimated() -> None:
    choice = choose(options(TWO_CORE, (GGUF_Q41, None), (ONNX_INT4, None)))
    assert choice is not None and not choice.measured
    assert choice.variant is ONNX_INT4[0]  # 86 MB read per token against 98 MB
    assert "estimated" in english(choice.reason)


def test_onnx_cannot_run_without_onnxruntime_so_gguf_is_chosen() -> None:
    opts = options(NO_ONNX, (GGUF_Q41, measured(100.0)), (ONNX_INT4, measured(250.0)))
    onnx = next(o for o in opts if o.variant is ONNX_INT4[0])
    assert not onnx.runnable and "not installed" in str(onnx.problem)
    choice = choose(opts)
    assert choice is not None and choice.variant is GGUF_Q41[0]
    assert english(choice.reason) == "GGUF Q4_1 on CPU: the only variant that runs here"


def test_a_variant_too_large_for_memory_is_never_chosen() -> None:
    tiny = dataclasses.replace(TWO_CORE, ram_available_bytes=int(0.45 * GiB),
                               ram_total_bytes=1 * GiB)
    opts = options(tiny, (ONNX_FP32, measured(999.0, "onnxruntime-genai")), (GGUF_Q8, None))
    assert not opts[0].runnable and "needs about" in str(opts[0].problem)
    choice = choose(opts)
    assert choice is not None and choice.variant is GGUF_Q8[0]


def test_nothing_runs_gives_none() -> None:
    assert choose(options(NO_ONNX, (ONNX_INT4, None))) is None


def test_a_pinned_variant_wins_and_the_reason_says_pinned() -> None:
    opts = options(TWO_CORE, (GGUF_Q41, measured(149.0)),
                   (ONNX_INT4, measured(251.0, "onnxruntime-genai")))
    choice = choose(opts, pinned_key=GGUF_Q41[0].key)
    assert choice is not None and choice.pinned and choice.variant is GGUF_Q41[0]
    assert english(choice.reason) == "GGUF Q4_1 on CPU: pinned by you"
    assert choice.reason == reason("auto.pinned", variant="GGUF Q4_1", device="CPU")


def test_on_an_nvidia_machine_onnx_plans_cuda() -> None:
    opts = options(NVIDIA, (ONNX_INT4, None))
    assert opts[0].plan is not None and opts[0].plan.device == "CUDA"
    assert opts[0].plan.params.extra["provider"] == "cuda"


def test_measured_bandwidth_turns_sizes_into_speeds() -> None:
    # llama.cpp decoded a 100 MB model at 150 tok/s here: 15 GB/s.
    bandwidth = bandwidth_by_backend([measured(150.0, "llama.cpp", 100_000_000)])
    assert bandwidth == {("llama.cpp", "CPU"): pytest.approx(15e9)}
    plan = plan_load(GGUF_Q8[1], TWO_CORE)
    assert estimate_tps(plan.backend, plan.device, 150_000_000, bandwidth) == pytest.approx(100.0)
