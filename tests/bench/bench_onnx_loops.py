"""Ondol's own ONNX decoding loop vs onnxruntime-genai's loop, on the same int4 weights, in-process.

    .venv/bin/python -m tests.bench.bench_onnx_loops [--runs 8] [--threads 2] [--tokens 128]

(a) onnxruntime-genai's own loop (``append_tokens``, then ``generate_next_token`` /
    ``get_next_tokens``) on the SmolLM2 int4 genai build;
(b) Ondol's own loop (plain onnxruntime, the backend for onnx-community folders) on the same
    int4 weights as a fused GroupQueryAttention graph (``smollm2-optimum/onnx/model_q4.onnx``),
    called in-process through the backend's ``generate``: no runtime host, no pipe.
Both turn each token into its text as it comes (a: genai's tokenizer stream).
Each run is a fresh process; (a) and (b) take turns going first. Greedy, ``--tokens`` new
tokens, end of turn ignored, the same prompt and threads. "Prompt time" is the same span on
both sides: from the prompt's token ids being ready to the first new token's id being sampled
(a: making the generator, ``append_tokens`` and the first ``generate_next_token``; b: the
loop's own ``prompt_seconds``, which starts after tokenizing and ends at the first token).
"Decode" is (tokens - 1) over the time from the first token to the last. The token ids are
compared: the two loops should pick the same greedy tokens. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

PROMPT = (
    "<|im_start|>user\nWrite a short story about a lighthouse keeper who finds a message in a "
    "bottle. Describe the sea, the weather and what the message says.<|im_end|>\n"
    "<|im_start|>assistant\n"
)


def genai_loop(threads: int, tokens: int) -> dict[str, Any]:
    """(a), in this process."""
    import onnxruntime_genai as og

    from app.core.backends.onnx.providers import probe_providers
    from tests.onnx_fixtures import onnx_model

    # Ondol's side starts ONNX Runtime's environment while loading (its provider check runs a
    # tiny session); so does this side, or the first prompt would carry that one-time cost.
    probe_providers()
    config = og.Config(str(onnx_model("smollm2-genai-int4")))
    config.overlay(json.dumps({"model": {"decoder": {"session_options": {
        "intra_op_num_threads": threads}}}}))
    model = og.Model(config)
    tokenizer = og.Tokenizer(model)
    ids = tokenizer.encode(PROMPT)
    stream = tokenizer.create_stream()  # each token's text, as Ondol's loop makes it
    started = time.perf_counter()  # token ids ready
    params = og.GeneratorParams(model)
    params.set_search_options(do_sample=False, max_length=len(ids) + tokens,
                              min_length=len(ids) + tokens)
    generator = og.Generator(model, params)
    generator.append_tokens(ids)
    first = None
    out: list[int] = []
    while not generator.is_done():
        generator.generate_next_token()
        out.append(int(generator.get_next_tokens()[0]))
        if first is None:
            first = time.perf_counter()
        stream.decode(out[-1])
    ended = time.perf_counter()
    assert first is not None
    return {"prompt_seconds": first - started, "decode_seconds": ended - first,
            "prompt_tokens": len(ids), "ids": out}


def ondol_loop(threads: int, tokens: int) -> dict[str, Any]:
    """(b), in this process: the backend the runtime host would make for this graph."""
    from app.core.backends.registry import backend_kind_for, make_backend
    from app.core.types.params import LoadParams, SamplingParams
    from tests.onnx_fixtures import onnx_model

    outcome_cls = None
    for module in ("app.core.backends.decode", "app.core.backends.base"):
        outcome_cls = getattr(importlib.import_module(module), "GenerationOutcome", None)
        if outcome_cls is not None:
            break
    assert outcome_cls is not None
    path = str(onnx_model("smollm2-optimum") / "onnx" / "model_q4.onnx")
    backend = make_backend(backend_kind_for(path))
    backend.load(path, LoadParams(n_ctx=2048, n_threads=threads), lambda _f: True)
    sampling = SamplingParams(temperature=0.0, max_tokens=tokens, seed=0, repeat_penalty=1.0,
                              ignore_eos=True)
    outcome = outcome_cls()
    ids = [piece.token_id for piece in backend.generate(PROMPT, sampling, lambda: False, outcome)
           if piece.token_id >= 0]
    backend.unload()
    return {"prompt_seconds": outcome.prompt_seconds, "decode_seconds": outcome.decode_seconds,
            "prompt_tokens": outcome.prompt_tokens_evaluated, "ids": ids}


def fresh(side: str, threads: int, tokens: int) -> dict[str, Any]:
    """One run of ``side`` in a fresh process."""
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_onnx_loops", "--child", side,
                          "--threads", str(threads), "--tokens", str(tokens)],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"side {side} failed: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    med = statistics.median
    return {"decode": med((len(r["ids"]) - 1) / r["decode_seconds"] for r in runs),
            "prompt": med(r["prompt_tokens"] / r["prompt_seconds"] for r in runs),
            "prompt_ms": med(r["prompt_seconds"] * 1000 for r in runs),
            "rss": max(r["peak_rss"] for r in runs) / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--child", choices=("a", "b"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = genai_loop if args.child == "a" else ondol_loop
        result = run(args.threads, args.tokens)
        result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps(result), flush=True)
        return
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}
    for i in range(args.runs):
        for side in ("a", "b") if i % 2 == 0 else ("b", "a"):  # each goes first in turn
            runs[side].append(fresh(side, args.threads, args.tokens))
    a, b = summary(runs["a"]), summary(runs["b"])
    same = runs["a"][0]["ids"] == runs["b"][0]["ids"]
    print(f"SmolLM2 int4, {args.threads} threads, {args.tokens} greedy tokens, {args.runs} fresh "
          f"processes per side, medians; identical tokens: {'yes' if same else 'NO'}")
    print("prompt = token ids ready -> first new token id; decode = (tokens - 1) / (last token "
          "- first token)")
    print(f"{'':34}{'decode tok/s':>13}{'prompt tok/s':>14}{'prompt ms':>11}{'peak RSS MiB':>14}")
    for label, s in (("(a) genai loop (genai int4)", a), ("(b) Ondol's loop (GQA int4 graph)", b)):
        print(f"{label:34}{s['decode']:13.1f}{s['prompt']:14.1f}{s['prompt_ms']:11.1f}"
              f"{s['rss']:14.0f}")
    print(f"{'ratio (b) / (a)':34}{b['decode'] / a['decode']:13.3f}"
          f"{b['prompt'] / a['prompt']:14.3f}{b['prompt_ms'] / a['prompt_ms']:11.3f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
