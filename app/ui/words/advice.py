"""The format advisor's words (``app.core.catalog.advisor.Advice``) in the window's language:
one sentence per format the repository holds, then where to find a version Ondol runs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FORMATS: dict[str, str] = {
    "awq": QT_TRANSLATE_NOOP("Advice", "AWQ: 4-bit weights quantised for serving on an NVIDIA "
                                       "GPU; run them with vLLM (or Text Generation Inference) "
                                       "on an NVIDIA GPU."),
    "gptq": QT_TRANSLATE_NOOP("Advice", "GPTQ: quantised weights for serving on an NVIDIA GPU "
                                        "(older than AWQ, widely supported); run them with vLLM "
                                        "(or Text Generation Inference) on an NVIDIA GPU."),
    "safetensors": QT_TRANSLATE_NOOP("Advice", "Safetensors: the original, unquantised "
                                               "weights, for research and fine-tuning with "
                                               "PyTorch + Transformers (or serving with vLLM on "
                                               "a large GPU)."),
    "pytorch_bin": QT_TRANSLATE_NOOP("Advice", "PyTorch .bin: the old pickle format, which can "
                                               "run code when it is loaded; it is unsafe to "
                                               "load, and Ondol never loads pickle files."),
    "other": QT_TRANSLATE_NOOP("Advice", "No model files that Ondol recognises (another "
                                         "framework's format)."),
}
LOCAL_LINE = QT_TRANSLATE_NOOP("Advice", "Ondol runs GGUF and ONNX models locally: search for a "
                                         "GGUF or ONNX version.")


def advice_text(advice: Any) -> str:
    """What the repository holds and what to look for instead (``Advice.formats``)."""
    formats = [f for f in getattr(advice, "formats", ()) if f in FORMATS] or ["other"]
    sentences = [QCoreApplication.translate("Advice", FORMATS[f]) for f in formats]
    return " ".join([*sentences, QCoreApplication.translate("Advice", LOCAL_LINE)])
