"""Auto on real models: the starter GGUF and its ONNX int4 build side by side in the library,
calibrated through real runtime hosts, cached, and chosen from the measurements."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.catalog.groups import ModelGroup, group_library
from app.core.catalog.library import scan_all
from app.core.context import AppContext
from app.core.planning.words import english
from app.core.runtime.client import RuntimeClient
from app.core.selection import calibration
from app.core.selection.calibration import CalibrationStore, Measurement, machine_key
from app.core.selection.service import VariantSelector, find_group
from app.core.selection.tuning import draft_wins, thread_counts
from tests.conftest import TEST_CACHE
from tests.onnx_fixtures import onnx_model
from tests.vocab_models import vocab_model

ONNX_FOLDER = "onnx-community/SmolLM2-135M-Instruct-onnx-int4"


def link_tree(source: Path, target: Path) -> None:
    """Hard-link a model folder into the library (instant, no extra disk)."""
    for file in source.rglob("*"):
        if file.is_file():
            dest = target / file.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(file, dest)


@pytest.fixture
def library() -> tuple[AppContext, ModelGroup]:
    ctx = AppContext.create()
    ctx.ensure_starter_model()
    link_tree(onnx_model("smollm2-genai-int4"), ctx.paths.models_dir / ONNX_FOLDER)
    groups = group_library(scan_all(ctx.paths.models_dir, include_external=False))
    assert len(groups) == 1
    return ctx, groups[0]


def refuse_to_start() -> RuntimeClient:
    raise AssertionError("a cached calibration must not start a runtime host")


def test_calibration_measures_each_variant_caches_it_and_auto_chooses_from_it(
        library: tuple[AppContext, ModelGroup]) -> None:
    ctx, group = library
    assert sorted(v.label for v in group.variants) == ["GGUF Q4_1", "ONNX int4"]
    selector = VariantSelector(ctx)
    assert len(selector.needs_calibration(group)) == 2
    before = selector.choose(group)
    assert before is not None and not before.measured and "estimated" in english(before.reason)

    progress: list[str] = []
    results = selector.calibrate(group, RuntimeClient, lambda i, n, name: progress.append(name))
    assert len(results) == 2 and len(progress) == 2
    assert all(m.decode_tps > 0 and m.prompt_tps > 0 for m in results.values())
    assert {m.backend for m in results.values()} == {"llama.cpp", "onnxruntime-genai"}
    # The GGUF build was also timed at fewer threads; no draft model is in this library.
    gguf = next(m for m in results.values() if m.backend == "llama.cpp")
    planned = gguf.planned_threads
    assert planned == max(1, ctx.profile.physical_cores)
    assert [n for n, _tps in gguf.thread_tps] == thread_counts(planned)
    assert gguf.threads in thread_counts(planned) and gguf.decode_tps > 0
    assert gguf.draft_candidate is None and gguf.draft_model is None
    onnx = next(m for m in results.values() if m.backend != "llama.cpp")
    assert onnx.threads == 0 and onnx.thread_tps == ()

    # Cached per machine and model: a second calibration measures nothing.
    assert selector.needs_calibration(group) == []
    again = VariantSelector(ctx).calibrate(group, refuse_to_start)
    assert again == results

    choice = selector.choose(group)
    assert choice is not None and choice.measured
    # Auto's plan loads the GGUF build at the thread count that measured fastest.
    gguf_option = next(o for o in choice.options if o.plan and o.plan.backend == "llama.cpp")
    assert gguf_option.plan is not None and gguf_option.plan.params.n_threads == gguf.threads
    fastest = max(choice.options, key=lambda o: o.tps)
    assert choice.option is fastest
    other = next(o for o in choice.options if o is not fastest)
    text = english(choice.reason)
    assert text.startswith(f"{fastest.variant.label} on CPU: ")
    assert f"vs {other.variant.label} " in text and "measured" in text


def test_new_hardware_or_runtime_versions_measure_again(
        library: tuple[AppContext, ModelGroup]) -> None:
    ctx, _group = library
    store = CalibrationStore(ctx.paths.cache_dir / "calibration.json")
    here = machine_key(ctx.profile)
    store.put(here, "model", Measurement(150.0, 400.0, 0.1, 0.3, "llama.cpp", "CPU", 0.0))
    assert store.get(here, "model") is not None
    for changed in (dataclasses.replace(ctx.profile, onnx=dataclasses.replace(
                        ctx.profile.onnx, version="99.0")),
                    dataclasses.replace(ctx.profile, cpu_model="Another CPU"),
                    dataclasses.replace(ctx.profile, llama=dataclasses.replace(
                        ctx.profile.llama, version="0.9.9"))):
        assert store.get(machine_key(changed), "model") is None


def test_a_damaged_cache_is_treated_as_empty(library: tuple[AppContext, ModelGroup]) -> None:
    ctx, group = library
    cache = ctx.paths.cache_dir / "calibration.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("{not json", encoding="utf-8")
    assert len(VariantSelector(ctx).needs_calibration(group)) == 2


def test_ondol_auto_command_prints_the_choice(library: tuple[AppContext, ModelGroup]) -> None:
    result = subprocess.run([sys.executable, "-m", "app", "auto", "--json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["model"] == "SmolLM2-135M-Instruct"
    assert len(report["variants"]) == 2
    assert all(v["decode_tps"] > 0 for v in report["variants"])
    assert report["choice"] in ("GGUF Q4_1", "ONNX int4") and "measured" in report["reason"]
    # The table marks the row it chose (it compared fresh objects before, so never).
    assert [v["variant"] for v in report["variants"] if v["chosen"]] == [report["choice"]]
    gguf = next(v for v in report["variants"] if v["backend"] == "llama.cpp")
    assert gguf["thread_tps"] and str(gguf["threads"]) in gguf["thread_tps"]
    assert gguf["draft"] is None
    # The table says what was measured: cached now, so nothing is measured again.
    table = subprocess.run([sys.executable, "-m", "app", "auto", "--no-calibrate"],
                           capture_output=True, text=True, timeout=120)
    assert table.returncode == 0, table.stderr
    assert "threads: " in table.stdout
    assert f"; using {gguf['threads']}" in table.stdout


def test_a_single_gguf_is_measured_when_a_library_model_could_draft_for_it(
        smollm2_path: Path) -> None:
    ctx = AppContext.create()
    starter = ctx.ensure_starter_model()
    selector = VariantSelector(ctx)

    def smollm2() -> ModelGroup:
        groups = group_library(scan_all(ctx.paths.models_dir, include_external=False))
        found = find_group(groups, str(starter))
        assert found is not None and len(found.variants) == 1
        return found

    assert selector.needs_calibration(smollm2()) == []  # one variant, nothing to draft with
    draft = vocab_model(ctx.paths.models_dir / "pub" / "tiny" / "tiny-draft.gguf", smollm2_path,
                        smollm2_path.stat().st_size // 4)
    group = smollm2()
    assert [v.load_path for v in selector.needs_calibration(group)] == [starter]
    assert selector.draft_for(starter, "llama.cpp") == draft
    assert selector.draft_for(starter, "onnxruntime-genai") is None


QWEN_DIR = TEST_CACHE / "qwen" / "models"
QWEN_SMALL = QWEN_DIR / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN_BIG = QWEN_DIR / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


@pytest.mark.skipif(not (QWEN_SMALL.is_file() and QWEN_BIG.is_file()),
                    reason="the Qwen2.5-Coder 0.5B and 1.5B GGUFs are not in the test cache")
def test_calibration_decodes_with_the_draft_too_and_auto_keeps_the_faster(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibration, "DECODE_TOKENS", 12)  # short: this is not a benchmark
    monkeypatch.setattr(calibration, "RUNS", 1)
    ctx = AppContext.create()
    for file in (QWEN_SMALL, QWEN_BIG):
        dest = ctx.paths.models_dir / "Qwen" / file.stem / file.name
        dest.parent.mkdir(parents=True)
        os.link(file, dest)
    groups = group_library(scan_all(ctx.paths.models_dir, include_external=False))
    group = find_group(groups, str(dest))
    assert group is not None
    selector = VariantSelector(ctx)
    assert len(selector.needs_calibration(group)) == 1  # one build, and a draft for it
    results = selector.calibrate(group, RuntimeClient)
    (measurement,) = results.values()
    assert measurement.draft_candidate is not None
    assert Path(measurement.draft_candidate).name == QWEN_SMALL.name
    assert measurement.draft_tps > 0 and 0.0 <= measurement.draft_acceptance <= 1.0
    faster = draft_wins(measurement.decode_tps, measurement.draft_tps)
    assert measurement.draft_model == (measurement.draft_candidate if faster else None)

    choice = selector.choose(group)
    assert choice is not None and choice.measured
    assert choice.plan.params.draft_model == measurement.draft_model
    assert choice.plan.params.prompt_lookup
    text = english(choice.reason)
    assert ("draft model " if faster else "no draft model (") + QWEN_SMALL.stem in text
