"""The tool host with a real MCP server (``tests/tools/mcp_test_server.py``), over stdio and
over streamable HTTP: tools listed, calls, errors, a 10 MB result, a call that hangs, a server
that crashes, and no process left behind."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.core.tools.config import ToolServer
from app.core.tools.host import ToolHost
from app.core.tools.results import MAX_RESULT_CHARS
from tests.child_processes import check_no_leftovers, snapshot
from tests.tools.http_server import free_port, mcp_over_http

SERVER_FILE = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"
STDIO = ToolServer(name="calc", command=sys.executable, args=(str(SERVER_FILE),))
START_WAIT = 30.0


@pytest.fixture(scope="module")
def http_url() -> Iterator[str]:
    """The test server over streamable HTTP in its own process, on a free port."""
    with mcp_over_http() as url:
        yield url


@pytest.fixture(scope="module")
def host(http_url: str) -> Iterator[ToolHost]:
    """One host with the test server twice: ``calc`` over stdio, ``web`` over HTTP."""
    tools = ToolHost()
    failed = tools.start([STDIO, ToolServer(name="web", url=http_url)])
    assert failed == {}
    yield tools
    tools.close()


def test_tools_are_listed_and_a_shared_name_is_qualified(host: ToolHost) -> None:
    specs = {spec.name: spec for spec in host.tools()}
    assert {"calc__add", "web__add", "calc__divide", "web__now", "web__hang"} <= set(specs)
    add = host.find("web__add")
    assert add is not None and (add.server, add.tool) == ("web", "add")
    assert set(add.input_schema["properties"]) == {"a", "b"}
    assert "Add" in add.description
    assert host.status() == {"calc": None, "web": None}


@pytest.mark.parametrize("server", ["calc", "web"])
def test_add_and_errors_over_both_transports(host: ToolHost, server: str) -> None:
    added = host.call(server, "add", {"a": 2, "b": 3}, timeout=20)
    assert (added.text, added.is_error, added.truncated) == ("5", False, False)
    zero = host.call(server, "divide", {"a": 1, "b": 0}, timeout=20)
    assert zero.is_error and zero.error_reason == "tool_error" and "zero" in zero.text
    rejected = host.call(server, "add", {"a": "two", "b": 3}, timeout=20)
    assert rejected.is_error and rejected.error_reason in ("tool_error", "rejected")
    missing = host.call(server, "subtract", {"a": 1}, timeout=20)
    assert missing.is_error and missing.error_reason == "not_found"


@pytest.mark.parametrize("server", ["calc", "web"])
def test_ten_megabytes_are_cut_with_a_note(host: ToolHost, server: str) -> None:
    result = host.call(server, "huge", {}, timeout=60)
    assert result.truncated and not result.is_error
    assert len(result.text) < MAX_RESULT_CHARS + 200
    assert f"of {10 * 2**20:,} characters left out" in result.text


@pytest.mark.parametrize("server", ["calc", "web"])
def test_a_hanging_call_times_out_and_the_server_goes_on(host: ToolHost, server: str) -> None:
    result = host.call(server, "hang", {}, timeout=1.0)
    assert result.is_error and result.error_reason == "timeout"
    assert host.call(server, "multiply", {"a": 2, "b": 4}, timeout=20).text == "8.0"
    assert host.status()[server] is None


def test_a_crash_marks_the_server_down_the_other_goes_on_and_restart_brings_it_back(
        http_url: str) -> None:
    before = snapshot()
    tools = ToolHost()
    try:
        assert tools.start([STDIO, ToolServer(name="web", url=http_url)]) == {}
        (pid,) = tools.pids()
        crashed = tools.call("calc", "crash", {}, timeout=20)
        assert crashed.is_error and crashed.error_reason == "server_crashed"
        assert tools.status() == {"calc": "server_crashed", "web": None}
        assert {s.server for s in tools.tools()} == {"web"}
        assert tools.call("calc", "add", {"a": 1, "b": 1}).error_reason == "server_down"
        assert tools.call("web", "add", {"a": 1, "b": 1}, timeout=20).text == "2"
        tools.restart("calc")
        assert tools.pids() != {pid}
        assert tools.call("calc", "add", {"a": 1, "b": 1}, timeout=20).text == "2"
    finally:
        tools.close()
    check_no_leftovers(before)


def test_servers_that_cannot_start_are_reported_and_the_others_work(tmp_path: Path) -> None:
    tools = ToolHost()
    try:
        failed = tools.start([
            STDIO,
            ToolServer(name="missing", command=str(tmp_path / "no-such-program")),
            ToolServer(name="nobody", url=f"http://127.0.0.1:{free_port()}/mcp"),
            ToolServer(name="not-mcp", command=sys.executable, args=("-c", "print('hello')")),
            ToolServer(name="off", command="never-run", enabled=False),
        ], timeout=15)
        assert set(failed) == {"missing", "nobody", "not-mcp"}
        assert {e.facts["reason"] for e in failed.values()} == {"start_failed"}
        assert all(e.facts["server"] == name for name, e in failed.items())
        assert tools.status()["calc"] is None and "off" not in tools.status()
        assert tools.call("calc", "add", {"a": 2, "b": 2}, timeout=20).text == "4"
    finally:
        tools.close()


def test_close_ends_a_stubborn_server_and_its_children() -> None:
    before = snapshot()
    tools = ToolHost()
    stubborn = ToolServer(name="stubborn", command=sys.executable,
                          args=(str(SERVER_FILE), "--stubborn"))
    assert tools.start([stubborn]) == {}
    (pid,) = tools.pids()
    family = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    assert len(family) == 2  # the server and the child it started
    tools.close()
    tools.close()  # twice is harmless
    _gone, alive = psutil.wait_procs(family, timeout=5)
    assert alive == []
    check_no_leftovers(before)
    assert tools.call("stubborn", "add", {"a": 1, "b": 1}).error_reason in (
        "server_down", "not_found")
