"""Settings files holding arbitrary bytes, arbitrary JSON, or plausible objects with any value.

Property: ``SettingsStore.load`` never raises; a bad file is moved aside byte-identical and
defaults come back; a good current-version or newer file is left untouched; the loaded settings
yield sampling and load overrides and save without error. Bounds: 5 s and 64 MiB per load
(tests/fuzz/bounds.py); nothing is written outside the settings folder.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from app.core.settings.settings import (
    CURRENT_SCHEMA_VERSION,
    Settings,
    SettingsStore,
)
from app.core.types.params import SamplingParams
from tests.fuzz.bounds import bounded
from tests.fuzz.strategies import JSON

_KEYS = ("language", "theme", "first_run_done", "default_model", "overflow_policy", "lang",
         "dark_mode")
_VALUES = st.one_of(JSON, st.sampled_from(["system", "en", "ko", "dark", "light", True, False]))
_SAMPLING = st.dictionaries(st.sampled_from(["temperature", "top_k", "top_p", "seed", "stop",
                                             "max_tokens", "nope"]), JSON, max_size=4)
_LOAD = st.dictionaries(st.sampled_from(["n_ctx", "device", "flash_attn", "kv_cache_type",
                                         "n_gpu_layers", "nope"]), JSON, max_size=4)
_OVERRIDES = st.dictionaries(st.text(max_size=10), st.one_of(
    st.fixed_dictionaries({}, optional={"sampling": _SAMPLING, "load": _LOAD}), JSON), max_size=3)


@st.composite
def _plausible(draw: st.DrawFn) -> str:
    data = draw(st.fixed_dictionaries({}, optional={k: _VALUES for k in _KEYS}))
    data["schema_version"] = draw(st.one_of(st.integers(-2, CURRENT_SCHEMA_VERSION + 2), JSON))
    if draw(st.booleans()):
        data["model_overrides"] = draw(st.one_of(_OVERRIDES, JSON))
    if draw(st.booleans()):
        data["user_presets"] = draw(st.one_of(st.dictionaries(st.text(max_size=8), JSON), JSON))
    return json.dumps(data)


CONTENT = st.one_of(st.binary(max_size=200), st.builds(json.dumps, JSON), _plausible())


@given(CONTENT)
@example('{"schema_version": 2, "user_presets": {"a": {"x": NaN}}}')
@example('{"schema_version": 1, "dark_mode": true, "lang": "ko"}')  # migrated and saved
def test_any_settings_file_loads(content: str | bytes) -> None:
    """Bounds: 5 s and 64 MiB per load; the user's file is never changed in place when bad."""
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config" / "settings.json"
        path.parent.mkdir()
        path.write_bytes(raw)
        store = SettingsStore(path)
        settings = bounded(store.load)
        assert isinstance(settings, Settings)  # load raises nothing, not even OndolError
        if store.recovered_from is not None:
            assert settings == Settings()
            assert store.recovered_from.read_bytes() == raw and not path.exists()
            assert store.recovered_from.parent == path.parent
        elif store.newer_version is not None:
            assert settings == Settings() and path.read_bytes() == raw
        else:
            version = json.loads(raw)["schema_version"]
            if version == CURRENT_SCHEMA_VERSION:
                assert path.read_bytes() == raw
        for name in settings.model_overrides:
            settings.overrides_for(name).effective_sampling(SamplingParams())
            settings.overrides_for(name).load_overrides()
        if store.newer_version is None:
            store.save(settings)
            again = SettingsStore(path).load()  # compared as JSON: NaN is not equal to itself
            assert json.dumps(again.to_dict()) == json.dumps(settings.to_dict())
        assert [p.name for p in Path(tmp).iterdir()] == ["config"]
