"""Plain-words sentences from a forecast frame, in Chinese or English."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..periods import parse_period
from .models import level_name

__all__ = ["forecast_summary", "METRIC_WORDS"]

#: metric -> (Chinese noun, Chinese measure word, English noun)
METRIC_WORDS: dict[str, tuple[str, str, str]] = {
    "accidents": ("事故", "起", "accidents"),
    "deaths": ("死亡", "人", "deaths"),
    "injuries": ("受伤", "人", "injuries"),
    "examined": ("考试", "人", "people examined"),
    "passed": ("考试合格", "人", "people passing"),
    "certified": ("达标企业", "家", "certified enterprises"),
    "audited": ("核查企业", "家", "enterprises audited"),
    "direct_economic_loss": ("直接经济损失", "", "direct economic loss"),
}
_CN_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _fmt(x: float, decimals: int) -> str:
    q = Decimal(1).scaleb(-decimals)
    d = Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP)
    return f"{d:,}" if abs(d) >= 10000 else str(d)


def _period_words(label: str, lang: str) -> str:
    p = parse_period(label)
    if lang == "zh":
        if p.kind == "year":
            return f"{p.year} 年"
        if p.kind == "month":
            return f"{p.year} 年 {p.sub} 月"
        if p.kind == "quarter":
            return f"{p.year} 年第{_CN_QUARTER[p.sub]}季度"
        if p.kind == "ytd":
            return f"{p.year} 年 {p.sub}–{p.end} 月"
        return f"{p.label} 年度"
    if p.kind == "month":
        return f"{_MONTHS[p.sub - 1]} {p.year}"
    if p.kind == "quarter":
        return f"{p.year} Q{p.sub}"
    if p.kind == "ytd":
        return f"{_MONTHS[p.sub - 1]}–{_MONTHS[p.end - 1]} {p.year}"
    return p.label


def forecast_summary(
    fc: pd.DataFrame,
    *,
    lang: str = "zh",
    level: float = 95,
    step: int = 1,
    what: str | None = None,
    unit: str | None = None,
    decimals: int | None = None,
) -> str:
    """One plain sentence per series for a report, from a :func:`forecast` frame.

    Parameters
    ----------
    fc : pandas.DataFrame
        The output of :func:`safetystats.forecast`.
    lang : {"zh", "en"}
        Language of the sentence.
    level : float
        Which interval to quote (a level present in ``fc``).
    step : int
        Which forecast step to describe (1 = the next period).
    what, unit : str, optional
        Words for the metric (``"事故"``, ``"起"`` / ``"accidents"``); taken
        from the ``metric`` column for the usual metrics.
    decimals : int, optional
        Decimals shown; 0 for count intervals, 1 otherwise.  Rounded half up.

    Returns
    -------
    str
        Sentences separated by newlines (one per series), prefixed by the
        series key when the frame holds several series.

    Examples
    --------
    >>> import pandas as pd
    >>> from safetystats.forecast import forecast
    >>> df = pd.DataFrame({"period": [str(y) for y in range(2016, 2024)],
    ...                    "accidents": [95, 91, 88, 86, 80, 79, 80, 71]})
    >>> fc = forecast(df, value="accidents", model="drift", horizon=1)
    >>> forecast_summary(fc)
    '以当前趋势，2024 年事故约 68 起（95% 区间 52–84）。'
    >>> forecast_summary(fc, lang="en")
    'On the current trend, about 68 accidents are expected in 2024 (95% interval 52–84).'
    """
    if lang not in ("zh", "en"):
        raise ParameterError(f"lang={lang!r}; use 'zh' or 'en'")
    nm = level_name(float(level))
    lo_col, hi_col = f"lo_{nm}", f"hi_{nm}"
    if lo_col not in fc.columns:
        have = sorted(c[3:] for c in fc.columns if c.startswith("lo_"))
        raise ParameterError(f"level {level!r} is not in the forecast; levels there: {', '.join(have)}")
    rows = fc[fc["step"] == step]
    if rows.empty:
        raise ParameterError(f"step {step!r} is not in the forecast; steps are 1–{int(fc['step'].max())}")
    keys = [c for c in fc.columns[: list(fc.columns).index("metric")]] if "metric" in fc.columns else []
    if decimals is None:
        decimals = 0 if pd.api.types.is_integer_dtype(fc[lo_col]) else 1
    sentences = []
    for _, r in rows.iterrows():
        metric = str(r["metric"]) if "metric" in fc.columns else ""
        zh_what, zh_unit, en_what = METRIC_WORDS.get(metric, (metric, "", metric.replace("_", " ")))
        w = what if what is not None else (zh_what if lang == "zh" else en_what)
        u = unit if unit is not None else (zh_unit if lang == "zh" else "")
        mean, lo, hi = _fmt(r["mean"], decimals), _fmt(r[lo_col], decimals), _fmt(r[hi_col], decimals)
        when = _period_words(str(r["period"]), lang)
        lev = f"{float(level):g}%"
        if lang == "zh":
            s = f"以当前趋势，{when}{w}约 {mean} {u}（{lev} 区间 {lo}–{hi}）。".replace(" （", "（")
        else:
            amount = f"{mean} {w}" if not u else f"{mean} {u} of {w}"
            s = f"On the current trend, about {amount} are expected in {when} ({lev} interval {lo}–{hi})."
        if keys:
            who = ", ".join(str(r[k]) for k in keys if not (isinstance(r[k], float) and np.isnan(r[k])))
            s = f"{who}：{s}" if lang == "zh" else f"{who}: {s}"
        sentences.append(s)
    return "\n".join(sentences)
