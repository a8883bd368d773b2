"""What a question's attached files add to the prompt: LM Studio's rule, made visible.

When every attached file fits in the context window with room left for the answer, the files
go in whole. Otherwise they are chunked, embedded and indexed, and only the passages that best
match the question go in, numbered so the model can cite them; the chat shows which happened
(``Grounding.mode``) and lists the passages as sources. A chat's collections (folders indexed
once) are searched for every question the same way. A file that cannot be read is recorded
with its reason and the rest goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.core.chat.attachments import FAILED, RETRIEVED, WHOLE, Attachment, Grounding, Source
from app.core.documents.chunks import estimate_tokens
from app.core.documents.whole import read_whole
from app.core.errors import DocumentError, RetrievalError


class Passage(Protocol):
    """A passage as the search found it (``retrieval.search.Hit`` has these fields)."""

    score: float
    text: str
    path: Path
    page: int | None
    heading: str | None
    offset: int
    collection: str


class PassageFinder(Protocol):
    """The chat's index: its attachments' collection and its folder collections."""

    def add_files(self, paths: Sequence[Path], cancel: threading.Event | None = None
                  ) -> dict[str, str]:
        """Index the files into the chat's attachments; a reason per file that failed.

        Raises:
            RetrievalError: no embedding model, cancelled, the index broke.
        """

    def find(self, question: str, k: int) -> Sequence[Passage]:
        """The ``k`` passages that best match ``question``, best first.

        Raises:
            RetrievalError: as ``add_files``.
        """

    def has_passages(self) -> bool:
        """True when there is anything to search (attachments or collections)."""


FILES_FLOOR = 1024  # tokens the files always get (see ``Budget.of``)
PASSAGES_MAX = 8  # more rarely helps a small model; fewer when the window is small
# Cosine below the best passage's by more than this: left out (with EmbeddingGemma an
# answering passage scores ~0.4-0.6 and unrelated ones ~0.1-0.3 on the test corpus).
RELEVANCE_GAP = 0.25


@dataclass(frozen=True)
class Budget:
    """Room in the context window for attached text: what the window holds minus the
    history, the question and the room kept for the answer."""

    tokens: int
    count: Callable[[str], int] = estimate_tokens

    @classmethod
    def of(cls, n_ctx: int, used: int, count: Callable[[str], int] = estimate_tokens
           ) -> Budget:
        """The budget in a window of ``n_ctx`` tokens of which ``used`` are taken; a quarter
        of the window (at least 512 tokens) stays free for the answer. However long the
        chat, the files get at least a quarter of the window (up to 1,024 tokens): the
        runtime's overflow policy makes room by dropping the oldest turns (or, set to stop at
        the limit, says the chat is too long) rather than the files being dropped silently."""
        answer_room = max(512, n_ctx // 4)
        floor = min(n_ctx // 4, FILES_FLOOR)
        return cls(max(floor, n_ctx - used - answer_room), count)


def ground(question: str, files: Sequence[Path], budget: Budget,
           finder: PassageFinder | None = None, cancel: threading.Event | None = None
           ) -> Grounding:
    """The grounding of one question: its files whole when all fit, else the best passages
    (also from the chat's collections when ``finder`` has any).

    Raises:
        RetrievalError: the files needed retrieval and it failed (reason
            ``no_embedding_model`` when no ``finder`` was given, ``cancelled``...).
    """
    attachments, wholes = _read_whole(files, budget)
    readable = [Path(a.path) for a in attachments if a.mode != FAILED]
    if len(wholes) == len(readable):  # everything readable fits (or nothing was attached)
        context = _whole_context(wholes, attachments)
        grounding = Grounding(attachments, context, [], WHOLE if wholes else "")
        if finder is None or not finder.has_passages():
            return grounding
        spent = sum(a.tokens for a in attachments if a.mode == WHOLE)
        return _with_passages(grounding, question, finder,
                              Budget(budget.tokens - spent, budget.count))
    if finder is None:
        raise RetrievalError("These files do not fit in the context window, and no embedding "
                             "model is set up to search them.", reason="no_embedding_model")
    failures = finder.add_files(readable, cancel)
    for attachment in attachments:
        if attachment.mode == FAILED:
            continue  # not readable: never indexed
        attachment.mode = FAILED if attachment.path in failures else RETRIEVED
        attachment.reason = failures.get(attachment.path, attachment.reason)
    return _with_passages(Grounding(attachments, "", [], RETRIEVED), question, finder, budget)


def _read_whole(files: Sequence[Path], budget: Budget
                ) -> tuple[list[Attachment], list[tuple[Attachment, str]]]:
    """An attachment per file, and the whole text of those that fit together."""
    attachments: list[Attachment] = []
    wholes: list[tuple[Attachment, str]] = []
    left = budget.tokens
    for path in (Path(f).absolute() for f in files):
        attachment = Attachment(path.name, str(path), WHOLE, size=_size(path))
        attachments.append(attachment)
        try:
            whole = read_whole(path, left, budget.count) if left > 0 else None
        except DocumentError as exc:
            attachment.mode, attachment.reason = FAILED, exc.facts.get("reason", "unreadable")
            continue
        if whole is not None:
            attachment.tokens, attachment.pages = whole.tokens, whole.pages
            wholes.append((attachment, whole.text))
            left -= whole.tokens
    return attachments, wholes


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _whole_context(wholes: list[tuple[Attachment, str]], attachments: list[Attachment]
                   ) -> str:
    if not wholes:
        return ""
    parts = ["The user attached these files:"]
    for attachment, text in wholes:
        parts.append(f'<file name="{attachment.name}">\n{text.strip()}\n</file>')
    return "\n\n".join(parts)


def _with_passages(grounding: Grounding, question: str, finder: PassageFinder,
                   budget: Budget) -> Grounding:
    """``grounding`` plus the passages that best match ``question``, as many as fit."""
    found = finder.find(question, PASSAGES_MAX) if budget.tokens > 0 else []
    if found:  # passages far below the best one are noise that misleads a small model
        floor = float(found[0].score) - RELEVANCE_GAP
        found = [p for p in found if float(p.score) >= floor]
    blocks: list[str] = []
    left = budget.tokens
    for passage in found:
        number = len(grounding.sources) + 1
        name = Path(passage.path).name
        block = f"[{number}] {_where(name, passage)}\n{passage.text.strip()}"
        cost = budget.count(block)
        if cost > left:
            break
        left -= cost
        blocks.append(block)
        grounding.sources.append(Source(
            number, name, str(passage.path), passage.text, passage.page, passage.heading,
            passage.offset, float(passage.score), passage.collection))
    if blocks:
        # The instruction comes last, just before the question, where small models heed it.
        head = "Passages from the user's files, most relevant first:"
        ask = ("Answer the question below in full sentences, using these passages when "
               "they hold the answer. After a sentence that uses a passage, put the "
               "passage's number in brackets, like [1].")
        grounding.context = "\n\n".join(
            [p for p in (grounding.context, head) if p] + blocks + [ask])
        grounding.mode = grounding.mode or RETRIEVED
    return grounding


def _where(name: str, passage: Passage) -> str:
    parts = [name]
    if passage.page is not None:
        parts.append(f"page {passage.page}")
    if passage.heading:
        parts.append(f"“{passage.heading}”")
    return ", ".join(parts)

