"""What the window says about a loaded model's chat template when Ondol had to use its own."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Templates"

BROKEN = QT_TRANSLATE_NOOP("Templates", "This model’s chat template is broken; Ondol uses the "
                                        "generic {format} format instead, which may give "
                                        "weaker answers.")
MISSING = QT_TRANSLATE_NOOP("Templates", "This model has no chat template; Ondol uses the "
                                         "{format} format.")
TIP = QT_TRANSLATE_NOOP("Templates", "A chat template tells the model where each message "
                                     "begins and ends. Another build of this model (for "
                                     "example from its maker) may carry a working one.")

# The built-in formats (``fallback:<name>`` template sources), by their usual names.
_FORMATS = {"chatml": "ChatML", "gemma": "Gemma", "phi3": "Phi-3"}


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def template_notice(source: str, model_has_template: bool) -> str:
    """A sentence when the model's own chat template is not in use, else "".

    ``source`` is the load's ``template_source`` (``"model"`` or ``"fallback:<name>"``);
    ``model_has_template`` says whether the file carries a template (then it did not compile).

    Raises:
        nothing: an unknown source is named as it is.
    """
    if not source.startswith("fallback:"):
        return ""
    name = source.split(":", 1)[1]
    return _tr(BROKEN if model_has_template else MISSING).format(
        format=_FORMATS.get(name, name))


def template_notice_tip() -> str:
    """The longer explanation beside the notice."""
    return _tr(TIP)
