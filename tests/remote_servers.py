"""Small hostile OpenAI-style servers on 127.0.0.1, one thread each, for the remote client's
tests: they answer HTML, refuse keys, ask to slow down, say the prompt is too long in vLLM's
and llama-server's words, lose the model, never answer, cut a stream, stall one, redirect,
stream tool calls in pieces, refuse tools.

``models`` says how ``GET .../models`` answers, ``chat`` how the completion endpoints do; every
request is kept in ``seen`` (path, headers, JSON body) for the test to look at.
``LlamaCppServer`` starts a real one: llama-cpp-python's own server, in its own process.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from app.core.errors import RemoteServerError
from app.core.remote.endpoint import Endpoint, list_models

MODEL = "org/test-model"
ANSWER = ("Hel", "lo")
USAGE = {"prompt_tokens": 11, "completion_tokens": 5, "total_tokens": 16}
VLLM_TOO_LONG = ("This model's maximum context length is 2048 tokens. However, you requested "
                 "4000 tokens (3000 in the messages, 1000 in the completion). Please reduce the "
                 "length of the messages or completion.")
LLAMA_TOO_LONG = "the request exceeds the available context size, try increasing it"
VLLM_NO_TOOLS = ('"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser '
                 "to be set")
TOOL_TEXT = "Let me add."  # said before the calls
# Two calls streamed as vLLM streams them: id and name first, the arguments in pieces.
TOOL_CALL_PIECES = (
    {"index": 0, "id": "call_add", "type": "function",
     "function": {"name": "add", "arguments": ""}},
    {"index": 0, "function": {"arguments": '{"a": 2, '}},
    {"index": 0, "function": {"arguments": '"b": 3}'}},
    {"index": 1, "id": "call_now", "type": "function", "function": {"name": "now"}},
    {"index": 1, "function": {"arguments": "{}"}},
)
TOOL_CALLS = (("call_add", "add", '{"a": 2, "b": 3}'), ("call_now", "now", "{}"))
WAIT_LIMIT = 30.0  # a stalled handler gives up after this, whatever happens
START_LIMIT = 120.0  # seconds for a real server to load its model and answer


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Handler(BaseHTTPRequestHandler):
    """Answers as its server's ``models`` / ``chat`` behaviours say."""

    protocol_version = "HTTP/1.1"
    server: HostileServer

    def log_message(self, *_args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self._answer(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self._answer(json.loads(raw) if raw else {})

    def _answer(self, body: dict[str, Any] | None) -> None:
        host = self.server
        host.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if host.redirect_to:
            self._send(307, b"", "text/plain", {"Location": host.redirect_to + self.path})
            return
        behaviour = host.models if body is None else host.chat
        if behaviour == "ok" and body is not None:
            refused = [k for k in host.refuse if k in body]
            if refused:
                self._json(400, {"error": {"message": "Unrecognized request argument "
                                           f"supplied: {refused[0]}", "type":
                                           "invalid_request_error"}})
                return
        getattr(self, "_" + behaviour)(body)

    # -- plain answers --------------------------------------------------------------------

    def _send(self, status: int, data: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", headers)

    def _error(self, status: int, message: str, kind: str,
               headers: dict[str, str] | None = None) -> None:
        self._json(status, {"error": {"message": message, "type": kind, "code": status}},
                   headers)

    def _ok(self, body: dict[str, Any] | None) -> None:
        if body is None:
            self._json(200, {"object": "list", "data": [
                {"id": MODEL, "object": "model", "owned_by": "tests", "max_model_len": 4096}]})
        elif body.get("stream"):
            self._stream(body, ANSWER, finish=self.server.finish)
        else:  # a whole answer (a probe asks for one token this way)
            self._json(200, {"id": "x", "object": "chat.completion", "created": 0,
                             "model": MODEL, "usage": USAGE, "choices": [
                                 {"index": 0, "finish_reason": "length", "message": {
                                     "role": "assistant", "content": ANSWER[0]}}]})

    def _v1_only(self, body: dict[str, Any] | None) -> None:
        if self.path.startswith("/v1/"):
            self._ok(body)
        else:
            self._html(body)

    def _html(self, _body: Any) -> None:
        self._send(200, b"<!doctype html><html><body>Welcome</body></html>", "text/html")

    def _wrong_shape(self, _body: Any) -> None:
        self._json(200, {"models": ["a", "b"]})

    def _unauthorized(self, _body: Any) -> None:
        self._error(401, "Invalid API key", "authentication_error")

    def _rate_limited(self, _body: Any) -> None:
        self._error(429, "Too many requests", "rate_limit_error", {"Retry-After": "7"})

    def _too_long_vllm(self, _body: Any) -> None:
        self._json(400, {"object": "error", "message": VLLM_TOO_LONG,
                         "type": "BadRequestError", "param": None, "code": 400})

    def _too_long_llama(self, _body: Any) -> None:
        self._json(400, {"error": {"code": 400, "message": LLAMA_TOO_LONG,
                                   "type": "exceed_context_size_error", "n_prompt_tokens": 5000,
                                   "n_ctx": 4096}})

    def _no_model(self, _body: Any) -> None:
        self._error(404, f"The model `{MODEL}` does not exist.", "NotFoundError")

    def _broken(self, _body: Any) -> None:
        self._error(500, "CUDA out of memory", "InternalServerError")

    def _tool_calls(self, body: dict[str, Any] | None) -> None:
        """Calls ``add`` and ``now`` when offered tools; answers in words after their results."""
        if body is None or not body.get("stream") or not body.get("tools") or \
                body["messages"][-1]["role"] == "tool":
            self._ok(body)
            return
        self._start_stream()
        self._event(self._chunk(body, TOOL_TEXT, None))
        for piece in TOOL_CALL_PIECES:
            self._event({**self._chunk(body, None, None), "choices": [
                {"index": 0, "finish_reason": None, "delta": {"tool_calls": [piece]}}]})
        self._event(self._chunk(body, None, "tool_calls"))
        self._event("[DONE]")

    def _no_tools_vllm(self, body: dict[str, Any] | None) -> None:
        """vLLM started without tool calling: any request with tools is refused."""
        if body is not None and body.get("tools"):
            self._json(400, {"object": "error", "message": VLLM_NO_TOOLS,
                             "type": "BadRequestError", "param": None, "code": 400})
        else:
            self._ok(body)

    def _silent(self, _body: Any) -> None:
        self.server.release.wait(WAIT_LIMIT)  # never answers (until the server stops)
        self.close_connection = True

    # -- streams --------------------------------------------------------------------------

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")  # no length: the body ends when the socket does
        self.end_headers()
        self.close_connection = True

    def _event(self, data: dict[str, Any] | str) -> None:
        text = data if isinstance(data, str) else json.dumps(data)
        self.wfile.write(f"data: {text}\n\n".encode())
        self.wfile.flush()

    def _chunk(self, body: dict[str, Any], text: str | None, finish: str | None) -> dict[str, Any]:
        chat = "messages" in body
        choice: dict[str, Any] = {"index": 0, "finish_reason": finish}
        if chat:
            choice["delta"] = {"content": text} if text is not None else {}
        else:
            choice["text"] = text or ""
        return {"id": "x", "object": "chat.completion.chunk" if chat else "text_completion",
                "created": 0, "model": MODEL, "choices": [choice]}

    def _stream(self, body: dict[str, Any], parts: tuple[str, ...], finish: str) -> None:
        self._start_stream()
        for part in parts:
            self._event(self._chunk(body, part, None))
        self._event(self._chunk(body, None, finish))
        if (body.get("stream_options") or {}).get("include_usage"):
            self._event({**self._chunk(body, None, None), "choices": [], "usage": USAGE})
        self._event("[DONE]")

    def _cut(self, body: dict[str, Any]) -> None:
        self._start_stream()
        for part in ("a", "b"):
            self._event(self._chunk(body, part, None))
        self.connection.shutdown(socket.SHUT_RDWR)  # gone, without a finish or [DONE]

    def _stall(self, body: dict[str, Any]) -> None:
        self._start_stream()
        self._event(self._chunk(body, "first", None))
        self.server.release.wait(WAIT_LIMIT)


class HostileServer(ThreadingHTTPServer):
    """One misbehaving server on a free port of 127.0.0.1, served by a daemon thread."""

    daemon_threads = True

    def __init__(self, models: str = "ok", chat: str = "ok", *, refuse: tuple[str, ...] = (),
                 finish: str = "stop", redirect_to: str | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.models, self.chat, self.refuse = models, chat, refuse
        self.finish = finish
        self.redirect_to = redirect_to
        self.seen: list[tuple[str, dict[str, str], dict[str, Any] | None]] = []
        self.release = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that went away (a cancel, a timeout) is what these tests do."""

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def base_url(self) -> str:
        """The OpenAI base URL (``/v1``)."""
        return self.origin + "/v1"

    def stop(self) -> None:
        """Release stalled handlers and stop serving."""
        self.release.set()
        self.shutdown()
        self.server_close()
        self._thread.join(5)


class LlamaCppServer:
    """``python -m llama_cpp.server`` on a free port, serving one GGUF."""

    def __init__(self, model: Path, log: Path) -> None:
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}/v1"
        self.log = log
        with log.open("w") as out:  # a file, not a pipe: a full pipe would stall the server
            self.process = subprocess.Popen(
                [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host",
                 "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
                stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_LIMIT
        while True:  # a process start: nothing to wait on but the port answering
            try:
                self.models = list_models(Endpoint(self.base_url, None), timeout=2.0)
                return
            except RemoteServerError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("llama_cpp.server did not start: "
                                       + self.log.read_text(errors="replace")[-3000:]) from None
                time.sleep(0.25)

    def stop(self) -> None:
        """End the process for certain."""
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
