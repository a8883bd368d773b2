"""What ``ondol index`` and ``ondol ask`` do (imported when one runs: the index, the readers and
numpy are not loaded for other commands)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from app.cli.attachments import finder_for, open_index, print_sources, short_reason
from app.cli.options import sampling_params
from app.core.chat.grounding import Budget, ground
from app.core.chat.session import ChatSession
from app.core.context import AppContext
from app.core.documents.chunks import estimate_tokens
from app.core.errors import RetrievalError
from app.core.retrieval.folders import collection_needs_rebuild, rebuild, sync_folder
from app.core.retrieval.search import search_text
from app.core.runtime.client import RuntimeClient


@contextlib.contextmanager
def _ctrl_c_sets(event: threading.Event) -> Iterator[None]:
    """While indexing, Ctrl+C asks the indexer to stop (files finished so far stay)."""
    def handler(_sig: int, _frame: FrameType | None) -> None:
        event.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def index(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run ``ondol index``.

    Raises:
        OndolError: no embedding model, the folder is gone, cancelled, the index broke.
    """
    folder = args.folder.expanduser().resolve()
    with open_index(ctx) as store, finder_for(ctx, store, args.embedding_model) as make:
        known = {c.name: c for c in store.list_collections()}
        existing = known.get(args.name)
        if existing is None:
            store.create_collection(args.name, folder=folder)
        elif existing.folder is None or Path(existing.folder) != folder:
            raise RetrievalError(
                f"A collection named {args.name!r} already exists for "
                f"{existing.folder or 'attached files'}; choose another name.",
                reason="name_taken", name=args.name)
        embedder = make()
        cancel = threading.Event()
        started = time.perf_counter()

        def progress(done: int, total: int, chunks: int) -> None:
            sys.stderr.write(f"\rIndexing {args.name}: {done}/{total} files, {chunks} chunks")
            sys.stderr.flush()

        with _ctrl_c_sets(cancel):
            if collection_needs_rebuild(store, args.name, embedder):
                sys.stderr.write("The embedding model changed: indexing everything again.\n")
                report = rebuild(store, args.name, embedder, progress, cancel)
            else:
                report = sync_folder(store, args.name, embedder, progress, cancel)
        sys.stderr.write("\n")
        seconds = time.perf_counter() - started
        removed = len(getattr(report, "removed", []))
        sys.stdout.write(f"{args.name}: {len(report.indexed)} files read, {report.chunks} "
                         f"chunks, {removed} removed, in {seconds:.1f} s\n")
        for path, reason in sorted(report.failed.items()):
            sys.stdout.write(f"  not indexed: {path} ({short_reason(reason)})\n")
    return 0


def ask(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run ``ondol ask``.

    Raises:
        OndolError: no such collection, no embedding model, the model failed.
    """
    with open_index(ctx) as store, finder_for(ctx, store, args.embedding_model,
                                              collections=[args.name]) as make:
        store.collection(args.name)  # no_collection before any model loads
        if args.passages:
            hits = search_text(store, [args.name], make(), args.question, max(1, args.k))
            for number, hit in enumerate(hits, 1):
                place = f", page {hit.page}" if hit.page is not None else ""
                sys.stdout.write(f"[{number}] {hit.score:.3f} {hit.path}{place}\n")
                sys.stdout.write(f"    {' '.join(hit.text.split())[:300]}\n")
            return 0
        from app.cli.chat import answer, load  # the chat command's loading and streaming

        with RuntimeClient() as client:
            load(client, ctx, args)
            n_ctx = client.loaded.n_ctx if client.loaded is not None else 2048
            finder = make.finder
            grounding = ground(args.question, [], Budget.of(
                n_ctx, estimate_tokens(args.question)), finder)
            if not grounding.sources:
                sys.stderr.write(f"Nothing in {args.name} matches the question.\n")
            session = ChatSession()
            session.add_user(f"{grounding.context}\n\n{args.question}".strip())
            answer(client, session, sampling_params(args), as_json=False)
            print_sources(grounding.sources)
    return 0
