"""Planning: how much memory a model takes, how to load it here, and which variant to run.

The only place that estimates memory (``memory.py`` dispatching to ``memory_gguf.py`` and
``memory_onnx.py``; ``repack.py`` for the weights llama.cpp copies for the CPU), plans a load
(``planner.py`` and ``planner_onnx.py``, with ``load_plan.py``'s types and context policy and
``placement.py``'s fit rules), labels a variant before download (``fit.py``, ``arch.py``) and picks
a variant (``chooser.py``, used by Auto and, through ``recommend.py``, by the browser). Pure
functions of model facts, hardware profiles and measurements: it imports formats, hardware, types
and errors, never catalog, selection, runtime, backends or the UI. Every sentence it gives is a
``Reason`` (a code and its values, listed in ``reasons.py``); ``words.py`` says it in English.
"""
