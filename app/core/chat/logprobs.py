"""The log-probabilities of one answer: what each token was, how likely, and what else was.

An ``AnswerLogprobs`` holds one ``TokenStep`` per generated token, in order. ``piece`` is the
text of the answer that token released when it was shown, so the pieces joined are exactly
the stored answer text, and a span of the text can be coloured token by token:

- a piece may be empty: a token that completed only part of a character (its text came
  with a later token), or one that belonged to a stop string (never shown);
- text held back while it could still have begun a stop string is released by a later token,
  and the text released when the answer ended goes to the last token.

``token`` is the chosen token (its own text, id and log-probability, natural log, <= 0) and
``top`` the ``k`` most likely candidates at that step, most likely first; the chosen token is
among them when it was that likely, with the same log-probability. Log-probabilities are of
the model's own distribution (before temperature and penalties) and are kept to 1e-4.

On disk (``encode``/``decode``) it is a small binary blob: ``OLP1`` then zlib-compressed JSON
in columns (ids and log-probabilities as integer lists, each token's text once).
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.core.types.params import SamplingParams
from app.core.types.results import StepLogprobs, TokenLogprob

logger = logging.getLogger(__name__)

MAGIC = b"OLP1"
SCALE = 10_000  # log-probabilities are stored as integers in units of 1e-4
FLOOR = -1000.0  # a log-probability of -inf (a token the model ruled out) is kept as this
DEFAULT_K = 5  # candidates recorded per token in a chat answer
MAX_K = 20  # what SamplingParams.top_logprobs allows


@dataclass(frozen=True)
class TokenStep:
    """One generated token: the answer text it released, itself, and the top candidates."""

    piece: str
    token: TokenLogprob
    top: tuple[TokenLogprob, ...]


@dataclass(frozen=True)
class AnswerLogprobs:
    """Every token of one answer with its candidates (see the module's notes)."""

    k: int
    steps: tuple[TokenStep, ...]

    def text(self) -> str:
        """The pieces joined: the answer text these probabilities are for."""
        return "".join(step.piece for step in self.steps)

    @classmethod
    def from_stream(cls, content: str, pieces: Sequence[str],
                    logprobs: Sequence[StepLogprobs], k: int) -> AnswerLogprobs | None:
        """The record of a streamed answer whose text so far is ``content``.

        ``pieces``/``logprobs`` are the runtime's, token by token. Text beyond the pieces (what
        was released when the answer ended) goes to the last token. None when there are no
        tokens, or when they do not match ``content`` (never store what cannot be coloured).
        """
        if not logprobs or len(pieces) != len(logprobs):
            return None
        joined = "".join(pieces)
        if not content.startswith(joined):
            logger.warning("not keeping the log-probabilities: their text differs from the answer")
            return None
        steps = [TokenStep(piece, _rounded(chosen), tuple(_rounded(t) for t in top))
                 for piece, (chosen, top) in zip(pieces, logprobs, strict=True)]
        tail = content[len(joined):]
        if tail:
            last = steps[-1]
            steps[-1] = TokenStep(last.piece + tail, last.token, last.top)
        return cls(k, tuple(steps))


def _rounded(entry: TokenLogprob) -> TokenLogprob:
    """As stored: the log-probability to 1e-4, so a read-back record equals the written one."""
    return TokenLogprob(entry.token, entry.token_id, _from_int(_to_int(entry.logprob)))


def _to_int(logprob: float) -> int:
    if not math.isfinite(logprob):
        return round(FLOOR * SCALE)
    return round(max(min(logprob, 0.0), FLOOR) * SCALE)


def _from_int(value: int) -> float:
    return value / SCALE


def encode(record: AnswerLogprobs) -> bytes:
    """The blob stored with the message."""
    texts: dict[int, str] = {}
    ids, lps, counts, top_ids, top_lps = [], [], [], [], []
    for step in record.steps:
        ids.append(step.token.token_id)
        lps.append(_to_int(step.token.logprob))
        texts[step.token.token_id] = step.token.token
        counts.append(len(step.top))
        for entry in step.top:
            top_ids.append(entry.token_id)
            top_lps.append(_to_int(entry.logprob))
            texts[entry.token_id] = entry.token
    data = {"k": record.k, "pieces": [s.piece for s in record.steps], "ids": ids, "lp": lps,
            "n": counts, "top_ids": top_ids, "top_lp": top_lps,
            "texts": [[tid, text] for tid, text in texts.items()]}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MAGIC + zlib.compress(raw, 6)


def decode(blob: bytes) -> AnswerLogprobs:
    """The record ``encode`` wrote.

    Raises:
        ValueError: the blob is not one (damaged, or from a newer Ondol).
    """
    if not blob.startswith(MAGIC):
        raise ValueError("not an answer's log-probabilities")
    try:
        data = json.loads(zlib.decompress(blob[len(MAGIC):]))
        texts = {int(tid): str(text) for tid, text in data["texts"]}
        pieces, counts = data["pieces"], data["n"]
        top_ids, top_lps = data["top_ids"], data["top_lp"]
        if not (len(pieces) == len(data["ids"]) == len(data["lp"]) == len(counts)
                and sum(counts) == len(top_ids) == len(top_lps)):
            raise ValueError("the columns differ in length")
        steps, at = [], 0
        for piece, tid, lp, count in zip(pieces, data["ids"], data["lp"], counts, strict=True):
            top = tuple(TokenLogprob(texts[t], t, _from_int(v))
                        for t, v in zip(top_ids[at:at + count], top_lps[at:at + count],
                                        strict=True))
            at += count
            steps.append(TokenStep(str(piece), TokenLogprob(texts[tid], tid, _from_int(lp)),
                                   top))
        return AnswerLogprobs(int(data["k"]), tuple(steps))
    except (zlib.error, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ValueError(f"damaged log-probabilities ({type(exc).__name__})") from exc


def flatten(batches: Iterable[tuple[Sequence[str], Sequence[StepLogprobs]]]
            ) -> tuple[list[str], list[StepLogprobs]]:
    """The pieces and log-probabilities of batches as the runtime sent them, token by token."""
    pieces: list[str] = []
    logprobs: list[StepLogprobs] = []
    for batch_pieces, batch_logprobs in batches:
        pieces.extend(batch_pieces)
        logprobs.extend(batch_logprobs)
    return pieces, logprobs


def write_logprobs(conn: sqlite3.Connection, message_id: int, record: AnswerLogprobs) -> None:
    """Store ``record`` as the message's (replacing any), on the caller's transaction.

    Raises:
        sqlite3.Error: the write failed.
    """
    conn.execute("INSERT OR REPLACE INTO message_logprobs (message_id, data) VALUES (?, ?)",
                 (message_id, encode(record)))


def read_logprobs(conn: sqlite3.Connection, message_id: int) -> AnswerLogprobs | None:
    """The message's stored record; None when there is none or it is damaged (logged).

    Raises:
        sqlite3.Error: the read failed.
    """
    row = conn.execute("SELECT data FROM message_logprobs WHERE message_id = ?",
                       (message_id,)).fetchone()
    if row is None:
        return None
    try:
        return decode(bytes(row[0]) if isinstance(row[0], bytes) else b"")
    except ValueError as exc:
        logger.warning("ignoring message %s log-probabilities: %s", message_id, exc)
        return None


class LogprobsRecorder:
    """Collects one streaming answer's token probabilities as the runtime sends them.

    Cheap on the thread that calls ``add`` (one list append per batch of tokens); the work of
    matching them to the text happens in ``record``, when the answer is saved.
    """

    def __init__(self, k: int = DEFAULT_K) -> None:
        self.k = k  # candidates to ask for per token; 0: none are recorded
        self._asked = 0
        self._batches: list[tuple[Sequence[str], Sequence[StepLogprobs]]] = []

    def ask(self, sampling: SamplingParams) -> SamplingParams:
        """``sampling`` asking for ``k`` candidates per token (unless it asks for some
        itself), and a fresh start for the answer it makes."""
        self._batches = []
        if self.k and not sampling.top_logprobs:
            sampling = replace(sampling, top_logprobs=min(self.k, MAX_K))
        self._asked = sampling.top_logprobs
        return sampling

    def add(self, batches: Iterable[tuple[Sequence[str], Sequence[StepLogprobs]]]) -> None:
        """The runtime's (pieces, logprobs) batches for the text that comes next."""
        self._batches.extend(batches)

    def clear(self) -> None:
        """Forget what was collected (a new answer begins)."""
        self._batches = []

    def record(self, content: str) -> AnswerLogprobs | None:
        """What to store with the answer whose text so far is ``content``; None if nothing."""
        if not self._batches:
            return None
        pieces, logprobs = flatten(self._batches)
        return AnswerLogprobs.from_stream(content, pieces, logprobs, self._asked)
