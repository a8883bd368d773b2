"""The native edges of llama.cpp: its log, its load-progress hook and its abort callback.

``verbose=False`` alone does not silence llama.cpp: llama-cpp-python's own log callback still
prints errors to stderr. Here the native log goes to the ``ondol.llama`` logger instead, and
the last lines are kept so a failed load can say what llama.cpp complained about.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import llama_cpp

logger = logging.getLogger("ondol.llama")

# ggml_log_level (ggml.h: NONE, DEBUG, INFO, WARN, ERROR, CONT) → logging level; CONT (5)
# continues the previous line. llama-cpp-python's own table predates this order.
_LEVELS = {0: logging.DEBUG, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING,
           4: logging.ERROR}


class NativeLog:
    """Receives llama.cpp's log lines; keeps recent warnings and errors for error messages."""

    def __init__(self, sink: Callable[[int, str], None] | None = None) -> None:
        self.recent: deque[str] = deque(maxlen=20)
        self._sink = sink
        self._last_level = logging.INFO
        self._partial = ""
        # Keep a reference: llama.cpp holds only the raw function pointer.
        self._callback = llama_cpp.llama_log_callback(self._on_log)

    def install(self) -> None:
        """Route llama.cpp's log here (process-wide)."""
        llama_cpp.llama_log_set(self._callback, ctypes.c_void_p(0))

    def _on_log(self, level: int, text: bytes, _user_data: Any) -> None:
        level_no = self._last_level if level == 5 else _LEVELS.get(level, logging.DEBUG)
        self._last_level = level_no
        self._partial += text.decode("utf-8", errors="replace")
        if not self._partial.endswith("\n"):
            return
        line, self._partial = self._partial.rstrip(), ""
        if not line:
            return
        if level_no >= logging.WARNING:
            self.recent.append(line)
        if self._sink is not None:
            self._sink(level_no, line)
        else:
            logger.log(level_no, "%s", line)

    def take_recent(self) -> list[str]:
        """The recent warnings/errors, clearing the buffer."""
        lines = list(self.recent)
        self.recent.clear()
        return lines


@contextlib.contextmanager
def load_progress_hook(on_progress: Callable[[float], bool]) -> Iterator[None]:
    """Give the next ``Llama(...)`` a load-progress callback.

    llama-cpp-python builds its model parameters inside ``Llama.__init__`` and offers no way to
    set ``progress_callback``; so for the duration of one load, the function that makes the
    default parameters is wrapped to add ours. The host is single-threaded, so this is safe.
    """
    original = llama_cpp.llama_cpp.llama_model_default_params

    def _progress(progress: float, _user_data: Any) -> bool:
        return bool(on_progress(float(progress)))

    callback = llama_cpp.llama_progress_callback(_progress)

    def _with_progress() -> Any:
        params = original()
        params.progress_callback = callback
        return params

    llama_cpp.llama_cpp.llama_model_default_params = _with_progress
    try:
        yield
    finally:
        llama_cpp.llama_cpp.llama_model_default_params = original


class AbortHook:
    """llama.cpp's abort callback on a context: lets a long prompt stop mid-computation.

    ggml asks it before every graph node, so it costs a Python call per node; it is switched
    on for prompt processing (where the wait can be seconds) and off for decoding, where the
    per-token check is enough and the call would cost throughput.
    """

    def __init__(self, ctx: Any, should_stop: Callable[[], bool]) -> None:
        self._ctx = ctx
        self._should_stop = should_stop
        self._callback = llama_cpp.ggml_abort_callback(lambda _data: bool(self._should_stop()))
        self._null = ctypes.cast(None, llama_cpp.ggml_abort_callback)
        self.armed = False

    def arm(self) -> None:
        """Ask ``should_stop`` during computation from now on."""
        llama_cpp.llama_set_abort_callback(self._ctx, self._callback, None)
        self.armed = True

    def disarm(self) -> None:
        """Stop asking (decode speed)."""
        if self.armed:
            llama_cpp.llama_set_abort_callback(self._ctx, self._null, None)
            self.armed = False
