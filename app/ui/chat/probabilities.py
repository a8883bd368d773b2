"""An answer shown as its tokens, each tinted by how likely the model found it.

In probability mode an answer is not rendered from Markdown: it is shown as the plain text the
model wrote, token by token, each token a link (``ondol-tok:MESSAGE:INDEX``) on a background
tint. That is a token view, honest about what was generated (the Markdown marks are tokens
too), and every character of the text maps to exactly one token, so nothing has to be mapped
from the raw text into a rendered document. A token that ends a line ends its paragraph (a
block of the document: one long block would be laid out again whole on every streamed token);
other line breaks are ``<br>``. Either is one character of the document.

The tints are five steps of one hue's lightness ramp over the page's background: the less
likely a token, the stronger its tint, so in either theme the tokens the model was unsure of
stand out and the sure ones read as plain text. The steps stay light enough (in a dark theme,
dark enough) that the text on them keeps its contrast (WCAG AA, checked by a test). A token's
step is its probability's fifth (0–20 %, …, 80–100 %).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextDocument

from app.core.chat.logprobs import TokenStep
from app.ui.render.colours import ChatColours

TOKEN_SCHEME = "ondol-tok"
STEPS = 5
HUE = "#e8590c"  # a warm orange: reads as "look here" on white and on near-black
# How much of the hue goes into the background at each step, least likely first: even steps
# apart, the last one faint (most tokens are likely: they should read as plain text).
SHARES_LIGHT = (0.54, 0.41, 0.29, 0.17, 0.06)
SHARES_DARK = (0.50, 0.38, 0.27, 0.16, 0.06)


def probability(step: TokenStep) -> float:
    """The chosen token's probability (0–1)."""
    return math.exp(step.token.logprob)


def bucket(prob: float) -> int:
    """The tint step of a probability: 0 (under 20 %) to 4 (80 % and more)."""
    return max(0, min(STEPS - 1, int(prob * STEPS)))


def step_colours(palette: QPalette) -> list[str]:
    """The five tints for ``palette``'s background, least likely first."""
    base = palette.color(QPalette.ColorRole.Base)
    shares = SHARES_DARK if base.lightnessF() < 0.5 else SHARES_LIGHT
    hue = QColor(HUE).getRgbF()[:3]
    return [QColor.fromRgbF(*(b * (1 - share) + h * share for b, h in zip(
        base.getRgbF()[:3], hue, strict=True))).name() for share in shares]


def entropy_bits(steps_logprobs: Sequence[float]) -> float:
    """The entropy, in bits, of the candidates' probabilities renormalised to sum to 1."""
    probs = [math.exp(lp) for lp in steps_logprobs]
    total = sum(probs)
    if total <= 0:
        return 0.0
    return -sum(p / total * math.log2(p / total) for p in probs if p > 0)


def token_href(message_id: int, index: int) -> str:
    """The link of token ``index`` of message ``message_id``."""
    return f"{TOKEN_SCHEME}:{message_id}:{index}"


def parse_href(href: str) -> tuple[int, int] | None:
    """(message id, token index) of a token's link; None for any other link."""
    scheme, _, rest = href.partition(":")
    message, _, index = rest.partition(":")
    if scheme != TOKEN_SCHEME or not message.isdigit() or not index.isdigit():
        return None
    return int(message), int(index)


def ends_line(step: TokenStep) -> bool:
    """The token's text ends a line: its paragraph ends after it."""
    return step.piece.endswith("\n")


def token_html(message_id: int, index: int, step: TokenStep, tints: Sequence[str],
               colours: ChatColours, tip: str, last: bool = False) -> str:
    """One token: its text on its tint, a link to its candidates. A line break that ends the
    text is left to the paragraph's end (``ends_line``), unless it is the ``last`` token."""
    piece = step.piece if last else step.piece.removesuffix("\n")
    if not piece:
        return ""  # no text of its own (part of a character, a stop string, a line break)
    text = html.escape(piece, quote=False).replace("\n", "<br>")
    return (f'<a href="{token_href(message_id, index)}" title="{html.escape(tip)}" '
            f'style="background-color:{tints[bucket(probability(step))]}; '
            f'color:{colours.text}; text-decoration:none">{text}</a>')


def plain_text_html(text: str, colours: ChatColours) -> str:
    """Answer text that came without probabilities, untinted."""
    return (f'<span style="white-space:pre-wrap; color:{colours.text}">'
            f'{html.escape(text, quote=False).replace(chr(10), "<br>")}</span>')


def paragraphs(parts: Sequence[tuple[str, bool]]) -> str:
    """The token view: (token HTML, ends its line) in order, as paragraphs (spaces kept)."""
    out, line = [], []
    for html_part, ends in parts:
        line.append(html_part)
        if ends:
            out.append("".join(line))
            line = []
    out.append("".join(line))
    return "".join(f'<p style="white-space:pre-wrap; margin:0">{inner}</p>' for inner in out)


def legend_html(low: str, high: str, tints: Sequence[str], colours: ChatColours) -> str:
    """The key above a coloured answer: ``low`` ▮▮▮▮▮ ``high``."""
    swatches = "".join(f'<span style="background-color:{tint}">&nbsp;&nbsp;&nbsp;</span>'
                       for tint in tints)
    return (f'<p style="margin-top:2px; margin-bottom:0; font-size:small; color:{colours.muted}">'
            f'{html.escape(low)}&nbsp;{swatches}&nbsp;{html.escape(high)}</p>')


def token_spans(document: QTextDocument, message_id: int) -> list[tuple[int, str, str]]:
    """(token index, text, tint) of each token link of a message in ``document``, in order;
    a line break reads as ``\\n`` (an end of paragraph goes to the token before it)."""
    prefix = f"{TOKEN_SCHEME}:{message_id}:"
    out: list[tuple[int, str, str]] = []
    block = document.begin()
    breaks = 0  # ends of paragraph since this message's last token (None: not in it)
    while block.isValid():
        fragments = _fragments(block)
        mine = any(href.startswith(prefix) for href, *_ in fragments)
        if mine and breaks and out:
            out[-1] = (out[-1][0], out[-1][1] + "\n" * breaks, out[-1][2])
        breaks = 1 if mine else breaks + 1 if (breaks and not block.text()) else 0
        for href, text, tint, _ in fragments:
            if href.startswith(prefix):
                index = int(href[len(prefix):])
                if out and out[-1][0] == index:  # one token split in two fragments
                    out[-1] = (index, out[-1][1] + text, tint)
                else:
                    out.append((index, text, tint))
        block = block.next()
    return out


def find_token(block: QTextBlock, message_id: int, index: int) -> tuple[int, int] | None:
    """(start, end) document positions of a token's link in ``block``; None if not there."""
    wanted = token_href(message_id, index)
    found: tuple[int, int] | None = None
    for href, text, _, position in _fragments(block):
        if href == wanted:
            found = (found[0] if found else position, position + len(text))
    return found


def _fragments(block: QTextBlock) -> list[tuple[str, str, str, int]]:
    out = []
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        fmt = fragment.charFormat()
        out.append((fmt.anchorHref(), fragment.text().replace("\u2028", "\n"),
                    fmt.background().color().name(), fragment.position()))
        fragments += 1
    return out
