"""Markdown → Qt HTML rendering and the streaming block splitter (no Qt needed)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from app.ui.render.markdown_html import HIGHLIGHT_LIMIT, MarkdownRenderer, plain_text_html
from app.ui.render.streaming import StreamingMarkdown


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer()


def _bgcolors(html: str) -> list[str]:
    return re.findall(r'<table width="100%"[^>]*bgcolor="([^"]+)"', html)


# -- rendering -------------------------------------------------------------------------------


def test_headings_lists_and_emphasis(renderer: MarkdownRenderer) -> None:
    out = renderer.render("# Title\n\n## Sub\n\n- one\n- **two**\n\n1. first\n2. ~~second~~\n").html
    assert "<h1>Title</h1>" in out
    assert "<h2>Sub</h2>" in out
    assert "<ul>" in out and "<li>one</li>" in out and "<strong>two</strong>" in out
    assert "<ol>" in out and "<s>second</s>" in out


def test_gfm_table_uses_qt_attributes(renderer: MarkdownRenderer) -> None:
    out = renderer.render("| a | b |\n|---|--:|\n| 1 | 2 |\n").html
    assert '<table border="1" cellspacing="0" cellpadding="6"' in out
    assert "border-collapse:collapse" in out  # one thin line between cells, not two
    assert "<th>a</th>" in out
    assert '<td align="right">2</td>' in out


def test_python_block_is_highlighted_with_inline_styles(renderer: MarkdownRenderer) -> None:
    source = "def add(a, b):\n    return a + b  # sum\n"
    result = renderer.render(f"Text.\n\n```python\n{source}```\n")
    assert re.search(r'<span style="color: ?#[0-9A-Fa-f]{3,6}[^"]*">def</span>', result.html)
    assert 'href="ondol-copy:0"' in result.html
    assert ">python" in result.html  # the language label in the header line
    assert "bgcolor=" in result.html and "<pre" in result.html
    assert "class=" not in result.html  # Qt would ignore stylesheet classes
    assert result.code_blocks == [source.rstrip("\n")]


def test_two_code_blocks_get_indexes_in_order(renderer: MarkdownRenderer) -> None:
    text = "```sh\necho one\n```\n\nmiddle\n\n    indented code\n"
    result = renderer.render(text)
    assert result.code_blocks == ["echo one", "indented code"]
    assert result.html.index("ondol-copy:0") < result.html.index("ondol-copy:1")
    shifted = renderer.render(text, first_code_index=5)
    assert "ondol-copy:5" in shifted.html and "ondol-copy:6" in shifted.html


def test_unknown_language_falls_back_to_plain_text(renderer: MarkdownRenderer) -> None:
    result = renderer.render("```no-such-language-xyz\nx < y && z\n```\n")
    assert "x &lt; y &amp;&amp; z" in result.html
    assert "no-such-language-xyz" in result.html
    assert result.code_blocks == ["x < y && z"]


def test_info_string_with_attributes(renderer: MarkdownRenderer) -> None:
    result = renderer.render('````python title="a.py"\nprint(1)\n````\n')
    assert result.code_blocks == ["print(1)"]
    assert ">python" in result.html


def test_huge_code_block_is_shown_plain(renderer: MarkdownRenderer) -> None:
    source = "x = 1\n" * (HIGHLIGHT_LIMIT // 6 + 1)
    result = renderer.render(f"```python\n{source}```\n")
    assert "<span style=" not in result.html
    assert result.code_blocks == [source.rstrip("\n")]


def test_raw_html_is_escaped(renderer: MarkdownRenderer) -> None:
    out = renderer.render(
        "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> <b>bold</b>\n"
    ).html
    assert "<script" not in out and "&lt;script&gt;" in out
    assert "<img" not in out and "&lt;img src=x onerror=alert(2)&gt;" in out
    assert "<b>" not in out


def test_only_safe_link_schemes_stay_links(renderer: MarkdownRenderer) -> None:
    out = renderer.render(
        "[ok](https://example.org/?a=1&b=2) [mail](mailto:a@b.c) [js](javascript:alert(1)) "
        "[f](file:///etc/passwd) [d](data:text/html,hi) [rel](page.html) [c](ondol-copy:0)\n"
    ).html
    assert re.search(r'<a href="https://example.org/\?a=1&amp;b=2" style="color:#\w+">ok</a>', out)
    assert re.search(r'<a href="mailto:a@b.c"[^>]*>mail</a>', out)
    for scheme in ("javascript", "file", "data", "page.html", "ondol-copy"):
        assert f'href="{scheme}' not in out
    assert " js " in out and " f " in out and " rel " in out  # the text itself survives


def test_image_is_never_an_img(renderer: MarkdownRenderer) -> None:
    out = renderer.render(
        '![a cat](https://example.org/cat.png "t") ![x](data:image/png;base64,AAAA)\n'
    ).html
    assert "<img" not in out
    assert re.search(r'<a href="https://example.org/cat.png"[^>]*>🖼 a cat</a>', out)
    assert "🖼 x" in out and "data:" not in out


def test_inline_code_has_background(renderer: MarkdownRenderer) -> None:
    out = renderer.render("Use `x<y` here.\n").html
    assert re.search(r'<span style="background-color:#[0-9a-f]{6};[^"]*">x&lt;y</span>', out)


def test_korean_text_is_preserved(renderer: MarkdownRenderer) -> None:
    result = renderer.render(
        "## 온돌\n\n안녕하세요, **모델**입니다.\n\n```python\nprint('한국어')\n```\n"
    )
    assert "<h2>온돌</h2>" in result.html
    assert "안녕하세요" in result.html and "<strong>모델</strong>" in result.html
    assert result.code_blocks == ["print('한국어')"]
    assert "한국어" in result.html


def test_dark_and_light_code_backgrounds_differ(renderer: MarkdownRenderer) -> None:
    text = "```python\nx = 1\n```\n"
    light, dark = (
        _bgcolors(renderer.render(text).html),
        _bgcolors(renderer.render(text, dark=True).html),
    )
    assert len(light) == len(dark) == 1
    assert light != dark


def test_plain_text_html_escapes() -> None:
    assert plain_text_html("a <b>\nc") == '<p style="white-space: pre-wrap">a &lt;b&gt;\nc</p>'


def test_module_does_not_import_qt() -> None:
    code = (
        "import sys; import app.ui.render.markdown_html, app.ui.render.streaming; "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- streaming -------------------------------------------------------------------------------

DOCUMENT = (
    "# Answer\n\nFirst paragraph\nstill first.\n\n"
    "```python\ndef f():\n\n    return 1\n```\n"
    "After the code.\n\n"
    "~~~\n``` not a close\n\n~~~\n\n"
    "````md\n```\ninner\n\n```\n````\n\n"
    "- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\nlast line without newline"
)


def _feed_in_pieces(text: str, size: int) -> tuple[list[str], str, StreamingMarkdown]:
    stream = StreamingMarkdown()
    blocks = []
    for i in range(0, len(text), size):
        update = stream.feed(text[i : i + size])
        if update.completed:
            blocks.append(update.completed)
    return blocks, stream.finish(), stream


@pytest.mark.parametrize("size", [1, 2, 7, 64, len(DOCUMENT)])
def test_stream_concatenation_equals_input(size: int) -> None:
    blocks, rest, _ = _feed_in_pieces(DOCUMENT, size)
    assert "".join(blocks) + rest == DOCUMENT
    assert rest == "last line without newline"


def test_stream_split_points_do_not_depend_on_chunking() -> None:
    by_char, _, _ = _feed_in_pieces(DOCUMENT, 1)
    whole, _, _ = _feed_in_pieces(DOCUMENT, len(DOCUMENT))
    # Char by char, every block arrives alone; fed whole, they arrive together.
    assert "".join(by_char) == "".join(whole)
    assert by_char[:3] == [
        "# Answer\n\n",
        "First paragraph\nstill first.\n\n",
        "```python\ndef f():\n\n    return 1\n```\n",
    ]


def test_blank_line_inside_fence_does_not_complete() -> None:
    stream = StreamingMarkdown()
    assert stream.feed("Intro\n```python\nx = 1\n\n").completed == ""
    update = stream.feed("y = 2\n``")
    assert update.completed == "" and update.tail.endswith("y = 2\n``")
    assert stream.in_code_fence
    update = stream.feed("`\nnext")
    assert update.completed == "Intro\n```python\nx = 1\n\ny = 2\n```\n"
    assert update.tail == "next"
    assert not stream.in_code_fence


def test_tilde_fence_is_not_closed_by_backticks() -> None:
    stream = StreamingMarkdown()
    assert stream.feed("~~~text\n```\n\n").completed == ""
    assert stream.feed("```\n~~\n\n").completed == ""
    assert stream.feed("~~~\n").completed == "~~~text\n```\n\n```\n~~\n\n~~~\n"


def test_longer_fence_needs_a_long_enough_close() -> None:
    stream = StreamingMarkdown()
    assert stream.feed("````\n```\n\n").completed == ""
    assert stream.feed("````` \n").completed == "````\n```\n\n````` \n"


def test_inline_triple_backticks_do_not_open_a_fence() -> None:
    stream = StreamingMarkdown()
    assert stream.feed("```x``` is inline\n\n").completed == "```x``` is inline\n\n"


def test_tail_before_any_blank_line() -> None:
    stream = StreamingMarkdown()
    update = stream.feed("Hello\n\nWor")
    assert (update.completed, update.tail) == ("Hello\n\n", "Wor")
    assert stream.feed("ld").tail == "World"
    assert stream.finish() == "World"
    assert stream.tail == ""


def test_streaming_scan_is_linear() -> None:
    # ~4,000 "tokens" of a realistic answer: prose paragraphs and long code blocks (the case that
    # a rescanning splitter gets quadratic on), fed in 4,000 chunks.
    prose = "The model streams tokens one at a time, and each one is short. " * 3 + "\n\n"
    code = "```python\n" + "".join(f"value_{i} = compute({i})\n\n" for i in range(60)) + "```\n\n"
    document = (prose * 4 + code) * 8
    pieces = 4000
    step = max(1, len(document) // pieces)
    blocks, rest, stream = _feed_in_pieces(document, step)
    assert "".join(blocks) + rest == document
    assert len(document) // step >= pieces
    assert stream.scanned_chars <= 5 * len(document)
