"""A variant's outlook on this machine in the window's language: the longest context that fits
and the estimated speed (``app.core.planning.outlook``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.words.sizes import format_number

CONTEXT = "Planning"


def context_text(max_context: int) -> str:
    """``32,768 tokens``, or a dash when no context fits.

    Raises:
        nothing.
    """
    if max_context <= 0:
        return "–"
    return QCoreApplication.translate(CONTEXT, "{count} tokens").format(
        count=format_number(max_context))


def speed_text(tps: float) -> str:
    """``≈ 30 tok/s``, or a dash when the speed is unknown (or under one token a second).

    Raises:
        nothing.
    """
    if tps < 1:
        return "–"
    return QCoreApplication.translate(CONTEXT, "≈ {tps} tok/s").format(tps=format_number(tps))


def outlook_tooltip() -> str:
    """What the two columns mean, for the table's header.

    Raises:
        nothing.
    """
    return QCoreApplication.translate(
        CONTEXT, "Estimated before downloading, from this computer's memory and the speed of "
        "the models it has already run. The estimate improves after each model's first answer.")


def measured_text(tps: float, predicted_tps: float) -> str:
    """``93 tok/s measured here (predicted ≈ 102)``: a model's own speed beside the estimate,
    or a dash when nothing was measured.

    Raises:
        nothing.
    """
    if tps <= 0:
        return "–"
    measured = format_number(tps, 1 if tps < 10 else 0)
    if predicted_tps < 1:
        return QCoreApplication.translate(CONTEXT, "{tps} tok/s measured here").format(
            tps=measured)
    return QCoreApplication.translate(
        CONTEXT, "{tps} tok/s measured here (predicted ≈ {predicted})").format(
            tps=measured, predicted=format_number(predicted_tps))


def measured_tooltip() -> str:
    """Where a measured speed comes from and what the prediction beside it is.

    Raises:
        nothing.
    """
    return QCoreApplication.translate(
        CONTEXT, "Measured during this model's answers on this computer. The prediction is "
        "what the estimate gives it from this computer's memory and the other models run here.")
