"""The ``ondol`` command: parse, build the context, dispatch, turn typed errors into one line."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys

from app import __version__
from app.cli import (
    auto_cmd,
    bench,
    chat,
    connections_cmd,
    documents_cmd,
    hw,
    inspect_cmd,
    models,
    serve,
    tokens_cmd,
)
from app.cli.output import print_error
from app.core.context import AppContext
from app.core.errors import OndolError


def build_parser() -> argparse.ArgumentParser:
    """All commands and their flags."""
    parser = argparse.ArgumentParser(
        prog="ondol", description="Run language models on your own computer.")
    parser.add_argument("--version", action="version", version=f"ondol {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the runtime's log")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                help="without one, the window opens")
    for module in (chat, models, serve, hw, bench, auto_cmd, tokens_cmd, inspect_cmd,
                   documents_cmd):
        module.add_parser(sub)
    connections_cmd.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (0 ok, 1 a reported error, 2 usage)."""
    multiprocessing.freeze_support()
    args = build_parser().parse_args(argv)
    if args.command is None:
        from app.ui.app import main as window_main  # Qt is imported only for the window

        return window_main()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:
        # llama.cpp's warnings (odd tokens in a vocabulary, ...) are for -v; errors still show.
        logging.getLogger("ondol.llama").setLevel(logging.ERROR)
    as_json = bool(getattr(args, "json", False))
    try:
        ctx = AppContext.create()
        return int(args.run(args, ctx))
    except OndolError as err:
        print_error(err, as_json)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except OSError as err:
        sys.stderr.write(f"ondol: {err}\n")
        return 1
