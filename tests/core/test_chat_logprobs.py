"""An answer's token log-probabilities: the record, its blob, the store and the migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from app.core.backends.decode import top_logprobs
from app.core.chat.logprobs import AnswerLogprobs, LogprobsRecorder, decode, encode
from app.core.chat.schema import MIGRATIONS, SCHEMA_VERSION
from app.core.chat.store import ChatStore
from app.core.errors import MessageNotFoundError, StorageError
from app.core.types.params import SamplingParams
from app.core.types.results import StepLogprobs, TokenLogprob
from tests.core.chat_store_helpers import turn


def _step(chosen: int, text: str, k: int = 3) -> StepLogprobs:
    top = tuple(TokenLogprob(f"t{i}", i, -0.5 * i - 0.12345678) for i in range(k))
    # A token's text is the same wherever it appears (as the runtime reports it).
    return next((t for t in top if t.token_id == chosen), TokenLogprob(text, chosen, -7.0)), top


def _record(content: str = "Hello world!") -> AnswerLogprobs:
    pieces = ["Hel", "lo", "", " world"]  # "!" was held back and released at the end
    steps = [_step(0, "Hel"), _step(1, "lo"), _step(9, "\ufffd"), _step(2, " world")]
    record = AnswerLogprobs.from_stream(content, pieces, steps, 3)
    assert record is not None
    return record


def test_pieces_join_to_the_answer_and_the_end_tail_goes_to_the_last_token() -> None:
    record = _record()
    assert [s.piece for s in record.steps] == ["Hel", "lo", "", " world!"]
    assert record.text() == "Hello world!"
    assert record.steps[0].token.logprob == record.steps[0].top[0].logprob == -0.1235
    assert record.steps[2].token == TokenLogprob("\ufffd", 9, -7.0)  # not among the top 3


def test_pieces_that_do_not_match_the_text_are_not_kept() -> None:
    steps = [_step(0, "a"), _step(1, "b")]
    assert AnswerLogprobs.from_stream("xb", ["a", "b"], steps, 3) is None
    assert AnswerLogprobs.from_stream("ab", ["a"], steps, 3) is None  # counts differ
    assert AnswerLogprobs.from_stream("", [], [], 3) is None


def test_blob_round_trips_and_is_compact() -> None:
    record = _record()
    blob = encode(record)
    assert blob.startswith(b"OLP1") and decode(blob) == record
    long = AnswerLogprobs.from_stream("word " * 500, ["word "] * 500,
                                      [_step(1, "word ", 5)] * 500, 5)
    assert long is not None and len(encode(long)) < 4000  # repetitive: compresses well


@pytest.mark.parametrize("blob", [b"", b"OLP1", b"OLP1not zlib", b"XXXX" + encode(_record())[4:]])
def test_a_damaged_blob_is_a_value_error(blob: bytes) -> None:
    with pytest.raises(ValueError):
        decode(blob)


def test_recorder_asks_for_k_and_keeps_the_panel_values_otherwise() -> None:
    recorder = LogprobsRecorder(k=5)
    asked = recorder.ask(SamplingParams(temperature=0.3))
    assert asked.top_logprobs == 5 and asked.temperature == 0.3
    assert recorder.ask(SamplingParams(top_logprobs=2)).top_logprobs == 2
    recorder.add([(("a", "b"), (_step(0, "a"), _step(1, "b")))])
    record = recorder.record("ab")
    assert record is not None and record.k == 2 and record.text() == "ab"
    recorder.clear()
    assert recorder.record("ab") is None
    off = LogprobsRecorder(k=0)
    assert off.ask(SamplingParams()).top_logprobs == 0


@pytest.mark.parametrize("vocab", [50, 49152])
def test_top_logprobs_is_exact_and_sums_to_one(vocab: int) -> None:
    rng = np.random.default_rng(vocab)
    scores = (rng.standard_normal(vocab) * 4).astype(np.float32)
    scores[7] = scores.max() + 30.0  # one very likely token: few candidates lie near it
    chosen, top = top_logprobs(scores, 3, 5, str)
    exact = scores.astype(np.float64) - np.log(np.exp(scores.astype(np.float64)).sum())
    assert [t.token_id for t in top] == list(np.argsort(-exact, kind="stable")[:5])
    assert all(abs(t.logprob - exact[t.token_id]) < 1e-4 for t in (chosen, *top))
    assert abs(np.exp(exact).sum() - 1) < 1e-9 and chosen.token == "3"
    total = sum(np.exp(top_logprobs(scores, t, 1, str)[0].logprob) for t in range(vocab)
                ) if vocab < 100 else 1.0
    assert abs(total - 1.0) < 1e-3


# --- the store ---------------------------------------------------------------------------------

def test_store_saves_with_the_text_and_loads_them_back(store: ChatStore) -> None:
    chat = store.create_chat()
    _question, answer = turn(store, chat.id, "Hi", "")
    assert store.load_logprobs(answer) is None
    partial = AnswerLogprobs.from_stream("Hel", ["Hel"], [_step(0, "Hel")], 3)
    assert partial is not None
    store.update_message(answer, "Hel", complete=False, logprobs=partial)
    assert store.load_logprobs(answer) == partial
    store.update_message(answer, "Hello world!", complete=True, logprobs=_record())
    conv = store.load_conversation(chat.id)
    assert conv.get(answer).has_logprobs and not conv.get(conv.get(answer).parent_id or 0
                                                         ).has_logprobs
    assert store.load_logprobs(answer) == _record()
    store.update_message(answer, "Hello world!")  # a text-only save keeps them
    assert store.load_logprobs(answer) == _record()
    with pytest.raises(MessageNotFoundError):
        store.update_message(answer + 100, "x", logprobs=_record())
    store.delete_message(answer)
    with store._db.reading() as conn:  # deleting the answer deleted its row too
        assert conn.execute("SELECT count(*) FROM message_logprobs").fetchone()[0] == 0


def test_a_damaged_row_reads_as_none(store: ChatStore) -> None:
    chat = store.create_chat()
    _question, answer = turn(store, chat.id, "Hi", "Hello world!")
    with store._db.reading() as conn:
        conn.execute("INSERT INTO message_logprobs VALUES (?, ?)", (answer, b"OLP1junk"))
    assert store.load_logprobs(answer) is None
    assert store.load_conversation(chat.id).get(answer).content == "Hello world!"


# --- the migration -----------------------------------------------------------------------------

def _version_2_file(path: Path, extra_sql: str = "") -> None:
    path.parent.mkdir(parents=True)
    raw = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        step(raw)
    raw.executescript(
        "INSERT INTO chats (id, title, created_at, updated_at, model) "
        "VALUES (1, 'Old chat', 1.0, 2.0, 'smollm2');"
        "INSERT INTO messages (id, chat_id, parent_id, role, content, created_at, model, "
        "stats_json, complete) VALUES (1, 1, NULL, 'user', '안녕', 1.0, NULL, NULL, 1), "
        "(2, 1, 1, 'assistant', '안녕하세요', 2.0, 'smollm2', '{\"generated_tokens\": 3}', 1);"
        "INSERT INTO selected_children VALUES (1, NULL, 1), (1, 1, 2);"
        + extra_sql + "PRAGMA user_version = 2;")
    raw.commit()
    raw.close()


def test_a_version_2_file_opens_with_everything_and_no_probabilities(db_path: Path) -> None:
    _version_2_file(db_path)
    with ChatStore(db_path) as store:
        conv = store.load_conversation(1)
        question, answer = conv.active_path()
        assert (question.content, answer.content) == ("안녕", "안녕하세요")
        assert answer.stats == {"generated_tokens": 3} and answer.model == "smollm2"
        assert not answer.has_logprobs and store.load_logprobs(answer.id) is None
        new = store.add_message(1, question.id, "assistant", "")  # a new version gets some
        store.update_message(new.id, "Hello world!", logprobs=_record())
        assert store.load_logprobs(new.id) == _record() and store.load_logprobs(2) is None
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    raw.close()


def test_a_failed_migration_leaves_version_2_as_it_was(db_path: Path) -> None:
    # A table in the way makes the step fail half-way: nothing of it may stay.
    _version_2_file(db_path, "CREATE TABLE message_logprobs (x);")
    with pytest.raises(StorageError):
        ChatStore(db_path)
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
    assert raw.execute("SELECT content FROM messages ORDER BY id").fetchall() == [
        ("안녕",), ("안녕하세요",)]
    raw.close()
