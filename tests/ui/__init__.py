"""UI tests: rendering (no Qt) and widgets (pytest-qt)."""
