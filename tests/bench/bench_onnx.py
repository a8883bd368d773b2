"""ONNX through Ondol vs onnxruntime-genai's own loop, and GGUF vs ONNX variants on this machine.

    .venv/bin/python -m tests.bench.bench_onnx [--runs 5] [--threads 2] [--tokens 128]

Part 1, the same model (the SmolLM2 int4 genai build) and prompt, 128 tokens greedy, (a) and (b)
alternating, each run a fresh process:
  (a) onnxruntime-genai's own loop in one process (``generate_next_token`` / ``get_next_tokens``);
  (b) Ondol: the client here, the model in a spawned runtime host, tokens over the pipe.
Part 2, a table of every variant (GGUF Q4_1 through llama.cpp; genai int4 / int8 / fp32; the
onnx-community graphs q4 / int8 / fp32 through Ondol's own loop): decode tok/s, prompt tok/s,
time to first token, peak RSS of the host. Medians; the machine's load average beside them.
Prints numbers; asserts nothing.
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
from tests.onnx_fixtures import onnx_model

PROMPT = (
    "<|im_start|>user\nWrite a short story about a lighthouse keeper who finds a message in a "
    "bottle. Describe the sea, the weather and what the message says.<|im_end|>\n"
    "<|im_start|>assistant\n"
)

GENAI_DIRECT = textwrap.dedent("""
    import json, resource, sys, time
    import onnxruntime_genai as og
    path, threads, tokens, prompt = sys.argv[1:5]
    config = og.Config(path)
    config.overlay(json.dumps({"model": {"decoder": {"session_options": {
        "intra_op_num_threads": int(threads)}}}}))
    model = og.Model(config)
    tokenizer = og.Tokenizer(model)
    ids = tokenizer.encode(prompt)
    params = og.GeneratorParams(model)
    params.set_search_options(do_sample=False, max_length=len(ids) + int(tokens),
                              min_length=len(ids) + int(tokens))
    generator = og.Generator(model, params)
    started = time.perf_counter()
    generator.append_tokens(ids)
    prompt_seconds = time.perf_counter() - started
    first = None
    count = 0
    while not generator.is_done():
        generator.generate_next_token()
        generator.get_next_tokens()
        count += 1
        if first is None:
            first = time.perf_counter()
    ended = time.perf_counter()
    print(json.dumps({"ttft": first - started, "decode_seconds": ended - first,
                      "tokens": count, "prompt_tokens": len(ids),
                      "prompt_seconds": prompt_seconds,
                      "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
""")


def run_genai_direct(model: Path, threads: int, tokens: int) -> dict:
    out = subprocess.run([sys.executable, "-c", GENAI_DIRECT, str(model), str(threads),
                          str(tokens), PROMPT],
                         capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_ondol(model: Path, threads: int, tokens: int, n_ctx: int = 2048) -> dict:
    with RuntimeClient() as client:
        client.load(str(model), LoadParams(n_ctx=n_ctx, n_threads=threads))
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
    stats = done.stats
    return {"ttft": first - started, "decode_seconds": ended - first,
            "tokens": stats.generated_tokens, "prompt_tokens": stats.prompt_tokens_evaluated,
            "prompt_seconds": stats.prompt_seconds, "peak_rss": stats.peak_rss_bytes}


def summary(runs: list[dict]) -> dict:
    med = statistics.median
    return {
        "decode_tps": med((r["tokens"] - 1) / r["decode_seconds"] for r in runs),
        "prompt_tps": med(r["prompt_tokens"] / r["prompt_seconds"] for r in runs
                          if r.get("prompt_seconds")) if any(
                              r.get("prompt_seconds") for r in runs) else 0.0,
        "ttft_ms": med(r["ttft"] * 1000 for r in runs),
        "peak_rss_mib": med(r["peak_rss"] / 2**20 for r in runs),
        "tokens": runs[0]["tokens"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--table-runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tokens", type=int, default=128)
    args = parser.parse_args()
    int4 = onnx_model("smollm2-genai-int4")

    print(f"# load average before: {os.getloadavg()}")
    direct: list[dict] = []
    ondol: list[dict] = []
    for _ in range(args.runs):
        direct.append(run_genai_direct(int4, args.threads, args.tokens))
        ondol.append(run_ondol(int4, args.threads, args.tokens))
    a, b = summary(direct), summary(ondol)
    print("## Part 1: SmolLM2 int4 (genai), onnxruntime-genai's loop (a) vs Ondol (b)")
    print(json.dumps({"a_genai_loop": a, "b_ondol": b,
                      "decode_ratio_b_over_a": round(b["decode_tps"] / a["decode_tps"], 3),
                      "ttft_difference_ms": round(b["ttft_ms"] - a["ttft_ms"], 1)}, indent=1))
    print(f"# load average after part 1: {os.getloadavg()}")

    optimum = onnx_model("smollm2-optimum") / "onnx"
    variants = [
        ("GGUF Q4_1 (llama.cpp)", find_packaged_file()),
        ("ONNX int4 (genai)", int4),
        ("ONNX int8 (genai)", onnx_model("smollm2-genai-int8")),
        ("ONNX fp32 (genai)", onnx_model("smollm2-genai-fp32")),
        ("ONNX q4 GQA (Ondol loop)", optimum / "model_q4.onnx"),
        ("ONNX int8 (Ondol loop)", optimum / "model_int8.onnx"),
        ("ONNX fp32 (Ondol loop)", optimum / "model.onnx"),
    ]
    results: dict[str, list[dict]] = {name: [] for name, _ in variants}
    for _ in range(args.table_runs):  # round-robin: drift in machine load hits all alike
        for name, path in variants:
            results[name].append(run_ondol(path, args.threads, args.tokens))
    print("## Part 2: every variant through Ondol's runtime host")
    print("| variant | decode tok/s | prompt tok/s | first token | peak RSS |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        s = summary(runs)
        print(f"| {name} | {s['decode_tps']:.1f} | {s['prompt_tps']:.0f} | "
              f"{s['ttft_ms']:.0f} ms | {s['peak_rss_mib']:.0f} MiB |")
    print(f"# load average after: {os.getloadavg()}; {time.strftime('%Y-%m-%d %H:%M')}")


if __name__ == "__main__":
    main()
