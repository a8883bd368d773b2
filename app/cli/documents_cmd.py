"""``ondol index`` and ``ondol ask``: a folder made searchable as a named collection, and
questions answered from it with their sources."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.options import add_load_flags, add_model_flag, add_sampling_flags
from app.core.context import AppContext


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``index`` and ``ask``."""
    p = sub.add_parser("index", help="make a folder searchable as a collection",
                       description="Index the documents in FOLDER (text, Markdown, PDF, Word, "
                       "HTML, source code) as the collection NAME; run again to bring it up "
                       "to date (only changed files are read again).")
    p.add_argument("folder", type=Path)
    p.add_argument("--name", required=True, help="the collection's name")
    p.add_argument("--embedding-model", help="the embedding model (default: the setting, "
                   "else the best one in the library)")
    p.set_defaults(run=run_index)

    a = sub.add_parser("ask", help="answer a question from a collection, with sources",
                       description="Find the passages of collection NAME that best match "
                       "QUESTION and let a model answer from them, citing them.")
    a.add_argument("name", help="the collection (see 'ondol index')")
    a.add_argument("question")
    a.add_argument("--passages", action="store_true",
                   help="only list the best passages; no model answers")
    a.add_argument("-k", type=int, default=5, help="passages to list (with --passages)")
    a.add_argument("--embedding-model", help="the embedding model (default: the setting)")
    add_model_flag(a)
    add_load_flags(a)
    add_sampling_flags(a)
    a.set_defaults(run=run_ask, json=False)


def run_index(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run ``ondol index`` (see ``documents_run.index``).

    Raises:
        OndolError: no embedding model, the folder is gone, cancelled, the index broke.
    """
    from app.cli import documents_run

    return documents_run.index(args, ctx)


def run_ask(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run ``ondol ask`` (see ``documents_run.ask``).

    Raises:
        OndolError: no such collection, no embedding model, the model failed.
    """
    from app.cli import documents_run

    return documents_run.ask(args, ctx)
