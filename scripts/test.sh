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
# Qwen2.5-Coder-0.5B for the tool-call tests (once per machine, outside the checkout).
bash scripts/get_test_models.sh
# EmbeddingGemma-300M GGUF and all-MiniLM-L6-v2 ONNX for the retrieval tests (once per machine).
bash scripts/get_embedding_models.sh
exec .venv/bin/python -m pytest "$@"
