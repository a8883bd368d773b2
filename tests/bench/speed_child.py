"""One Ondol run of bench_speed, in a fresh process: the client here, the model (and any draft)
in the runtime host it spawns, events over the pipe.

    python tests/bench/speed_child.py ROOT SPEC_JSON

Run by path with ``ROOT`` (an Ondol checkout) first on ``sys.path``. Prints one JSON line.
Clocks start after the model is loaded: process start and load are never counted.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import fields
from typing import Any


def _build(cls: Any, values: dict[str, Any]) -> Any:
    """``cls(**values)``; a field this version does not know is dropped only when it asks for
    nothing (None, False): a side asking for a draft must not silently run without one.

    Raises:
        SystemExit: ``values`` sets a field ``cls`` does not have.
    """
    known = {f.name for f in fields(cls)}
    unknown = sorted(k for k, v in values.items() if k not in known and v)
    if unknown:
        raise SystemExit(f"{cls.__name__} in this version has no {', '.join(unknown)}")
    return cls(**{k: v for k, v in values.items() if k in known})


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Load, generate once from the rendered prompt, report the client's and host's figures.

    Raises:
        SystemExit: the runtime ended without an answer.
    """
    from app.core.runtime.client import RuntimeClient
    from app.core.types.params import LoadParams, SamplingParams

    load = _build(LoadParams, spec["load"])
    sampling = _build(SamplingParams, spec["sampling"])
    with RuntimeClient() as client:
        client.load(spec["model"], load)
        started = time.perf_counter()
        first = None
        done = None
        for event in client.generate(sampling, prompt=spec["prompt"]):
            kind = type(event).__name__
            if kind == "Delta" and first is None:
                first = time.perf_counter()
            elif kind == "Done":
                done = event
        ended = time.perf_counter()
    if done is None or first is None:
        raise SystemExit("the runtime ended without an answer")
    stats = done.stats
    return {"decode_tps": (stats.generated_tokens - 1) / (ended - first) if ended > first
            else 0.0,
            "host_decode_tps": stats.decode_tokens_per_second,
            "first_token_s": stats.time_to_first_token,
            "client_first_token_s": first - started,
            "tokens": stats.generated_tokens, "prompt_tokens": stats.prompt_tokens,
            "drafted": getattr(stats, "drafted_tokens", 0),
            "accepted": getattr(stats, "accepted_tokens", 0),
            "plain_tps": getattr(stats, "plain_tokens_per_second", 0.0),
            "speedup": getattr(stats, "speculation_speedup", 0.0),
            "peak_rss": stats.peak_rss_bytes, "reason": done.reason}


def main() -> None:
    root, spec = sys.argv[1], json.loads(sys.argv[2])
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.path.insert(0, root)
    os.environ["PYTHONPATH"] = root  # the spawned runtime host inherits it
    print(json.dumps(run(spec)), flush=True)


if __name__ == "__main__":
    main()
