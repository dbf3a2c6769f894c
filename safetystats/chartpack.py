"""A chart pack: a folder of PNG figures, summary tables, an index page and a manifest.

:func:`build_chartpack` draws every figure that the data allow, in Chinese or
English, and writes::

    OUT/
      index.html        gallery: each figure with its title, caption and source; the tables
      manifest.json     every file: title, source data, sha256
      figures/NN_*.png  fixed dpi, no timestamps: the same input gives the same bytes
      tables/NN_*.csv|.md|.html|.xlsx

The pack is built in a temporary folder beside ``OUT`` and moved into place
at the end, so a failure never leaves half a pack.  An existing ``OUT`` is
replaced only when it is a previous chart pack (its ``manifest.json`` says
so) or an empty folder, unless ``force=True``.

With no data the pack uses the bundled sets: the Suzhou 2023 report (training,
standardization, the report's claims checked) and the national series (China,
US BLS CFOI, GB HSE) with trend, forecast and control charts.

Examples
--------
>>> import tempfile, pathlib, json
>>> out = build_chartpack(pathlib.Path(tempfile.mkdtemp()) / "pack", lang="en", dpi=50, progress=False,
...                       forecast_model="drift")
>>> manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
>>> manifest["generator"], manifest["lang"]
('safetystats chartpack', 'en')
>>> any(f["path"].startswith("figures/") for f in manifest["files"])
True
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from .errors import InputError, InsufficientDataError, ParameterError, SafetyStatsError

__all__ = ["build_chartpack", "GENERATOR", "is_chartpack", "CHINESE_TEXT"]

GENERATOR = "safetystats chartpack"
_TABLE_FORMATS = ("csv", "md", "html", "xlsx")

#: Region names of the bundled data sets: (zh, en).
REGION_NAMES: dict[str, tuple[str, str]] = {
    "全国": ("全国", "China"),
    "苏州市": ("苏州市", "Suzhou"),
    "United States": ("美国", "United States"),
    "Great Britain": ("英国（大不列颠）", "Great Britain"),
}

_TEXT: dict[str, tuple[str, str]] = {
    "pack_title": ("安全生产统计图表包", "Safety statistics chart pack"),
    "figures": ("图", "Figures"),
    "tables": ("表", "Tables"),
    "source": ("资料来源", "Source"),
    "bundled": ("safetystats 内置数据", "bundled with safetystats"),
    "not_drawn": ("未绘制", "Not drawn"),
    "forecast_from": ("预测依据 {start}–{end} 连续年份数据，模型 {model}", "Forecast from the unbroken run {start}–{end}, model {model}"),
    "data_range": ("数据范围：{start}–{end}。", "Data: {start}–{end}."),
    "scope_change": ("2016年起统计口径调整", "2016: scope of the statistics changed"),
    "counts_caption": ("{region}{metric}，{start}–{end}年。", "{metric}, {region}, {start}–{end}."),
    "control_caption": ("{region}{metric} c 控制图：中心线为平均数，控制限为平均数±3倍标准差（泊松；σ_z = {sigma_z}）。",
                        "c chart of {metric}, {region}: centre line at the mean, limits at mean ± 3 Poisson sigma "
                        "(σ_z = {sigma_z})."),
    "laney_caption": ("{region}{metric} Laney c′ 控制图：逐年波动是泊松噪声的 {sigma_z} 倍（σ_z），c 控制图会把正常波动误报为异常，"
                      "故控制限按 σ_z 放宽（Laney 2002）。",
                      "Laney c′ chart of {metric}, {region}: the year-to-year spread is {sigma_z} times Poisson noise "
                      "(σ_z), so c-chart limits would flag ordinary variation; the limits are widened by σ_z "
                      "(Laney 2002)."),
    "training_caption": ("{region}按人员类别的考试人数及占比。", "People examined by category, {region}, with shares."),
    "standardization_caption": ("{region}各等级安全生产标准化达标企业数。",
                                "Enterprises certified at each standardization level, {region}."),
    "table_accidents": ("事故与死亡人数", "Accidents and deaths"),
    "table_training": ("考试人数", "People examined"),
    "table_standardization": ("标准化达标企业", "Standardization"),
    "table_indicators": ("报告中的其他数字", "Other figures in the report"),
    "table_forecast": ("预测", "Forecast"),
    "table_control": ("控制图", "Control chart"),
    "table_checks": ("报告数字核对", "Claims checked"),
    "table_trend": ("趋势", "Trend"),
    "table_joinpoint": ("连接点分段", "Joinpoint segments"),
    "table_yoy": ("同比变化", "Year-over-year change"),
    "generated": ("由 safetystats 生成", "Made with safetystats"),
    "files": ("文件", "Files"),
}

#: Chinese strings the chart pack may draw (the tofu test renders them all).
CHINESE_TEXT: tuple[str, ...] = tuple(v[0] for v in REGION_NAMES.values()) + tuple(v[0] for v in _TEXT.values())


def _t(key: str, lang: str, **fields: Any) -> str:
    text = _TEXT[key][0 if lang == "zh" else 1]
    return text.format(**fields) if fields else text


def _region(name: Any, lang: str) -> str:
    if name is None or (isinstance(name, float) and np.isnan(name)) or name is pd.NA:
        return ""
    pair = REGION_NAMES.get(str(name))
    return str(name) if pair is None else pair[0 if lang == "zh" else 1]


# ---------------------------------------------------------------------------
# What goes into a pack
# ---------------------------------------------------------------------------
@dataclass
class _Figure:
    name: str
    title: str
    caption: str
    source: str
    draw: Callable[[], Any]


@dataclass
class _Table:
    name: str
    title: str
    source: str
    frame: pd.DataFrame


@dataclass
class _Input:
    name: str  # shown as the source
    kind: str
    frame: pd.DataFrame
    sha256: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _attempt(fn: Callable[[], Any]) -> tuple[Any, str | None]:
    """Run an analysis step; a data problem gives (None, reason) so the caption can say why."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(), None
    except SafetyStatsError as exc:
        return None, str(exc).splitlines()[0]


def _trailing_run(series: pd.DataFrame, value: str) -> pd.DataFrame:
    """The last unbroken run of periods with a value (for models that need no gaps)."""
    from .periods import period_ordinals

    ok = series[series[value].notna()]
    if ok.empty:
        return ok
    o = period_ordinals(ok["period"])
    breaks = np.flatnonzero(np.diff(o) != 1)
    start = int(breaks[-1]) + 1 if len(breaks) else 0
    return ok.iloc[start:].reset_index(drop=True)


def _series_items(
    frame: pd.DataFrame,
    *,
    value: str,
    lang: str,
    source: str,
    prefix: str,
    breaks: dict[str, str] | None = None,
    control: bool = True,
    strict: bool = True,
    forecast_model: str = "auto",
) -> list[_Figure | _Table]:
    """Counts over time (+ trend, joinpoint, forecast fan) and a control chart for one series."""
    from .plots import plot_control, plot_counts
    from .plots.style import format_count, label
    from .tables import summary_table

    region = _region(frame["region"].iloc[0] if "region" in frame.columns else None, lang)
    series = frame[["period", value]].copy()
    series[value] = pd.to_numeric(series[value], errors="coerce")
    have = series[value].notna()
    n = int(have.sum())
    if strict:
        if n < 2:
            raise InsufficientDataError(f"chart pack ({source}, {value})", needed=2, got=n,
                                        what="periods with a value (a single year has no trend to draw)")
        if (series.loc[have, value] == 0).all():
            raise InputError(f"chart pack: every {value} value in {source} is 0; there is no series to chart "
                             "(check the column, or leave it out)")
    metric = label(value, lang)
    notes: list[str] = []
    items: list[_Figure | _Table] = []

    run = _trailing_run(series, value)
    fc = None
    if len(run) >= 3:
        from .forecast import forecast

        fc, why = _attempt(lambda: forecast(run, value=value, horizon=3, model=forecast_model))
        if fc is not None:
            model = str(fc["model"].iloc[0])
            notes.append(_t("forecast_from", lang, start=run["period"].iloc[0], end=run["period"].iloc[-1],
                            model=model))
        else:
            notes.append(_not_drawn("forecast", why, lang))
    else:
        notes.append(_not_drawn("forecast", "最后一段连续数据不足3年" if lang == "zh" else
                                "fewer than 3 unbroken periods at the end", lang))

    trend = None
    trend_fn = _optional("safetystats.trend", "loglinear_trend")
    if trend_fn is not None:
        known = series[have].reset_index(drop=True)
        shifts = [b for b in (breaks or {}) if known["period"].iloc[0] < b <= known["period"].iloc[-1]] or None
        trend, trend_why = _attempt(lambda: trend_fn(known, value=value, breaks=shifts, gaps="allow"))
        if trend is None:
            notes.append(_not_drawn("trend", trend_why, lang))
        else:
            notes.insert(0, _trend_words(trend, lang))

    jp = None
    jp_fn = _optional("safetystats.trend", "joinpoint")
    if jp_fn is not None and not breaks and n >= 7:
        known = series[have].reset_index(drop=True)
        jp, jp_why = _attempt(lambda: jp_fn(known, value=value, ci="parametric", gaps="allow"))
        if jp is None:
            notes.append(_not_drawn("segments", jp_why, lang))
        else:
            notes.append(_joinpoint_words(jp, lang))
    notes += [str(text) for text in (breaks or {}).values()]
    periods = series.loc[have, "period"].tolist()
    caption = _t("counts_caption", lang, region=region, metric=metric, start=periods[0], end=periods[-1])
    if notes:
        caption += (" " if lang == "en" else "") + ("；".join(notes) + "。" if lang == "zh" else "; ".join(notes) + ".")
    title = f"{region}{metric}" if lang == "zh" else f"{metric}, {region}" if region else metric
    title = label("title_counts", lang, metric=title) if lang == "zh" else f"{title}, over time"

    def draw_counts(series=series, trend=trend, fc=fc, title=title, jp=jp) -> Any:
        return plot_counts(series, value=value, lang=lang, forecast=fc, breaks=breaks, trend=trend, title=title,
                           joinpoint=jp if jp is not None and jp.n_joinpoints > 0 else None)

    items.append(_Figure(f"{prefix}_{value}", title, caption, source, draw_counts))
    if trend is not None:
        items.append(_Table(f"{prefix}_{value}_trend", f"{title} — {_t('table_trend', lang)}", source,
                            summary_table(trend.to_frame(), kind="trend", lang=lang)))
    if jp is not None:
        items.append(_Table(f"{prefix}_{value}_joinpoint", f"{title} — {_t('table_joinpoint', lang)}", source,
                            summary_table(jp.segments, kind="segments", lang=lang)))
    if fc is not None:
        items.append(_Table(f"{prefix}_{value}_forecast", f"{title} — {_t('table_forecast', lang)}", source,
                            summary_table(fc, kind="forecast", lang=lang)))
    yoy_fn = _optional("safetystats.trend", "yoy_table")
    if yoy_fn is not None and len(run) >= 3:
        from .plots import plot_yoy

        yoy, why = _attempt(lambda: yoy_fn(run, value=value))
        if yoy is not None:
            ytitle = (f"{region}{metric}同比变化" if lang == "zh" else f"{metric}, {region}: change on the previous period")
            n_sig = int(yoy["significant"].fillna(False).astype(bool).sum()) if "significant" in yoy.columns else 0
            ycap = (f"{region}{metric}逐年同比变化，误差线为率比的95%精确置信区间（条件二项，同 R poisson.test）；"
                    f"{run['period'].iloc[1]}–{run['period'].iloc[-1]} 年中有 {n_sig} 个变化超出随机波动（p < 0.05）。"
                    if lang == "zh" else
                    f"Change of {metric.lower()} on the previous period, {region}; bars show the 95% exact interval of "
                    f"the rate ratio (conditional binomial, as R poisson.test); {n_sig} of the changes "
                    f"{run['period'].iloc[1]}–{run['period'].iloc[-1]} are beyond chance (p < 0.05).")

            def draw_yoy(yoy=yoy, ytitle=ytitle) -> Any:
                return plot_yoy(yoy, lang=lang, title=ytitle)

            items.append(_Figure(f"{prefix}_{value}_yoy", ytitle, ycap, source, draw_yoy))
            items.append(_Table(f"{prefix}_{value}_yoy", ytitle, source, summary_table(yoy, kind="yoy", lang=lang)))
    if control and len(run) >= 8:
        from .control import c_chart, laney_u_chart

        chart, why = _attempt(lambda: c_chart(run, value=value))
        laney = chart is not None and float(chart["sigma_z"].iloc[0]) > 1.5
        if laney:  # spread well beyond Poisson: c-chart limits would flag noise; widen them (Laney 2002)
            chart, why = _attempt(lambda: laney_u_chart(run, value=value))
        if chart is not None:
            ctitle = label("title_control", lang, metric=f"{region}{metric}" if lang == "zh" else f"{metric}, {region}")

            def draw_control(chart=chart, ctitle=ctitle) -> Any:
                return plot_control(chart, lang=lang, title=ctitle)

            ccap = _t("laney_caption" if laney else "control_caption", lang, region=region, metric=metric,
                      sigma_z=format_count(float(chart["sigma_z"].iloc[0]), lang="en", decimals=2)) + " " + _t(
                "data_range", lang, start=run["period"].iloc[0], end=run["period"].iloc[-1])
            items.append(_Figure(f"{prefix}_{value}_control", ctitle, ccap, source, draw_control))
            items.append(_Table(f"{prefix}_{value}_control", f"{ctitle}", source,
                                summary_table(chart, kind="control", lang=lang)))
    return items


def _not_drawn(what: str, why: str | None, lang: str) -> str:
    from .plots.style import label

    if lang == "zh":
        return f"未绘制{label(what, lang)}：{why}"
    return f"{label(what, lang)} not drawn: {why}"


def _trend_words(trend: Any, lang: str) -> str:
    """APC with its interval, p-value and family in words (numbers rounded half-up)."""
    from .plots.style import format_count, format_pct

    apc = format_pct(trend.apc, decimals=1, signed=True)
    lo, hi = format_pct(trend.apc_low, decimals=1), format_pct(trend.apc_high, decimals=1)
    p = "< 0.001" if trend.p_value < 0.001 else "= " + format_count(trend.p_value, lang="en", decimals=3)
    family = {"poisson": ("泊松", "Poisson"), "negbin": ("负二项", "negative binomial"),
              "quasipoisson": ("拟泊松", "quasi-Poisson")}.get(trend.family, (trend.family, trend.family))
    level = f"{trend.conf_level:.0%}"
    if lang == "zh":
        text = (f"对数线性趋势（{family[0]}模型，{trend.first_period}–{trend.last_period}）：年均变化 {apc}"
                f"（{level}置信区间 {lo} 至 {hi}），p {p}")
    else:
        text = (f"log-linear trend ({family[1]}, {trend.first_period}–{trend.last_period}): {apc} a year "
                f"({level} CI {lo} to {hi}), p {p}")
    shifts = getattr(trend, "level_shifts", None)
    if isinstance(shifts, pd.DataFrame) and not shifts.empty:
        for row in shifts.itertuples(index=False):
            step = format_pct(row.pct_change, decimals=1, signed=True)
            text += (f"；{row.period}年起水平变化 {step}" if lang == "zh" else f"; level shift from {row.period}: {step}")
    return text


def _joinpoint_words(jp: Any, lang: str) -> str:
    """The joinpoints and each segment's APC in words."""
    from .plots.style import format_pct

    family = {"poisson": ("泊松", "Poisson"), "negbin": ("负二项", "negative binomial"),
              "quasipoisson": ("拟泊松", "quasi-Poisson"), "wls": ("加权最小二乘", "WLS")}.get(
        jp.family, (jp.family, jp.family))
    segs = [(r.start, r.end, format_pct(r.apc, decimals=1, signed=True)) for r in jp.segments.itertuples()]
    if lang == "zh":
        if jp.n_joinpoints == 0:
            return f"连接点回归（{family[0]}）未发现趋势转折"
        parts = "，".join(f"{a}–{b}年 {apc}/年" for a, b, apc in segs)
        return f"连接点回归（{family[0]}）：转折点 {'、'.join(jp.joinpoints)}；分段年均变化 {parts}"
    if jp.n_joinpoints == 0:
        return f"joinpoint regression ({family[1]}) finds no change of trend"
    parts = ", ".join(f"{a}–{b} {apc} a year" for a, b, apc in segs)
    return f"joinpoint regression ({family[1]}): joinpoints {', '.join(jp.joinpoints)}; segments {parts}"


def _optional(module: str, name: str) -> Any:
    """A public function of a sibling analysis module, or None when this installation lacks it."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _frame_items(inp: _Input, *, lang: str, index: int, forecast_model: str) -> list[_Figure | _Table]:
    """Figures and tables for one validated frame read from a user's file."""
    from .plots import plot_standardization, plot_training
    from .tables import summary_table

    frame, kind = inp.frame, inp.kind
    if frame.empty:
        raise InputError(f"chart pack: {inp.name} holds no rows; there is nothing to chart")
    prefix = f"{index:02d}"
    items: list[_Figure | _Table] = []
    regions = [None]
    if "region" in frame.columns and frame["region"].notna().any():
        regions = list(dict.fromkeys(frame["region"].dropna()))
    if kind == "accidents":
        items.append(_Table(f"{prefix}_accidents", _t("table_accidents", lang), inp.name,
                            summary_table(frame, kind="accidents", lang=lang)))
        for r, region in enumerate(regions):
            part = frame if region is None else frame[frame["region"] == region]
            part = part.sort_values("period", key=lambda s: pd.Series(_ordinals(s), index=s.index))
            for value in ("accidents", "deaths"):
                if value in part.columns and part[value].notna().any():
                    items += _series_items(part.reset_index(drop=True), value=value, lang=lang, source=inp.name,
                                           prefix=f"{prefix}_{r:02d}", forecast_model=forecast_model)
    elif kind == "training":
        for r, region in enumerate(regions):
            part = frame if region is None else frame[frame["region"] == region]
            name = _region(region, lang)
            items.append(_Figure(f"{prefix}_{r:02d}_training", _title_of("title_training", lang, name),
                                 _t("training_caption", lang, region=name), inp.name,
                                 lambda part=part: plot_training(part, lang=lang)))
        items.append(_Table(f"{prefix}_training", _t("table_training", lang), inp.name,
                            summary_table(frame, kind="training", lang=lang)))
    elif kind == "standardization":
        for r, region in enumerate(regions):
            part = frame if region is None else frame[frame["region"] == region]
            name = _region(region, lang)
            items.append(_Figure(f"{prefix}_{r:02d}_standardization", _title_of("title_standardization", lang, name),
                                 _t("standardization_caption", lang, region=name), inp.name,
                                 lambda part=part: plot_standardization(part, lang=lang)))
        items.append(_Table(f"{prefix}_standardization", _t("table_standardization", lang), inp.name,
                            summary_table(frame, kind="standardization", lang=lang)))
    elif kind == "indicators":
        items.append(_Table(f"{prefix}_indicators", _t("table_indicators", lang), inp.name,
                            summary_table(frame, kind="indicators", lang=lang)))
    else:  # pragma: no cover - io.read only returns the kinds above
        raise InputError(f"chart pack: cannot chart {inp.name} (kind {kind!r})")
    return items


def _ordinals(s: pd.Series) -> np.ndarray:
    from .periods import period_ordinals

    return period_ordinals(s)


def _title_of(key: str, lang: str, region: str) -> str:
    from .plots.style import label

    text = label(key, lang)
    if not region:
        return text
    return f"{region}{text}" if lang == "zh" else f"{text}, {region}"


def _bundled_items(lang: str, forecast_model: str) -> tuple[list[_Figure | _Table], list[dict[str, Any]]]:
    """The pack of the bundled data: Suzhou 2023 and the national series."""
    from .datasets import data_path, load_china_national, load_suzhou_2023, load_uk_hse, load_us_cfoi
    from .plots import plot_standardization, plot_training
    from .tables import summary_table

    items: list[_Figure | _Table] = []
    sources: list[dict[str, Any]] = []

    def src(rel: str) -> str:
        sources.append({"name": f"safetystats/_data/{rel}", "sha256": _sha256_file(data_path(rel))})
        return f"{_t('bundled', lang)}: {rel}"

    sz = load_suzhou_2023()
    name = _region("苏州市", lang)
    s_tr, s_st = src("suzhou_2023/training.csv"), src("suzhou_2023/standardization.csv")
    s_cl, s_acc, s_ind = src("suzhou_2023/claims.csv"), src("suzhou_2023/accidents.csv"), \
        src("suzhou_2023/indicators.csv")
    items += _claims_items(sz.claims, lang=lang, source=s_cl, prefix="01_suzhou")
    items.append(_Figure("02_suzhou_training", _title_of("title_training", lang, name),
                         _t("training_caption", lang, region=name), s_tr,
                         lambda: plot_training(sz.training, lang=lang)))
    items.append(_Figure("03_suzhou_standardization", _title_of("title_standardization", lang, name),
                         _t("standardization_caption", lang, region=name), s_st,
                         lambda: plot_standardization(sz.standardization, lang=lang)))
    items.append(_Table("01_suzhou_accidents", _t("table_accidents", lang), s_acc,
                        summary_table(sz.accidents, kind="accidents", lang=lang)))
    items.append(_Table("02_suzhou_training", _t("table_training", lang), s_tr,
                        summary_table(sz.training, kind="training", lang=lang)))
    items.append(_Table("03_suzhou_standardization", _t("table_standardization", lang), s_st,
                        summary_table(sz.standardization, kind="standardization", lang=lang)))
    items.append(_Table("04_suzhou_indicators", _t("table_indicators", lang), s_ind,
                        summary_table(sz.indicators, kind="indicators", lang=lang)))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cn = load_china_national(kind="counts", on_missing="ignore")
        us = load_us_cfoi(kind="counts", on_missing="ignore")
        gb = load_uk_hse(kind="counts", on_missing="ignore")
    s_cn, s_us, s_gb = src("china_national/indicators.csv"), src("us_bls_cfoi/indicators.csv"), \
        src("uk_hse/indicators.csv")
    items += _series_items(cn, value="deaths", lang=lang, source=s_cn, prefix="04_china",
                           breaks={"2016": _t("scope_change", lang)}, control=False, strict=False,
                           forecast_model=forecast_model)
    items += _series_items(us, value="deaths", lang=lang, source=s_us, prefix="05_us", strict=False,
                           forecast_model=forecast_model)
    items += _series_items(gb, value="deaths", lang=lang, source=s_gb, prefix="06_gb", strict=False,
                           forecast_model=forecast_model)
    return items, sources


def _claims_items(claims: pd.DataFrame, *, lang: str, source: str, prefix: str) -> list[_Figure | _Table]:
    """The claims of a report checked (figures when safetystats.checks is available)."""
    from .tables import summary_table

    check = _optional("safetystats.checks", "check_claims")
    if check is None:
        return []
    from .plots import plot_claims, plot_yoy
    from .plots.style import label

    result = check(claims)
    items: list[_Figure | _Table] = []
    n = len(result)
    verdicts = result["verdict"].value_counts()
    counts = "，".join(f"{label_verdict(v, lang)} {int(k)} 条" for v, k in verdicts.items()) if lang == "zh" else \
        ", ".join(f"{int(k)} {label_verdict(v, lang)}" for v, k in verdicts.items())
    changes = result[(result["kind"] == "change") & result["reported_pct"].notna()]
    if len(changes):
        cap = (f"报告中的 {len(changes)} 个同比变化率与按计数重新计算的变化率并列；未给出上年数时，按报告数字推算的上年数"
               f"重新计算。" if lang == "zh" else
               f"The report's {len(changes)} percentage changes beside the changes recomputed from the counts; where "
               "the report gives no previous value, the change is recomputed from the previous value it implies.")
        items.append(_Figure(f"{prefix}_yoy", label("title_yoy", lang), cap, source,
                             lambda: plot_yoy(result, lang=lang)))
    cap = (f"报告中全部 {n} 条可核对表述：{counts}。横轴为报告值与重算值之差（以报告数字末位的半个单位计），灰带内即四舍五入后一致。"
           if lang == "zh" else
           f"All {n} checkable statements of the report: {counts}. The x axis is reported minus recomputed, in "
           "half-units of the reported figure's last digit; inside the grey band the reported figure is the "
           "recomputed one correctly rounded.")
    items.append(_Figure(f"{prefix}_claims", label("title_claims", lang), cap, source,
                         lambda: plot_claims(result, lang=lang)))
    items.append(_Table(f"{prefix}_checks", _t("table_checks", lang), source,
                        summary_table(result, kind="checks", lang=lang)))
    return items


def label_verdict(verdict: str, lang: str) -> str:
    """The verdict word in ``lang``."""
    from .plots.style import VERDICT_STYLE

    style = VERDICT_STYLE.get(verdict)
    return verdict if style is None else style[2 if lang == "zh" else 3]


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------
def is_chartpack(path: str | Path) -> bool:
    """Whether ``path`` is a folder written by :func:`build_chartpack` (its manifest says so).

    Examples
    --------
    >>> import tempfile
    >>> is_chartpack(tempfile.mkdtemp())
    False
    """
    manifest = Path(path) / "manifest.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("generator") == GENERATOR
    except (OSError, ValueError, AttributeError):
        return False


def _check_out(out: Path, *, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"chart pack: {out} is a file, not a folder; choose a folder name for --out")
    if out.is_dir() and any(out.iterdir()) and not is_chartpack(out) and not force:
        raise InputError(f"chart pack: {out} already holds files that are not a safetystats chart pack; choose "
                         "another folder, empty it, or pass force=True (--force) to replace it")
    parent = out.parent if out.parent != Path("") else Path(".")
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise InputError(f"chart pack: {probe} is a file, so {out} cannot be created")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(f"chart pack: no permission to write in {probe}; choose a folder you can write to")


class _Progress:
    def __init__(self, total: int, enabled: bool, stream: TextIO) -> None:
        self.total, self.enabled, self.stream, self.done = total, enabled, stream, 0

    def step(self, what: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {what[:40]:<40}")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def _save_png(ax: Any, path: Path, dpi: int) -> None:
    import matplotlib.pyplot as plt

    fig = ax.get_figure(root=True)
    fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)


def _load(data: Sequence[Any]) -> list[_Input]:
    from .io import read
    from .tables import guess_kind

    inputs = []
    for item in data:
        if isinstance(item, pd.DataFrame):
            kind = item.attrs.get("kind") or guess_kind(item)
            if kind not in ("accidents", "training", "standardization", "indicators"):
                raise InputError("chart pack: cannot tell what a DataFrame holds; give it the columns of an "
                                 "accidents, training, standardization or indicators frame")
            inputs.append(_Input(item.attrs.get("source", f"DataFrame {len(inputs) + 1}"), kind, item))
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"chart pack: no such file {path}")
        if path.is_dir():
            raise InputError(f"chart pack: {path} is a folder; give data files (CSV, Excel, Parquet)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = read(path)
        inputs.append(_Input(path.name, str(frame.attrs.get("kind")), frame, _sha256_file(path)))
    return inputs


def build_chartpack(
    out: str | Path,
    *,
    lang: str = "zh",
    data: Sequence[str | Path | pd.DataFrame] | None = None,
    dpi: int = 150,
    force: bool = False,
    progress: bool | None = None,
    stream: TextIO | None = None,
    forecast_model: str = "auto",
) -> Path:
    """Write a chart pack (PNG figures, tables, ``index.html``, ``manifest.json``) into ``out``.

    Parameters
    ----------
    out : str or pathlib.Path
        The folder to create.  An existing folder is replaced only when it is
        empty or a previous chart pack, unless ``force``.
    lang : {"zh", "en"}, default "zh"
        Language of every figure, table and page.
    data : list of paths or DataFrames, optional
        Data files (CSV, Excel, Parquet: accidents, training,
        standardization or indicators; the kind is read from the headers) or
        validated frames.  Default: the bundled data sets.
    dpi : int, default 150
        Resolution of the PNGs (50-600).
    force : bool, default False
        Replace ``out`` even when it is not a chart pack.
    progress : bool, optional
        Show a progress bar; by default only when ``stream`` is a terminal.
    stream : file, optional
        Where the progress bar goes (default ``sys.stderr``).
    forecast_model : str, default "auto"
        The model of the forecast fans (see :func:`safetystats.forecast.forecast`;
        ``"auto"`` picks one per series by rolling-origin MASE, ``"drift"`` is
        much quicker).

    Returns
    -------
    pathlib.Path
        The pack folder.

    Raises
    ------
    InputError
        ``out`` is a file, holds other files (without ``force``) or cannot be
        written; a data file cannot be read, is empty or all its counts are 0.
    InsufficientDataError
        A count series has fewer than 2 periods.
    ParameterError
        Bad ``lang`` or ``dpi``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": ["2019", "2020", "2021", "2022", "2023"], "deaths": [70, 66, 61, 56, 50]})
    >>> out = build_chartpack(pathlib.Path(tempfile.mkdtemp()) / "p", lang="zh", data=[df], dpi=50,
    ...                       progress=False, forecast_model="drift")
    >>> sorted(p.name for p in (out / "figures").iterdir())
    ['01_00_deaths.png', '01_00_deaths_yoy.png']
    """
    from . import __version__
    from .plots.style import check_lang, plot_context

    check_lang(lang)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, np.integer)) or not 50 <= int(dpi) <= 600:
        raise ParameterError(f"build_chartpack: dpi={dpi!r}; give a whole number from 50 to 600 (150 is usual)")
    from .forecast import MODELS

    if forecast_model != "auto" and forecast_model not in MODELS:
        raise ParameterError(f"build_chartpack: forecast_model={forecast_model!r} is not a model; choose 'auto' or "
                             f"one of {', '.join(MODELS)}")
    out = Path(out)
    _check_out(out, force=force)
    stream = stream or sys.stderr
    if progress is None:
        progress = bool(getattr(stream, "isatty", lambda: False)())

    if data is None:
        items, sources = _bundled_items(lang, forecast_model)
    else:
        if isinstance(data, (str, Path, pd.DataFrame)):
            data = [data]
        if len(data) == 0:
            raise InputError("chart pack: no data given; name one or more data files, or none for the bundled data")
        inputs = _load(data)
        items, sources = [], []
        for i, inp in enumerate(inputs, start=1):
            items += _frame_items(inp, lang=lang, index=i, forecast_model=forecast_model)
            sources.append({"name": inp.name, "sha256": inp.sha256})
    figures = [it for it in items if isinstance(it, _Figure)]
    tables = [it for it in items if isinstance(it, _Table)]
    if not figures and not tables:
        raise InputError("chart pack: the data give nothing to draw")

    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except PermissionError:
        raise InputError(f"chart pack: no permission to write in {parent}; choose a folder you can write to") \
            from None
    try:
        (tmp / "figures").mkdir()
        (tmp / "tables").mkdir()
        bar = _Progress(len(figures) + len(tables), bool(progress), stream)
        records: list[dict[str, Any]] = []
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "safetystats"}), plot_context(lang):
            for fig in figures:
                rel = f"figures/{fig.name}.png"
                ax = fig.draw()
                _save_png(ax, tmp / rel, int(dpi))
                records.append({"path": rel, "kind": "figure", "title": fig.title, "caption": fig.caption,
                                "source": fig.source})
                bar.step(rel)
        from .tables import write_table

        for tab in tables:
            for fmt in _TABLE_FORMATS:
                rel = f"tables/{tab.name}.{fmt}"
                write_table(tab.frame, tmp / rel, title=tab.title if fmt != "csv" else None)
                records.append({"path": rel, "kind": "table", "title": tab.title, "caption": "",
                                "source": tab.source})
            bar.step(f"tables/{tab.name}")
        for rec in records:
            rec["sha256"] = _sha256_file(tmp / rec["path"])
        (tmp / "index.html").write_text(_index_html(figures, tables, lang=lang), encoding="utf-8")
        records.append({"path": "index.html", "kind": "index", "title": _t("pack_title", lang), "caption": "",
                        "source": "", "sha256": _sha256_file(tmp / "index.html")})
        manifest = {"generator": GENERATOR, "version": __version__, "lang": lang, "dpi": int(dpi),
                    "inputs": sources, "files": records}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
        _move_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _move_into_place(tmp: Path, out: Path) -> None:
    """Swap the finished pack in; the old folder is removed only after the new one is in place."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
        try:
            tmp.rename(out)
        except BaseException:
            old.rename(out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)
    os.chmod(out, 0o755)


_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;
max-width:980px;padding:0 1rem;color:#222;line-height:1.5}
h1{font-weight:normal}figure{margin:2rem 0;border-top:1px solid #ddd;padding-top:1rem}
img{max-width:100%;height:auto}figcaption{color:#444;font-size:.95rem}
.src{color:#777;font-size:.85rem}table.safetystats{border-collapse:collapse;font-size:.9rem;margin:.5rem 0 1rem}
table.safetystats th,table.safetystats td{border:1px solid #ccc;padding:.2rem .5rem;vertical-align:top}
td.num{text-align:right}.files a{margin-right:.6rem}
"""


def _index_html(figures: list[_Figure], tables: list[_Table], *, lang: str) -> str:
    from . import __version__
    from .tables import to_html

    esc = html.escape
    parts = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
             f"<title>{esc(_t('pack_title', lang))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
             f"<h1>{esc(_t('pack_title', lang))}</h1>\n<h2>{esc(_t('figures', lang))}</h2>\n"]
    for k, fig in enumerate(figures, start=1):
        num = f"图{k}" if lang == "zh" else f"Figure {k}"
        parts.append(f'<figure id="{esc(fig.name)}">\n<img src="figures/{esc(fig.name)}.png" alt="{esc(fig.title)}">\n'
                     f"<figcaption><b>{esc(num)}</b> {esc(fig.title)}。{esc(fig.caption)}<br>"
                     if lang == "zh" else
                     f'<figure id="{esc(fig.name)}">\n<img src="figures/{esc(fig.name)}.png" alt="{esc(fig.title)}">\n'
                     f"<figcaption><b>{esc(num)}</b> {esc(fig.title)}. {esc(fig.caption)}<br>")
        parts.append(f'<span class="src">{esc(_t("source", lang))}: {esc(fig.source)}</span></figcaption>\n'
                     "</figure>\n")
    parts.append(f"<h2>{esc(_t('tables', lang))}</h2>\n")
    for k, tab in enumerate(tables, start=1):
        num = f"表{k}" if lang == "zh" else f"Table {k}"
        links = " ".join(f'<a href="tables/{esc(tab.name)}.{fmt}">{fmt.upper()}</a>' for fmt in _TABLE_FORMATS)
        parts.append(f'<section id="{esc(tab.name)}">\n<h3>{esc(num)} {esc(tab.title)}</h3>\n'
                     f'<p class="files">{esc(_t("files", lang))}: {links}</p>\n{to_html(tab.frame)}'
                     f'<p class="src">{esc(_t("source", lang))}: {esc(tab.source)}</p>\n</section>\n')
    parts.append(f'<p class="src">{esc(_t("generated", lang))} {esc(__version__)}</p>\n</body>\n</html>\n')
    return "".join(parts)
