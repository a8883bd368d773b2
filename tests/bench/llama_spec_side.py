"""llama.cpp's own ``llama-lookup`` and ``llama-speculative-simple``, built beside llama-bench.

``scripts/build_llama_bench.sh TOOL`` builds them once (cached by version) from the installed
llama-cpp-python's source. Each run is one fresh process on a prompt file; its timings are the
ones it prints itself after generating (so its process start, load and warm-up are never
counted):

    encoded  N tokens in S seconds, speed: X t/s      the prompt
    decoded  N tokens in S seconds, speed: X t/s      the answer
    n_drafted = N / n_accept = N                      drafted and accepted tokens
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "scripts" / "build_llama_bench.sh"
LOOKUP = "llama-lookup"
SPECULATIVE = "llama-speculative-simple"

_ENCODED = re.compile(r"encoded\s+(\d+) tokens in\s+([\d.]+) seconds")
_DECODED = re.compile(r"decoded\s+(\d+) tokens in\s+([\d.]+) seconds, speed:\s+([\d.]+) t/s")
_DRAFTED = re.compile(r"n_drafted\s*=\s*(\d+)")
_ACCEPTED = re.compile(r"n_accept\s*=\s*(\d+)")


def find_llama_tool(tool: str) -> Path:
    """The cached binary of ``tool`` (built now if missing: minutes, once).

    Raises:
        subprocess.CalledProcessError: the build failed (its log's tail is on stderr).
    """
    out = subprocess.run(["bash", str(BUILD_SCRIPT), tool], check=True, capture_output=True,
                         text=True)
    return Path(out.stdout.strip().splitlines()[-1])


def spec_args(binary: Path, model: str, prompt_file: Path, load: dict[str, Any], n_gen: int,
              n_draft: int, draft: str | None = None) -> list[str]:
    """The command line: Ondol's load parameters, greedy sampling, ``n_draft`` drafted tokens
    at most per step; ``draft`` (a GGUF) for llama-speculative-simple."""
    fa = "on" if load["flash_attn"] else "off"
    threads = str(load["n_threads"])
    args = [str(binary), "-m", model, "-f", str(prompt_file), "-n", str(n_gen),
            "-t", threads, "-tb", threads, "-c", str(load["n_ctx"]),
            "-b", str(load["n_batch"]), "-ub", str(load["n_batch"]), "-fa", fa,
            "-ctk", load["kv_cache_type"], "-ctv", load["kv_cache_type"], "-ngl", "0",
            "--temp", "0", "--top-k", "1", "--seed", "0",
            "--spec-draft-n-max", str(n_draft)]
    if draft is not None:
        # This llama.cpp picks the drafting method by name; without it no drafter starts.
        args += ["-md", draft, "--spec-type", "draft-simple", "-td", threads, "-tbd", threads]
    return args


def run_spec_tool(args: list[str]) -> dict[str, Any]:
    """One fresh process; its own printed timings and draft counts, its peak RSS.

    Raises:
        RuntimeError: the tool failed or printed no timings.
    """
    with tempfile.TemporaryFile(mode="w+") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)  # wait4: the child's own peak RSS
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    decoded = _DECODED.search(text)
    if code != 0 or decoded is None:
        raise RuntimeError(f"{Path(args[0]).name} failed ({code}): {text[-1500:]}")
    encoded = _ENCODED.search(text)
    drafted = _DRAFTED.search(text)
    accepted = _ACCEPTED.search(text)
    tokens, seconds = int(decoded.group(1)), float(decoded.group(2))
    return {"decode_tps": tokens / seconds if seconds > 0 else 0.0, "tokens": tokens,
            "first_token_s": float(encoded.group(2)) if encoded else None,
            "prompt_tokens": int(encoded.group(1)) if encoded else None,
            "drafted": int(drafted.group(1)) if drafted else 0,
            "accepted": int(accepted.group(1)) if accepted else 0,
            "peak_rss": usage.ru_maxrss * 1024}
