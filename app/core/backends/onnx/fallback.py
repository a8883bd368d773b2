"""Which execution provider an ONNX model is loaded on, with a fallback to the CPU.

Both ONNX backends follow one rule: a forced device is used or fails; otherwise the best
working provider is tried and, when it is a GPU that cannot take the model, the CPU after it.
A damaged file fails at once (another provider would not help). What happened is kept as a
note for ``LoadedModel.params["provider_note"]``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.core.backends.onnx import providers as prov
from app.core.errors import InvalidParameterError, ModelLoadError, OndolError
from app.core.types.params import LoadParams

# LoadParams.extra key: force a device ("cuda", "dml", "coreml", "cpu"); "auto" or absent picks
# the best working one and falls back to the CPU. A forced device that fails is an error.
PROVIDER_KEY = "onnx_provider"
DEVICES = ("auto", "cuda", "dml", "coreml", "cpu")

T = TypeVar("T")
# Makes the runtime's model on one provider: (the model, the provider it really runs on, a
# note when that is not the one asked for). Raises the runtime's own exception on failure.
Create = Callable[[prov.ProviderCheck], tuple[T, prov.ProviderCheck, str]]
# Turns the runtime's exception into Ondol's typed error for that provider.
Translate = Callable[[Exception, prov.ProviderCheck], OndolError]


def forced_device(params: LoadParams) -> str:
    """The device ``params.extra["onnx_provider"]`` forces, or "auto".

    Raises:
        InvalidParameterError: not a known device.
    """
    forced = str(params.extra.get(PROVIDER_KEY, "auto")).lower()
    if forced not in DEVICES:
        raise InvalidParameterError(
            "onnx_provider must be auto, cuda, dml, coreml or cpu.", parameter=PROVIDER_KEY,
            value=forced, allowed=DEVICES, reason="not_one_of")
    return forced


def candidates(forced: str, checks: tuple[prov.ProviderCheck, ...], allow_gpu: bool = True
               ) -> list[prov.ProviderCheck]:
    """The providers to try in order: the forced one, or the best and then the CPU."""
    if forced != "auto":
        return [prov.check_for_device(forced, checks)]
    cpu = prov.check_for_device("cpu", checks)
    best = prov.best_provider(checks)
    return [best, cpu] if allow_gpu and best.gpu else [cpu]


def first_that_loads(tried: list[prov.ProviderCheck], create: Create[T], translate: Translate,
                     checks: tuple[prov.ProviderCheck, ...] | None, runtime: str,
                     warn: Callable[[str], None]) -> tuple[T, prov.ProviderCheck, str]:
    """The model on the first provider that takes it, and a note on what happened
    (``warn`` hears of each provider that did not work out).

    Raises:
        OndolError: the translated error of the last provider, or of the first one when the
            files themselves are at fault.
    """
    notes: list[str] = []
    for index, check in enumerate(tried):
        try:
            made, used, note = create(check)
        except Exception as err:  # each runtime raises its own classes
            typed = translate(err, check)
            # Only a provider's failure is worth another provider; a damaged file is not.
            if index == len(tried) - 1 or type(typed) is not ModelLoadError:
                if notes:
                    typed.facts.setdefault("provider_note", "; ".join(notes))
                raise typed from err
            notes.append(f"{check.device} failed ({typed.message}); using the CPU")
            warn(f"{runtime} on {check.device} failed: {typed.message}")
            continue
        if note:
            notes.append(note)
            warn(note)
        elif used.gpu:
            notes.append(f"running on {used.device}")
        elif not notes:
            notes.append(prov.describe_providers(checks))
        return made, used, "; ".join(notes)
    raise ModelLoadError("No execution provider to try.", reason="no_provider")
