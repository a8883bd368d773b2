"""Facts read from an ONNX graph file's bytes without ONNX Runtime: the attention operator."""

from __future__ import annotations

import mmap
from pathlib import Path

# Bytes of a graph file searched for operator names (see uses_group_query_attention).
NODE_SCAN_BYTES = 64 * 1024 * 1024


def uses_group_query_attention(graph: Path) -> bool:
    """Whether the graph file holds a ``GroupQueryAttention`` node (its op_type string).

    Protobuf writes a GraphProto's nodes (field 1) before its weights (field 5), so only the
    file's first ``NODE_SCAN_BYTES`` are searched: a graph with its weights inside can be
    gigabytes, its nodes are a few MB at most.

    Raises:
        nothing: an unreadable file says False (loading it reports the error).
    """
    try:
        with open(graph, "rb") as handle, mmap.mmap(handle.fileno(), 0,
                                                     access=mmap.ACCESS_READ) as data:
            return data.find(b"GroupQueryAttention", 0, NODE_SCAN_BYTES) >= 0
    except (OSError, ValueError):
        return False
