"""A short measured calibration: prompt and decode speed of each variant on this machine.

Which of two builds of a model is faster depends on the machine (ONNX int4 beat llama.cpp's Q4_1
by 1.7x on one 2-core CPU; on a GPU the ranking can flip), so Auto measures instead of guessing.
Each variant is loaded in a runtime host and asked for a fixed-length greedy answer: a few
seconds per variant. Results are cached per machine and per model file; the machine key covers
the CPU, memory, GPUs and the runtime versions, so new hardware or a runtime upgrade measures
again.

A GGUF variant is also timed at fewer threads than the plan's (all cores are not always
fastest: llama.cpp's threads wait for each other at every step), and, when the library holds a
compatible draft model, decoded once more with it: ``tuning`` chooses from those timings.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from app.core.errors import OndolError
from app.core.hardware.profile import HardwareProfile
from app.core.types.params import LoadParams, SamplingParams

log = logging.getLogger(__name__)

CALIBRATION_VERSION = 3  # bump when the measurement changes meaning or shape
PROMPT = ("Explain in a few sentences why the sky is blue, and what makes sunsets red. "
          "Use simple words that a child could follow, and finish with one fun fact.")
DECODE_TOKENS = 48
RUNS = 2  # answers per variant; the faster one counts
CALIBRATION_CONTEXT = 1024  # small: load fast, the same for every variant


@dataclass(frozen=True)
class Measurement:
    """One variant measured on this machine."""

    decode_tps: float
    prompt_tps: float
    first_token_seconds: float
    load_seconds: float
    backend: str
    device: str
    measured_at: float  # time.time()
    weights_bytes: int = 0  # what one token reads: turns a speed into a bandwidth
    # ``decode_tps`` is the plain speed (no draft, no prompt lookup) at ``threads``, the count
    # that decoded fastest of those timed (``thread_tps``: (threads, tok/s) pairs; the plan's
    # count is ``planned_threads``). 0 / empty: not timed (ONNX, all layers on a GPU).
    threads: int = 0
    planned_threads: int = 0
    thread_tps: tuple[tuple[int, float], ...] = ()
    threads_busy: bool = False  # other programs wanted the cores: the plan's count was kept
    # The draft model decoded with (``draft_candidate``, at ``threads``) and how fast; the
    # draft to load (``draft_model``) only when that was faster than ``decode_tps``.
    draft_candidate: str | None = None
    draft_tps: float = 0.0
    draft_acceptance: float = 0.0  # accepted / drafted tokens
    drafted_tokens: int = 0  # 0: the runtime found drafting would not pay, and drafted nothing
    draft_model: str | None = None

    @property
    def best_tps(self) -> float:
        """The speed Auto's plan decodes at: with the draft when it was chosen."""
        return self.draft_tps if self.draft_model else self.decode_tps

    @classmethod
    def from_dict(cls, entry: Any) -> Measurement | None:
        """A stored measurement, or None when it is not one (damaged, or another shape).

        Raises:
            nothing.
        """
        if not isinstance(entry, dict):
            return None
        try:
            data = dict(entry)
            data["thread_tps"] = tuple((int(n), float(tps))
                                       for n, tps in data.get("thread_tps") or ())
            return cls(**data)
        except (TypeError, ValueError):
            return None


def machine_key(profile: HardwareProfile) -> str:
    """What makes speed comparable: CPU, cores, memory, GPUs, and the runtime versions.

    Raises:
        nothing.
    """
    facts = {
        "v": CALIBRATION_VERSION, "os": profile.os, "arch": profile.arch,
        "cpu": profile.cpu_model, "cores": profile.physical_cores,
        "ram_gib": round(profile.ram_total_bytes / 2**30),
        "gpus": [(g.vendor, g.name, g.vram_total_bytes) for g in profile.gpus],
        "llama": profile.llama.version, "llama_gpu": profile.llama.supports_gpu_offload,
        "onnx": profile.onnx.version, "genai": profile.onnx.genai_version,
        "providers": list(profile.onnx.providers),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def model_key(path: Path) -> str:
    """The file (or folder) identity: resolved path, size and modification time.

    Raises:
        nothing: a missing path gets a key that matches nothing cached.
    """
    try:
        resolved = path.resolve()
        files = [resolved] if resolved.is_file() else sorted(
            f for f in resolved.rglob("*") if f.is_file())
        stamp = [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    except OSError:
        return f"missing:{path}"
    return hashlib.sha256(json.dumps([str(resolved), stamp]).encode()).hexdigest()[:16]


class CalibrationStore:
    """``calibration.json`` in the cache folder: {machine: {model: Measurement}}.

    A damaged file is treated as empty (it is only a cache) and rewritten on the next save.
    """

    def __init__(self, file: Path) -> None:
        self._file = file

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, machine: str, model: str) -> Measurement | None:
        """The cached measurement, or None.

        Raises:
            nothing.
        """
        return Measurement.from_dict(self._read().get(machine, {}).get(model))

    def all_for(self, machine: str) -> dict[str, Measurement]:
        """Every measurement on this machine, by model key.

        Raises:
            nothing.
        """
        found: dict[str, Measurement] = {}
        for key, entry in self._read().get(machine, {}).items():
            measurement = Measurement.from_dict(entry)
            if measurement is not None:
                found[key] = measurement
        return found

    def put(self, machine: str, model: str, measurement: Measurement) -> None:
        """Save one measurement (atomic replace).

        Raises:
            OSError: the cache folder cannot be written.
        """
        data = self._read()
        data.setdefault(machine, {})[model] = asdict(measurement)
        self._file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._file.with_name(f".{self._file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, self._file)


def _answers(client: Any, runs: int) -> list[Any]:
    """``runs`` fixed-length greedy answers to the calibration prompt: their ``Stats``."""
    from app.core.runtime import events as ev

    sampling = SamplingParams(temperature=0.0, max_tokens=DECODE_TOKENS, seed=0,
                              repeat_penalty=1.0, ignore_eos=True)
    found = []
    for run in range(runs):
        # A different opening each run, so the second does not reuse the first's prompt.
        content = f"({run + 1}) {PROMPT}"
        for event in client.generate(sampling, messages=[{"role": "user", "content": content}]):
            if isinstance(event, ev.Done) and event.stats.generated_tokens:
                found.append(event.stats)
    return found


def _decode_tps(stats: Any) -> float:
    tokens = max(stats.generated_tokens - 1, 1)  # the first token belongs to the prompt
    return tokens / stats.decode_seconds if stats.decode_seconds else 0.0


def _prompt_tps(stats: Any) -> float:
    return stats.prompt_tokens_evaluated / stats.prompt_seconds if stats.prompt_seconds else 0.0


def others_running(samples: int = 5, gap_s: float = 0.01) -> float:
    """Threads of other programs that want a CPU now (the run queue's median over a few reads,
    less the reader); 0 where the system does not say.

    Read while the runtime host is idle (just after a load, before any evaluation), so its
    own threads are not counted.

    Raises:
        nothing.
    """
    from app.core.hardware.run_queue import runnable_threads

    reads = []
    for index in range(samples):
        if index:
            time.sleep(gap_s)  # a few instants, not one: a single read catches blips
        found = runnable_threads()
        if found is not None:
            reads.append(found)
    return max(0.0, statistics.median(reads) - 1) if reads else 0.0


def times_threads(backend: str, params: LoadParams) -> bool:
    """Whether the thread count is timed: llama.cpp with layers on the CPU.

    Raises:
        nothing.
    """
    return backend == "llama.cpp" and params.n_gpu_layers != -1


def measure(client: Any, path: Path, params: LoadParams, backend: str, device: str,
            weights_bytes: int = 0, draft: Path | None = None) -> Measurement:
    """Load ``path`` in ``client`` (a ``RuntimeClient``) and time fixed-length answers.

    Two answers, the faster counted: the first pays one-time costs (first-touch of the weights,
    kernel selection) that chat never pays again, and a busy machine slows one run, rarely both.
    For llama.cpp, one more answer at each fewer thread count (``tuning.thread_counts``), and
    with ``draft`` (a compatible draft model) two more at the fastest count. All without prompt
    lookup: the calibration prompt is not repeated, and lookup adapts itself in chat.

    Raises:
        OndolError: loading or generating failed (the variant cannot run here). A draft model
            that fails to load or run is only logged: the measurement is then without it.
    """
    from app.core.errors import GenerationError
    from app.core.selection.tuning import draft_wins, fastest_threads, thread_counts

    plain = replace(params, draft_model=None, prompt_lookup=False)
    loaded = client.load(str(path), plain)
    busy = others_running()
    runs = _answers(client, RUNS)
    if not runs:
        client.unload()
        raise GenerationError(f"Calibrating {path.name} produced no tokens.", path=str(path))
    planned = plain.n_threads
    speeds = {planned: max(map(_decode_tps, runs))}
    timed = times_threads(backend, plain)
    for count in thread_counts(planned)[1:] if timed else []:
        client.unload()
        try:
            client.load(str(path), replace(plain, n_threads=count))
            busy = max(busy, others_running())
            fewer = _answers(client, 1)
        except OndolError as err:  # it ran at the plan's count: keep that
            log.info("calibrating %s at %d threads failed: %s", path, count, err)
            break
        if fewer:
            speeds[count] = _decode_tps(fewer[0])
    threads = fastest_threads(speeds, planned, busy=busy >= 1)
    drafted: list[Any] = []
    if draft is not None:
        client.unload()
        try:
            client.load(str(path), replace(plain, n_threads=threads, draft_model=str(draft)))
            drafted = _answers(client, RUNS)
        except OndolError as err:
            log.info("calibrating %s with the draft %s failed: %s", path, draft, err)
    if client.alive:
        client.unload()
    draft_tps = max(map(_decode_tps, drafted), default=0.0)
    best = max(drafted, key=_decode_tps, default=None)
    return Measurement(
        decode_tps=speeds[threads], prompt_tps=max(map(_prompt_tps, runs)),
        first_token_seconds=min(r.time_to_first_token for r in runs),
        load_seconds=loaded.load_seconds, backend=backend, device=device,
        measured_at=time.time(), weights_bytes=weights_bytes,
        threads=threads if timed else 0, planned_threads=planned if timed else 0,
        thread_tps=tuple(sorted(speeds.items(), reverse=True)) if timed else (),
        threads_busy=timed and busy >= 1,
        draft_candidate=str(draft) if draft is not None else None, draft_tps=draft_tps,
        draft_acceptance=(best.accepted_tokens / best.drafted_tokens
                          if best is not None and best.drafted_tokens else 0.0),
        drafted_tokens=best.drafted_tokens if best is not None else 0,
        draft_model=str(draft) if draft is not None and draft_wins(speeds[threads], draft_tps)
        else None)


@dataclass(frozen=True)
class CalibrationTarget:
    """A variant to measure: its path and the plan to load it with."""

    key: str  # model_key(path)
    path: Path
    params: LoadParams
    backend: str
    device: str
    weights_bytes: int = 0
    draft: Path | None = None  # a compatible draft model to measure with too


def calibrate(targets: Iterable[CalibrationTarget], store: CalibrationStore, machine: str,
              client_factory: Callable[[], Any],
              on_progress: Callable[[int, int, str], None] | None = None,
              should_stop: Callable[[], bool] = lambda: False,
              ) -> tuple[dict[str, Measurement], dict[str, OndolError]]:
    """Measure each target not yet cached; returns (measurements by key, failures by key).

    One runtime host is used for all of them (a fresh one after a crash). A variant that fails
    is recorded as a failure with its error's sentence, not retried, and does not stop the rest.

    Raises:
        OSError: the cache cannot be written.
    """

    todo = list(targets)
    results: dict[str, Measurement] = {}
    failures: dict[str, OndolError] = {}
    client = None
    try:
        for index, target in enumerate(todo):
            if should_stop():
                break
            cached = store.get(machine, target.key)
            if cached is not None:
                results[target.key] = cached
                continue
            if on_progress is not None:
                on_progress(index, len(todo), target.path.name)
            if client is None or not client.alive:
                if client is not None:
                    client.close()
                client = client_factory()
                client.start()
            try:
                measurement = measure(client, target.path, target.params, target.backend,
                                      target.device, target.weights_bytes, target.draft)
            except OndolError as err:
                log.info("calibration of %s failed: %s", target.path, err)
                failures[target.key] = err
                continue
            store.put(machine, target.key, measurement)
            results[target.key] = measurement
    finally:
        if client is not None:
            client.close()
    return results, failures
