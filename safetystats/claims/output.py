"""Presentation of verdict tables: a readable text table, Markdown, JSON and JUnit XML.

Used by ``safetystats check``; each function takes a list of
:class:`FileResult` (one per report) and returns a string.  Nothing here
computes a verdict: the numbers come from :func:`safetystats.claims.check_text`.

Examples
--------
>>> from safetystats.claims import check_text
>>> t = check_text("全年共发生生产安全事故 71 起，同比下降 11.3%。", period=2023)
>>> print(summary_line([FileResult("report.txt", t)]))
1 file, 1 claim: 1 consistent
"""

from __future__ import annotations

import json
import math
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "FileResult",
    "FAILING",
    "format_table",
    "format_markdown",
    "format_json",
    "format_junit",
    "summary_line",
    "exit_code",
    "FORMATS",
]

FORMATS = ("table", "json", "markdown", "junit")
#: Verdicts that make ``safetystats check`` exit 1 (as safetystats.checks.FAILING_VERDICTS).
FAILING = frozenset({"inconsistent", "wrong_direction", "percentage_points"})
_ORDER = ("consistent", "consistent_other_rounding", "consistent_other_vintage", "inconsistent", "wrong_direction",
          "percentage_points", "unverifiable")


@dataclass(frozen=True)
class FileResult:
    """The verdict table of one report, or why it could not be read."""

    source: str
    table: pd.DataFrame | None = None
    error: str | None = None


def _failing() -> frozenset[str]:
    try:
        from ..checks import FAILING_VERDICTS
    except ImportError:  # pragma: no cover - checks is part of the package
        return FAILING
    return frozenset(FAILING_VERDICTS)


def exit_code(results: list[FileResult], *, strict: bool = False) -> int:
    """0 when every claim is consistent, 1 when any is not, 2 when a file could not be read.

    With ``strict=True`` an unverifiable claim and a claim that only another
    rounding rule reproduces also count as failures.

    Examples
    --------
    >>> exit_code([FileResult("a.txt", error="is empty")])
    2
    """
    if not results or any(r.error is not None for r in results):
        return 2
    bad = set(_failing())
    if strict:
        bad |= {"unverifiable", "consistent_other_rounding"}
    for r in results:
        if r.table is not None and len(r.table) and r.table["verdict"].isin(bad).any():
            return 1
    return 0


def summary_line(results: list[FileResult]) -> str:
    """One line: files, claims, and the count of each verdict.

    Examples
    --------
    >>> summary_line([FileResult("a.txt", error="is empty")])
    '1 file, 0 claims; 1 file unreadable'
    """
    n_files = len(results)
    counts: Counter[str] = Counter()
    for r in results:
        if r.table is not None:
            counts.update(r.table["verdict"].tolist())
    n_claims = sum(counts.values())
    head = f"{n_files} file{'s' if n_files != 1 else ''}, {n_claims} claim{'s' if n_claims != 1 else ''}"
    parts = [f"{counts[v]} {v}" for v in _ORDER if counts.get(v)]
    parts += [f"{c} {v}" for v, c in sorted(counts.items()) if v not in _ORDER]
    text = head + (": " + ", ".join(parts) if parts else "")
    bad = sum(1 for r in results if r.error is not None)
    if bad:
        text += f"; {bad} file{'s' if bad != 1 else ''} unreadable"
    return text


# ---------------------------------------------------------------------------
# cell formatting
# ---------------------------------------------------------------------------
def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _num(x: Any, *, decimals: int | None = None) -> str:
    if _missing(x):
        return ""
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if decimals is not None:
        return f"{x:.{decimals}f}"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _pct(x: Any, unit: Any, decimals: Any = None) -> str:
    if _missing(x):
        return ""
    d = None if _missing(decimals) else int(decimals)
    text = _num(x, decimals=d)
    if float(x) > 0 and not text.startswith("+"):
        text = "+" + text
    return text + (" pp" if unit == "pp" else "%")


def _reported(r: dict[str, Any]) -> str:
    kind = r.get("kind")
    if kind == "sum":
        return f"{_num(r.get('value'))} = {r.get('parts') or ''}"
    if kind == "share":
        whole = _num(r.get("base_value"))
        return f"{_num(r.get('reported_pct'))}% of {whole or '?'}"
    if kind == "level":
        if _missing(r.get("reported_pct")):
            return _num(r.get("value"))
        return f"{_num(r.get('reported_pct'))}%"
    change = _pct(r.get("reported_pct"), r.get("pct_unit"), r.get("pct_decimals"))
    if not _missing(r.get("abs_change")):
        sign = "-" if r.get("direction") == "decrease" else "+"
        change = (change + " " if change else "") + f"({sign}{_num(abs(float(r['abs_change'])))})"
    if not change and r.get("direction"):
        change = {"decrease": "down", "increase": "up", "flat": "flat"}.get(r["direction"], r["direction"])
    value = _num(r.get("value"))
    unit = r.get("unit")
    if value and not _missing(unit) and unit not in ("%", "pp"):
        value += str(unit)
    base = _num(r.get("base_value"))
    text = value
    if base:
        text += f" from {base}"
    return f"{text}, {change}" if text and change else text or change


def _recomputed(r: dict[str, Any]) -> str:
    if r.get("kind") == "sum":
        return _num(r.get("parts_sum"))
    # the engine's recomputed_pct is already rounded (exactly) to the decimals the claim was written with
    return _pct(r.get("recomputed_pct"), r.get("pct_unit"), r.get("pct_decimals"))


def _implied(r: dict[str, Any]) -> str:
    lo, hi = r.get("implied_base_min"), r.get("implied_base_max")
    if _missing(lo) and _missing(hi):
        return ""
    if not _missing(lo) and not _missing(hi) and float(lo) == float(hi):
        return _num(lo)
    return f"{_num(lo) or '?'}..{_num(hi) or '?'}"


def _verdict(r: dict[str, Any]) -> str:
    v = str(r.get("verdict"))
    cause = r.get("likely_cause")
    return f"{v} ({cause})" if not _missing(cause) and cause else v


def _p(r: dict[str, Any]) -> str:
    p = r.get("p_value")
    if _missing(p):
        return ""
    p = float(p)
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _claim(r: dict[str, Any]) -> str:
    metric = r.get("metric")
    metric = "" if _missing(metric) else str(metric)
    return f"{r.get('claim_id')} {r.get('kind')} {metric}".strip()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, w = [], 0
    for ch in text:
        cw = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if w + cw > width - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns, broken at spaces where possible (nothing is cut off)."""
    lines: list[str] = []
    rest = text
    while _width(rest) > width:
        w, cut = 0, 0
        for i, ch in enumerate(rest):
            w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
            if w > width:
                break
            cut = i + 1
        cut = max(cut, 1 + len(rest) - len(rest.lstrip()))  # always past the indent: the loop moves on
        space = rest.rfind(" ", 0, cut + 1)
        if space > len(rest) - len(rest.lstrip()):
            cut = space
        lines.append(rest[:cut].rstrip())
        rest = "  " + rest[cut:].lstrip()
    lines.append(rest)
    return lines


def _snippet(r: dict[str, Any], width: int) -> str:
    """The sentence, or the part of it around the claim when it is too long."""
    text = " ".join(str(r.get("text")).split())
    if _width(text) <= width:
        return text
    claim = r.get("claim_text")
    i = text.find(" ".join(str(claim).split())) if not _missing(claim) else -1
    if i <= 0:
        return _fit(text, width)
    lead = max(0, i - 12)
    return _fit(("…" if lead else "") + text[lead:], width)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


_HEADERS = ("line", "claim", "reported", "recomputed", "implied base", "verdict", "p")


def _rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    return table.to_dict("records")


def format_table(results: list[FileResult], *, width: int = 120) -> str:
    """A readable text table per report, each claim followed by its sentence, and a summary line.

    Examples
    --------
    >>> from safetystats.claims import check_text
    >>> t = check_text("全年共发生生产安全事故 71 起，同比下降 11.3%。", period=2023)
    >>> print(format_table([FileResult("report.txt", t)]))  # doctest: +NORMALIZE_WHITESPACE
    report.txt: 1 claim
      line  claim                     reported      recomputed  implied base  verdict     p
      1     L1-1 change 生产安全事故  71起, -11.3%              80            consistent  0.515
            全年共发生生产安全事故 71 起，同比下降 11.3%。
    <BLANKLINE>
    1 file, 1 claim: 1 consistent
    """
    blocks: list[str] = []
    for res in results:
        if res.error is not None:
            blocks.append(f"{res.source}: cannot be read: {res.error}\n")
            continue
        table = res.table if res.table is not None else pd.DataFrame()
        n = len(table)
        lines = [f"{res.source}: {n} claim{'s' if n != 1 else ''}" + ("" if n else " found")]
        if n:
            cells = [[_num(r.get("line")), _fit(_claim(r), 40), _reported(r), _recomputed(r), _implied(r),
                      _verdict(r), _p(r)] for r in _rows(table)]
            widths = [max(_width(h), *(_width(c[i]) for c in cells)) for i, h in enumerate(_HEADERS)]
            lines.append("  " + "  ".join(_pad(h, w) for h, w in zip(_HEADERS, widths, strict=True)).rstrip())
            indent = 2 + widths[0] + 2
            for r, c in zip(_rows(table), cells, strict=True):
                lines.append("  " + "  ".join(_pad(x, w) for x, w in zip(c, widths, strict=True)).rstrip())
                text = r.get("text")
                if not _missing(text):
                    lines.append(" " * indent + _snippet(r, max(20, width - indent)))
                if "match" in r:  # checked against raw data (--against): what the data said
                    from ..reconcile.output import data_line

                    lines.extend(" " * indent + part for part in _wrap(data_line(r), max(20, width - indent)))
        blocks.append("\n".join(lines) + "\n")
    blocks.append(summary_line(results))
    return "\n".join(blocks)


def _md(text: Any) -> str:
    """A Markdown table cell: one line, pipes escaped, empty for a missing value."""
    return "" if _missing(text) else " ".join(str(text).split()).replace("|", "\\|")


def format_markdown(results: list[FileResult]) -> str:
    """One Markdown section and pipe table per report, and the summary line.

    Examples
    --------
    >>> from safetystats.claims import check_text
    >>> t = check_text("全年共发生生产安全事故 71 起，同比下降 11.3%。", period=2023)
    >>> print(format_markdown([FileResult("report.txt", t)]).splitlines()[2])
    | line | claim | sentence | reported | recomputed | implied base | verdict | p |
    """
    out: list[str] = []
    for res in results:
        out.append(f"### {_md(res.source)}")
        out.append("")
        if res.error is not None:
            out.append(f"**Cannot be read:** {_md(res.error)}")
            out.append("")
            continue
        table = res.table if res.table is not None else pd.DataFrame()
        if not len(table):
            out.append("No claims found.")
            out.append("")
            continue
        against = "match" in table.columns  # checked against raw data (--against): one more column
        out.append("| line | claim | sentence | reported | recomputed | implied base | verdict | p |"
                   + (" data |" if against else ""))
        out.append("|---:|---|---|---|---|---|---|---:|" + ("---|" if against else ""))
        for r in _rows(table):
            text = "" if _missing(r.get("text")) else str(r["text"])
            cells = [_num(r.get("line")), _claim(r), text, _reported(r), _recomputed(r), _implied(r),
                     _verdict(r), _p(r)]
            if against:
                from ..reconcile.output import data_line

                cells.append(data_line(r).removeprefix("data: "))
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        out.append("")
    out.append(f"**Summary:** {summary_line(results)}")
    return "\n".join(out)


def _plain(x: Any) -> Any:
    if _missing(x):
        return None
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float) and math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def records(results: list[FileResult]) -> list[dict[str, Any]]:
    """Every claim of every readable report as a plain dict (JSON-ready: NaN is ``None``)."""
    out: list[dict[str, Any]] = []
    for res in results:
        if res.table is None:
            continue
        for r in _rows(res.table):
            row = {k: _plain(v) for k, v in r.items()}
            if row.get("source") is None:
                row["source"] = res.source
            out.append(row)
    return out


def format_json(results: list[FileResult]) -> str:
    """A JSON list of objects: the columns of ``check_claims`` plus ``kind``, ``line``, ``text``, ``source``.

    Examples
    --------
    >>> import json
    >>> from safetystats.claims import check_text
    >>> t = check_text("全年共发生生产安全事故 71 起，同比下降 11.3%。", period=2023)
    >>> obj = json.loads(format_json([FileResult("report.txt", t)]))[0]
    >>> obj["kind"], obj["line"], obj["verdict"], obj["implied_base_min"]
    ('change', 1, 'consistent', 80.0)
    """
    return json.dumps(records(results), ensure_ascii=False, indent=2, allow_nan=False)


def format_junit(results: list[FileResult]) -> str:
    """JUnit XML: one test suite per report, one test case per claim.

    A failing verdict is a ``<failure>``, an unverifiable claim is
    ``<skipped>``, an unreadable report is an ``<error>``.

    Examples
    --------
    >>> from safetystats.claims import check_text
    >>> t = check_text("全年共发生生产安全事故 71 起，同比增长 11.3%。", period=2023)
    >>> xml = format_junit([FileResult("report.txt", t)])
    >>> '<failure' in xml, 'tests="1"' in xml
    (True, True)
    """
    failing = _failing()
    root = ET.Element("testsuites", name="safetystats check")
    tot = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for res in results:
        suite = ET.SubElement(root, "testsuite", name=res.source)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if res.error is not None:
            case = ET.SubElement(suite, "testcase", classname=res.source, name="read")
            err = ET.SubElement(case, "error", message=res.error, type="InputError")
            err.text = res.error
            counts["tests"] += 1
            counts["errors"] += 1
        elif res.table is not None:
            for r in _rows(res.table):
                name = f"{_claim(r)} (line {_num(r.get('line'))})"
                case = ET.SubElement(suite, "testcase", classname=res.source, name=name, file=res.source,
                                     line=_num(r.get("line")))
                counts["tests"] += 1
                verdict = str(r.get("verdict"))
                detail = (f"{_verdict(r)}: reported {_reported(r)}; recomputed {_recomputed(r) or '-'}; "
                          f"implied base {_implied(r) or '-'}; p {_p(r) or '-'}\n"
                          f"{'' if _missing(r.get('note')) else r['note']}\n"
                          f"{'' if _missing(r.get('text')) else r['text']}")
                if verdict in failing:
                    f = ET.SubElement(case, "failure", message=_verdict(r), type=verdict)
                    f.text = detail
                    counts["failures"] += 1
                elif verdict == "unverifiable":
                    ET.SubElement(case, "skipped", message="" if _missing(r.get("note")) else str(r["note"]))
                    counts["skipped"] += 1
                else:
                    out = ET.SubElement(case, "system-out")
                    out.text = detail
        for k, v in counts.items():
            suite.set(k, str(v))
            tot[k] += v
    for k, v in tot.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
