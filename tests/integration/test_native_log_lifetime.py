"""llama.cpp keeps its log callback for the life of the process: a backend freed before
llama.cpp logs again (a tokenizer read alone after an unload) must not crash the host."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = """
import gc, sys
from app.core.backends.llama.backend import LlamaCppBackend
import llama_cpp
backend = LlamaCppBackend()
del backend
gc.collect()
llm = llama_cpp.Llama(sys.argv[1], n_ctx=256, n_threads=1, verbose=False)
print(len(llm.tokenize(b"hello")))
"""


def test_llama_cpp_logging_after_a_backend_is_freed(smollm2_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(smollm2_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]  # was -11: a segmentation fault
    assert done.stdout.strip().isdigit()
