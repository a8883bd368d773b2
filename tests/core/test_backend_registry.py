"""Which backend a model path gets, and making backends (runtimes imported only then)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.backends.registry import (
    LLAMA_CPP,
    ONNX_GENAI,
    ONNX_RUNTIME,
    backend_kind_for,
    make_backend,
)
from app.core.errors import ModelLoadError

REPO = Path(__file__).resolve().parents[2]


def _genai_folder(root: Path) -> Path:
    folder = root / "phi-genai"
    folder.mkdir()
    (folder / "genai_config.json").write_text(json.dumps({"model": {"decoder": {
        "filename": "model.onnx"}}}), encoding="utf-8")
    (folder / "model.onnx").write_bytes(b"\x08\x08")
    return folder


def _optimum_folder(root: Path) -> Path:
    folder = root / "smol-onnx-community"
    (folder / "onnx").mkdir(parents=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    (folder / "onnx" / "model_q4.onnx").write_bytes(b"\x08\x08")
    return folder


def test_gguf_files_and_other_files_go_to_llama_cpp(tmp_path: Path) -> None:
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    assert backend_kind_for(gguf) == LLAMA_CPP
    assert backend_kind_for(str(gguf)) == LLAMA_CPP
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG")
    assert backend_kind_for(picture) == LLAMA_CPP  # its header check names what it is
    assert backend_kind_for(tmp_path / "missing.gguf") == LLAMA_CPP


def test_genai_folders_and_their_graphs_go_to_onnxruntime_genai(tmp_path: Path) -> None:
    folder = _genai_folder(tmp_path)
    assert backend_kind_for(folder) == ONNX_GENAI
    assert backend_kind_for(folder / "model.onnx") == ONNX_GENAI


def test_optimum_folders_and_their_graphs_go_to_plain_onnxruntime(tmp_path: Path) -> None:
    folder = _optimum_folder(tmp_path)
    assert backend_kind_for(folder) == ONNX_RUNTIME
    assert backend_kind_for(folder / "onnx" / "model_q4.onnx") == ONNX_RUNTIME


def test_a_folder_of_neither_layout_goes_where_the_folder_check_explains(tmp_path: Path
                                                                         ) -> None:
    empty = tmp_path / "notes"
    empty.mkdir()
    assert backend_kind_for(empty) == ONNX_GENAI


def test_make_backend_imports_the_runtime_and_names_it() -> None:
    from app.core.backends.base import Backend

    genai = make_backend(ONNX_GENAI)
    assert isinstance(genai, Backend) and genai.capabilities().name == "onnxruntime-genai"
    llama = make_backend(LLAMA_CPP)
    assert llama.capabilities().name == "llama.cpp"
    with pytest.raises(ValueError, match="Unknown backend"):
        make_backend("tensorflow")  # type: ignore[arg-type]


def test_the_plain_onnxruntime_backend_is_made_or_a_typed_error() -> None:
    if importlib.util.find_spec("app.core.backends.onnx.ort_loop") is None:
        with pytest.raises(ModelLoadError) as info:
            make_backend(ONNX_RUNTIME)
        assert info.value.facts["backend"] == "onnxruntime"
    else:
        assert make_backend(ONNX_RUNTIME).capabilities().name


def test_the_gui_side_imports_no_runtime() -> None:
    """The client and host modules (imported by the GUI) load no inference runtime."""
    script = textwrap.dedent("""
        import sys
        import app.core.backends.registry, app.core.runtime.host, app.core.runtime.client
        heavy = [m for m in ("llama_cpp", "onnxruntime", "onnxruntime_genai") if m in sys.modules]
        print(heavy)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
