"""Render a model's Markdown answer as HTML that Qt's rich-text engine (QTextBrowser) displays well.

Qt understands only a subset of HTML4 and CSS, so everything here is spelled the way Qt reads it:
code blocks are one-cell tables with ``bgcolor`` (Qt paints cell backgrounds, not ``<pre>`` ones),
colours are inline ``style=`` attributes from pygments, table cells use ``align=``. Code wraps
(``white-space: pre-wrap``) so that a long line never widens the whole conversation; each block
has a link to view it unwrapped, in a window of its own.

Safety: model output is untrusted text. Raw HTML is never interpreted (markdown-it ``html=False``
escapes it), nothing remote is fetched (images become links), and only http, https and mailto
links stay clickable. This module must not import PySide6.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.token import Text
from pygments.util import ClassNotFound

from app.ui.render.colours import ChatColours

__all__ = [
    "HIGHLIGHT_LIMIT",
    "MONO_FONTS",
    "MarkdownRenderer",
    "RenderedMarkdown",
    "plain_text_html",
]

MONO_FONTS = "'DejaVu Sans Mono', 'Noto Sans Mono CJK KR', 'D2Coding', Consolas, Menlo, monospace"
COPY_SCHEME = "ondol-copy"
UNWRAP_SCHEME = "ondol-unwrap"
HIGHLIGHT_LIMIT = 40_000  # characters; longer code blocks are shown without colours
_SAFE_LINK = re.compile(r"(?i)(?:https?|mailto):")
_TEXT_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


@dataclass(frozen=True)
class _Theme:
    """Colours for one background; the code colours come from a pygments style."""

    pygments_style: str
    code_bg: str
    code_fg: str
    muted: str
    link: str
    inline_code_bg: str
    rule: str  # table lines
    formatter: HtmlFormatter


def _make_theme(
    style_name: str, *, fallback_fg: str, muted: str, link: str, inline_code_bg: str,
    code_bg: str | None = None, rule: str = "#c8ccd0",
) -> _Theme:
    style = get_style_by_name(style_name)
    # Plain code text gets no span from pygments, so the <pre> carries the style's text colour.
    fg = style.style_for_token(Text).get("color")
    return _Theme(
        pygments_style=style_name,
        code_bg=code_bg or style.background_color or "#f6f8fa",
        code_fg=f"#{fg}" if fg else fallback_fg,
        muted=muted,
        link=link,
        inline_code_bg=inline_code_bg,
        rule=rule,
        # nowrap: we supply our own <pre>; noclasses: Qt ignores stylesheet classes here.
        formatter=HtmlFormatter(noclasses=True, nowrap=True, style=style_name),
    )


@lru_cache(maxsize=4)
def _theme(dark: bool, colours: ChatColours | None = None) -> _Theme:
    if colours is not None:
        # The window's palette: the pygments style only colours the tokens.
        return _make_theme(
            "monokai" if dark else "friendly",
            fallback_fg=colours.text,
            muted=colours.muted,
            link=colours.link,
            inline_code_bg=colours.inline_code_bg,
            code_bg=colours.code_bg,
            rule=colours.rule,
        )
    if dark:
        return _make_theme(
            "monokai",
            fallback_fg="#f8f8f2",
            muted="#a0a0a0",
            link="#66d9ef",
            inline_code_bg="#3a3d41",
            rule="#4a4d52",
        )
    return _make_theme(
        "friendly",
        fallback_fg="#1f2328",
        muted="#707070",
        link="#0b62c4",
        inline_code_bg="#eceff1",
    )


@lru_cache(maxsize=128)
def _lexer_for(name: str) -> Lexer:
    """A reusable lexer for a fence's language; plain text when pygments does not know it.

    Never ``guess_lexer``: it tries every lexer and is far too slow for a chat view. The cache
    matters too: a name lookup can scan installed plugins.
    """
    # stripnl=False keeps leading blank lines of the code as written.
    try:
        return get_lexer_by_name(name or "text", stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


@lru_cache(maxsize=128)
def _highlighted(source: str, language: str, formatter: HtmlFormatter) -> str:
    """Highlighted HTML for one code block, cached.

    Lexing is the dominant cost of a render (pygments manages a few hundred KB/s), and the chat
    view renders each streamed block once and then the whole message again at the end: the
    cache makes that second pass, and re-showing a conversation, nearly free.
    """
    if len(source) > HIGHLIGHT_LIMIT:
        # A huge block (a pasted log, a data dump) is shown plain rather than freezing the view.
        return html.escape(source.rstrip("\n"), quote=False)
    return highlight(source, _lexer_for(language), formatter).rstrip("\n")


@dataclass(frozen=True)
class RenderedMarkdown:
    """HTML for Qt plus the raw text of each code block, indexed by its ``ondol-copy:N`` link."""

    html: str
    code_blocks: list[str] = field(default_factory=list)


def plain_text_html(text: str) -> str:
    """Escaped text with its line breaks kept, for showing unfinished Markdown as-is."""
    return f'<p style="white-space: pre-wrap">{html.escape(text, quote=False)}</p>'


def _anchor(href: str, label: str | None, env: EnvType, extra: str = "") -> str:
    """An ``<a>`` in the theme's link colour (a dark view's palette link blue is unreadable).

    With ``label`` None only the opening tag is returned.
    """
    colour = _theme(bool(env.get("dark")), env.get("colours")).link
    opening = f'<a href="{html.escape(href)}" style="color:{colour}"{extra}>'
    return opening if label is None else f"{opening}{label}</a>"


class _QtRenderer(RendererHTML):
    """markdown-it's HTML renderer with Qt-friendly and safe output for the risky token types.

    Per-render state travels in ``env``: ``dark``, ``code_blocks``, ``first_code_index`` and a
    stack saying whether each open link was kept.
    """

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        info = unescapeAll(token.info).strip() if token.info else ""
        language = info.split(maxsplit=1)[0] if info else ""
        return self._code_html(token.content, language, env)

    def code_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._code_html(tokens[idx].content, "", env)

    def _code_html(self, source: str, language: str, env: EnvType) -> str:
        theme = _theme(bool(env.get("dark")), env.get("colours"))
        blocks: list[str] = env["code_blocks"]
        # One trailing newline dropped: pasted into a shell, it would run the command at once.
        raw = source[:-1] if source.endswith("\n") else source
        index = env["first_code_index"] + len(blocks)
        blocks.append(raw)
        body = _highlighted(source, language.lower(), theme.formatter)
        label = html.escape(language or "text")
        copy, unwrap = env["copy_label"], env["unwrap_label"]
        link = f'style="color:{theme.link}; text-decoration:none"'
        # pre-wrap: long lines wrap at the view's width (the view also breaks long tokens).
        return (
            f'<table width="100%" cellspacing="0" cellpadding="8" bgcolor="{theme.code_bg}">'
            f"<tr><td>"
            f'<p style="margin:0; font-size:small; color:{theme.muted}">{label}&nbsp;&nbsp;'
            f'<a href="{COPY_SCHEME}:{index}" {link}>{copy}</a>&nbsp;&nbsp;·&nbsp;&nbsp;'
            f'<a href="{UNWRAP_SCHEME}:{index}" {link}>{unwrap}</a></p>'
            f'<pre style="margin:0; white-space:pre-wrap; font-family:{MONO_FONTS}; '
            f'color:{theme.code_fg}">{body}</pre>'
            f"</td></tr></table>\n"
        )

    def code_inline(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        theme = _theme(bool(env.get("dark")), env.get("colours"))
        text = html.escape(tokens[idx].content, quote=False)
        return (
            f'<span style="background-color:{theme.inline_code_bg}; '
            f'font-family:{MONO_FONTS}">{text}</span>'
        )

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        # Never an <img>: the chat view fetches nothing, so a remote image cannot track the user.
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env) or "image"
        src = str(token.attrGet("src") or "")
        label = "🖼 " + html.escape(alt, quote=False)
        if _SAFE_LINK.match(src):
            return _anchor(src, label, env)
        return label

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        keep = bool(_SAFE_LINK.match(href))
        env["link_stack"].append(keep)
        # An unsafe link (javascript:, file:, data:, relative) keeps its text, loses the anchor.
        if not keep:
            return ""
        title = tokens[idx].attrGet("title")
        title_attr = f' title="{html.escape(str(title))}"' if title else ""
        return _anchor(href, None, env, title_attr)

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        stack: list[bool] = env["link_stack"]
        return "</a>" if stack and stack.pop() else ""

    def table_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # Qt honours these attributes and, on tables, a collapsed solid border's colour.
        theme = _theme(bool(env.get("dark")), env.get("colours"))
        return ('<table border="1" cellspacing="0" cellpadding="6" style="border-collapse:'
                f'collapse; border-style:solid; border-color:{theme.rule}">\n')

    def th_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self._cell_open(tokens[idx])

    def td_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self._cell_open(tokens[idx])

    @staticmethod
    def _cell_open(token: Token) -> str:
        # markdown-it writes style="text-align:…"; Qt reliably reads the align attribute.
        match = _TEXT_ALIGN.search(str(token.attrGet("style") or ""))
        align = f' align="{match.group(1)}"' if match else ""
        return f"<{token.tag}{align}>"


def _accept_any_url(url: str) -> bool:
    return True


class MarkdownRenderer:
    """CommonMark + GFM tables and strikethrough → Qt rich-text HTML.

    Build one and reuse it: the parser and the pygments formatters are created once.
    """

    def __init__(self, copy_label: str = "Copy", unwrap_label: str = "View unwrapped") -> None:
        """``copy_label``, ``unwrap_label``: the (translated) texts of each code block's links."""
        self._copy_label = html.escape(copy_label)
        self._unwrap_label = html.escape(unwrap_label)
        options: dict[str, Any] = {"html": False, "linkify": False, "typographer": False}
        self._md = MarkdownIt("commonmark", options, renderer_cls=_QtRenderer)
        self._md.enable("table").enable("strikethrough")
        # Our renderer is the one gate for URLs (it keeps only http, https and mailto). Without
        # this, markdown-it leaves a `[text](javascript:…)` link as its raw Markdown source.
        self._md.validateLink = _accept_any_url  # type: ignore[method-assign]

    def render(
        self, text: str, *, dark: bool = False, first_code_index: int = 0,
        colours: ChatColours | None = None,
    ) -> RenderedMarkdown:
        """Render ``text``; code colours follow ``dark``, backgrounds ``colours`` when given.

        Copy links are ``ondol-copy:N`` with N = ``first_code_index`` + the block's position here,
        so a message rendered in pieces (while streaming) can keep its indexes unique.
        """
        code_blocks: list[str] = []
        env: dict[str, Any] = {
            "dark": dark,
            "code_blocks": code_blocks,
            "first_code_index": first_code_index,
            "link_stack": [],
            "copy_label": self._copy_label,
            "unwrap_label": self._unwrap_label,
            "colours": colours,
        }
        page = self._md.render(text, env)
        return RenderedMarkdown(html=page, code_blocks=code_blocks)
