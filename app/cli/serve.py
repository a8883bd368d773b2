"""``ondol serve``: the OpenAI-compatible server, headless, until Ctrl+C."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from app.core.context import AppContext
from app.core.errors import OndolError
from app.server.defaults import DEFAULT_HOST, DEFAULT_PORT


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``serve``."""
    p = sub.add_parser(
        "serve", help="serve the library's models over the OpenAI API",
        description="Serve the models of the library to other programs over the OpenAI API "
                    "(base URL http://HOST:PORT/v1). A request loads its model when needed.")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}; any other needs a key)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--api-key", default=os.environ.get("ONDOL_API_KEY"),
                   help="require this key (Authorization: Bearer KEY); default $ONDOL_API_KEY")
    p.add_argument("--model", action="append", default=[], metavar="NAME",
                   help="load this model now (repeatable); others load on first request")
    p.add_argument("--ttl", type=float, default=None, metavar="SECONDS",
                   help="unload a model idle this long (default: keep it)")
    p.add_argument("--max-loaded", type=int, default=1, metavar="N",
                   help="models loaded at once; the least recently used makes room (default 1)")
    p.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                   help="allow browser pages from ORIGIN (repeatable; default none)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run ``ondol serve``.

    Raises:
        OndolError: the address cannot be used, or a --model cannot load.
    """
    # FastAPI and uvicorn are imported for this command only, not for every start.
    from app.server.errors import ApiError
    from app.server.pool import ModelPool
    from app.server.serve import Server, ServerOptions, parse_origins

    options = ServerOptions(host=args.host, port=args.port, api_key=args.api_key or None,
                            cors_origins=parse_origins(args.cors))
    with contextlib.suppress(OndolError):  # the library has the starter model, if it can
        ctx.ensure_starter_model()
    pool = ModelPool(ctx, max_loaded=args.max_loaded, ttl_s=args.ttl)
    server = Server(pool, options)
    try:
        for name in args.model:
            try:
                with pool.use(name):
                    sys.stderr.write(f"loaded {name}\n")
            except ApiError as err:
                sys.stderr.write(f"ondol: {err.message}\n")
                return 1
        # The first line is the address, for scripts that start the server and read it.
        print(server.base_url, flush=True)
        sys.stderr.write("Serving the OpenAI API; Ctrl+C stops.\n")
        try:
            server.run()
        except KeyboardInterrupt:  # uvicorn stopped on Ctrl+C and passes the signal on
            sys.stderr.write("Stopped.\n")
    finally:
        server.stop()
    return 0
