"""Remote connections: names, addresses, where their keys are, and a file that never breaks."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from app.core.errors import ConnectionSettingsError
from app.core.settings.connections import Connection, ConnectionStore, check_name, check_url
from app.core.settings.paths import AppPaths
from app.core.settings.settings import Settings, SettingsStore
from tests.core import keyrings

KEY = "sk-test-0123456789abcdef9f2c"


@pytest.fixture(autouse=True)
def without_system_keyring() -> Iterator[None]:
    with keyrings.using(keyrings.no_keyring()):
        yield


@pytest.fixture
def paths() -> AppPaths:
    return AppPaths.from_environment().ensure()  # ONDOL_HOME is a temp folder in every test


@pytest.fixture
def store(paths: AppPaths) -> ConnectionStore:
    return ConnectionStore(paths.connections_file)


def reason_of(call: object, *args: object) -> str:
    with pytest.raises(ConnectionSettingsError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value.facts["reason"]


def test_connections_and_keys_round_trip(store: ConnectionStore, paths: AppPaths,
                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    added = store.add(Connection(" vLLM box ", "http://gpu.local:8000/v1/"), f"{KEY}\n")
    store.add(Connection("ollama", "http://localhost:11434"))
    assert added.name == "vLLM box" and added.base_url == "http://gpu.local:8000/v1"
    assert added.added_at.endswith("+00:00")
    again = ConnectionStore(paths.connections_file)  # another process would see the same
    assert [c.name for c in again.list()] == ["vLLM box", "ollama"]
    assert again.get("VLLM BOX") == added
    assert again.get("ollama").base_url == "http://localhost:11434"  # no "/v1" added
    assert (again.key_storage("vllm box"), again.key_storage("ollama")) == ("file", None)
    assert again.api_key("vLLM box") == KEY and again.api_key("ollama") is None
    assert KEY not in paths.connections_file.read_text()
    assert KEY not in repr(again.list()) and KEY not in caplog.text

    renamed = again.rename("vllm box", "gpu")
    assert (renamed.name, again.api_key("GPU"), again.key_storage("gpu")) == ("gpu", KEY, "file")
    assert reason_of(again.get, "vLLM box") == "not_found"
    assert again.remove("gpu").name == "gpu"
    assert again.keys.get("gpu") is None and again.keys.get("vLLM box") is None
    assert [c.name for c in again.list()] == ["ollama"]


def test_keys_go_to_the_keyring_when_there_is_one(store: ConnectionStore) -> None:
    with keyrings.using(keyrings.MemoryKeyring()) as ring:
        store.add(Connection("hosted", "https://api.example.com/v1"), KEY)
        assert store.key_storage("hosted") == "keyring" and store.api_key("hosted") == KEY
        assert list(ring.passwords.values()) == [KEY]
        store.remove("hosted")
        assert ring.passwords == {}
    assert not store.keys.path.exists()


@pytest.mark.parametrize(("name", "problem"), [
    ("", "empty"), ("   ", "empty"), ("a" * 41, "too_long"), ("vllm/box", "slash"),
    ("a\nb", "control"), ("a\x00b", "control"), ("a\u200bb", "control"), (None, "empty"),
])
def test_bad_names_are_refused_with_a_reason(name: str, problem: str) -> None:
    with pytest.raises(ConnectionSettingsError) as caught:
        check_name(name)
    assert caught.value.facts == {"reason": "bad_name", "problem": problem}


def test_good_names_are_kept_and_taken_ones_refused_in_any_case(store: ConnectionStore) -> None:
    assert check_name("a" * 40) == "a" * 40
    store.add(Connection("로컬 vLLM", "http://localhost:8000/v1"))
    assert reason_of(store.add, Connection("로컬 VLLM", "http://other:1")) == "name_taken"
    store.add(Connection("b", "http://b"))
    assert reason_of(store.rename, "b", "로컬 vllm") == "name_taken"
    assert reason_of(store.remove, "nobody") == "not_found"


@pytest.mark.parametrize(("url", "problem"), [
    ("ftp://host/v1", "scheme"), ("localhost:8000", "scheme"), ("", "scheme"),
    ("javascript:alert(1)", "scheme"), ("http://", "host"), ("https:///v1", "host"),
    ("http://user:hunter2@host/v1", "credentials"), ("http://token@host", "credentials"),
    ("http://host/v1?key=1", "query"), ("http://host/v1?", "query"),
    ("http://host/v1#top", "fragment"), ("http://host:99999", "port"), ("http://host:0", "port"),
    ("http://host:abc/v1", "port"), ("http://[::1/v1", "host"), ("http://host/ v1", "characters"),
    ("http://host/\nv1", "characters"),
])
def test_bad_addresses_are_refused_without_repeating_a_password(url: str, problem: str) -> None:
    with pytest.raises(ConnectionSettingsError) as caught:
        check_url(url)
    assert caught.value.facts == {"reason": "bad_url", "problem": problem}
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(("url", "kept"), [
    ("http://localhost:8000/v1/", "http://localhost:8000/v1"),
    ("  HTTPS://Api.Example.com/v1  ", "https://Api.Example.com/v1"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("http://192.168.0.10:5151/", "http://192.168.0.10:5151"),
])
def test_good_addresses_are_kept_as_typed_less_a_trailing_slash(url: str, kept: str) -> None:
    assert check_url(url) == kept


def test_a_damaged_file_is_kept_aside_and_the_other_settings_stay(
        store: ConnectionStore, paths: AppPaths) -> None:
    settings = SettingsStore(paths.settings_file)
    settings.save(Settings(language="ko", theme="dark"))
    for damaged in ("{not json", json.dumps({"schema_version": 1, "connections": [
            {"name": "a/b", "base_url": "http://x"}]}), json.dumps([1, 2]),
            json.dumps({"schema_version": 1, "connections": [
                {"name": "a", "base_url": "http://x"}, {"name": "A", "base_url": "http://y"}]})):
        paths.connections_file.write_text(damaged)
        assert store.list() == []
        assert store.recovered_from is not None
        assert store.recovered_from.read_text() == damaged
        assert not paths.connections_file.exists()
    assert len(list(paths.data_dir.glob("connections.json.bad-*"))) == 4
    assert SettingsStore(paths.settings_file).load().language == "ko"
    store.add(Connection("fresh", "http://x"))  # and it can be used again at once
    assert [c.name for c in store.list()] == ["fresh"]


def test_a_file_from_a_newer_ondol_is_never_overwritten(store: ConnectionStore,
                                                        paths: AppPaths) -> None:
    newer = json.dumps({"schema_version": 99, "connections": "something new"})
    paths.connections_file.write_text(newer)
    assert store.list() == [] and store.newer_version == 99
    assert reason_of(store.add, Connection("a", "http://x")) == "newer_schema"
    assert paths.connections_file.read_text() == newer


def test_knobs_are_remembered_per_connection(store: ConnectionStore, paths: AppPaths) -> None:
    store.add(Connection("vllm", "http://x"))
    store.add(Connection("other", "http://y"))
    assert store.knobs("vllm") == {}
    store.set_knobs("VLLM", {"min_p": "refused", "ctx:qwen": "32768"})
    store.rename("other", "third")  # other changes keep what was learned
    again = ConnectionStore(paths.connections_file)
    assert again.knobs("vllm") == {"min_p": "refused", "ctx:qwen": "32768"}
    assert again.knobs("third") == {}
    with pytest.raises(TypeError):
        again.set_knobs("vllm", {"min_p": 1})  # type: ignore[dict-item]
    assert reason_of(again.set_knobs, "nobody", {}) == "not_found"


def test_a_failed_save_leaves_no_key_behind(store: ConnectionStore, paths: AppPaths) -> None:
    paths.connections_file.mkdir()  # a folder in the way: the file cannot be written
    assert reason_of(store.add, Connection("a", "http://x"), KEY) == "write_failed"
    assert store.keys.get("a") is None
