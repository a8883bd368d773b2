"""Run a probe function in a short-lived child process and bring its result back.

Some facts live inside native runtimes (which CPU features the llama.cpp build uses, whether
it can offload to a GPU). Importing a runtime to ask would load its native library into the
calling process, and the window's process never loads one: so the probe runs in a spawned
child (which also works in the frozen app), named as ``"package.module:function"`` so that
the caller does not import the probe's module either.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from multiprocessing.connection import Connection
from typing import Any

from app.core.hardware.parent_watch import end_with_parent, start_child


class ChildProbeError(RuntimeError):
    """The probe child failed, timed out or died. Probes never let this reach the user:
    what cannot be probed is reported as unknown."""


def _child_main(target: str, conn: Connection, parent_pid: int | None = None,
                death_signal: bool = False) -> None:
    """Entry point of the child: import ``target``, call it, send back its result.

    The child ends if ``parent_pid`` dies meanwhile: nobody would read the answer.
    """
    if parent_pid is not None:
        end_with_parent(parent_pid, death_signal)
    try:
        module_name, function_name = target.split(":")
        result = getattr(importlib.import_module(module_name), function_name)()
        conn.send(("ok", result))
    except BaseException as err:  # the parent must hear of anything, even SystemExit
        conn.send(("error", repr(err)))
    finally:
        conn.close()


def run_probe(target: str, timeout: float = 60.0) -> Any:
    """The return value of ``target()`` (a picklable value), computed in a spawned child.

    Raises:
        ChildProbeError: the child raised, ran past ``timeout`` seconds, or died.
    """
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    # Started by ``start_child``: the child may use the kernel's parent-death signal.
    process = context.Process(target=_child_main,
                              args=(target, child, os.getpid(), True),
                              daemon=True, name="ondol-probe")
    start_child(process)
    child.close()
    try:
        if not parent.poll(timeout):
            raise ChildProbeError(f"The probe {target} did not answer within {timeout:.0f} s.")
        status, value = parent.recv()
    except (EOFError, OSError) as err:
        raise ChildProbeError(f"The probe {target} ended without an answer.") from err
    finally:
        parent.close()
        process.join(2.0)
        if process.is_alive():
            process.kill()
            process.join(2.0)
    if status != "ok":
        raise ChildProbeError(f"The probe {target} failed: {value}")
    return value
