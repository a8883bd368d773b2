"""What calibration's timings decide beyond the variant: the thread count and the draft model,
and how Auto's plan and reason take them (hand-written measurements, real planner)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from app.core.planning.load_plan import LoadOverrides
from app.core.planning.planner import plan_load
from app.core.planning.words import english
from app.core.selection.auto import VariantOption, choose
from app.core.selection.calibration import CalibrationStore, Measurement
from app.core.selection.tuning import draft_wins, fastest_threads, thread_counts, tuned_overrides
from tests.core.test_auto_choice import GGUF_Q41, ONNX_INT4, TWO_CORE, measured, options


def tuned(draft: Path | None, draft_tps: float, chosen: bool, threads: int = 2,
          speeds: tuple[tuple[int, float], ...] = ((2, 29.0), (1, 20.6))) -> Measurement:
    return dataclasses.replace(
        measured(dict(speeds)[threads]), threads=threads, planned_threads=2, thread_tps=speeds,
        draft_candidate=str(draft) if draft else None, draft_tps=draft_tps,
        draft_acceptance=0.7, draft_model=str(draft) if chosen and draft else None)


def test_the_thread_counts_timed_are_the_plans_and_a_few_fewer() -> None:
    assert thread_counts(2) == [2, 1]
    assert thread_counts(1) == [1]
    assert thread_counts(3) == [3, 2, 1]
    assert thread_counts(4) == [4, 3, 2]
    assert thread_counts(16) == [16, 15, 8]


def test_the_fastest_thread_count_wins_but_a_tie_keeps_the_plans() -> None:
    assert fastest_threads({2: 8.7, 1: 19.0}, 2) == 1  # one core taken by another program
    assert fastest_threads({2: 29.0, 1: 20.6}, 2) == 2  # a quiet machine
    assert fastest_threads({2: 20.0, 1: 20.3}, 2) == 2  # within the noise
    assert fastest_threads({8: 30.0, 7: 36.0, 4: 33.0}, 8) == 7
    assert fastest_threads({}, 4) == 4


def test_fewer_threads_timed_beside_busy_programs_do_not_cap_the_count() -> None:
    # The runtime lowers the count while others are busy, and never above the plan's.
    assert fastest_threads({2: 8.7, 1: 19.0}, 2, busy=True) == 2


def test_the_draft_model_is_used_only_where_it_measured_faster() -> None:
    assert draft_wins(29.0, 41.0)
    assert not draft_wins(29.0, 25.0)
    assert not draft_wins(29.0, 29.4)  # within the noise
    assert not draft_wins(0.0, 10.0)


def test_a_faster_draft_and_fewer_threads_go_into_the_plan_and_its_reason(
        tmp_path: Path) -> None:
    draft = tmp_path / "qwen-0.5b.gguf"
    draft.write_bytes(b"GGUF")
    measurement = tuned(draft, 41.0, chosen=True, threads=1, speeds=((2, 8.7), (1, 19.0)))
    overrides, why = tuned_overrides(None, measurement)
    assert overrides == LoadOverrides(n_threads=1, draft_model=str(draft))
    assert [english(r) for r in why] == [
        "fewer threads (1): 19 tok/s measured vs 9 tok/s measured with 2",
        "draft model qwen-0.5b: 41 tok/s measured vs 19 tok/s measured without"]
    plan = plan_load(GGUF_Q41[1], TWO_CORE, overrides)
    assert plan.params.n_threads == 1 and plan.params.draft_model == str(draft)
    assert plan.params.prompt_lookup  # on either way: it adapts itself

    option = VariantOption(GGUF_Q41[0], plan, None, measurement, None, why)
    choice = choose([option, *options(TWO_CORE, (ONNX_INT4, measured(30.0, "onnxruntime-genai")))])
    assert choice is not None and choice.option is option  # 41 with the draft beats 30
    assert choice.reason.code == "auto.tuned"
    assert english(choice.reason) == (
        "GGUF Q4_1 on CPU: 41 tok/s measured vs ONNX int4 30 tok/s measured; fewer threads (1): "
        "19 tok/s measured vs 9 tok/s measured with 2, draft model qwen-0.5b: 41 tok/s "
        "measured vs 19 tok/s measured without")


def test_a_slower_draft_is_not_loaded_and_the_reason_says_why(tmp_path: Path) -> None:
    draft = tmp_path / "qwen-0.5b.gguf"
    draft.write_bytes(b"GGUF")
    overrides, why = tuned_overrides(LoadOverrides(n_ctx=2048), tuned(draft, 25.0, chosen=False))
    assert overrides == LoadOverrides(n_ctx=2048)  # all cores were fastest: nothing changes
    assert [english(r) for r in why] == [
        "no draft model (qwen-0.5b gave 25 tok/s measured vs 29 tok/s measured without)"]
    assert plan_load(GGUF_Q41[1], TWO_CORE, overrides).params.draft_model is None


def test_the_users_choices_and_a_deleted_draft_win_over_the_measurement(tmp_path: Path) -> None:
    draft = tmp_path / "qwen-0.5b.gguf"
    draft.write_bytes(b"GGUF")
    faster = tuned(draft, 41.0, chosen=True, threads=1, speeds=((2, 8.7), (1, 19.0)))
    mine = LoadOverrides(n_threads=2, draft_model="/models/my-draft.gguf")
    assert tuned_overrides(mine, faster) == (mine, ())
    draft.unlink()
    overrides, why = tuned_overrides(None, faster)
    assert overrides == LoadOverrides(n_threads=1) and len(why) == 1
    assert tuned_overrides(None, None) == (None, ())
    assert tuned_overrides(None, measured(30.0)) == (None, ())  # not timed (an older entry)


def test_the_stored_measurement_keeps_its_timings(tmp_path: Path) -> None:
    store = CalibrationStore(tmp_path / "calibration.json")
    measurement = tuned(tmp_path / "d.gguf", 41.0, chosen=True)
    store.put("machine", "model", measurement)
    assert store.get("machine", "model") == measurement
    assert store.all_for("machine") == {"model": measurement}
    assert measurement.best_tps == 41.0 and measured(30.0).best_tps == 30.0
    # An entry of another shape is dropped, not raised.
    store.put("machine", "odd", dataclasses.replace(measurement, thread_tps=()))
    text = (tmp_path / "calibration.json").read_text().replace('"thread_tps": []',
                                                               '"thread_tps": [["x", 1]]')
    (tmp_path / "calibration.json").write_text(text)
    assert store.get("machine", "odd") is None and store.get("machine", "model") is not None
