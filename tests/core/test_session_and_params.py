"""Chat sessions' context policy, parameter checks, and ONDOL_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.chat.session import ChatSession
from app.core.errors import ContextOverflowError, InvalidParameterError
from app.core.runtime.context_window import default_answer_reserve, fit_messages
from app.core.settings.paths import AppPaths
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import LoadParams, SamplingParams


def words(messages: list[ChatMessage]) -> list[int]:
    """A stand-in tokenizer: one token per word plus four per message for the template."""
    return [0] * sum(len(m["content"].split()) + 4 for m in messages)


def long_chat(policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST) -> ChatSession:
    s = ChatSession(system_prompt="You are terse.", policy=policy)
    for i in range(5):
        s.add_user(f"question {i} " + "pad " * 20)
        s.add_assistant(f"answer {i} " + "pad " * 20)
    s.add_user("last question")
    return s


def sent_messages(session: ChatSession, n_ctx: int, reserve: int) -> list[ChatMessage]:
    """What the host would send, recovered from the fitted prompt's counts."""
    messages = session.all_messages()
    fitted = fit_messages(messages, words, n_ctx, reserve, session.policy)
    assert fitted.messages_sent + fitted.messages_dropped == len(messages)
    kept = messages[:1] + messages[1 + fitted.messages_dropped:]
    assert len(words(kept)) == len(fitted.tokens)
    return kept


def test_everything_is_sent_when_it_fits() -> None:
    s = long_chat()
    fitted = fit_messages(s.all_messages(), words, 10_000, 100, s.policy)
    assert (fitted.messages_sent, fitted.messages_dropped) == (len(s.all_messages()), 0)


def test_drop_oldest_keeps_system_and_newest_and_drops_whole_turns() -> None:
    s = long_chat()
    sent = sent_messages(s, n_ctx=120, reserve=20)
    assert sent[0] == {"role": "system", "content": "You are terse."}
    assert sent[-1] == {"role": "user", "content": "last question"}
    assert len(words(sent)) <= 100
    assert sent[1]["role"] == "user"  # never starts mid-turn with an orphan answer
    assert len(sent) < len(s.all_messages())


def test_stop_at_limit_refuses_with_numbers() -> None:
    s = long_chat(OverflowPolicy.STOP_AT_LIMIT)
    with pytest.raises(ContextOverflowError) as info:
        fit_messages(s.all_messages(), words, 120, 20, s.policy)
    assert info.value.facts["n_ctx"] == 120
    assert info.value.facts["reason"] == "conversation"


def test_a_single_message_too_long_for_the_window_is_an_error() -> None:
    s = ChatSession()
    s.add_user("word " * 500)
    with pytest.raises(ContextOverflowError) as info:
        fit_messages(s.all_messages(), words, 100, 10, s.policy)
    assert info.value.facts["reason"] == "last_message"


def test_the_default_answer_reserve_is_bounded_by_half_the_context() -> None:
    assert default_answer_reserve(SamplingParams(max_tokens=100), 2048) == 100
    assert default_answer_reserve(SamplingParams(max_tokens=4000), 2048) == 1024
    assert default_answer_reserve(SamplingParams(max_tokens=None), 2048) == 512


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
