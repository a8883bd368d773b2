"""What a load plan is, what the user may override, and the context-length policy both
formats' planners follow: the trained length up to 8192, halved until it fits, an explicit
length refused with the numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.errors import InsufficientMemoryError
from app.core.formats.metadata import ModelMetadata
from app.core.planning.memory_gguf import MemoryEstimate
from app.core.planning.placement import Shortfall
from app.core.planning.reasons import Reason, reason
from app.core.planning.words import english
from app.core.types.params import LoadParams

DEFAULT_CONTEXT_CAP = 8192  # the default context: the trained length, up to this
MIN_CONTEXT = 512
UNKNOWN_TRAINED_CONTEXT = 4096  # a model that does not say how long it was trained


@dataclass(frozen=True)
class LoadOverrides:
    """The user's choices; ``None`` means "let Ondol decide"."""

    n_ctx: int | None = None
    n_threads: int | None = None
    n_gpu_layers: int | None = None  # -1: all
    n_batch: int | None = None
    flash_attn: bool | None = None
    kv_cache_type: str | None = None
    use_mmap: bool | None = None
    use_mlock: bool | None = None
    device: str = "auto"  # "auto", "cpu" or "gpu"
    ignore_memory_check: bool = False
    # Speculative decoding: the draft model's path (None: no draft model) and prompt lookup
    # (None: on for GGUF; the adaptive draft length turns it off where it would lose).
    draft_model: str | None = None
    prompt_lookup: bool | None = None
    # A vision model's projector file (mmproj*.gguf); None: text only.
    mmproj: str | None = None


@dataclass(frozen=True)
class LoadPlan:
    """What will run the model, how, and why (``reasons.py`` lists the codes)."""

    backend: str
    device: str
    params: LoadParams
    estimate: MemoryEstimate
    reason: Reason
    notes: tuple[Reason, ...] = field(default_factory=tuple)


def with_auto_reason(plan: LoadPlan, auto: Reason) -> LoadPlan:
    """``plan`` with Auto's reason put in front of its own.

    Raises:
        nothing.
    """
    return LoadPlan(plan.backend, plan.device, plan.params, plan.estimate,
                    reason("auto.with_plan", auto=auto, plan=plan.reason), plan.notes)


def fit_context(meta: ModelMetadata, o: LoadOverrides, fmt: str,
                check: Callable[[int], Shortfall | None]) -> tuple[int, list[Reason]]:
    """The context length to load with, and the notes saying how it was chosen.

    ``check(n_ctx)``: None when the model fits with that context, else where it falls short.
    The default (the trained length, up to 8192) halves until it fits, down to 512; a length
    the user asked for is refused when it does not fit; ``ignore_memory_check`` skips both.

    Raises:
        InsufficientMemoryError: nothing fits; facts ``n_ctx``, ``bytes_needed``,
            ``bytes_available``, ``where`` ("memory", "VRAM", "GPU memory"), ``format``.
    """
    trained = meta.context_length or UNKNOWN_TRAINED_CONTEXT
    default = min(trained, DEFAULT_CONTEXT_CAP)
    n_ctx = o.n_ctx or default
    notes: list[Reason] = []
    if o.n_ctx and o.n_ctx > trained:
        notes.append(reason("note.context_past_training", n_ctx=o.n_ctx, trained=trained))
    if o.ignore_memory_check:
        return n_ctx, notes
    short = check(n_ctx)
    if o.n_ctx is None:
        while n_ctx > MIN_CONTEXT and short is not None:
            n_ctx = max(MIN_CONTEXT, n_ctx // 2)
            short = check(n_ctx)
        if n_ctx < default:
            notes.append(reason("note.context_lowered", n_ctx=n_ctx))
    if short is not None:
        refusal = reason("refuse.memory", n_ctx=n_ctx, bytes_needed=short.needed,
                         bytes_available=short.available, where=short.where, format=fmt)
        raise InsufficientMemoryError(english(refusal), path=str(meta.path),
                                      **refusal.params)
    return n_ctx, notes
