"""Split a streaming Markdown answer into blocks that are finished and the one still growing.

A streaming answer must not be re-rendered as a whole per token: that costs O(length) per update
and O(length²) per answer. Instead the chat view renders each *completed* top-level block once and
appends it, and shows the unfinished tail as plain text until it completes. At the end the whole
message is rendered once more, which repairs anything the splitting approximated (a list split at
a blank line, a reference link defined later).

A block completes at a blank line outside a fenced code block, or when a fenced code block closes.
Every character is examined a bounded number of times (``scanned_chars`` counts them), so the
scanning work per ``feed`` is proportional to the chunk, not to the answer. This module is Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["StreamUpdate", "StreamingMarkdown"]

# Generous on purpose: fences inside list items ("1. ```"), blockquotes ("> ```") and with any
# indentation count too. A wrong guess only delays a split; the final full render is exact.
_OPEN_FENCE = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,})([^\n]*)")
_CLOSE_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})[ \t\r]*")
_BLANK = re.compile(r"[ \t\r\f\v]*")


@dataclass(frozen=True)
class StreamUpdate:
    """What one ``feed`` produced.

    ``completed``: Markdown of blocks finished by this chunk (possibly empty), to render once
    and append. ``tail``: the unfinished block as it stands now, to show as plain text.
    """

    completed: str
    tail: str


class StreamingMarkdown:
    """Incremental block splitter for one streamed Markdown message.

    Concatenating every ``completed`` and the result of ``finish()`` gives back exactly the text
    that was fed.
    """

    def __init__(self) -> None:
        self._buf = ""  # text not yet handed out as completed: the tail
        self._line_start = 0  # start of the first line in _buf not yet classified
        self._searched = 0  # _buf[:_searched] has been searched for newlines
        self._fence: tuple[str, int] | None = None  # (fence char, run length) while inside one
        #: Characters examined so far (newline search + line classification). For tests: it
        #: must stay within a small multiple of the text length, however the text is chunked.
        self.scanned_chars = 0

    @property
    def tail(self) -> str:
        """The unfinished block as it stands now."""
        return self._buf

    @property
    def in_code_fence(self) -> bool:
        """Whether the tail is inside an open fenced code block."""
        return self._fence is not None

    def feed(self, chunk: str) -> StreamUpdate:
        """Add ``chunk``; return the blocks it completed and the current tail."""
        buf = self._buf + chunk
        cut = 0  # buf[:cut] is completed
        pos, search = self._line_start, self._searched
        while True:
            newline = buf.find("\n", search)
            if newline < 0:
                # The last line is unfinished: remember how far we looked, classify it later.
                self.scanned_chars += len(buf) - search
                search = len(buf)
                break
            self.scanned_chars += newline + 1 - search
            if self._line_ends_block(buf, pos, newline):
                cut = newline + 1
            pos = search = newline + 1
        self._buf = buf[cut:]
        self._line_start = pos - cut
        self._searched = search - cut
        return StreamUpdate(completed=buf[:cut], tail=self._buf)

    def finish(self) -> str:
        """End of the stream: return the remaining tail as completed text and start afresh."""
        rest = self._buf
        self._buf = ""
        self._line_start = self._searched = 0
        self._fence = None
        return rest

    def _line_ends_block(self, buf: str, start: int, end: int) -> bool:
        """Classify the complete line ``buf[start:end]`` (without its newline); update fence state.

        True when a block ends with this line: a blank line outside a fence, or a closing fence.
        """
        self.scanned_chars += end - start
        if self._fence is not None:
            match = _CLOSE_FENCE.fullmatch(buf, start, end)
            if match is None:
                return False
            run = match.group(1)
            char, length = self._fence
            # A fence closes only with the same character, at least as many times.
            if run[0] == char and len(run) >= length:
                self._fence = None
                return True
            return False
        if _BLANK.fullmatch(buf, start, end) is not None:
            return True
        match = _OPEN_FENCE.match(buf, start, end)
        if match is not None:
            run, info = match.group(1), match.group(2)
            # CommonMark: a backtick fence's info string may not contain a backtick
            # (so "```code``` here" is inline code, not a fence).
            if not (run[0] == "`" and "`" in info):
                self._fence = (run[0], len(run))
        return False
