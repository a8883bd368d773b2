"""The load plan as a pure function of (model, hardware, overrides), on hand-written machines."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import InsufficientMemoryError
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import GpuInfo, HardwareProfile, LlamaBuildInfo
from app.core.planning.load_plan import LoadOverrides
from app.core.planning.planner import plan_load
from app.core.planning.reasons import reason
from app.core.planning.units import GiB
from app.core.planning.words import english

CPU_BUILD = LlamaBuildInfo(available=True, version="0.3", supports_gpu_offload=False)
GPU_BUILD = LlamaBuildInfo(available=True, version="0.3", supports_gpu_offload=True)

CPU_ONLY_8GB = HardwareProfile(
    os="linux", arch="x86_64", cpu_model="Intel Core i5", physical_cores=4, logical_cores=8,
    ram_total_bytes=8 * GiB, ram_available_bytes=6 * GiB, avx2=True, llama=CPU_BUILD)
NVIDIA_8GB_32GB = HardwareProfile(
    os="windows", arch="x86_64", cpu_model="AMD Ryzen 7", physical_cores=8, logical_cores=16,
    ram_total_bytes=32 * GiB, ram_available_bytes=26 * GiB, avx2=True, avx512=True,
    gpus=(GpuInfo("nvidia", "NVIDIA GeForce RTX 4060", 8 * GiB, int(7.6 * GiB)),),
    llama=GPU_BUILD)
APPLE_M2_16GB = HardwareProfile(
    os="darwin", arch="arm64", cpu_model="Apple M2", physical_cores=8, logical_cores=8,
    ram_total_bytes=16 * GiB, ram_available_bytes=11 * GiB, neon=True,
    gpus=(GpuInfo("apple", "Apple M2", 16 * GiB, 11 * GiB, unified_memory=True),),
    llama=GPU_BUILD)
LAPTOP_4GB = HardwareProfile(
    os="linux", arch="x86_64", cpu_model="Intel Celeron", physical_cores=2, logical_cores=2,
    ram_total_bytes=4 * GiB, ram_available_bytes=int(2.5 * GiB), llama=CPU_BUILD)


def llama3_8b(file_gib: float = 4.6, name: str = "llama3-8b.Q4_K_M.gguf") -> ModelMetadata:
    return ModelMetadata(
        path=Path(name), format="gguf", file_size_bytes=int(file_gib * GiB), architecture="llama",
        block_count=32, embedding_length=4096, head_count=32, head_count_kv=8, key_length=128,
        value_length=128, context_length=8192, vocab_size=128256, file_type="Q4_K_M")


SMOLLM2 = ModelMetadata(
    path=Path("SmolLM2-135M-Instruct.Q4_1.gguf"), format="gguf", file_size_bytes=98_362_432,
    architecture="llama", block_count=30, embedding_length=576, head_count=9, head_count_kv=3,
    key_length=64, value_length=64, context_length=8192, vocab_size=49152, file_type="Q4_1")


def test_cpu_only_machine_runs_on_cpu_with_physical_cores() -> None:
    plan = plan_load(llama3_8b(file_gib=2.0, name="3b.Q4_K_M.gguf"), CPU_ONLY_8GB)
    assert plan.device == "CPU"
    assert plan.params.n_gpu_layers == 0
    assert plan.params.n_threads == 4
    assert plan.params.n_ctx == 8192  # trained length, and it fits
    assert english(plan.reason) == "CPU, 4 threads, AVX2: no GPU found"
    assert plan.reason == reason("plan.cpu", threads=4, features=("AVX2",),
                                 why=reason("why.no_gpu"))


def test_nvidia_8gb_takes_all_layers_of_an_8b_q4() -> None:
    plan = plan_load(llama3_8b(), NVIDIA_8GB_32GB)
    assert plan.device == "CUDA"
    assert plan.params.n_gpu_layers == -1
    assert "all layers on NVIDIA GeForce RTX 4060 (8.0 GiB VRAM)" in english(plan.reason)


def test_nvidia_8gb_splits_a_model_too_big_for_vram() -> None:
    plan = plan_load(llama3_8b(file_gib=12.0, name="big.Q8_0.gguf"), NVIDIA_8GB_32GB)
    assert plan.device == "CUDA"
    assert 0 < plan.params.n_gpu_layers < 33
    assert plan.reason.code == "plan.gpu_split"
    assert "does not fit in VRAM" in english(plan.reason)


def test_gpu_without_gpu_build_says_so() -> None:
    profile = HardwareProfile(**{**NVIDIA_8GB_32GB.__dict__, "llama": CPU_BUILD})
    plan = plan_load(llama3_8b(), profile)
    assert plan.device == "CPU" and plan.params.n_gpu_layers == 0
    assert "this llama.cpp build has no GPU support" in english(plan.reason)


def test_user_can_force_cpu_on_a_gpu_machine() -> None:
    plan = plan_load(llama3_8b(), NVIDIA_8GB_32GB, LoadOverrides(device="cpu"))
    assert plan.device == "CPU" and "CPU chosen in settings" in english(plan.reason)


def test_apple_m2_uses_metal_on_unified_memory() -> None:
    plan = plan_load(llama3_8b(), APPLE_M2_16GB)
    assert plan.device == "Metal"
    assert plan.params.n_gpu_layers == -1
    assert "unified memory" in english(plan.reason)
    assert plan.params.n_threads == 8


def test_cpu_only_8gb_shortens_the_context_of_an_8b_model() -> None:
    # 4.6 GiB of weights + 1 GiB of KV cache at 8192 do not fit in 90% of 6 GiB available.
    plan = plan_load(llama3_8b(), CPU_ONLY_8GB)
    assert plan.params.n_ctx == 4096
    assert plan.notes == (reason("note.context_lowered", n_ctx=4096),)
    assert english(plan.notes[0]) == "context lowered to 4096 tokens to fit in memory"


def test_4gb_laptop_refuses_an_8b_model_with_the_numbers() -> None:
    with pytest.raises(InsufficientMemoryError) as info:
        plan_load(llama3_8b(), LAPTOP_4GB)
    facts = info.value.facts
    assert facts["bytes_needed"] > facts["bytes_available"]
    assert "shorter context" in info.value.message


def test_4gb_laptop_runs_the_starter_model() -> None:
    plan = plan_load(SMOLLM2, LAPTOP_4GB)
    assert plan.device == "CPU" and plan.params.n_ctx == 8192


def test_default_context_shrinks_to_fit_and_says_so() -> None:
    # 1.6 GiB of weights on the 4 GB laptop: the full 8192 context would not fit.
    plan = plan_load(llama3_8b(file_gib=1.6), LAPTOP_4GB)
    assert 512 <= plan.params.n_ctx < 8192
    assert any("context lowered" in english(n) for n in plan.notes)


def test_explicit_context_that_cannot_fit_is_refused_before_loading() -> None:
    with pytest.raises(InsufficientMemoryError) as info:
        plan_load(SMOLLM2, CPU_ONLY_8GB, LoadOverrides(n_ctx=2_000_000))
    assert info.value.facts["n_ctx"] == 2_000_000


def test_ignore_memory_check_lets_the_user_try_anyway() -> None:
    plan = plan_load(llama3_8b(), LAPTOP_4GB, LoadOverrides(ignore_memory_check=True))
    assert plan.params.n_ctx == 8192


def test_overrides_win() -> None:
    plan = plan_load(SMOLLM2, CPU_ONLY_8GB, LoadOverrides(
        n_ctx=1024, n_threads=1, n_batch=64, flash_attn=False, kv_cache_type="q8_0"))
    p = plan.params
    assert (p.n_ctx, p.n_threads, p.n_batch, p.flash_attn, p.kv_cache_type) == (
        1024, 1, 64, False, "q8_0")


def test_context_past_training_length_gets_a_note() -> None:
    plan = plan_load(SMOLLM2, CPU_ONLY_8GB, LoadOverrides(n_ctx=16384))
    assert any("trained on" in english(n) for n in plan.notes)


def test_unified_memory_is_one_pool_not_counted_twice() -> None:
    # 15 GiB of weights: the GPU share and the CPU share come out of the same 11 GiB free.
    with pytest.raises(InsufficientMemoryError) as info:
        plan_load(llama3_8b(file_gib=15.0), APPLE_M2_16GB)
    assert info.value.facts["where"] == "memory"
    assert info.value.facts["bytes_needed"] > 15 * GiB


def test_gpu_layers_the_user_forces_are_checked_against_vram() -> None:
    with pytest.raises(InsufficientMemoryError) as info:
        plan_load(llama3_8b(file_gib=12.0), NVIDIA_8GB_32GB, LoadOverrides(n_gpu_layers=-1))
    assert info.value.facts["where"] == "VRAM"
    assert "fewer GPU layers" in info.value.message


def test_shrinking_the_context_recomputes_the_gpu_split() -> None:
    # Little free RAM: only a shorter context with more layers on the GPU fits.
    tight = HardwareProfile(**{**NVIDIA_8GB_32GB.__dict__, "ram_available_bytes": 3 * GiB})
    plan = plan_load(llama3_8b(file_gib=8.5), tight)
    assert plan.device == "CUDA" and plan.params.n_ctx < 8192
    assert 0 < plan.params.n_gpu_layers < 33


def test_gpu_layers_zero_says_it_was_the_setting() -> None:
    plan = plan_load(llama3_8b(), NVIDIA_8GB_32GB, LoadOverrides(n_gpu_layers=0))
    assert plan.device == "CPU" and english(plan.reason).endswith("GPU layers set to 0 in settings")
