"""The raw counts a report is checked against, as one long table of figures.

:func:`data_facts` turns what the user holds - a wide accidents frame
(``period, accidents, deaths …``), a long indicators frame (``period,
indicator, value, vintage …``) or several of them - into one row per figure
and version::

    fact_id  source  row  metric_key  indicator  region  region_key  period
    value  decimals  approximate  half_width  low  high  vintage  …  is_default

``low``/``high`` is the interval the figure stands for (a count is exact; a
figure given in 万 or marked 约 stands for one unit of its last written digit
either way; a rate with ``k`` decimals for ``± 0.5·10^-k``).  ``is_default`` marks the version a claim
is compared with first (see :func:`data_facts` for the vintage policy).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataWarning, ParameterError, ValidationError
from ..periods import _parse_one
from ..schemas import canonical_column, normalize_header, validate

__all__ = [
    "DATA_SUFFIXES",
    "read_data",
    "map_unique",
    "COUNT_METRICS",
    "ADDITIVE_METRICS",
    "data_facts",
    "metric_key_of",
    "region_key",
    "half_width",
]

#: Count columns of a wide accidents frame that are read as figures.
COUNT_METRICS: tuple[str, ...] = ("accidents", "deaths", "injuries", "direct_economic_loss")
#: Metrics whose values add up over months and quarters (a year's deaths are the sum of its months').
ADDITIVE_METRICS: frozenset[str] = frozenset(
    {"accidents", "deaths", "injuries", "direct_economic_loss", "examined", "passed", "certified", "audited"})

#: Indicator names of the bundled and common data sets that the schema aliases do not cover.
EXTRA_METRIC_WORDS: dict[str, str] = {
    "workers_killed": "deaths",
    "killed_workers": "deaths",
    "fatal_work_injuries": "deaths",
    "work_related_deaths": "deaths",
    "死亡人数": "deaths",
    "事故起数": "accidents",
    "number_of_accidents": "accidents",
    "number_of_deaths": "deaths",
}

#: Region names that mean the same whole country (compared case- and width-insensitively).
_REGION_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["全国", "中国", "china", "national", "nationwide", "prc", "people's republic of china"], "全国"),
    **dict.fromkeys(["united states", "us", "u.s.", "usa", "u.s.a.", "united states of america"], "united states"),
    **dict.fromkeys(["great britain", "gb", "britain"], "great britain"),
}
_ADMIN_SUFFIX = re.compile(r"(?<=..)(市|省|自治区|特别行政区|地区|区|县)$")

_LATE_WORDS = ("final", "revised", "restated", "updated", "修订", "修正", "最终", "终报", "核定", "正式")
_EARLY_WORDS = ("preliminary", "provisional", "first", "initial", "advance", "flash", "estimate", "初步", "快报",
                "初报", "首次", "预计")


def metric_key_of(word: object, *, metrics: Mapping[str, str] | None = None) -> str | None:
    """The canonical metric a data indicator or a claim's metric words stand for.

    ``metrics`` (user mapping) is tried first, then a few indicator names of
    common data sets (``workers_killed`` -> ``deaths``), then the schema
    aliases (事故 / 起数 / accidents, 死亡 / deaths, 受伤 / injuries, 直接经济损失
    …).  A name that none of these know is its own key (normalised:
    ``"Deaths per 100m yuan GDP"`` -> ``deaths_per_100m_yuan_gdp``).

    Parameters
    ----------
    word : str
        The indicator name or metric words.
    metrics : mapping, optional
        Extra ``name -> metric key`` entries.

    Returns
    -------
    str or None
        ``None`` for an empty word.

    Examples
    --------
    >>> metric_key_of("死亡人数（人）"), metric_key_of("workers_killed"), metric_key_of("Fatal injuries")
    ('deaths', 'deaths', 'deaths')
    >>> metric_key_of("coal_deaths_per_million_tonnes")
    'coal_deaths_per_million_tonnes'
    """
    if word is None or (not isinstance(word, str) and pd.isna(word)):
        return None
    text = str(word)
    if not text.strip():
        return None
    norm = normalize_header(text)
    if metrics:
        for k, v in metrics.items():
            if normalize_header(k) == norm:
                return str(v)
    if norm in EXTRA_METRIC_WORDS:
        return EXTRA_METRIC_WORDS[norm]
    canon = canonical_column(text)
    if canon is not None and canon not in ("region", "period", "indicator", "value", "unit", "decimals", "vintage",
                                           "publisher", "source", "source_text", "category", "level"):
        return canon
    return norm


def region_key(name: object) -> str:
    """A region name reduced for matching: width, case, spaces and 市/省/区/县 suffixes ignored.

    A few names of whole countries are read as one (全国 = 中国 = China =
    national; US = United States; GB = Great Britain).  An empty region gives
    ``""``.

    Examples
    --------
    >>> region_key("苏州市") == region_key(" 苏州 ")
    True
    >>> region_key("China"), region_key("全国")
    ('全国', '全国')
    """
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    text = unicodedata.normalize("NFKC", str(name)).strip().casefold()
    text = re.sub(r"\s+", " ", text)
    if text in _REGION_SYNONYMS:
        return _REGION_SYNONYMS[text]
    return _ADMIN_SUFFIX.sub("", text.replace(" ", ""))


def half_width(value: Any, decimals: Any, approximate: Any, *, count: Any = True) -> np.ndarray:
    """How far the true value may lie from a figure as published (vectorised).

    * an exact count (``approximate`` false, 0 decimals) stands for itself: 0;
    * a value with ``k`` decimals (a rate ``0.56``) for ``± 0.5·10^-k``; a
      whole number that is not a count (``count`` false) for ``± 0.5``;
    * an approximate figure (written in 万/亿, or with 约/余/about) for one
      unit of its last written digit either way, as
      :func:`safetystats.checks.check_sum` reads it (约/余 figures may be
      truncated as well as rounded): ``1.96万`` (19,600) ``± 100``, ``3.4万``
      ``± 1,000``, ``约 71`` ``± 1``.

    Parameters
    ----------
    value : array-like of float
    decimals : array-like of int
        Decimals as written (of a whole approximate figure the unit is read
        from its trailing zeros instead).
    approximate : array-like of bool
    count : bool or array-like of bool, default True
        Whether each figure is a count (exact when whole and not approximate).

    Returns
    -------
    numpy.ndarray of float

    Examples
    --------
    >>> half_width([19600, 34000, 71, 71, 0.56], [2, 1, 0, 0, 2], [True, True, True, False, False]).tolist()
    [100.0, 1000.0, 1.0, 0.0, 0.005]
    """
    v = np.abs(np.atleast_1d(np.asarray(value, dtype=np.float64)))

    def as_array(x: Any, dtype: str, fill: Any) -> np.ndarray:
        arr = np.asarray(x, dtype=object)
        if arr.ndim == 0:
            arr = np.full(v.shape, arr.item(), dtype=object)
        arr = np.array([None if (not isinstance(a, str) and pd.isna(a)) else a for a in arr], dtype=object)
        return np.asarray(pd.array(arr, dtype=dtype).fillna(fill))

    d = as_array(decimals, "Int64", 0).astype(np.int64)
    approx = as_array(approximate, "boolean", False).astype(bool)
    is_count = np.broadcast_to(np.asarray(count, dtype=bool), v.shape)
    v, d, approx = np.broadcast_arrays(v, d, approx)
    step = 10.0 ** (-d.astype(np.float64))
    exact = np.where(d > 0, 0.5 * step, np.where(is_count, 0.0, 0.5))
    fin = np.where(np.isfinite(v), v, 0.0)
    whole = fin == np.floor(fin)
    zeros = np.zeros(v.shape, dtype=np.int64)
    for k in range(1, 16):
        hit = whole & (fin > 0) & (np.fmod(fin, 10.0**k) == 0) & (zeros == k - 1)
        if not hit.any():
            break
        zeros[hit] = k
    unit = np.where(whole, 10.0**zeros, step)
    out = np.where(approx, unit, exact)
    return np.where(np.isfinite(v), out, np.nan)


def map_unique(values: Any, func: Any) -> pd.Series:
    """``func`` applied once per distinct value (missing values included), mapped back onto ``values``."""
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    obj = s.astype(object)
    codes, uniques = pd.factorize(obj, use_na_sentinel=True)
    results = [func(u) for u in uniques]
    missing = func(None) if (codes < 0).any() else None
    table = np.empty(len(uniques) + 1, dtype=object)
    for i, r in enumerate(results):
        table[i] = r
    table[-1] = missing
    return pd.Series(table[codes], index=s.index, dtype=object)


def _status_rank(status: pd.Series, vintage: pd.Series) -> np.ndarray:
    """0 = first published (preliminary, provisional), 1 = unknown, 2 = final/revised."""
    def one(text: Any) -> int:
        if text is None or (not isinstance(text, str) and pd.isna(text)):
            return 1
        t = str(text).casefold()
        if any(w in t for w in _LATE_WORDS):
            return 2
        if any(w in t for w in _EARLY_WORDS):
            return 0
        return 1

    s = map_unique(status, one).to_numpy(dtype=np.int64)
    v = map_unique(vintage, one).to_numpy(dtype=np.int64)
    return np.where(status.isna().to_numpy(), v, s)


def _secondary(*columns: pd.Series) -> np.ndarray:
    """True for rows marked as secondary copies or derived figures (``confidence``, ``publisher_type``)."""
    out = np.zeros(len(columns[0]), dtype=bool)
    for col in columns:
        text = col.astype(object).where(col.notna(), "").astype(str).str.lower()
        out |= text.str.contains("secondary|derived", regex=True).to_numpy(dtype=bool)
    return out


def _rows_of(frame: pd.DataFrame) -> np.ndarray:
    rows = frame.attrs.get("source_rows")
    if rows is not None and len(rows) == len(frame):
        return np.asarray(rows, dtype=np.int64)
    idx = frame.index
    if pd.api.types.is_integer_dtype(idx):
        return np.asarray(idx, dtype=np.int64)
    return np.arange(1, len(frame) + 1, dtype=np.int64)


def _canonical_period_text(values: pd.Series) -> pd.Series:
    def one(v: Any) -> str | None:
        if v is None:
            return None
        try:
            return _parse_one(v).label
        except (ValueError, TypeError):
            return str(v)

    return map_unique(values, one)


def _duplicate_problems(keys: pd.DataFrame, source: pd.Series, rows: np.ndarray) -> pd.DataFrame:
    """Problems for figures that hold one vintage name twice."""
    dup = keys.duplicated(keep=False).to_numpy()
    if not dup.any():
        return pd.DataFrame(columns=["file", "row", "column", "value", "problem"])
    records = []
    k = keys[dup].astype(str)
    joined = k.agg("|".join, axis=1)
    for label, idx in joined.groupby(joined, sort=False).groups.items():
        pos = [keys.index.get_loc(i) for i in idx]
        first = keys.iloc[pos[0]]
        where = [f"{source.iloc[p] or 'data'} row {rows[p]}" for p in pos]
        vint = first["vintage_key"] or "(no vintage)"
        region = f" {first['region']}" if first["region"] else ""
        problem = (f"the figure {first['indicator']} {first['period']}{region} has vintage {vint!r} more than once "
                   f"({', '.join(where)}); give each version its own vintage name (e.g. first / revised) "
                   "or delete the repeated row")
        for p in pos:
            records.append({"file": source.iloc[p], "row": int(rows[p]), "column": "vintage",
                            "value": first["vintage_key"] or None, "problem": problem})
        del label
    return pd.DataFrame(records, columns=["file", "row", "column", "value", "problem"])


def _one_frame(frame: pd.DataFrame, *, default_vintage: str | None,
               metrics: Mapping[str, str] | None) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"against must be a DataFrame (or a list of them), got {type(frame).__name__}")
    if frame.empty:
        raise ParameterError("against is an empty frame: there are no figures to check the claims with")
    source = frame.attrs.get("source")
    source = None if source is None else str(source)
    rows = _rows_of(frame)
    long = "indicator" in frame.columns and "value" in frame.columns
    wide_cols = [c for c in COUNT_METRICS if c in frame.columns]
    if not long and not wide_cols:
        have = ", ".join(map(str, frame.columns[:12]))
        raise ParameterError(
            f"against{f' ({source})' if source else ''} holds neither counts (accidents, deaths, injuries, "
            f"direct_economic_loss) nor indicator/value columns (columns: {have}); pass an accidents or an "
            "indicators frame")
    has_vintage = "vintage" in frame.columns
    work = frame.copy()
    if not has_vintage:
        work["vintage"] = default_vintage
    work["vintage"] = work["vintage"].astype(object).where(work["vintage"].notna(), None)
    region = work["region"] if "region" in work.columns else pd.Series(None, index=work.index, dtype=object)
    period = _canonical_period_text(work["period"]) if "period" in work.columns else None
    if period is None:
        raise ParameterError(f"against{f' ({source})' if source else ''} has no period column; add one "
                             "(年份 / period)")
    # one vintage name twice for the same figure: a clear error before the schema's generic duplicate message
    if long:
        keys = pd.DataFrame({"indicator": work["indicator"].astype(str), "region": region.fillna("").astype(str),
                             "period": period.fillna("").astype(str),
                             "vintage_key": work["vintage"].fillna("").astype(str)}, index=work.index)
        probs = _duplicate_problems(keys, pd.Series([source] * len(work)), rows)
    else:
        keys = pd.DataFrame({"indicator": ", ".join(wide_cols), "region": region.fillna("").astype(str),
                             "period": period.fillna("").astype(str),
                             "vintage_key": work["vintage"].fillna("").astype(str)}, index=work.index)
        probs = _duplicate_problems(keys, pd.Series([source] * len(work)), rows)
    if len(probs):
        raise ValidationError(probs, kind="indicators" if long else "accidents", file=source)
    if long:
        checked = validate(work, kind="indicators", file=source, row_numbers=rows)
        checked_rows = rows
    else:
        parts = []
        part_pos = []
        vint = work["vintage"].fillna("").astype(str).to_numpy()
        for v in dict.fromkeys(vint):  # each vintage is one accidents table: (region, period) unique within it
            pos = np.flatnonzero(vint == v)
            parts.append(validate(work.iloc[pos], kind="accidents", file=source, row_numbers=rows[pos]))
            part_pos.append(pos)
        order = np.argsort(np.concatenate(part_pos), kind="stable")
        checked = pd.concat(parts, ignore_index=True).iloc[order].reset_index(drop=True)
        checked_rows = rows
    n = len(checked)

    def get(c: str) -> pd.Series:
        return checked[c] if c in checked.columns else pd.Series(None, index=checked.index, dtype=object)

    if long:
        ind = checked["indicator"].astype(str)
        keys_col = map_unique(ind, lambda w: metric_key_of(w, metrics=metrics))
        out = pd.DataFrame({
            "source": source, "row": checked_rows, "metric_key": keys_col.astype(object), "indicator": ind,
            "region": get("region").astype(object), "period": checked["period"].astype(str),
            "value": pd.to_numeric(checked["value"], errors="coerce").astype(np.float64),
            "decimals": pd.array(get("decimals"), dtype="Int64") if "decimals" in checked.columns
            else pd.array([pd.NA] * n, dtype="Int64"),
            "approximate": get("approximate").astype(object),
            "value_as_written": get("value_as_written").astype(object),
            "unit": get("unit").astype(object),
            "vintage": get("vintage").astype(object), "status": get("status").astype(object),
            "published": get("published").astype(object), "publisher": get("publisher").astype(object),
            "secondary": _secondary(get("confidence"), get("publisher_type")),
            "order": np.arange(n),
        })
        out = out[out["value"].notna()]
    else:
        pieces = []
        for col in wide_cols:
            approx_col = f"{col}_approximate"
            vals = pd.to_numeric(checked[col], errors="coerce").astype(np.float64)
            piece = pd.DataFrame({
                "source": source, "row": checked_rows,
                "metric_key": metric_key_of(col, metrics=metrics), "indicator": col,
                "region": get("region").astype(object), "period": checked["period"].astype(str), "value": vals,
                "decimals": pd.array([0 if col != "direct_economic_loss" else pd.NA] * n, dtype="Int64"),
                "approximate": checked[approx_col].astype(object) if approx_col in checked.columns else False,
                "value_as_written": None, "unit": None,
                "vintage": get("vintage").astype(object), "status": get("status").astype(object),
                "published": get("published").astype(object), "publisher": get("publisher").astype(object),
                "secondary": _secondary(get("confidence"), get("publisher_type")),
                "order": np.arange(n),
            })
            pieces.append(piece[piece["value"].notna()])
        out = pd.concat(pieces, ignore_index=True)
    return out.reset_index(drop=True)


def _written_half_width(texts: pd.Series) -> pd.Series:
    from ..numbers import parse_number

    def one(t: Any) -> float:
        if t is None or (not isinstance(t, str) and pd.isna(t)):
            return np.nan
        try:
            p = parse_number(str(t).replace(" ", ""))
        except ValueError:
            return np.nan
        if p.multiplier > 1:
            return float(p.multiplier * 10.0 ** -p.decimals)  # one unit of the last written digit
        return np.nan  # the unit is read from the value (half_width)

    return map_unique(texts, one).astype(np.float64)


#: File endings read as data when ``against`` is a folder.
DATA_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".xlsx", ".xlsm", ".parquet")


def read_data(paths: Any) -> list[pd.DataFrame]:
    """Read data files (or every data file in folders) for ``against``, unvalidated.

    The files go through the package's readers (:func:`safetystats.io.read`:
    encodings, header aliases such as 年份 / 死亡人数 / 版本, numbers as written)
    with ``validate=False``; :func:`data_facts` validates them, each version
    (vintage) on its own, so a file may hold several versions of a figure.

    Parameters
    ----------
    paths : path, folder, or list of them
        ``.csv``, ``.tsv``, ``.xlsx`` or ``.parquet`` files.

    Returns
    -------
    list of pandas.DataFrame
        One frame per file (``attrs["source"]`` = the file, ``attrs["source_rows"]``
        = line numbers).

    Raises
    ------
    InputError
        A missing file, a folder without data files, an unreadable file.
    """
    import os
    from pathlib import Path

    from ..errors import InputError
    from ..io import read

    items = paths if isinstance(paths, (list, tuple)) else [paths]
    files: list[Path] = []
    for item in items:
        p = Path(os.fspath(item))
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in DATA_SUFFIXES)
            if not found:
                raise InputError(f"holds no data files ({', '.join(DATA_SUFFIXES)})", file=str(p))
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise InputError("file not found; check the path", file=str(p))
    frames = []
    for f in files:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            frames.append(read(f, validate=False))
    return frames


def _is_path(x: Any) -> bool:
    import os

    return isinstance(x, (str, os.PathLike))


def data_facts(
    against: pd.DataFrame | Sequence[pd.DataFrame],
    *,
    vintage: str | Sequence[str] | None = None,
    metrics: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per figure and version in the data a report is checked against.

    Parameters
    ----------
    against : DataFrame, list of DataFrames, or path(s)
        An accidents frame (wide: ``region, period, accidents, deaths …``),
        an indicators frame (long: ``region, period, indicator, value,
        decimals, approximate, vintage …``), or several; or data files /
        folders, read with :func:`read_data`.  A frame may hold
        several versions of a figure told apart by a ``vintage`` column
        (optional ``status``: preliminary/final, ``published``: a date,
        ``publisher``).  With several frames, a frame without a ``vintage``
        column gets its source file name (``attrs["source"]``) as vintage.
        Every frame is validated with its schema (the caller's frame is not
        changed).
    vintage : str or list of str, optional
        Which version is the default (the one a claim is compared with
        first).  ``None`` or ``"latest"``: the latest version of each
        figure - final/revised before preliminary/provisional (``status``
        column, or those words in the vintage name), then the later
        ``published`` date, then the later row.  ``"first"``: the earliest
        by the same order.  A vintage name, or a list of names in order of
        preference: that version where the figure has it, else the latest.
    metrics : mapping, optional
        Extra ``indicator -> metric key`` names (``{"workers_killed":
        "deaths"}`` is built in).

    Returns
    -------
    pandas.DataFrame
        ``fact_id, source, row, metric_key, indicator, region, region_key,
        period, value, decimals, approximate, half_width, low, high,
        value_as_written, unit, vintage, vintage_key, status_rank, secondary,
        published, publisher, order, is_default``.
        ``row`` is the row number in the source file when the frame came
        from a reader (``attrs["source_rows"]``), else the frame's index.

    Raises
    ------
    ValidationError
        A frame fails its schema, or one vintage name appears twice for the
        same figure (the message names both rows).
    ParameterError
        ``against`` is not a frame, is empty, or ``vintage`` names a version
        the data do not hold.

    Notes
    -----
    A facts table (this function's output) may be passed back as
    ``against`` anywhere: it is used as it is (only the default version is
    chosen again), so data read and validated once can check many reports.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": [2022, 2022, 2023], "deaths": [351, 350, 320],
    ...                    "vintage": ["first", "revised", "first"]})
    >>> f = data_facts(df)
    >>> f[["metric_key", "period", "value", "vintage", "is_default"]]
      metric_key period  value  vintage  is_default
    0     deaths   2022  351.0    first       False
    1     deaths   2022  350.0  revised        True
    2     deaths   2023  320.0    first        True
    """
    if isinstance(against, pd.DataFrame) and against.attrs.get("safetystats_facts"):
        facts = against.copy()  # already a facts table: only the default version may change
        facts["is_default"] = _defaults(facts, vintage)
        return facts
    if _is_path(against) or (isinstance(against, (list, tuple)) and against and all(_is_path(a) for a in against)):
        against = read_data(against)
    frames = [against] if isinstance(against, pd.DataFrame) else list(against) if isinstance(
        against, (list, tuple)) else None
    if frames is None:
        raise ParameterError(f"against must be a DataFrame or a list of DataFrames, got {type(against).__name__}")
    if not frames:
        raise ParameterError("against is an empty list: pass at least one data frame")
    parts = []
    for i, frame in enumerate(frames):
        default = None
        if len(frames) > 1 and isinstance(frame, pd.DataFrame) and "vintage" not in frame.columns:
            default = str(frame.attrs.get("source") or f"frame {i + 1}")
        parts.append(_one_frame(frame, default_vintage=default, metrics=metrics))
    facts = pd.concat(parts, ignore_index=True)
    if facts.empty:
        raise ParameterError("against holds no figures (every value is empty)")
    if len(frames) > 1:  # the same figure and vintage in two frames
        facts["order"] = np.arange(len(facts))
        keys = pd.DataFrame({"indicator": facts["metric_key"].astype(str),
                             "region": map_unique(facts["region"], region_key),
                             "period": facts["period"], "vintage_key": facts["vintage"].fillna("").astype(str)})
        probs = _duplicate_problems(keys, facts["source"], facts["row"].to_numpy())
        if len(probs):
            raise ValidationError(probs, kind="indicators", file=None)
    facts.insert(0, "fact_id", np.arange(len(facts), dtype=np.int64))
    facts["region_key"] = map_unique(facts["region"], region_key).astype(str)
    facts["vintage_key"] = facts["vintage"].fillna("").astype(str)
    facts["status_rank"] = _status_rank(facts["status"], facts["vintage"])
    facts["approximate"] = map_unique(facts["approximate"], lambda x: bool(x) if isinstance(x, (bool, np.bool_)) else (
        False if x is None or pd.isna(x) else str(x).strip().lower() in ("true", "1", "yes"))).astype(bool)
    is_count = facts["metric_key"].isin(list(ADDITIVE_METRICS)).to_numpy() | (
        (facts["decimals"].fillna(0).to_numpy() == 0)
        & ~facts["indicator"].str.contains(r"rate|per_|per |率|每", case=False, regex=True).to_numpy())
    hw = half_width(facts["value"].to_numpy(), facts["decimals"], facts["approximate"].to_numpy(), count=is_count)
    written = _written_half_width(facts["value_as_written"])
    hw = np.where(written.notna().to_numpy() & facts["approximate"].to_numpy(), written.to_numpy(), hw)
    facts["half_width"] = hw
    facts["low"] = facts["value"] - hw
    facts["high"] = facts["value"] + hw
    facts["published"] = facts["published"].astype(object).where(facts["published"].notna(), None)
    facts["is_default"] = _defaults(facts, vintage)
    cols = ["fact_id", "source", "row", "metric_key", "indicator", "region", "region_key", "period", "value",
            "decimals", "approximate", "half_width", "low", "high", "value_as_written", "unit", "vintage",
            "vintage_key", "status_rank", "secondary", "published", "publisher", "order", "is_default"]
    out = facts[cols].copy()
    out.attrs = {"safetystats_facts": True}
    return out


def _defaults(facts: pd.DataFrame, vintage: str | Sequence[str] | None) -> np.ndarray:
    """Mark the default version of each figure by the vintage policy."""
    keys = ["metric_key", "region_key", "period"]
    pub = facts["published"].fillna("").astype(str)
    order = pd.DataFrame({"s": facts["status_rank"], "q": (~facts["secondary"].astype(bool)).astype(int),
                          "p": pub, "o": facts["order"]})
    if vintage is None or (isinstance(vintage, str) and vintage in ("latest", "last")):
        prefs: list[str] = []
        earliest = False
    elif isinstance(vintage, str) and vintage in ("first", "earliest"):
        prefs, earliest = [], True
    else:
        prefs = [vintage] if isinstance(vintage, str) else [str(v) for v in vintage]
        earliest = False
        known = set(facts["vintage_key"])
        unknown = [p for p in prefs if p not in known]
        if unknown:
            shown = ", ".join(repr(v) for v in sorted(known) if v) or "(none: the data have no vintage column)"
            raise ParameterError(f"vintage={unknown[0]!r} is not a vintage of the data; the data hold {shown}. "
                                 "Use one of them, 'latest' or 'first'")
    # sort: preferred names first, then latest (or earliest) by status, date and row
    pref_rank = facts["vintage_key"].map({p: i for i, p in enumerate(prefs)}).fillna(len(prefs)).to_numpy()
    sorter = pd.DataFrame({"pref": pref_rank, "s": order["s"], "q": order["q"], "p": order["p"], "o": order["o"]})
    asc = [True, True, False, True, True] if earliest else [True, False, False, False, False]
    ranked = sorter.sort_values(["pref", "s", "q", "p", "o"], ascending=asc, kind="mergesort")
    first = facts.loc[ranked.index, keys].astype(str).drop_duplicates(keep="first")
    out = np.zeros(len(facts), dtype=bool)
    out[facts.index.get_indexer(first.index)] = True
    return out
