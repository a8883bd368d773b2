"""``ondol tokens TEXT``: the text as a model's tokens (its tokenizer alone is read), and with
``--compare`` a second model's, with what Korean costs each against English."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.options import add_model_flag
from app.cli.output import print_json
from app.core.context import AppContext
from app.core.inspect.korean import korean_advice, model_names
from app.core.inspect.tokens import Tokenization
from app.core.inspect.tokens_compare import (
    LanguageCost,
    language_cost,
    sample_text,
    side_by_side,
)
from app.core.runtime.client import RuntimeClient

CONTEXT = 4096  # the context the Korean sentence speaks of, unless --context says otherwise


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``tokens``."""
    p = sub.add_parser("tokens", help="show how a model splits text into tokens")
    p.add_argument("text", metavar="TEXT", help="the text to split")
    add_model_flag(p)
    p.add_argument("--compare", metavar="NAME|PATH", help="a second model to set beside it")
    p.add_argument("--context", type=int, default=CONTEXT, metavar="N",
                   help=f"context length the Korean estimate uses (default {CONTEXT})")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(run=run)


def _cost(client: RuntimeClient, path: str) -> LanguageCost:
    return language_cost(client.token_spans(sample_text("ko"), path),
                         client.token_spans(sample_text("en"), path))


def _model_json(t: Tokenization, cost: LanguageCost, context: int) -> dict[str, object]:
    return {**t.to_dict(), "korean_vs_english": cost.to_dict(context),
            "korean_advice": korean_advice(model_names(t.model), cost.ratio).to_dict()}


def _print_model(t: Tokenization, cost: LanguageCost, context: int) -> None:
    print(f"{Path(t.model).name}: {t.tokens} tokens · {t.characters} characters · "
          f"{t.chars_per_token:.2f} characters per token")
    print("|".join(span.label for span in t.spans))
    print(f"  Korean costs {cost.ratio:.1f} tokens for every token of English; a "
          f"{context:,}-token context holds about {cost.korean_chars_in(context):,} Korean "
          "characters.")


def run(args: argparse.Namespace, ctx: AppContext) -> int:
    """Tokenize, print spans and numbers.

    Raises:
        OndolError: a model is missing or its tokenizer cannot be read.
    """
    paths = [str(ctx.resolve_model(args.model))]
    if args.compare:
        paths.append(str(ctx.resolve_model(args.compare)))
    with RuntimeClient() as client:
        found = [(client.token_spans(args.text, p), _cost(client, p)) for p in paths]
    if args.json:
        out: dict[str, object] = {"models": [_model_json(t, c, args.context) for t, c in found]}
        if len(found) == 2:
            out["comparison"] = side_by_side(found[0][0], found[1][0]).to_dict()
        print_json(out)
        return 0
    for t, cost in found:
        _print_model(t, cost, args.context)
    if len(found) == 2:
        pair = side_by_side(found[0][0], found[1][0])
        print(f"{Path(pair.second.model).name} uses {pair.ratio:.2f} tokens for each of "
              f"{Path(pair.first.model).name}'s on this text.")
    return 0
