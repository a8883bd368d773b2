"""``ondol bench``: decode and prompt speed, time to first token and peak memory, as JSON."""

from __future__ import annotations

import argparse
import os
import statistics

from app.cli.options import add_load_flags, add_model_flag, load_overrides
from app.cli.output import print_json
from app.core.context import AppContext
from app.core.planning.words import english
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams

DEFAULT_PROMPT = (
    "Write a short story about a lighthouse keeper who finds a message in a bottle. "
    "Describe the sea, the weather and what the message says."
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``bench``."""
    p = sub.add_parser("bench", help="measure speed and memory through Ondol's runtime")
    add_model_flag(p)
    p.add_argument("--tokens", type=int, default=128, help="new tokens per run (default 128)")
    p.add_argument("--runs", type=int, default=3, help="runs; the median is reported")
    p.add_argument("--prompt", default=DEFAULT_PROMPT)
    add_load_flags(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: AppContext) -> int:
    """Load once, generate ``--runs`` times at temperature 0, print one JSON object.

    Raises:
        OndolError: the model cannot be loaded or generation failed.
    """
    path = ctx.resolve_model(args.model)
    _meta, plan = ctx.plan(path, load_overrides(args, ctx))
    # Fixed length: no early stop at end of turn, so every run makes the same number of tokens.
    # repeat_penalty 1.0: the same sampler chain as llama-cpp-python's create_completion.
    sampling = SamplingParams(temperature=0.0, max_tokens=args.tokens, seed=0, repeat_penalty=1.0,
                              ignore_eos=True)
    runs: list[ev.Stats] = []
    with RuntimeClient() as client:
        model = client.load(str(path), plan.params)
        for i in range(args.runs):
            # A different first word per run, so no run reuses the previous run's prompt cache.
            prompt = f"[run {i}] {args.prompt}"
            for event in client.generate(sampling, prompt=prompt):
                if isinstance(event, ev.Done):
                    runs.append(event.stats)
    med = statistics.median
    print_json({
        "model": str(path),
        "device": plan.device,
        "reason": english(plan.reason),
        "params": plan.params.to_dict(),
        "load_seconds": round(model.load_seconds, 3),
        "runs": len(runs),
        "generated_tokens": med(s.generated_tokens for s in runs),
        "decode_tokens_per_second": round(med(s.decode_tokens_per_second for s in runs), 2),
        "prompt_tokens": med(s.prompt_tokens for s in runs),
        "prompt_tokens_per_second": round(med(s.prompt_tokens_per_second for s in runs), 2),
        "time_to_first_token_seconds": round(med(s.time_to_first_token for s in runs), 4),
        "peak_rss_bytes": max(s.peak_rss_bytes for s in runs),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        **speculation(runs),
    })
    return 0


def speculation(runs: list[ev.Stats]) -> dict[str, object]:
    """Accepted / drafted tokens over all runs and the median speed-up, when speculative
    decoding ran (empty otherwise).

    Raises:
        nothing.
    """
    drafted = sum(s.drafted_tokens for s in runs)
    if drafted <= 0:
        return {}
    accepted = sum(s.accepted_tokens for s in runs)
    speedups = [s.speculation_speedup for s in runs if s.speculation_speedup > 0]
    return {"drafted_tokens": drafted, "accepted_tokens": accepted,
            "acceptance_rate": round(accepted / drafted, 3),
            "speculation_speedup": round(statistics.median(speedups), 3) if speedups else None}
