"""Chat sessions' context policy, parameter checks, and ONDOL_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.backends.params import LoadParams, SamplingParams
from app.core.chat.session import ChatSession, OverflowPolicy
from app.core.errors import ContextOverflowError, InvalidParameterError
from app.core.settings.paths import AppPaths


def words(messages: list[dict[str, str]]) -> int:
    """A stand-in tokenizer: one token per word plus four per message for the template."""
    return sum(len(m["content"].split()) + 4 for m in messages)


def long_chat(policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST) -> ChatSession:
    s = ChatSession(system_prompt="You are terse.", policy=policy)
    for i in range(5):
        s.add_user(f"question {i} " + "pad " * 20)
        s.add_assistant(f"answer {i} " + "pad " * 20)
    s.add_user("last question")
    return s


def test_everything_is_sent_when_it_fits() -> None:
    s = long_chat()
    assert s.messages_for_prompt(words, n_ctx=10_000, reserve_for_answer=100) == s.all_messages()


def test_drop_oldest_keeps_system_and_newest_and_drops_whole_turns() -> None:
    s = long_chat()
    sent = s.messages_for_prompt(words, n_ctx=120, reserve_for_answer=20)
    assert sent[0] == {"role": "system", "content": "You are terse."}
    assert sent[-1] == {"role": "user", "content": "last question"}
    assert words(sent) <= 100
    assert sent[1]["role"] == "user"  # never starts mid-turn with an orphan answer
    assert len(sent) < len(s.all_messages())


def test_stop_at_limit_refuses_with_numbers() -> None:
    s = long_chat(OverflowPolicy.STOP_AT_LIMIT)
    with pytest.raises(ContextOverflowError) as info:
        s.messages_for_prompt(words, n_ctx=120, reserve_for_answer=20)
    assert info.value.facts["n_ctx"] == 120


def test_a_single_message_too_long_for_the_window_is_an_error() -> None:
    s = ChatSession()
    s.add_user("word " * 500)
    with pytest.raises(ContextOverflowError):
        s.messages_for_prompt(words, n_ctx=100, reserve_for_answer=10)


@pytest.mark.parametrize("bad", [
    {"temperature": -1}, {"top_p": 0}, {"top_p": 1.5}, {"min_p": 2}, {"max_tokens": 0},
    {"seed": -3}, {"top_logprobs": 50}, {"stop": ("",)}, {"repeat_penalty": 0},
])
def test_sampling_values_out_of_range_name_the_parameter(bad: dict) -> None:
    name = next(iter(bad))
    with pytest.raises(InvalidParameterError) as info:
        SamplingParams(**bad).validate()
    assert info.value.facts["parameter"] == name


def test_load_params_check_kv_type_and_context() -> None:
    with pytest.raises(InvalidParameterError):
        LoadParams(n_ctx=2048, n_threads=2, kv_cache_type="q2_k").validate()
    with pytest.raises(InvalidParameterError):
        LoadParams(n_ctx=0, n_threads=2).validate()
    assert LoadParams(n_ctx=2048, n_threads=2).validate().n_ctx == 2048


def test_ondol_home_relocates_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONDOL_HOME", str(tmp_path / "h"))
    paths = AppPaths.from_environment().ensure()
    for p in (paths.data_dir, paths.config_dir, paths.cache_dir, paths.log_dir, paths.models_dir,
              paths.settings_file):
        assert (tmp_path / "h") in p.parents
    assert paths.models_dir.is_dir()
