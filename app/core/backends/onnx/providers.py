"""Which ONNX Runtime execution providers really work on this machine.

A provider is tried, not trusted: ``onnxruntime_genai.is_openvino_available()`` and friends say
True on builds where using the provider fails, and ONNX Runtime silently falls back to the CPU
when a provider cannot start (missing CUDA libraries, no DirectX 12 device). So each provider
ONNX Runtime lists is given a real session on a tiny in-memory model, the session's provider
list is checked, and the model is run once. The result is cached for the process: the probe
runs in the runtime host, never in the GUI process.

Which pip packages give which device:
    NVIDIA GPU (Linux, Windows)  onnxruntime-gpu and onnxruntime-genai-cuda
    DirectML (any DirectX 12 GPU on Windows)  onnxruntime-directml and onnxruntime-genai-directml
    CoreML (macOS)  the standard onnxruntime wheel for macOS has it
    CPU  onnxruntime and onnxruntime-genai
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import sys
import warnings
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# ONNX Runtime provider name -> (device, onnxruntime-genai's name for it, what to install).
# genai's names were checked against onnxruntime-genai 0.18: "cuda", "DML" ("dml" works too),
# "CoreML"; the CPU is genai's default and is not appended.
PROVIDERS: dict[str, tuple[str, str | None, str]] = {
    "CUDAExecutionProvider": ("cuda", "cuda", "pip install onnxruntime-gpu onnxruntime-genai-cuda"),
    "DmlExecutionProvider": ("dml", "DML",
                             "pip install onnxruntime-directml onnxruntime-genai-directml"),
    "CoreMLExecutionProvider": ("coreml", "CoreML",
                                "pip install onnxruntime; its macOS wheel includes CoreML"),
    "CPUExecutionProvider": ("cpu", None, "pip install onnxruntime onnxruntime-genai"),
}
PREFERENCE = tuple(PROVIDERS)  # CUDA, then DirectML, then CoreML, then the CPU
_DEVICE_WORDS = {"cuda": "CUDA", "dml": "DirectML", "coreml": "CoreML", "cpu": "CPU"}


@dataclass(frozen=True)
class ProviderCheck:
    """One execution provider and whether a session with it really ran here."""

    name: str  # ONNX Runtime's name, e.g. "CUDAExecutionProvider"
    device: str  # "cuda", "dml", "coreml" or "cpu"
    works: bool
    reason: str  # why not, or what ran

    @property
    def gpu(self) -> bool:
        """Whether this provider runs the model on a GPU (or the Apple Neural Engine)."""
        return self.device != "cpu"


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes | int) -> bytes:
    """One protobuf field: a varint (int) or length-delimited bytes."""
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _float_vector(name: str) -> bytes:
    """ValueInfoProto: ``name``, a float32 tensor of shape [2]."""
    shape = _field(2, _field(1, _field(1, 2)))  # TensorShapeProto.dim { dim_value: 2 }
    tensor = _field(1, 1) + shape  # TypeProto.Tensor { elem_type: FLOAT, shape }
    return _field(1, name.encode()) + _field(2, _field(1, tensor))


def probe_model() -> bytes:
    """A minimal ONNX model (``y = x + x`` on two floats), encoded by hand.

    The ``onnx`` package is not a runtime dependency, so the ModelProto is written directly:
    ir_version 8, opset 13, one Add node.
    """
    node = (_field(1, b"x") + _field(1, b"x") + _field(2, b"y") + _field(3, b"add")
            + _field(4, b"Add"))
    graph = (_field(1, node) + _field(2, b"ondol-probe") + _field(11, _float_vector("x"))
             + _field(12, _float_vector("y")))
    opset = _field(2, 13)  # OperatorSetIdProto { version: 13 } (default domain)
    return _field(1, 8) + _field(2, b"ondol") + _field(7, graph) + _field(8, opset)


def _not_installed(name: str) -> ProviderCheck:
    device, _genai, package = PROVIDERS[name]
    return ProviderCheck(name, device, False, f"not installed ({package})")


def try_session(name: str) -> ProviderCheck:
    """Run the probe model with ``name`` alone and check that ``name`` really ran it.

    ONNX Runtime's Python layer prints its fallback ("EP Error ... Falling back") and warns
    instead of raising; both are captured and become the reason.

    Raises:
        nothing: every failure is a ``ProviderCheck`` with ``works=False``.
    """
    device = PROVIDERS.get(name, ("unknown", None, ""))[0]
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError as err:
        return ProviderCheck(name, device, False, f"onnxruntime cannot be imported: {err}")
    printed = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
            warnings.simplefilter("always")
            options = ort.SessionOptions()
            options.log_severity_level = 3  # errors only: a failed probe is not the user's worry
            session = ort.InferenceSession(probe_model(), sess_options=options, providers=[name])
            active = session.get_providers()
            result = session.run(None, {"x": np.array([1.5, -2.0], dtype=np.float32)})[0]
    except Exception as err:  # ORT raises its own types (Fail, RuntimeException...) or others
        return ProviderCheck(name, device, False, f"a session could not start: {err}")
    if not active or active[0] != name:
        said = [str(w.message) for w in caught] + [line for line in
                                                   printed.getvalue().splitlines() if line]
        detail = next((s for s in said if "EP Error" in s or "provider" in s.lower()), "")
        why = f"ONNX Runtime fell back to {', '.join(active) or 'nothing'}"
        return ProviderCheck(name, device, False, f"{why}: {detail}" if detail else why)
    if result.tolist() != [3.0, -4.0]:
        return ProviderCheck(name, device, False, f"the probe model gave {result.tolist()}")
    return ProviderCheck(name, device, True, f"ran a test model with {name}")


def probe_provider(name: str) -> ProviderCheck:
    """One provider: not installed (not in ONNX Runtime's list), or what a real session did.

    Raises:
        KeyError: ``name`` is not one of ``PROVIDERS``.
    """
    device = PROVIDERS[name][0]  # an unknown name is a programming error: KeyError
    try:
        import onnxruntime as ort
    except ImportError as err:
        return ProviderCheck(name, device, False, f"onnxruntime cannot be imported: {err}")
    if name not in ort.get_available_providers():
        return _not_installed(name)
    return try_session(name)


@functools.cache
def probe_providers() -> tuple[ProviderCheck, ...]:
    """Every known provider in preference order (CUDA, DirectML, CoreML, CPU), each tried.

    Cached for the process (a CUDA session costs a second and some memory the first time).

    Raises:
        nothing.
    """
    checks = tuple(probe_provider(name) for name in PREFERENCE)
    for check in checks:
        logger.info("ONNX provider %s: %s (%s)", check.name,
                    "works" if check.works else "unavailable", check.reason)
    return checks


def best_provider(checks: tuple[ProviderCheck, ...] | None = None) -> ProviderCheck:
    """The first working provider in preference order; the CPU check when none works.

    Raises:
        nothing: when even the CPU fails (onnxruntime missing), its failed check is returned.
    """
    checks = probe_providers() if checks is None else checks
    working = [c for c in checks if c.works]
    if working:
        return working[0]
    return next(c for c in checks if c.device == "cpu")


def genai_provider_name(check: ProviderCheck) -> str | None:
    """onnxruntime-genai's name for the provider (``Config.append_provider``); None for CPU.

    Raises:
        KeyError: an unknown provider.
    """
    return PROVIDERS[check.name][1]


def check_for_device(device: str, checks: tuple[ProviderCheck, ...] | None = None
                     ) -> ProviderCheck:
    """The check for ``device`` ("cuda", "dml", "coreml", "cpu").

    Raises:
        KeyError: no such device.
    """
    checks = probe_providers() if checks is None else checks
    for check in checks:
        if check.device == device:
            return check
    raise KeyError(device)


def install_hint(device: str) -> str:
    """What to install for ``device``.

    Raises:
        KeyError: no such device.
    """
    for _name, (dev, _genai, package) in PROVIDERS.items():
        if dev == device:
            return package
    raise KeyError(device)


def describe_providers(checks: tuple[ProviderCheck, ...] | None = None) -> str:
    """One line for the UI: where ONNX models run, and why not on a GPU.

    E.g. "ONNX Runtime on CPU: CUDA not installed (pip install onnxruntime-gpu
    onnxruntime-genai-cuda)". Only the GPU providers that make sense on this platform are
    named (DirectML on Windows, CoreML on macOS).

    Raises:
        nothing.
    """
    checks = probe_providers() if checks is None else checks
    best = best_provider(checks)
    if not best.works:
        return f"ONNX Runtime does not work here: {best.reason}"
    where = f"ONNX Runtime on {_DEVICE_WORDS[best.device]}"
    if best.gpu:
        return where
    relevant = {"cuda"} | ({"dml"} if sys.platform == "win32" else set()) | (
        {"coreml"} if sys.platform == "darwin" else set())
    missing = [f"{_DEVICE_WORDS[c.device]} {c.reason}" if c.reason.startswith("not installed")
               else f"{_DEVICE_WORDS[c.device]} failed: {c.reason}"
               for c in checks if c.device in relevant and not c.works]
    return f"{where}: {'; '.join(missing)}" if missing else where
