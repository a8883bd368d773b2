"""The speed estimate before a download: bandwidth over bytes per token, calibrated by measured
runs, its store, and the longest context that fits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.planning import speed
from app.core.planning.fit import FitLabel, assess
from app.core.planning.outlook import MIN_CONTEXT, largest_context, outlook
from app.core.planning.speed import (
    DECODE_EFFICIENCY,
    MAX_RUNS,
    SpeedRun,
    SpeedStore,
    bandwidth_table,
    leave_one_out,
    machine_bandwidth,
    predict_tps,
    run_from_answer,
    runs_from_measurements,
)
from app.core.selection.calibration import Measurement
from tests.core.test_catalog_variants import MISTRAL_ARCH, mistral
from tests.core.test_planner import CPU_ONLY_8GB, LAPTOP_4GB, NVIDIA_8GB_32GB

MB = 1_000_000
CPU = ("llama.cpp", "CPU")


def run(weights_mb: float, tps: float, threads: int = 2, device: str = "CPU") -> SpeedRun:
    return SpeedRun("llama.cpp", device, threads, int(weights_mb * MB), tps)


def test_speed_is_bandwidth_over_the_bytes_read_per_token() -> None:
    assert predict_tps(500 * MB, 10e9) == pytest.approx(20.0)
    assert predict_tps(1000 * MB, 10e9) == pytest.approx(10.0)  # twice the bytes, half the speed
    assert predict_tps(0, 10e9) == 0.0 and predict_tps(500 * MB, 0) == 0.0  # unknown, not inf


def test_calibration_is_the_median_of_measured_bandwidths() -> None:
    runs = [run(100, 90), run(250, 32), run(500, 20)]  # 9.0, 8.0, 10.0 GB/s
    assert bandwidth_table(runs, threads=2)[CPU] == pytest.approx(9.0e9)


def test_runs_with_the_default_thread_count_decide_when_there_are_some() -> None:
    runs = [run(100, 90, threads=2), run(100, 30, threads=1)]
    assert bandwidth_table(runs, threads=2)[CPU] == pytest.approx(9.0e9)
    # Only other thread counts measured: they are still better than nothing.
    assert bandwidth_table([run(100, 30, threads=1)], threads=2)[CPU] == pytest.approx(3.0e9)
    assert bandwidth_table([run(100, 50, threads=0)], threads=8)[CPU] == pytest.approx(5.0e9)


def test_probe_fills_the_cpu_runtimes_that_measured_nothing() -> None:
    table = bandwidth_table([run(100, 90)], threads=2, probe_bps=20e9)
    assert table[CPU] == pytest.approx(9.0e9)  # measured beats the probe
    assert table[("onnxruntime-genai", "CPU")] == pytest.approx(20e9 * DECODE_EFFICIENCY)
    assert ("llama.cpp", "CUDA") not in table  # the probe says nothing about a GPU
    assert bandwidth_table([], threads=2) == {}


def test_unusable_runs_are_ignored() -> None:
    assert bandwidth_table([run(100, 0), run(0, 50)], threads=2) == {}
    assert run_from_answer("llama.cpp", "CPU", 2, 100 * MB, 8, 90.0) is None  # too short
    assert run_from_answer("llama.cpp", "CPU", 2, 0, 64, 90.0) is None
    kept = run_from_answer("llama.cpp", "CPU", 2, 100 * MB, 64, 90.0)
    assert kept is not None and kept.bandwidth == pytest.approx(9.0e9)


def test_leave_one_out_predicts_each_model_from_the_others() -> None:
    runs = {"a": run(100, 90), "b": run(200, 50), "c": run(400, 20)}  # 9, 10, 8 GB/s
    predicted = leave_one_out(runs, threads=2)
    assert predicted["a"] == pytest.approx(9.0e9 / (100 * MB))  # median of 10 and 8
    assert predicted["c"] == pytest.approx(9.5e9 / (400 * MB))


def test_auto_calibration_counts_as_runs() -> None:
    measured = Measurement(decode_tps=40.0, prompt_tps=200.0, first_token_seconds=0.1,
                           load_seconds=1.0, backend="llama.cpp", device="CPU", measured_at=1.0,
                           weights_bytes=250 * MB)
    old = Measurement(**{**measured.__dict__, "weights_bytes": 0})  # before sizes were kept
    (converted,) = runs_from_measurements([measured, old])
    assert converted.threads == 0 and converted.bandwidth == pytest.approx(10e9)


def test_store_round_trip_keeps_the_recent_runs(tmp_path: Path) -> None:
    store = SpeedStore(tmp_path / "data" / "speed.json")
    assert store.runs("m") == [] and store.probe("m") is None
    store.save_probe("m", 20e9)
    for index in range(MAX_RUNS + 3):
        store.add_run("m", run(100, 50 + index))
    runs = store.runs("m")
    assert len(runs) == MAX_RUNS and runs[-1].decode_tps == 50 + MAX_RUNS + 2
    assert store.probe("m") == 20e9 and store.runs("other") == []
    assert not list(store.file.parent.glob(".*tmp"))  # the atomic write left nothing behind


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '{"version": 99, "machines": {}}',
                                    '{"version": 1, "machines": {"m": {"runs": [{"x": 1}], '
                                    '"probe_bps": "fast"}}}', "\x00\xff"])
def test_a_damaged_store_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    file = tmp_path / "speed.json"
    file.write_text(damage, encoding="utf-8")
    store = SpeedStore(file)
    assert store.runs("m") == [] and store.probe("m") is None
    store.add_run("m", run(100, 90))
    assert [r.decode_tps for r in store.runs("m")] == [90]
    assert json.loads(file.read_text(encoding="utf-8"))["version"] == speed.STORE_VERSION


def test_the_probe_runs_a_few_times_per_machine_and_keeps_the_fastest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    figures = iter([8e9, 20e9, 12e9, 99e9])  # a busy moment first, then a quiet one
    calls: list[float] = []
    monkeypatch.setattr(speed, "probe_copy_bandwidth", lambda: calls.append(1) or next(figures))
    store = SpeedStore(tmp_path / "speed.json")
    tables = [machine_bandwidth(store, "m", threads=2)[CPU] for _ in range(5)]
    assert len(calls) == speed.PROBES == 3  # then the figure is final
    assert tables == pytest.approx([x * DECODE_EFFICIENCY for x in (8e9, 20e9, 20e9, 20e9, 20e9)])
    assert store.probe("m") == 20e9 and store.probes("m") == 3
    store.add_run("m", run(100, 120))  # a measured answer overrides the probe
    assert machine_bandwidth(store, "m", threads=2)[CPU] == pytest.approx(12e9)


def test_the_real_probe_measures_something() -> None:
    assert speed.probe_copy_bandwidth() > 1e8  # any machine copies more than 100 MB/s


def test_largest_context_grows_with_memory_and_stops_at_the_trained_length() -> None:
    q4 = mistral()["Q4_K_M"]
    laptop = largest_context(assess(q4, LAPTOP_4GB, MISTRAL_ARCH), LAPTOP_4GB, MISTRAL_ARCH)
    desktop = largest_context(assess(q4, CPU_ONLY_8GB, MISTRAL_ARCH), CPU_ONLY_8GB, MISTRAL_ARCH)
    assert laptop == 0  # 4.4 GB of weights in 2.5 GiB: nothing fits
    assert desktop % 256 == 0 and MIN_CONTEXT <= desktop <= MISTRAL_ARCH.context_length
    gpu = largest_context(assess(q4, NVIDIA_8GB_32GB, MISTRAL_ARCH), NVIDIA_8GB_32GB,
                          MISTRAL_ARCH)
    assert gpu == MISTRAL_ARCH.context_length  # 26 GiB of RAM holds the whole trained length
    q2 = largest_context(assess(mistral()["Q2_K"], CPU_ONLY_8GB, MISTRAL_ARCH), CPU_ONLY_8GB,
                         MISTRAL_ARCH)
    assert q2 >= desktop  # smaller weights leave more room for the cache


def test_outlook_uses_the_cpu_or_gpu_bandwidth() -> None:
    q4 = mistral()["Q4_K_M"]
    table = {CPU: 10e9, ("llama.cpp", "CUDA"): 200e9}
    on_cpu = outlook(assess(q4, CPU_ONLY_8GB, MISTRAL_ARCH), CPU_ONLY_8GB, MISTRAL_ARCH, table)
    assert on_cpu.tps == pytest.approx(10e9 / q4.size_bytes)
    q2 = mistral()["Q2_K"]
    fit = assess(q2, NVIDIA_8GB_32GB, MISTRAL_ARCH)
    assert fit.label is FitLabel.FULL_GPU
    assert outlook(fit, NVIDIA_8GB_32GB, MISTRAL_ARCH, table).tps == pytest.approx(
        200e9 / q2.size_bytes)
    too_big = outlook(assess(q4, LAPTOP_4GB, MISTRAL_ARCH), LAPTOP_4GB, MISTRAL_ARCH, table)
    assert too_big.tps == 0.0 and too_big.max_context == 0
