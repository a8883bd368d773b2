"""``ondol hw``: the detected hardware, and how a model would run on it."""

from __future__ import annotations

import argparse
import sys

from app.cli.options import add_load_flags, add_model_flag, load_overrides
from app.cli.output import print_json
from app.core.catalog.drafts import search_drafts
from app.core.catalog.library import scan_all
from app.core.context import AppContext
from app.core.hardware.describe import describe_profile
from app.core.planning.drafts import DraftSearch
from app.core.planning.units import format_bytes
from app.core.planning.words import english


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``hw``."""
    p = sub.add_parser("hw", help="show the detected hardware and the plan for a model")
    add_model_flag(p)
    p.add_argument("--json", action="store_true")
    add_load_flags(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: AppContext) -> int:
    """Print the hardware profile and the load plan for the model.

    Raises:
        OndolError: the model is missing, unusable, or would not fit.
    """
    profile = ctx.profile
    path = ctx.resolve_model(args.model)
    meta, plan = ctx.plan(path, load_overrides(args, ctx))
    drafts = search_drafts(path, scan_all(ctx.paths.models_dir))
    if args.json:
        print_json({
            "hardware": profile.to_dict(),
            "model": meta.to_dict(),
            "plan": {"backend": plan.backend, "device": plan.device,
                     "params": plan.params.to_dict(), "reason": english(plan.reason),
                     "reason_data": plan.reason.to_dict(),
                     "notes": [english(note) for note in plan.notes],
                     "estimate": {**plan.estimate.__dict__,
                                  "total_bytes": plan.estimate.total_bytes}},
            "draft": {**drafts.to_dict(), "why": english(drafts.reason)},
        })
        return 0
    out = sys.stdout
    out.write("Hardware\n")
    for line in describe_profile(profile):
        out.write(f"  {line}\n")
    p, e = plan.params, plan.estimate
    out.write(f"\nModel  {path.name}  ({meta.architecture}, {meta.file_type or '?'}, "
              f"{format_bytes(meta.file_size_bytes)})\n")
    out.write(f"  backend   {plan.backend}\n  device    {plan.device}\n")
    gpu_layers = "all" if p.n_gpu_layers == -1 else str(p.n_gpu_layers)
    out.write(f"  load      context {p.n_ctx}, threads {p.n_threads}, batch {p.n_batch}, "
              f"GPU layers {gpu_layers}, flash attention {'on' if p.flash_attn else 'off'}, "
              f"KV cache {p.kv_cache_type}, memory-mapped {'yes' if p.use_mmap else 'no'}\n")
    repacked = (f", repacked while mapped {format_bytes(e.repack_bytes)}" if e.repack_bytes
                else "")
    out.write(f"  memory    about {format_bytes(e.total_bytes)} (weights "
              f"{format_bytes(e.weights_bytes)}, KV cache {format_bytes(e.kv_cache_bytes)}, "
              f"buffers {format_bytes(e.compute_bytes + e.overhead_bytes)}{repacked})\n")
    out.write(f"  why       {english(plan.reason)}\n")
    for note in plan.notes:
        out.write(f"  note      {english(note)}\n")
    _write_draft(drafts)
    return 0


# Verdicts listed under "none", so the user sees why each near miss was refused.
_SHOWN_VERDICTS = 5


def _write_draft(drafts: DraftSearch) -> None:
    out = sys.stdout
    if drafts.chosen is not None:
        out.write(f"  draft     {drafts.chosen.name}: {english(drafts.reason)}\n")
        return
    out.write(f"  draft     none: {english(drafts.reason)}\n")
    near = [v for v in drafts.verdicts if v.candidate.format == "gguf"]
    for verdict in near[:_SHOWN_VERDICTS]:
        out.write(f"            {verdict.candidate.name}: {english(verdict.reason)}\n")
    if len(near) > _SHOWN_VERDICTS:
        out.write(f"            … and {len(near) - _SHOWN_VERDICTS} more\n")
