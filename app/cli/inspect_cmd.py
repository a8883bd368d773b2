"""``ondol inspect``: the next-token distribution after a prompt, and the first tokens chosen.

The prompt goes through the model's chat template as one user message (``--raw``: as it is).
With ``--steps N`` the first N tokens of the greedy answer follow, each with its candidates.
Greedy here means the plain argmax: no repetition penalty, so each chosen token is the most
likely candidate shown. (The shared sampling flags are not offered: their ``--top-k`` would
clash with this command's, which says how many candidates to show.)
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING, Any

from app.cli.chat import load
from app.cli.options import add_load_flags, add_model_flag
from app.cli.output import print_json
from app.core.context import AppContext
from app.core.errors import InvalidParameterError
from app.core.inspect.tokens_render import visible
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.chat import ChatMessage
from app.core.types.params import SamplingParams
from app.core.types.results import StepLogprobs, TokenLogprob

if TYPE_CHECKING:  # numpy is imported when the command runs, not when ``ondol`` starts
    from app.core.inspect.distribution import Candidate, NextTokenView

BAR_WIDTH = 24
MAX_STEP_CANDIDATES = 20  # the decode loop reports at most this many per step


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``inspect``."""
    p = sub.add_parser("inspect", help="show the next-token probabilities after a prompt",
                       description="Show the model's next-token distribution after PROMPT and, "
                                   "with --steps, the first tokens of its greedy answer.")
    p.add_argument("prompt", help="the text (a user message, or raw text with --raw)")
    add_model_flag(p)
    p.add_argument("--top-k", type=int, default=10, metavar="K",
                   help="how many candidates to show (default 10)")
    p.add_argument("--steps", type=int, default=0, metavar="N",
                   help="also show the first N tokens of the greedy answer")
    p.add_argument("--raw", action="store_true",
                   help="send PROMPT as raw text, not through the chat template")
    p.add_argument("--system", default="", help="system prompt (not with --raw)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_load_flags(p)
    p.set_defaults(run=run)


def bar(prob: float, width: int = BAR_WIDTH) -> str:
    """A text bar for a probability 0..1 (eighths of a block for the last cell)."""
    eighths = round(max(0.0, min(prob, 1.0)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + ("" if part == 0 else " ▏▎▍▌▋▊▉"[part])


def shown(token: str) -> str:
    """A token's text with spaces, newlines and control bytes drawn."""
    return visible(token.encode("utf-8"))


def _candidate_json(rank: int | None, c: Candidate | TokenLogprob) -> dict[str, Any]:
    prob = math.exp(c.logprob)
    return {"rank": rank, "token": c.token, "token_id": c.token_id,
            "logprob": round(c.logprob, 6), "prob": round(prob, 6)}


def view_json(view: NextTokenView, steps: list[StepLogprobs]) -> dict[str, Any]:
    """The distribution and the chosen tokens as one JSON-friendly object."""
    return {
        "type": "inspect",
        "prompt_tokens": view.prompt_tokens,
        "n_vocab": view.n_vocab,
        "entropy_nats": round(view.entropy_nats, 6),
        "entropy_bits": round(view.entropy_bits, 6),
        "rest": round(view.rest, 6),
        "candidates": [_candidate_json(i + 1, c) for i, c in enumerate(view.candidates)],
        "steps": [{"index": i, **_candidate_json(None, chosen),
                   "candidates": [_candidate_json(r + 1, c) for r, c in enumerate(top)]}
                  for i, (chosen, top) in enumerate(steps)],
    }


def print_view(view: NextTokenView, steps: list[StepLogprobs]) -> None:
    """The distribution as a table with bars, then the chosen tokens."""
    out = sys.stdout
    out.write(f"Next token after the prompt ({view.prompt_tokens} tokens); entropy "
              f"{view.entropy_nats:.2f} nats = {view.entropy_bits:.2f} bits\n")
    width = max([len(shown(c.token)) for c in view.candidates] + [len("(the rest)")])
    for rank, c in enumerate(view.candidates, 1):
        out.write(f"{rank:>4}  {shown(c.token):<{width}}  {c.token_id:>7}  "
                  f"{c.prob * 100:6.2f}%  {bar(c.prob)}\n")
    out.write(f"{'':>4}  {'(the rest)':<{width}}  {'':>7}  {view.rest * 100:6.2f}%  "
              f"{bar(view.rest)}\n")
    if steps:
        out.write(f"\nGreedy answer, first {len(steps)} tokens:\n")
    for index, (chosen, top) in enumerate(steps, 1):
        others = "  ".join(f"{shown(c.token)} {math.exp(c.logprob) * 100:.1f}%" for c in top)
        out.write(f"{index:>4}  {shown(chosen.token)}  {math.exp(chosen.logprob) * 100:.1f}%"
                  f"   | {others}\n")
    out.flush()


def greedy_steps(client: RuntimeClient, messages: list[ChatMessage] | None,
                 prompt: str | None, count: int, k: int) -> list[StepLogprobs]:
    """The first ``count`` tokens of the greedy answer, each with its ``k`` candidates.

    Raises:
        OndolError: the runtime's typed error.
    """
    sampling = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=count, seed=0,
                              top_logprobs=max(1, min(k, MAX_STEP_CANDIDATES)))
    steps: list[StepLogprobs] = []
    for event in client.generate(sampling, messages=messages, prompt=prompt):
        if isinstance(event, ev.Delta) and event.logprobs:
            steps.extend(event.logprobs)
    return steps


def run(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run ``ondol inspect``.

    Raises:
        OndolError: reported by the caller as a one-line message.
        InvalidParameterError: ``--top-k`` or ``--steps`` out of range.
    """
    from app.core.inspect.distribution import MAX_TOP_N

    if not 1 <= args.top_k <= MAX_TOP_N:
        raise InvalidParameterError(f"--top-k must be in [1, {MAX_TOP_N}] (got {args.top_k}).",
                                    parameter="top_k", value=args.top_k, reason="out_of_range")
    if args.steps < 0:
        raise InvalidParameterError(f"--steps must be >= 0 (got {args.steps}).",
                                    parameter="steps", value=args.steps, reason="out_of_range")
    messages: list[ChatMessage] | None = None
    prompt: str | None = args.prompt
    if not args.raw:
        messages = ([ChatMessage(role="system", content=args.system)] if args.system else []
                    ) + [ChatMessage(role="user", content=args.prompt)]
        prompt = None
    with RuntimeClient() as client:
        load(client, ctx, args)
        view = client.next_token_distribution(messages=messages, prompt=prompt,
                                              top_n=args.top_k)
        steps = greedy_steps(client, messages, prompt, args.steps, args.top_k) if (
            args.steps) else []
    if args.json:
        print_json(view_json(view, steps))
    else:
        print_view(view, steps)
    return 0
