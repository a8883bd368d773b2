"""``ondol chat --model CONNECTION/MODEL``: the model of a saved connection, through the remote
client (the same streaming loop as a local model)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from app.cli.output import event_json, print_json
from app.core.context import AppContext
from app.core.errors import ConnectionSettingsError
from app.core.runtime import events as ev
from app.core.settings.connections import Connection, ConnectionStore

if TYPE_CHECKING:
    from app.core.remote.client import RemoteClient


def remote_target(ctx: AppContext, model: str | None) -> tuple[Connection, str] | None:
    """(connection, model id) when the part of ``model`` before its first "/" names a saved
    connection (and a model id follows); None for a local model.

    Raises:
        nothing: an unreadable connections file means no connections.
    """
    if not model or "/" not in model:
        return None
    name, _, model_id = model.partition("/")
    if not model_id:
        return None
    try:
        return ConnectionStore(ctx.paths.connections_file).get(name), model_id
    except ConnectionSettingsError:
        return None


def open_remote(ctx: AppContext, connection: Connection, model_id: str,
                as_json: bool) -> RemoteClient:
    """A remote client with ``model_id`` loaded (the server lists it, its refused knobs known).

    Raises:
        ConnectionSettingsError: the key cannot be read.
        RemoteServerError: unreachable, auth, the model is not listed, ...
    """
    from app.core.remote.client import RemoteClient
    from app.core.remote.endpoint import Endpoint

    key = ConnectionStore(ctx.paths.connections_file).api_key(connection.name)
    client = RemoteClient(Endpoint(connection.base_url, key), connection.name)
    if not as_json:
        sys.stderr.write(f"Connecting to {model_id} on {connection.name} "
                         f"({client.endpoint.shown_url})\n")
    try:
        model = client.load(model_id)
    except BaseException:
        client.close()
        raise
    if as_json:
        print_json({"type": "loaded", "connection": connection.name,
                    **event_json(ev.Loaded(0, model))})
    elif client.refused_knobs:
        sys.stderr.write(f"  note: the server refuses {', '.join(sorted(client.refused_knobs))}; "
                         "they are left out\n")
    return client
