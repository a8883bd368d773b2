"""Speculative decoding: drafted tokens the loaded model verifies several at a time."""
