"""Command-line flags shared by several commands: sampling, loading, output."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.core.errors import ModelNotFoundError
from app.core.planning.load_plan import LoadOverrides
from app.core.types.params import KV_CACHE_TYPES, SamplingParams

if TYPE_CHECKING:
    from app.core.context import AppContext


def add_model_flag(parser: argparse.ArgumentParser) -> None:
    """``--model NAME|PATH`` (default: the starter model)."""
    parser.add_argument("--model", "-m", metavar="NAME|PATH",
                        help="a library name (see 'ondol models list') or a .gguf path; "
                             "default: the starter model")


def add_load_flags(parser: argparse.ArgumentParser) -> None:
    """Flags that change how the model is loaded (each defaults to Ondol's choice)."""
    group = parser.add_argument_group("loading (default: chosen for this machine)")
    group.add_argument("--ctx", type=int, metavar="N", help="context length in tokens")
    group.add_argument("--threads", type=int, metavar="N", help="CPU threads")
    group.add_argument("--batch", type=int, metavar="N", help="prompt batch size")
    group.add_argument("--gpu-layers", type=int, metavar="N", help="layers on the GPU (-1: all)")
    group.add_argument("--device", choices=("auto", "cpu", "gpu"), default="auto")
    group.add_argument("--flash-attn", action=argparse.BooleanOptionalAction, default=None,
                       help="flash attention (default on)")
    group.add_argument("--kv-type", choices=KV_CACHE_TYPES, help="KV cache type (default f16)")
    group.add_argument("--mmap", action=argparse.BooleanOptionalAction, default=None,
                       help="memory-map the model file (default on)")
    group.add_argument("--mlock", action="store_true", help="lock the model in RAM")
    group.add_argument("--force", action="store_true",
                       help="load even if the memory estimate says it will not fit")
    group.add_argument("--draft", metavar="NAME|PATH",
                       help="a small model of the same vocabulary that drafts tokens for "
                            "speculative decoding (a library name or a .gguf path)")
    group.add_argument("--lookup", action=argparse.BooleanOptionalAction, default=None,
                       help="draft tokens from the prompt itself (default: Ondol decides)")


def add_sampling_flags(parser: argparse.ArgumentParser) -> None:
    """Flags for the decoding step."""
    d = SamplingParams()
    group = parser.add_argument_group("sampling")
    group.add_argument("--temperature", "--temp", type=float, default=d.temperature,
                       help="randomness; 0 = always the most likely token "
                            f"(default {d.temperature})")
    group.add_argument("--top-k", type=int, default=d.top_k, help=f"(default {d.top_k}; 0 = off)")
    group.add_argument("--top-p", type=float, default=d.top_p, help=f"(default {d.top_p})")
    group.add_argument("--min-p", type=float, default=d.min_p, help=f"(default {d.min_p})")
    group.add_argument("--repeat-penalty", type=float, default=d.repeat_penalty)
    group.add_argument("--presence-penalty", type=float, default=d.presence_penalty)
    group.add_argument("--frequency-penalty", type=float, default=d.frequency_penalty)
    group.add_argument("--max-tokens", type=int, default=d.max_tokens,
                       help=f"answer length limit (default {d.max_tokens}; 0 = until the context "
                            "is full)")
    group.add_argument("--seed", type=int, help="fixed seed for a repeatable answer")
    group.add_argument("--stop", action="append", default=[], metavar="TEXT",
                       help="end the answer at this text (repeatable)")
    group.add_argument("--logprobs", type=int, default=0, metavar="K",
                       help="report the K most likely tokens at each step (with --json)")


def load_overrides(args: argparse.Namespace, ctx: AppContext | None = None) -> LoadOverrides:
    """The load flags as overrides; ``--draft`` is resolved like ``--model`` (a library name
    through ``ctx``, or a path).

    Raises:
        ModelNotFoundError: ``--draft`` names no model, or several.
    """
    draft = getattr(args, "draft", None)
    draft_path = None
    if draft is not None:
        if ctx is None:
            from app.core.context import AppContext  # only when a draft is asked for

            ctx = AppContext.create()
        try:
            draft_path = str(ctx.resolve_model(draft))
        except ModelNotFoundError as err:  # say which flag named the missing model
            raise ModelNotFoundError(f"Draft model (--draft): {err.message}",
                                     **err.facts) from err
    return LoadOverrides(
        n_ctx=args.ctx, n_threads=args.threads, n_batch=args.batch, n_gpu_layers=args.gpu_layers,
        flash_attn=args.flash_attn, kv_cache_type=args.kv_type, use_mmap=args.mmap,
        use_mlock=args.mlock or None, device=args.device, ignore_memory_check=args.force,
        draft_model=draft_path, prompt_lookup=getattr(args, "lookup", None))


def sampling_params(args: argparse.Namespace) -> SamplingParams:
    """The sampling flags as parameters.

    Raises:
        InvalidParameterError: a value out of range.
    """
    return SamplingParams(
        temperature=args.temperature, top_k=args.top_k, top_p=args.top_p, min_p=args.min_p,
        repeat_penalty=args.repeat_penalty, presence_penalty=args.presence_penalty,
        frequency_penalty=args.frequency_penalty, max_tokens=args.max_tokens or None,
        seed=args.seed, stop=tuple(args.stop), top_logprobs=args.logprobs,
    ).validate()
