"""The soak run's bookkeeping: what it counts, how it measures the processes and the database,
and how it judges and prints the figures (``tests.bench.soak`` drives the window)."""

from __future__ import annotations

import statistics
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

GROWTH_LIMIT = 0.10
LAST_SAMPLES = 3  # the median of this many final samples is compared with the warm-up one
# fds and threads are small counts that pool threads and sockets move by one or two: a count
# passes when it grew by at most this many, whatever the percentage.
COUNT_SLACK = 2
FINISHED = ("stop", "length")  # an answer that ran to its end


@dataclass
class Tally:
    """What the run did and what went wrong."""

    user_sent: int = 0  # user messages the chat took (sends and edits)
    answers: int = 0  # answers asked for (sends, edits, regenerations)
    actions: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # unhandled: excepthooks, Qt critical
    qt_warnings: dict[str, int] = field(default_factory=dict)
    hangs: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # a send the chat did not take
    kills: int = 0
    unrecovered: list[str] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)

    def did(self, action: str) -> None:
        self.actions[action] = self.actions.get(action, 0) + 1


# -- error counting --------------------------------------------------------------------------

def install_error_counters(tally: Tally) -> None:
    """Count every exception nobody caught and every Qt critical/fatal message."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        tally.errors.append("".join(traceback.format_exception(kind, value, tb)))
        sys.__excepthook__(kind, value, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        text = "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                  args.exc_traceback))
        tally.errors.append(f"thread {args.thread}: {text}")
        print(text, file=sys.stderr)

    def qt_handler(mode: QtMsgType, _context: Any, message: str) -> None:
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            tally.errors.append(f"Qt {mode.name}: {message}")
        elif mode == QtMsgType.QtWarningMsg:
            tally.qt_warnings[message[:160]] = tally.qt_warnings.get(message[:160], 0) + 1

    sys.excepthook = hook
    threading.excepthook = thread_hook
    qInstallMessageHandler(qt_handler)


# -- the processes ---------------------------------------------------------------------------

def host_process() -> psutil.Process | None:
    """The runtime host: this process's spawned child that is not multiprocessing's helper."""
    for child in psutil.Process().children(recursive=True):
        try:
            command = " ".join(child.cmdline())
            if ("spawn_main" in command and "resource_tracker" not in command
                    and child.status() != psutil.STATUS_ZOMBIE):
                return child
        except psutil.Error:
            continue
    return None


def measure(process: psutil.Process | None) -> dict[str, int | None]:
    """RSS, open file descriptors and threads of ``process`` (None where it is gone)."""
    if process is None:
        return {"rss": None, "fds": None, "threads": None}
    try:
        with process.oneshot():
            return {"rss": process.memory_info().rss, "fds": process.num_fds(),
                    "threads": process.num_threads()}
    except psutil.Error:
        return {"rss": None, "fds": None, "threads": None}


def db_bytes(db: Path) -> int:
    """The chat database with its write-ahead log."""
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"))
               if p.exists())


GROWTH_KEYS = ("window_rss", "window_fds", "window_threads", "host_rss", "host_fds",
               "host_threads")


def growth(samples: list[dict[str, Any]], warmup: int) -> dict[str, Any]:
    """Per measure: the warm-up sample, the median of the last ones, the ratio, pass/fail."""
    after = [s for s in samples if s["answers"] >= warmup]
    if len(after) < 2:
        return {"note": f"too few samples after {warmup} answers to judge growth"}
    base, last = after[0], after[1:][-LAST_SAMPLES:]
    result: dict[str, Any] = {"warmup_answers": base["answers"],
                              "last_answers": [s["answers"] for s in last]}
    for key in GROWTH_KEYS:
        values = [s[key] for s in last if s[key] is not None]
        if base[key] is None or not values:
            result[key] = {"pass": None}
            continue
        med = statistics.median(values)
        ratio = med / base[key] - 1 if base[key] else 0.0
        within = ratio <= GROWTH_LIMIT or ("rss" not in key and med - base[key] <= COUNT_SLACK)
        result[key] = {"warmup": base[key], "median_last": med, "growth": round(ratio, 4),
                       "pass": within}
    return result


def count_db(db: Path) -> dict[str, Any]:
    """Every message in the database, after the window has closed."""
    from app.core.chat.store import ChatStore

    counts = {"chats": 0, "user": 0, "assistant": 0, "finished": 0, "stopped": 0, "error": 0,
              "incomplete": 0, "other": 0}
    reasons: dict[str, int] = {}
    with ChatStore(db) as store:
        for chat in store.list_chats():
            counts["chats"] += 1
            for message in store.load_conversation(chat.id).messages.values():
                if message.role == "user":
                    counts["user"] += 1
                    continue
                if message.role != "assistant":
                    continue
                counts["assistant"] += 1
                reason = (message.stats or {}).get("stop_reason")
                if reason == "error":
                    code = (message.stats or {}).get("error_code", "?")
                    reasons[str(code)] = reasons.get(str(code), 0) + 1
                if not message.complete:
                    counts["incomplete"] += 1
                elif reason in FINISHED:
                    counts["finished"] += 1
                elif reason == "cancelled":
                    counts["stopped"] += 1
                elif reason == "error":
                    counts["error"] += 1
                else:
                    counts["other"] += 1
    counts["error_codes"] = reasons
    return counts


def _mib(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:.1f}"


def print_header() -> None:
    """The table's column names."""
    print(f"{'answers':>7} {'sec':>7} {'win MiB':>8} {'fds':>5} {'thr':>4} {'host MiB':>9} "
          f"{'hfds':>5} {'hthr':>5} {'DB KiB':>8} {'errs':>5}")


def print_row(s: dict[str, Any]) -> None:
    """One sample as a table row."""
    print(f"{s['answers']:>7} {s['seconds']:>7} {_mib(s['window_rss']):>8} "
          f"{s['window_fds']!s:>5} {s['window_threads']!s:>4} {_mib(s['host_rss']):>9} "
          f"{s['host_fds']!s:>5} {s['host_threads']!s:>5} {s['db_bytes'] / 1024:>8.0f} "
          f"{s['errors']:>5}", flush=True)
