"""Hostile settings files and hand-edited presets: defaults or a typed error, never a
traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import InvalidParameterError
from app.core.settings.presets import all_presets, apply_preset
from app.core.settings.settings import Settings, SettingsStore
from app.core.types.params import SamplingParams

DEPTH = 100_000  # far past Python's recursion limit


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "config" / "settings.json")


@pytest.mark.parametrize("content", [
    "[" * DEPTH + "]" * DEPTH,
    '{"schema_version": 2, "user_presets": {"x": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH
    + "}}",
    '{"schema_version": 2, "model_overrides": ' + "[" * DEPTH + "]" * DEPTH + "}",
], ids=["top-level", "in-a-preset", "in-overrides"])
def test_deeply_nested_file_is_set_aside_and_defaults_used(store: SettingsStore,
                                                           content: str) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content)
    assert store.load() == Settings()
    assert store.recovered_from is not None
    assert store.recovered_from.read_text() == content and not store.path.exists()
    store.save(Settings())  # the app carries on
    assert SettingsStore(store.path).load() == Settings()


@pytest.mark.parametrize(("field", "value"), [
    ("temperature", "hot"), ("top_k", 4.5), ("top_p", None), ("min_p", [0.1]),
    ("repeat_penalty", True), ("presence_penalty", {"a": 1}),
])
def test_preset_with_a_wrong_type_is_refused_with_a_typed_error(field: str, value: object
                                                                ) -> None:
    settings = Settings()
    settings.user_presets["Mine"] = {"temperature": 0.4, field: value}  # hand-edited file
    preset = all_presets(settings)["Mine"]
    with pytest.raises(InvalidParameterError) as info:
        apply_preset(SamplingParams(), preset)
    assert info.value.facts["reason"] == "wrong_type"
    assert info.value.facts["parameter"] == field


def test_preset_out_of_range_is_still_refused() -> None:
    settings = Settings()
    settings.user_presets["Mine"] = {"temperature": -1}
    with pytest.raises(InvalidParameterError) as info:
        apply_preset(SamplingParams(), all_presets(settings)["Mine"])
    assert info.value.facts["parameter"] == "temperature"


def test_saved_preset_with_a_string_loads_and_is_refused_when_applied(
        store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": 2,
                                      "user_presets": {"Mine": {"top_k": "40"}}}))
    settings = store.load()
    assert store.recovered_from is None
    with pytest.raises(InvalidParameterError):
        apply_preset(SamplingParams(), all_presets(settings)["Mine"])
