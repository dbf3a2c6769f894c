"""``extract_claims``: report text in, a validated claims frame out."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..errors import ParameterError, SafetyStatsError
from ..periods import parse_period
from ..schemas import validate
from . import en, zh
from ._core import assemble
from .metrics import document_region, document_year, metric_key
from .text import prepare

__all__ = ["extract_claims", "CLAIM_COLUMNS"]

#: Columns of the frame returned by :func:`extract_claims`, in order.
CLAIM_COLUMNS = [
    "claim_id", "kind", "metric", "metric_key", "region", "period", "base_period", "value", "value_decimals",
    "value_approximate", "base_value", "base_decimals", "reported_pct", "pct_decimals", "pct_unit", "direction",
    "abs_change", "abs_change_decimals", "parts", "parts_approximate", "unit", "rounding", "source", "line",
    "span_start", "span_end", "source_text",
]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CARRY = re.compile(r"^(?:(?:while|and|but|however,?)\s+)?(?:this|that|it|these|the\s+figure|this\s+figure|"
                    r"an?\s+(?:decrease|increase|decline|drop|fall|rise|reduction)\s+of)\b", re.I)


def extract_claims(
    text: str,
    *,
    source: str | None = None,
    region: str | None = None,
    period: str | int | None = None,
) -> pd.DataFrame:
    """Find every checkable claim in a report's text.

    Reads Chinese and English: percentage changes (with the counts they refer
    to, the absolute change and the base when given), part-whole sums
    (其中 / of which), shares (占 … % / accounting for …) and level statements
    (出庭应诉率100%, 零败诉), which are reported but never checked as changes.

    Parameters
    ----------
    text : str
        The report text (as read by :func:`read_report`, or any string).
        Lines broken by PDF extraction are joined back.
    source : str, optional
        Where the text came from (a file name), kept in the ``source`` column.
    region : str, optional
        The region a claim belongs to when its sentence says 全市 / 全省 or
        nothing.  By default it is read from the report's title
        (``苏州市应急管理局`` → 苏州市).
    period : str or int, optional
        The report's period, for 全年 / 今年 and for sentences without a year.
        By default it is read from a Chinese report's title
        (``2023 年 … 工作报告`` → 2023).

    Returns
    -------
    pandas.DataFrame
        One row per claim, validated with :class:`safetystats.schemas.Claims`;
        columns :data:`CLAIM_COLUMNS`.  ``line`` is the 1-based line and
        ``span_start``/``span_end`` the character span in ``text``;
        ``source_text`` is the sentence with its line breaks joined.

    Raises
    ------
    ParameterError
        When ``text`` is not a string (read files with :func:`read_report`).

    Examples
    --------
    >>> claims = extract_claims("全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。", period=2023)
    >>> claims[["claim_id", "kind", "metric_key", "value", "reported_pct", "direction", "base_period"]]
      claim_id    kind metric_key  value  reported_pct direction base_period
    0     L1-1  change  accidents   71.0          11.3  decrease        2022
    1     L1-2  change     deaths   50.0          10.7  decrease        2022
    >>> extract_claims("There were 5,283 fatal work injuries in 2023, a 3.7-percent decrease "
    ...                "from 5,486 in 2022.")[["value", "base_value", "reported_pct", "period", "base_period"]]
        value  base_value  reported_pct period base_period
    0  5283.0      5486.0           3.7   2023        2022
    """
    records = _records(text, source=source, region=region, period=period)
    frame = _frame(records)
    if not records:
        return frame  # already typed as the schema makes it (checked in the tests)
    return validate(frame, kind="claims")


def _records(text: str, *, source: str | None, region: str | None, period: str | int | None) -> list[dict[str, Any]]:
    """The claims of ``text`` as plain records (no frame, no validation)."""
    if isinstance(text, bytes | bytearray):
        raise ParameterError("extract_claims needs text (str), got bytes: read the file with read_report(path) "
                             "or decode it first")
    if not isinstance(text, str):
        raise ParameterError(f"extract_claims needs text (str), got {type(text).__name__}")
    if period is not None:
        try:
            doc_period: str | None = parse_period(period).label
        except (SafetyStatsError, ValueError, TypeError) as exc:
            raise ParameterError(f"period={period!r} is not a period: {exc}") from None
    else:
        doc_period = None
    doc = prepare(text)
    year = doc_period or (document_year(text) if doc.chinese else None)
    doc_region = region if region is not None else document_region(text)
    records: list[dict[str, Any]] = []
    carry: list = []
    for sentence in doc.sentences():
        s = sentence.text
        if not any(ch.isdigit() for ch in s) and "百分之" not in s and "千分之" not in s and "零" not in s \
                and not re.search(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                                  r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b", s, re.I):
            continue
        chinese = len(_CJK.findall(s)) >= 2
        module = zh if chinese else en
        mentions, ctx = module.detect(s, doc_year=year, region=doc_region)
        if not chinese and _CARRY.match(s):
            ctx.carry_values = carry
        found = assemble(s, mentions, ctx)
        carry = [m for m in mentions if m.kind == "value"][:1]  # the sentence's first figure
        for c in found:
            records.append(_locate(c, sentence, doc, source))
    return records


def _locate(c: dict[str, Any], sentence: Any, doc: Any, source: str | None) -> dict[str, Any]:
    start, end = c.pop("_start"), c.pop("_end")
    metric = c.get("metric")
    if metric:
        i = sentence.text.rfind(metric, 0, start)
        if i < 0:
            i = sentence.text.find(metric)
        if i >= 0:
            metric = sentence.raw[i:i + len(metric)]  # the words as written (traditional characters too)
            if i < start and start - i <= 80:
                start = i
    c["metric"] = metric
    a, b = sentence.start + start, sentence.start + end
    span_start, span_end = doc.source_span(a, b)
    c["metric_key"] = metric_key(c.get("metric") and _normalised(c["metric"]))
    c["line"] = doc.line_of(a)
    c["span_start"] = span_start
    c["span_end"] = span_end
    c["source_text"] = sentence.raw
    c["source"] = source
    return c


def _normalised(text: str) -> str:
    from .numerals import normalize_chars

    return normalize_chars(text)


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    records.sort(key=lambda r: (r["line"], r["span_start"], r["span_end"]))
    counters: dict[int, int] = {}
    for r in records:
        counters[r["line"]] = counters.get(r["line"], 0) + 1
        r["claim_id"] = f"L{r['line']}-{counters[r['line']]}"
    frame = pd.DataFrame.from_records(records, columns=CLAIM_COLUMNS)
    for col in ("value_approximate", "parts_approximate"):
        frame[col] = frame[col].astype("boolean")
    for col in ("value_decimals", "base_decimals", "pct_decimals", "abs_change_decimals", "line", "span_start",
                "span_end"):
        frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
    for col in ("value", "base_value", "reported_pct", "abs_change"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    for col in ("claim_id", "kind", "metric", "metric_key", "region", "period", "base_period", "pct_unit", "direction",
                "parts", "unit", "rounding", "source", "source_text"):
        frame[col] = pd.Series(frame[col].tolist(), index=frame.index, dtype="str")
    return frame
