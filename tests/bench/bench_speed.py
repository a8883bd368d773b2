"""Decode speed with speculative decoding: Ondol (plain, draft model, prompt lookup, both)
beside llama.cpp's own llama-bench, llama-lookup and llama-speculative-simple.

    .venv/bin/python -m tests.bench.bench_speed [--runs 3] [--tokens 128] [--quick]
        [--prompts code,english,korean] [--sides NAME,...] [--model GGUF] [--draft GGUF]
        [--threads 2] [--draft-max 3] [--ondol-root PATH] [--json OUT]

Target Qwen2.5-Coder-1.5B-Instruct Q4_K_M, draft Qwen2.5-Coder-0.5B-Instruct Q4_K_M (the test
cache). Three prompts (speed_prompts.py), each one user turn rendered once by Ondol's template
code; every side gets that same text (llama.cpp's tools as a prompt file), the same threads,
context, batch, flash attention and KV cache type (Ondol's planner's choice with ``--threads``
and ``--ctx``), the same token limit, greedy decoding, stopping at end of turn.

Sides:
  llama-bench tg              the plain ceiling: ``-p N -n M``, its tg figure (pp N as first token)
  llama-lookup                llama.cpp's prompt-lookup (n-gram) drafting, ``--draft-max`` drafts
  llama-speculative-simple    llama.cpp's draft-model speculation, ``--draft-max`` drafts
  Ondol plain / + draft / + lookup / + both
                              the client in a fresh process, the model in the runtime host it
                              spawns (speed_child.py); draft_model and prompt_lookup set per side
Figures: decode tok/s (Ondol: tokens after the first over the time from the first token to the
end; llama.cpp's tools: their own "decoded N tokens in S s"), its ratio to llama-bench tg,
acceptance (accepted / drafted), first-token ms (Ondol: the host's time_to_first_token;
llama-lookup/-speculative-simple: their "encoded" prompt time), peak RSS and the extra memory a
draft costs (against the same side without it). Every run is a fresh process; the sides take
turns going first; no side's process start or load is counted; medians over ``--runs``; the
load average before and after. A side that fails is a row with its error. Asserts nothing.
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

from tests.bench.bench_runtime import child
from tests.bench.llama_bench_side import find_llama_bench, llama_bench_args, run_llama_bench
from tests.bench.llama_spec_side import (
    LOOKUP,
    SPECULATIVE,
    find_llama_tool,
    run_spec_tool,
    spec_args,
)
from tests.bench.speed_prompts import PROMPTS, render

REPO = Path(__file__).resolve().parents[2]
SPEED_CHILD = Path(__file__).resolve().parent / "speed_child.py"
MODELS = REPO / ".ondol-test-cache" / "qwen" / "models"
TARGET = MODELS / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DRAFT = MODELS / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
BENCH = "llama-bench tg"
# Ondol's sides: (draft model?, prompt lookup?)
ONDOL = {"Ondol plain": (False, False), "Ondol + draft": (True, False),
         "Ondol + lookup": (False, True), "Ondol + both": (True, True)}
ALL_SIDES = [BENCH, LOOKUP, SPECULATIVE, *ONDOL]
# A side with a draft model, and the same side without one (for first token and memory).
WITHOUT_DRAFT = {"Ondol + draft": "Ondol plain", "Ondol + both": "Ondol + lookup",
                 SPECULATIVE: LOOKUP}


def run_ondol(spec: dict[str, Any]) -> dict[str, Any]:
    """One fresh client process.

    Raises:
        RuntimeError: it failed (its stderr's tail is in the message).
    """
    root = spec.pop("root")
    out = subprocess.run([sys.executable, str(SPEED_CHILD), str(root), json.dumps(spec)],
                         capture_output=True, text=True, cwd=root, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-1500:] or f"exit {out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_side(side: str, ctx: dict[str, Any]) -> dict[str, Any]:
    """One run of ``side`` on the prompt in ``ctx``.

    Raises:
        RuntimeError, OSError, subprocess.SubprocessError: the side failed.
    """
    load, tokens, model, draft = ctx["load"], ctx["tokens"], ctx["model"], ctx["draft"]
    if side == BENCH:
        result = run_llama_bench(llama_bench_args(ctx["bins"][BENCH], model, load,
                                                  ctx["n_prompt"], tokens))
        return {**result, "drafted": 0, "accepted": 0}
    if side in (LOOKUP, SPECULATIVE):
        return run_spec_tool(spec_args(ctx["bins"][side], model, ctx["prompt_file"], load,
                                       tokens, ctx["draft_max"],
                                       draft if side == SPECULATIVE else None))
    with_draft, lookup = ONDOL[side]
    sampling = {"temperature": 0.0, "repeat_penalty": 1.0, "max_tokens": tokens, "seed": 0,
                "ignore_eos": False}
    side_load = {**load, "draft_model": draft if with_draft else None, "prompt_lookup": lookup}
    return run_ondol({"root": ctx["root"], "model": model, "prompt": ctx["prompt"],
                      "load": side_load, "sampling": sampling})


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of the runs that worked; the first error when none did."""
    good = [r for r in runs if "error" not in r]
    if not good:
        return {"error": runs[0]["error"] if runs else "not run"}
    drafted = sum(r.get("drafted", 0) for r in good)
    firsts = [r["first_token_s"] * 1000 for r in good if r.get("first_token_s") is not None]
    return {"decode": statistics.median(r["decode_tps"] for r in good),
            "decode_lo": min(r["decode_tps"] for r in good),
            "decode_hi": max(r["decode_tps"] for r in good),
            "first_ms": statistics.median(firsts) if firsts else None,
            "rss_mib": statistics.median(r["peak_rss"] for r in good) / 2**20,
            "tokens": statistics.median(r["tokens"] for r in good),
            "accept": sum(r.get("accepted", 0) for r in good) / drafted if drafted else None,
            "drafted": drafted, "failed": len(runs) - len(good)}


def bench_prompt(args: argparse.Namespace, name: str, ctx: dict[str, Any],
                 sides: list[str]) -> dict[str, Any]:
    """Every side ``args.runs`` times on one prompt, taking turns going first."""
    print(f"\n## {name}: prompt {ctx['n_prompt']} tokens, {ctx['tokens']} new tokens at most, "
          f"{args.runs} runs per side; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    for i in range(args.runs):
        shift = i % len(sides)  # each side goes first in turn: drift hits all alike
        for side in sides[shift:] + sides[:shift]:
            try:
                result = run_side(side, ctx)
                line = (f"decode {result['decode_tps']:6.1f} tok/s, {result['tokens']} tokens"
                        + (f", accepted {result['accepted']}/{result['drafted']}"
                           if result.get("drafted") else ""))
            except (RuntimeError, OSError, subprocess.SubprocessError, ValueError,
                    KeyError) as err:
                result = {"error": str(err).strip().splitlines()[-1][:300] if str(err).strip()
                          else type(err).__name__}
                line = f"failed: {result['error']}"
            runs[side].append(result)
            print(f"  run {i + 1} {side:26} {line}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return {"prompt": name, "n_prompt": ctx["n_prompt"], "runs": runs,
            "summary": {side: summarise(r) for side, r in runs.items()}}


def _cell(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def markdown(results: list[dict[str, Any]]) -> None:
    """One table: a row per prompt and side."""
    print("\n| prompt | side | decode tok/s (range) | × llama-bench tg | accepted / drafted "
          "| first token ms | first token vs no draft | peak RSS MiB | extra RSS MiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for result in results:
        s = result["summary"]
        base = s.get(BENCH, {}).get("decode")
        for side, v in s.items():
            if "error" in v:
                print(f"| {result['prompt']} | {side} | failed: {v['error']} | | | | | | |")
                continue
            ratio = v["decode"] / base if base else None
            accept = (f"{v['accept']:.0%} of {v['drafted']}" if v["accept"] is not None
                      else "–")
            other = s.get(WITHOUT_DRAFT.get(side, ""), {})
            first_vs = extra = None
            if other and "error" not in other:
                if v["first_ms"] and other.get("first_ms"):
                    first_vs = v["first_ms"] / other["first_ms"]
                extra = v["rss_mib"] - other["rss_mib"]
            print(f"| {result['prompt']} | {side} | {v['decode']:.1f} ({v['decode_lo']:.1f}–"
                  f"{v['decode_hi']:.1f}) | {_cell(ratio, '.3f')} | {accept} | "
                  f"{_cell(v['first_ms'], '.0f')} | {_cell(first_vs, '.2f')}"
                  f"{'×' if first_vs else ''} | {v['rss_mib']:.0f} | {_cell(extra, '+.0f')} |")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--quick", action="store_true", help="1 run, 64 tokens: does it work?")
    parser.add_argument("--prompts", default=",".join(PROMPTS),
                        help=f"comma-separated, of: {', '.join(PROMPTS)}")
    parser.add_argument("--sides", default=",".join(ALL_SIDES),
                        help=f"comma-separated, of: {', '.join(ALL_SIDES)}")
    parser.add_argument("--model", type=Path, default=TARGET)
    parser.add_argument("--draft", type=Path, default=DRAFT)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--draft-max", type=int, default=3,
                        help="drafted tokens per step at most, for llama.cpp's tools "
                             "(their default 3)")
    parser.add_argument("--ondol-root", type=Path, default=REPO,
                        help="the Ondol checkout the Ondol sides run (default: this one)")
    parser.add_argument("--json", type=Path, default=None, help="write every run here")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.tokens = 1, 64
    return args


def main() -> None:
    args = parse_args()
    os.environ["ONDOL_HOME"] = tempfile.mkdtemp(prefix="ondol-bench-speed-")  # never the user's
    sides = [s.strip() for s in args.sides.split(",") if s.strip()]
    prompts = [p.strip() for p in args.prompts.split(",") if p.strip()]
    unknown = sorted(set(sides) - set(ALL_SIDES)) + sorted(set(prompts) - set(PROMPTS))
    if unknown:
        raise SystemExit(f"unknown side or prompt: {', '.join(unknown)}")
    for path in (args.model, args.draft):
        if not path.is_file():
            raise SystemExit(f"no model at {path} (bash ../shared/models/get_models.sh)")
    bins: dict[str, Path] = {}
    for side, find in ((BENCH, find_llama_bench), (LOOKUP, lambda: find_llama_tool(LOOKUP)),
                       (SPECULATIVE, lambda: find_llama_tool(SPECULATIVE))):
        if side in sides:
            bins[side] = find()
    model, draft = str(args.model), str(args.draft)
    plan = child("plan", REPO, {"model": model, "overrides": {
        "n_ctx": args.ctx, "n_threads": args.threads, "device": "cpu"}})
    load = {k: v for k, v in plan["load"].items() if k not in ("draft_model", "prompt_lookup")}
    started = time.monotonic()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs; target {args.model.name}, "
          f"draft {args.draft.name}; threads {load['n_threads']}, n_ctx {load['n_ctx']}, "
          f"n_batch {load['n_batch']}, flash attention {'on' if load['flash_attn'] else 'off'}, "
          f"KV {load['kv_cache_type']}; llama.cpp tools: --spec-draft-n-max {args.draft_max}")
    results = []
    with tempfile.TemporaryDirectory(prefix="ondol-bench-speed-") as tmp:
        for name in prompts:
            prompt = render(model, PROMPTS[name])
            prompt_file = Path(tmp) / f"{name}.txt"
            prompt_file.write_text(prompt, encoding="utf-8")
            n_prompt = child("count", REPO, {"model": model, "prompt": prompt})["prompt_tokens"]
            ctx = {"model": model, "draft": draft, "prompt": prompt, "prompt_file": prompt_file,
                   "n_prompt": n_prompt, "load": load, "tokens": args.tokens, "bins": bins,
                   "draft_max": args.draft_max, "root": args.ondol_root.resolve()}
            results.append(bench_prompt(args, name, ctx, sides))
    markdown(results)
    print(f"\n{time.monotonic() - started:.0f} s in all")
    if args.json is not None:
        args.json.write_text(json.dumps({"load": load, "results": results}, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
