"""``ondol chat``: stream an answer, or chat turn by turn in the terminal."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from app.cli.chat_remote import open_remote, remote_target
from app.cli.options import (
    add_load_flags,
    add_model_flag,
    add_sampling_flags,
    load_overrides,
    sampling_params,
)
from app.cli.output import describe_stats, event_json, print_error, print_json
from app.core.chat.session import ChatSession
from app.core.context import AppContext
from app.core.errors import ModelNotFoundError, OndolError, RuntimeCrashedError
from app.core.planning.words import english
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.settings.connections import Connection
from app.core.types.chat import OverflowPolicy
from app.core.types.params import SamplingParams

if TYPE_CHECKING:
    from app.core.remote.client import RemoteClient

    Client = RuntimeClient | RemoteClient

HELP = "commands: /exit, /reset (forget the conversation), /system TEXT; Ctrl+C stops an answer"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``chat``."""
    p = sub.add_parser("chat", help="chat with a model (streams the answer)",
                       description="Stream an answer to PROMPT, or chat turn by turn without it.")
    p.add_argument("prompt", nargs="?", help="one message; without it, an interactive chat")
    add_model_flag(p)
    p.epilog = ("--model CONNECTION/MODEL chats with MODEL on a saved connection (see 'ondol "
                "connections list'); the loading flags then do not apply.")
    p.add_argument("--system", default="", help="system prompt")
    p.add_argument("--stop-at-limit", action="store_true",
                   help="refuse when the chat outgrows the context (default: drop oldest turns)")
    p.add_argument("--json", action="store_true", help="print events as JSON lines")
    p.add_argument("--attach", nargs="+", type=Path, metavar="FILE",
                   help="files for the (first) message: whole when they fit in the context, "
                   "else the passages that best match it, with their sources")
    p.add_argument("--embedding-model", help="the embedding model for attached files too long "
                   "for the context (default: the setting, else the best in the library)")
    add_load_flags(p)
    add_sampling_flags(p)
    p.set_defaults(run=run)


@contextlib.contextmanager
def _ctrl_c_cancels(client: Client) -> Iterator[None]:
    """While answering, Ctrl+C stops the answer instead of the program."""
    def handler(_sig: int, _frame: FrameType | None) -> None:
        client.cancel()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def answer(client: Client, session: ChatSession, sampling: SamplingParams,
           as_json: bool) -> ev.Done:
    """Send the conversation, stream the reply, and add it to the session.

    Raises:
        OndolError: the runtime's typed error (context overflow, crash, ...).
    """
    parts: list[str] = []
    done: ev.Done | None = None
    with _ctrl_c_cancels(client):
        for event in client.generate(sampling, messages=session.all_messages(),
                                     overflow_policy=session.policy):
            if isinstance(event, ev.Delta):
                parts.append(event.text)
                if not as_json:
                    sys.stdout.write(event.text)
                    sys.stdout.flush()
            if isinstance(event, ev.Done):
                done = event
            if as_json:
                print_json(event_json(event))
    assert done is not None
    session.add_assistant("".join(parts))
    if not as_json:
        sys.stdout.write("\n")
        sys.stderr.write(f"[{describe_stats(done.stats, done.reason)}]\n")
    return done


def load(client: RuntimeClient, ctx: AppContext, args: argparse.Namespace) -> None:
    """Resolve, plan and load the model, showing progress on stderr (or as JSON).

    Raises:
        OndolError: not found, not a model, will not fit, failed to load.
    """
    path = ctx.resolve_model(args.model)
    _meta, plan = ctx.plan(path, load_overrides(args, ctx))
    if not args.json:
        sys.stderr.write(f"Loading {path.name} — {english(plan.reason)}\n")
        for note in plan.notes:
            sys.stderr.write(f"  note: {english(note)}\n")

    def progress(fraction: float) -> None:
        if args.json:
            print_json({"type": "load_progress", "fraction": round(fraction, 3)})

    model = client.load(str(path), plan.params, progress)
    if args.json:
        print_json({"type": "loaded", "device": plan.device, "reason": english(plan.reason),
                    **event_json(ev.Loaded(0, model))})
    elif model.template_source != "model":
        sys.stderr.write(f"  note: {model.template_note}\n")


def run(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run ``ondol chat``.

    Raises:
        OndolError: reported by the caller as a one-line message.
    """
    sampling = sampling_params(args)
    policy = OverflowPolicy.STOP_AT_LIMIT if args.stop_at_limit else OverflowPolicy.DROP_OLDEST
    session = ChatSession(system_prompt=args.system, policy=policy)
    target = remote_target(ctx, args.model)
    if target is not None:
        return _run_remote(ctx, args, session, sampling, *target)
    from app.cli.attachments import first_message  # the readers, only when a chat runs

    attached = first_message(ctx, args.attach, args.embedding_model)
    with RuntimeClient() as client, attached as first:
        _load_local(client, ctx, args)
        n_ctx = client.loaded.n_ctx if client.loaded is not None else 0
        if args.prompt is not None:
            session.add_user(first.prepare(args.prompt, n_ctx,  # type: ignore[arg-type]
                                           client.loaded))
            answer(client, session, sampling, args.json)
            first.print_sources()
            return 0
        return _interactive(client, session, sampling, args.json,
                            reload=lambda: load(client, ctx, args),
                            first=lambda text: first.prepare(  # type: ignore[arg-type]
                                text, n_ctx, client.loaded),
                            after=first.print_sources)


def _load_local(client: RuntimeClient, ctx: AppContext, args: argparse.Namespace) -> None:
    """``load``, saying that no connection has the name either when ``NAME/MODEL`` is not
    found.

    Raises:
        OndolError: as ``load``.
    """
    try:
        load(client, ctx, args)
    except ModelNotFoundError:
        name = (args.model or "").partition("/")[0]
        # Only a NAME/MODEL that cannot be a file path gets the note (a path's error is the
        # one clear line, alone).
        if name and "/" in args.model and not args.json and not Path(name).expanduser(
                ).exists() and not args.model.lower().endswith((".gguf", ".onnx")):
            sys.stderr.write(f"ondol: there is no connection named {name} either (see "
                             "'ondol connections list').\n")
        raise


def _run_remote(ctx: AppContext, args: argparse.Namespace, session: ChatSession,
                sampling: SamplingParams, connection: Connection, model_id: str) -> int:
    """Chat with ``model_id`` on a saved connection: the same loop, through the server.

    Raises:
        OndolError: the key cannot be read, or the server's failure.
    """
    client = open_remote(ctx, connection, model_id, args.json)
    try:
        if args.prompt is not None:
            session.add_user(args.prompt)
            answer(client, session, sampling, args.json)
            return 0
        return _interactive(client, session, sampling, args.json,
                            reload=lambda: client.load(model_id))
    finally:
        client.close()


def _interactive(client: Client, session: ChatSession, sampling: SamplingParams,
                 as_json: bool, reload: Callable[[], None],
                 first: Callable[[str], str] = str, after: Callable[[], None] = lambda: None
                 ) -> int:
    """Turn by turn; a failed turn is reported and forgotten, a crashed runtime reloaded.
    ``first`` makes a typed line into the message (attached files), ``after`` follows each
    answer (its sources)."""
    if not as_json:
        sys.stderr.write(HELP + "\n")
    while True:
        try:
            line = input("" if as_json else "› ")
        except (EOFError, KeyboardInterrupt):
            if not as_json:
                sys.stderr.write("\n")
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/exit", "/quit"):
            return 0
        if text == "/reset":
            session.messages.clear()
            continue
        if text.startswith("/system"):
            session.system_prompt = text[len("/system"):].strip()
            continue
        try:
            message = first(line)
        except OndolError as err:  # the files could not be attached: nothing was sent
            print_error(err, as_json)
            continue
        session.add_user(message)
        try:
            answer(client, session, sampling, as_json)
            after()
        except OndolError as err:
            session.messages.pop()  # the question was not answered: do not send it again
            print_error(err, as_json)
            if isinstance(err, RuntimeCrashedError):
                if not as_json:
                    sys.stderr.write("Reloading the model...\n")
                reload()
