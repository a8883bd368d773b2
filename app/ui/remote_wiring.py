"""Remote models in the window: the connections' models in the picker, loading one through the
model controller, the top bar's line for it and the parameter panel's greyed knobs.

``window.remote_models`` is the ``RemoteCatalog``; its ``refresh`` is the slot to call when the
connections change.
"""

from __future__ import annotations

from typing import Any

from app.core.settings.connections import ConnectionStore
from app.ui.background import Background
from app.ui.remote_knobs import RemoteKnobs
from app.ui.remote_load import is_remote, show_model_on
from app.ui.remote_models import RemoteCatalog


def remote_catalog(connections_file: Any, background: Background) -> RemoteCatalog:
    """The window's catalog of remote models, over the connections in ``connections_file``.

    Raises:
        nothing: a damaged file reads as no connections.
    """
    return RemoteCatalog(ConnectionStore(connections_file), background)


def wire_remote(p: Any, window: Any, picker: Any) -> None:
    """Connect the catalog, the picker, the model controller, the top bar and the panel."""
    catalog: RemoteCatalog = window.remote_models
    models = p.models
    picker.use_remote(catalog)
    picker.remotePicked.connect(models.load_remote)
    # After the top bar's own line (connected before): a remote model says its connection.
    models.loaded.connect(lambda model, plan: show_model_on(p.top_bar, model, plan)
                          if is_remote(model) else None)
    knobs = RemoteKnobs(p.params)
    window.remote_knobs = knobs
    p.runtime.worker.loaded.connect(knobs.worker_loaded)  # queued: another thread's signal
