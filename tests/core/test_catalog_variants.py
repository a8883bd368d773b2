"""Variants from hand-written repo listings, fit labels and the recommendation on hand-written
machines, and the format advisor. No network: the listings copy real repos' layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.catalog.advisor import advise, base_model_name, detect_repo_formats
from app.core.catalog.variants import RepoFile, Variant, group_variants, safe_relative_path
from app.core.errors import InsufficientMemoryError, OndolError, UnsafePathError
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import HardwareProfile
from app.core.planning.arch import ArchInfo
from app.core.planning.fit import (
    FitLabel,
    assess,
    estimate_variant_memory,
    heuristic_kv_bytes_per_token,
)
from app.core.planning.load_plan import LoadOverrides
from app.core.planning.memory import estimate_memory
from app.core.planning.planner import plan_load
from app.core.planning.recommend import recommend
from app.core.planning.units import GiB
from app.core.planning.words import english
from tests.core.test_planner import APPLE_M2_16GB, CPU_ONLY_8GB, LAPTOP_4GB, NVIDIA_8GB_32GB

GB = 1_000_000_000
SHA = "ab" * 32

# -- bartowski/Mistral-7B-Instruct-v0.3-GGUF, sizes as listed on the hub (+ a split Q8_0) --------
M = "Mistral-7B-Instruct-v0.3"
MISTRAL_SIZES = {"Q2_K": 2.72, "IQ3_M": 3.29, "Q3_K_M": 3.52, "Q3_K_L": 3.83, "IQ4_XS": 3.91,
                 "Q4_0": 4.11, "Q4_K_S": 4.14, "Q4_K_M": 4.37, "Q5_K_S": 5.00, "Q5_K_M": 5.14,
                 "Q6_K": 5.95, "f16": 14.5, "f32": 29.0}
MISTRAL_FILES = [RepoFile(f"{M}-{q}.gguf", int(s * GB), SHA) for q, s in MISTRAL_SIZES.items()] + [
    RepoFile(f"{M}-Q8_0/{M}-Q8_0-00002-of-00002.gguf", int(3.7 * GB), SHA),
    RepoFile(f"{M}-Q8_0/{M}-Q8_0-00001-of-00002.gguf", int(4.0 * GB), SHA),
    RepoFile(f"mmproj-{M}-f16.gguf", 600_000_000, SHA),
    RepoFile(f"{M}.imatrix", 5_000_000),
    RepoFile("README.md", 9_000),
    RepoFile(".gitattributes", 2_000),
]
# What the GGUF header says (the planner's numbers); the hub's search only gives the first three.
MISTRAL_ARCH = ArchInfo("llama", 7_248_023_552, 32768, block_count=32, embedding_length=4096,
                        head_count=32, head_count_kv=8, key_length=128, value_length=128,
                        vocab_size=32768)
MISTRAL_HUB = ArchInfo.from_hub_gguf(
    {"total": 7_248_023_552, "architecture": "llama", "context_length": 32768, "eos_token": "</s>"})


def mistral() -> dict[str, Variant]:
    return {v.name: v for v in group_variants(MISTRAL_FILES)}


def test_gguf_repo_groups_by_quantisation_with_split_and_projector() -> None:
    listing = group_variants(MISTRAL_FILES)
    names = [v.name for v in listing]
    assert names == ["Q2_K", "IQ3_M", "Q3_K_M", "Q3_K_L", "IQ4_XS", "Q4_0", "Q4_K_S", "Q4_K_M",
                     "Q5_K_S", "Q5_K_M", "Q6_K", "Q8_0", "F16", "F32"]  # smallest first
    q8 = listing.by_name("q8_0")
    assert q8 is not None and q8.format == "gguf" and q8.quant == "Q8_0"
    assert [f.path.rsplit("-", 3)[-3] for f in q8.files] == ["00001", "00002"]  # in order
    assert q8.size_bytes == int(4.0 * GB) + int(3.7 * GB) and q8.size_known
    q4 = listing.by_name("Q4_K_M")
    assert q4 is not None and q4.bits_per_weight == 4.85 and len(q4.files) == 1
    # The projector is offered with every variant, never as a variant of its own.
    assert [f.path for f in q4.extras] == [f"mmproj-{M}-f16.gguf"]
    assert all("mmproj" not in f.path for v in listing for f in v.files)
    assert [f.path for f in listing.other_files] == [".gitattributes", f"{M}.imatrix", "README.md"]
    assert listing.rejected == []


def test_incomplete_split_set_is_not_a_variant_and_names_clash_by_stem() -> None:
    listing = group_variants([
        RepoFile("big-Q4_K_M-00001-of-00003.gguf", 10),
        RepoFile("big-Q4_K_M-00002-of-00003.gguf", 10),
        RepoFile("a-Q5_K_M.gguf", 5), RepoFile("b-Q5_K_M.gguf", 6), RepoFile("plain.gguf", None)])
    assert sorted(v.name for v in listing) == ["a-Q5_K_M", "b-Q5_K_M", "plain"]
    assert len(listing.other_files) == 2  # the two parts of three
    plain = listing.by_name("plain")
    assert plain is not None and plain.quant is None and not plain.size_known


# -- microsoft/Phi-3-mini-4k-instruct-onnx ---------------------------------------------------------
def _genai_folder(folder: str, model: str, data_gb: float) -> list[RepoFile]:
    small = ["added_tokens.json", "config.json", "configuration_phi3.py", "genai_config.json",
             "special_tokens_map.json", "tokenizer.json", "tokenizer.model",
             "tokenizer_config.json"]
    return [RepoFile(f"{folder}/{name}", 2_000) for name in small] + [
        RepoFile(f"{folder}/{model}.onnx", 300_000, SHA),
        RepoFile(f"{folder}/{model}.onnx.data", int(data_gb * GB), SHA)]


PHI3_FILES = [
    RepoFile(".gitattributes", 2_000), RepoFile("LICENSE", 1_000), RepoFile("README.md", 9_000),
    *_genai_folder("cpu_and_mobile/cpu-int4-rtn-block-32",
                   "phi3-mini-4k-instruct-cpu-int4-rtn-block-32", 2.72),
    *_genai_folder("cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4",
                   "phi3-mini-4k-instruct-cpu-int4-rtn-block-32-acc-level-4", 2.72),
    *_genai_folder("cuda/cuda-fp16", "phi3-mini-4k-instruct-cuda-fp16", 7.64),
    *_genai_folder("cuda/cuda-int4-rtn-block-32", "phi3-mini-4k-instruct-cuda-int4-rtn-block-32",
                   2.30),
    *_genai_folder("directml/directml-int4-awq-block-128", "model", 2.13)]


def test_onnxruntime_genai_folders_are_variants() -> None:
    listing = group_variants(PHI3_FILES)
    by_name = {v.name: v for v in listing}
    assert set(by_name) == {"cpu-int4-rtn-block-32", "cpu-int4-rtn-block-32-acc-level-4",
                            "cuda-fp16", "cuda-int4-rtn-block-32", "directml-int4-awq-block-128"}
    acc = by_name["cpu-int4-rtn-block-32-acc-level-4"]
    assert (acc.format, acc.quant, acc.layout, acc.device) == ("onnx", "int4", "genai", "cpu")
    assert len(acc.files) == 10 and all(f.path.startswith("cpu_and_mobile/cpu-int4-rtn-block-32-"
                                                          "acc-level-4/") for f in acc.files)
    assert acc.size_bytes == int(2.72 * GB) + 300_000 + 8 * 2_000
    assert (by_name["cuda-fp16"].quant, by_name["cuda-fp16"].device) == ("fp16", "cuda")
    assert by_name["directml-int4-awq-block-128"].device == "directml"
    assert [f.path for f in listing.other_files] == [".gitattributes", "LICENSE", "README.md"]


# -- onnx-community/Qwen2.5-0.5B-Instruct (Optimum / transformers.js) ---------------------------
ROOT_SHARED = ["config.json", "generation_config.json", "merges.txt", "special_tokens_map.json",
               "tokenizer.json", "tokenizer_config.json", "vocab.json"]
QWEN_ONNX_FILES = [RepoFile(name, 3_000) for name in [*ROOT_SHARED, "README.md", ".gitattributes"]]
QWEN_ONNX_FILES += [RepoFile("onnx/model.onnx", 500_000, SHA),
                    RepoFile("onnx/model.onnx_data", 1_980_000_000, SHA)]
QWEN_ONNX_FILES += [RepoFile(f"onnx/model_{d}.onnx", s, SHA) for d, s in (
    ("fp16", 988_000_000), ("q4", 786_000_000), ("q4f16", 483_000_000), ("int8", 497_000_000),
    ("uint8", 497_000_000), ("quantized", 497_000_000), ("bnb4", 750_000_000))]


def test_onnx_community_layout_one_variant_per_precision_with_shared_files() -> None:
    listing = group_variants(QWEN_ONNX_FILES)
    by_name = {v.name: v for v in listing}
    assert set(by_name) == {"fp32", "fp16", "q4", "q4f16", "int8", "uint8", "quantized", "bnb4"}
    fp32 = by_name["fp32"]
    assert [f.path for f in fp32.files[:2]] == ["onnx/model.onnx", "onnx/model.onnx_data"]
    assert sorted(f.path for f in fp32.files[2:]) == ROOT_SHARED
    q4 = by_name["q4"]
    assert (q4.format, q4.layout, q4.bits_per_weight) == ("onnx", "optimum", 4.5)
    assert q4.size_bytes == 786_000_000 + 7 * 3_000
    assert [f.path for f in listing.other_files] == [".gitattributes", "README.md"]


def test_onnx_external_data_spellings() -> None:
    listing = group_variants([
        RepoFile("onnx/model_q4f16.onnx", 1), RepoFile("onnx/model_q4f16.onnx_data", 10),
        RepoFile("onnx/model_q4f16.onnx_data_1", 10), RepoFile("model_int8.onnx", 1),
        RepoFile("model_int8.onnx.data", 20), RepoFile("tokenizer.json", 2)])
    by_name = {v.name: v for v in listing}
    assert by_name["q4f16"].size_bytes == 23 and by_name["int8"].size_bytes == 23
    assert [f.path for f in by_name["int8"].files] == [
        "model_int8.onnx", "model_int8.onnx.data", "tokenizer.json"]


# -- untrusted names -----------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["../x.gguf", "a/../../x.gguf", "/etc/passwd", "a\\b.gguf",
                                 "C:/x.gguf", "a//b.gguf", "a/", "", "x\x00.gguf", "./x.gguf",
                                 "model.gguf:stream", "NUL.gguf"])
def test_unsafe_names_are_refused(bad: str) -> None:
    with pytest.raises(UnsafePathError) as info:
        safe_relative_path(bad)
    assert isinstance(info.value, ValueError) and info.value.code == "unsafe_path"
    assert info.value.facts["path"] == bad
    assert type(OndolError.from_dict(info.value.to_dict())) is UnsafePathError


def test_safe_names_pass_and_unsafe_files_are_reported_not_grouped() -> None:
    assert safe_relative_path("Q4_K_M/m-Q4_K_M-00001-of-00002.gguf").parts[0] == "Q4_K_M"
    bad = ["../x.gguf", "/etc/passwd", "a\\b.gguf", "C:/x.gguf", "a//b.gguf"]
    listing = group_variants([RepoFile(p, 1) for p in bad] + [RepoFile("ok-Q4_K_M.gguf", 1)])
    assert [v.name for v in listing] == ["Q4_K_M"]
    assert listing.rejected == bad


# -- fit labels ---------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", [MISTRAL_ARCH, MISTRAL_HUB], ids=["header", "hub-heuristic"])
@pytest.mark.parametrize(("profile", "q4", "q8", "f16"), [
    (CPU_ONLY_8GB, FitLabel.CPU_RAM, FitLabel.TOO_LARGE, FitLabel.TOO_LARGE),
    (NVIDIA_8GB_32GB, FitLabel.FULL_GPU, FitLabel.PARTIAL_GPU, FitLabel.PARTIAL_GPU),
    (APPLE_M2_16GB, FitLabel.FULL_GPU, FitLabel.FULL_GPU, FitLabel.TOO_LARGE),
    (LAPTOP_4GB, FitLabel.TOO_LARGE, FitLabel.TOO_LARGE, FitLabel.TOO_LARGE),
], ids=["cpu-8gb", "nvidia-8gb", "apple-m2-16gb", "laptop-4gb"])
def test_fit_labels_of_a_7b(profile: HardwareProfile, q4: FitLabel, q8: FitLabel, f16: FitLabel,
                            arch: ArchInfo) -> None:
    variants = mistral()
    labels = [assess(variants[n], profile, arch).label for n in ("Q4_K_M", "Q8_0", "F16")]
    assert labels == [q4, q8, f16]
    assert english(q4) in {"Full GPU offload", "Fits in RAM (CPU)", "Likely too large"}


def test_estimate_matches_the_planner_and_its_label_matches_the_plan() -> None:
    q8 = mistral()["Q8_0"]
    meta = ModelMetadata(path=Path("m.gguf"), format="gguf", file_size_bytes=q8.size_bytes,
                         architecture="llama", block_count=32, embedding_length=4096,
                         head_count=32, head_count_kv=8, key_length=128, value_length=128,
                         context_length=32768, vocab_size=32768)
    assert estimate_variant_memory(q8, ArchInfo.from_metadata(meta)) == estimate_memory(meta, 4096)
    four_k = LoadOverrides(n_ctx=4096)
    assert 0 < plan_load(meta, NVIDIA_8GB_32GB, four_k).params.n_gpu_layers < 33  # partial
    assert plan_load(meta, APPLE_M2_16GB, four_k).params.n_gpu_layers == -1  # full
    with pytest.raises(InsufficientMemoryError):
        plan_load(meta, CPU_ONLY_8GB, four_k)  # too large


def test_kv_heuristic_is_close_on_known_models() -> None:
    kib = {135e6: 22.5, 8.03e9: 128, 14.7e9: 192, 32.8e9: 256}  # SmolLM2, Llama 3, Qwen2.5 ×2
    for params, real in kib.items():
        assert 0.7 < heuristic_kv_bytes_per_token(int(params)) / 1024 / real < 1.3
    heuristic = estimate_variant_memory(mistral()["Q4_K_M"], MISTRAL_HUB)
    exact = estimate_variant_memory(mistral()["Q4_K_M"], MISTRAL_ARCH)
    assert abs(heuristic.total_bytes - exact.total_bytes) < 0.05 * exact.total_bytes
    # Without any numbers the parameters come from size and bits; the context stays 4096.
    assert estimate_variant_memory(mistral()["Q4_K_M"], None).kv_cache_bytes > 256 * 1024 ** 2


# -- the recommendation --------------------------------------------------------------------------
@pytest.mark.parametrize(("profile", "name", "label", "words"), [
    (NVIDIA_8GB_32GB, "Q5_K_M", FitLabel.FULL_GPU, "room to spare; all on NVIDIA GeForce RTX 4060"),
    (APPLE_M2_16GB, "Q6_K", FitLabel.FULL_GPU, "unified memory"),
    (CPU_ONLY_8GB, "Q4_K_M", FitLabel.CPU_RAM, "memory is tight"),
], ids=["nvidia-8gb", "apple-m2-16gb", "cpu-8gb"])
def test_recommendation_per_machine(profile: HardwareProfile, name: str, label: FitLabel,
                                    words: str) -> None:
    for arch in (MISTRAL_ARCH, MISTRAL_HUB):
        rec = recommend(group_variants(MISTRAL_FILES), profile, arch)
        assert rec is not None and (rec.variant.name, rec.label) == (name, label)
        text = english(rec.reason)
        assert text.startswith(f"{name}: ") and words in text and "\n" not in text


def test_nothing_is_recommended_when_nothing_fits() -> None:
    assert recommend(group_variants(MISTRAL_FILES), LAPTOP_4GB, MISTRAL_HUB) is None


def test_smaller_than_four_bit_only_when_four_bit_does_not_fit() -> None:
    roomier = HardwareProfile(**{**LAPTOP_4GB.__dict__, "ram_available_bytes": int(3.9 * GiB)})
    rec = recommend(group_variants(MISTRAL_FILES), roomier, MISTRAL_HUB)
    assert rec is not None and rec.variant.name in {"Q2_K", "IQ3_M"}
    assert "no 4-bit variant does" in english(rec.reason)


def test_partial_offload_of_a_70b_and_only_big_variants() -> None:
    files = [RepoFile(f"L-70B-{q}.gguf", int(s * GB)) for q, s in (
        ("Q2_K", 26.4), ("Q4_K_M", 42.5), ("Q8_0", 75.0))]
    llama_70b = ArchInfo(parameter_count=70_600_000_000)
    rec = recommend(group_variants(files), NVIDIA_8GB_32GB, llama_70b)
    assert rec is not None and rec.variant.name == "Q2_K" and rec.label is FitLabel.PARTIAL_GPU
    assert "the rest in RAM" in english(rec.reason)
    only_big = [RepoFile("s-Q8_0.gguf", 600_000_000), RepoFile("s-f32.gguf", 2_200_000_000),
                RepoFile("s-bf16.gguf", 1_100_000_000)]
    rec = recommend(group_variants(only_big), CPU_ONLY_8GB)
    assert rec is not None and rec.variant.name == "Q8_0" and "smallest" in english(rec.reason)


def test_onnx_builds_follow_the_hardware_and_measured_speed_decides_between_formats() -> None:
    phi3 = group_variants(PHI3_FILES)
    cpu = recommend(phi3, CPU_ONLY_8GB)
    assert cpu is not None and cpu.variant.device == "cpu" and cpu.label is FitLabel.CPU_RAM
    cuda = assess(phi3.by_name("cuda-int4-rtn-block-32"), CPU_ONLY_8GB)  # type: ignore[arg-type]
    assert cuda.note is not None and english(cuda.note) == "built for an NVIDIA GPU"
    gpu = recommend(phi3, NVIDIA_8GB_32GB)
    assert gpu is not None and gpu.label is FitLabel.FULL_GPU and gpu.variant.quant == "int4"
    fp16 = assess(phi3.by_name("cuda-fp16"), NVIDIA_8GB_32GB)  # type: ignore[arg-type]
    assert fp16.label is FitLabel.TOO_LARGE  # a CUDA build does not spill to the CPU
    qwen = recommend(group_variants(QWEN_ONNX_FILES), CPU_ONLY_8GB)
    # Never fp32; a 4-bit build without fp16 arithmetic on a CPU (q4f16 is for WebGPU).
    assert qwen is not None and qwen.variant.name in {"q4", "bnb4"}
    mixed = group_variants([*PHI3_FILES, RepoFile("phi3-Q4_K_M.gguf", int(2.39 * GB))])
    # Nothing measured yet: both about 4 bits, the smaller (ONNX int4, 2.13 GB) reads less.
    rec = recommend(mixed, NVIDIA_8GB_32GB)
    assert rec is not None and rec.variant.format == "onnx"
    assert "(estimated)" in english(rec.reason)
    # This machine measured llama.cpp on its GPU at 300 GB/s and onnxruntime-genai at 100.
    measured = {("llama.cpp", "CUDA"): 300e9, ("onnxruntime-genai", "CUDA"): 100e9}
    rec = recommend(mixed, NVIDIA_8GB_32GB, bandwidth=measured)
    assert rec is not None and rec.variant.format == "gguf"
    assert "GGUF about 126 tok/s vs ONNX" in english(rec.reason)


# -- the format advisor --------------------------------------------------------------------------
def test_advisor_awq() -> None:
    files = ["config.json", "model.safetensors", "quant_config.json", "tokenizer.json"]
    formats = detect_repo_formats(files, tags=["awq", "4-bit"])
    assert formats == {"awq"}
    advice = advise(formats, "Qwen/Qwen2.5-7B-Instruct-AWQ")
    assert advice is not None and "vLLM" in advice.runs_with and "NVIDIA" in advice.runs_with
    assert "Ondol runs GGUF and ONNX" in advice.summary
    assert advice.local_alternative_query == "Qwen2.5-7B-Instruct GGUF"


def test_advisor_gptq_from_config_and_names() -> None:
    config = {"quantization_config": {"quant_method": "gptq", "bits": 4}}
    assert detect_repo_formats(["model.safetensors"], config=config) == {"gptq"}
    assert detect_repo_formats(["gptq_model-4bit-128g.safetensors"]) == {"gptq"}
    assert detect_repo_formats(["quantize_config.json", "model.safetensors"]) == {"gptq"}
    advice = advise({"gptq"}, "Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4")
    assert advice is not None and advice.local_alternative_query == "Qwen2.5-7B-Instruct GGUF"
    assert "GPTQ" in advice.summary and "vLLM" in advice.summary


def test_advisor_safetensors_only_and_bin_only() -> None:
    files = [f"model-0000{i}-of-00004.safetensors" for i in range(1, 5)] + ["config.json"]
    formats = detect_repo_formats(files)
    assert formats == {"safetensors"}
    advice = advise(formats, "meta-llama/Llama-3.1-8B-Instruct")
    assert advice is not None and "PyTorch + Transformers" in advice.runs_with
    assert "fine-tuning" in advice.summary and not advice.unsafe_pickle
    assert advice.local_alternative_query == "Llama-3.1-8B-Instruct GGUF"

    formats = detect_repo_formats(["pytorch_model.bin", "config.json"])
    assert formats == {"pytorch_bin"}
    advice = advise(formats, "someone/old-model-hf")
    assert advice is not None and advice.unsafe_pickle
    assert "unsafe" in advice.summary and "never loads pickle" in advice.summary
    assert advice.local_alternative_query == "old-model GGUF"


def test_advisor_is_silent_for_gguf_and_onnx_repos() -> None:
    assert advise(detect_repo_formats(MISTRAL_FILES), "bartowski/x-GGUF") is None
    assert advise(detect_repo_formats(PHI3_FILES), "microsoft/x-onnx") is None
    assert detect_repo_formats(QWEN_ONNX_FILES) == {"onnx"}
    assert detect_repo_formats(["README.md"]) == {"other"}
    assert base_model_name("unsloth/llama-3-8b-bnb-4bit") == "llama-3-8b"
    assert base_model_name("mlx-community/Qwen2.5-7B-Instruct-4bit") == "Qwen2.5-7B-Instruct"
