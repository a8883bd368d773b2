"""Bounds on rendering a chat template: time, and the size of what it builds.

A chat template is code from a downloaded file; Jinja's sandbox stops it from reaching out,
but not from looping for ever (two nested loops of 100,000 each) or from building a string of
gigabytes (``'x' * 10**10``). Rendering gets a deadline, enforced by raising an exception in the
rendering thread once it passes (CPython delivers it between bytecodes, so it stops any loop of
template code), and the operators and calls that can make a huge value in one native step are
checked before they run.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.core.errors import ChatTemplateError

RENDER_SECONDS = 5.0  # a real template renders in milliseconds
MAX_CHARS = 16_000_000  # far beyond the longest prompt any context window holds
MAX_POWER_BITS = 4096  # an integer power larger than this is never a prompt's business

T = TypeVar("T")


class _RenderTimeout(BaseException):
    """Raised inside the rendering thread at the deadline (a BaseException, so that nothing in
    Jinja's own code catches it on the way out)."""


def too_long(what: str, size: int) -> ChatTemplateError:
    """The error for a template that builds more than ``MAX_CHARS``."""
    return ChatTemplateError(
        f"The chat template built {what} of {size:,} characters or items; the limit is "
        f"{MAX_CHARS:,}.", reason="too_long", limit=MAX_CHARS)


def _check_size(value: Any, what: str) -> Any:
    if isinstance(value, str | bytes | list | tuple) and len(value) > MAX_CHARS:
        raise too_long(what, len(value))
    return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with no operator or call that makes a huge value in one step."""

    intercepted_binops = frozenset({"+", "*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``left operator right``, refused before it runs if the result would be huge.

        Raises:
            ChatTemplateError: (reason ``too_long``) the result would pass the limits.
        """
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, str | bytes | list | tuple) and isinstance(times, int)
                        and len(seq) * times > MAX_CHARS):
                    raise too_long("a repeated value", len(seq) * times)
        if (operator == "**" and isinstance(left, int) and isinstance(right, int)
                and abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS):
            raise ChatTemplateError(
                f"The chat template computes a power too large to hold ({left} ** {right}).",
                reason="too_long", limit=MAX_CHARS)
        return _check_size(super().call_binop(context, operator, left, right), "a value")

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """A call from the template; a string it returns is held to the size limit.

        Raises:
            ChatTemplateError: (reason ``too_long``) the call built a value past the limit.
        """
        return _check_size(super().call(context, obj, *args, **kwargs), "a value")


    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``; a value grown past the limit (a namespace doubled in a loop) is
        refused when it is read.

        Raises:
            ChatTemplateError: (reason ``too_long``) the value is past the limit.
        """
        return _check_size(super().getattr(obj, attribute), "a value")

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]``, held to the same limit as ``getattr``.

        Raises:
            ChatTemplateError: (reason ``too_long``) the value is past the limit.
        """
        return _check_size(super().getitem(obj, argument), "a value")


def join_bounded(chunks: Iterable[str]) -> str:
    """The rendered chunks joined, stopping once they pass ``MAX_CHARS``.

    Raises:
        ChatTemplateError: (reason ``too_long``) the output passed the limit.
    """
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_CHARS:
            raise too_long("a prompt", size)
        parts.append(chunk)
    return "".join(parts)


def _interrupt(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``thread_id`` at its next bytecode (None: forget a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc else None)


def run_with_deadline(work: Callable[[], T], seconds: float | None = None) -> T:
    """``work()``, stopped if it runs past ``seconds`` (None: ``RENDER_SECONDS``).

    Raises:
        ChatTemplateError: (reason ``too_slow``) the deadline passed first.
    """
    seconds = RENDER_SECONDS if seconds is None else seconds
    try:
        return _run(work, seconds)
    except _RenderTimeout:
        raise ChatTemplateError(
            f"The chat template took longer than {seconds:.0f} s to render; it probably loops "
            f"without end.", reason="too_slow", seconds=seconds) from None


def _run(work: Callable[[], T], seconds: float) -> T:
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def fire() -> None:
        with lock:  # never after the work ended: the exception would land elsewhere
            if state["active"]:
                state["fired"] = True
                _interrupt(thread_id, _RenderTimeout)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        return work()
    finally:
        timer.cancel()
        with lock:
            state["active"] = False
            if state["fired"]:
                _interrupt(thread_id, None)  # fired as the work ended: not delivered, forget it
