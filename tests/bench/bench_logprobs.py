"""What asking for top-k log-probabilities costs: decode speed with them on vs off.

    .venv/bin/python -m tests.bench.bench_logprobs [--runs 5] [--threads 2] [--tokens 128]
        [--k 5] [--model PATH ...] [--qwen PATH] [--json OUT]

Both sides are Ondol's full path (the client in a fresh process, the model in the runtime host
it spawns, events over the pipe), on the same model, prompt, load parameters (Ondol's planner,
with ``--threads``), 128 new tokens at temperature 0 with end of turn ignored; the only
difference is ``top_logprobs`` = 0 ("off") or ``--k`` ("on"), so the cost measured is the
log-softmax, the top-k, the candidates' text and their trip through the pipe. Every run is a
fresh process, the sides take turns going first, medians with the range beside them, the load
average before and after (the machine may be shared). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.bench_runtime import PROMPT, QWEN_DEFAULT, REPO, child, git_label, plan_load


def bench_model(args: argparse.Namespace, model: Path) -> dict[str, Any]:
    """Alternating on/off runs of one model; every run's figures and the medians."""
    plan = plan_load(args, model)
    load = plan["load"]
    n_prompt = child("count", REPO, {"model": str(model), "prompt": PROMPT})["prompt_tokens"]
    base = {"temperature": 0.0, "top_k": 40, "top_p": 0.95, "min_p": 0.05,
            "repeat_penalty": 1.0, "max_tokens": args.tokens, "seed": 0, "ignore_eos": True}
    sides = {"off": 0, f"on (k={args.k})": args.k}
    print(f"\n## {model.name}: prompt {n_prompt} tokens, {args.tokens} new tokens, threads "
          f"{load['n_threads']}, {args.runs} runs per side")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    loads: list[float] = []
    names = list(sides)
    for i in range(args.runs):
        for name in names[i % 2:] + names[:i % 2]:  # each side goes first in turn
            spec = {"model": str(model), "prompt": PROMPT, "load": load, "n_prompt": n_prompt,
                    "sampling": {**base, "top_logprobs": sides[name]}}
            loads.append(os.getloadavg()[0])
            result = child("ondol", REPO, spec)
            runs[name].append(result)
            print(f"  run {i + 1} {name:10} decode {result['decode_tps']:6.1f} tok/s "
                  f"({result['tokens']} tokens)", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1-minute "
          f"figure during the runs: min {min(loads):.2f}, median "
          f"{statistics.median(loads):.2f}, max {max(loads):.2f})")
    summary = {}
    for name, side_runs in runs.items():
        decode = [r["decode_tps"] for r in side_runs]
        summary[name] = {"decode": statistics.median(decode), "lo": min(decode),
                         "hi": max(decode)}
    return {"model": model.name, "threads": load["n_threads"], "runs": runs,
            "summary": summary, "load_median": statistics.median(loads)}


def report(results: list[dict[str, Any]], k: int) -> None:
    """The table: decode tok/s off, on, and the ratio of the medians."""
    print(f"\n| model | threads | off tok/s (range) | on k={k} tok/s (range) | on / off "
          "| load avg (median) |")
    print("|---|---|---|---|---|---|")
    for result in results:
        off, on = result["summary"].values()
        print(f"| {result['model']} | {result['threads']} | {off['decode']:.1f} "
              f"({off['lo']:.1f}-{off['hi']:.1f}) | {on['decode']:.1f} "
              f"({on['lo']:.1f}-{on['hi']:.1f}) | {on['decode'] / off['decode']:.3f} "
              f"| {result['load_median']:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, action="append",
                        help="a GGUF file (repeatable); default: the starter model and --qwen")
    parser.add_argument("--qwen", type=Path,
                        default=Path(os.environ.get("ONDOL_BENCH_QWEN", QWEN_DEFAULT)))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--k", type=int, default=5, help="top-k candidates when on (1-20)")
    parser.add_argument("--json", type=Path, default=None, help="write every run here")
    args = parser.parse_args()
    # plan_load reads these; the bench leaves the planner's other choices alone.
    args.plan_root, args.batch, args.flash_attn, args.mmap = REPO, 0, "auto", "auto"
    os.environ["ONDOL_HOME"] = tempfile.mkdtemp(prefix="ondol-bench-lp-")  # never the user's
    from app.core.catalog.starter import find_packaged_file

    models = [m for m in (args.model or [find_packaged_file(), args.qwen]) if m.is_file()]
    started = time.monotonic()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, Ondol at "
          f"{git_label(REPO)}")
    results = [bench_model(args, model) for model in models]
    report(results, args.k)
    print(f"\n{time.monotonic() - started:.0f} s in all")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
