"""Decode speed and stop latency on a busy machine: Ondol's thread control vs fixed threads.

    .venv/bin/python -m tests.bench.bench_busy [--runs 3] [--tokens 64] [--model PATH]
        [--stop-trials 5] [--skip-speed] [--skip-stop]

Speed, on Qwen2.5-Coder-1.5B (the test cache's; SmolLM2 when it is absent), three machine
states: quiet, (cores - 1) busy loops, one busy loop per core. Sides, all with all cores'
threads: Ondol as it runs (the thread count adapts), Ondol with the count fixed
(``ONDOL_FIXED_THREADS=1``), and llama.cpp's ``llama-bench`` (``tg``). Each run is a fresh
process through the runtime host (``runtime_child.py``); sides take turns going first;
medians, with the 1-minute load average during each state.

Stop latency (cancel to the Done event, client side), p50 and max, at about 1, 10 and 100
tok/s: Qwen 1.5B on one thread, its host sharing one core with 8 busy loops at the same
priority (a machine far too busy for the model); SmolLM2 on one thread with the host starved
(one core, lowest priority, beside a busy loop pinned there: the scheduler, not Ondol, sets
that latency); Qwen 1.5B beside a busy loop per core, and on a quiet machine; SmolLM2 on a
quiet machine. The cancel lands at a random moment inside a step. Prints numbers; asserts
nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

from tests.bench.bench_runtime import PROMPT, REPO, child
from tests.bench.llama_bench_side import find_llama_bench, llama_bench_args, run_llama_bench

QWEN_BIG = (REPO / ".ondol-test-cache" / "qwen" / "models"
            / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
FIXED_ENV = "ONDOL_FIXED_THREADS"  # app.core.backends.threads reads it in the host
STORY = [{"role": "user", "content": "Tell me a very long story about a dragon."}]
# ~1 tok/s for Qwen 1.5B on one thread: the host shares its core with this many busy loops
SHARERS = 8
ADAPTIVE, FIXED, LLAMA_BENCH = "Ondol (adaptive)", "Ondol (fixed threads)", "llama-bench"


def cores() -> list[int]:
    return sorted(os.sched_getaffinity(0))


@contextlib.contextmanager
def busy_loops(count: int, pin: bool = True, on: list[int] | None = None
               ) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` busy-loop processes, each pinned to its own core (from the first), or to the
    cores listed in ``on`` (a core may be listed several times); killed at the end."""
    hogs: list[subprocess.Popen[bytes]] = []
    try:
        for core in (on if on is not None else cores()[:count]):
            hogs.append(subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                         stdin=subprocess.DEVNULL))
            if pin:
                os.sched_setaffinity(hogs[-1].pid, {core})
        time.sleep(0.5)  # the run queue and the caches settle
        yield hogs
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()


@contextlib.contextmanager
def env(name: str, value: str | None) -> Iterator[None]:
    old = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def run_side(side: str, spec: dict[str, Any], bench: Path) -> float:
    """One fresh run of ``side``; its decode tok/s."""
    if side == LLAMA_BENCH:
        args = llama_bench_args(bench, spec["model"], spec["load"], spec["n_prompt"],
                                spec["sampling"]["max_tokens"])
        return float(run_llama_bench(args)["decode_tps"])
    with env(FIXED_ENV, "1" if side == FIXED else None):
        return float(child("ondol", REPO, spec)["decode_tps"])


def bench_speed(args: argparse.Namespace, model: Path) -> None:
    n = len(cores())
    load = {"n_ctx": 1024, "n_threads": n, "n_batch": 512, "n_gpu_layers": 0,
            "flash_attn": True, "kv_cache_type": "f16", "use_mmap": True, "use_mlock": False}
    sampling = {"temperature": 0.0, "top_k": 40, "top_p": 0.95, "min_p": 0.05,
                "repeat_penalty": 1.0, "presence_penalty": 0.0, "frequency_penalty": 0.0,
                "max_tokens": args.tokens, "seed": 0, "ignore_eos": True}
    n_prompt = child("count", REPO, {"model": str(model), "prompt": PROMPT})["prompt_tokens"]
    spec = {"model": str(model), "prompt": PROMPT, "load": load, "sampling": sampling,
            "n_prompt": n_prompt}
    bench = find_llama_bench(args.llama_bench)
    sides = [ADAPTIVE, FIXED, LLAMA_BENCH]
    print(f"\n## decode tok/s, {model.name}, {n} threads, {args.tokens} tokens, "
          f"{args.runs} runs per side (medians, range)")
    for label, hogs in (("quiet", 0), (f"{n - 1} busy loop(s)", n - 1),
                        (f"{n} busy loops", n)):
        results: dict[str, list[float]] = {side: [] for side in sides}
        loads = []
        with busy_loops(hogs):
            for run in range(args.runs):
                for side in sides[run % 3:] + sides[:run % 3]:  # each side goes first in turn
                    results[side].append(run_side(side, spec, bench))
                loads.append(os.getloadavg()[0])
        fixed = statistics.median(results[FIXED])
        cells = []
        for side in sides:
            med = statistics.median(results[side])
            cells.append(f"{side} {med:.1f} ({min(results[side]):.1f}-{max(results[side]):.1f},"
                         f" {med / fixed:.2f}x fixed)")
        print(f"{label:>18}: " + "; ".join(cells)
              + f"; load average {statistics.median(loads):.2f}")


def _confine(pid: int, nice: int) -> None:
    """Every thread of ``pid`` on the first core at priority ``nice`` (new ones inherit)."""
    for task in psutil.Process(pid).threads():
        os.sched_setaffinity(task.id, {cores()[0]})
        os.setpriority(os.PRIO_PROCESS, task.id, nice)


def _cancel(client: Any, cancelled: list[float]) -> None:
    cancelled.append(time.perf_counter())
    client.cancel()


def stop_latencies(model: Path, threads: int, trials: int, confine: int | None
                   ) -> tuple[list[float], float]:
    """Cancel ``trials`` answers at a random moment inside a step; latencies and tok/s.
    ``confine``: the host's threads go to the first core at that priority (None: left)."""
    from app.core.runtime import events as ev
    from app.core.runtime.client import RuntimeClient
    from app.core.types.params import LoadParams, SamplingParams

    latencies, speeds = [], []
    with RuntimeClient() as client:
        client.load(str(model), LoadParams(n_ctx=1024, n_threads=threads))
        sampling = SamplingParams(temperature=0.7, max_tokens=1000, seed=7)
        for _trial in range(trials):
            arrivals: list[float] = []
            cancelled: list[float] = []
            for event in client.generate(sampling, messages=STORY):
                if isinstance(event, ev.Delta):
                    arrivals.append(time.perf_counter())
                    if len(arrivals) == 1 and confine is not None:
                        assert client.pid is not None
                        _confine(client.pid, confine)
                    if len(arrivals) == 6:
                        step = (arrivals[-1] - arrivals[1]) / 4
                        speeds.append(1 / step)
                        timer = threading.Timer(random.uniform(0, step), _cancel,
                                                (client, cancelled))
                        timer.start()
                elif isinstance(event, ev.Done):
                    latencies.append(time.perf_counter() - cancelled[0])
                    timer.join()
    return latencies, statistics.median(speeds)


def bench_stop(args: argparse.Namespace, model: Path) -> None:
    smol = _smollm2()
    print(f"\n## stop latency (cancel to Done), {args.stop_trials} trials each")
    first = cores()[0]
    # (label, model, threads, busy loops' cores, the host's priority on the first core)
    cases = [("~1 tok/s", model, 1, [first] * SHARERS, 0),
             ("~1 tok/s, starved", smol, 1, [first], 19),
             ("~4 tok/s", model, len(cores()), cores(), None),
             ("~10 tok/s", model, len(cores()), [], None),
             ("~100 tok/s", smol, 2, [], None)]
    for label, path, threads, hog_cores, confine in cases:
        with busy_loops(len(hog_cores), on=hog_cores):
            latencies, speed = stop_latencies(path, threads, args.stop_trials, confine)
            load = os.getloadavg()[0]
        print(f"{label:>11}: {path.name} at {speed:.1f} tok/s: p50 "
              f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms;"
              f" load average {load:.2f}")


def _smollm2() -> Path:
    from app.core.catalog.starter import find_packaged_file

    return Path(find_packaged_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--llama-bench", type=Path, default=None)
    parser.add_argument("--stop-trials", type=int, default=5)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-stop", action="store_true")
    args = parser.parse_args()
    model = args.model or (QWEN_BIG if QWEN_BIG.is_file() else _smollm2())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{len(cores())} cores")
    if not args.skip_speed:
        bench_speed(args, model)
    if not args.skip_stop:
        bench_stop(args, model)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
