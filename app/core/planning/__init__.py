"""Planning: how much memory a model takes, how to load it here, and which variant to run.

The only place that estimates memory (``memory.py`` dispatching to ``memory_gguf.py`` and
``memory_onnx.py``), plans a load (``planner.py``), labels a variant's fit (``fit.py``) and picks a
variant (``chooser.py``, used by the browser's Recommended through ``recommend.py`` and by Auto).
Pure functions of model facts, hardware profiles and measurements: it imports formats, hardware,
types and errors, never catalog, selection, runtime, backends or the UI. Every sentence it gives is
a ``Reason`` (a code and its values, ``reasons.py``); ``words.py`` says it in English.
"""
