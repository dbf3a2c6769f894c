"""Summary tables for people: zh/en column labels, written as CSV, Markdown, HTML or Excel.

The analysis functions return tidy frames with stable snake_case English
columns.  :func:`summary_table` turns one of them into a table for a report:
it picks the columns that matter for its kind, labels them in Chinese or
English, translates verdict and direction words, and rounds for display
(exact decimal half-up, never float ``round()``).  :func:`write_table` writes
it as

* ``.csv`` — UTF-8 **with BOM** so that Excel opens Chinese correctly;
* ``.md`` — a GitHub-style pipe table;
* ``.html`` — a plain ``<table>`` (escaped) with an optional caption;
* ``.xlsx`` — one sheet, header frozen, reproducible bytes (fixed
  timestamps inside the file).

Examples
--------
>>> import pandas as pd
>>> acc = pd.DataFrame({"region": ["苏州市"], "period": ["2023"], "accidents": [71], "deaths": [50]})
>>> summary_table(acc, lang="zh")
    地区    时期  生产安全事故起数（起）  死亡人数（人）
0  苏州市  2023           71        50
>>> list(summary_table(acc, lang="en").columns)
['Region', 'Period', 'Accidents', 'Deaths']
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, ParameterError

__all__ = ["COLUMN_LABELS", "TABLE_KINDS", "summary_table", "write_table", "to_markdown", "to_html", "guess_kind"]

#: snake_case column -> (zh, en) label.  A unit in brackets is added for counts in Chinese.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "region": ("地区", "Region"),
    "period": ("时期", "Period"),
    "base_period": ("比较时期", "Base period"),
    "accidents": ("生产安全事故起数（起）", "Accidents"),
    "deaths": ("死亡人数（人）", "Deaths"),
    "injuries": ("受伤人数（人）", "Injuries"),
    "direct_economic_loss": ("直接经济损失", "Direct economic loss"),
    "category": ("人员类别", "Category"),
    "examined": ("考试人数（人）", "People examined"),
    "passed": ("合格人数（人）", "People passed"),
    "level": ("标准化等级", "Level"),
    "certified": ("达标企业数（家）", "Enterprises certified"),
    "audited": ("审计企业数（家）", "Enterprises audited"),
    "indicator": ("指标", "Indicator"),
    "label_zh": ("指标", "Indicator (Chinese)"),
    "label_en": ("指标（英文）", "Indicator"),
    "value": ("数值", "Value"),
    "value_as_written": ("原文写法", "As written"),
    "unit": ("单位", "Unit"),
    "approximate": ("约数", "Approximate"),
    # claims and checks
    "claim_id": ("编号", "Claim"),
    "kind": ("类型", "Kind"),
    "metric": ("指标", "Metric"),
    "base_value": ("比较值", "Base value"),
    "reported_pct": ("报告的变化率（%）", "Reported change (%)"),
    "recomputed_pct": ("重新计算的变化率（%）", "Recomputed change (%)"),
    "direction": ("方向", "Direction"),
    "implied_base_min": ("推算比较值下限", "Implied base (min)"),
    "implied_base_max": ("推算比较值上限", "Implied base (max)"),
    "rounding": ("舍入规则", "Rounding"),
    "verdict": ("核对结论", "Verdict"),
    "likely_cause": ("可能原因", "Likely cause"),
    "p_value": ("p值", "p-value"),
    "test_method": ("检验方法", "Test"),
    "note": ("说明", "Note"),
    "parts": ("分项", "Parts"),
    "source_text": ("原文", "Source sentence"),
    # year over year / trend
    "change": ("变化量", "Change"),
    "pct_change": ("变化率（%）", "Change (%)"),
    "pct_change_rounded": ("变化率（%）", "Change (%)"),
    "rate_ratio": ("率比", "Rate ratio"),
    "conf_low": ("95%置信下限", "95% CI low"),
    "conf_high": ("95%置信上限", "95% CI high"),
    "significant": ("统计显著", "Significant"),
    "family": ("模型", "Model family"),
    "apc": ("年变化百分比 APC（%）", "APC (%)"),
    "apc_low": ("APC 95%下限", "APC 95% low"),
    "apc_high": ("APC 95%上限", "APC 95% high"),
    "aapc": ("平均年变化百分比 AAPC（%）", "AAPC (%)"),
    "first_period": ("起始时期", "From"),
    "last_period": ("结束时期", "To"),
    "segment": ("分段", "Segment"),
    "start": ("起始时期", "Start"),
    "end": ("结束时期", "End"),
    "n_periods": ("期数", "Periods"),
    "dispersion": ("离散度", "Dispersion"),
    "why": ("选择理由", "Why this model"),
    # forecast
    "step": ("预测步长", "Step"),
    "model": ("模型", "Model"),
    "method": ("方法", "Method"),
    "mean": ("预测值", "Forecast"),
    "lo_80": ("80%下限", "80% low"),
    "hi_80": ("80%上限", "80% high"),
    "lo_95": ("95%下限", "95% low"),
    "hi_95": ("95%上限", "95% high"),
    "distribution": ("分布", "Distribution"),
    "mase": ("MASE", "MASE"),
    "runner_up": ("次优模型", "Runner-up"),
    # control charts
    "chart": ("控制图", "Chart"),
    "statistic": ("绘制值", "Plotted value"),
    "exposure": ("暴露量", "Exposure"),
    "center": ("中心线", "Centre line"),
    "lcl": ("控制下限", "Lower limit"),
    "ucl": ("控制上限", "Upper limit"),
    "signal": ("异常信号", "Signal"),
    "rules": ("触发规则", "Rules fired"),
}

#: The columns shown for each kind of table (those present are kept, in this order).
TABLE_KINDS: dict[str, tuple[str, ...]] = {
    "accidents": ("region", "period", "accidents", "deaths", "injuries", "direct_economic_loss"),
    "training": ("region", "period", "category", "examined", "passed"),
    "standardization": ("region", "period", "level", "certified", "audited"),
    "indicators": ("region", "period", "label_zh", "label_en", "indicator", "value", "value_as_written", "unit",
                   "approximate"),
    "checks": ("claim_id", "kind", "metric", "period", "value", "base_value", "reported_pct", "recomputed_pct",
               "implied_base_min", "implied_base_max", "rounding", "verdict", "likely_cause", "p_value", "note"),
    "yoy": ("region", "period", "base_period", "value", "base_value", "change", "pct_change_rounded", "rate_ratio",
            "conf_low", "conf_high", "p_value", "significant", "verdict", "method"),
    "trend": ("region", "value", "metric", "first_period", "last_period", "start", "end", "n_periods", "family",
              "apc", "apc_low", "apc_high", "aapc", "p_value", "dispersion", "why"),
    "segments": ("segment", "start", "end", "apc", "apc_low", "apc_high", "p_value"),
    "forecast": ("region", "metric", "period", "step", "model", "mean", "lo_80", "hi_80", "lo_95", "hi_95",
                 "method"),
    "control": ("region", "period", "chart", "value", "statistic", "center", "lcl", "ucl", "signal", "rules"),
}

_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "verdict": {
        "consistent": ("一致", "consistent"),
        "consistent_other_rounding": ("换一种舍入规则才一致", "consistent under another rounding rule"),
        "inconsistent": ("不一致", "inconsistent"),
        "wrong_direction": ("方向相反", "wrong direction"),
        "percentage_points": ("应为百分点", "percentage points, not percent"),
        "unverifiable": ("无法核对", "unverifiable"),
        # year-over-year table (safetystats.trend.yoy_table)
        "significant decrease": ("显著下降", "significant decrease"),
        "significant increase": ("显著上升", "significant increase"),
        "within chance": ("在随机波动范围内", "within chance"),
        "no base period": ("无上期数据", "no base period"),
        "no events": ("两期均无事件", "no events"),
    },
    "kind": {
        "change": ("变化", "change"), "sum": ("合计", "sum"), "share": ("占比", "share"), "level": ("水平", "level"),
    },
    "direction": {"decrease": ("下降", "decrease"), "increase": ("上升", "increase"), "flat": ("持平", "flat")},
    "rounding": {"half_up": ("四舍五入", "half up"), "half_even": ("银行家舍入", "half even"),
                 "down": ("截尾", "down"), "up": ("进位", "up"), "any": ("任一规则", "any")},
    "family": {"poisson": ("泊松", "Poisson"), "negbin": ("负二项", "negative binomial"),
               "quasipoisson": ("拟泊松", "quasi-Poisson")},
    "signal": {"True": ("是", "yes"), "False": ("否", "no")},
    "significant": {"True": ("是", "yes"), "False": ("否", "no")},
    "approximate": {"True": ("是", "yes"), "False": ("否", "no")},
}

#: decimals shown for float columns (exact half-up); counts stay whole numbers.
_DECIMALS: dict[str, int] = {
    "reported_pct": 2, "recomputed_pct": 2, "pct_change": 2, "apc": 2, "apc_low": 2, "apc_high": 2, "aapc": 2,
    "rate_ratio": 4, "conf_low": 4, "conf_high": 4, "dispersion": 3, "mean": 1, "statistic": 3,
    "center": 3, "lcl": 3, "ucl": 3, "mase": 3, "implied_base_min": 2, "implied_base_max": 2,
}


def guess_kind(df: pd.DataFrame) -> str | None:
    """Which kind of table a frame looks like, from its columns (``None`` when unsure).

    Examples
    --------
    >>> import pandas as pd
    >>> guess_kind(pd.DataFrame(columns=["claim_id", "verdict", "recomputed_pct"]))
    'checks'
    """
    cols = set(df.columns)
    if {"claim_id", "verdict"} <= cols:
        return "checks"
    if {"lo_95", "hi_95", "mean"} <= cols or {"lo_80", "hi_80", "mean"} <= cols:
        return "forecast"
    if {"center", "lcl", "ucl"} <= cols:
        return "control"
    if "apc" in cols:
        return "trend"
    if {"pct_change", "base_value"} <= cols or {"pct_change_rounded", "rate_ratio"} <= cols or {"rate_ratio", "base_period"} <= cols:
        return "yoy"
    if "category" in cols and "examined" in cols:
        return "training"
    if "level" in cols and ({"certified", "audited"} & cols):
        return "standardization"
    if {"indicator", "value"} <= cols:
        return "indicators"
    if "deaths" in cols or "accidents" in cols:
        return "accidents"
    return None


def _round_half_up(x: Any, decimals: int) -> Any:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return x
    try:
        d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return x
    return float(d)


def _as_frame(data: Any) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    for attr in ("to_frame", "summary_frame", "table"):
        obj = getattr(data, attr, None)
        obj = obj() if callable(obj) else obj
        if isinstance(obj, pd.DataFrame):
            return obj
    raise ParameterError(f"summary_table: expected a DataFrame or a result with .to_frame(), got {type(data).__name__}")


def summary_table(
    data: Any,
    *,
    kind: str | None = None,
    lang: str = "zh",
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A report-ready copy of a tidy frame: chosen columns, zh/en labels, rounded for display.

    Parameters
    ----------
    data : pandas.DataFrame or result object
        A validated frame (accidents, training, standardization, indicators)
        or a result: :func:`safetystats.checks.check_claims`, a year-over-year
        table, a trend result (anything with ``to_frame()``), a forecast or a
        control chart.  Not changed.
    kind : str, optional
        One of :data:`TABLE_KINDS`; guessed from the columns when omitted.
    lang : {"zh", "en"}, default "zh"
        Language of the column labels and of verdict / direction words.
    columns : list of str, optional
        The snake_case columns to keep, in order (default: those of ``kind``;
        all columns when the kind is unknown).

    Returns
    -------
    pandas.DataFrame
        New frame; labels in ``lang``; percentages to 2 decimals, p-values to
        4, counts as whole numbers; empty cells stay empty.

    Raises
    ------
    ParameterError
        Unknown ``kind`` or ``lang``.
    InputError
        ``columns`` names a column the frame does not have.

    Examples
    --------
    >>> import pandas as pd
    >>> checks = pd.DataFrame({"claim_id": ["a"], "kind": ["change"], "metric": ["死亡"], "period": ["2023"],
    ...                        "value": [50.0], "reported_pct": [10.7], "recomputed_pct": [-10.714285714],
    ...                        "verdict": ["consistent"]})
    >>> summary_table(checks, lang="en")[["Recomputed change (%)", "Verdict"]]
       Recomputed change (%)     Verdict
    0                 -10.71  consistent
    """
    from .plots.style import check_lang

    check_lang(lang)
    frame = _as_frame(data)
    if kind is None:
        kind = guess_kind(frame)
    elif kind not in TABLE_KINDS:
        raise ParameterError(f"summary_table: kind={kind!r} is not known; choose one of {sorted(TABLE_KINDS)}")
    if columns is not None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InputError(f"summary_table: the frame has no column {missing[0]!r}; "
                             f"columns are {', '.join(map(str, frame.columns))}")
        keep = list(columns)
    elif kind is not None:
        keep = [c for c in TABLE_KINDS[kind] if c in frame.columns]
        if lang == "en" and "category_en" in frame.columns and "category" in keep:
            keep[keep.index("category")] = "category_en"
        if kind == "indicators" and "label_zh" in keep:
            keep = [c for c in keep if c != ("label_en" if lang == "zh" else "label_zh") and c != "indicator"]
        if "region" in keep and frame["region"].isna().all():
            keep.remove("region")
    else:
        keep = list(frame.columns)
    out = frame.loc[:, keep].copy()
    i = 1 if lang == "en" else 0
    for col in keep:
        s = out[col]
        if col in _WORDS:
            words = _WORDS[col]
            out[col] = [words[str(v)][i] if str(v) in words else (None if _isna(v) else v) for v in s]
        elif col in ("level",) and pd.api.types.is_numeric_dtype(s):
            out[col] = [None if _isna(v) else (f"{['一', '二', '三'][int(v) - 1]}级" if lang == "zh" and int(v) in (1, 2, 3)
                        else f"Level {int(v)}") for v in s]
        elif col == "p_value" and pd.api.types.is_numeric_dtype(s):
            vals = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            out[col] = pd.array([None if np.isnan(v) else ("< 0.0001" if v < 0.0001 else str(_round_half_up(v, 4)))
                                 for v in vals], dtype="str")
        elif pd.api.types.is_float_dtype(s) or pd.api.types.is_integer_dtype(s):
            vals = pd.to_numeric(s, errors="coerce")
            finite = vals[np.isfinite(vals.to_numpy(dtype=float, na_value=np.nan))]
            if len(finite) and (finite == np.round(finite)).all() and col not in _DECIMALS:
                out[col] = vals.round().astype("Int64")
            elif col in _DECIMALS or pd.api.types.is_float_dtype(s):
                dec = _DECIMALS.get(col, 2)
                out[col] = pd.array([_round_half_up(v, dec) for v in vals.to_numpy(dtype=float, na_value=np.nan)],
                                    dtype="Float64")
    labels = {c: (COLUMN_LABELS["category"][i] if c == "category_en" else COLUMN_LABELS[c][i])
              for c in keep if c in COLUMN_LABELS or c == "category_en"}
    if kind == "trend" and "value" in keep and not pd.api.types.is_numeric_dtype(frame["value"]):
        from .plots.style import label as _label

        out["value"] = [_label(str(v), lang) for v in frame["value"]]  # the modelled column: a metric name
        labels["value"] = COLUMN_LABELS["metric"][i]
    out = out.rename(columns=labels).reset_index(drop=True)
    out.attrs = {"kind": kind, "lang": lang}
    return out


def _isna(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _cell(v: Any) -> str:
    if _isna(v):
        return ""
    if isinstance(v, (float, np.floating)):
        return format(Decimal(repr(float(v))).normalize(), "f") if np.isfinite(v) else str(v)
    return str(v)


def to_markdown(table: pd.DataFrame, *, title: str | None = None) -> str:
    """A GitHub-style pipe table (numbers right-aligned), with an optional heading.

    Examples
    --------
    >>> import pandas as pd
    >>> print(to_markdown(pd.DataFrame({"类别": ["特种作业人员"], "人数": [110523]})))
    | 类别 | 人数 |
    | --- | ---: |
    | 特种作业人员 | 110523 |
    """
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    heads = [esc(str(c)) for c in table.columns]
    aligns = ["---:" if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
              else "---" for c in table.columns]
    lines = []
    if title:
        lines += [f"### {esc(title)}", ""]
    lines.append("| " + " | ".join(heads) + " |")
    lines.append("| " + " | ".join(aligns) + " |")
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(esc(_cell(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


def to_html(table: pd.DataFrame, *, title: str | None = None) -> str:
    """An escaped HTML ``<table>`` with an optional ``<caption>``.

    Examples
    --------
    >>> import pandas as pd
    >>> to_html(pd.DataFrame({"a": ["<b>"]})).count("&lt;b&gt;")
    1
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    numeric = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
               for c in table.columns]
    rows = []
    for row in table.itertuples(index=False):
        cells = "".join(f'<td class="num">{html.escape(_cell(v))}</td>' if num else f"<td>{html.escape(_cell(v))}</td>"
                        for v, num in zip(row, numeric, strict=True))
        rows.append(f"<tr>{cells}</tr>")
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    return (f'<table class="safetystats">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>\n")


_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_FIXED_XML_TIME = "2000-01-01T00:00:00Z"


def _xlsx_bytes(table: pd.DataFrame, *, title: str | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "table"
    row0 = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(bold=True)
        row0 = 2
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=row0, column=j, value=str(col))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(table.itertuples(index=False), start=row0 + 1):
        for j, v in enumerate(row, start=1):
            if _isna(v):
                continue
            if isinstance(v, (np.integer,)):
                v = int(v)
            elif isinstance(v, (np.floating,)):
                v = float(v)
            elif isinstance(v, np.bool_):
                v = bool(v)
            elif not isinstance(v, (int, float, bool, str)):
                v = str(v)
            ws.cell(row=i, column=j, value=v)
    for j, col in enumerate(table.columns, start=1):
        width = max([_display_width(str(col))] + [_display_width(_cell(v)) for v in table.iloc[:, j - 1]])
        ws.column_dimensions[ws.cell(row=row0, column=j).column_letter].width = min(60, max(8, width + 2))
    ws.freeze_panes = ws.cell(row=row0 + 1, column=1)
    fixed = pd.Timestamp(_FIXED_XML_TIME).tz_localize(None).to_pydatetime()
    wb.properties.created = fixed
    wb.properties.creator = "safetystats"
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite an Office zip with fixed entry times and core-property dates (byte-reproducible)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{_FIXED_XML_TIME}\g<2>",
                              text)
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


_FORMATS = {".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


def write_table(table: pd.DataFrame, path: str | Path, *, title: str | None = None,
                format: str | None = None) -> Path:
    """Write a table as CSV (UTF-8 with BOM), Markdown, HTML or Excel, chosen by the file's extension.

    Parameters
    ----------
    table : pandas.DataFrame
        Usually the output of :func:`summary_table`.
    path : str or pathlib.Path
        Output file (``.csv``, ``.md``, ``.html`` or ``.xlsx``).  Its folder
        must exist.
    title : str, optional
        Heading (Markdown), caption (HTML) or first row (Excel); not written
        to CSV, which stays a plain table.
    format : {"csv", "md", "html", "xlsx"}, optional
        Overrides the extension.

    Returns
    -------
    pathlib.Path
        The file written.  The same table always gives the same bytes.

    Raises
    ------
    ParameterError
        Unknown extension or format.
    InputError
        The folder does not exist or is not writable, or the path is a folder.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> p = write_table(pd.DataFrame({"地区": ["苏州市"], "死亡人数": [50]}), folder / "t.csv")
    >>> p.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    path = Path(path)
    fmt = format or _FORMATS.get(path.suffix.lower())
    if fmt not in ("csv", "md", "html", "xlsx"):
        raise ParameterError(f"write_table: cannot tell the format of {str(path)!r}; use a .csv, .md, .html or "
                             ".xlsx file name, or format=")
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"write_table: table must be a DataFrame, got {type(table).__name__}")
    if path.is_dir():
        raise InputError(f"write_table: {path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise InputError(f"write_table: folder {path.parent} does not exist; create it first")
    if fmt == "csv":
        data = table.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
    elif fmt == "md":
        data = to_markdown(table, title=title).encode("utf-8")
    elif fmt == "html":
        data = to_html(table, title=title).encode("utf-8")
    else:
        data = _xlsx_bytes(table, title=title)
    try:
        path.write_bytes(data)
    except PermissionError:
        raise InputError(f"write_table: no permission to write {path}; choose a folder you can write to") from None
    return path
