"""Child processes that end when the process that started them dies.

A runtime host or a probe child that outlives the app would go on computing for nobody (a
killed window once left a host at 90% CPU for minutes). Two mechanisms, because each covers a
gap of the other:

- Linux: ``PR_SET_PDEATHSIG``. The kernel kills the child when its parent goes, even while the
  child is inside native code that holds the GIL. The kernel ties it to the *thread* that
  started the child, not the process, so it is used only when the parent started the child from
  its main thread (a window starts hosts from worker threads, which may end long before the
  app does).
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
import signal
import sys
import threading

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


def end_with_parent(parent_pid: int, parent_main_thread: bool) -> None:
    """Make this (child) process end when ``parent_pid`` dies; call it first thing.

    ``parent_main_thread`` says the parent started this process from its main thread, so the
    kernel's parent-death signal is safe to use (see the module docstring). If the parent is
    already gone (it died before the signal was set up), the process exits at once.
    """
    if parent_main_thread:
        _set_death_signal()
    if _parent_gone(parent_pid):
        os._exit(PARENT_GONE_EXIT_CODE)
    threading.Thread(target=_watch, args=(parent_pid,), name="ondol-parent-watch",
                     daemon=True).start()
