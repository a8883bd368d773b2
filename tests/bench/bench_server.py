"""The server's cost over the window's path: the same model answering through HTTP streaming
(``ondol serve``, server-sent events) and through the runtime client directly (what the
window's worker does, without Qt), plus 1 against 4 concurrent streams and the server's idle
memory.

    .venv/bin/python -m tests.bench.bench_server [--runs 7] [--tokens 128] [--model PATH]
        [--json OUT]

Both sides load the same model with the plan Ondol makes for this machine, each in its own
runtime host, both loaded before the clocks start (no process start or load is counted).
Each run sends a prompt neither side has seen (the run number leads it, so no prompt cache
helps), temperature 0, end of turn ignored, ``--tokens`` new tokens. The sides take turns
going first.

"first token": from sending the request to the first text arriving (HTTP: the first SSE chunk
with content; direct: the first ``Delta``). "decode": (tokens − 1) over the time from the first
text to the last. Medians with the range; the load average before and after. Prints numbers;
asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil

from app.core.catalog.starter import find_packaged_file
from app.core.context import AppContext
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.settings.model_defaults import default_sampling_for
from app.core.settings.paths import AppPaths

REPO = Path(__file__).resolve().parents[2]
PROMPT = ("Once upon a time, in a small village by the sea, there lived an old lighthouse "
          "keeper named Tomas. Every evening he climbed the stairs of the tower and")


def start_server(home: Path, model: str | None) -> tuple[subprocess.Popen[str], str]:
    args = [sys.executable, "-m", "app", "serve", "--port", "0"]
    if model:
        args += ["--model", model]
    process = subprocess.Popen(args, cwd=REPO, env={**os.environ, "ONDOL_HOME": str(home)},
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def http_stream(base_url: str, body: dict[str, Any]) -> dict[str, float]:
    """One streamed chat completion read as raw server-sent events."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=600)
    started = time.perf_counter()
    connection.request("POST", address.path + "/chat/completions", json.dumps(body),
                       {"content-type": "application/json"})
    response = connection.getresponse()
    first = last = 0.0
    tokens = 0
    for raw in response:
        line = raw.decode().strip()
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        chunk = json.loads(line[6:])
        if chunk.get("usage"):
            tokens = chunk["usage"]["completion_tokens"]
        if chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
            last = time.perf_counter()
            first = first or last
    connection.close()
    return {"first": first - started, "decode": (tokens - 1) / (last - first), "tokens": tokens,
            "end": last - started}


def direct(client: RuntimeClient, sampling: Any, prompt: str) -> dict[str, float]:
    """The same answer through the runtime client, as the window's worker reads it."""
    started = time.perf_counter()
    first = last = 0.0
    tokens = 0
    for event in client.generate(sampling, messages=[{"role": "user", "content": prompt}]):
        if isinstance(event, ev.Delta) and event.text:
            last = time.perf_counter()
            first = first or last
        elif isinstance(event, ev.Done):
            tokens = event.stats.generated_tokens
    return {"first": first - started, "decode": (tokens - 1) / (last - first), "tokens": tokens,
            "end": last - started}


def rss_mib(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--model", default=None, help="a GGUF (default: the starter model)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    load_before = os.getloadavg()
    home = Path(tempfile.mkdtemp(prefix="ondol-bench-server-"))
    os.environ["ONDOL_HOME"] = str(home)
    ctx = AppContext(AppPaths.from_environment().ensure())
    source = Path(args.model) if args.model else find_packaged_file()
    target = ctx.paths.models_dir / "bench" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(source)
    name = f"bench/{source.name}"

    # The server's own memory before any model, then with the model loaded.
    process, base_url = start_server(home, None)
    time.sleep(1.0)  # let the interpreter settle after start-up before reading its memory
    idle = rss_mib(process.pid)
    process.terminate()
    process.wait()
    process, base_url = start_server(home, name)
    loaded = rss_mib(process.pid)
    hosts = [c for c in psutil.Process(process.pid).children(recursive=True)
             if "spawn_main" in " ".join(c.cmdline())]
    host_rss = max((rss_mib(c.pid) for c in hosts), default=0.0)

    meta, plan = ctx.plan(target)
    sampling = dataclasses.replace(default_sampling_for(meta), temperature=0.0,
                                   max_tokens=args.tokens, ignore_eos=True)
    client = RuntimeClient()
    client.start()
    client.load(str(target), plan.params)
    body = {"model": name, "temperature": 0, "max_tokens": args.tokens, "ignore_eos": True,
            "stream": True, "stream_options": {"include_usage": True}}
    # One unmeasured answer each: the first run of a fresh host is slower on both sides.
    http_stream(base_url, {**body, "messages": [{"role": "user", "content": "warm up"}]})
    direct(client, sampling, "warm up")

    results: dict[str, list[dict[str, float]]] = {"http": [], "direct": []}
    for run in range(args.runs):
        prompt = f"Run {run}. {PROMPT}"
        sides = ["http", "direct"] if run % 2 == 0 else ["direct", "http"]
        for side in sides:
            if side == "http":
                results["http"].append(http_stream(
                    base_url, {**body, "messages": [{"role": "user", "content": prompt}]}))
            else:
                results["direct"].append(direct(client, sampling, prompt))

    # The server's own cost on the first token, without the prompt's evaluation in it: the
    # same prompt again and again (served from each side's cache), one token to make.
    short = dataclasses.replace(sampling, max_tokens=2)
    again = {**body, "max_tokens": 2, "messages": [{"role": "user", "content": PROMPT}]}
    for _ in range(3):
        http_stream(base_url, again)
        direct(client, short, PROMPT)
    cached: dict[str, list[float]] = {"http": [], "direct": []}
    for run in range(30):
        for side in (["http", "direct"] if run % 2 == 0 else ["direct", "http"]):
            cached[side].append(http_stream(base_url, again)["first"] if side == "http"
                                else direct(client, short, PROMPT)["first"])

    # 1 against 4 streams at once, through the server (they queue on the one model).
    def together(count: int) -> dict[str, float]:
        answers: list[dict[str, float]] = []
        started = time.perf_counter()

        def ask(index: int) -> None:
            answers.append(http_stream(base_url, {**body, "messages": [
                {"role": "user", "content": f"Stream {index} of {count}. {PROMPT}"}]}))

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        return {"streams": count, "tokens_per_s": sum(a["tokens"] for a in answers) / wall,
                "slowest_first_token_s": max(a["first"] for a in answers),
                "slowest_end_s": max(a["end"] for a in answers)}

    concurrency = [together(1), together(4)]

    # A client that leaves mid-answer: how soon the next request gets its first token,
    # against the same request on an idle model.
    def left_then_next() -> tuple[float, float]:
        address = urlsplit(base_url)
        long_body = {**body, "max_tokens": 2000, "messages": [
            {"role": "user", "content": f"{time.time()} {PROMPT}"}]}
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=600)
        connection.request("POST", address.path + "/chat/completions", json.dumps(long_body),
                           {"content-type": "application/json"})
        response = connection.getresponse()
        for _ in range(6):  # a few chunks: the answer is under way
            response.readline()
        connection.sock.close()  # gone, without a word, as a closed tab or a killed script
        connection.close()
        after = http_stream(base_url, {**body, "max_tokens": 4, "messages": [
            {"role": "user", "content": f"after {time.time()}"}]})["first"]
        idle = http_stream(base_url, {**body, "max_tokens": 4, "messages": [
            {"role": "user", "content": f"idle {time.time()}"}]})["first"]
        return after, idle

    leaving = [left_then_next() for _ in range(5)]
    client.close()
    process.terminate()
    process.wait()

    def summary(side: str, key: str) -> dict[str, float]:
        values = [r[key] for r in results[side]]
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    report = {
        "model": source.name, "runs": args.runs, "tokens": args.tokens,
        "threads": plan.params.n_threads, "n_ctx": plan.params.n_ctx,
        "first_token_s": {s: summary(s, "first") for s in results},
        "decode_tok_s": {s: summary(s, "decode") for s in results},
        # Whether going first or second mattered (even runs: HTTP first).
        "first_token_s_by_turn": {
            side: {"went_first": statistics.median(
                       r["first"] for i, r in enumerate(results[side])
                       if (i % 2 == 0) == (side == "http")),
                   "went_second": statistics.median(
                       r["first"] for i, r in enumerate(results[side])
                       if (i % 2 == 0) != (side == "http"))}
            for side in results},
        # Each run's two answers came one after the other, so their difference cancels what
        # the machine was doing at that moment: the steadier figure on a noisy machine.
        "paired": {
            "first_token_diff_ms": statistics.median(
                (h["first"] - d["first"]) * 1000
                for h, d in zip(results["http"], results["direct"], strict=True)),
            "decode_ratio": statistics.median(
                h["decode"] / d["decode"]
                for h, d in zip(results["http"], results["direct"], strict=True))},
        "cached_prompt_first_token_ms": {
            side: statistics.median(values) * 1000 for side, values in cached.items()},
        "cached_prompt_first_token_diff_ms": statistics.median(
            (h - d) * 1000 for h, d in zip(cached["http"], cached["direct"], strict=True)),
        "runs_raw": results,
        "concurrency": concurrency,
        "after_a_client_left_first_token_s": statistics.median(a for a, _ in leaving),
        "idle_first_token_s": statistics.median(i for _, i in leaving),
        "server_rss_mib": {"idle": round(idle, 1), "model_loaded": round(loaded, 1),
                           "host": round(host_rss, 1)},
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }
    http_decode = report["decode_tok_s"]["http"]["median"]
    direct_decode = report["decode_tok_s"]["direct"]["median"]
    http_first = report["first_token_s"]["http"]["median"]
    direct_first = report["first_token_s"]["direct"]["median"]
    print(f"{source.name}: {args.runs} runs per side, {args.tokens} tokens, "
          f"{plan.params.n_threads} threads")
    for side in ("http", "direct"):
        d, f = report["decode_tok_s"][side], report["first_token_s"][side]
        print(f"  {side:7} decode {d['median']:7.1f} tok/s ({d['min']:.1f}–{d['max']:.1f})"
              f"   first token {f['median'] * 1000:7.1f} ms "
              f"({f['min'] * 1000:.1f}–{f['max'] * 1000:.1f})")
    for side, turns in report["first_token_s_by_turn"].items():
        print(f"  {side:7} first token going first {turns['went_first'] * 1000:.1f} ms, "
              f"second {turns['went_second'] * 1000:.1f} ms")
    print(f"  HTTP / direct decode: {http_decode / direct_decode:.3f}×; first token "
          f"{(http_first - direct_first) * 1000:+.1f} ms")
    paired = report["paired"]
    print(f"  paired per run (medians): HTTP / direct decode {paired['decode_ratio']:.3f}×; "
          f"first token {paired['first_token_diff_ms']:+.1f} ms")
    ms = report["cached_prompt_first_token_ms"]
    print(f"  a cached prompt's first token (the transport alone, 30 pairs): HTTP "
          f"{ms['http']:.1f} ms, direct {ms['direct']:.1f} ms, paired difference "
          f"{report['cached_prompt_first_token_diff_ms']:+.1f} ms")
    for row in concurrency:
        print(f"  {row['streams']} stream(s): {row['tokens_per_s']:.1f} tok/s in all, slowest "
              f"first token {row['slowest_first_token_s']:.2f} s, slowest end "
              f"{row['slowest_end_s']:.2f} s")
    print(f"  after a client left mid-answer, the next first token: "
          f"{report['after_a_client_left_first_token_s'] * 1000:.0f} ms (on an idle model: "
          f"{report['idle_first_token_s'] * 1000:.0f} ms), medians of {len(leaving)}")
    print(f"  server RSS: {idle:.1f} MiB idle, {loaded:.1f} MiB with a model loaded "
          f"(its runtime host: {host_rss:.1f} MiB)")
    print(f"  load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
