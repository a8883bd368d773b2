"""Grouping the library's files by base model."""

from __future__ import annotations

from pathlib import Path

from app.core.catalog.groups import base_name, group_library
from app.core.catalog.library import LocalModel
from app.core.formats.metadata import ModelMetadata
from app.core.planning.chooser import quality_class


def entry(name: str, layers: int | None = 30, fmt: str = "gguf") -> LocalModel:
    path = Path("/nonexistent") / name
    meta = ModelMetadata(path=path, format=fmt, file_size_bytes=1, architecture="llama",
                         block_count=layers, embedding_length=576)
    return LocalModel(name, path, 1, metadata=meta)


def test_base_names_drop_format_precision_and_build_words() -> None:
    cases = {
        "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF/SmolLM2-135M-Instruct.Q4_1.gguf":
            "SmolLM2-135M-Instruct",
        "onnx-community/SmolLM2-135M-Instruct-ONNX": "SmolLM2-135M-Instruct",
        "microsoft/Phi-3-mini-4k-instruct-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4":
            "Phi-3-mini-4k-instruct",
        "Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf":
            "Qwen2.5-0.5B-Instruct",
        "gemma-3-270m-q4_k_m.gguf": "gemma-3-270m",
    }
    for name, expected in cases.items():
        assert base_name(LocalModel(name, Path(name), 0)) == expected, name


def test_gguf_and_onnx_builds_of_one_model_are_one_group() -> None:
    groups = group_library([
        entry("HuggingFaceTB/SmolLM2-135M-Instruct-GGUF/SmolLM2-135M-Instruct.Q4_1.gguf"),
        entry("onnx-community/SmolLM2-135M-Instruct-onnx-int4", fmt="onnx"),
        entry("Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf", layers=24),
    ])
    assert [(g.name, len(g.variants)) for g in groups] == [("SmolLM2-135M-Instruct", 2),
                                                           ("Qwen2.5-0.5B-Instruct", 1)]
    assert groups[0].formats == {"gguf", "onnx"}


def test_same_name_but_different_layers_is_not_merged() -> None:
    groups = group_library([entry("a/Model-GGUF/Model-Q4_K_M.gguf", layers=30),
                            entry("b/Model-GGUF/Model-Q8_0.gguf", layers=32)])
    assert len(groups) == 2


def test_unreadable_files_are_left_out() -> None:
    broken = LocalModel("x/Broken-GGUF/Broken-Q4_K_M.gguf", Path("/x"), 1, error=OSError())
    assert group_library([broken]) == []


def test_quality_classes() -> None:
    assert quality_class(4.5) == quality_class(4.85) == 0  # int4, Q4_K_M
    assert quality_class(5.5) == 1 and quality_class(6.56) == 1  # Q5_K_M, Q6_K
    assert quality_class(8.5) == 2 and quality_class(16) == 3 and quality_class(32) == 4
    assert quality_class(2.6) == -1
