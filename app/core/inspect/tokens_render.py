"""How a token's invisible pieces are drawn, decided once for the window, the CLI and tests."""

from __future__ import annotations

# A space, a newline, a tab and a carriage return as a person can see them.
VISIBLE = {" ": "␣", "\n": "↵", "\t": "→", "\r": "␍"}


def byte_label(value: int) -> str:
    """One raw byte as llama.cpp's vocabularies name it: ``<0xEA>``."""
    return f"<0x{value:02X}>"


def visible(raw: bytes) -> str:
    """A token's raw bytes as text a person can read: whitespace drawn with ``VISIBLE``,
    other control characters as ``<0xNN>``, and bytes that are only part of a multi-byte
    character (a piece of a Hangul syllable or an emoji) as ``<0xNN>`` each.

    Raises:
        nothing: any bytes have a rendering.
    """
    out: list[str] = []
    for char in raw.decode("utf-8", errors="surrogateescape"):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that decodes to no character on its own
            out.append(byte_label(code - 0xDC00))
        elif char in VISIBLE:
            out.append(VISIBLE[char])
        elif code < 0x20 or code == 0x7F:
            out.append(byte_label(code))
        else:
            out.append(char)
    return "".join(out)
