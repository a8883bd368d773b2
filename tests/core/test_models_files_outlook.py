"""``ondol models files``: each variant's fit, longest context and estimated speed here, against
the local fake hub."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.core.catalog.starter import SMOLLM2
from app.core.planning import speed
from tests.fakehub import FakeHub, fixtures
from tests.fakehub.fixtures import STARTER_REPO

fake_hub = fixtures.fake_hub
PROBE = 22e9  # bytes per second the copy probe is made to report (≈ 101 tok/s here)


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed, "probe_copy_bandwidth", lambda: PROBE)


def expected_tps() -> float:
    return PROBE * speed.DECODE_EFFICIENCY / SMOLLM2.size_bytes


def test_files_prints_fit_context_and_speed(fake_hub: FakeHub, probe: None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "files", STARTER_REPO]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert header.split()[:4] == ["VARIANT", "FMT", "SIZE", "HERE"]
    assert "MAX CONTEXT" in header and "SPEED" in header
    assert row.startswith("Q4_1") and "Fits in RAM (CPU)" in row and "recommended" in row
    assert f"≈ {expected_tps():.0f} tok/s" in row
    assert "8,192" in row  # SmolLM2's trained length fits easily


def test_files_json_has_the_same_numbers(fake_hub: FakeHub, probe: None,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "files", STARTER_REPO, "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["variants"]
    assert row["tps"] == pytest.approx(expected_tps(), abs=0.1)
    assert row["max_context"] == 8192


def test_a_measured_answer_changes_the_prediction(fake_hub: FakeHub, probe: None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from app.core.context import AppContext
    from app.core.selection.service import VariantSelector

    ctx = AppContext.create()
    machine = VariantSelector(ctx).machine
    # Another model decoded here at 5 GB/s with the default threads: that is what counts now.
    speed.speed_store(ctx.paths.data_dir).add_run(machine, speed.SpeedRun(
        "llama.cpp", "CPU", max(1, ctx.profile.physical_cores), 250_000_000, 20.0))
    assert main(["models", "files", STARTER_REPO, "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["variants"]
    assert row["tps"] == pytest.approx(5e9 / SMOLLM2.size_bytes, abs=0.1)
