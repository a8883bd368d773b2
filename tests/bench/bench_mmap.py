"""Memory-mapped or read: load time, decode speed and peak RSS of the same model both ways.

    .venv/bin/python -m tests.bench.bench_mmap [--runs 3] [--tokens 64] [--ctx 2048]

The planner reads a GGUF file instead of mapping it where llama.cpp repacks its weights for this
CPU (``app.core.planning.repack``). This measures that choice: each model is loaded in a fresh
runtime host with the memory map on and off, alternating which goes first, and answers a short
prompt with ``--tokens`` greedy tokens. Models: the starter SmolLM2 and the Qwen2.5-Coder files
in ``ONDOL_QWEN_DIR`` (as bench_memory_estimate). Prints each run and the medians; asserts
nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
from pathlib import Path

from app.core.formats.model_reader import read_model_metadata
from app.core.hardware.probe import probe_hardware
from app.core.planning.load_plan import LoadOverrides
from app.core.planning.planner import plan_load
from app.core.planning.units import MiB
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams
from tests.bench.bench_memory_estimate import models

PROMPT = "Write a Python function that returns the n-th Fibonacci number, with a docstring."


def run_once(path: Path, params: LoadParams, tokens: int) -> tuple[float, float, int]:
    """(load seconds, decode tokens per second, peak RSS bytes) in a fresh host."""
    with RuntimeClient() as client:
        loaded = client.load(str(path), params)
        sampling = SamplingParams(temperature=0.0, max_tokens=tokens, seed=0, ignore_eos=True)
        done = None
        for event in client.generate(sampling, messages=[{"role": "user", "content": PROMPT}]):
            if isinstance(event, ev.Done):
                done = event
    assert done is not None
    stats = done.stats
    decode = max(stats.generated_tokens - 1, 1) / stats.decode_seconds if stats.decode_seconds \
        else 0.0
    return loaded.load_seconds, decode, stats.peak_rss_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    profile = probe_hardware()
    chosen = argparse.Namespace(no_gemma=True, no_onnx=True, no_gguf=False, model=[])
    print(f"{'model':28}{'run':>4}{'mmap':>6}{'load s':>8}{'decode tok/s':>14}{'peak MiB':>10}")
    for label, path in models(chosen):
        plan = plan_load(read_model_metadata(path), profile,
                         LoadOverrides(n_ctx=args.ctx, n_threads=args.threads))
        results: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}
        for run in range(args.runs):
            for mmap in ((True, False) if run % 2 == 0 else (False, True)):
                params = dataclasses.replace(plan.params, use_mmap=mmap)
                load, decode, peak = run_once(path, params, args.tokens)
                results[mmap].append((load, decode, peak))
                print(f"{label:28}{run + 1:4d}{'on' if mmap else 'off':>6}{load:8.2f}"
                      f"{decode:14.1f}{peak / MiB:10.0f}", flush=True)
        for mmap, rows in results.items():
            med = statistics.median
            print(f"{label:28}{'med':>4}{'on' if mmap else 'off':>6}"
                  f"{med(r[0] for r in rows):8.2f}{med(r[1] for r in rows):14.1f}"
                  f"{med(r[2] for r in rows) / MiB:10.0f}"
                  + ("   <- the plan's choice" if mmap == plan.params.use_mmap else ""),
                  flush=True)


if __name__ == "__main__":
    main()
