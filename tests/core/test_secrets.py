"""API keys: the system keyring where there is a usable one, otherwise a 0600 file."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import chainer, null

from app.core.errors import ConnectionSettingsError
from app.core.settings.secrets import SERVICE, KeyStore, check_key, mask, system_keyring
from tests.core import keyrings

KEY = "sk-test-0123456789abcdef9f2c"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def without_system_keyring() -> Iterator[None]:
    """Unless a test sets another, the keyring is keyring's "fail" backend (none)."""
    with keyrings.using(keyrings.no_keyring()):
        yield


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path / "data")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_mask_shows_only_the_ends_and_less_of_short_keys() -> None:
    assert mask(KEY) == "sk-…9f2c"
    assert mask("abcdefghij") == "…ij"
    assert mask("short") == "…"
    assert mask(None) == mask("") == ""


@pytest.mark.parametrize("bad", ["", "   \n", "sk-abc\ndef", "sk-\x00abc", "sk-\u200babc"])
def test_a_key_with_control_characters_or_nothing_is_refused(bad: str) -> None:
    with pytest.raises(ConnectionSettingsError) as caught:
        check_key(bad)
    assert caught.value.facts == {"reason": "bad_key"}
    assert check_key(f"  {KEY}\n") == KEY  # what a pipe or a paste brings is trimmed


def test_without_a_keyring_keys_go_to_a_file_only_the_user_can_read(store: KeyStore) -> None:
    old_umask = os.umask(0)  # even a umask that lets everyone read must not widen it
    try:
        assert store.where() == "file"
        assert store.set("vLLM", KEY) == "file"
    finally:
        os.umask(old_umask)
    if os.name == "posix":
        assert mode_of(store.path) == 0o600
    assert json.loads(store.path.read_text())["keys"] == {"vllm": KEY}
    assert store.get("VLLM") == KEY and store.get("other") is None
    store.delete("vllm")
    assert store.get("vLLM") is None
    assert not list(store.path.parent.glob("*.tmp"))


@pytest.mark.parametrize("backend", [null.Keyring, chainer.ChainerBackend])
def test_null_and_empty_chainer_backends_are_no_keyring(
        backend: type, store: KeyStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])  # nothing to chain
    with keyrings.using(backend()):
        assert system_keyring() is None
        assert store.set("a", KEY) == "file"


@posix_only
def test_a_key_file_others_can_read_is_refused(store: KeyStore) -> None:
    store.set("a", KEY)
    store.path.chmod(0o644)
    for call in (lambda: store.get("a"), lambda: store.set("b", "sk-other-key-123456")):
        with pytest.raises(ConnectionSettingsError) as caught:
            call()
        assert caught.value.facts["reason"] == "key_file_unsafe"
        assert caught.value.facts["mode"] == "644"
        assert KEY not in str(caught.value) and KEY not in repr(caught.value.facts)
    assert mode_of(store.path) == 0o644  # Ondol never changes the user's file behind them


@posix_only
def test_a_key_file_that_is_a_link_is_not_followed(store: KeyStore, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"schema_version": 1, "keys": {"a": KEY}}))
    elsewhere.chmod(0o600)
    store.path.parent.mkdir(parents=True)
    store.path.symlink_to(elsewhere)
    with pytest.raises(ConnectionSettingsError) as caught:
        store.get("a")
    assert caught.value.facts["reason"] == "key_file_link"


def test_a_damaged_key_file_is_kept_aside(store: KeyStore) -> None:
    store.set("a", KEY)
    damaged = store.path.read_text()[:-10]
    fd = os.open(store.path, os.O_WRONLY | os.O_TRUNC)
    os.write(fd, damaged.encode())
    os.close(fd)
    assert store.get("a") is None
    (kept,) = store.path.parent.glob("keys.json.bad-*")
    assert kept.read_text() == damaged


def test_a_usable_keyring_holds_the_keys_and_no_file_is_written(store: KeyStore) -> None:
    with keyrings.using(keyrings.MemoryKeyring()) as ring:
        assert store.where() == "keyring"
        assert store.set("Hosted", KEY) == "keyring"
        assert ring.passwords == {(SERVICE, "connection/hosted"): KEY}
        assert store.get("hosted") == store.get("HOSTED", "keyring") == KEY
        store.delete("hosted")
        assert ring.passwords == {}
        store.delete("hosted")  # already gone: not an error
    assert not store.path.exists()


def test_a_locked_keyring_falls_back_to_the_file_and_never_logs_the_key(
        store: KeyStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with keyrings.using(keyrings.LockedKeyring()):
        assert store.set("a", KEY) == "file"
        assert store.get("a", "file") == KEY
        with pytest.raises(ConnectionSettingsError) as caught:
            store.get("b", "keyring")
        assert caught.value.facts == {"reason": "keyring_unavailable", "name": "b"}
        store.delete("a")
    assert "locked" in caplog.text.lower() or "KeyringLocked" in caplog.text
    assert KEY not in caplog.text
    assert store.get("a") is None
