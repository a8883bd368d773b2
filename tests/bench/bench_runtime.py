"""Ondol's full path vs llama-cpp-python's own loop vs llama.cpp's llama-bench.

    .venv/bin/python -m tests.bench.bench_runtime [--runs 5] [--threads 2] [--tokens 128]
        [--model PATH ...] [--qwen PATH] [--ondol-root [LABEL=]PATH ...] [--json OUT]

Sides, on the same model, prompt (N tokens), token count (M new tokens, temperature 0, end of
turn ignored) and load parameters:
  Ondol           the client in a fresh process, the model in the runtime host it spawns,
                  events over the pipe (once per ``--ondol-root``: another checkout, e.g.
                  ``git worktree add /tmp/ondol-before <commit>``, can run beside this one);
  Llama.generate  llama-cpp-python's own ``Llama.generate`` loop in one process (what Ondol's
                  host calls), each token detokenized;
  llama-bench     llama.cpp's own benchmark, built from the same llama-cpp-python's source
                  (scripts/build_llama_bench.sh): ``-p N -n M``, one repetition, no warm-up.
The load parameters are what Ondol's planner (``--plan-root``'s) chooses for this machine,
with ``--threads`` and ``--ctx`` given; all sides get them (llama-bench: ``-t -b -ub -fa -lm
-ctk -ctv -ngl``, n_ubatch = n_batch as Ondol sets it). llama-bench sizes its context to N+M
and decodes its M tokens from an empty context rather than after the prompt.

Definitions: "first token" is from the request (before tokenizing) to the first token's text
for Ondol (client side, so the pipe is counted) and Llama.generate; for llama-bench it is its
``pp N`` test (the prompt batch alone). "decode" is (M-1) tokens over the time from the first
to the last token (Ondol: to the Done event); for llama-bench its ``tg M`` figure. Every run is
a fresh process; the sides take turns going first; clocks start after load, so no side's
process start or load is counted. Medians, the range beside them; the load average before
and after. Prints numbers; asserts nothing.
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
from pathlib import Path
from typing import Any

from tests.bench.llama_bench_side import find_llama_bench, llama_bench_args, run_llama_bench

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).resolve().parent / "runtime_child.py"
# Assembled (once) by ../shared/models/get_models.sh into the test cache; see the message below.
QWEN_DEFAULT = str(REPO / ".ondol-test-cache" / "qwen" / "models"
                   / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf")
PROMPT = (
    "Once upon a time, in a small village by the sea, there lived an old lighthouse keeper "
    "named Tomas. Every evening he climbed the stairs of the tower and"
)
LLAMA_BENCH = "llama-bench"
GENERATE = "Llama.generate"


def child(mode: str, root: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """One fresh Python process with ``root`` first on its path; its JSON answer.

    Raises:
        RuntimeError: the process failed (its stderr's tail is in the message).
    """
    out = subprocess.run([sys.executable, str(CHILD), mode, str(root), json.dumps(spec)],
                         capture_output=True, text=True, cwd=root, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(f"{mode} in {root} failed: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def git_label(root: Path) -> str:
    """``abc1234`` (``+changes`` when the working tree differs from it)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              text=True).stdout.strip()
    dirty = "+changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return (git("rev-parse", "--short", "HEAD") or "?") + dirty


def parse_roots(values: list[str]) -> list[tuple[str, Path]]:
    roots = []
    for value in values:
        label, _, path = value.rpartition("=")
        root = Path(path).resolve()
        roots.append((f"Ondol {label or root.name}", root))
    return roots


def plan_load(args: argparse.Namespace, model: Path) -> dict[str, Any]:
    """Ondol's planner's choice, with the bench's threads and context (and any forced value)."""
    overrides: dict[str, Any] = {"n_ctx": args.ctx, "n_threads": args.threads,
                                 "device": "cpu"}
    if args.batch:
        overrides["n_batch"] = args.batch
    if args.flash_attn != "auto":
        overrides["flash_attn"] = args.flash_attn == "on"
    if args.mmap != "auto":
        overrides["use_mmap"] = args.mmap == "on"
    # Plain decoding unless asked: llama-bench and Llama.generate draft nothing, and prompt
    # lookup on a prompt it can copy from would flatter Ondol (bench_speed measures drafting).
    overrides["prompt_lookup"] = args.lookup
    plan = child("plan", args.plan_root, {"model": str(model), "overrides": overrides})
    if plan["dropped"]:
        print(f"  (the planner at {args.plan_root} has no {', '.join(plan['dropped'])})")
    return plan


def run_side(side: str, root: Path | None, spec: dict[str, Any],
             bench_binary: Path | None) -> dict[str, Any]:
    if side == LLAMA_BENCH:
        assert bench_binary is not None
        return run_llama_bench(llama_bench_args(bench_binary, spec["model"], spec["load"],
                                                spec["n_prompt"], spec["sampling"]["max_tokens"]))
    assert root is not None
    return child("generate" if side == GENERATE else "ondol", root, spec)


def summarise(runs: list[dict[str, Any]]) -> dict[str, float]:
    decode = [r["decode_tps"] for r in runs]
    first = [r["first_token_s"] * 1000 for r in runs]
    return {"decode": statistics.median(decode), "decode_lo": min(decode),
            "decode_hi": max(decode), "first_ms": statistics.median(first),
            "first_lo": min(first), "first_hi": max(first),
            "rss_mib": max(r["peak_rss"] for r in runs) / 2**20,
            "tokens": statistics.median(r["tokens"] for r in runs)}


def bench_model(args: argparse.Namespace, model: Path, sides: list[tuple[str, Path | None]],
                bench_binary: Path | None) -> dict[str, Any]:
    plan = plan_load(args, model)
    load = plan["load"]
    n_prompt = child("count", REPO, {"model": str(model), "prompt": PROMPT})["prompt_tokens"]
    sampling = {"temperature": 0.0, "top_k": 40, "top_p": 0.95, "min_p": 0.05,
                "repeat_penalty": 1.0, "presence_penalty": 0.0, "frequency_penalty": 0.0,
                "max_tokens": args.tokens, "seed": 0, "ignore_eos": True}
    spec = {"model": str(model), "prompt": PROMPT, "load": load, "sampling": sampling,
            "n_prompt": n_prompt}
    print(f"\n## {model.name} ({model.stat().st_size / 2**20:.0f} MiB): prompt {n_prompt} "
          f"tokens, {args.tokens} new tokens, {args.runs} runs per side")
    print(f"load parameters (Ondol's planner: {plan['reason']}):")
    print(f"  n_ctx {load['n_ctx']}, threads {load['n_threads']}, n_batch = n_ubatch "
          f"{load['n_batch']}, flash attention {'on' if load['flash_attn'] else 'off'}, "
          f"mmap {'on' if load['use_mmap'] else 'off'}, KV cache {load['kv_cache_type']}, "
          f"GPU layers {load['n_gpu_layers']}")
    if bench_binary is not None:
        print("  llama-bench " + " ".join(llama_bench_args(
            bench_binary, str(model), load, n_prompt, args.tokens)[1:]))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in sides}
    loads: list[float] = []
    for i in range(args.runs):
        shift = i % len(sides)  # each side goes first in turn: drift hits all alike
        for name, root in sides[shift:] + sides[:shift]:
            loads.append(os.getloadavg()[0])
            result = run_side(name, root, spec, bench_binary)
            runs[name].append(result)
            print(f"  run {i + 1} {name:24} decode {result['decode_tps']:6.1f} tok/s, "
                  f"first token {result['first_token_s'] * 1000:7.1f} ms", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1-minute "
          f"figure during the runs: min {min(loads):.2f}, median "
          f"{statistics.median(loads):.2f}, max {max(loads):.2f})")
    for name, side_runs in runs.items():
        prompt_seen = {r["prompt_tokens"] for r in side_runs}
        if prompt_seen != {n_prompt}:
            print(f"  note: {name} saw {sorted(prompt_seen)} prompt tokens, not {n_prompt}")
        apps = {r["app"] for r in side_runs if "app" in r}
        if apps:
            print(f"  {name} ran {', '.join(apps)}")
        dropped = {d for r in side_runs for d in r.get("dropped", ())}
        if dropped:
            print(f"  note: {name}'s version has no {', '.join(sorted(dropped))}")
    return {"model": model.name, "load": load, "n_prompt": n_prompt, "runs": runs,
            "summary": {name: summarise(r) for name, r in runs.items()}}


def report(result: dict[str, Any]) -> None:
    s = result["summary"]
    print(f"{'':26}{'decode tok/s':>13}{'(range)':>15}{'first token ms':>16}{'(range)':>17}"
          f"{'peak RSS MiB':>14}")
    for name, v in s.items():
        print(f"{name:26}{v['decode']:13.1f}{v['decode_lo']:7.1f}-{v['decode_hi']:<7.1f}"
              f"{v['first_ms']:16.1f}{v['first_lo']:8.1f}-{v['first_hi']:<8.1f}"
              f"{v['rss_mib']:14.0f}")
    for name, v in s.items():
        if not name.startswith("Ondol"):
            continue
        for base, lead in ((LLAMA_BENCH, "headline: "), (GENERATE, "")):
            if base in s:
                b = s[base]
                print(f"{lead}{name} / {base}: decode {v['decode'] / b['decode']:.3f}, "
                      f"first token {v['first_ms'] / b['first_ms']:.2f}x "
                      f"({v['first_ms'] - b['first_ms']:+.1f} ms)")


def markdown(results: list[dict[str, Any]]) -> None:
    print("\n| model | side | decode tok/s | first token ms | decode / llama-bench "
          "| first token / llama-bench |")
    print("|---|---|---|---|---|---|")
    for result in results:
        s = result["summary"]
        base = s.get(LLAMA_BENCH)
        for name, v in s.items():
            ratio = (f"{v['decode'] / base['decode']:.3f} | {v['first_ms'] / base['first_ms']:.2f}x"
                     if base else "– | –")
            print(f"| {result['model']} | {name} | {v['decode']:.1f} | {v['first_ms']:.1f} | "
                  f"{ratio} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, action="append",
                        help="a GGUF file (repeatable); default: the starter model and --qwen")
    parser.add_argument("--qwen", type=Path,
                        default=Path(os.environ.get("ONDOL_BENCH_QWEN", QWEN_DEFAULT)),
                        help="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (env ONDOL_BENCH_QWEN)")
    parser.add_argument("--ondol-root", action="append", default=[], metavar="[LABEL=]PATH",
                        help="an Ondol checkout to run the Ondol side from (repeatable); "
                             "default: this one")
    parser.add_argument("--plan-root", type=Path, default=REPO,
                        help="the checkout whose planner chooses the load parameters")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--batch", type=int, default=0, help="n_batch (default: the planner's)")
    parser.add_argument("--flash-attn", choices=("auto", "on", "off"), default="auto")
    parser.add_argument("--mmap", choices=("auto", "on", "off"), default="auto")
    parser.add_argument("--lookup", action="store_true",
                        help="let Ondol draft with prompt lookup (default: plain decoding)")
    parser.add_argument("--llama-bench", type=Path, default=None,
                        help="a llama-bench binary (default: build or reuse the cached one)")
    parser.add_argument("--no-llama-bench", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write every run here")
    args = parser.parse_args()
    os.environ["ONDOL_HOME"] = tempfile.mkdtemp(prefix="ondol-bench-rt-")  # never the user's
    from app.core.catalog.starter import find_packaged_file

    models = args.model or [find_packaged_file(), args.qwen]
    present = [m for m in models if m.is_file()]
    for missing in set(models) - set(present):
        print(f"skipping {missing}: no such file (Qwen: bash ../shared/models/get_models.sh "
              ".ondol-test-cache/qwen qwen-coder-05b, or --qwen PATH)")
    roots = parse_roots(args.ondol_root) if args.ondol_root else [("Ondol", REPO)]
    sides: list[tuple[str, Path | None]] = [*roots, (GENERATE, REPO)]
    bench_binary = None
    if not args.no_llama_bench:
        bench_binary = find_llama_bench(args.llama_bench)
        sides.append((LLAMA_BENCH, None))
    started = time.monotonic()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs; Ondol sides: "
          + "; ".join(f"{name} = {root} at {git_label(root)}" for name, root in roots))
    if bench_binary is not None:
        print(f"llama-bench: {bench_binary}")
    results = []
    for model in present:
        result = bench_model(args, model, sides, bench_binary)
        report(result)
        results.append(result)
    markdown(results)
    print(f"\n{time.monotonic() - started:.0f} s in all")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
