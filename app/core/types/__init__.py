"""The shared vocabulary at the bottom of the core: plain values every layer speaks.

Sampling and load parameters, what a load reports, per-token log-probabilities, why an answer
ended, chat roles and messages. Nothing here imports another Ondol package but ``errors``.
"""
