"""Ondol's full path vs llama-cpp-python directly: decode, prompt, first token, peak memory.

    .venv/bin/python -m tests.bench.bench_runtime [--runs 5] [--model PATH] [--threads 2]

(a) llama-cpp-python's own streaming ``create_completion`` in one process;
(b) Ondol: the client in this process, the model in a spawned runtime host, events over a pipe.
Same model, threads, flash attention, prompt, 128 new tokens at temperature 0. Each run is a
fresh process (no prompt cache carried over); (a) and (b) alternate; medians are printed,
with the machine's load average beside them. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from app.core.backends.params import LoadParams, SamplingParams
from app.core.catalog.starter import find_packaged_file
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient

PROMPT = (
    "Once upon a time, in a small village by the sea, there lived an old lighthouse keeper "
    "named Tomas. Every evening he climbed the stairs of the tower and"
)

DIRECT = textwrap.dedent("""
    import json, resource, sys, time
    import llama_cpp
    path, n_ctx, threads, flash, tokens, prompt = sys.argv[1:7]
    llm = llama_cpp.Llama(model_path=path, n_ctx=int(n_ctx), n_threads=int(threads),
                          n_threads_batch=int(threads), flash_attn=flash == "1", verbose=False)
    n_prompt = len(llm.tokenize(prompt.encode(), special=True))
    started = time.perf_counter()
    first = None
    count = 0
    for chunk in llm.create_completion(prompt, max_tokens=int(tokens), temperature=0.0,
                                       stream=True):
        if first is None:
            first = time.perf_counter()
        count += 1
    ended = time.perf_counter()
    llm.close()
    # The stream ends with one extra chunk that carries only the finish reason.
    print(json.dumps({"ttft": first - started, "decode_seconds": ended - first,
                      "tokens": min(count, int(tokens)), "prompt_tokens": n_prompt,
                      "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
""")


def run_direct(model: Path, n_ctx: int, threads: int, flash: bool, tokens: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", DIRECT, str(model), str(n_ctx), str(threads),
         "1" if flash else "0", str(tokens), PROMPT],
        capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_ondol(model: Path, n_ctx: int, threads: int, flash: bool, tokens: int) -> dict:
    with RuntimeClient() as client:
        client.load(str(model), LoadParams(n_ctx=n_ctx, n_threads=threads, flash_attn=flash))
        sampling = SamplingParams(temperature=0.0, max_tokens=tokens, seed=0, repeat_penalty=1.0,
                                  ignore_eos=True)
        started = time.perf_counter()
        first = None
        done: ev.Done | None = None
        for event in client.generate(sampling, prompt=PROMPT):
            if isinstance(event, ev.Delta) and first is None:
                first = time.perf_counter()
            elif isinstance(event, ev.Done):
                done = event
        ended = time.perf_counter()
    assert done is not None and first is not None
    return {"ttft": first - started, "decode_seconds": ended - first,
            "tokens": done.stats.generated_tokens, "prompt_tokens": done.stats.prompt_tokens,
            "peak_rss": done.stats.peak_rss_bytes}


def summarise(runs: list[dict]) -> dict:
    med = statistics.median
    return {
        "decode": med((r["tokens"] - 1) / r["decode_seconds"] for r in runs),
        "prompt": med(r["prompt_tokens"] / r["ttft"] for r in runs),
        "ttft_ms": med(r["ttft"] * 1000 for r in runs),
        "rss_mib": max(r["peak_rss"] for r in runs) / 2**20,
        "tokens": med(r["tokens"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--no-flash-attn", action="store_true")
    args = parser.parse_args()
    model = args.model or find_packaged_file()
    flash = not args.no_flash_attn
    direct: list[dict] = []
    ondol: list[dict] = []
    loads: list[float] = []
    for i in range(args.runs):
        # Alternate which goes first, so drift in machine load hits both equally.
        order = [("a", run_direct, direct), ("b", run_ondol, ondol)]
        for _name, fn, sink in order if i % 2 == 0 else order[::-1]:
            loads.append(os.getloadavg()[0])
            sink.append(fn(model, args.ctx, args.threads, flash, args.tokens))
    a, b = summarise(direct), summarise(ondol)
    print(f"model {model.name}, {args.threads} threads, n_ctx {args.ctx}, flash attention "
          f"{'on' if flash else 'off'}, {args.tokens} new tokens at temperature 0, "
          f"{args.runs} alternating runs; load average during runs: "
          f"min {min(loads):.2f} / median {statistics.median(loads):.2f} / max {max(loads):.2f}")
    print(f"{'':28}{'decode tok/s':>14}{'prompt tok/s':>14}{'first token ms':>16}"
          f"{'peak RSS MiB':>14}{'tokens':>8}")
    for label, s in (("(a) llama-cpp-python direct", a), ("(b) Ondol host + client", b)):
        print(f"{label:28}{s['decode']:14.1f}{s['prompt']:14.1f}{s['ttft_ms']:16.1f}"
              f"{s['rss_mib']:14.0f}{s['tokens']:8.0f}")
    print(f"{'ratio (b)/(a)':28}{b['decode'] / a['decode']:14.3f}{b['prompt'] / a['prompt']:14.3f}"
          f"{b['ttft_ms'] - a['ttft_ms']:+15.1f}ms{b['rss_mib'] / a['rss_mib']:14.3f}")


if __name__ == "__main__":
    main()
