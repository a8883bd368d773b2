"""How smooth the window stays while an answer streams, how fast it opens, how much it holds.

    .venv/bin/python -m tests.bench.bench_gui [--tokens 500 4000] [--rate 200]

The real window (offscreen) is fed by the scripted runtime at ``--rate`` tokens a second with
Markdown that has code blocks. A 5 ms timer on the GUI thread measures the event loop's lag
(how late each tick fires); the GUI thread's CPU time is divided by the tokens streamed. Then a
fresh process measures the time from its start to the window being shown, and its RSS once idle.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.fake_runtime import FakeRuntime, scripted_tokens

TICK_MS = 5


def _wait(app: QApplication, condition: object, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end and not condition():  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.001)


def stream_once(n_tokens: int, rate: float) -> dict[str, float]:
    """Stream ``n_tokens`` into a fresh window; lag percentiles and GUI CPU per token."""
    from app.ui.app import application, create_window

    app = application([])
    window = create_window(client=FakeRuntime(tokens=scripted_tokens(n_tokens),
                                              tokens_per_second=rate), show_welcome=False)
    window.show()
    _wait(app, lambda: window.models.ready, 30)
    lags: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        lags.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    window.params.max_tokens.setValue(0)  # no length limit: all n_tokens stream
    window.composer.edit.setPlainText("Write a long answer with code.")
    cpu_before = time.thread_time()
    started = time.perf_counter()
    timer.start()
    window.composer.send_button.click()
    while window.chat.busy or time.perf_counter() - started < 0.2:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    cpu = time.thread_time() - cpu_before
    elapsed = time.perf_counter() - started
    streamed = len(window.chat.conversation.active_path()[-1].content)
    window.close()
    _wait(app, window.thread_.isFinished, 5)
    window.store.close()
    lags.sort()
    return {
        "tokens": n_tokens, "seconds": elapsed, "chars": streamed,
        "lag_p50": statistics.median(lags), "lag_p99": lags[int(len(lags) * 0.99)],
        "lag_max": lags[-1], "cpu_ms_per_token": cpu * 1000 / n_tokens,
    }


START_PROBE = textwrap.dedent("""
    import os, sys, time
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.app import application, create_window
    from tests.fake_runtime import FakeRuntime
    app = application([])
    window = create_window(client=FakeRuntime(load_seconds=0), show_welcome=False)
    window.show()
    app.processEvents()
    print("shown", flush=True)
    end = time.monotonic() + 2.0
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    import psutil
    print("rss", psutil.Process().memory_info().rss, flush=True)
    window.close()
    while not window.thread_.isFinished():
        app.processEvents()
""")


def start_up() -> tuple[float, int]:
    """Seconds from process start to the window shown, and RSS after 2 s idle."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", START_PROBE], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    shown = 0.0
    rss = 0
    for line in proc.stdout:
        if line.startswith("shown"):
            shown = time.perf_counter() - started
        elif line.startswith("rss"):
            rss = int(line.split()[1])
    proc.wait(30)
    return shown, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, nargs="+", default=[500, 4000])
    parser.add_argument("--rate", type=float, default=200.0)
    args = parser.parse_args()
    # Never the user's own chats: the benchmark writes conversations.
    os.environ["ONDOL_HOME"] = tempfile.mkdtemp(prefix="ondol-bench-gui-")
    rows = [stream_once(n, args.rate) for n in args.tokens]
    print(f"scripted runtime at {args.rate:.0f} tok/s; load average "
          f"{os.getloadavg()[0]:.2f}")
    print(f"{'tokens':>7}{'seconds':>9}{'lag p50 ms':>12}{'lag p99 ms':>12}{'lag max ms':>12}"
          f"{'GUI CPU ms/token':>18}")
    for r in rows:
        print(f"{r['tokens']:7d}{r['seconds']:9.1f}{r['lag_p50']:12.2f}{r['lag_p99']:12.2f}"
              f"{r['lag_max']:12.2f}{r['cpu_ms_per_token']:18.3f}")
    if len(rows) >= 2:
        print(f"cost per token, {rows[-1]['tokens']} vs {rows[0]['tokens']} tokens: "
              f"{rows[-1]['cpu_ms_per_token'] / rows[0]['cpu_ms_per_token']:.2f}x")
    times = [start_up() for _ in range(3)]
    print(f"start to window shown: median {statistics.median(t for t, _ in times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t, _ in times)}); idle RSS "
          f"{max(r for _, r in times) / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
