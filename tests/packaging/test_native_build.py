"""The llama.cpp that setup.sh compiles for this machine (the one the tests and the app run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.instructions import newer_than_haswell


def test_native_llama_cpp_has_no_amx_kernels() -> None:
    """ggml's AMX kernels crash this llama.cpp with an illegal instruction on CPUs that have
    AMX (scripts/llama_cpu_flags.sh): the native build leaves them out, whatever this CPU has."""
    import llama_cpp

    libraries = sorted((Path(llama_cpp.__file__).parent / "lib").glob("libggml-cpu*.so*"))
    if not libraries:
        pytest.fail("no libggml-cpu in the installed llama_cpp")
    found = {p.name: newer_than_haswell(p)["amx"] for p in libraries}
    assert not any(found.values()), found
