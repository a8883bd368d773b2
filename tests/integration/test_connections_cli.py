"""``ondol connections add | list | rm`` end to end, in a subprocess, with ONDOL_HOME in a temp
folder and keyring's "fail" backend (so the machine's own keyring is never touched)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

KEY = "sk-cli-0123456789abcdef9f2c"
OTHER_KEY = "sk-second-key-abcdefgh1234"


def ondol(*args: str, stdin: str | None = None,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                **(env or {})}
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_add_list_and_remove_connections(ondol_home: Path) -> None:
    added = ondol("connections", "add", "hosted", "https://api.example.com/v1/", "--no-check",
                  "--api-key-env", "TEST_KEY_VAR", env={"TEST_KEY_VAR": KEY})
    assert added.returncode == 0, added.stderr
    assert "keys.json" in added.stdout and "sk-" not in added.stdout
    piped = ondol("connections", "add", "vllm", "http://localhost:8000/v1", "--api-key-stdin",
                  "--no-check", "--json", stdin=f"{OTHER_KEY}\n")
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["key_storage"] == "file"
    assert ondol("connections", "add", "ollama", "http://localhost:11434",
                 "--no-check").returncode == 0

    table = ondol("connections", "list")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["NAME", "URL", "KEY"]
    assert "https://api.example.com/v1" in lines[1] and "in a file (sk-…9f2c)" in lines[1]
    assert lines[3].split() == ["ollama", "http://localhost:11434", "none"]
    rows = [json.loads(line) for line in ondol("connections", "list", "--json").stdout.splitlines()]
    assert [(r["name"], r["key_storage"], r["key"]) for r in rows] == [
        ("hosted", "file", "sk-…9f2c"), ("vllm", "file", "sk-…1234"), ("ollama", None, None)]
    for output in (added.stdout, added.stderr, piped.stdout, table.stdout):
        assert KEY not in output and OTHER_KEY not in output

    keys_file = ondol_home / "data" / "keys.json"
    if os.name == "posix":
        assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
        keys_file.chmod(0o644)  # others could read it: its keys are not used, the list still is
        unsafe = ondol("connections", "list")
        assert unsafe.returncode == 0 and "in a file — cannot be read" in unsafe.stdout
        assert "chmod 600" in unsafe.stderr and KEY not in unsafe.stdout + unsafe.stderr
        keys_file.chmod(0o600)
    removed = ondol("connections", "rm", "HOSTED")
    assert (removed.returncode, removed.stdout) == (0, "Removed hosted.\n")
    assert KEY not in keys_file.read_text()
    assert [c["name"] for c in json.loads(
        (ondol_home / "data" / "connections.json").read_text())["connections"]] == [
        "vllm", "ollama"]


@pytest.mark.parametrize(("args", "code", "words"), [
    (("rm", "nobody"), 1, "There is no connection named nobody."),
    (("add", "x", "http://user:hunter2@host/v1"), 1, "cannot be used (credentials)"),
    (("add", "a/b", "http://host"), 1, "without '/'"),
    (("add", "x", "http://host", "--api-key-env", "NOT_SET_ANYWHERE_42"), 2,
     "NOT_SET_ANYWHERE_42 is not set"),
    (("add", "x", "http://host", "--api-key", KEY), 2, "never taken on the command line"),
])
def test_errors_are_one_clear_line_without_a_traceback(args: tuple[str, ...], code: int,
                                                       words: str) -> None:
    result = ondol("connections", *args)
    assert result.returncode == code
    assert words in result.stderr and "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr and KEY not in result.stderr


def test_help_says_why_a_key_is_never_an_argument() -> None:
    result = ondol("connections", "add", "--help")
    assert result.returncode == 0
    assert "`ps`" in result.stdout and "history" in result.stdout


def test_a_server_that_cannot_be_checked_is_saved_only_with_force(ondol_home: Path) -> None:
    from tests.remote_servers import free_port

    url = f"http://127.0.0.1:{free_port()}/v1"
    refused = ondol("connections", "add", "gone", url)
    assert refused.returncode == 1 and "cannot be reached" in refused.stderr
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert "gone" not in ondol("connections", "list").stdout
    forced = ondol("connections", "add", "gone", url, "--force")
    assert forced.returncode == 0 and "anyway" in forced.stderr
    assert f"Added gone ({url})" in forced.stdout
