"""Real document files for tests, written into a given folder: PDFs (text, scanned-like,
encrypted, broken), Word, HTML, Korean legacy text, binary, and large text. Each function
returns the path it wrote. The PDFs are written byte by byte (Helvetica text, a correct xref),
so any page count is quick."""

from __future__ import annotations

from pathlib import Path

KOREAN_TEXT = "온돌은 내 컴퓨터에서 언어 모델을 실행해요.\n\n문서를 첨부하면 질문에 답해요.\n"


def page_text(page: int) -> str:
    """The known text of page ``page`` of ``write_text_pdf`` when no texts are given."""
    return f"Page {page} says the harbour lights number {page * 7}."


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf(contents: list[str], font: bool = True) -> bytes:
    """A PDF with a page per content stream; objects 1 catalog, 2 pages, 3 font."""
    count = len(contents)
    page_ids = [4 + 2 * i for i in range(count)]
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}] /Count {count} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    resources = "/Resources << /Font << /F1 3 0 R >> >> " if font else ""
    for index, content in enumerate(contents):
        data = content.encode("latin-1")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {resources}"
                       f"/Contents {page_ids[index] + 1} 0 R >>")
        objects.append(f"<< /Length {len(data)} >>\nstream\n{content}\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            ).encode("ascii")
    return bytes(out)


def _text_stream(text: str) -> str:
    lines = text.split("\n")
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    return "\n".join(ops)


def write_text_pdf(folder: Path, pages: int | list[str] = 3, name: str = "text.pdf") -> Path:
    """A PDF whose page ``n`` shows ``pages[n - 1]`` (lines split at ``\\n``; Latin-1 only),
    or ``page_text(n)`` for each of ``pages`` pages when a count is given."""
    texts = [page_text(n) for n in range(1, pages + 1)] if isinstance(pages, int) else pages
    path = folder / name
    path.write_bytes(_pdf([_text_stream(text) for text in texts]))
    return path


def write_drawing_pdf(folder: Path, pages: int = 2, name: str = "scan.pdf") -> Path:
    """A PDF whose pages only draw lines: no text layer, like a scan."""
    path = folder / name
    path.write_bytes(_pdf(["0 0 m 300 300 l S\n10 10 200 100 re f"] * pages, font=False))
    return path


def write_encrypted_pdf(folder: Path, user_password: str = "secret",
                        name: str = "locked.pdf") -> Path:
    """A text PDF encrypted with ``pypdf`` (RC4, which needs no extra library); with an empty
    ``user_password`` it only has an owner password and opens without one."""
    from pypdf import PdfReader, PdfWriter

    plain = write_text_pdf(folder, 2, name="plain-" + name)
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    path = folder / name
    with path.open("wb") as handle:
        writer.write(handle)
    plain.unlink()
    return path


def write_broken_pdf(folder: Path, name: str = "broken.pdf") -> Path:
    """A file that starts like a PDF and breaks off in its first object."""
    path = folder / name
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    return path


def write_docx(folder: Path, name: str = "report.docx") -> Path:
    """A Word file: a Heading 1 "Harbour report", a paragraph, a Heading 2 "Lights" with a
    paragraph, and a 2x2 table (Lamp | Colour / North | Green)."""
    import docx

    document = docx.Document()
    document.add_heading("Harbour report", level=1)
    document.add_paragraph("The harbour opened in spring.")
    document.add_heading("Lights", level=2)
    document.add_paragraph("Seven lights guide the ships.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("Lamp", "Colour"), ("North", "Green"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    path = folder / name
    document.save(str(path))
    return path


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Head title</title>
<style>body { color: red; }</style><script>var hidden = "script text";</script></head>
<body><h1>Harbour guide</h1><p>The harbour has <b>seven</b> lights.</p>
<script>document.write("more script")</script>
<h2>Tides</h2><div>High tide comes at noon.<br>Low tide at six.</div>
<ul><li>First &amp; second</li><li>한국어 항목</li></ul></body></html>
"""


def write_html(folder: Path, name: str = "page.html", text: str = HTML_PAGE,
               encoding: str = "utf-8") -> Path:
    """An HTML page with a head, a style, scripts, headings and a list (``HTML_PAGE``)."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def write_cp949_text(folder: Path, name: str = "korean.txt", text: str = KOREAN_TEXT) -> Path:
    """Korean text in the legacy Windows code page cp949 (EUC-KR), as old Korean files are."""
    path = folder / name
    path.write_bytes(text.encode("cp949"))
    return path


def write_binary(folder: Path, name: str = "data.dat", size: int = 4096) -> Path:
    """Bytes that are not text (every byte value, NUL included, repeated)."""
    path = folder / name
    path.write_bytes(bytes(range(256)) * (size // 256 + 1))
    return path


def write_large_text(folder: Path, megabytes: int, name: str = "large.txt") -> Path:
    """A text file of about ``megabytes`` MiB: numbered paragraphs, one MiB written at a time."""
    paragraphs = []
    size = 0
    number = 0
    while size < 1024 * 1024:
        number += 1
        paragraph = f"Paragraph {number}: " + "the tide rises and falls. " * 40 + "\n\n"
        paragraphs.append(paragraph)
        size += len(paragraph)
    block = "".join(paragraphs).encode("ascii")
    path = folder / name
    with path.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(block)
    return path
