"""Choosing a model's variant, backend and device for this machine, from measurements."""
