"""The parameter panel for a remote model: the sampling knobs its server refused are greyed with
the server's reason, and the load settings (context length, threads, GPU layers, speculative
decoding, KV cache...) are greyed as set by the server."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtWidgets import QWidget

from app.core.remote.names import parse_remote_path
from app.core.runtime import events as ev

REFUSABLE = ("top_k", "min_p", "repeat_penalty")  # the panel's knobs a server may refuse


class RemoteKnobs(QObject):
    """Greys and explains the panel's knobs while a remote model is loaded (a QObject of the
    GUI thread: the runtime worker's ``loaded`` reaches it queued)."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self.panel = panel
        self._tips: dict[str, str] = {}  # each knob's own tooltip, to put back
        self.refused: dict[str, str] = {}
        self.remote = False

    @Slot(int, object)
    def worker_loaded(self, _job: int, model: ev.LoadedModel) -> None:
        """The runtime worker's ``loaded``."""
        self.model_loaded(model)

    def model_loaded(self, model: ev.LoadedModel) -> None:
        """A model is loaded: grey what its server decides, or give everything back."""
        self.remote = parse_remote_path(model.path) is not None
        refused = model.params.get("refused_knobs") if self.remote else None
        self.refused = dict(refused) if isinstance(refused, dict) else {}
        for name in REFUSABLE:
            widget: QWidget = getattr(self.panel, name)
            own = self._tips.setdefault(name, widget.toolTip())
            reason = self.refused.get(name)
            widget.setEnabled(reason is None)
            widget.setToolTip(own if reason is None else QCoreApplication.translate(
                "RemoteKnobs", "The server does not accept this setting: {reason}").format(
                reason=reason))
        group: QWidget = self.panel.load_group
        own = self._tips.setdefault("load_group", group.toolTip())
        if self.remote:
            group.setEnabled(False)
            set_by_server = QCoreApplication.translate("RemoteKnobs", "Set by the server")
            group.setToolTip(set_by_server)
            group.setAccessibleDescription(set_by_server)
        else:
            group.setToolTip(own)
            group.setAccessibleDescription("")
