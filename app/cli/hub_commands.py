"""``ondol models search | files | download | rm``: the Hugging Face side of the library."""

from __future__ import annotations

import argparse
import sys

from app.cli.output import print_json
from app.core.catalog.library import delete_model, scan_all
from app.core.catalog.repo_names import check_repo_id
from app.core.context import AppContext
from app.core.errors import ModelNotFoundError
from app.core.planning.units import format_bytes
from app.core.planning.words import english


def add_parsers(models_sub: argparse._SubParsersAction) -> None:
    """Register the hub commands under ``ondol models``."""
    search = models_sub.add_parser("search", help="search Hugging Face")
    search.add_argument("query", nargs="?", default="")
    search.add_argument("--format", choices=("gguf", "onnx", "all"), default="gguf")
    search.add_argument("--sort", choices=("downloads", "likes", "updated"), default="downloads")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=run_search)

    files = models_sub.add_parser("files", help="a repository's variants and what fits here")
    files.add_argument("repo")
    files.add_argument("--json", action="store_true")
    files.set_defaults(run=run_files)

    download = models_sub.add_parser("download", help="download a variant (resumable)")
    download.add_argument("repo")
    download.add_argument("variant", nargs="?",
                          help="a file name or a variant such as Q4_K_M (default: recommended)")
    download.set_defaults(run=run_download)

    remove = models_sub.add_parser("rm", help="delete a local model")
    remove.add_argument("name")
    remove.add_argument("--yes", action="store_true", help="do not ask")
    remove.set_defaults(run=run_rm)


def run_search(args: argparse.Namespace, ctx: AppContext) -> int:
    """Print matching repositories.

    Raises:
        HubOfflineError, HubTimeoutError: the hub cannot be reached.
    """
    from app.core.catalog.hub import HubClient

    hub = HubClient()
    fmt = None if args.format == "all" else args.format
    for model in hub.search(args.query, fmt=fmt, sort=args.sort, limit=args.limit):
        if args.json:
            print_json(model)
            continue
        lock = " [gated]" if model.gated else ""
        arch = f" · {model.architecture}" if model.architecture else ""
        params = f" · {model.parameters / 1e9:.2f}B" if model.parameters else ""
        sys.stdout.write(f"{model.repo_id}{lock}  ↓{model.downloads} ♥{model.likes}"
                         f"{arch}{params}\n")
    return 0


def run_files(args: argparse.Namespace, ctx: AppContext) -> int:
    """Print the repository's variants: size, fit label, the longest context that fits here,
    the estimated speed here, and the recommendation.

    Raises:
        HubNotFoundError, HubAuthError, HubOfflineError, HubTimeoutError.
    """
    check_repo_id(args.repo)
    from app.core.catalog.choose import describe_repo
    from app.core.catalog.hub import HubClient
    from app.core.selection.service import VariantSelector

    report = describe_repo(HubClient(), args.repo, ctx.current_profile(),
                           VariantSelector(ctx).bandwidth())
    if args.json:
        print_json(report.to_dict())
        return 0
    out = sys.stdout
    if report.advice is not None:
        out.write(f"{report.advice.summary}\n  runs with: {report.advice.runs_with}\n"
                  f"  try: ondol models search \"{report.advice.local_alternative_query}\"\n")
        return 0
    out.write(f"{'VARIANT':28} {'FMT':5} {'SIZE':>10}  {'HERE':22} {'MAX CONTEXT':>11} "
              f"{'SPEED':>12}\n")
    for row in report.rows:
        star = "  ← recommended" if row.recommended else ""
        context = f"{row.max_context:,}" if row.max_context else "–"
        speed = f"≈ {row.tps:.0f} tok/s" if row.tps >= 1 else "–"
        out.write(f"{row.name:28} {row.format.upper():5} {format_bytes(row.size_bytes):>10}  "
                  f"{english(row.label):22} {context:>11} {speed:>12}{star}\n")
    if report.recommendation_reason:
        out.write(f"\n{english(report.recommendation_reason)}\n")
    return 0


def run_download(args: argparse.Namespace, ctx: AppContext) -> int:
    """Download a variant with a progress bar; resumes a previous partial download.

    Raises:
        OndolError: not found (or not a repository name), gated, offline, disk full,
            integrity failure.
    """
    check_repo_id(args.repo)
    from tqdm import tqdm

    from app.core.catalog.choose import describe_repo, variant_in
    from app.core.catalog.download import download, plan_download
    from app.core.catalog.hub import HubClient

    hub = HubClient()
    from app.core.selection.service import VariantSelector

    report = describe_repo(hub, args.repo, ctx.current_profile(), VariantSelector(ctx).bandwidth())
    variant = variant_in(report, args.variant)
    # Pinned to the commit just listed: a file changed on the hub meanwhile is not mixed in.
    plan = plan_download(ctx.paths.models_dir, args.repo, variant.download_files, report.revision)
    with tqdm(total=plan.total_bytes, unit="B", unit_scale=True, unit_divisor=1024,
              desc=variant.name, file=sys.stderr) as bar:
        def progress(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        paths = download(hub, plan, progress, cancelled=lambda: False)
    for path in paths:
        sys.stdout.write(f"{path}\n")
    return 0


def run_rm(args: argparse.Namespace, ctx: AppContext) -> int:
    """Delete a model from the library (after confirmation).

    Raises:
        ModelNotFoundError: no such model in the library.
    """
    models = [m for m in scan_all(ctx.paths.models_dir, include_external=False)
              if args.name in (m.name, m.path.name, m.path.stem)]
    if len(models) != 1:
        raise ModelNotFoundError(f"No single model named '{args.name}' in the library.",
                                 query=args.name)
    model = models[0]
    if not args.yes:
        answer = input(f"Delete {model.name} ({format_bytes(model.size_bytes)})? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            return 1
    delete_model(model, ctx.paths.models_dir)
    sys.stdout.write(f"Deleted {model.name}\n")
    return 0
