#!/usr/bin/env bash
# Set up (once) and run the whole test suite: lint, then pytest. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" test
cd "$ROOT"
.venv/bin/ruff check app tests
# The layers in pyproject.toml: every import arrow points down; the window loads no runtime.
.venv/bin/lint-imports --no-cache
# The ONNX test models are built from the starter GGUF by tools in .venv-tools (once; cached).
.venv/bin/python -m tests.onnx_fixtures
exec .venv/bin/python -m pytest "$@"
