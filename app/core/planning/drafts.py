"""Which library model can draft tokens for a target model (speculative decoding), and why.

A draft proposes the next few tokens and the target checks them in one pass, so a draft must
mean the same text by every token id (an identical vocabulary, compared token by token through
``formats.gguf_vocab``, never by name) and must be much cheaper to run than the target. Among the
fitting candidates the smallest is chosen: it drafts fastest. The library is passed in as plain
``DraftCandidate`` values (the catalog builds them), and every candidate gets a ``Reason``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import OndolError
from app.core.planning.reasons import Reason, reason

if TYPE_CHECKING:  # the reader pulls in the gguf package: imported when first searched
    from app.core.formats.gguf_vocab import Vocabulary

ReadVocabulary = Callable[[Path], "Vocabulary"]

# The largest draft, as a share of the target's file size. Speculation pays only while a draft
# step costs far less than a target step; Qwen2.5-Coder-0.5B drafting for its 1.5B sibling,
# the canonical pair, is 44% of the file size (32% of the parameters), so a quarter would
# refuse it. Half keeps such pairs and refuses siblings of nearly the same size.
MAX_DRAFT_SHARE = 0.5


@dataclass(frozen=True)
class DraftCandidate:
    """A library model as the search sees it."""

    name: str  # as the library lists it ("publisher/repo/file.gguf")
    path: Path
    size_bytes: int
    format: str  # "gguf", "onnx", ...


@dataclass(frozen=True)
class DraftVerdict:
    """One candidate and why it would (``fits``) or would not draft for the target."""

    candidate: DraftCandidate
    reason: Reason
    fits: bool
    error: OndolError | None = None  # what reading it gave, for an unreadable one


@dataclass(frozen=True)
class DraftSearch:
    """The chosen draft (or ``None``), the reason for the choice, and every verdict."""

    target: DraftCandidate
    chosen: DraftCandidate | None
    reason: Reason  # draft.same_vocab for the chosen one, else a draft.none_* code
    verdicts: tuple[DraftVerdict, ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form (paths as text, reasons as code and values).

        Raises:
            nothing.
        """
        return {
            "draft": str(self.chosen.path) if self.chosen else None,
            "draft_name": self.chosen.name if self.chosen else None,
            "reason": self.reason.to_dict(),
            "candidates": [{"name": v.candidate.name, "path": str(v.candidate.path),
                            "size_bytes": v.candidate.size_bytes, "fits": v.fits,
                            "reason": v.reason.to_dict()} for v in self.verdicts],
        }


def _default_reader(path: Path) -> Vocabulary:
    from app.core.formats.gguf_vocab import read_vocabulary

    return read_vocabulary(path)


def find_drafts(target: DraftCandidate, candidates: Sequence[DraftCandidate],
                read: ReadVocabulary | None = None) -> DraftSearch:
    """Judge every candidate as a draft for ``target``; choose the smallest that fits.

    The target itself (the same file) is not a candidate. Files that cannot be read are judged
    ``draft.unreadable``, never raised.

    Args:
        target: The model to speed up.
        candidates: The library (it may include the target).
        read: Reads a file's ``Vocabulary``; ``None``: ``gguf_vocab.read_vocabulary``.

    Raises:
        nothing.
    """
    read_vocab = read or _default_reader
    if target.format != "gguf":
        return DraftSearch(target, None, reason("draft.none_not_gguf",
                                                format=target.format.upper()), ())
    try:
        mine = read_vocab(target.path)
    except (OndolError, OSError):
        mine = None
    if mine is None or mine.tokens_digest is None:
        return DraftSearch(target, None, reason("draft.none_unreadable"), ())
    verdicts = tuple(_judge(target, mine, c, read_vocab) for c in candidates
                     if not _same_file(c.path, target.path))
    fitting = sorted((v for v in verdicts if v.fits),
                     key=lambda v: (v.candidate.size_bytes, v.candidate.name))
    if fitting:
        return DraftSearch(target, fitting[0].candidate, fitting[0].reason, verdicts)
    codes = {v.reason.code for v in verdicts}
    if "draft.too_big" in codes:
        why = reason("draft.none_small_enough", limit_percent=round(MAX_DRAFT_SHARE * 100))
    elif any(v.candidate.format == "gguf" for v in verdicts):
        why = reason("draft.none_same_vocab")
    else:
        why = reason("draft.none_alone")
    return DraftSearch(target, None, why, verdicts)


def _judge(target: DraftCandidate, mine: Vocabulary, candidate: DraftCandidate,
           read_vocab: ReadVocabulary) -> DraftVerdict:
    if candidate.format != "gguf":
        return DraftVerdict(candidate, reason("draft.not_gguf", format=candidate.format.upper()),
                            False)
    try:
        theirs = read_vocab(candidate.path)
    except (OndolError, OSError) as err:
        error = err if isinstance(err, OndolError) else None
        return DraftVerdict(candidate, reason("draft.unreadable"), False, error)
    if theirs.embedding:
        return DraftVerdict(candidate, reason("draft.embedding"), False)
    differs = mine.first_difference(theirs)
    if differs is not None:
        return DraftVerdict(candidate, _difference(mine, theirs, differs), False)
    share = candidate.size_bytes / target.size_bytes if target.size_bytes > 0 else 1.0
    if share > MAX_DRAFT_SHARE:
        return DraftVerdict(candidate, reason("draft.too_big", share=share,
                                              limit_percent=round(MAX_DRAFT_SHARE * 100)), False)
    return DraftVerdict(candidate, reason("draft.same_vocab", share=share), True)


def _difference(mine: Vocabulary, theirs: Vocabulary, key: str) -> Reason:
    if key != "tokenizer.ggml.tokens":
        return reason("draft.tokenizer_differs", key=key)
    if theirs.tokens_digest is None:
        return reason("draft.no_vocab")
    count, target_count = theirs.token_count, mine.token_count
    if count == target_count:
        return reason("draft.tokens_differ")
    return reason("draft.vocab_differs", tokens=count, target_tokens=target_count)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).absolute() == Path(b).absolute()
