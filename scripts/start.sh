#!/usr/bin/env bash
# Set up (once) and open Ondol's window with the starter model. Arguments are passed to 'ondol'
# (e.g. 'chat "Hello"' for the terminal chat). Without a display, the terminal chat opens.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" app
if [ $# -eq 0 ] && [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] \
        && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "start: no display found; opening the terminal chat instead of the window" >&2
    exec "$ROOT/.venv/bin/python" -m app chat
fi
exec "$ROOT/.venv/bin/python" -m app "$@"
