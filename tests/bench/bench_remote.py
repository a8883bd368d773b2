"""The remote path's cost: Ondol's remote client against the same server called directly with
the ``openai`` client (same prompt, greedy, ``--tokens`` new tokens, end of turn ignored),
against ``ondol serve`` and llama-cpp-python's server, both serving the SmolLM2 starter.

    .venv/bin/python -m tests.bench.bench_remote [--runs 5] [--tokens 128] [--quick]

Each request's prompt leads with its own number (no prompt cache helps either side); the sides
take turns going first. "first token": from the call to the first text; "decode": (tokens − 1) over
the time from the first text to the last. Medians; the load average before and after. Target:
decode ratio (Ondol / direct) ≥ 0.97 and first token no more than 10 ms later. Prints numbers;
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.catalog.starter import find_packaged_file
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint, open_client
from app.core.remote.request import request_fields
from app.core.runtime import events as ev
from app.core.types.params import SamplingParams
from tests.remote_servers import LlamaCppServer
from tests.server.conftest import STARTER, Served

Run = tuple[float, float, int]  # first token seconds, decode tokens/s, tokens


def messages(run: int) -> list[dict[str, str]]:
    """A prompt no earlier request began with (the server's prompt cache helps neither side);
    every one the same length."""
    return [{"role": "user", "content": f"Story {run:04d}: write about a lighthouse keeper."}]


def through_ondol(client: RemoteClient, sampling: SamplingParams, run: int) -> Run:
    began = time.perf_counter()
    first = last = 0.0
    done: ev.Done | None = None
    for event in client.generate(sampling, messages=messages(run)):  # type: ignore[arg-type]
        if isinstance(event, ev.Delta):
            last = time.perf_counter()
            first = first or last
        elif isinstance(event, ev.Done):
            done = event
    tokens = done.stats.generated_tokens if done else 0
    return first - began, (tokens - 1) / max(last - first, 1e-9), tokens


def direct(client: Any, model: str, sampling: SamplingParams, run: int, usage: bool) -> Run:
    fields, extra = request_fields(sampling)
    options = {"stream_options": {"include_usage": True}} if usage else {}
    began = time.perf_counter()
    first = last = 0.0
    chunks, tokens = 0, None
    for chunk in client.chat.completions.create(model=model, messages=messages(run),
                                                stream=True, extra_body=extra, **options,
                                                **fields):
        if chunk.usage is not None:
            tokens = chunk.usage.completion_tokens
        if chunk.choices and chunk.choices[0].delta.content:
            last = time.perf_counter()
            first = first or last
            chunks += 1
    count = tokens if tokens is not None else chunks
    return first - began, (count - 1) / max(last - first, 1e-9), count


def compare(name: str, endpoint: Endpoint, model: str, runs: int, tokens: int,
            usage: bool) -> None:
    sampling = SamplingParams(temperature=0.0, max_tokens=tokens, ignore_eos=True, seed=1)
    client = RemoteClient(endpoint, "bench", probe=False)
    client.load(model)
    plain = open_client(endpoint)
    sides: dict[str, Callable[[int], Run]] = {
        "ondol": lambda run: through_ondol(client, sampling, 2 * run),
        "direct": lambda run: direct(plain, model, sampling, 2 * run + 1, usage)}
    sides["ondol"](0), sides["direct"](0)  # warm: model loaded, connections open
    results: dict[str, list[Run]] = {"ondol": [], "direct": []}
    print(f"\n{name}: load average before {os.getloadavg()[0]:.2f}")
    for run in range(1, runs + 1):
        order = ("ondol", "direct") if run % 2 else ("direct", "ondol")
        for side in order:
            results[side].append(sides[side](run))
    print(f"{name}: load average after {os.getloadavg()[0]:.2f}")
    medians = {}
    for side, got in results.items():
        ttft = statistics.median(r[0] for r in got) * 1000
        speed = statistics.median(r[1] for r in got)
        medians[side] = (ttft, speed)
        print(f"  {side:7s} first token {ttft:7.1f} ms   decode {speed:7.1f} tok/s   "
              f"tokens {[r[2] for r in got]}")
    ratio = medians["ondol"][1] / max(medians["direct"][1], 1e-9)
    print(f"  ratio {ratio:.3f} (target >= 0.97)   first token "
          f"{medians['ondol'][0] - medians['direct'][0]:+.1f} ms (target <= +10 ms)")
    client.close()
    plain.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--quick", action="store_true", help="2 runs of 32 tokens, Ondol only")
    args = parser.parse_args()
    runs, tokens = (2, 32) if args.quick else (args.runs, args.tokens)
    with tempfile.TemporaryDirectory() as home:
        served = Served(Path(home))
        try:
            compare("ondol serve", Endpoint(served.base_url, None), STARTER, runs, tokens,
                    usage=True)
        finally:
            served.stop()
        if args.quick:
            return
        server = LlamaCppServer(find_packaged_file(), Path(home) / "llama-server.log")
        try:
            compare("llama_cpp.server", Endpoint(server.base_url, None), server.models[0].id,
                    runs, tokens, usage=False)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
