"""The error hierarchy: stable codes, facts, built-in bases, and the trip across the pipe."""

from __future__ import annotations

import pickle

import pytest

from app.core import errors


def test_every_error_has_a_unique_code() -> None:
    codes = [cls.code for cls in errors._BY_CODE.values()]
    assert len(codes) == len(set(codes))
    for needed in ("model_not_found", "not_a_model_file", "corrupt_model",
                   "unsupported_architecture", "insufficient_memory", "runtime_crashed",
                   "cancelled"):
        assert needed in errors._BY_CODE


def test_round_trip_keeps_type_message_and_facts() -> None:
    original = errors.InsufficientMemoryError("too big", bytes_needed=10, bytes_available=5)
    data = pickle.loads(pickle.dumps(original.to_dict()))
    rebuilt = errors.OndolError.from_dict(data)
    assert type(rebuilt) is errors.InsufficientMemoryError
    assert str(rebuilt) == "too big"
    assert rebuilt.facts == {"bytes_needed": 10, "bytes_available": 5}


def test_errors_are_catchable_as_builtins() -> None:
    with pytest.raises(FileNotFoundError):
        raise errors.ModelNotFoundError("missing", path="/x")
    with pytest.raises(MemoryError):
        raise errors.InsufficientMemoryError("no room")
    with pytest.raises(RuntimeError):
        raise errors.RuntimeCrashedError("gone", signal="SIGKILL")


def test_unknown_code_becomes_the_base_class() -> None:
    err = errors.OndolError.from_dict({"code": "from_the_future", "message": "m", "facts": {}})
    assert type(err) is errors.OndolError and err.message == "m"
