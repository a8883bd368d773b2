#!/usr/bin/env bash
# Set up (once) and launch Ondol with the starter model. Extra arguments go to 'ondol chat'.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" app
exec "$ROOT/.venv/bin/python" -m app chat "$@"
