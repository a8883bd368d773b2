"""The memory estimate's repacked-weights term, the planner's memory-map choice, one estimator
per format before a download, and the reason codes' English words."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.core.catalog.variants import RepoFile, group_variants
from app.core.formats.metadata import ModelMetadata
from app.core.formats.model_reader import read_model_metadata
from app.core.planning.arch import ArchInfo
from app.core.planning.fit import estimate_variant_memory
from app.core.planning.load_plan import LoadOverrides
from app.core.planning.planner import plan_load
from app.core.planning.reasons import CODES, Reason, reason
from app.core.planning.repack import repack_bytes, repacked_types
from app.core.planning.units import MiB
from app.core.planning.words import covered_codes, english
from tests.core.test_planner import APPLE_M2_16GB, CPU_ONLY_8GB, LAPTOP_4GB, NVIDIA_8GB_32GB

# Qwen2.5-Coder-1.5B-Instruct Q4_K_M as its header says: 597 MiB of Q4_K matrices, the rest
# Q6_K (the tied token embedding counted again as the output).
QWEN_1_5B = ModelMetadata(
    path=Path("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"), format="gguf",
    file_size_bytes=1_117_320_768, architecture="qwen2", block_count=28, embedding_length=1536,
    head_count=12, head_count_kv=2, key_length=128, value_length=128, context_length=32768,
    vocab_size=151936, file_type="Q4_K_M", tensor_data_bytes=int(1059.9 * MiB),
    matmul_weight_bytes=(("Q4_K", int(596.5 * MiB)), ("Q6_K", int(337.6 * MiB))))
AVX512 = dataclasses.replace(CPU_ONLY_8GB, avx512=True)


def test_the_starter_models_matrices_are_read_from_its_header(smollm2_path: Path) -> None:
    meta = read_model_metadata(smollm2_path)
    by_type = dict(meta.matmul_weight_bytes or ())
    # Q4_1 layers; its token embedding (Q8_0) doubles as the output, so it is a matrix too.
    assert set(by_type) == {"Q4_1", "Q8_0"}
    assert sum(by_type.values()) < meta.weights_bytes
    assert repack_bytes(meta, CPU_ONLY_8GB) == 0  # x86 repacks neither type


def test_which_types_each_cpu_repacks() -> None:
    assert {"Q4_0", "Q4_K", "IQ4_NL"} <= repacked_types(CPU_ONLY_8GB)
    assert "Q6_K" not in repacked_types(CPU_ONLY_8GB) and "Q2_K" in repacked_types(AVX512)
    assert {"Q6_K", "Q8_0"} <= repacked_types(APPLE_M2_16GB)  # NEON
    assert repacked_types(LAPTOP_4GB) == frozenset()  # no SIMD flags
    assert repack_bytes(QWEN_1_5B, CPU_ONLY_8GB) == int(596.5 * MiB)
    assert repack_bytes(QWEN_1_5B, APPLE_M2_16GB) == int((596.5 + 337.6) * MiB)


def test_the_planner_reads_a_repacked_model_instead_of_mapping_it_and_says_why() -> None:
    plan = plan_load(QWEN_1_5B, CPU_ONLY_8GB, LoadOverrides(n_ctx=2048))
    assert plan.params.use_mmap is False and plan.estimate.repack_bytes == 0
    assert plan.notes == (reason("note.mmap_off", repack_bytes=int(596.5 * MiB)),)
    assert "repacks 596 MiB of its weights" in english(plan.notes[0])
    # Mapped anyway (the user's choice wins): the file stays resident beside the copy.
    mapped = plan_load(QWEN_1_5B, CPU_ONLY_8GB, LoadOverrides(n_ctx=2048, use_mmap=True))
    assert mapped.params.use_mmap is True and mapped.notes == ()
    assert mapped.estimate.repack_bytes == int(596.5 * MiB)
    assert mapped.estimate.total_bytes - plan.estimate.total_bytes == int(596.5 * MiB)
    # Read where nothing is repacked, if the user says so; no note, nothing counted twice.
    read = plan_load(QWEN_1_5B, LAPTOP_4GB, LoadOverrides(n_ctx=2048, use_mmap=False))
    assert read.params.use_mmap is False and read.notes == ()


def test_mapping_stays_on_where_nothing_is_repacked_on_the_cpu() -> None:
    assert plan_load(QWEN_1_5B, LAPTOP_4GB).params.use_mmap is True  # no AVX2
    no_types = dataclasses.replace(QWEN_1_5B, matmul_weight_bytes=None)
    assert plan_load(no_types, CPU_ONLY_8GB).params.use_mmap is True
    cuda = plan_load(QWEN_1_5B, NVIDIA_8GB_32GB)  # every layer on the GPU
    assert cuda.params.n_gpu_layers == -1 and cuda.params.use_mmap is True
    metal = plan_load(QWEN_1_5B, APPLE_M2_16GB)
    assert metal.device == "Metal" and metal.params.use_mmap is True


def test_a_model_of_which_little_is_repacked_stays_mapped_unless_only_reading_fits() -> None:
    # Qwen2.5-Coder-0.5B Q4_K_M: 28 MiB of Q4_K among 463 MiB; mapping loads faster.
    qwen_05b = dataclasses.replace(
        QWEN_1_5B, block_count=24, embedding_length=896, head_count=14, key_length=64,
        value_length=64, tensor_data_bytes=463 * MiB, matmul_weight_bytes=(
            ("Q4_K", 28 * MiB), ("Q5_0", 165 * MiB), ("Q6_K", 41 * MiB), ("Q8_0", 139 * MiB)))
    plan = plan_load(qwen_05b, CPU_ONLY_8GB, LoadOverrides(n_ctx=2048))
    assert plan.params.use_mmap is True and plan.notes == ()
    assert plan.estimate.repack_bytes == 28 * MiB  # counted: the file stays resident
    read_total = plan.estimate.total_bytes - 28 * MiB
    # Room for the model read, not for it mapped: read it rather than shorten the context.
    tight = dataclasses.replace(CPU_ONLY_8GB, ram_available_bytes=int((read_total + 1) / 0.9))
    tight_plan = plan_load(qwen_05b, tight, LoadOverrides(n_ctx=2048))
    assert tight_plan.params.use_mmap is False and tight_plan.estimate.repack_bytes == 0


def test_a_partial_offload_counts_the_cpu_layers_repack_only() -> None:
    small_vram = dataclasses.replace(NVIDIA_8GB_32GB, gpus=(dataclasses.replace(
        NVIDIA_8GB_32GB.gpus[0], vram_free_bytes=1024 * MiB),))
    plan = plan_load(QWEN_1_5B, small_vram, LoadOverrides(n_ctx=2048, use_mmap=True))
    layers = plan.params.n_gpu_layers
    assert 0 < layers < 29
    assert plan.estimate.repack_bytes == int(int(596.5 * MiB) * (1 - layers / 29))
    assert plan_load(QWEN_1_5B, small_vram, LoadOverrides(n_ctx=2048)).params.use_mmap is False


def test_a_repack_that_does_not_fit_mapped_is_refused_with_it_counted() -> None:
    # 1.9 GiB free: 1.3 GiB read fits; 1.9 GiB mapped (the file and the copy) does not.
    tight = dataclasses.replace(CPU_ONLY_8GB, ram_available_bytes=int(1.6 * 1024 * MiB))
    assert plan_load(QWEN_1_5B, tight, LoadOverrides(n_ctx=2048)).params.use_mmap is False
    from app.core.errors import InsufficientMemoryError

    with pytest.raises(InsufficientMemoryError) as info:
        plan_load(QWEN_1_5B, tight, LoadOverrides(n_ctx=2048, use_mmap=True))
    assert info.value.facts["bytes_needed"] > QWEN_1_5B.weights_bytes + 590 * MiB
    assert info.value.facts["format"] == "gguf"


def test_an_onnx_build_is_judged_by_the_onnx_estimate_before_download() -> None:
    files = [RepoFile("m-Q4_K_M.gguf", 1_000_000_000),
             RepoFile("cpu-int4/genai_config.json", 1_000),
             RepoFile("cpu-int4/model.onnx.data", 1_000_000_000),
             RepoFile("onnx/model_q4.onnx", 1_000_000_000)]
    listing = group_variants(files)
    arch = ArchInfo(block_count=28, embedding_length=1536, head_count=12, head_count_kv=2,
                    key_length=128, value_length=128, context_length=32768, vocab_size=151936)
    gguf, genai, optimum = (estimate_variant_memory(listing.by_name(n), arch)  # type: ignore[arg-type]
                            for n in ("Q4_K_M", "cpu-int4", "q4"))
    assert genai.kv_cache_bytes == 2 * gguf.kv_cache_bytes  # float32 on the CPU
    assert optimum.kv_cache_bytes == 2 * genai.kv_cache_bytes  # standard attention: held twice
    assert genai.overhead_bytes > gguf.overhead_bytes  # ONNX Runtime's own base
    on_gpu = estimate_variant_memory(listing.by_name("cpu-int4"), arch, on_gpu=True)  # type: ignore[arg-type]
    assert on_gpu.kv_cache_bytes == gguf.kv_cache_bytes  # float16 on a GPU


def test_every_reason_code_has_english_words_and_bad_reasons_are_refused() -> None:
    assert covered_codes() == frozenset(CODES)
    with pytest.raises(ValueError):
        Reason("plan.nonsense", {})
    with pytest.raises(ValueError):
        reason("note.context_lowered", tokens=4096)
    nested = reason("auto.with_plan", auto=reason("auto.pinned", variant="GGUF Q4_1",
                                                  device="CPU"),
                    plan=reason("plan.cpu", threads=2, features=("AVX2", "AVX-512"),
                                why=reason("why.no_gpu")))
    assert english(nested) == ("Auto: GGUF Q4_1 on CPU: pinned by you · CPU, 2 threads, "
                               "AVX2 + AVX-512: no GPU found")
    assert nested.to_dict()["params"]["plan"]["params"]["why"] == {"code": "why.no_gpu",
                                                                   "params": {}}


def test_the_english_refusal_gives_sizes_not_byte_counts() -> None:
    names = CODES["refuse.memory"]
    values = {name: "x" for name in names}
    values.update(n_ctx=4096, bytes_needed=3 * 1024 * MiB, bytes_available=512 * MiB,
                  where="RAM", format="gguf")
    text = english(Reason("refuse.memory", {n: values[n] for n in names}))
    assert "3.0 GiB" in text and "512 MiB" in text
    assert "3221225472" not in text
