"""pandera models for the frames safetystats works on, and the header aliases.

The schemas are the single source of truth for column names, dtypes, checks
and the Chinese/English header aliases that the readers map to them.

=================  =======================================================
kind               model
=================  =======================================================
``accidents``      :class:`AccidentCounts` - accidents, deaths, injuries …
``training``       :class:`TrainingThroughput` - examined / passed by category
``standardization``  :class:`StandardizationCounts` - certified by level 1/2/3
``indicators``     :class:`Indicators` - any published figure with its unit
``claims``         :class:`Claims` - reported changes, sums, shares, levels
=================  =======================================================

:func:`validate` checks a frame lazily and raises one
:class:`~safetystats.errors.ValidationError` that lists every failing row and
column.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"period": [2022, 2023], "accidents": [80, 71], "deaths": [56, 50]})
>>> validate(df, kind="accidents")[["period", "accidents", "deaths"]]
  period  accidents  deaths
0   2022         80      56
1   2023         71      50
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .errors import ParameterError, ValidationError
from .periods import _parse_column

__all__ = [
    "AccidentCounts",
    "TrainingThroughput",
    "StandardizationCounts",
    "Indicators",
    "Claims",
    "SCHEMAS",
    "KEYS",
    "ALIASES",
    "CLAIM_KINDS",
    "validate",
    "canonical_column",
    "normalize_header",
]

# ---------------------------------------------------------------------------
# Header aliases: canonical name -> the headers people write (Chinese, English).
# Matching ignores case, spaces, full-width forms, underscores and a unit in
# brackets ("死亡人数（人）" matches "死亡人数").
# ---------------------------------------------------------------------------
ALIASES: dict[str, tuple[str, ...]] = {
    "region": ("region", "地区", "区域", "地市", "城市", "市", "省份", "省", "县区", "县(市、区)", "辖区",
               "行政区", "area", "city", "province", "county", "site"),
    "period": ("period", "年份", "年度", "年", "时间", "期间", "统计期", "统计年度", "月份", "日期",
               "year", "month", "date", "fiscal_year", "quarter", "季度"),
    "accidents": ("accidents", "事故起数", "事故数", "事故", "起数", "事故数量", "事故总数", "生产安全事故",
                  "生产安全事故起数", "事故(起)", "accident_count", "number_of_accidents", "incidents"),
    "deaths": ("deaths", "死亡人数", "死亡", "死亡数", "死亡人数合计", "遇难人数", "fatalities", "killed",
               "fatal_injuries", "fatal_work_injuries", "number_of_deaths"),
    "injuries": ("injuries", "受伤人数", "受伤", "伤", "伤人数", "injured", "number_of_injuries"),
    "direct_economic_loss": ("direct_economic_loss", "直接经济损失", "经济损失", "economic_loss", "loss"),
    "workers": ("workers", "从业人员", "从业人数", "就业人员", "就业人数", "职工人数", "employment",
                "employees", "workforce"),
    "gdp": ("gdp", "地区生产总值", "国内生产总值", "生产总值"),
    "hours": ("hours", "工时", "hours_worked", "工作小时"),
    "vehicles": ("vehicles", "机动车保有量", "机动车", "车辆数"),
    "exposure": ("exposure", "暴露量", "基数"),
    "category": ("category", "类别", "人员类别", "类型", "岗位", "岗位类别", "type", "group"),
    "examined": ("examined", "考试人数", "参考人数", "参加考试人数", "考试", "考核人数", "exam_takers",
                 "tested", "candidates"),
    "passed": ("passed", "合格人数", "通过人数", "考试合格人数", "合格", "pass", "passes"),
    "level": ("level", "等级", "级别", "标准化等级", "grade"),
    "certified": ("certified", "达标企业数", "达标企业", "创建数", "达标数", "企业数", "创建企业数",
                  "enterprises", "firms"),
    "audited": ("audited", "审计数", "核查数", "抽查企业数", "审计企业数", "audits"),
    "indicator": ("indicator", "指标", "指标名称", "项目", "metric", "measure", "item"),
    "value": ("value", "数值", "值", "数量", "数据", "amount", "count"),
    "unit": ("unit", "单位", "计量单位", "units"),
    "decimals": ("decimals", "小数位", "小数位数"),
    "vintage": ("vintage", "版本", "发布口径", "口径", "release"),
    "publisher": ("publisher", "发布机构", "发布单位", "来源机构"),
    "source": ("source", "来源", "出处", "source_url", "url", "链接"),
    "source_text": ("source_text", "原文", "原句", "quote"),
    "reported_change_pct": ("reported_change_pct", "同比", "同比变化", "同比增减", "增减率", "变化率",
                            "reported_change", "change_pct"),
}

#: Wide standardization headers that are melted into one ``level`` column.
LEVEL_HEADERS: dict[str, int] = {
    "一级": 1, "二级": 2, "三级": 3, "一级标准化": 1, "二级标准化": 2, "三级标准化": 3,
    "level1": 1, "level2": 2, "level3": 3, "level_1": 1, "level_2": 2, "level_3": 3,
}

CLAIM_KINDS = ("change", "sum", "share", "level")


def normalize_header(header: object) -> str:
    """Normalise a header for alias matching.

    Examples
    --------
    >>> normalize_header("死亡人数（人）")
    '死亡人数'
    >>> normalize_header(" Fatal Injuries ")
    'fatal_injuries'
    """
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    text = re.sub(r"\s*[\(\[【][^\)\]】]*[\)\]】]\s*$", "", text)  # a trailing unit in brackets
    text = re.sub(r"[\s\-]+", "_", text)
    return text.strip("_")


_ALIAS_INDEX: dict[str, str] = {}
for _canon, _names in ALIASES.items():
    for _name in _names:
        _ALIAS_INDEX.setdefault(normalize_header(_name), _canon)


def canonical_column(header: object) -> str | None:
    """The canonical column a header stands for, or ``None``.

    Examples
    --------
    >>> canonical_column("事故起数")
    'accidents'
    >>> canonical_column("Fatalities")
    'deaths'
    >>> canonical_column("备注") is None
    True
    """
    return _ALIAS_INDEX.get(normalize_header(header))


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------
_COUNT = pd.Int64Dtype


def _unique_rows(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    cols = [k for k in keys if k in df.columns]
    if not cols:
        return pd.Series(True, index=df.index)
    return ~df.duplicated(cols, keep=False)


class _Base(pa.DataFrameModel):
    region: Series[str] | None = pa.Field(nullable=True, description="区域 / region")
    period: Series[str] = pa.Field(description="canonical period: 2023, 2023-07, 2023Q3, 2022/23, 2023-01..09")

    class Config:
        coerce = True
        strict = False

    @pa.check("period", name="period_format", error="is not a canonical period")
    def _period_format(cls, s: Series[str]) -> Series[bool]:
        return s.str.fullmatch(r"\d{4}(-\d{2}(\.\.\d{2})?|Q[1-4]|/\d{2})?").fillna(False).astype(bool)


class AccidentCounts(_Base):
    """Accident and death counts per region and period.

    ``deaths`` is required; ``accidents`` may be absent (many national
    fatality series, such as the UK HSE's and the US BLS CFOI, publish deaths
    only).  Counts are non-negative whole numbers; ``(region, period)`` is
    unique.
    Exposure columns (``workers``, ``gdp``, ``hours``, ``vehicles``,
    ``exposure``) must be positive when given.
    """

    accidents: Series[_COUNT] | None = pa.Field(ge=0, description="事故起数 / number of accidents")
    deaths: Series[_COUNT] = pa.Field(ge=0, description="死亡人数 / deaths")
    injuries: Series[_COUNT] | None = pa.Field(ge=0, nullable=True, description="受伤人数 / injuries")
    direct_economic_loss: Series[float] | None = pa.Field(ge=0, nullable=True, description="直接经济损失")
    workers: Series[float] | None = pa.Field(gt=0, nullable=True, description="从业人员 / workers")
    gdp: Series[float] | None = pa.Field(gt=0, nullable=True, description="GDP")
    hours: Series[float] | None = pa.Field(gt=0, nullable=True, description="hours worked")
    vehicles: Series[float] | None = pa.Field(gt=0, nullable=True, description="机动车 / vehicles")
    exposure: Series[float] | None = pa.Field(gt=0, nullable=True, description="any exposure")

    @pa.dataframe_check(name="unique_region_period", error="(region, period) appears more than once")
    def _unique(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique_rows(df, ["region", "period"])


class TrainingThroughput(_Base):
    """Training / examination throughput by category; ``passed <= examined``."""

    category: Series[str] = pa.Field(description="人员类别 / category")
    examined: Series[_COUNT] = pa.Field(ge=0, description="考试人数 / examined")
    passed: Series[_COUNT] | None = pa.Field(ge=0, nullable=True, description="合格人数 / passed")

    @pa.dataframe_check(name="passed_le_examined", error="passed is larger than examined")
    def _passed(cls, df: pd.DataFrame) -> Series[bool]:
        if "passed" not in df.columns:
            return pd.Series(True, index=df.index)
        ok = df["passed"].isna() | df["examined"].isna() | (df["passed"] <= df["examined"])
        return ok.fillna(True).astype(bool)

    @pa.dataframe_check(name="unique_region_period_category",
                        error="(region, period, category) appears more than once")
    def _unique(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique_rows(df, ["region", "period", "category"])


class StandardizationCounts(_Base):
    """Enterprises certified (and audited) by standardization level 1/2/3.

    ``level`` is 1, 2 or 3, or empty for a figure over all levels (such as the
    number of enterprises audited).
    """

    level: Series[_COUNT] = pa.Field(isin=[1, 2, 3], nullable=True, description="标准化等级 1/2/3")
    certified: Series[_COUNT] | None = pa.Field(ge=0, nullable=True, description="达标企业数")
    audited: Series[_COUNT] | None = pa.Field(ge=0, nullable=True, description="审计/核查企业数")

    @pa.dataframe_check(name="has_a_count", error="needs certified or audited")
    def _has_count(cls, df: pd.DataFrame) -> Series[bool]:
        cols = [c for c in ("certified", "audited") if c in df.columns]
        if not cols:
            return pd.Series(False, index=df.index)
        return df[cols].notna().any(axis=1)

    @pa.dataframe_check(name="unique_region_period_level",
                        error="(region, period, level) appears more than once")
    def _unique(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique_rows(df, ["region", "period", "level"])


class Indicators(_Base):
    """Any published figure: a count, a rate or a level, with its unit and decimals.

    ``decimals`` is the number of decimals as published (``7.60`` -> 2), so a
    rounded rate can be checked with interval arithmetic.  ``vintage`` tells
    versions of the same figure apart (preliminary / final, publisher).
    """

    indicator: Series[str] = pa.Field(description="指标 / indicator")
    value: Series[float] = pa.Field(nullable=True, description="数值 / value")
    unit: Series[str] | None = pa.Field(nullable=True, description="单位 / unit")
    decimals: Series[_COUNT] | None = pa.Field(ge=0, le=15, nullable=True, description="decimals as published")
    approximate: Series[bool] | None = pa.Field(nullable=True, description="written as about / 余 / 万")
    vintage: Series[str] | None = pa.Field(nullable=True, description="版本 / vintage")
    source_text: Series[str] | None = pa.Field(nullable=True, description="原文 / source sentence")

    @pa.dataframe_check(name="unique_indicator", error="(region, period, indicator, vintage) appears more than once")
    def _unique(cls, df: pd.DataFrame) -> Series[bool]:
        return _unique_rows(df, ["region", "period", "indicator", "vintage"])


class Claims(pa.DataFrameModel):
    """Claims read from a report: a change, a part-whole sum, a share or a level.

    Percentages are stored as their magnitude as written (``reported_pct=11.3``,
    ``pct_decimals=1``) with ``direction`` = ``decrease`` / ``increase``; a
    signed ``reported_pct`` with no direction is read by its sign.  ``pct_unit``
    is ``percent`` or ``pp`` (百分点).  A sum keeps its parts as
    ``"110523+13513"``; a share keeps the part in ``value`` and the whole in
    ``base_value``.
    """

    claim_id: Series[str] = pa.Field(unique=True, description="identifier")
    kind: Series[str] = pa.Field(isin=list(CLAIM_KINDS), description="change, sum, share or level")
    metric: Series[str] = pa.Field(nullable=True, description="metric words as written")
    metric_key: Series[str] | None = pa.Field(nullable=True, description="canonical metric (accidents, deaths …)")
    region: Series[str] | None = pa.Field(nullable=True)
    period: Series[str] | None = pa.Field(nullable=True, description="period of the current value")
    base_period: Series[str] | None = pa.Field(nullable=True, description="period of the base value")
    value: Series[float] = pa.Field(nullable=True, description="current value / total / part / level")
    value_decimals: Series[_COUNT] | None = pa.Field(ge=0, nullable=True)
    value_approximate: Series[bool] | None = pa.Field(nullable=True)
    base_value: Series[float] | None = pa.Field(nullable=True, description="previous value / whole")
    base_decimals: Series[_COUNT] | None = pa.Field(ge=0, nullable=True)
    reported_pct: Series[float] | None = pa.Field(nullable=True, description="percentage as written")
    pct_decimals: Series[_COUNT] | None = pa.Field(ge=0, nullable=True, description="decimals as written")
    pct_unit: Series[str] | None = pa.Field(isin=["percent", "pp"], nullable=True)
    direction: Series[str] | None = pa.Field(isin=["decrease", "increase", "flat"], nullable=True)
    abs_change: Series[float] | None = pa.Field(nullable=True, description="absolute change as written")
    abs_change_decimals: Series[_COUNT] | None = pa.Field(ge=0, nullable=True)
    parts: Series[str] | None = pa.Field(nullable=True, description='parts of a sum, "110523+13513"')
    parts_approximate: Series[bool] | None = pa.Field(nullable=True)
    unit: Series[str] | None = pa.Field(nullable=True, description="起, 人, 个 …")
    rounding: Series[str] | None = pa.Field(nullable=True, description="per-claim rounding rule")
    source: Series[str] | None = pa.Field(nullable=True, description="file the claim came from")
    line: Series[_COUNT] | None = pa.Field(ge=1, nullable=True, description="line number in the source")
    span_start: Series[_COUNT] | None = pa.Field(ge=0, nullable=True)
    span_end: Series[_COUNT] | None = pa.Field(ge=0, nullable=True)
    source_text: Series[str] | None = pa.Field(nullable=True, description="the sentence")

    class Config:
        coerce = True
        strict = False


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "accidents": AccidentCounts,
    "training": TrainingThroughput,
    "standardization": StandardizationCounts,
    "indicators": Indicators,
    "claims": Claims,
}

#: The key columns that identify a row of each kind.
KEYS: dict[str, tuple[str, ...]] = {
    "accidents": ("region", "period"),
    "training": ("region", "period", "category"),
    "standardization": ("region", "period", "level"),
    "indicators": ("region", "period", "indicator", "vintage"),
    "claims": ("claim_id",),
}

_CHECK_WORDS = {
    "greater_than_or_equal_to(0)": "must be 0 or more (a count cannot be negative)",
    "greater_than(0)": "must be greater than 0 (an exposure cannot be zero or negative)",
    "not_nullable": "is empty; fill in the value or delete the row",
    "column_in_dataframe": "column is missing",
    "field_uniqueness": "must be unique",
}


def _describe_check(check: str, column: str | None, kind: str) -> str:
    if check in _CHECK_WORDS:
        if check == "column_in_dataframe" and column:
            aliases = ", ".join(ALIASES.get(column, (column,))[:4])
            return f"column is missing; add a column headed one of: {aliases}"
        return _CHECK_WORDS[check]
    if check.startswith("coerce_dtype") or check.startswith("dtype("):
        want = check[check.find("(") + 1 : check.rfind(")")].strip("'")
        if want.lower().startswith("int"):
            return "must be a whole number"
        if want.lower().startswith("float"):
            return "must be a number"
        if want in ("bool", "boolean"):
            return "must be true or false"
        return f"must be of type {want}"
    if check.startswith("isin("):
        return f"must be one of {check[5:-1]}"
    if check.startswith("less_than_or_equal_to("):
        return f"must be at most {check[22:-1]}"
    if check.startswith("str_matches") or check == "period_format":
        return "is not a canonical period (2023, 2023-07, 2023Q3, 2022/23, 2023-01..09)"
    return check


def validate(
    df: pd.DataFrame,
    *,
    kind: str,
    file: str | None = None,
    row_numbers: pd.Index | np.ndarray | None = None,
) -> pd.DataFrame:
    """Validate a frame against the schema of ``kind`` and return a clean copy.

    Periods are turned into their canonical form first; a missing ``region``
    column is added (empty).  The caller's frame is never changed.

    Parameters
    ----------
    df : pandas.DataFrame
        Frame with canonical column names (see :data:`ALIASES`).
    kind : {"accidents", "training", "standardization", "indicators", "claims"}
        Which schema to check.
    file : str, optional
        Source file name, used in the error message.
    row_numbers : array-like, optional
        The row number in the source file of each row of ``df``; defaults to
        the frame's index.

    Returns
    -------
    pandas.DataFrame
        A validated copy with a fresh ``RangeIndex``.

    Raises
    ------
    ValidationError
        Listing every failing row and column (``err.problems``).

    Examples
    --------
    >>> import pandas as pd
    >>> bad = pd.DataFrame({"period": [2022, 2023], "accidents": [80, -1], "deaths": [56, 50]})
    >>> validate(bad, kind="accidents")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    safetystats.errors.ValidationError: 1 problem found (schema: accidents):
      - row 1, column 'accidents': value -1: must be 0 or more (a count cannot be negative)
    """
    if kind not in SCHEMAS:
        raise ParameterError(f"kind={kind!r} is not a schema; choose one of {sorted(SCHEMAS)}")
    if not isinstance(df, pd.DataFrame):
        raise ParameterError(f"validate expects a pandas DataFrame, got {type(df).__name__}")
    model = SCHEMAS[kind]
    out = df.copy()
    rows = pd.Index(row_numbers) if row_numbers is not None else out.index
    out.index = pd.RangeIndex(len(out))
    problems: list[dict[str, Any]] = []
    reported: set[tuple[int, str]] = set()

    def note(i: int, column: str, value: Any, problem: str) -> None:
        problems.append({"row": rows[i], "column": column, "value": value, "problem": problem})
        reported.add((i, column))

    if kind != "claims":
        if "region" not in out.columns:
            out.insert(0, "region", pd.Series(pd.NA, index=out.index, dtype="str"))
        if "period" in out.columns:
            parsed, errors = _parse_column(out["period"])
            for i, msg in errors.items():
                note(i, "period", out["period"].iloc[i], msg + "; write 2023, 2023-07, 2023Q3, 2022/23 or 2023年1-9月")
            out["period"] = pd.Series([p.label if p else None for p in parsed], index=out.index, dtype="str")
    schema = model.to_schema()
    for col, spec in schema.columns.items():
        if col not in out.columns:
            continue
        dtype = str(spec.dtype)
        if dtype.lower().startswith(("int", "float")):
            raw = out[col]
            num = pd.to_numeric(raw, errors="coerce") if raw.dtype == object or str(raw.dtype) == "str" \
                else raw.astype("Float64") if str(raw.dtype) != "Float64" else raw
            num = pd.to_numeric(num, errors="coerce")
            not_number = raw.notna().to_numpy() & pd.isna(num).to_numpy()
            for i in np.flatnonzero(not_number):
                note(int(i), col, raw.iloc[i], "must be a number" if dtype.lower().startswith("float")
                     else "must be a whole number")
            if dtype.lower().startswith("int"):
                vals = num.to_numpy(dtype="float64", na_value=np.nan)
                frac = np.isfinite(vals) & (vals != np.round(vals))
                for i in np.flatnonzero(frac):
                    note(int(i), col, raw.iloc[i], "must be a whole number")
                vals = np.where(frac | ~np.isfinite(vals), np.nan, vals)
                out[col] = pd.array(np.round(vals), dtype="Float64").astype("Int64")
            else:
                out[col] = num.astype("float64")
    for col in ("region", "category", "indicator", "unit", "vintage", "source_text", "metric", "kind"):
        if col in out.columns and out[col].dtype == object:
            out[col] = out[col].astype("str").where(out[col].notna(), None)
    try:
        checked = model.validate(out, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for prob in _problems_from(exc.failure_cases, rows, kind, out):
            if (prob.pop("_i", None), prob["column"]) in reported:
                continue
            problems.append(prob)
        checked = None
    if problems:
        table = pd.DataFrame(problems, columns=["row", "column", "value", "problem"])
        table.insert(0, "file", file)
        table = table.drop_duplicates(subset=["row", "column", "problem"])
        order = [(r is None or pd.isna(r), 0 if r is None or pd.isna(r) else float(r)) for r in table["row"]]
        table = table.iloc[sorted(range(len(order)), key=order.__getitem__)]
        raise ValidationError(table, kind=kind, file=file)
    assert checked is not None
    return checked.reset_index(drop=True)


def _problems_from(fc: pd.DataFrame, rows: pd.Index, kind: str, frame: pd.DataFrame) -> list[dict[str, Any]]:
    checks = {c.error or c.name: c.name for c in SCHEMAS[kind].to_schema().checks}
    problems: list[dict[str, Any]] = []
    seen_frame_checks: set[tuple[int, str]] = set()
    for rec in fc.to_dict("records"):
        check = str(rec.get("check"))
        column = rec.get("column")
        idx = rec.get("index")
        value = rec.get("failure_case")
        if check == "column_in_dataframe":
            problems.append({"row": None, "column": value, "value": None,
                             "problem": _describe_check(check, value, kind)})
            continue
        if idx is None or (not isinstance(idx, (int, np.integer)) and pd.isna(idx)):
            if isinstance(value, str) and value.startswith(("TypeError", "KeyError")):
                continue  # a follow-on failure of a column that failed to coerce
            problems.append({"row": None, "column": column, "value": value,
                             "problem": _describe_check(check, column, kind)})
            continue
        i = int(idx)
        if check in checks:  # a dataframe-level check: one problem per row
            if (i, check) in seen_frame_checks:
                continue
            seen_frame_checks.add((i, check))
            keys = [k for k in KEYS[kind] if k in frame.columns]
            if checks[check].startswith("unique") and keys:
                key_text = frame[keys].astype("str").fillna("")
                joined = key_text.agg("|".join, axis=1)
                others = [str(rows[j]) for j in np.flatnonzero(joined.to_numpy() == joined.iloc[i]) if j != i]
                label = ", ".join(f"{k}={frame.at[i, k]}" for k in keys if not pd.isna(frame.at[i, k]))
                problems.append({"_i": i, "row": rows[i], "column": ",".join(keys), "value": None,
                                 "problem": f"duplicate ({label}): also in row {', '.join(others)}; keep one"})
            else:
                col = {"passed_le_examined": "passed", "has_a_count": "certified"}.get(checks[check])
                val = frame.at[i, col] if col in frame.columns else None
                problems.append({"_i": i, "row": rows[i], "column": col, "value": val, "problem": check})
            continue
        problems.append({"_i": i, "row": rows[i], "column": column, "value": value,
                         "problem": _describe_check(check, column, kind)})
    return problems
