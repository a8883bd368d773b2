"""Child processes that end when the process that started them dies.

A runtime host or a probe child that outlives the app would go on computing for nobody (a
killed window once left a host at 90% CPU for minutes). Two mechanisms, because each covers a
gap of the other:

- Linux: ``PR_SET_PDEATHSIG``. The kernel kills the child when its parent goes, even while the
  child is inside native code that holds the GIL (where no thread of the child can run). The
  kernel ties it to the *thread* that started the child, not the process: a window starts hosts
  from worker threads, which may end long before the app does. So ``start_child`` starts a
  child either from the main thread or, for any other thread, from one spawner thread that
  lives as long as the process.
- Everywhere: a watchdog thread that waits on multiprocessing's parent sentinel (a pipe on
  POSIX, a process handle on Windows: ready once the parent is gone) and checks the parent pid,
  and ends the process with ``os._exit``. It runs while the main thread is in native code that
  releases the GIL (llama.cpp through ctypes, onnxruntime's ``run``).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.process import BaseProcess

PR_SET_PDEATHSIG = 1
PARENT_GONE_EXIT_CODE = 70  # what the child exits with when it notices its parent is gone
CHECK_SECONDS = 1.0  # how often the watchdog also looks at the parent pid


def _set_death_signal() -> bool:
    """Ask Linux to send SIGKILL to this process when its parent (thread) ends."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(None, use_errno=True)  # this process's own symbols include libc's
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    return False


def _parent_gone(parent_pid: int) -> bool:
    """Whether the parent died: on POSIX an orphan is re-parented, so its ppid changes."""
    return os.name == "posix" and os.getppid() != parent_pid


def _watch(parent_pid: int) -> None:
    parent = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None else None
    while True:
        if sentinel is not None:
            try:
                if multiprocessing.connection.wait([sentinel], CHECK_SECONDS):
                    break  # the parent's end of the pipe closed: it is gone
            except (OSError, ValueError):
                sentinel = None  # cannot wait on it: fall back to the pid alone
        else:
            threading.Event().wait(CHECK_SECONDS)
        if _parent_gone(parent_pid):
            break
    os._exit(PARENT_GONE_EXIT_CODE)


def end_with_parent(parent_pid: int, death_signal: bool) -> None:
    """Make this (child) process end when ``parent_pid`` dies; call it first thing.

    ``death_signal`` says the parent started this process with ``start_child``, so the
    kernel's parent-death signal is safe to use (see the module docstring). If the parent is
    already gone (it died before the signal was set up), the process exits at once.

    Raises:
        nothing: what cannot be set up is left to the other mechanism.
    """
    if death_signal:
        _set_death_signal()
    if _parent_gone(parent_pid):
        os._exit(PARENT_GONE_EXIT_CODE)
    threading.Thread(target=_watch, args=(parent_pid,), name="ondol-parent-watch",
                     daemon=True).start()


# -- the parent's side ---------------------------------------------------------------------

_Job = tuple[Callable[[], None], Future[None]]
_jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
_spawner: threading.Thread | None = None
_spawner_lock = threading.Lock()


def _serve_starts() -> None:
    """The spawner thread: start children for other threads, for as long as the process runs."""
    while True:
        start, future = _jobs.get()
        if not future.set_running_or_notify_cancel():
            continue
        try:
            start()
        except BaseException as err:  # the caller gets whatever the start raised, unchanged
            future.set_exception(err)
        else:
            future.set_result(None)


def _ensure_spawner() -> bool:
    """Start the spawner thread if it is not running; False if no thread can be started."""
    global _spawner
    with _spawner_lock:
        if _spawner is None or not _spawner.is_alive():
            thread = threading.Thread(target=_serve_starts, name="ondol-child-spawner",
                                      daemon=True)  # daemon: never holds up the app's exit
            try:
                thread.start()
            except RuntimeError:  # the interpreter is shutting down
                return False
            _spawner = thread
        return True


def start_child(process: BaseProcess) -> None:
    """``process.start()``, from a thread that lives as long as this process.

    A child whose ``end_with_parent`` is told ``death_signal=True`` must be started here: on
    Linux the kernel's parent-death signal fires when the thread that started the child ends,
    so a child started from a short-lived worker thread would be killed with it. The main
    thread starts its children itself; any other thread hands the start to one spawner thread
    (made on first use) and waits for it. While the interpreter exits, when no thread can be
    made, the calling thread starts the child itself (the process is ending anyway).

    Raises:
        Exception: whatever ``process.start()`` raised, unchanged.
    """
    if (not sys.platform.startswith("linux")
            or threading.current_thread() is threading.main_thread()
            or not _ensure_spawner()):
        process.start()
        return
    future: Future[None] = Future()
    _jobs.put((process.start, future))
    future.result()
