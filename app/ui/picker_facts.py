"""What the model picker shows beside each model: its size and formats, how it fits this machine
(the load planner's verdict, in the words the top bar uses) and when it was last used."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from app.core.catalog.groups import ModelGroup
from app.core.context import AppContext
from app.core.errors import InsufficientMemoryError, OndolError
from app.ui.words.errors import error_text
from app.ui.words.planning import fit_text, reason_text
from app.ui.words.sizes import format_size

# The plan's reason code says where the model would run: the fit label (``FitLabel``'s values,
# best first; not imported, to keep the planner's estimators out of the window's start-up).
_ORDER = ["full_gpu", "partial_gpu", "cpu_ram", "too_large"]
_LABEL_BY_PLAN = {
    "plan.gpu_all": "full_gpu",
    "plan.onnx_gpu": "full_gpu",
    "plan.gpu_split": "partial_gpu",
    "plan.cpu": "cpu_ram",
    "plan.onnx_cpu": "cpu_ram",
}


@dataclass(frozen=True)
class Fit:
    """How a model fits here: a short label and the planner's full sentence."""

    label: str
    detail: str
    rank: int  # 0 best; a model that cannot run is last


def size_text(group: ModelGroup) -> str:
    """The size of the model's one variant, or the range of its variants' sizes."""
    sizes = sorted(v.size_bytes for v in group.variants)
    if not sizes:
        return "—"
    if sizes[0] == sizes[-1]:
        return format_size(sizes[0])
    return f"{format_size(sizes[0])}–{format_size(sizes[-1])}"


def format_text(group: ModelGroup) -> str:
    """``GGUF``, ``ONNX`` or both."""
    return " · ".join(f.upper() for f in sorted(group.formats))


def plan_fit(ctx: AppContext, group: ModelGroup) -> Fit:
    """The best fit among the model's variants, from the load planner (reads each header; call
    it off the GUI thread).

    Raises:
        nothing: a variant the planner refuses counts as too large or says why it cannot run.
    """
    best: Fit | None = None
    for variant in group.variants:
        try:
            _meta, plan = ctx.plan(variant.load_path)
        except InsufficientMemoryError as err:
            fit = Fit(fit_text("too_large"), error_text(err), _ORDER.index("too_large"))
        except OndolError as err:
            fit = Fit(
                QCoreApplication.translate("ModelPicker", "Cannot run here"),
                error_text(err),
                len(_ORDER),
            )
        else:
            label = _LABEL_BY_PLAN.get(plan.reason.code, "cpu_ram")
            fit = Fit(fit_text(label), reason_text(plan.reason), _ORDER.index(label))
        if best is None or fit.rank < best.rank:
            best = fit
    return best or Fit("—", "", len(_ORDER))


def draft_text(group: ModelGroup, groups: list[ModelGroup]) -> str | None:
    """"Draft: <name> — same vocabulary, 44% of the size" for the first GGUF variant of
    ``group`` that a smaller library model (from ``groups``) can draft for; ``None`` when none
    can. Reads vocabularies (cached): call it off the GUI thread.

    Raises:
        nothing.
    """
    from app.core.catalog.drafts import search_drafts

    library = [v.model for g in groups for v in g.variants]
    for variant in group.variants:
        if variant.format != "gguf":
            continue
        found = search_drafts(variant.load_path, library)
        if found.chosen is not None:
            return QCoreApplication.translate("ModelPicker", "Draft: {name} — {why}").format(
                name=_draft_name(found.chosen.path, groups), why=reason_text(found.reason))
    return None


def _draft_name(path: Path, groups: list[ModelGroup]) -> str:
    """The draft as the picker lists it: its model's name, with the variant when it has several."""
    for group in groups:
        for variant in group.variants:
            if variant.load_path == path:
                return (f"{group.name} {variant.precision}" if len(group.variants) > 1
                        else group.name)
    return path.stem


def last_used_text(when: float | None, now: float | None = None) -> str:
    """``when`` (Unix time) as the user reads it: a time today, "Yesterday", "3 days ago", a date;
    "Never" when the model has not answered yet."""
    if when is None:
        return QCoreApplication.translate("ModelPicker", "Never")
    moment = QDateTime.fromSecsSinceEpoch(int(when))
    today = QDateTime.fromSecsSinceEpoch(int(now if now is not None else time.time())).date()
    days = moment.date().daysTo(today)
    locale = QLocale()
    if days <= 0:
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    if days == 1:
        return QCoreApplication.translate("ModelPicker", "Yesterday")
    if days < 7:
        return QCoreApplication.translate("ModelPicker", "{count} days ago").format(count=days)
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)


def group_last_used(group: ModelGroup, used: dict[str, float]) -> float | None:
    """The newest use of any of the model's files."""
    times = [used[v.model.name] for v in group.variants if v.model.name in used]
    return max(times) if times else None
