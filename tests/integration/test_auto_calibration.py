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
from app.core.selection.calibration import CalibrationStore, Measurement, machine_key
from app.core.selection.service import VariantSelector
from tests.onnx_fixtures import onnx_model

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

    # Cached per machine and model: a second calibration measures nothing.
    assert selector.needs_calibration(group) == []
    again = VariantSelector(ctx).calibrate(group, refuse_to_start)
    assert again == results

    choice = selector.choose(group)
    assert choice is not None and choice.measured
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
