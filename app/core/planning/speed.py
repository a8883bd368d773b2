"""How fast a model will answer here, before it is downloaded, and how the guess learns.

Decoding reads every weight once per token, so it is bounded by memory bandwidth:
``tokens per second ≈ effective bandwidth / bytes read per token``, the bytes being the weights'
size on disk (a GGUF file, an ONNX folder's weights) for a dense model.

The effective bandwidth comes from, best first:

1. What this machine decoded at before (answers in chat, Auto's calibration): per runtime and
   device, the median of ``measured tokens per second × weights bytes`` over the recent runs made
   with the planner's thread count (a run with other threads says little about the default).
2. A quick probe of the machine (``probe_copy_bandwidth``: a numpy copy, a third of a second)
   times ``DECODE_EFFICIENCY``, for the CPU runtimes. Other programs slow a copy, never speed it
   up, so the first ``PROBES`` estimates each probe again and the fastest is kept for good.
3. The chooser's defaults (``chooser.DEFAULT_*_BANDWIDTH``).

Measured on one 2-core AVX-512 virtual machine (llama.cpp, 2 threads, 32 tokens): the copy
probe gave 22 GB/s, and SmolLM2-135M Q4_1 (98 MB) decoded at 93 tok/s = 9.2 GB/s, Gemma 3 270M
Q4_K_M (253 MB) 32 tok/s = 8.1 GB/s, Qwen2.5-Coder-0.5B Q4_K_M (491 MB) 20 tok/s = 9.8 GB/s,
Qwen2.5-Coder-1.5B Q4_K_M (1.1 GB) 13.4 tok/s = 15 GB/s: about 0.45 of the copy rate, within
a factor of 1.6 either way. Small models on few cores are partly compute-bound (a large
vocabulary's output layer, attention), which is why one number cannot be exact; the estimate is
shown as "≈".
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core.planning.chooser import estimate_tps

DECODE_EFFICIENCY = 0.45  # decode bandwidth / copy-probe bandwidth (module docstring)
PROBE_BYTES = 64 * 2**20  # larger than any CPU cache; about a tenth of a second in all
PROBE_REPEATS = 5  # the best counts: another program's burst slows one copy, rarely all
PROBES = 3  # probes per machine before its figure is final
MAX_RUNS = 24  # recent runs kept per machine: new hardware behaviour replaces old quickly
MIN_TOKENS = 16  # an answer shorter than this times the first-token overhead, not decoding
CPU_BACKENDS = ("llama.cpp", "onnxruntime-genai", "onnxruntime")
STORE_VERSION = 1


@dataclass(frozen=True)
class SpeedRun:
    """One measured answer: what was read per token and how fast it went."""

    backend: str  # "llama.cpp", "onnxruntime-genai", "onnxruntime"
    device: str  # "CPU", "CUDA", "Metal", ...
    threads: int  # 0: not known (taken as the default)
    weights_bytes: int
    decode_tps: float
    at: float = 0.0  # time.time()
    model: str = ""  # the library's name of the weights ("publisher/repo/file"); "": not known

    @property
    def bandwidth(self) -> float:
        """The bytes per second this run read."""
        return self.decode_tps * self.weights_bytes


def predict_tps(weights_bytes: int, bandwidth: float) -> float:
    """Decode tokens per second for ``weights_bytes`` read per token at ``bandwidth`` bytes/s.

    Raises:
        nothing: no weights or no bandwidth predicts 0 (unknown).
    """
    if weights_bytes <= 0 or bandwidth <= 0:
        return 0.0
    return bandwidth / weights_bytes


def bandwidth_table(runs: Iterable[SpeedRun], threads: int, probe_bps: float | None = None
                    ) -> dict[tuple[str, str], float]:
    """Effective decode bandwidth per (runtime, device), rules in the module docstring.

    ``threads``: the planner's default thread count; runs with another count are left out
    unless no run used it. ``probe_bps``: the copy probe's bytes per second, or None.

    Raises:
        nothing.
    """
    groups: dict[tuple[str, str], list[SpeedRun]] = {}
    for run in runs:
        if run.decode_tps > 0 and run.weights_bytes > 0:
            groups.setdefault((run.backend, run.device), []).append(run)
    table: dict[tuple[str, str], float] = {}
    for key, group in groups.items():
        same = [r for r in group if r.threads in (0, threads)]
        table[key] = statistics.median(r.bandwidth for r in (same or group))
    if probe_bps and probe_bps > 0:
        for backend in CPU_BACKENDS:
            table.setdefault((backend, "CPU"), probe_bps * DECODE_EFFICIENCY)
    return table


def probe_copy_bandwidth() -> float:
    """Bytes per second this machine copies memory at (read + write, best of a few copies).

    Raises:
        MemoryError: not even 128 MiB could be had.
    """
    import numpy as np  # only here: the probe runs a few times per machine, off the GUI thread

    source = np.ones(PROBE_BYTES // 8)  # written, so its pages are real
    target = np.empty_like(source)
    np.copyto(target, source)  # touches the target's pages outside the timing
    best = float("inf")
    for _ in range(PROBE_REPEATS):
        start = time.perf_counter()
        np.copyto(target, source)
        best = min(best, time.perf_counter() - start)
    return 2 * source.nbytes / max(best, 1e-9)


class SpeedStore:
    """``speed.json`` in the data folder: per machine, the probe's result and recent runs.

    A damaged or foreign file is treated as empty and replaced on the next save; writes replace
    the file atomically.
    """

    def __init__(self, file: Path) -> None:
        self.file = file

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != STORE_VERSION:
            return {}
        machines = data.get("machines")
        return machines if isinstance(machines, dict) else {}

    def _entry(self, machine: str) -> dict[str, Any]:
        entry = self._read().get(machine)
        return entry if isinstance(entry, dict) else {}

    def _write(self, machine: str, entry: dict[str, Any]) -> None:
        machines = self._read()
        machines[machine] = entry
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": STORE_VERSION, "machines": machines}, indent=1),
                       encoding="utf-8")
        os.replace(tmp, self.file)

    def probe(self, machine: str) -> float | None:
        """The cached copy bandwidth of ``machine``, or None.

        Raises:
            nothing.
        """
        value = self._entry(machine).get("probe_bps")
        return float(value) if isinstance(value, (int, float)) and value > 0 else None

    def runs(self, machine: str) -> list[SpeedRun]:
        """The recent runs on ``machine``, oldest first (damaged entries skipped).

        Raises:
            nothing.
        """
        found = []
        for item in self._entry(machine).get("runs", []):
            try:
                found.append(SpeedRun(**item))
            except TypeError:
                continue
        return found

    def probes(self, machine: str) -> int:
        """How many probes ``machine``'s figure rests on.

        Raises:
            nothing.
        """
        count = self._entry(machine).get("probes", 0)
        return count if isinstance(count, int) and self.probe(machine) else 0

    def save_probe(self, machine: str, probe_bps: float) -> None:
        """Count one more probe of ``machine``, keeping the fastest figure.

        Raises:
            OSError: the data folder cannot be written.
        """
        entry = self._entry(machine)
        entry["probes"] = self.probes(machine) + 1
        entry["probe_bps"] = max(probe_bps, self.probe(machine) or 0.0)
        self._write(machine, entry)

    def add_run(self, machine: str, run: SpeedRun) -> None:
        """Remember one measured answer (the oldest beyond ``MAX_RUNS`` are dropped).

        Raises:
            OSError: the data folder cannot be written.
        """
        entry = self._entry(machine)
        kept = self.runs(machine)[-(MAX_RUNS - 1):]
        entry["runs"] = [asdict(r) for r in (*kept, run)]
        self._write(machine, entry)


def machine_bandwidth(store: SpeedStore, machine: str, threads: int,
                      measured: Iterable[SpeedRun] = ()) -> dict[tuple[str, str], float]:
    """This machine's bandwidth table: its runs, ``measured`` (Auto's calibration), and the
    probe (probed again while fewer than ``PROBES`` were made here, the fastest kept).

    Raises:
        nothing: a probe or a cache that fails leaves the defaults to the chooser.
    """
    probe = store.probe(machine)
    if store.probes(machine) < PROBES:
        try:
            fresh = probe_copy_bandwidth()
            probe = max(fresh, probe or 0.0)
            store.save_probe(machine, fresh)
        except (OSError, MemoryError, ImportError):
            pass
    return bandwidth_table([*store.runs(machine), *measured], threads, probe)


def run_from_answer(backend: str, device: str, threads: int, weights_bytes: int,
                    generated_tokens: int, decode_tps: float, model: str = ""
                    ) -> SpeedRun | None:
    """A run worth learning from, or None (too short, or nothing measured); ``model``: the
    library's name of the weights, so the model's own page can show what it measured.

    Raises:
        nothing.
    """
    if generated_tokens < MIN_TOKENS or decode_tps <= 0 or weights_bytes <= 0:
        return None
    return SpeedRun(backend, device, threads, weights_bytes, decode_tps, time.time(), model)


def runs_from_measurements(measurements: Iterable[Any]) -> list[SpeedRun]:
    """Auto's calibration measurements (``selection.calibration.Measurement``) as runs.

    Raises:
        nothing.
    """
    return [SpeedRun(m.backend, m.device, 0, m.weights_bytes, m.decode_tps, m.measured_at)
            for m in measurements if getattr(m, "weights_bytes", 0)]


def leave_one_out(runs: Mapping[str, SpeedRun], threads: int) -> dict[str, float]:
    """Each run's speed predicted from the others alone (how well calibration carries over).

    Raises:
        nothing.
    """
    predicted = {}
    for name, run in runs.items():
        others = [r for other, r in runs.items() if other != name]
        rate = bandwidth_table(others, threads).get((run.backend, run.device), 0.0)
        predicted[name] = predict_tps(run.weights_bytes, rate)
    return predicted


@dataclass(frozen=True)
class Measured:
    """A model run here: the decode speed it measured, and the speed the estimate gives it from
    everything else this machine knows (its own runs left out: what was predicted before it
    ran, as near as the store can tell)."""

    tps: float
    predicted_tps: float


def measured_models(runs: Sequence[SpeedRun], threads: int, probe_bps: float | None = None
                    ) -> dict[str, Measured]:
    """Per library name, the measured and predicted speed of every model with a named run.

    The measured speed is the median of the model's runs on the runtime and device it last ran
    on (a model moved to the GPU is not averaged with its CPU runs).

    Raises:
        nothing.
    """
    own: dict[str, list[SpeedRun]] = {}
    for run in runs:
        if run.model and run.decode_tps > 0 and run.weights_bytes > 0:
            own.setdefault(run.model, []).append(run)
    found = {}
    for model, mine in own.items():
        last = mine[-1]
        same = [r.decode_tps for r in mine if (r.backend, r.device) == (last.backend, last.device)]
        table = bandwidth_table([r for r in runs if r.model != model], threads, probe_bps)
        found[model] = Measured(statistics.median(same), estimate_tps(
            last.backend, last.device, last.weights_bytes, table))
    return found


def measured_here(store: SpeedStore, machine: str, threads: int) -> dict[str, Measured]:
    """``measured_models`` for ``machine``'s runs and cached probe (never probes again).

    Raises:
        nothing: a missing or damaged store measured nothing.
    """
    return measured_models(store.runs(machine), threads, store.probe(machine))


def speed_store(data_dir: Path) -> SpeedStore:
    """The store in Ondol's data folder.

    Raises:
        nothing.
    """
    return SpeedStore(data_dir / "speed.json")
