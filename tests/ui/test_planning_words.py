"""Planning's reasons, fit labels and the format advisor in the window's words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.core.catalog.advisor import advise
from app.core.planning.fit import FitLabel
from app.core.planning.reasons import CODES, reason
from app.core.planning.words import english
from app.ui.i18n import install_translator
from app.ui.words.advice import advice_text
from app.ui.words.planning import fit_text, reason_text
from app.ui.words.planning_sentences import SENTENCES
from tests.ui.test_error_words import korean_only

SAMPLES = [
    reason("plan.cpu", threads=2, features=("AVX2", "AVX512"), why=reason("why.no_gpu")),
    reason("plan.cpu", threads=4, features=(), why=reason("why.cpu_chosen")),
    reason("plan.gpu_split", device="CUDA", gpu="RTX 4060", layers=20, total=33,
           memory=reason("memory.vram", vram_bytes=8 * 2**30), threads=8, features=("AVX2",)),
    reason("auto.with_plan", plan=reason("plan.cpu", threads=2, features=("AVX2",),
                                         why=reason("why.no_gpu")),
           auto=reason("auto.fastest", variant="ONNX int4", device="CPU",
                       speed=reason("speed.measured", tps=118.4),
                       rivals=(reason("auto.rival", variant="GGUF Q4_1",
                                      speed=reason("speed.estimated", tps=96.2)),))),
    reason("rec.pick", variant="Q4_K_M", why=reason("rec.tight"), compare=None,
           where=reason("where.partial", share=0.62, gpu="RTX 4060", used_bytes=3 * 2**30,
                        pool_bytes=23 * 2**30)),
    reason("fitnote.built_for", target="directml"),
    reason("note.context_lowered", n_ctx=4096),
]


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[None]:
    assert install_translator(qapp, "ko") is not None
    yield
    install_translator(qapp, "en")


def test_every_planning_code_and_fit_label_has_words() -> None:
    missing = [code for code in CODES if not any(
        key == code or key.startswith(code + "/") for key in SENTENCES)]
    assert not missing, f"no words for {missing}"
    assert all(f"fit.{label.value}" in SENTENCES for label in FitLabel)


def test_english_window_says_what_the_command_line_says(qapp: QApplication) -> None:
    install_translator(qapp, "en")
    for sample in SAMPLES:
        assert reason_text(sample) == english(sample)
        assert reason_text(sample.to_dict()) == english(sample)  # the JSON form reads the same
    assert fit_text(FitLabel.PARTIAL_GPU) == english(FitLabel.PARTIAL_GPU)
    advice = advise(["gptq", "pytorch_bin"], "Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4")
    assert advice_text(advice) == advice.summary


def test_korean_window_says_them_in_korean(korean: None) -> None:
    for sample in SAMPLES:
        text = reason_text(sample)
        assert korean_only(text, "RTX 4060", "ONNX int4", "GGUF Q4_1", "Q4_K_M", "CUDA",
                           "tok/s", "AVX512", "AVX2", "DirectML", "Windows"), text
    assert "4096토큰" in reason_text(SAMPLES[-1])
    assert fit_text(FitLabel.CPU_RAM) == "RAM에 들어감(CPU)"
    memory = reason_text(reason("refuse.memory", n_ctx=8192, bytes_needed=3 * 2**30,
                                bytes_available=2**30, where="memory", format="gguf"))
    assert "3.0 GiB" in memory and korean_only(memory)
    advice = advice_text(advise(["awq"], "Qwen/Qwen2.5-7B-Instruct-AWQ"))
    assert "AWQ" in advice and "GGUF" in advice and "모델" in advice


def test_a_real_plan_for_the_starter_model_reads_as_korean(korean: None,
                                                           smollm2_path: Path) -> None:
    from app.core.context import AppContext

    ctx = AppContext.create()
    _meta, plan = ctx.plan(smollm2_path)
    text = reason_text(plan.reason)
    names = [*ctx.profile.cpu_features, *(gpu.name for gpu in ctx.profile.gpus), "CUDA",
             "Metal", "Vulkan"]
    assert text != english(plan.reason) and korean_only(text, *names), text
    assert all(korean_only(reason_text(note), *names) for note in plan.notes)
