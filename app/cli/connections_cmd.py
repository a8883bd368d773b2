"""``ondol connections add | list | rm``: the OpenAI-compatible servers Ondol can use.

A key is never taken as an argument: it would show in ``ps`` and in the shell's history. It
comes from an environment variable, from standard input, or from a prompt that does not echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.cli.output import print_json
from app.core.context import AppContext
from app.core.errors import ConnectionSettingsError, RemoteServerError
from app.core.settings.connections import Connection, ConnectionStore, check_name, check_url
from app.core.settings.secrets import mask

USAGE_ERROR = 2  # as argparse exits for a bad command line
KEY_WORDS = {None: "none", "keyring": "in the keyring", "file": "in a file"}

ADD_EPILOG = """\
The API key is never given on the command line itself, where it would show in `ps` and in the
shell's history: name an environment variable that holds it (--api-key-env OPENAI_API_KEY), or
pipe it in (--api-key-stdin; typed at a prompt, it is not echoed). Keys are kept in the system
keyring where there is one, otherwise in a file only you can read.

Before saving, Ondol asks the server for its models. When only the address with /v1 added
answers, that address is saved (and a note says so). When the server cannot be checked, nothing
is saved: --force saves it anyway (a server that is not running yet), --no-check skips the check.

examples:
  ondol connections add vllm http://localhost:8000/v1
  ondol connections add openai https://api.openai.com/v1 --api-key-env OPENAI_API_KEY
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``connections`` and its sub-commands."""
    p = sub.add_parser("connections", help="remote servers (vLLM, Ollama, any OpenAI-compatible)")
    conn_sub = p.add_subparsers(dest="connections_command", required=True)

    add = conn_sub.add_parser("add", help="add a server by name and address",
                              epilog=ADD_EPILOG, allow_abbrev=False,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("name", help="up to 40 characters, without '/' (chat says NAME/MODEL)")
    add.add_argument("url", help="the server's address, e.g. http://localhost:8000/v1")
    key = add.add_mutually_exclusive_group()
    key.add_argument("--api-key-env", metavar="VAR",
                     help="read the API key from this environment variable")
    key.add_argument("--api-key-stdin", action="store_true",
                     help="read the API key from standard input (never from the command line)")
    # Accepted only to refuse it with the reason, without repeating the key.
    add.add_argument("--api-key", dest="key_on_command_line", help=argparse.SUPPRESS)
    check = add.add_mutually_exclusive_group()
    check.add_argument("--no-check", action="store_true",
                       help="save without asking the server for its models")
    check.add_argument("--force", action="store_true",
                       help="save even when the server cannot be checked")
    add.add_argument("--json", action="store_true", help="the result as one JSON object")
    add.set_defaults(run=run_add)

    ls = conn_sub.add_parser("list", help="list the servers and where their keys are")
    ls.add_argument("--json", action="store_true", help="one JSON object per connection")
    ls.set_defaults(run=run_list)

    rm = conn_sub.add_parser("rm", help="remove a server and its key")
    rm.add_argument("name")
    rm.add_argument("--json", action="store_true", help="the result as one JSON object")
    rm.set_defaults(run=run_rm)


def store_for(ctx: AppContext) -> ConnectionStore:
    """The connections of this Ondol (``ONDOL_HOME`` moves them)."""
    return ConnectionStore(ctx.paths.connections_file)


def _read_key(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(key, problem): the key the flags point at, or a sentence saying why there is none."""
    if args.key_on_command_line is not None:
        return None, ("a key is never taken on the command line, where it would show in `ps` "
                      "and in the shell's history; use --api-key-env VAR or --api-key-stdin")
    if args.api_key_env:
        value = os.environ.get(args.api_key_env)
        if not value or not value.strip():
            return None, f"the environment variable {args.api_key_env} is not set or empty"
        return value, None
    if args.api_key_stdin:
        if sys.stdin is None:
            return None, "there is no standard input to read the key from"
        value = getpass.getpass("API key: ") if sys.stdin.isatty() else sys.stdin.readline()
        if not value.strip():
            return None, "no API key came on standard input"
        return value, None
    return None, None


def run_add(args: argparse.Namespace, ctx: AppContext) -> int:
    """Add a connection (and its key) and say where the key went.

    Raises:
        ConnectionSettingsError: a bad name, address or key, a name taken, a file not saved.
    """
    key, problem = _read_key(args)
    if problem:
        sys.stderr.write(f"ondol: {problem}.\n")
        return USAGE_ERROR
    store = store_for(ctx)
    url, models = check_url(args.url), None
    check_name(args.name)  # a bad name is said before the network is asked anything
    if not args.no_check:
        url, models, failure = _check(args.name, url, key, args.json, args.force)
        if failure is not None and not args.force:
            return 1
    added = store.add(Connection(args.name, url), key)
    place = store.key_storage(added.name)
    if args.json:
        print_json({"type": "connection_added", "name": added.name, "base_url": added.base_url,
                    "key_storage": place, "models": models})
    else:
        where = {None: "no API key", "keyring": "its key in the system keyring",
                 "file": f"its key in {store.keys.path} (readable by you only)"}[place]
        sys.stdout.write(f"Added {added.name} ({added.base_url}), {where}.\n")
    return 0


def _check(name: str, url: str, key: str | None, as_json: bool, force: bool
           ) -> tuple[str, list[str] | None, RemoteServerError | None]:
    """(address to save, the models it lists, the failure): asks ``url`` (or it with /v1)."""
    from app.core.remote.endpoint import Endpoint, list_models, resolve_base_url

    try:
        base = resolve_base_url(Endpoint(url, key))
        models = [m.id for m in list_models(Endpoint(base, key))]
    except RemoteServerError as err:
        if not as_json:
            sys.stderr.write(f"ondol: could not check the server: {err.message}\n")
            sys.stderr.write(f"  {name} is not saved; add --force to save it anyway, or "
                             "--no-check to skip the check.\n" if not force else
                             f"  saving {name} anyway (--force).\n")
        else:
            print_json({"type": "check_failed", **err.to_dict()})
        return url, None, err
    if not as_json:
        if base != url:
            sys.stderr.write(f"  note: {url} has no model list; {base} has, so that address "
                             "is saved.\n")
        shown = ", ".join(models[:5]) + (f" and {len(models) - 5} more" if len(models) > 5
                                        else "")
        sys.stdout.write(f"{len(models)} model{'s' if len(models) != 1 else ''}"
                         f"{': ' + shown if models else ''}\n")
    return base, models, None


def run_list(args: argparse.Namespace, ctx: AppContext) -> int:
    """Print each connection's name, address and where its key is (masked)."""
    store = store_for(ctx)
    connections = store.list()
    if store.recovered_from is not None:
        sys.stderr.write(f"ondol: the connections file was damaged; it is kept as "
                         f"{store.recovered_from}.\n")
    rows = []
    for c in connections:
        place = store.key_storage(c.name)
        try:
            shown = mask(store.api_key(c.name)) if place else ""
            problem = None
        except ConnectionSettingsError as err:  # one unreadable key does not hide the list
            shown, problem = "", err.message
        if args.json:
            print_json({"name": c.name, "base_url": c.base_url, "added_at": c.added_at,
                        "key_storage": place, "key": shown or None, "key_problem": problem})
            continue
        words = KEY_WORDS[place] + (f" ({shown})" if shown else "")
        rows.append((c.name, c.base_url, words + (" — cannot be read" if problem else "")))
        if problem:
            sys.stderr.write(f"ondol: {problem}\n")
    if args.json:
        return 0
    if not rows:
        sys.stdout.write("No connections. Add one with: ondol connections add NAME URL\n")
        return 0
    rows.insert(0, ("NAME", "URL", "KEY"))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for name, url, words in rows:
        sys.stdout.write(f"{name.ljust(widths[0])}  {url.ljust(widths[1])}  {words}\n")
    return 0


def run_rm(args: argparse.Namespace, ctx: AppContext) -> int:
    """Remove a connection and its key.

    Raises:
        ConnectionSettingsError: no such connection, or the file cannot be saved.
    """
    removed = store_for(ctx).remove(args.name)
    if args.json:
        print_json({"type": "connection_removed", "name": removed.name})
    else:
        sys.stdout.write(f"Removed {removed.name}.\n")
    return 0
