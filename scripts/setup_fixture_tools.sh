#!/usr/bin/env bash
# Tool environments that build the ONNX test models from the starter GGUF (tests only; the app
# never imports any of this). Two, because the tools disagree on transformers:
#   .venv-tools/genai    onnxruntime-genai's model builder (needs transformers 5)
#   .venv-tools/optimum  Optimum's ONNX exporter (optimum-onnx 0.1.0 needs transformers < 4.58)
# PyTorch is the CPU build 2.13.0 (plain "torch" would pull a multi-GB CUDA build).
# Idempotent: a stamp per environment holds its package list.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.venv-tools"
COMMON=(accelerate==1.15.0 gguf==0.19.0 numpy sentencepiece protobuf)

make_env() {
    local name="$1"; shift
    local venv="$TOOLS/$name"
    local want="torch==2.13.0 $* ${COMMON[*]}"
    if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$want" ]; then return 0; fi
    echo "setup: building the $name fixture tools in $venv (once)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    local log="$venv/setup.log"
    if ! { "$venv/bin/python" -m pip install --quiet torch==2.13.0 &&
           "$venv/bin/python" -m pip install --quiet "$@" "${COMMON[@]}"; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "setup: the $name fixture tools failed to install; see $log" >&2
        exit 1
    fi
    echo "$want" > "$venv/.stamp"
}

make_env genai transformers==5.24.0 onnx-ir==1.1.0 onnxruntime-genai==0.18.0
make_env optimum transformers==4.57.6 optimum-onnx==0.1.0 onnxruntime==1.32.0
