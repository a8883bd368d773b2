"""Download speed against curl on loopback, and the window's smoothness while downloading.

    .venv/bin/python -m tests.bench.bench_download [--runs 3]

The fake hub (tests/fakehub), in a process of its own, serves the real starter model (98 MB)
from disk. (a) curl fetches the file's CDN URL to a file; (b) Ondol's resumable downloader
fetches the same file through the real huggingface_hub client (metadata request, then the body,
sha256 checked while writing). They take turns going first. curl is timed by its own ``-w``
clocks, never its process start: "body" is size / (time_total - time_starttransfer), first byte
to last; Ondol's body is the bytes between its first and last progress report over that time.
"whole" is curl's time_total vs Ondol's whole ``download()`` call. Medians and ratios are
printed. Then the real window downloads it from its Models page while a 5 ms timer measures the
GUI event loop's lag. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_XET", "1")

from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO, starter_repo

# curl's own clocks (seconds from the start of its transfer, after its process started):
# starttransfer = first byte received, total = last byte written.
CURL_TIMES = "%{time_connect} %{time_pretransfer} %{time_starttransfer} %{time_total}"


def curl_run(location: str) -> dict[str, float]:
    """curl to a file, as Ondol does: its whole transfer and its body (first to last byte)."""
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(["curl", "-s", "-o", str(Path(folder) / "model.gguf"),
                              "-w", CURL_TIMES, location],
                             check=True, capture_output=True, text=True)
        size = (Path(folder) / "model.gguf").stat().st_size
    _connect, _pretransfer, first_byte, total = (float(x) for x in out.stdout.split())
    return {"whole": total, "body_rate": size / (total - first_byte)}


def ondol_run() -> dict[str, float]:
    """Ondol's downloader: the whole call (file located, fetched, sha256 checked, moved into
    place) and its body rate, from the first bytes it wrote to the last."""
    from app.core.catalog import download as dl
    from app.core.catalog.hub import HubClient
    from app.core.catalog.starter import SMOLLM2
    from app.core.catalog.variants import RepoFile

    marks: list[tuple[float, int]] = []

    def on_progress(done: int, _total: int) -> None:
        marks.append((time.perf_counter(), done))

    with tempfile.TemporaryDirectory() as folder:
        plan = dl.plan_download(Path(folder), STARTER_REPO,
                                [RepoFile(STARTER_FILE, SMOLLM2.size_bytes, SMOLLM2.sha256)])
        hub = HubClient(endpoint=os.environ["HF_ENDPOINT"])
        started = time.perf_counter()
        dl.download(hub, plan, on_progress, lambda: False)
        whole = time.perf_counter() - started
    (t0, b0), (t1, b1) = marks[0], marks[-1]
    return {"whole": whole, "body_rate": (b1 - b0) / (t1 - t0)}


def gui_lag_while_downloading(hub: object) -> tuple[float, float, float, float]:
    """p50, p99, max lag (ms) and seconds, for a download started from the Models page."""
    from PySide6.QtCore import QTimer

    from app.ui.app import application, create_window
    from tests.fake_runtime import FakeRuntime

    os.environ["ONDOL_HOME"] = tempfile.mkdtemp(prefix="ondol-bench-dl-")
    app = application([])
    window = create_window(client=FakeRuntime(), show_welcome=False)
    window.show()
    while not window.models.ready:
        app.processEvents()
        time.sleep(0.005)
    page = window.models_page
    page.open_repo(STARTER_REPO)
    deadline = time.monotonic() + 30
    while page.repo.report is None:
        if time.monotonic() > deadline:
            from app.ui.browser.controller import make_hub

            raise SystemExit(f"the repository page did not load from {make_hub().endpoint}: "
                             f"{page.repo.notice.text()}")
        app.processEvents()
        time.sleep(0.005)
    (window.ctx.paths.models_dir / STARTER_REPO / STARTER_FILE).unlink()
    lags: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        lags.append(max(0.0, (now - last[0]) * 1000 - 5))
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    started = time.perf_counter()
    page.repo.download_button.click()
    while not any(j.state == "done" for j in window.browser.downloads.jobs()):
        app.processEvents()
        time.sleep(0.0005)
    elapsed = time.perf_counter() - started
    timer.stop()
    window.close()
    lags.sort()
    return (statistics.median(lags), lags[int(len(lags) * 0.99)], lags[-1], elapsed)


SERVER = """
import sys, time
from tests.fakehub import FakeHub
from tests.fakehub.fixtures import starter_repo
hub = FakeHub([starter_repo()])
hub.start()
hub.faults.throttle_bytes_per_s = float(sys.argv[1]) or None
print(hub.url, flush=True)
sys.stdin.read()
hub.stop()
"""


class _RemoteHub:
    """The fake hub in its own process, so it does not share this one's GIL with the client."""

    def __init__(self, throttle_bytes_per_s: float = 0.0) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, str(throttle_bytes_per_s)],
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hub = _RemoteHub()
    os.environ["HF_ENDPOINT"] = hub.url
    try:
        from app.core.catalog.hub import HubClient

        location = HubClient(endpoint=hub.url).locate(STARTER_REPO, STARTER_FILE).url
        size_mb = starter_repo().files[0].source.stat().st_size / 1e6  # type: ignore[union-attr]
        curl: list[dict[str, float]] = []
        ondol: list[dict[str, float]] = []
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for i in range(args.runs):
            pair = [lambda: curl.append(curl_run(location)), lambda: ondol.append(ondol_run())]
            for run in pair if i % 2 == 0 else pair[::-1]:  # each goes first in turn
                run()
        print(f"{size_mb:.0f} MB over loopback, {args.runs} runs each, curl and Ondol taking "
              f"turns to go first; load average after: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("body: MB/s from the first byte to the last (curl: size / (time_total - "
              "time_starttransfer) from its -w timings; Ondol: bytes / time between its first "
              "and last progress report). whole: curl's time_total (connect, request, body; "
              "not its process start); Ondol's download() call (locate the file on the hub, "
              "fetch, sha256 while writing, move into place).")
        med = statistics.median
        a_body = med(r["body_rate"] for r in curl) / 1e6
        b_body = med(r["body_rate"] for r in ondol) / 1e6
        a_whole, b_whole = med(r["whole"] for r in curl), med(r["whole"] for r in ondol)
        print(f"{'':28}{'body MB/s':>10}{'whole s':>10}{'whole MB/s':>12}")
        print(f"{'curl':28}{a_body:10.1f}{a_whole:10.3f}{size_mb / a_whole:12.1f}")
        print(f"{'Ondol (download + sha256)':28}{b_body:10.1f}{b_whole:10.3f}"
              f"{size_mb / b_whole:12.1f}")
        print(f"{'speed ratio Ondol / curl':28}{b_body / a_body:10.3f}{'':10}"
              f"{a_whole / b_whole:12.3f}")
    finally:
        hub.stop()
    # A slower link (30 MB/s), so the window is measured over seconds of downloading. This hub
    # runs inside this process: its thread competes with the window for the GIL (worst case).
    from tests.fakehub import FakeHub

    slow = FakeHub([starter_repo()])
    slow.start()
    slow.faults.throttle_bytes_per_s = 30e6
    os.environ["HF_ENDPOINT"] = slow.url
    try:
        from huggingface_hub import constants

        # Read at import: point them at this hub (hf_hub_url builds on the template).
        constants.ENDPOINT = slow.url
        constants.HUGGINGFACE_CO_URL_TEMPLATE = (slow.url
                                                 + "/{repo_id}/resolve/{revision}/{filename}")
        p50, p99, worst, seconds = gui_lag_while_downloading(slow)
        print(f"window downloading from the Models page at 30 MB/s ({seconds:.1f} s): GUI lag "
              f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {worst:.2f} ms")
    finally:
        slow.stop()


if __name__ == "__main__":
    main()
