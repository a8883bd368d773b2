"""Tool servers as the user writes them: ``mcp.json`` from LM Studio and Claude Desktop, the
tool settings file, the model's tool-call arguments and how a result is cut."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.core.errors import OndolError, ToolServerError
from app.core.settings.paths import AppPaths
from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
from app.core.tools.arguments import check_arguments
from app.core.tools.config import (
    ToolServer,
    check_server,
    parse_mcp_json,
    read_mcp_json,
    write_mcp_json,
)
from app.core.tools.results import MAX_RESULT_CHARS, join_content

SECRET = "hf_SECRET_token_123"

# As LM Studio's documentation shows it (a remote server with a key in its headers).
LM_STUDIO = {"mcpServers": {"hf-mcp-server": {
    "url": "https://huggingface.co/mcp",
    "headers": {"Authorization": f"Bearer {SECRET}"}}}}

# As Claude Desktop's claude_desktop_config.json holds it, with entries Ondol must skip.
CLAUDE_DESKTOP = {"mcpServers": {
    "filesystem": {"command": "npx",
                   "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"]},
    "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
               "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": SECRET}},
    "both": {"command": "node", "url": "http://localhost:1/mcp"},
    "neither": {"args": ["x"]},
    "ftp": {"url": "ftp://example.com/mcp"},
    "old-sse": {"type": "sse", "url": "http://localhost:8000/sse"},
    "bad-args": {"command": "node", "args": "server.js"},
    "bad-env": {"command": "node", "env": {"PORT": 8080}},
    "not-an-object": ["node", "server.js"],
    "off": {"command": "uvx", "args": ["mcp-server-time"], "disabled": True},
}}


def test_lm_studio_mcp_json_gives_an_http_server_with_its_headers() -> None:
    found = parse_mcp_json(json.dumps(LM_STUDIO))
    assert found.skipped == []
    (server,) = found.servers
    assert (server.name, server.transport, server.url) == (
        "hf-mcp-server", "http", "https://huggingface.co/mcp")
    assert server.headers == {"Authorization": f"Bearer {SECRET}"}
    assert server.command is None and server.enabled
    assert SECRET not in repr(server)  # secrets stay out of logs and tracebacks


def test_claude_desktop_mcp_json_keeps_good_entries_and_says_why_bad_ones_are_skipped() -> None:
    found = parse_mcp_json(json.dumps(CLAUDE_DESKTOP))
    by_name = {s.name: s for s in found.servers}
    assert list(by_name) == ["filesystem", "github", "off"]
    assert by_name["filesystem"].args == ("-y", "@modelcontextprotocol/server-filesystem",
                                          "/Users/me/Desktop")
    assert by_name["github"].env == {"GITHUB_PERSONAL_ACCESS_TOKEN": SECRET}
    assert by_name["off"].enabled is False
    skipped = dict(found.skipped)
    assert set(skipped) == {"both", "neither", "ftp", "old-sse", "bad-args", "bad-env",
                            "not-an-object"}
    assert "not both" in skipped["both"] and "not both" in skipped["neither"]
    assert "http" in skipped["ftp"] and "sse" in skipped["old-sse"]
    assert "env" in skipped["bad-env"]
    assert all(SECRET not in reason for reason in skipped.values())


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"servers": {}}',
                                  '{"mcpServers": []}'])
def test_a_file_that_is_not_mcp_json_is_a_typed_error(text: str) -> None:
    with pytest.raises(ToolServerError) as caught:
        parse_mcp_json(text)
    assert caught.value.facts["reason"] == "bad_mcp_json"
    assert OndolError.from_dict(caught.value.to_dict()).code == "tool_server"


def test_mcp_json_is_written_back_in_the_same_format_for_the_user_only(tmp_path: Path) -> None:
    servers = parse_mcp_json(json.dumps(CLAUDE_DESKTOP)).servers + \
        parse_mcp_json(json.dumps(LM_STUDIO)).servers
    path = tmp_path / "mcp.json"
    write_mcp_json(path, servers)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["mcpServers"]["hf-mcp-server"] == LM_STUDIO["mcpServers"]["hf-mcp-server"]
    assert data["mcpServers"]["github"] == CLAUDE_DESKTOP["mcpServers"]["github"]
    assert data["mcpServers"]["off"]["disabled"] is True
    assert read_mcp_json(path).servers == servers


def test_reading_a_missing_or_binary_mcp_json_is_a_typed_error(tmp_path: Path) -> None:
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    for path in (tmp_path / "absent.json", tmp_path / "bin.json"):
        with pytest.raises(ToolServerError) as caught:
            read_mcp_json(path)
        assert caught.value.facts["reason"] == "bad_mcp_json"


def test_check_server_trims_and_refuses_bad_configs_without_naming_secrets() -> None:
    good = check_server(ToolServer(name="  calc ", command=" python ", args=["-m", "x"]))
    assert (good.name, good.command, good.args) == ("calc", "python", ("-m", "x"))
    bad = [ToolServer(name=""), ToolServer(name="x" * 65, command="a"),
           ToolServer(name="a\nb", command="a"),
           ToolServer(name="h", url="http://a", headers={"Authorization": 5}),  # type: ignore[dict-item]
           ToolServer(name="h", url="localhost:8000")]
    for server in bad:
        with pytest.raises(ToolServerError) as caught:
            check_server(server)
        assert caught.value.facts["reason"] == "bad_config"
    with pytest.raises(ToolServerError) as caught:
        check_server(ToolServer(name="s", url="http://a", headers={"Authorization": SECRET},
                                command="b"))
    assert SECRET not in str(caught.value.to_dict())


# -- the model's arguments ------------------------------------------------------------------

ADD_SCHEMA = {"type": "object", "properties": {"a": {"type": "integer"},
                                               "b": {"type": "integer"}},
              "required": ["a", "b"], "additionalProperties": False}


def test_good_arguments_become_a_dict() -> None:
    assert check_arguments("add", '{"a": 2, "b": 3}', ADD_SCHEMA) == {"a": 2, "b": 3}
    assert check_arguments("add", {"a": 2, "b": 3.0}, ADD_SCHEMA) == {"a": 2, "b": 3.0}
    assert check_arguments("now", "", {}) == {} and check_arguments("now", None) == {}


@pytest.mark.parametrize(("text", "said"), [
    ('{"a": 2, "b": ', "not valid JSON"),
    ("[2, 3]", "must be a JSON object"),
    ('"2 + 3"', "must be a JSON object"),
    ('{"a": 2}', "missing required 'b'"),
    ('{"a": "two", "b": 3}', "'a' must be of type integer"),
    ('{"a": true, "b": 3}', "'a' must be of type integer"),
    ('{"a": 1, "b": 2, "c": 3}', "unknown argument 'c'"),
])
def test_bad_arguments_give_one_clear_sentence_for_the_model(text: str, said: str) -> None:
    with pytest.raises(ToolServerError) as caught:
        check_arguments("add", text, ADD_SCHEMA)
    assert caught.value.facts["reason"] == "invalid_arguments"
    assert said in caught.value.message and "add" in caught.value.message


# -- results ----------------------------------------------------------------------------------

def test_a_result_is_cut_with_a_note_and_other_content_is_named() -> None:
    blocks = [SimpleNamespace(type="text", text="x" * (MAX_RESULT_CHARS + 5000)),
              SimpleNamespace(type="image", data="AAAA" * 10, mime_type="image/png"),
              SimpleNamespace(type="text", text="tail")]
    text, truncated = join_content(blocks)
    assert truncated and len(text) < MAX_RESULT_CHARS + 200
    total = MAX_RESULT_CHARS + 5000 + len("\n[image content (image/png, 30 bytes) omitted]") + \
        len("\ntail")
    assert f"truncated: {total - MAX_RESULT_CHARS:,} of {total:,} characters" in text
    small, cut_off = join_content([SimpleNamespace(type="text", text="5"), blocks[1]])
    assert not cut_off and small.startswith("5\n[image content (image/png, 30 bytes)")


# -- the tool settings file -------------------------------------------------------------------

def test_tool_settings_round_trip_for_the_user_only(tmp_path: Path) -> None:
    path = AppPaths.from_environment().tool_servers_file
    assert path.name == "tool_servers.json"
    store = ToolSettingsStore(tmp_path / "tool_servers.json")
    loaded = store.load()
    assert loaded.servers == [] and loaded.max_steps == 5
    loaded.put(ToolServer(name="calc", command="python", args=("-m", "calc"),
                          env={"KEY": SECRET}))
    loaded.put(ToolServer(name="web", url="http://127.0.0.1:9/mcp", enabled=False))
    loaded.put(ToolServer(name="calc", command="python3"))  # replaces, keeps its place
    loaded.allow_always("calc", "add")
    loaded.max_steps = 3
    store.save(loaded)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    again = ToolSettingsStore(store.path).load()
    assert [s.name for s in again.servers] == ["calc", "web"]
    assert again.server("calc") == ToolServer(name="calc", command="python3")
    assert again.server("web").enabled is False  # type: ignore[union-attr]
    assert again.is_allowed("calc", "add") and not again.is_allowed("calc", "divide")
    assert again.max_steps == 3
    assert again.remove("calc") and not again.is_allowed("calc", "add")


@pytest.mark.parametrize("text", ["{broken", '{"schema_version": 1, "max_steps": 0}',
                                  '{"schema_version": 1, "servers": {}}', "[]"])
def test_a_damaged_tool_settings_file_is_kept_aside(tmp_path: Path, text: str) -> None:
    path = tmp_path / "tool_servers.json"
    path.write_text(text, encoding="utf-8")
    store = ToolSettingsStore(path)
    assert store.load() == ToolSettings()
    assert store.recovered_from is not None and store.recovered_from.read_text() == text
    assert not path.exists()


def test_a_newer_tool_settings_file_is_left_alone_and_bad_entries_are_skipped(
        tmp_path: Path) -> None:
    path = tmp_path / "tool_servers.json"
    newer = '{"schema_version": 99, "servers": []}'
    path.write_text(newer, encoding="utf-8")
    store = ToolSettingsStore(path)
    assert store.load() == ToolSettings()
    with pytest.raises(ToolServerError):
        store.save(ToolSettings())
    assert path.read_text() == newer
    path.write_text(json.dumps({"schema_version": 1, "servers": [
        {"name": "ok", "command": "a"}, {"name": "bad", "url": "nope"}, "junk"]}))
    assert [s.name for s in store.load().servers] == ["ok"]


def test_the_tool_modules_the_window_imports_do_not_load_the_sdk() -> None:
    code = ("import sys, app.core.tools.host, app.core.tools.config, "
            "app.core.settings.tool_servers; print(sorted(m for m in sys.modules "
            "if m == 'mcp' or m.startswith('mcp.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
