"""One measured run of bench_runtime, in a fresh process: Ondol, ``Llama.generate`` or a plan.

    python tests/bench/runtime_child.py ondol ROOT SPEC_JSON
    python tests/bench/runtime_child.py generate ROOT SPEC_JSON
    python tests/bench/runtime_child.py plan ROOT SPEC_JSON
    python tests/bench/runtime_child.py count ROOT SPEC_JSON

Run by path, not as a module: ``ROOT`` (an Ondol checkout) goes first on ``sys.path``, so the
Ondol side can be an older checkout. It imports the shared types from wherever that checkout
keeps them. Prints one JSON line. Clocks start after the model is loaded: a side's process
start and load are never counted.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time
import typing
from dataclasses import fields
from typing import Any


def _use_root(root: str) -> None:
    """Put the checkout first; the runtime host, spawned by multiprocessing, inherits sys.path."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.path.insert(0, root)
    os.environ["PYTHONPATH"] = root


def _first(name: str, modules: tuple[str, ...]) -> Any:
    """``name`` from the first of ``modules`` that has it (modules move between versions)."""
    for module in modules:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    raise ImportError(f"{name} is in none of {', '.join(modules)}")


def _params_classes() -> tuple[Any, Any]:
    modules = ("app.core.types.params", "app.core.backends.params")
    return _first("SamplingParams", modules), _first("LoadParams", modules)


def _build(cls: Any, values: dict[str, Any]) -> tuple[Any, list[str]]:
    """``cls(**values)`` with only the fields this version knows; the dropped names."""
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in known}), sorted(set(values) - known)


def run_ondol(spec: dict[str, Any]) -> dict[str, Any]:
    """The client here, the model in a spawned runtime host, events over the pipe."""
    import app
    from app.core.runtime.client import RuntimeClient

    sampling_cls, load_cls = _params_classes()
    load, dropped = _build(load_cls, spec["load"])
    sampling, dropped_s = _build(sampling_cls, spec["sampling"])
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
    return {"first_token_s": first - started,
            "decode_tps": (stats.generated_tokens - 1) / (ended - first),
            "tokens": stats.generated_tokens, "prompt_tokens": stats.prompt_tokens,
            "peak_rss": stats.peak_rss_bytes, "app": os.path.dirname(app.__file__),
            "dropped": dropped + dropped_s}


def run_generate(spec: dict[str, Any]) -> dict[str, Any]:
    """llama-cpp-python's own ``Llama.generate`` loop in this process, as Ondol's host calls it.

    Each token is turned into its text (``detokenize``), as any application must.
    """
    import llama_cpp

    load, sampling, n_new = spec["load"], spec["sampling"], spec["sampling"]["max_tokens"]
    kv_type = {"f32": 0, "f16": 1, "q4_0": 2, "q8_0": 8}[load["kv_cache_type"]]
    llm = llama_cpp.Llama(
        model_path=spec["model"], n_ctx=load["n_ctx"], n_batch=load["n_batch"],
        n_ubatch=load["n_batch"], n_threads=load["n_threads"],
        n_threads_batch=load["n_threads"], n_gpu_layers=load["n_gpu_layers"],
        flash_attn=load["flash_attn"], type_k=kv_type, type_v=kv_type,
        use_mmap=load["use_mmap"], use_mlock=load["use_mlock"],
        swa_full=load.get("swa_full", True), logits_all=False, verbose=False)
    started = time.perf_counter()
    tokens = llm.tokenize(spec["prompt"].encode("utf-8"), add_bos=True, special=True)
    first = None
    count = 0
    for token in llm.generate(
            tokens, top_k=sampling["top_k"], top_p=sampling["top_p"], min_p=sampling["min_p"],
            temp=sampling["temperature"], repeat_penalty=sampling["repeat_penalty"],
            frequency_penalty=sampling["frequency_penalty"],
            presence_penalty=sampling["presence_penalty"], reset=True):
        llm.detokenize([token])
        if first is None:
            first = time.perf_counter()
        count += 1
        if count >= n_new:
            break
    ended = time.perf_counter()
    llm.close()
    assert first is not None
    return {"first_token_s": first - started, "decode_tps": (count - 1) / (ended - first),
            "tokens": count,
            "prompt_tokens": len(tokens),
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def run_plan(spec: dict[str, Any]) -> dict[str, Any]:
    """The load parameters this checkout's planner chooses, with the bench's overrides."""
    from pathlib import Path

    from app.core.context import AppContext

    try:
        overrides_cls = _first("LoadOverrides", ("app.core.planning", "app.core.planning.planner",
                                                 "app.core.backends.planner"))
    except ImportError:  # wherever it lives now, ``plan`` names it
        hint = typing.get_type_hints(AppContext.plan)["overrides"]
        overrides_cls = next(a for a in typing.get_args(hint) if a is not type(None))
    overrides, dropped = _build(overrides_cls, spec["overrides"])
    _meta, plan = AppContext.create().plan(Path(spec["model"]), overrides)
    return {"load": plan.params.to_dict(), "reason": _words(plan.reason), "dropped": dropped}


def _words(reason: Any) -> str:
    """A plan's reason: a sentence (older versions) or a code with parameters."""
    if not hasattr(reason, "code"):
        return str(reason)
    params = ", ".join(f"{k}={_words(v)}" for k, v in dict(reason.params).items())
    return f"{reason.code}({params})" if params else str(reason.code)


def run_count(spec: dict[str, Any]) -> dict[str, Any]:
    """Prompt tokens as a loop feeds them to llama.cpp (BOS as the model asks)."""
    import llama_cpp

    llm = llama_cpp.Llama(model_path=spec["model"], vocab_only=True, verbose=False)
    count = len(llm.tokenize(spec["prompt"].encode("utf-8"), add_bos=True, special=True))
    llm.close()
    return {"prompt_tokens": count}


def main() -> None:
    mode, root, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    _use_root(root)
    run = {"ondol": run_ondol, "generate": run_generate, "plan": run_plan,
           "count": run_count}[mode]
    print(json.dumps(run(spec)), flush=True)


if __name__ == "__main__":
    main()
