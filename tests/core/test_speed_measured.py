"""A model run here: the speed it measured beside the speed the estimate gives it from the other
runs, kept per library name in the speed store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.planning.chooser import DEFAULT_CPU_BANDWIDTH
from app.core.planning.speed import (
    DECODE_EFFICIENCY,
    SpeedRun,
    SpeedStore,
    measured_here,
    measured_models,
    run_from_answer,
)

MB = 1_000_000


def named(model: str, weights_mb: float, tps: float, device: str = "CPU") -> SpeedRun:
    return SpeedRun("llama.cpp", device, 2, int(weights_mb * MB), tps, model=model)


def test_each_named_model_is_predicted_from_the_other_models_runs() -> None:
    runs = [named("a/b/small.gguf", 100, 90), named("c/d/big.gguf", 400, 20),  # 9, 8 GB/s
            named("", 200, 50)]  # a run from before names were kept: only teaches the others
    found = measured_models(runs, threads=2)
    assert set(found) == {"a/b/small.gguf", "c/d/big.gguf"}
    small = found["a/b/small.gguf"]
    assert small.tps == 90
    assert small.predicted_tps == pytest.approx(9.0e9 / (100 * MB))  # median of 8 and 10 GB/s
    assert found["c/d/big.gguf"].predicted_tps == pytest.approx(9.5e9 / (400 * MB))


def test_a_lone_model_is_predicted_from_the_probe_or_the_default() -> None:
    (only,) = measured_models([named("m.gguf", 100, 60)], threads=2).values()
    assert only.predicted_tps == pytest.approx(DEFAULT_CPU_BANDWIDTH / (100 * MB))
    probed = measured_models([named("m.gguf", 100, 60)], threads=2, probe_bps=20e9)
    assert probed["m.gguf"].predicted_tps == pytest.approx(20e9 * DECODE_EFFICIENCY / (100 * MB))


def test_the_measured_speed_is_the_median_on_the_device_it_last_ran_on() -> None:
    runs = [named("m.gguf", 100, 200, device="CUDA"), named("m.gguf", 100, 60),
            named("m.gguf", 100, 80), named("m.gguf", 100, 70)]
    assert measured_models(runs, threads=2)["m.gguf"].tps == 70
    runs.append(named("m.gguf", 100, 210, device="CUDA"))
    assert measured_models(runs, threads=2)["m.gguf"].tps == 205


def test_the_store_keeps_the_name_and_reads_old_runs_without_one(tmp_path: Path) -> None:
    file = tmp_path / "speed.json"
    old = {"backend": "llama.cpp", "device": "CPU", "threads": 2, "weights_bytes": 100 * MB,
           "decode_tps": 90.0, "at": 1.0}
    file.write_text(json.dumps({"version": 1, "machines": {"m": {"runs": [old]}}}),
                    encoding="utf-8")
    store = SpeedStore(file)
    assert [r.model for r in store.runs("m")] == [""] and measured_here(store, "m", 2) == {}
    run = run_from_answer("llama.cpp", "CPU", 2, 200 * MB, 64, 45.0, model="a/b/c.gguf")
    assert run is not None
    store.add_run("m", run)
    found = measured_here(store, "m", 2)
    assert found["a/b/c.gguf"].tps == 45.0
    assert found["a/b/c.gguf"].predicted_tps == pytest.approx(9.0e9 / (200 * MB))
    assert measured_here(store, "another machine", 2) == {}
