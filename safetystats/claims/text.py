"""From raw report text to sentences, keeping every position traceable to the source.

Text extracted from a PDF breaks sentences across lines and pages, and may
split the digits of a number over two lines.  :func:`prepare` joins the lines
back (no space between Chinese characters or between the halves of a Chinese
number, a space between English words, a hyphenated English word re-joined),
normalises characters one for one (:func:`~safetystats.claims.numerals.normalize_chars`)
and keeps, for every character of the joined text, its position in the
original, so a claim's line number and span point into the text as given.

Examples
--------
>>> doc = prepare("全年共发生事故 71 起、死亡 50 人，分别下降 11.3%和\\n\\n10.7%。")
>>> [s.text for s in doc.sentences()]
['全年共发生事故 71 起、死亡 50 人，分别下降 11.3%和10.7%。']
>>> doc.line_of(doc.joined.index("10.7"))
3
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .numerals import is_cjk, normalize_chars

__all__ = ["Document", "Sentence", "prepare", "MAX_SENTENCE"]

#: Sentences longer than this (characters) are cut into pieces at a comma or space,
#: so that no pattern ever works on an unbounded string.
MAX_SENTENCE = 1200

_BREAK = re.compile(r"\n\s*")
_TERMINAL = frozenset("。！？!?；;")
_ABBREVIATIONS = frozenset({
    "u.s", "u.k", "e.g", "i.e", "no", "nos", "dr", "mr", "mrs", "ms", "vs", "etc", "approx", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "fig",
    "st", "p", "pp", "vol", "art", "sec", "est", "govt", "dept",
})
_SPLIT = re.compile(r"[。！？!?；;\n][”’\"』」)）]*|\.[\"”’)）]*(?=\s|$|[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the joined text.

    Attributes
    ----------
    text : str
        The normalised text (full-width → ASCII, traditional → simplified).
    raw : str
        The same sentence with the original characters (lines joined).
    start : int
        Offset of the sentence in the joined text.
    index : int
        Position of the sentence in the document (0, 1, …).
    """

    text: str
    raw: str
    start: int
    index: int


class Document:
    """Joined, normalised text with a map back to the original positions.

    Use :func:`prepare` to build one.
    """

    def __init__(self, original: str, joined_raw: str, joined: str, pos: np.ndarray, chinese: bool) -> None:
        self.original = original
        self.joined_raw = joined_raw
        self.joined = joined
        self.pos = pos
        self.chinese = chinese
        newlines = np.flatnonzero(np.frombuffer(original.encode("utf-32-le"), dtype=np.uint32) == 10)
        self._line_starts = np.concatenate([[0], newlines + 1]).astype(np.int64)

    def source_pos(self, j: int) -> int:
        """Position in the original text of character ``j`` of the joined text."""
        if len(self.pos) == 0:
            return 0
        j = min(max(j, 0), len(self.pos) - 1)
        return int(self.pos[j])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the joined-text span ``[start, end)``."""
        if end <= start:
            s = self.source_pos(start)
            return s, s
        return self.source_pos(start), self.source_pos(end - 1) + 1

    def line_of(self, j: int) -> int:
        """1-based line number in the original text of joined-text character ``j``."""
        return int(np.searchsorted(self._line_starts, self.source_pos(j), side="right"))

    def sentences(self) -> list[Sentence]:
        """The sentences of the document, in order (long ones cut into pieces)."""
        return list(_iter_sentences(self))


def _chinese_share(text: str) -> float:
    sample = text[:200_000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return cjk / (cjk + latin) if cjk + latin else 0.0


def prepare(text: str) -> Document:
    """Join broken lines, normalise characters and keep the offset map.

    Parameters
    ----------
    text : str
        The report text as read.

    Returns
    -------
    Document

    Examples
    --------
    >>> prepare("fatal work injuries were re-\\ncorded, a 3.7-percent\\ndecrease").joined
    'fatal work injuries were recorded, a 3.7-percent decrease'
    """
    norm = normalize_chars(text)
    chinese = _chinese_share(norm) >= 0.3
    parts_norm: list[str] = []
    parts_raw: list[str] = []
    positions: list[np.ndarray] = []
    cursor = 0
    for m in _BREAK.finditer(norm):
        a, b = m.start(), m.end()
        while a > cursor and norm[a - 1] == " ":  # spaces before the line break
            a -= 1
        prev = norm[a - 1] if a > 0 else ""
        nxt = norm[b] if b < len(norm) else ""
        keep_end = a
        line = norm[norm.rfind("\n", 0, a) + 1:a].strip()
        if not prev or not nxt or prev in _TERMINAL or _is_heading(line):
            joiner = "\n"
        elif is_cjk(prev) or is_cjk(nxt):
            joiner = ""
        elif prev.isdigit() and nxt.isdigit():
            joiner = "" if chinese else " "
        elif chinese and prev in ".," and nxt.isdigit() and a >= 2 and norm[a - 2].isdigit():
            joiner = ""  # 11.\n3% or 124,\n036: a number broken across lines
        elif prev == "." and a >= 2 and (norm[a - 2].isalnum() or norm[a - 2] in ")%\"”’") \
                and not _is_abbreviation(norm, a - 1):
            joiner = "\n"  # a full stop at the end of a line ends the sentence
        elif prev == "-" and a >= 2 and norm[a - 2].isalpha() and nxt.islower():
            joiner = ""
            keep_end = a - 1  # drop the hyphen of a word broken across lines
        elif prev == "." and not chinese:
            joiner = "\n"
        else:
            joiner = " "
        parts_norm.append(norm[cursor:keep_end])
        parts_raw.append(text[cursor:keep_end])
        positions.append(np.arange(cursor, keep_end, dtype=np.int64))
        if joiner:
            parts_norm.append(joiner)
            parts_raw.append(joiner)
            positions.append(np.array([a], dtype=np.int64))
        cursor = b
    parts_norm.append(norm[cursor:])
    parts_raw.append(text[cursor:])
    positions.append(np.arange(cursor, len(norm), dtype=np.int64))
    pos = np.concatenate(positions) if positions else np.zeros(0, dtype=np.int64)
    return Document(text, "".join(parts_raw), "".join(parts_norm), pos, chinese)


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、])")


def _is_heading(line: str) -> bool:
    """A short line without clause punctuation (a title or heading) ends where it is."""
    if not line or len(line) > 30 or line[-1].isdigit() or line[-1] in ".-%":
        return False
    body = _ENUMERATOR.sub("", line)
    return not re.search(r"[，,。；;：:、]", body)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the ``.`` at ``dot`` ends an abbreviation (U.S., No., Jan.) or a decimal."""
    if dot + 1 < len(text) and text[dot + 1].isdigit():
        return True
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith", "U.S."


def _sentence_ends(text: str) -> Iterator[int]:
    """Where each sentence of ``text`` ends.

    At each break of ``_SPLIT`` (a full stop only when it ends no abbreviation and no lower-case word
    follows), and at the end of the text.
    """
    last = 0
    for m in _SPLIT.finditer(text):
        end = m.end()
        dot = m.group().startswith(".")
        if dot and _is_abbreviation(text, m.start()):
            continue
        if dot and end < len(text):
            rest = text[end:end + 3].lstrip(" \"”’)")
            if rest[:1].islower():
                continue
        yield end
        last = end
    if last < len(text):
        yield len(text)


def _iter_sentences(doc: Document) -> Iterator[Sentence]:
    text = doc.joined
    start = 0
    index = 0
    for end in _sentence_ends(text):
        for piece_start, piece_end in _cut(text, start, end):
            piece = text[piece_start:piece_end]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                yield Sentence(piece.strip(), doc.joined_raw[piece_start + lead:piece_start + lead + len(piece.strip())],
                               piece_start + lead, index)
                index += 1
        start = end


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most :data:`MAX_SENTENCE` characters."""
    while end - start > MAX_SENTENCE:
        window = text[start:start + MAX_SENTENCE]
        cut = max(window.rfind("，"), window.rfind(","), window.rfind("、"), window.rfind(" "))
        stop = start + cut + 1 if cut > MAX_SENTENCE // 2 else start + MAX_SENTENCE
        yield start, stop
        start = stop
    yield start, end
