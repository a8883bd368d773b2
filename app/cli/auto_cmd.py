"""``ondol auto``: every variant of a model on this machine, measured, and the one Auto picks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.output import print_json
from app.core.catalog.groups import group_library
from app.core.catalog.library import scan_all
from app.core.context import AppContext
from app.core.errors import ModelNotFoundError
from app.core.planning.words import english
from app.core.runtime.client import RuntimeClient
from app.core.selection.auto import choose
from app.core.selection.calibration import Measurement
from app.core.selection.service import VariantSelector, find_group
from app.core.types.params import LoadParams


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``auto``."""
    p = sub.add_parser("auto", help="which variant of a model runs best here, and why")
    p.add_argument("--model", "-m", metavar="NAME",
                   help="a model name (its variants are grouped); default: the starter model")
    p.add_argument("--no-calibrate", action="store_true",
                   help="use cached measurements and estimates; measure nothing")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(run=run)


def tuning_facts(measurement: Measurement | None, params: LoadParams | None) -> dict[str, Any]:
    """What calibration timed beyond the plain speed, and what the plan uses: JSON-ready.

    Raises:
        nothing.
    """
    if measurement is None:
        return {"thread_tps": None, "threads_busy": None, "draft": None, "draft_tps": None,
                "draft_acceptance": None, "drafted_tokens": None, "threads": None,
                "draft_model": None}
    return {
        "thread_tps": {str(n): round(tps, 1) for n, tps in measurement.thread_tps} or None,
        "threads_busy": measurement.threads_busy,
        "draft": measurement.draft_candidate,
        "draft_tps": round(measurement.draft_tps, 1) if measurement.draft_candidate else None,
        "draft_acceptance": (round(measurement.draft_acceptance, 3)
                             if measurement.draft_candidate else None),
        "drafted_tokens": measurement.drafted_tokens if measurement.draft_candidate else None,
        "threads": params.n_threads if params else None,
        "draft_model": params.draft_model if params else None,
    }


def tuning_lines(row: dict[str, Any]) -> list[str]:
    """The measured thread counts and draft run of one table row, and the choice.

    Raises:
        nothing.
    """
    lines = []
    if row["thread_tps"]:
        timed = ", ".join(f"{n} → {tps} tok/s" for n, tps in row["thread_tps"].items())
        busy = (" (other programs were busy, so the plan's count stays)"
                if row["threads_busy"] else "")
        lines.append(f"threads: {timed}; using {row['threads']}{busy}")
    if row["draft"]:
        verdict = "using it" if row["draft_model"] == row["draft"] else "not used"
        accepted = (f"{row['draft_acceptance']:.0%} of {row['drafted_tokens']} drafted tokens "
                    "accepted" if row["drafted_tokens"] else "nothing drafted: it would not pay")
        lines.append(f"draft {Path(row['draft']).stem}: {row['draft_tps']} tok/s vs "
                     f"{row['decode_tps']} without ({accepted}); {verdict}")
    return lines


def run(args: argparse.Namespace, ctx: AppContext) -> int:
    """Group the library, calibrate the model's variants (a few seconds each), print the choice.

    Raises:
        ModelNotFoundError: no model by that name.
        OndolError: from the starter model.
    """
    starter = ctx.ensure_starter_model()
    groups = group_library(scan_all(ctx.paths.models_dir, include_external=False))
    query = args.model or str(starter)
    group = find_group(groups, query)
    if group is None:
        raise ModelNotFoundError(f"No model named '{query}' in the library.", query=query)
    selector = VariantSelector(ctx)
    if not args.no_calibrate and selector.needs_calibration(group):
        def progress(index: int, total: int, name: str) -> None:
            if not args.json:
                sys.stderr.write(f"measuring {index + 1}/{total}: {name}\n")

        selector.calibrate(group, RuntimeClient, progress)
    options = selector.options(group)
    choice = choose(options)  # from the same options: each variant is planned once
    rows = [{
        "variant": o.variant.label, "build": o.variant.long_label, "path": str(o.variant.load_path),
        "backend": o.plan.backend if o.plan else None,
        "device": o.plan.device if o.plan else None,
        "decode_tps": round(o.measurement.decode_tps, 1) if o.measurement else None,
        "prompt_tps": round(o.measurement.prompt_tps, 1) if o.measurement else None,
        "estimated_tps": round(o.estimated_tps, 1) if o.estimated_tps else None,
        "problem": o.problem.message if o.problem else None,
        "problem_code": o.problem.code if o.problem else None,
        "chosen": choice is not None and o is choice.option,
        **tuning_facts(o.measurement, o.plan.params if o.plan else None),
    } for o in options]
    if args.json:
        print_json({"model": group.name, "variants": rows,
                    "choice": choice.variant.label if choice else None,
                    "reason": english(choice.reason) if choice else None})
        return 0
    sys.stdout.write(f"{group.name}: {len(rows)} variant(s)\n")
    for row in rows:
        speed = (f"{row['decode_tps']} tok/s measured" if row["decode_tps"] is not None else
                 f"~{row['estimated_tps']} tok/s estimated" if row["estimated_tps"] else "-")
        mark = "*" if row["chosen"] else " "
        where = f"{row['backend']} on {row['device']}" if row["backend"] else row["problem"]
        sys.stdout.write(f" {mark} {row['build']:<34} {speed:<26} {where}\n")
        for line in tuning_lines(row):
            sys.stdout.write(f"     {line}\n")
    sys.stdout.write(f"Auto: {english(choice.reason)}\n" if choice else "Nothing can run here.\n")
    return 0 if choice else 1
