"""ONNX through Ondol vs onnxruntime-genai's own loop, and GGUF vs ONNX variants on this machine.

    .venv/bin/python -m tests.bench.bench_onnx [--runs 5] [--threads 2] [--tokens 128]

Part 1, the same model (the SmolLM2 int4 genai build) and prompt, 128 tokens greedy, each run a
fresh process, (a) and (b) taking turns to go first:
  (a) onnxruntime-genai's own loop in one process (``generate_next_token`` / ``get_next_tokens``);
  (b) Ondol: the client here, the model in a spawned runtime host, tokens over the pipe.
Part 2, a table of every variant (GGUF Q4_1 through llama.cpp; genai int4 / int8 / fp32; the
onnx-community graphs q4 / int8 / fp32 through Ondol's own loop), round-robin with the first
place rotating: decode tok/s, prompt tok/s, time to first token, peak RSS of the host. Medians;
the machine's load average before and after. Prints numbers; asserts nothing.
"Prompt time" is the same span on both sides: from the prompt's token ids being ready to the
first new token's id being sampled, inside the process that runs the model (a: making the
generator, ``append_tokens`` and the first ``generate_next_token``; b: the host's own
``prompt_seconds``). "First token" is what a caller waits: from the request (the prompt text)
to the first token's text (a: in its process; b: at the client, so the pipe is counted).
(Ondol's own loop against genai's loop on the same weights, both in-process:
``tests.bench.bench_onnx_loops``.)
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

from app.core.catalog.starter import find_packaged_file
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams
from tests.onnx_fixtures import onnx_model

PROMPT = (
    "<|im_start|>user\nWrite a short story about a lighthouse keeper who finds a message in a "
    "bottle. Describe the sea, the weather and what the message says.<|im_end|>\n"
    "<|im_start|>assistant\n"
)
SPANS = ("prompt = token ids ready -> first new token id, in the model's process; first token = "
         "prompt text -> first token's text (a: in its process; b: at the client, pipe included)")

GENAI_DIRECT = textwrap.dedent("""
    import json, resource, sys, time
    import onnxruntime_genai as og
    from app.core.backends.onnx.providers import probe_providers
    path, threads, tokens, prompt = sys.argv[1:5]
    # Ondol's host starts ONNX Runtime's environment while loading (its provider check runs a
    # tiny session); so does this side, or the first prompt would carry that one-time cost.
    probe_providers()
    config = og.Config(path)
    config.overlay(json.dumps({"model": {"decoder": {"session_options": {
        "intra_op_num_threads": int(threads)}}}}))
    model = og.Model(config)
    tokenizer = og.Tokenizer(model)
    requested = time.perf_counter()
    ids = tokenizer.encode(prompt)
    stream = tokenizer.create_stream()
    started = time.perf_counter()  # token ids ready: the prompt span starts
    params = og.GeneratorParams(model)
    params.set_search_options(do_sample=False, max_length=len(ids) + int(tokens),
                              min_length=len(ids) + int(tokens))
    generator = og.Generator(model, params)
    generator.append_tokens(ids)
    first = first_text = None
    count = 0
    while not generator.is_done():
        generator.generate_next_token()
        token = generator.get_next_tokens()[0]
        if first is None:
            first = time.perf_counter()
        stream.decode(token)
        if first_text is None:
            first_text = time.perf_counter()
        count += 1
    ended = time.perf_counter()
    print(json.dumps({"ttft": first_text - requested, "decode_seconds": ended - first,
                      "tokens": count, "prompt_tokens": len(ids),
                      "prompt_seconds": first - started,
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
        "decode_tps": round(med((r["tokens"] - 1) / r["decode_seconds"] for r in runs), 1),
        "prompt_tps": round(med(r["prompt_tokens"] / r["prompt_seconds"] for r in runs), 1),
        "prompt_ms": round(med(r["prompt_seconds"] * 1000 for r in runs), 1),
        "ttft_ms": round(med(r["ttft"] * 1000 for r in runs), 1),
        "peak_rss_mib": round(med(r["peak_rss"] / 2**20 for r in runs)),
        "tokens": runs[0]["tokens"],
    }


def loads() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--table-runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tokens", type=int, default=128)
    args = parser.parse_args()
    int4 = onnx_model("smollm2-genai-int4")

    print(f"# load average before: {loads()}")
    direct: list[dict] = []
    ondol: list[dict] = []
    for i in range(args.runs):
        pair = [lambda: direct.append(run_genai_direct(int4, args.threads, args.tokens)),
                lambda: ondol.append(run_ondol(int4, args.threads, args.tokens))]
        for run in pair if i % 2 == 0 else pair[::-1]:  # each goes first in turn
            run()
    a, b = summary(direct), summary(ondol)
    print("## Part 1: SmolLM2 int4 (genai), onnxruntime-genai's loop (a) vs Ondol (b)")
    print(f"# {SPANS}")
    print(json.dumps({"a_genai_loop": a, "b_ondol": b,
                      "decode_ratio_b_over_a": round(b["decode_tps"] / a["decode_tps"], 3),
                      "prompt_ratio_b_over_a": round(b["prompt_tps"] / a["prompt_tps"], 3),
                      "ttft_difference_ms": round(b["ttft_ms"] - a["ttft_ms"], 1)}, indent=1))
    print(f"# load average after part 1: {loads()}")

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
    for i in range(args.table_runs):  # round-robin, first place rotating: drift hits all alike
        shift = i % len(variants)
        for name, path in variants[shift:] + variants[:shift]:
            results[name].append(run_ondol(path, args.threads, args.tokens))
    print("## Part 2: every variant through Ondol's runtime host")
    print(f"# {SPANS}")
    print("| variant | decode tok/s | prompt tok/s | first token | peak RSS |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        s = summary(runs)
        print(f"| {name} | {s['decode_tps']:.1f} | {s['prompt_tps']:.0f} | "
              f"{s['ttft_ms']:.0f} ms | {s['peak_rss_mib']:.0f} MiB |")
    print(f"# load average after: {loads()}; {time.strftime('%Y-%m-%d %H:%M')}")


if __name__ == "__main__":
    main()
