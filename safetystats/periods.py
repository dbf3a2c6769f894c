"""Periods: years, months, quarters, split years and year-to-date spans.

Every frame in safetystats keeps its period as one canonical string:

==============  ===============  =========================================
kind            canonical form   accepted input (examples)
==============  ===============  =========================================
``year``        ``2023``         2023, "2023", "2023年", "2023.0"
``month``       ``2023-07``      "2023-7", "2023/07", "2023年7月", "2023M07",
                                 a ``datetime`` / ``Timestamp``
``quarter``     ``2023Q3``       "2023Q3", "2023 Q3", "2023年第三季度"
``split_year``  ``2022/23``      "2022/23", "2022-23", "2022/2023", "2022–23"
``ytd``         ``2023-01..09``  "2023年1-9月", "2023年1至9月", "2023年前三季度",
                                 "2023Q1-Q3"
==============  ===============  =========================================

A split year such as the UK's April–March ``2022/23`` is ordered by its first
calendar year.  ``2010/11`` is read as a split year (11 follows 10); in a
column that also holds an unambiguous month (``2010/07``) it is read as a month.

Examples
--------
>>> parse_period("2023年7月").label
'2023-07'
>>> parse_period("2022/23").label
'2022/23'
>>> parse_period("2023年1-9月").label
'2023-01..09'
>>> canonical_periods(["2021", 2022, "2023年"]).tolist()
['2021', '2022', '2023']
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import InputError, ParameterError

__all__ = [
    "Period",
    "parse_period",
    "canonical_periods",
    "period_ordinals",
    "period_kind",
    "previous_period",
    "same_period_last_year",
]

PeriodKind = Literal["year", "month", "quarter", "split_year", "ytd"]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True, order=True)
class Period:
    """One parsed period.

    Attributes
    ----------
    kind : str
        ``year``, ``month``, ``quarter``, ``split_year`` or ``ytd``.
    year : int
        The calendar year (the first one of a split year).
    sub : int
        Month (1-12) for ``month``, quarter (1-4) for ``quarter``, the first
        month for ``ytd``; 0 otherwise.
    end : int
        The last month of a ``ytd`` span; 0 otherwise.
    """

    kind: str
    year: int
    sub: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        """The canonical string form."""
        if self.kind == "year":
            return f"{self.year:d}"
        if self.kind == "month":
            return f"{self.year:d}-{self.sub:02d}"
        if self.kind == "quarter":
            return f"{self.year:d}Q{self.sub:d}"
        if self.kind == "split_year":
            return f"{self.year:d}/{(self.year + 1) % 100:02d}"
        return f"{self.year:d}-{self.sub:02d}..{self.end:02d}"

    @property
    def ordinal(self) -> int:
        """An integer that increases by one from one period to the next of its kind."""
        if self.kind == "month":
            return self.year * 12 + self.sub - 1
        if self.kind == "quarter":
            return self.year * 4 + self.sub - 1
        return self.year

    def shift(self, n: int) -> Period:
        """The period ``n`` steps later (earlier when negative) of the same kind."""
        if self.kind == "month":
            o = self.ordinal + n
            return Period("month", o // 12, o % 12 + 1)
        if self.kind == "quarter":
            o = self.ordinal + n
            return Period("quarter", o // 4, o % 4 + 1)
        return Period(self.kind, self.year + n, self.sub, self.end)

    def __str__(self) -> str:
        return self.label


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.replace("—", "-").replace("–", "-").replace("~", "-").replace("～", "-")
    return re.sub(r"\s+", "", text)


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    if s.startswith("十") and len(s) == 2:
        return 10 + _CN_DIGITS[s[1]]
    raise ValueError(s)


_YEAR = r"(?P<y>(?:1[89]|2[01])\d\d)"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_YEAR}(?:\.0+)?(?:年度?)?$"), "year"),
    (re.compile(rf"^{_YEAR}(?:年|-|/|\.|M)(?P<m>\d{{1,2}})月?$", re.I), "month_or_split"),
    (re.compile(rf"^{_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:T.*|\d\d:.*)?$"), "date"),
    (re.compile(rf"^{_YEAR}年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日$"), "date"),
    (re.compile(rf"^{_YEAR}(?:年)?-?Q(?P<q>[1-4])$", re.I), "quarter"),
    (re.compile(rf"^{_YEAR}年?第(?P<q>[一二三四1-4])季度$"), "quarter"),
    (re.compile(rf"^{_YEAR}(?:/|-|年)(?P<y2>\d{{2}}|\d{{4}})年?度?$"), "split"),
    (re.compile(rf"^{_YEAR}年?(?P<a>\d{{1,2}}|[一二三四五六七八九十]+)(?:月)?(?:-|至|到)(?P<b>\d{{1,2}}|[一二三四五六七八九十]+)月(?:份)?$"), "ytd"),
    (re.compile(rf"^{_YEAR}-(?P<a>\d{{2}})\.\.(?P<b>\d{{2}})$"), "ytd"),
    (re.compile(rf"^{_YEAR}年?前(?P<q>[一二三四1-4])季度$"), "ytd_q"),
    (re.compile(rf"^{_YEAR}Q1-Q?(?P<q>[1-4])$", re.I), "ytd_q"),
    (re.compile(rf"^{_YEAR}年?(?:上半年|H1)$", re.I), "h1"),
]


def _parse_one(value: Any, *, prefer: str | None = None) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
        ts = pd.Timestamp(value)
        return Period("month", ts.year, ts.month)
    if isinstance(value, pd.Period):
        freq = value.freqstr.upper()
        if freq.startswith("Y") or freq.startswith("A"):
            return Period("year", value.year)
        if freq.startswith("Q"):
            return Period("quarter", value.year, value.quarter)
        return Period("month", value.year, value.month)
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("a boolean is not a period")
    if isinstance(value, (int, np.integer)):
        text = str(int(value))
    elif isinstance(value, (float, np.floating)):
        if not np.isfinite(value) or value != int(value):
            raise ValueError("not a whole year")
        text = str(int(value))
    elif isinstance(value, str):
        text = _clean(value)
    else:
        raise ValueError(f"cannot read a period from {type(value).__name__}")
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        y = int(m.group("y"))
        if kind == "year":
            return Period("year", y)
        if kind == "month_or_split":
            a = int(m.group("m"))
            is_next = a == (y + 1) % 100
            if "年" in text or text.upper()[4] == "M" or "." in text:
                if 1 <= a <= 12:
                    return Period("month", y, a)
                raise ValueError(f"month {a} is not 1-12")
            if a > 12:
                if is_next:
                    return Period("split_year", y)
                raise ValueError(f"{a} is neither a month (1-12) nor the year after {y}")
            if is_next:
                choice = prefer or ("split_year" if text[4] == "/" else "month")
                if choice == "split_year":
                    return Period("split_year", y)
            if a >= 1:
                return Period("month", y, a)
            raise ValueError(f"{a} is neither a month (1-12) nor the year after {y}")
        if kind == "date":
            return Period("month", y, int(m.group("m")))
        if kind == "quarter":
            return Period("quarter", y, _cn_int(m.group("q")))
        if kind == "split":
            y2 = int(m.group("y2"))
            if y2 == y + 1 or y2 == (y + 1) % 100:
                return Period("split_year", y)
            raise ValueError(f"{text!r}: the second year must follow {y}")
        if kind == "ytd":
            a, b = _cn_int(m.group("a")), _cn_int(m.group("b"))
            if not 1 <= a <= b <= 12:
                raise ValueError(f"months {a}-{b} are not a span within one year")
            return Period("ytd", y, a, b)
        if kind == "ytd_q":
            return Period("ytd", y, 1, 3 * _cn_int(m.group("q")))
        if kind == "h1":
            return Period("ytd", y, 1, 6)
    raise ValueError("not a recognised period")


def parse_period(value: Any) -> Period:
    """Parse one period written in any of the accepted forms.

    Parameters
    ----------
    value : str, int, float, datetime-like or Period
        The period as written.

    Returns
    -------
    Period

    Raises
    ------
    InputError
        When the value is not a period; the message lists the accepted forms.

    Examples
    --------
    >>> parse_period(2023)
    Period(kind='year', year=2023, sub=0, end=0)
    >>> parse_period("2023年第三季度").label
    '2023Q3'
    """
    try:
        return _parse_one(value)
    except ValueError as exc:
        raise InputError(
            f"{value!r} is not a period ({exc}). Write a year (2023), a month (2023-07), "
            "a quarter (2023Q3), a split year (2022/23) or a span (2023年1-9月)."
        ) from None


def _parse_column(values: pd.Series) -> tuple[list[Period | None], dict[Any, str]]:
    """Parse a column; ambiguous ``YYYY/NN`` values follow the rest of the column."""
    texts = values.tolist()
    sure: set[str] = set()
    for v in texts:
        try:
            as_month, as_split = _parse_one(v, prefer="month"), _parse_one(v, prefer="split_year")
        except ValueError:
            continue
        if as_month == as_split:
            sure.add(as_month.kind)
    prefer: str | None = None
    if "month" in sure and "split_year" not in sure:
        prefer = "month"
    elif "split_year" in sure and "month" not in sure:
        prefer = "split_year"
    out: list[Period | None] = []
    errors: dict[Any, str] = {}
    for idx, v in zip(values.index, texts, strict=True):
        if v is None or (not isinstance(v, (str, Period)) and pd.isna(v)):
            out.append(None)
            errors[idx] = "the period is empty"
            continue
        try:
            out.append(_parse_one(v, prefer=prefer))
        except ValueError as exc:
            out.append(None)
            errors[idx] = f"{v!r} is not a period ({exc})"
    return out, errors


def canonical_periods(values: Any, *, column: str = "period", file: str | None = None) -> pd.Series:
    """Turn a column of periods into their canonical strings.

    Parameters
    ----------
    values : array-like
        Periods in any accepted form; a pandas Series keeps its index.
    column, file : str, optional
        Used in the error message.

    Returns
    -------
    pandas.Series
        Canonical period strings (string dtype), same index as ``values``.

    Raises
    ------
    InputError
        Naming the first row that is not a period.

    Examples
    --------
    >>> canonical_periods(["2010/11", "2011/12"]).tolist()
    ['2010/11', '2011/12']
    >>> canonical_periods(["2010/11", "2010/12", "2011/01"]).tolist()
    ['2010-11', '2010-12', '2011-01']
    """
    s = values if isinstance(values, pd.Series) else pd.Series(list(values))
    parsed, errors = _parse_column(s)
    if errors:
        idx, msg = next(iter(errors.items()))
        raise InputError(
            f"{msg}. Write a year (2023), a month (2023-07), a quarter (2023Q3), "
            "a split year (2022/23) or a span (2023年1-9月).",
            file=file,
            row=idx if isinstance(idx, (int, np.integer)) else None,
            column=column,
        )
    return pd.Series([p.label for p in parsed], index=s.index, dtype="str", name=s.name)


def period_kind(values: Any) -> str:
    """The one kind shared by all periods in ``values``.

    Raises
    ------
    ParameterError
        When the periods mix kinds (years with months, say).

    Examples
    --------
    >>> period_kind(["2021", "2022"])
    'year'
    """
    kinds = {parse_period(v).kind for v in values}
    if len(kinds) != 1:
        raise ParameterError(f"periods mix kinds {sorted(kinds)}; use one kind per series")
    return kinds.pop()


def period_ordinals(values: Any) -> np.ndarray:
    """Consecutive-integer positions of periods (years as years, months as year*12+m-1).

    Examples
    --------
    >>> period_ordinals(["2023-11", "2023-12", "2024-01"]).tolist()
    [24286, 24287, 24288]
    """
    s = values if isinstance(values, pd.Series) else pd.Series(list(values))
    parsed, errors = _parse_column(s)
    if errors:
        raise InputError(next(iter(errors.values())))
    return np.array([p.ordinal for p in parsed], dtype=np.int64)


def previous_period(value: Any) -> Period:
    """The period just before (环比): the previous year, month or quarter.

    Examples
    --------
    >>> previous_period("2024-01").label
    '2023-12'
    """
    return parse_period(value).shift(-1)


def same_period_last_year(value: Any) -> Period:
    """The same period a year earlier (同比).

    Examples
    --------
    >>> same_period_last_year("2023年1-9月").label
    '2022-01..09'
    >>> same_period_last_year("2024-03").label
    '2023-03'
    """
    p = parse_period(value)
    return Period(p.kind, p.year - 1, p.sub, p.end)
