"""``ondol models``: what is in the library."""

from __future__ import annotations

import argparse
import sys

from app.cli import hub_commands
from app.cli.output import print_json
from app.core.catalog.library import scan_all
from app.core.context import AppContext
from app.core.errors import OndolError
from app.core.planning.units import format_bytes


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``models`` and its sub-commands."""
    p = sub.add_parser("models", help="the model library")
    models_sub = p.add_subparsers(dest="models_command", required=True)
    ls = models_sub.add_parser("list", help="list local models")
    ls.add_argument("--json", action="store_true", help="one JSON object per model")
    ls.add_argument("--all", action="store_true",
                    help="also other apps' models, read-only (LM Studio, Ollama, Jan, GPT4All, "
                         "the Hugging Face cache)")
    ls.set_defaults(run=run_list)
    hub_commands.add_parsers(models_sub)


def run_list(args: argparse.Namespace, ctx: AppContext) -> int:
    """Print name, format, quant, size, context length, whether it sees images (a vision
    projector beside it) and path of each local model."""
    try:
        ctx.ensure_starter_model()
    except OndolError as err:  # list what is there anyway
        sys.stderr.write(f"ondol: {err.message}\n")
    models = scan_all(ctx.paths.models_dir, include_external=args.all)
    if args.json:
        for m in models:
            print_json({
                "name": m.name, "format": m.format, "quant": m.quant, "size_bytes": m.size_bytes,
                "context_length": m.metadata.context_length if m.metadata else None,
                "architecture": m.metadata.architecture if m.metadata else None,
                "path": str(m.path), "error": m.error.to_dict() if m.error else None,
                "source": m.source, "read_only": m.read_only,
                "vision": m.vision, "projector": str(m.projector) if m.projector else None,
            })
        return 0
    if not models:
        sys.stdout.write(f"No models in {ctx.paths.models_dir}\n")
        return 0
    rows = [("NAME", "FORMAT", "QUANT", "SIZE", "CONTEXT", "VISION", "PATH")]
    for m in models:
        context = str(m.metadata.context_length or "?") if m.metadata else "-"
        quant = m.quant or "?"
        if m.error:
            reason = m.error.facts.get("reason") or m.error.facts.get("missing")
            quant = f"unusable: {m.error.code}" + (f" ({reason})" if reason else "")
        path = f"{m.path} ({m.source}, read-only)" if m.read_only else str(m.path)
        vision = "images" if m.vision else "-"  # a projector beside it: it sees images
        rows.append((m.name, m.format.upper(), quant, format_bytes(m.size_bytes), context,
                     vision, path))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        sys.stdout.write("  ".join([*cells, row[-1]]) + "\n")
    return 0
