"""Reading a report: plain text in any common encoding, PDF (text layer) and HTML.

``read_report`` returns the text and says where it came from.  Every way a
file can be unreadable is an :class:`~safetystats.errors.InputError` that names
the file and the fix: missing, a folder, empty, binary (a Word or image file),
an unknown text encoding, a damaged or encrypted PDF, a PDF without a text
layer (a scan).

Examples
--------
>>> import io
>>> r = read_report(io.BytesIO("全年共发生事故 71 起。".encode("gbk")))
>>> r.text, r.encoding, r.format
('全年共发生事故 71 起。', 'gb18030', 'text')
>>> read_report(io.BytesIO(b"<p>Deaths fell <b>3.7%</b>.</p>")).text
'Deaths fell 3.7%.'
"""

from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from ..errors import InputError, ParameterError
from ..io import decode_bytes

__all__ = ["Report", "read_report", "REPORT_SUFFIXES"]

#: File name endings read as reports (folders are searched for these).
REPORT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".pdf": "pdf", ".html": "html", ".htm": "html",
                   ".xhtml": "html"}
_FORMATS = ("text", "pdf", "html")
_SIGNATURES = [
    (b"PK\x03\x04", "a ZIP container (a Word .docx, Excel .xlsx or other Office file)",
     "save the report as PDF or plain text (UTF-8) first"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc / .xls)", "save the report as PDF or plain text (UTF-8) first"),
    (b"\x89PNG", "a PNG image", "run OCR on it first, or use the PDF / text version of the report"),
    (b"\xff\xd8\xff", "a JPEG image", "run OCR on it first, or use the PDF / text version of the report"),
    (b"GIF8", "a GIF image", "use the PDF / text version of the report"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"{\\rtf", "an RTF document", "save the report as PDF or plain text (UTF-8) first"),
]


@dataclass(frozen=True)
class Report:
    """The text of a report and where it came from.

    Attributes
    ----------
    text : str
        The text; for a PDF its pages joined with a blank line, for HTML the
        visible text with one line per block.  Line numbers of claims refer to
        this text.
    source : str or None
        The file name.
    format : str
        ``text``, ``pdf`` or ``html``.
    encoding : str or None
        The text encoding detected (``utf-8``, ``utf-8-sig``, ``utf-16``,
        ``gb18030``, or ``cp1252`` for a mostly-ASCII English file that is
        none of these); ``None`` for PDF.
    pages : int or None
        Number of PDF pages.
    """

    text: str
    source: str | None
    format: str
    encoding: str | None = None
    pages: int | None = None


def read_report(
    source: str | os.PathLike[str] | IO[bytes] | bytes,
    *,
    encoding: str | None = None,
    format: str | None = None,
) -> Report:
    """Read a report file (.txt in any common encoding, .pdf, .html).

    Parameters
    ----------
    source : path, bytes or binary file object
        The report.
    encoding : str, optional
        Force a text encoding (otherwise UTF-8, UTF-8 with BOM, UTF-16 with
        BOM and GB18030/GBK are detected).
    format : {"text", "pdf", "html"}, optional
        Force the format (otherwise taken from the file name ending, or
        from the content: ``%PDF`` or an HTML tag).

    Returns
    -------
    Report

    Raises
    ------
    InputError
        When the file cannot be read; the message names the file and the fix.

    Examples
    --------
    >>> import io
    >>> read_report(io.BytesIO("\\ufeffDeaths fell 3.7%.".encode("utf-8"))).encoding
    'utf-8-sig'
    """
    if format is not None and format not in _FORMATS:
        raise ParameterError(f"format={format!r}; choose one of {', '.join(_FORMATS)}")
    name: str | None
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), None
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        name = str(source)
        if not path.exists():
            raise InputError("file not found; check the path", file=name)
        if path.is_dir():
            raise InputError("is a folder, not a file (the command line checks every report in a folder)",
                             file=name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot be read: {exc.strerror or exc}", file=name) from None
        if format is None:
            format = REPORT_SUFFIXES.get(path.suffix.lower())
    elif hasattr(source, "read"):
        raw = source.read()
        fname = getattr(source, "name", None)
        name = str(fname) if isinstance(fname, str | os.PathLike) else None
        if isinstance(raw, str):
            return Report(raw, name, format or "text")
        data = bytes(raw)
        if format is None and name:
            format = REPORT_SUFFIXES.get(Path(name).suffix.lower())
    else:
        raise ParameterError(f"read_report needs a path, bytes or a binary file, got {type(source).__name__}")
    if not data.strip():
        raise InputError("is empty: there is no text to check", file=name)
    if format is None:
        format = _sniff(data)
    if format == "pdf":
        return _read_pdf(data, name)
    _refuse_binary(data, name)
    text, enc = _decode(data, name, encoding)
    if format == "html":
        return Report(html_to_text(text), name, "html", enc)
    return Report(text, name, "text", enc)


def _sniff(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<!doctype html", b"\xef\xbb\xbf<html")) or (
            b"<html" in low or b"<body" in low or b"<p>" in low or b"<div" in low):
        return "html"
    return "text"


def _refuse_binary(data: bytes, name: str | None) -> None:
    for magic, what, fix in _SIGNATURES:
        if data.startswith(magic):
            raise InputError(f"is {what}, not a text, PDF or HTML report: {fix}", file=name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a byte-order mark has NUL bytes by design
    if b"\x00" in data[:65536]:
        raise InputError("is a binary file, not a text, PDF or HTML report; save the report as plain text "
                         "(UTF-8) or PDF", file=name)


def _decode(data: bytes, name: str | None, encoding: str | None) -> tuple[str, str]:
    if encoding is None:
        declared = re.search(rb"<meta[^>]{0,200}charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
        if declared:
            enc = declared.group(1).decode("ascii").lower()
            if enc not in ("utf-8", "utf8", "gb2312", "gbk", "gb18030"):
                encoding = enc
    try:
        return decode_bytes(data, file=name, encoding=encoding)
    except InputError:
        if encoding is not None:
            raise
        high = sum(1 for byte in data[:200_000] if byte >= 0x80)
        if high <= 0.2 * min(len(data), 200_000):
            try:  # an English report saved by Windows (café, £, – as single bytes)
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
        raise InputError("is in an unknown text encoding (not UTF-8, UTF-16 or GB18030/GBK); save it as UTF-8, "
                         "or name the encoding (--encoding big5, encoding='big5')", file=name) from None


def _read_pdf(data: bytes, name: str | None) -> Report:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError("reading PDF needs the pypdf package: pip install pypdf", file=name) from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # any failure means we cannot open it
                ok = 0
            if not ok:
                raise InputError("is an encrypted PDF; save an unprotected copy first", file=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise InputError(f"is not a readable PDF ({type(exc).__name__}: {exc}); open it in a PDF reader and "
                         "save it again, or use the text version", file=name) from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not re.search(r"\w", text):
        raise InputError(f"is a PDF with no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of "
                         "images, such as a scan): run OCR on it first (for example ocrmypdf) or use the text "
                         "version of the report", file=name)
    return Report(text, name, "pdf", None, len(pages))


_BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
                    "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "td", "th", "title",
                    "caption", "figcaption", "main", "aside", "nav", "dl", "tbody", "thead"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n\xa0]+", " ", data))


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one line per block element.

    Examples
    --------
    >>> html_to_text("<html><head><title>t</title><style>p{}</style></head>"
    ...              "<body><p>事故 71 起，</p><p>下降 11.3%。</p><script>x=1</script></body></html>")
    '事故 71 起，\\n下降 11.3%。'
    """
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is lenient
        pass
    text = "".join(parser.parts)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())
