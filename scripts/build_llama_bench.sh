#!/usr/bin/env bash
# Build llama.cpp's own `llama-bench`, `llama-lookup` and `llama-speculative-simple` from the
# llama.cpp source vendored in the SAME llama-cpp-python sdist that .venv has installed, so the
# benchmarks' llama.cpp columns run the very C++ that Ondol's runtime host runs. For benchmarks
# only: the tests never build them.
#
#   usage: scripts/build_llama_bench.sh [TOOL]   prints the path of TOOL's binary
#                                                (llama-bench when left out)
#
# CPU only, Release, GGML_NATIVE=ON with the flags of llama_cpu_flags.sh (what setup.sh compiles
# the wheel with on this machine), OpenMP as llama.cpp's default decides, like the wheel. Linked
# statically so the cached binary stands alone. Cached under .ondol-test-cache/llama-bench/,
# keyed by the llama-cpp-python version, this CPU's model and flags and BUILD_VERSION below:
# a second run only checks a stamp. Needs cmake, a C/C++ compiler and a pip that reaches PyPI.
set -euo pipefail
BUILD_VERSION=3
TOOLS=(llama-bench llama-lookup llama-speculative-simple)  # one build makes all of them
TOOL="${1:-llama-bench}"
case " ${TOOLS[*]} " in
    *" $TOOL "*) ;;
    *) echo "build_llama_bench: unknown tool '$TOOL' (one of: ${TOOLS[*]})" >&2; exit 2 ;;
esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/llama_cpu_flags.sh
. "$ROOT/scripts/llama_cpu_flags.sh"
PY="$ROOT/.venv/bin/python"
CACHE="$ROOT/.ondol-test-cache/llama-bench"

VERSION="$("$PY" -c 'import importlib.metadata as m; print(m.version("llama-cpp-python"))')"
KEY="$(printf '%s\n%s\n%s\n' "$LLAMA_CPU_ID" "$LLAMA_CPU_FLAGS" "$BUILD_VERSION" \
    | sha256sum | cut -c1-12)"
TARGET="$CACHE/$VERSION-$KEY"
BIN="$TARGET/$TOOL"

if [ -x "$BIN" ] && [ -f "$TARGET/.complete" ]; then
    echo "$BIN"
    exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.build.lock"
flock 9  # one build at a time; a second caller waits and then finds the stamp
if [ -x "$BIN" ] && [ -f "$TARGET/.complete" ]; then
    echo "$BIN"
    exit 0
fi

SDIST_DIR="$CACHE/sdist-$VERSION"
if ! ls "$SDIST_DIR"/llama_cpp_python-"$VERSION".tar.gz >/dev/null 2>&1; then
    echo "build_llama_bench: fetching the llama-cpp-python $VERSION sdist" >&2
    mkdir -p "$SDIST_DIR"
    "$PY" -m pip download --quiet --no-deps --no-binary :all: \
        "llama-cpp-python==$VERSION" -d "$SDIST_DIR" >&2
fi
SDIST="$(ls "$SDIST_DIR"/llama_cpp_python-"$VERSION".tar.gz)"

WORK="$TARGET.building"
rm -rf "$WORK"
mkdir -p "$WORK"
tar -xzf "$SDIST" -C "$WORK"
SRC="$WORK/llama_cpp_python-$VERSION/vendor/llama.cpp"
[ -f "$SRC/CMakeLists.txt" ] || { echo "build_llama_bench: no vendor/llama.cpp in $SDIST" >&2; exit 1; }

echo "build_llama_bench: building ${TOOLS[*]} from llama-cpp-python $VERSION (several minutes)" >&2
LOG="$WORK/build.log"
if ! { nice -n 10 cmake -S "$SRC" -B "$WORK/build" \
        -DCMAKE_BUILD_TYPE=Release \
        -DGGML_NATIVE=ON \
        -DCMAKE_C_FLAGS="$LLAMA_CPU_FLAGS" -DCMAKE_CXX_FLAGS="$LLAMA_CPU_FLAGS" \
        -DBUILD_SHARED_LIBS=OFF \
        -DLLAMA_CURL=OFF \
        -DLLAMA_OPENSSL=OFF \
        -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=ON \
        -DLLAMA_BUILD_SERVER=OFF \
        -DLLAMA_BUILD_TOOLS=ON \
        -DGGML_CUDA=OFF -DGGML_VULKAN=OFF -DGGML_METAL=OFF -DGGML_BLAS=OFF &&
       nice -n 10 cmake --build "$WORK/build" --target "${TOOLS[@]}" -j2; } >"$LOG" 2>&1; then
    tail -n 30 "$LOG" >&2
    echo "build_llama_bench: the build failed; the whole log is in $LOG" >&2
    exit 1
fi

rm -rf "$TARGET"
mkdir -p "$TARGET"
for tool in "${TOOLS[@]}"; do
    cp "$(find "$WORK/build" -type f -name "$tool" -perm -u+x | head -1)" "$TARGET/$tool"
done
cp "$LOG" "$TARGET/build.log"
echo "llama-cpp-python $VERSION, $CPU" > "$TARGET/.complete"
rm -rf "$WORK"  # the object files are not needed again
for old in "$CACHE"/*/; do  # other versions' builds and sources are stale
    [ "${old%/}" = "$TARGET" ] || [ "${old%/}" = "$SDIST_DIR" ] || rm -rf "$old"
done
echo "$BIN"
