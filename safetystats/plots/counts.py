"""Counts over time, with the fitted trend, joinpoint segments, breaks and the forecast fan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError, ParameterError
from ..periods import Period
from ._common import axis_title, parse_periods, period_axis, single_series
from .style import (
    ROLE_COLOURS,
    check_lang,
    count_formatter,
    finish_axes,
    format_count,
    label,
    plot_context,
    prepare_axes,
    unit,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_counts"]


def _fitted_frame(obj: Any, *, func: str, argument: str) -> pd.DataFrame:
    """Period + fitted (+ fitted_low/fitted_high) from a trend/joinpoint result or a frame."""
    frame = obj if isinstance(obj, pd.DataFrame) else getattr(obj, "fitted", None)
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{func}: {argument} must be a result of safetystats.trend (with a .fitted frame) or "
                             f"a DataFrame with columns period and fitted; got {type(obj).__name__}")
    for col in ("period", "fitted"):
        if col not in frame.columns:
            raise InputError(f"{func}: {argument} has no column {col!r}; pass the result of safetystats.trend")
    return frame


def _forecast_frame(fc: Any, *, func: str) -> pd.DataFrame:
    if not isinstance(fc, pd.DataFrame):
        raise ParameterError(f"{func}: forecast must be the DataFrame returned by safetystats.forecast.forecast, "
                             f"got {type(fc).__name__}")
    for col in ("period", "mean"):
        if col not in fc.columns:
            raise InputError(f"{func}: forecast has no column {col!r}; pass the result of safetystats.forecast")
    if fc.empty:
        raise InputError(f"{func}: forecast is empty (0 rows)")
    return fc


def _breaks(breaks: Any, lang: str) -> list[tuple[str, str]]:
    if breaks is None:
        return []
    if isinstance(breaks, Mapping):
        items = [(str(k), str(v)) for k, v in breaks.items()]
    elif isinstance(breaks, (str, int)):
        items = [(str(breaks), label("break", lang))]
    elif isinstance(breaks, Sequence):
        items = [(str(b), label("break", lang)) for b in breaks]
    else:
        raise ParameterError("plot_counts: breaks must be a period, a list of periods or a dict period -> label")
    return items


def plot_counts(
    data: pd.DataFrame,
    *,
    value: str = "deaths",
    period: str = "period",
    ax: Axes | None = None,
    lang: str = "zh",
    trend: Any = None,
    joinpoint: Any = None,
    forecast: pd.DataFrame | None = None,
    breaks: Any = None,
    title: str | bool | None = None,
    metric_label: str | None = None,
) -> Axes:
    """Draw one count series over time, with its trend, segments, breaks and forecast fan.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per period: a ``period`` column and the count column
        ``value`` (a validated ``AccidentCounts`` frame, or the national
        ``kind="counts"`` frames).  Empty values are drawn as gaps and named
        below the axes.  Not changed.
    value : str, default "deaths"
        The count column.
    period : str, default "period"
        The period column (canonical strings or anything
        :func:`safetystats.parse_period` reads).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"zh", "en"}, default "zh"
        Language of titles, labels and number formats.
    trend : TrendResult or DataFrame, optional
        A fitted log-linear trend (:func:`safetystats.trend.loglinear_trend`;
        its ``fitted`` frame, with ``fitted_low``/``fitted_high`` drawn as a
        band when present).
    joinpoint : JoinpointResult or DataFrame, optional
        A joinpoint fit (:func:`safetystats.trend.joinpoint`): its fitted
        segments are drawn dashed and its joinpoints marked.
    forecast : pandas.DataFrame, optional
        The frame of :func:`safetystats.forecast.forecast` for this series:
        the mean dashed and the 80% and 95% intervals as a fan.
    breaks : period, list of periods or dict period -> label, optional
        Breaks to mark (a change of scope, a new law): a dotted line before
        each period.
    title : str or bool, optional
        ``None``: an automatic title; ``False``: none; a string: that title.
    metric_label : str, optional
        Words for the metric when ``value`` is not a known metric.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        Missing columns, an empty frame, text or negative counts, a period
        that appears twice (several regions in one frame).
    InsufficientDataError
        Fewer than 2 periods with a value.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": ["2019", "2020", "2021", "2022", "2023"],
    ...                    "deaths": [70, 66, 61, 56, 50]})
    >>> ax = plot_counts(df, value="deaths", lang="en", breaks={"2021": "new law"})
    >>> ax.get_title(loc="left")
    'Deaths over time'
    """
    func = "plot_counts"
    check_lang(lang)
    series = single_series(data, value=value, period=period, func=func, min_periods=2)
    name = metric_label or label(value, lang)
    u = unit(value, lang)
    with plot_context(lang):
        ax = prepare_axes(ax)
        all_periods: list[Period] = list(series["_period"])
        x = series["ordinal"].to_numpy()
        y = series["value"].to_numpy()
        ax.plot(x, y, color=ROLE_COLOURS["observed"], marker="o", markersize=4.5, linewidth=1.6,
                label=label("observed", lang), zorder=5)

        if trend is not None:
            fit = _fitted_frame(trend, func=func, argument="trend")
            fp = parse_periods(fit["period"], func=func)
            fx = np.array([p.ordinal for p in fp])
            order = np.argsort(fx)
            cols = ["fitted"] + (["fitted_low", "fitted_high"] if {"fitted_low", "fitted_high"} <= set(fit.columns)
                                 else [])
            ys = {c: pd.to_numeric(fit[c], errors="coerce").to_numpy(dtype=float)[order] for c in cols}
            tx = fx[order].astype(float)
            # a level shift at a break is a step, not a slope: the fitted line is broken there
            for when, _ in _breaks(breaks, lang):
                b = parse_periods([when], func=func)[0].ordinal
                k = int(np.searchsorted(tx, b))
                if 0 < k < len(tx):
                    tx = np.insert(tx, k, b - 0.5)
                    ys = {c: np.insert(v, k, np.nan) for c, v in ys.items()}
            if "fitted_low" in ys:
                ax.fill_between(tx, ys["fitted_low"], ys["fitted_high"], color=ROLE_COLOURS["trend"], alpha=0.15,
                                linewidth=0, label=label("trend_ci", lang), zorder=2)
            ax.plot(tx, ys["fitted"], color=ROLE_COLOURS["trend"], linewidth=2.0, label=label("trend", lang),
                    zorder=4)
            all_periods += fp

        if joinpoint is not None:
            fit = _fitted_frame(joinpoint, func=func, argument="joinpoint")
            fp = parse_periods(fit["period"], func=func)
            fx = np.array([p.ordinal for p in fp])
            order = np.argsort(fx)
            fy = pd.to_numeric(fit["fitted"], errors="coerce").to_numpy(dtype=float)[order]
            ax.plot(fx[order], fy, color=ROLE_COLOURS["segments"], linewidth=2.0, linestyle=(0, (5, 2)),
                    label=label("segments", lang), zorder=4)
            for k, jp in enumerate(_joinpoints(joinpoint)):
                p = parse_periods([jp], func=func)[0]
                ax.axvline(p.ordinal, color=ROLE_COLOURS["segments"], linewidth=0.9, linestyle=":", zorder=1,
                           label=label("joinpoint", lang) if k == 0 else None)
                # the period beside its line; neighbours alternate height so their labels never collide
                ax.annotate(p.label, xy=(p.ordinal, 1.0), xycoords=("data", "axes fraction"),
                            xytext=(3, -2 - 11 * (k % 2)), textcoords="offset points", va="top", ha="left",
                            fontsize=8, color=ROLE_COLOURS["segments"])

        if forecast is not None:
            fc = _forecast_frame(forecast, func=func)
            fp = parse_periods(fc["period"], func=func)
            fx = np.array([p.ordinal for p in fp])
            order = np.argsort(fx)
            fx = fx[order]
            last = int(np.flatnonzero(np.isfinite(y))[-1])
            for lv in (95, 80):
                lo_col, hi_col = f"lo_{lv}", f"hi_{lv}"
                if lo_col in fc.columns and hi_col in fc.columns:
                    lo = pd.to_numeric(fc[lo_col], errors="coerce").to_numpy(dtype=float)[order]
                    hi = pd.to_numeric(fc[hi_col], errors="coerce").to_numpy(dtype=float)[order]
                    ax.fill_between(np.r_[x[last], fx], np.r_[y[last], lo], np.r_[y[last], hi],
                                    color=ROLE_COLOURS[f"band{lv}"], linewidth=0, label=label(f"band{lv}", lang),
                                    zorder=1 if lv == 95 else 2)
            mean = pd.to_numeric(fc["mean"], errors="coerce").to_numpy(dtype=float)[order]
            ax.plot(np.r_[x[last], fx], np.r_[y[last], mean], color=ROLE_COLOURS["forecast"], linewidth=1.8,
                    linestyle=(0, (4, 2)), marker="o", markevery=list(range(1, len(fx) + 1)), markersize=4,
                    markerfacecolor="white", label=label("forecast", lang), zorder=5)
            all_periods += fp

        for when, text in _breaks(breaks, lang):
            p = parse_periods([when], func=func)[0]
            ax.axvline(p.ordinal - 0.5, color=ROLE_COLOURS["break"], linewidth=1.2, linestyle=(0, (1, 2)), zorder=1)
            ax.annotate(text, xy=(p.ordinal - 0.5, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -12),
                        textcoords="offset points", va="top", ha="left", fontsize=8, color=ROLE_COLOURS["muted"])

        period_axis(ax, all_periods)
        ax.set_ylim(bottom=0)
        top = ax.get_ylim()[1]
        ax.set_ylim(0, top * 1.12)  # head room for the notes along the top
        ax.yaxis.set_major_formatter(count_formatter(lang))
        ax.set_ylabel(axis_title(value, lang) if metric_label is None else name)
        ax.set_xlabel(label("year" if all_periods[0].kind in ("year", "split_year") else "period", lang))

        finite = np.flatnonzero(np.isfinite(y))
        i = int(finite[-1])
        ax.annotate(format_count(y[i], lang=lang, unit=u if lang == "zh" else "", compact=y[i] >= 1e5),
                    xy=(x[i], y[i]), xytext=(0, 7), textcoords="offset points", ha="center", va="bottom",
                    fontsize=8.5, color=ROLE_COLOURS["observed"], zorder=6)
        missing = series.loc[~np.isfinite(y), "label"].tolist()
        if missing:  # never dropped silently: the gaps are named under the axis
            sep = "、" if lang == "zh" else ", "
            colon = "：" if lang == "zh" else " "
            ax.set_xlabel(f"{ax.get_xlabel()}\n{label('missing_years', lang)}{colon}{sep.join(missing)}")
        if title is None:
            ax.set_title(label("title_counts", lang, metric=name))
        elif title:
            ax.set_title(str(title))
        finish_axes(ax, lang=lang, legend=True)
    return ax


def _joinpoints(result: Any) -> list[str]:
    """Joinpoint periods from a joinpoint result (``joinpoints`` attribute) or an empty list."""
    jps = getattr(result, "joinpoints", None)
    if jps is None:
        return []
    if isinstance(jps, pd.DataFrame):
        col = "period" if "period" in jps.columns else jps.columns[0]
        return [str(v) for v in jps[col]]
    return [str(v) for v in jps]
