"""How smooth the window stays while an answer streams, how fast it opens, how much it holds.

    .venv/bin/python -m tests.bench.bench_gui [--tokens 500 4000] [--rate 200] [--runs 3]
                                             [--probabilities]

The real window (offscreen) is fed by the scripted runtime at ``--rate`` tokens a second with
Markdown that has code blocks. Every measurement is a fresh process; the sizes take turns going
first. Two kinds of streaming run, so neither measures the other's instrument:
  lag  a 5 ms timer on the GUI thread records how late each tick fires (the event loop's lag);
  cpu  no timer and no polling: Qt's own event loop runs until the chat reports it is idle
       again; the GUI thread's CPU time (``time.thread_time``, read once before Send and once
       after) and the whole process's CPU time are divided by the tokens streamed.
With ``--probabilities record`` the scripted runtime sends each token's probabilities (kept
with the answer, as the real runtime's are); with ``show`` the answer also streams as a token
view, each token tinted (the View menu's "Show token probabilities").
Start-up: from just before the process is started to its first painted frame (the first
``QEvent.Paint`` of the main window, once that paint has finished), and RSS after 2 s idle.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

TICK_MS = 5


def _stream_child(n_tokens: int, rate: float, mode: str, probabilities: str = ""
                  ) -> dict[str, Any]:
    """In a fresh process: stream ``n_tokens`` into a new window and measure ``mode``."""
    from PySide6.QtCore import QEventLoop, QTimer

    from app.ui.app import application, create_window
    from tests.fake_runtime import FakeRuntime, scripted_tokens

    app = application([])
    window = create_window(client=FakeRuntime(tokens=scripted_tokens(n_tokens),
                                              tokens_per_second=rate,
                                              logprobs=bool(probabilities)),
                           show_welcome=False)
    window.view.probs.set_default(probabilities == "show")
    window.show()
    end = time.monotonic() + 30
    while time.monotonic() < end and not window.models.ready:  # before any clock starts
        app.processEvents()
        time.sleep(0.001)
    window.params.max_tokens.setValue(0)  # no length limit: all n_tokens stream
    window.composer.edit.setPlainText("Write a long answer with code.")
    lags: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        lags.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    window.chat.busyChanged.connect(lambda busy: None if busy else loop.quit())
    cpu_thread, cpu_process = time.thread_time(), time.process_time()
    started = time.perf_counter()
    if mode == "lag":
        last[0] = started
        timer.start()
    QTimer.singleShot(0, window.composer.send_button.click)
    loop.exec()
    timer.stop()
    result: dict[str, Any] = {
        "seconds": time.perf_counter() - started,
        "gui_cpu_ms": (time.thread_time() - cpu_thread) * 1000,
        "process_cpu_ms": (time.process_time() - cpu_process) * 1000,
        "chars": len(window.chat.conversation.active_path()[-1].content),
        "tinted": window.view.toHtml().count("ondol-tok:")}
    if lags:
        lags.sort()
        result.update(lag_p50=statistics.median(lags), lag_p99=lags[int(len(lags) * 0.99)],
                      lag_max=lags[-1])
    window.close()
    end = time.monotonic() + 5
    while time.monotonic() < end and not window.thread_.isFinished():
        app.processEvents()
    window.store.close()
    return result


def _start_child(launched: float) -> dict[str, Any]:
    """In a fresh process: seconds from ``launched`` to the first painted frame; idle RSS."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    from app.ui.app import application, create_window
    from tests.fake_runtime import FakeRuntime

    app = application([])
    window = create_window(client=FakeRuntime(load_seconds=0), show_welcome=False)
    marks: dict[str, float] = {}

    def painted() -> None:  # runs once the paint that triggered it has finished
        marks["painted"] = time.time() - launched
        QTimer.singleShot(2000, app.quit)

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if (event.type() == QEvent.Type.Paint and "paint" not in marks
                    and isinstance(obj, QWidget) and obj.window() is window):
                marks["paint"] = 0.0
                QTimer.singleShot(0, painted)
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)
    window.show()
    marks["shown"] = time.time() - launched
    app.exec()
    app.removeEventFilter(first_paint)
    import psutil

    rss = psutil.Process().memory_info().rss
    window.close()
    while not window.thread_.isFinished():
        app.processEvents()
    window.store.close()
    return {"painted": marks.get("painted", float("nan")), "shown": marks["shown"], "rss": rss}


def _child(*args: str) -> dict[str, Any]:
    """Run this module in a fresh process; its JSON answer."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "ONDOL_HOME": tempfile.mkdtemp(prefix="ondol-bench-gui-")}  # never the user's chats
    if args[0] == "start":
        env["BENCH_LAUNCHED"] = repr(time.time())  # stamped as late as possible
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_gui", "--child", *args],
                         capture_output=True, text=True, env=env, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"bench_gui child {args} failed: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _run_child(args: list[str]) -> None:
    if args[0] == "start":
        result = _start_child(float(os.environ["BENCH_LAUNCHED"]))
    else:
        result = _stream_child(int(args[1]), float(args[2]), args[3], "".join(args[4:]))
    print(json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, nargs="+", default=[500, 4000])
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--probabilities", choices=["record", "show"], default="",
                        help="the runtime sends token probabilities: kept with the answer "
                             "(record) or also shown as tinted tokens while streaming (show)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_child(args.child)
        return
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows: dict[int, dict[str, list[dict[str, Any]]]] = {
        n: {"lag": [], "cpu": []} for n in args.tokens}
    for i in range(args.runs):
        sizes = args.tokens if i % 2 == 0 else args.tokens[::-1]  # each size first in turn
        for mode in ("lag", "cpu") if i % 2 == 0 else ("cpu", "lag"):
            for n in sizes:
                rows[n][mode].append(_child("stream", str(n), str(args.rate), mode,
                                            *([args.probabilities] if args.probabilities
                                              else [])))
    med = statistics.median
    print(f"scripted runtime at {args.rate:.0f} tok/s, {args.runs} fresh processes per size "
          f"and kind; medians" + (f"; probabilities: {args.probabilities}"
                                  if args.probabilities else ""))
    print(f"{'tokens':>7}{'seconds':>9}{'lag p50 ms':>12}{'lag p99 ms':>12}{'lag max ms':>12}"
          f"{'GUI thread CPU ms/token':>25}{'process CPU ms/token':>22}")
    per_token = {}
    for n, kinds in rows.items():
        lag, cpu = kinds["lag"], kinds["cpu"]
        per_token[n] = med(r["gui_cpu_ms"] for r in cpu) / n
        print(f"{n:7d}{med(r['seconds'] for r in cpu):9.1f}"
              f"{med(r['lag_p50'] for r in lag):12.2f}{med(r['lag_p99'] for r in lag):12.2f}"
              f"{med(r['lag_max'] for r in lag):12.2f}{per_token[n]:25.3f}"
              f"{med(r['process_cpu_ms'] for r in cpu) / n:22.3f}")
    if len(args.tokens) >= 2:
        big, small = args.tokens[-1], args.tokens[0]
        print(f"GUI thread cost per token, {big} vs {small} tokens: "
              f"{per_token[big] / per_token[small]:.2f}x")
    starts = [_child("start") for _ in range(max(3, args.runs))]
    painted = [s["painted"] for s in starts]
    print(f"process start to first painted frame: median {med(painted):.2f} s (runs: "
          f"{', '.join(f'{t:.2f}' for t in painted)}); to show() returned: median "
          f"{med(s['shown'] for s in starts):.2f} s; idle RSS after 2 s "
          f"{max(s['rss'] for s in starts) / 2**20:.0f} MiB")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
