#!/usr/bin/env bash
# Set up (once) and run the whole test suite: lint, then pytest. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" test
cd "$ROOT"
.venv/bin/ruff check app tests
# The ONNX test models are built from the starter GGUF by tools in .venv-tools (once; cached).
.venv/bin/python -m tests.onnx_fixtures
exec .venv/bin/python -m pytest "$@"
