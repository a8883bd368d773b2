"""The KV cache of Ondol's ONNX loop: one buffer per layer, grown or pre-allocated."""

from __future__ import annotations

from typing import Any

import numpy as np
import onnxruntime as ort

from app.core.backends.onnx.decoder_graph import DecoderGraph
from app.core.errors import GenerationError

# The shared KV buffer's first capacity; it doubles as needed, up to the context size.
_FIRST_CAPACITY = 256
# Where OrtValues for the cache live, per provider device (others keep it in host memory).
ORT_DEVICE = {"cuda": "cuda"}




class KvCache:
    """Every layer's past keys and values as OrtValues, and how many positions they hold.

    Two ways to hold them:

    - growing (``shared=False``, standard attention): the graph returns past + new as new
      tensors, which become the next past. ``truncate`` copies the kept part.
    - shared buffer (``shared=True``, GroupQueryAttention): one [1, kv_heads, capacity,
      head_dim] buffer per layer, bound as both the past input and the present output; the
      kernel writes the new positions in place and never reads beyond the filled length (the
      attention mask's width), so ``truncate`` only moves the length. The capacity doubles as
      needed up to ``max_len`` (the filled part is copied once per doubling), or is
      ``max_len`` from the start with ``preallocate=True`` (``LoadParams.extra
      ["onnx_kv_preallocate"]``): for graphs that need one cache size for a whole
      conversation. Sliding-window graphs (Gemma 3) are where that is expected; it is not
      verified here, as no test graph has a sliding window. On the test graph, growing and
      pre-allocated buffers give the same answers.

    A standard-attention graph cannot use a shared buffer (its Concat always makes a new
    tensor), so ``preallocate`` only applies with ``shared=True``.
    """

    def __init__(self, graph: DecoderGraph, max_len: int, shared: bool, device: str = "cpu",
                 preallocate: bool = False) -> None:
        self.graph = graph
        self.max_len = max_len
        self.shared = shared
        self.device = device
        self.length = 0
        self._names = [(f"past_key_values.{i}.{k}", f"present.{i}.{k}")
                       for i in range(graph.layers) for k in ("key", "value")]
        self._values: list[Any] = []
        self._capacity = 0
        self._bound: Any = None  # the IOBinding the shared buffers are bound to
        if shared:
            self._allocate(max_len if preallocate else min(_FIRST_CAPACITY, max_len))
        else:
            self._values = [self._wrap(self._zeros(0)) for _ in self._names]

    def _wrap(self, array: np.ndarray) -> Any:
        # A CPU OrtValue wraps the array's memory and keeps the array alive; its .numpy() is a
        # view that does not, so every array here is owned by numpy and wrapped once.
        return ort.OrtValue.ortvalue_from_numpy(array, self.device, 0)

    def _zeros(self, length: int) -> np.ndarray:
        g = self.graph
        return np.zeros((1, g.kv_heads, length, g.head_dim), dtype=g.kv_dtype)

    def _allocate(self, capacity: int) -> None:
        """Shared buffers of ``capacity`` positions, keeping the filled part."""
        fresh = []
        for index in range(len(self._names)):
            array = self._zeros(capacity)
            if self.length:
                # Through host memory: a doubling happens a handful of times per context.
                array[:, :, :self.length] = self._values[index].numpy()[:, :, :self.length]
            fresh.append(self._wrap(array))
        self._values = fresh
        self._capacity = capacity
        self._bound = None

    @property
    def values(self) -> list[Any]:
        """The OrtValues bound as past inputs, in order (layer 0 key, layer 0 value, ...)."""
        return list(self._values)

    @property
    def capacity(self) -> int:
        """Positions the shared buffers hold (the filled length for a growing cache)."""
        return self._capacity if self.shared else self.length

    def bind(self, binding: Any, new: int) -> None:
        """Bind past inputs and present outputs for a run of ``new`` tokens.

        Raises:
            GenerationError: the run would go past ``max_len``.
        """
        total = self.length + new
        if total > self.max_len:
            raise GenerationError(f"The KV cache holds {self.max_len} positions; this run "
                                  f"needs {total}.", reason="kv_cache_full",
                                  positions=self.max_len, positions_needed=total)
        if self.shared:
            if total > self._capacity:
                capacity = self._capacity
                while capacity < total:
                    capacity *= 2
                self._allocate(min(capacity, self.max_len))
            if self._bound is not binding:
                for (past, present), value in zip(self._names, self._values, strict=True):
                    binding.bind_ortvalue_input(past, value)
                    binding.bind_ortvalue_output(present, value)
                self._bound = binding
            return
        for (past, present), value in zip(self._names, self._values, strict=True):
            binding.bind_ortvalue_input(past, value)
            binding.bind_output(present, self.device)

    def commit(self, outputs: list[Any], new: int) -> None:
        """After a run: ``outputs`` are the binding's outputs after the logits, in bind order."""
        if not self.shared:
            self._values = outputs
        self.length += new

    def truncate(self, length: int) -> None:
        """Keep the first ``length`` positions."""
        if length >= self.length:
            return
        if not self.shared:
            self._values = [self._slice(value, length) for value in self._values]
        self.length = length

    def _slice(self, value: Any, length: int) -> Any:
        return self._wrap(np.array(value.numpy()[:, :, :length], copy=True, order="C"))
