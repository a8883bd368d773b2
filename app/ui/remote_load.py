"""A remote model as the window's model controller holds it: a library-like entry named by its
``remote:`` name and a plan that loads nothing here (the server runs the model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.catalog.library import LocalModel
from app.core.planning.load_plan import LoadPlan
from app.core.planning.memory_gguf import MemoryEstimate
from app.core.planning.reasons import reason
from app.core.remote.names import parse_remote_path
from app.core.types.params import LoadParams

REMOTE_SUFFIX = ".remote"  # the entry's path ends so: its stem is the shown name


def is_remote(model: Any) -> bool:
    """Whether a ``LocalModel`` entry stands for a remote model."""
    return model is not None and parse_remote_path(getattr(model, "name", "") or "") is not None


def shown_name(path: str) -> str:
    """"<model> · <connection>" for a ``remote:`` name (the model id's last part).

    Raises:
        ValueError: ``path`` is not a ``remote:`` name.
    """
    parsed = parse_remote_path(path)
    if parsed is None:
        raise ValueError(f"not a remote model: {path!r}")
    connection, model_id = parsed
    return f"{model_id.rsplit('/', 1)[-1]} · {connection}"


def remote_entry(path: str, context_length: int = 0) -> tuple[LocalModel, LoadPlan]:
    """The entry and plan for the remote model ``path``; ``context_length`` 0 when the server
    does not say it.

    Raises:
        ValueError: ``path`` is not a ``remote:`` name.
    """
    model = LocalModel(name=path, path=Path(shown_name(path) + REMOTE_SUFFIX), size_bytes=0,
                       source="remote", read_only=True)
    # Never shown: the top bar says "on <server>" for a remote model instead of a plan's why.
    why = reason("memory.vram_unknown")
    plan = LoadPlan(backend="remote", device="server",
                    params=LoadParams(n_ctx=max(context_length, 0), n_threads=0),
                    estimate=MemoryEstimate(0, 0, 0, 0), reason=why)
    return model, plan


def show_model_on(top_bar: Any, model: LocalModel, plan: LoadPlan) -> None:
    """The top bar's line for the loaded model: a remote one's name and connection."""
    if not is_remote(model):
        top_bar.show_model(model, plan)
        return
    parsed = parse_remote_path(model.name)
    assert parsed is not None
    top_bar.show_remote(parsed[1], parsed[0])  # the picker and the status line name it
