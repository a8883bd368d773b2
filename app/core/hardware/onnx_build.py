"""Which ONNX Runtime packages are installed, and which devices their wheels are built for.

Read from package metadata, so nothing native is loaded in the window's process. Which pip
package gives which device:

- ``onnxruntime``: CPU (on macOS also CoreML, Apple's GPU / Neural Engine).
- ``onnxruntime-gpu`` with ``onnxruntime-genai-cuda``: NVIDIA GPUs (CUDA).
- ``onnxruntime-directml`` with ``onnxruntime-genai-directml``: any DirectX 12 GPU on Windows.
- ``onnxruntime-genai``: the onnxruntime-genai layout on the CPU (it uses the installed
  ``onnxruntime``).
"""

from __future__ import annotations

from importlib import metadata

from app.core.hardware.profile import OnnxRuntimeInfo

# distribution -> the provider it adds
_PROVIDER_BY_DIST = (("onnxruntime-gpu", "cuda"), ("onnxruntime-directml", "dml"))
_GENAI_DISTS = ("onnxruntime-genai", "onnxruntime-genai-cuda", "onnxruntime-genai-directml")
PIP_PACKAGES = {
    "cuda": "pip install onnxruntime-gpu onnxruntime-genai-cuda",
    "dml": "pip install onnxruntime-directml onnxruntime-genai-directml",
    "cpu": "pip install onnxruntime onnxruntime-genai",
}


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def probe_onnx_build(os_name: str) -> OnnxRuntimeInfo:
    """The installed ONNX Runtime packages and the providers they are built with.

    Raises:
        nothing: nothing installed gives ``available=False``.
    """
    versions = {dist: _version(dist) for dist in
                ("onnxruntime", *(d for d, _ in _PROVIDER_BY_DIST))}
    installed = {dist: v for dist, v in versions.items() if v}
    if not installed:
        return OnnxRuntimeInfo()
    providers = [provider for dist, provider in _PROVIDER_BY_DIST if dist in installed]
    if os_name == "darwin":
        providers.append("coreml")
    providers.append("cpu")
    genai = next((v for v in map(_version, _GENAI_DISTS) if v), None)
    return OnnxRuntimeInfo(True, next(iter(installed.values())), genai, tuple(providers))
