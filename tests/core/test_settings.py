"""Settings on real files: defaults, round trip, migration, recovery, newer files, presets."""

from __future__ import annotations

import errno
import json
import logging
import os
from pathlib import Path

import pytest

from app.core.errors import InvalidParameterError, SettingsError
from app.core.formats.metadata import ModelMetadata
from app.core.planning.load_plan import LoadOverrides
from app.core.settings.model_defaults import default_max_tokens, default_sampling_for
from app.core.settings.paths import AppPaths
from app.core.settings.presets import (
    Preset,
    all_presets,
    apply_preset,
    builtin_presets,
    preset_from_params,
    save_user_preset,
)
from app.core.settings.settings import (
    CURRENT_SCHEMA_VERSION,
    MIGRATIONS,
    ModelOverrides,
    Settings,
    SettingsStore,
    reset_model,
    set_load_override,
    set_sampling_override,
)
from app.core.types.params import SamplingParams

MODEL = "lmstudio-community/gemma-3-1b-it-GGUF/gemma-3-1b-it-Q4_K_M.gguf"


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "config" / "settings.json")


def bad_files(store: SettingsStore) -> list[Path]:
    return sorted(store.path.parent.glob("settings.json.bad-*"))


def meta(arch: str) -> ModelMetadata:
    return ModelMetadata(path=Path(f"{arch}.gguf"), format="gguf", file_size_bytes=1,
                         architecture=arch)


def test_missing_file_gives_defaults(store: SettingsStore) -> None:
    settings = store.load()
    assert settings == Settings()
    assert settings.schema_version == CURRENT_SCHEMA_VERSION
    assert store.recovered_from is None and not store.path.exists()


def test_round_trip(store: SettingsStore) -> None:
    settings = Settings(language="ko", theme="dark", first_run_done=True, default_model=MODEL,
                        user_presets={"Mine": {"temperature": 0.3}},
                        overflow_policy="stop_at_limit")
    set_sampling_override(settings, MODEL, "temperature", 0.5)
    set_sampling_override(settings, MODEL, "stop", ("###",))
    set_load_override(settings, MODEL, "n_ctx", 4096)
    store.save(settings)
    assert not store.path.with_name("settings.json.tmp").exists()
    assert SettingsStore(store.path).load() == settings


def test_korean_text_round_trips(store: SettingsStore) -> None:
    settings = Settings(user_presets={"정확하게": {"temperature": 0.1}})
    store.save(settings)
    assert "정확하게" in store.path.read_text(encoding="utf-8")
    assert store.load().user_presets == {"정확하게": {"temperature": 0.1}}


def test_v1_file_is_migrated_and_saved_back(store: SettingsStore) -> None:
    assert len(MIGRATIONS) == CURRENT_SCHEMA_VERSION - 1
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": 1, "lang": "ko", "dark_mode": True}))
    settings = store.load()
    assert (settings.language, settings.theme) == ("ko", "dark")
    on_disk = json.loads(store.path.read_text())
    assert on_disk["schema_version"] == 2 and on_disk["theme"] == "dark"
    assert "lang" not in on_disk and "dark_mode" not in on_disk
    assert store.recovered_from is None and bad_files(store) == []


def test_v1_light_mode_becomes_light_theme(store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": 1, "lang": "en", "dark_mode": False}))
    assert store.load().theme == "light"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"theme": "dark"}', "\xff\xfe"])
def test_corrupt_file_is_kept_aside_and_defaults_used(
        store: SettingsStore, content: str, caplog: pytest.LogCaptureFixture) -> None:
    store.path.parent.mkdir(parents=True)
    raw = content.encode("latin-1")
    store.path.write_bytes(raw)
    with caplog.at_level(logging.WARNING, logger="ondol.settings"):
        settings = store.load()
    assert settings == Settings()
    assert store.recovered_from is not None and store.recovered_from.read_bytes() == raw
    assert bad_files(store) == [store.recovered_from] and not store.path.exists()
    assert "damaged" in caplog.text
    store.save(settings)  # and the app carries on
    assert SettingsStore(store.path).load() == Settings()


@pytest.mark.parametrize("bad", [{"language": 5}, {"theme": "purple"}, {"first_run_done": "yes"},
                                 {"model_overrides": {MODEL: {"sampling": [1]}}},
                                 {"user_presets": {"x": 0.5}}, {"schema_version": "2"}])
def test_wrong_types_are_recovered(store: SettingsStore, bad: dict) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": 2, **bad}))
    assert store.load() == Settings()
    assert store.recovered_from is not None and json.loads(store.recovered_from.read_text())


def test_bad_v1_value_is_recovered(store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": 1, "dark_mode": "sometimes"}))
    assert store.load() == Settings() and store.recovered_from is not None


def test_newer_file_is_left_untouched_and_never_overwritten(store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    original = json.dumps({"schema_version": 99, "language": "ko", "hologram": True})
    store.path.write_text(original)
    settings = store.load()
    assert settings == Settings() and store.newer_version == 99
    assert store.recovered_from is None and bad_files(store) == []
    settings.theme = "dark"
    with pytest.raises(SettingsError) as info:
        store.save(settings)
    assert info.value.facts["reason"] == "newer_schema" and info.value.code == "settings_error"
    assert store.path.read_text() == original
    store.save(settings, overwrite_newer=True)  # an explicit "reset settings" from the user
    assert SettingsStore(store.path).load().theme == "dark"


def test_save_failure_is_typed_and_keeps_old_file(store: SettingsStore) -> None:
    blocker = store.path.parent.parent / "blocked"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(SettingsError) as info:
        SettingsStore(blocker / "settings.json").save(Settings())
    assert info.value.facts["reason"] == "write_failed"
    assert info.value.facts["path"] == str(blocker / "settings.json")


def test_disk_full_is_typed_and_leaves_no_tmp(store: SettingsStore,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(Settings(language="ko"))

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SettingsError) as info:
        store.save(Settings(language="en"))
    assert info.value.facts == {"reason": "write_failed", "path": str(store.path),
                                "errno": errno.ENOSPC}
    assert isinstance(info.value.__cause__, OSError)
    assert not store.path.with_name("settings.json.tmp").exists()
    monkeypatch.undo()
    assert store.load().language == "ko"


def test_model_overrides_apply_and_reset() -> None:
    settings = Settings()
    set_sampling_override(settings, MODEL, "temperature", 0.3)
    set_sampling_override(settings, MODEL, "max_tokens", None)
    set_load_override(settings, MODEL, "n_gpu_layers", -1)
    set_load_override(settings, MODEL, "kv_cache_type", "q8_0")
    base = default_sampling_for(meta("gemma3"))
    effective = settings.overrides_for(MODEL).effective_sampling(base)
    assert (effective.temperature, effective.top_k, effective.max_tokens) == (0.3, 64, None)
    assert settings.overrides_for(MODEL).load_overrides() == LoadOverrides(
        n_gpu_layers=-1, kv_cache_type="q8_0")
    set_load_override(settings, MODEL, "n_gpu_layers", None)  # None: let Ondol decide again
    assert "n_gpu_layers" not in settings.model_overrides[MODEL].load
    assert reset_model(settings, MODEL) and MODEL not in settings.model_overrides
    assert settings.overrides_for(MODEL).effective_sampling(base) == base
    assert not reset_model(settings, MODEL)


def test_override_setters_check_names_types_and_ranges() -> None:
    settings = Settings()
    with pytest.raises(SettingsError):
        set_sampling_override(settings, MODEL, "warmth", 1.0)
    with pytest.raises(InvalidParameterError):
        set_sampling_override(settings, MODEL, "top_p", 1.5)
    with pytest.raises(InvalidParameterError):
        set_sampling_override(settings, MODEL, "top_k", True)
    with pytest.raises(InvalidParameterError):
        set_load_override(settings, MODEL, "kv_cache_type", "q3")
    with pytest.raises(SettingsError):
        set_load_override(settings, MODEL, "swa_full", False)
    assert settings.model_overrides == {}


def test_hand_edited_bad_overrides_are_skipped(caplog: pytest.LogCaptureFixture) -> None:
    entry = ModelOverrides(sampling={"temperature": 0.4, "warmth": 2, "top_p": "high"},
                           load={"n_ctx": 2048, "turbo": True, "device": "quantum"})
    with caplog.at_level(logging.WARNING, logger="ondol.settings"):
        sampling = entry.effective_sampling(SamplingParams())
        load = entry.load_overrides()
    assert sampling == SamplingParams(temperature=0.4)
    assert load == LoadOverrides(n_ctx=2048)
    assert "warmth" in caplog.text and "turbo" in caplog.text


def test_builtin_presets_apply() -> None:
    presets = builtin_presets()
    assert list(presets) == ["Precise", "Balanced", "Creative"]
    assert all(p.description and p.builtin for p in presets.values())
    base = SamplingParams(max_tokens=100, seed=7)
    precise = apply_preset(base, presets["Precise"])
    assert (precise.temperature, precise.top_p, precise.top_k, precise.min_p,
            precise.repeat_penalty) == (0.2, 0.9, 40, 0.05, 1.1)
    assert (precise.max_tokens, precise.seed) == (100, 7)  # not the preset's business
    creative = apply_preset(base, presets["Creative"])
    assert (creative.temperature, creative.top_p, creative.top_k, creative.min_p,
            creative.repeat_penalty) == (1.0, 0.98, 100, 0.02, 1.05)
    assert apply_preset(base, presets["Balanced"]).temperature == 0.7


def test_user_preset_round_trip(store: SettingsStore) -> None:
    params = SamplingParams(temperature=0.33, top_k=12, max_tokens=99, seed=5, stop=("END",))
    preset = preset_from_params("My style", params)
    assert "max_tokens" not in preset.values and "seed" not in preset.values
    assert "stop" not in preset.values
    settings = Settings()
    save_user_preset(settings, preset)
    store.save(settings)
    loaded = all_presets(store.load())
    assert list(loaded) == ["Precise", "Balanced", "Creative", "My style"]
    again = apply_preset(SamplingParams(max_tokens=10), loaded["My style"])
    assert (again.temperature, again.top_k, again.max_tokens) == (0.33, 12, 10)


def test_user_preset_cannot_take_a_builtin_name() -> None:
    settings = Settings()
    for name in ("Precise", "balanced"):
        with pytest.raises(SettingsError) as info:
            save_user_preset(settings, Preset(name, "", {"temperature": 0.1}))
        assert info.value.facts["reason"] == "preset_name_taken"
    settings.user_presets["Creative"] = {"temperature": 2.0}  # as from a hand-edited file
    with pytest.raises(SettingsError):
        all_presets(settings)
    assert builtin_presets()["Creative"].values["temperature"] == 1.0


def test_model_defaults_by_architecture() -> None:
    gemma = default_sampling_for(meta("gemma3"))
    assert (gemma.temperature, gemma.top_k, gemma.top_p) == (1.0, 64, 0.95)
    qwen = default_sampling_for(meta("qwen2"))
    assert (qwen.temperature, qwen.top_p, qwen.top_k) == (0.7, 0.8, 20)
    assert default_sampling_for(meta("llama")) == SamplingParams()
    assert default_sampling_for(None) == SamplingParams()
    assert gemma.validate() is gemma
    assert [default_max_tokens(n) for n in (512, 2048, 8192, 131072)] == [128, 512, 2048, 2048]
    with pytest.raises(InvalidParameterError):
        default_max_tokens(8)


def test_ondol_home_relocates_the_settings_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "elsewhere"
    monkeypatch.setenv("ONDOL_HOME", str(home))
    path = AppPaths.from_environment().settings_file
    assert path == home.resolve() / "config" / "settings.json"
    SettingsStore(path).save(Settings(language="ko"))
    assert path.is_file() and SettingsStore(path).load().language == "ko"
