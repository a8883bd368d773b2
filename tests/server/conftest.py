"""``ondol serve`` in its own process on 127.0.0.1 (the official ``openai`` client talks to it),
and servers inside the test process for what a test must see or arrange from the inside (the
pool, the request log, a small queue). Both serve the real starter model."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openai import OpenAI

from app.core.context import AppContext
from app.core.settings.paths import AppPaths
from app.server.pool import ModelPool
from app.server.serve import Server, ServerOptions
from tests.conftest import REPO

STARTER = "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF/SmolLM2-135M-Instruct.Q4_1.gguf"


def openai_client(base_url: str, api_key: str = "not-needed") -> OpenAI:
    """The official client, as a user points it at Ondol (no retries: each answer counts)."""
    return OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=300)


class Served:
    """An ``ondol serve`` process: its address and what it wrote to stderr."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {**os.environ, "ONDOL_HOME": str(home)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", "0", *args], cwd=REPO, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(self.process.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(120)
        assert lines and lines[0].startswith("http://127.0.0.1:"), self._failure(lines)
        self.base_url = lines[0].strip()

    def _failure(self, lines: list[str]) -> str:
        self.process.kill()
        return f"no address printed: {lines!r} {self.process.stderr.read()[-3000:]}"

    def stop(self) -> tuple[int, str]:
        """Ctrl+C, as a person stops it; the exit status and stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            _out, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return self.process.returncode, err


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One ``ondol serve`` for the module, its library holding the starter model."""
    server = Served(tmp_path_factory.mktemp("served-home"))
    yield server
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


@pytest.fixture(scope="module")
def client(served: Served) -> OpenAI:
    return openai_client(served.base_url)


MakeServer = Callable[..., Server]


@pytest.fixture
def make_server(ondol_home: Path) -> Iterator[MakeServer]:
    """Servers inside the test process, over the test's own ONDOL_HOME; stopped afterwards."""
    made: list[Server] = []

    def make(*, api_key: str | None = None, ctx: AppContext | None = None,
             **pool_options: Any) -> Server:
        context = ctx or AppContext(AppPaths.from_environment().ensure())
        context.ensure_starter_model()
        server = Server(ModelPool(context, **pool_options), ServerOptions(port=0,
                                                                          api_key=api_key))
        server.start()
        made.append(server)
        return server

    yield make
    for server in made:
        server.stop()
