"""See inside a model: its text as tokens, and what that costs in Korean.

``tokens`` (spans and counts), ``tokens_render`` (how invisible pieces are drawn),
``tokens_compare`` and ``korean`` are plain Python the window may use. ``tokens_read`` and the
per-format readers open tokenizers (llama.cpp, ``tokenizers``): only the runtime host imports
them.
"""
