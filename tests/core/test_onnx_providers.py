"""Execution-provider detection: real sessions on the hand-encoded probe model, no mocks."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from app.core.backends.onnx import providers as prov
from app.core.backends.onnx.providers import ProviderCheck


def test_the_hand_encoded_probe_model_runs_in_onnxruntime() -> None:
    session = ort.InferenceSession(prov.probe_model(), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["x"]
    out = session.run(None, {"x": np.array([0.25, 4.0], dtype=np.float32)})[0]
    assert out.tolist() == [0.5, 8.0]  # y = x + x


def test_probe_lists_every_provider_in_preference_order_and_the_cpu_works() -> None:
    checks = prov.probe_providers()
    assert [c.name for c in checks] == ["CUDAExecutionProvider", "DmlExecutionProvider",
                                        "CoreMLExecutionProvider", "CPUExecutionProvider"]
    assert [c.device for c in checks] == ["cuda", "dml", "coreml", "cpu"]
    cpu = checks[-1]
    assert cpu.works and "ran a test model" in cpu.reason
    assert prov.probe_providers() is checks  # cached for the process


def test_a_provider_onnxruntime_does_not_list_is_not_installed_with_the_pip_line() -> None:
    available = set(ort.get_available_providers())
    for check in prov.probe_providers():
        if check.name not in available:
            assert not check.works
            assert check.reason.startswith("not installed (")
            assert prov.PROVIDERS[check.name][2] in check.reason


def test_a_provider_that_falls_back_to_the_cpu_does_not_count_as_working() -> None:
    """ONNX Runtime quietly runs on the CPU when asked for a provider it cannot start."""
    missing = next((n for n in ("CUDAExecutionProvider", "DmlExecutionProvider",
                                "CoreMLExecutionProvider")
                    if n not in ort.get_available_providers()), None)
    if missing is None:
        pytest.skip("every GPU provider is installed here")
    check = prov.try_session(missing)
    assert not check.works
    assert "fell back to CPUExecutionProvider" in check.reason
    bogus = prov.try_session("BogusExecutionProvider")
    assert not bogus.works and "fell back" in bogus.reason


def test_best_provider_is_the_first_working_one() -> None:
    checks = (
        ProviderCheck("CUDAExecutionProvider", "cuda", False, "not installed"),
        ProviderCheck("DmlExecutionProvider", "dml", True, "ran"),
        ProviderCheck("CoreMLExecutionProvider", "coreml", True, "ran"),
        ProviderCheck("CPUExecutionProvider", "cpu", True, "ran"),
    )
    assert prov.best_provider(checks).device == "dml"
    assert prov.genai_provider_name(prov.best_provider(checks)) == "DML"
    assert prov.best_provider(checks[:1] + checks[3:]).device == "cpu"
    assert prov.genai_provider_name(checks[3]) is None  # genai's default: nothing appended
    assert prov.genai_provider_name(checks[0]) == "cuda"
    assert prov.genai_provider_name(checks[2]) == "CoreML"
    dead_cpu = ProviderCheck("CPUExecutionProvider", "cpu", False, "onnxruntime missing")
    assert prov.best_provider((checks[0], dead_cpu)) is dead_cpu


def test_describe_says_where_models_run_and_why_not_on_a_gpu() -> None:
    cuda_missing = (
        ProviderCheck("CUDAExecutionProvider", "cuda", False,
                      "not installed (pip install onnxruntime-gpu onnxruntime-genai-cuda)"),
        ProviderCheck("CPUExecutionProvider", "cpu", True, "ran"),
    )
    line = prov.describe_providers(cuda_missing)
    assert line == ("ONNX Runtime on CPU: CUDA not installed (pip install onnxruntime-gpu "
                    "onnxruntime-genai-cuda)")
    cuda_ok = (ProviderCheck("CUDAExecutionProvider", "cuda", True, "ran"), *cuda_missing[1:])
    assert prov.describe_providers(cuda_ok) == "ONNX Runtime on CUDA"
    broken = (ProviderCheck("CUDAExecutionProvider", "cuda", False, "driver too old"),
              cuda_missing[1])
    assert "CUDA failed: driver too old" in prov.describe_providers(broken)
    # On this machine: a sentence naming the device actually used.
    assert prov.describe_providers().startswith("ONNX Runtime on ")


def test_install_hints_name_the_packages() -> None:
    assert "onnxruntime-genai-cuda" in prov.install_hint("cuda")
    assert "onnxruntime-directml" in prov.install_hint("dml")
    with pytest.raises(KeyError):
        prov.install_hint("tpu")
    with pytest.raises(KeyError):
        prov.probe_provider("TpuExecutionProvider")
