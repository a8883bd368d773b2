"""A small MCP server for the tool tests, written with the SDK's ``MCPServer`` (FastMCP).

A calculator (``add``, ``multiply``, ``divide``, which refuses to divide by zero), a clock
(``now``), and three misbehaving tools: ``huge`` returns 10 MB of text, ``crash`` ends the
process in the middle of a call, ``hang`` never answers.

    python -m tests.tools.mcp_test_server              # over stdio
    python -m tests.tools.mcp_test_server --port 8765  # over streamable HTTP at /mcp

``--stubborn`` (stdio) makes a server that is hard to end: it starts a child process of its
own, ignores SIGTERM and keeps running after its stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

HUGE_CHARS = 10 * 2**20

server = MCPServer("ondol-test-tools")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two whole numbers."""
    return a + b


@server.tool()
def multiply(a: float, b: float) -> float:
    """Multiply two numbers."""
    return a * b


@server.tool()
def divide(a: float, b: float) -> float:
    """Divide a by b."""
    if b == 0:
        raise ToolError("Cannot divide by zero.")
    return a / b


@server.tool()
def now() -> str:
    """The current time in UTC, ISO 8601."""
    return datetime.now(timezone.utc).isoformat()


@server.tool()
def huge() -> str:
    """Ten megabytes of text."""
    return "x" * HUGE_CHARS


@server.tool()
def crash() -> str:
    """End the server process at once."""
    os._exit(3)


@server.tool()
async def hang() -> str:
    """Never answer."""
    await asyncio.Event().wait()
    return "never"


def main() -> None:
    """Serve over stdio, or over streamable HTTP on 127.0.0.1 when a port is given."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int)
    parser.add_argument("--stubborn", action="store_true")
    args = parser.parse_args()
    if args.stubborn:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    if args.port is None:
        server.run("stdio")
        while args.stubborn:  # stdin closed: a well-behaved server would end here
            time.sleep(1)
    else:
        server.run("streamable-http", host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
