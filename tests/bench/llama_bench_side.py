"""llama.cpp's own ``llama-bench``, built from the installed llama-cpp-python's source.

``scripts/build_llama_bench.sh`` builds it once (cached by version); each run here is one
fresh ``llama-bench`` process with one repetition and no warm-up, so like Ondol and
``Llama.generate`` it processes its first prompt cold. Its two tests: ``pp N`` (the prompt,
timed alone: no sampling, no first-token detokenize) and ``tg M`` (M single-token decodes).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "scripts" / "build_llama_bench.sh"


def find_llama_bench(explicit: Path | None = None) -> Path:
    """The binary: ``explicit``, or the cached build (built now if missing: minutes, once).

    Raises:
        subprocess.CalledProcessError: the build failed (its log's tail is on stderr).
    """
    if explicit is not None:
        return explicit
    out = subprocess.run(["bash", str(BUILD_SCRIPT)], check=True, capture_output=True,
                         text=True)
    return Path(out.stdout.strip().splitlines()[-1])


def _load_mode(load: dict[str, Any]) -> str:
    mmap, mlock = load["use_mmap"], load["use_mlock"]
    return {(True, False): "mmap", (False, False): "none", (True, True): "mmap+mlock",
            (False, True): "mlock"}[(bool(mmap), bool(mlock))]


def llama_bench_args(binary: Path, model: str, load: dict[str, Any], n_prompt: int,
                     n_gen: int) -> list[str]:
    """The command line with Ondol's load parameters (n_ubatch = n_batch, as Ondol sets it)."""
    layers = load["n_gpu_layers"]
    return [str(binary), "-m", model, "-p", str(n_prompt), "-n", str(n_gen),
            "-t", str(load["n_threads"]), "-b", str(load["n_batch"]),
            "-ub", str(load["n_batch"]), "-fa", "on" if load["flash_attn"] else "off",
            "-lm", _load_mode(load), "-ctk", load["kv_cache_type"],
            "-ctv", load["kv_cache_type"], "-ngl", str(999 if layers < 0 else layers),
            "-r", "1", "--no-warmup", "-o", "json"]


def run_llama_bench(args: list[str]) -> dict[str, Any]:
    """One fresh process; its own timings (never its process start or load), its peak RSS.

    Raises:
        RuntimeError: llama-bench failed or printed no result for a test.
    """
    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err,
                                stdin=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        stdout = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)  # wait4: the child's own peak RSS
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"llama-bench failed ({proc.returncode}): {stderr[-2000:]}")
    tests = json.loads(stdout)
    pp = next((t for t in tests if t["n_prompt"] > 0 and t["n_gen"] == 0), None)
    tg = next((t for t in tests if t["n_gen"] > 0 and t["n_prompt"] == 0), None)
    if pp is None or tg is None:
        raise RuntimeError(f"llama-bench printed no pp/tg result: {stdout[-2000:]}")
    tg_s = tg["samples_ns"][0] / 1e9
    return {"first_token_s": pp["samples_ns"][0] / 1e9, "decode_tps": tg["n_gen"] / tg_s,
            "tokens": tg["n_gen"], "prompt_tokens": pp["n_prompt"],
            "peak_rss": usage.ru_maxrss * 1024,
            "build": f"{tg.get('build_commit', '?')} ({tg.get('build_number', '?')})"}
