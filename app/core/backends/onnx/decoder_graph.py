"""What a decoder graph takes and gives: its inputs, cache layout and attention kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.core.errors import UnsupportedArchitectureError
from app.core.formats.onnx_graph import uses_group_query_attention

STANDARD = "standard"
GQA = "gqa"
_PAST = re.compile(r"^past_key_values\.(\d+)\.(key|value)$")
_KNOWN_INPUTS = {"input_ids", "attention_mask", "position_ids"}
_DTYPES = {"tensor(float)": np.dtype(np.float32), "tensor(float16)": np.dtype(np.float16)}


@dataclass(frozen=True)
class DecoderGraph:
    """What a decoder graph takes and gives, read from its inputs, outputs and operators."""

    layers: int
    kv_heads: int
    head_dim: int
    kv_dtype: np.dtype
    logits_dtype: np.dtype
    vocab: int
    attention: str  # GQA or STANDARD
    position_ids: bool
    attention_mask: bool


def describe_graph(session: Any, graph: Path, config_heads: int | None,
                   config_head_dim: int | None, config_vocab: int | None) -> DecoderGraph:
    """The decoder facts of ``session``'s graph (dims the graph leaves symbolic from config).

    Raises:
        UnsupportedArchitectureError: not a decoder with a KV cache, or inputs or types this
            loop does not know how to feed (``facts["reason"]`` says which).
    """
    inputs = {i.name: i for i in session.get_inputs()}
    outputs = {o.name: o for o in session.get_outputs()}
    layers_seen: dict[int, set[str]] = {}
    for name in inputs:
        match = _PAST.match(name)
        if match:
            layers_seen.setdefault(int(match.group(1)), set()).add(match.group(2))
    unknown = sorted(n for n in inputs if n not in _KNOWN_INPUTS and not _PAST.match(n))
    layers = len(layers_seen)
    where = graph.name
    if "input_ids" not in inputs or "logits" not in outputs or not layers:
        raise UnsupportedArchitectureError(
            f"{where} is not a text decoder with a KV cache (it needs input_ids, "
            f"past_key_values.N.key/value and logits; it has {', '.join(sorted(inputs))}).",
            path=str(graph), reason="not_a_decoder")
    if unknown:
        raise UnsupportedArchitectureError(
            f"{where} needs inputs Ondol does not know how to feed: {', '.join(unknown)}.",
            path=str(graph), inputs=unknown, reason="unknown_inputs")
    if sorted(layers_seen) != list(range(layers)) or any(
            kinds != {"key", "value"} for kinds in layers_seen.values()):
        raise UnsupportedArchitectureError(f"{where} has an incomplete set of past_key_values "
                                           "inputs.", path=str(graph),
                                           reason="incomplete_past")
    missing = [f"present.{i}.{k}" for i in range(layers) for k in ("key", "value")
               if f"present.{i}.{k}" not in outputs]
    if missing:
        raise UnsupportedArchitectureError(
            f"{where} does not return its KV cache (no {missing[0]}).", path=str(graph),
            reason="no_present_outputs", output=missing[0])
    past = inputs["past_key_values.0.key"]
    kv_dtype = _DTYPES.get(past.type)
    logits_dtype = _DTYPES.get(outputs["logits"].type)
    if kv_dtype is None or logits_dtype is None:
        raise UnsupportedArchitectureError(
            f"{where} uses {past.type} / {outputs['logits'].type} tensors; Ondol runs float32 "
            "and float16 graphs.", path=str(graph), reason="tensor_types",
            kv_type=past.type, logits_type=outputs["logits"].type)
    shape = list(past.shape) + [None] * (4 - len(past.shape))
    kv_heads = shape[1] if isinstance(shape[1], int) else config_heads
    head_dim = shape[3] if isinstance(shape[3], int) else config_head_dim
    vocab_dim = outputs["logits"].shape[-1] if outputs["logits"].shape else None
    vocab = vocab_dim if isinstance(vocab_dim, int) else config_vocab
    if not kv_heads or not head_dim or not vocab:
        raise UnsupportedArchitectureError(
            f"The KV cache or vocabulary size of {where} is neither in the graph nor in "
            "config.json.", path=str(graph), reason="unknown_kv_shape")
    attention = GQA if uses_group_query_attention(graph) else STANDARD
    if attention == GQA and "attention_mask" not in inputs:
        # The kernel reads the filled length and the positions from the mask.
        raise UnsupportedArchitectureError(
            f"{where} uses GroupQueryAttention but takes no attention_mask.", path=str(graph),
            reason="gqa_without_mask")
    return DecoderGraph(
        layers=layers, kv_heads=int(kv_heads), head_dim=int(head_dim), kv_dtype=kv_dtype,
        logits_dtype=logits_dtype, vocab=int(vocab), attention=attention,
        position_ids="position_ids" in inputs, attention_mask="attention_mask" in inputs)
