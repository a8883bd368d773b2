"""The native edges of llama.cpp: its log, its load-progress hook and its abort callback (and
keeping llama-cpp-python from compiling chat templates Ondol renders itself).

``verbose=False`` alone does not silence llama.cpp: llama-cpp-python's own log callback still
prints errors to stderr. Here the native log goes to the ``ondol.llama`` logger instead, and
the last lines are kept so a failed load can say what llama.cpp complained about.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import re
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import llama_cpp
import llama_cpp.llama_chat_format as llama_chat_format

logger = logging.getLogger("ondol.llama")

# ggml_log_level (ggml.h: NONE, DEBUG, INFO, WARN, ERROR, CONT) → logging level; CONT (5)
# continues the previous line. llama-cpp-python's own table predates this order.
_LEVELS = {0: logging.DEBUG, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING,
           4: logging.ERROR}


def _forward(level: int, text: bytes, user_data: Any) -> None:
    if _current is not None:
        _current._on_log(level, text, user_data)


# llama.cpp keeps only the raw function pointer, for the life of the process: so the callback
# is one module-level object that never dies, passing lines to the log installed last. (A
# callback owned by each log crashed the process when llama.cpp logged after that log was
# freed, e.g. reading a tokenizer alone after a model was unloaded.)
_TRAMPOLINE = llama_cpp.llama_log_callback(_forward)
_current: NativeLog | None = None


class NativeLog:
    """Receives llama.cpp's log lines; keeps recent warnings and errors for error messages."""

    def __init__(self, sink: Callable[[int, str], None] | None = None) -> None:
        self.recent: deque[str] = deque(maxlen=20)
        self.recent_errors: deque[str] = deque(maxlen=20)  # the ERROR-level ones among them
        self._sink = sink
        self._last_level = logging.INFO
        self._partial = ""

    def install(self) -> None:
        """Route llama.cpp's log here (process-wide, until another is installed)."""
        global _current
        _current = self
        llama_cpp.llama_log_set(_TRAMPOLINE, ctypes.c_void_p(0))

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
        if level_no >= logging.ERROR:
            self.recent_errors.append(line)
        if self._sink is not None:
            self._sink(level_no, line)
        else:
            logger.log(level_no, "%s", line)

    def take_recent(self) -> list[str]:
        """The recent warnings/errors, clearing the buffer."""
        lines = list(self.recent)
        self.recent.clear()
        self.recent_errors.clear()
        return lines

    def failure_detail(self) -> str | None:
        """The line that best says why the last load failed: from the errors first (a warning
        such as "missing pre-tokenizer type" names no failure), then from the warnings."""
        return meaningful_line(list(self.recent_errors)) or meaningful_line(list(self.recent))


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


# Lines llama.cpp logs after the real cause, as each caller gives up in turn.
_GENERIC = re.compile(r"failed to (load model|read tensor info|read key-value pairs|read header)"
                      r"( from .*)?$|error loading model$")
# Words that name a cause: the first line with one is the cause, the rest are its echoes.
_CAUSE = re.compile(r"duplicate|invalid|unknown|missing|mismatch|corrupt|unsupported|"
                    r"not within|out of bounds|too (large|many|big)|wrong|unexpected", re.I)
_FAILURE = re.compile(r"error|fail|cannot|can't|unable", re.I)
_PREFIX = re.compile(r"^(\w+: )+")  # "llama_model_load: " and the like


def meaningful_line(lines: list[str]) -> str | None:
    """The log line that says why a load failed, without llama.cpp's function-name prefixes.

    The first line naming a cause (a duplicate tensor, an unknown architecture, ...) wins over
    later ones, which only repeat that the load failed; then the last failure line that is not
    one of those echoes; then the last line; None for no lines.
    """
    texts = [_PREFIX.sub("", line).strip() for line in lines]
    specific = [t for t in texts if t and not _GENERIC.search(t)]
    for pick in ([t for t in specific if _CAUSE.search(t)][:1],
                 [t for t in specific if _FAILURE.search(t)][-1:], texts[-1:]):
        if pick:
            return pick[0]
    return None


class _UnusedChatFormatter:
    """Stands in for llama-cpp-python's template formatter: nothing is compiled."""

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        pass

    def to_chat_handler(self) -> Callable[..., Any]:
        return _unused_chat_handler


def _unused_chat_handler(*_args: Any, **_kwargs: Any) -> Any:
    """llama-cpp-python's chat API, which Ondol never calls.

    Raises:
        NotImplementedError: always; Ondol renders chat templates itself.
    """
    raise NotImplementedError("chat templates are rendered by Ondol, not llama-cpp-python")


@contextlib.contextmanager
def library_templates_off() -> Iterator[None]:
    """Keep the next ``Llama(...)`` from compiling the file's chat templates.

    ``Llama.__init__`` compiles every template in the file for its own chat API, which Ondol
    does not use (it renders templates itself, in a sandbox, with a fallback); one template that
    does not compile would otherwise make the whole model unloadable. The host is
    single-threaded, so swapping the class for one load is safe.
    """
    original = llama_chat_format.Jinja2ChatFormatter
    llama_chat_format.Jinja2ChatFormatter = _UnusedChatFormatter  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        llama_chat_format.Jinja2ChatFormatter = original  # type: ignore[misc]


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
        """Ask ``should_stop`` during computation from now on (nothing to do if armed)."""
        if not self.armed:
            llama_cpp.llama_set_abort_callback(self._ctx, self._callback, None)
            self.armed = True

    def disarm(self) -> None:
        """Stop asking (decode speed)."""
        if self.armed:
            llama_cpp.llama_set_abort_callback(self._ctx, self._null, None)
            self.armed = False
