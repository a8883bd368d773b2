#!/usr/bin/env bash
# Set up (once) and run the whole test suite: lint, then pytest. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" test
cd "$ROOT"
.venv/bin/ruff check app tests
exec .venv/bin/python -m pytest "$@"
