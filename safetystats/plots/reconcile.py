"""The reconciliation figure: every publication's figure for each period, and where they disagree.

Drawn from a :class:`~safetystats.reconcile.Reconciliation` (or its figures
table).  Counts of very different sizes (136,092 deaths in 2004, 21,242 in
2023) hide a one-in-two-hundred disagreement on a plain value axis, so the
figure shows each figure as its **difference from the period's reference**
(the median of the figures stated for that period, in percent): stated
figures as dots, the data's versions as squares, implied ranges as bars with a
diamond, and everything involved in a disagreement in red (figures implied by
a change on another basis - a re-based scope - are left out).  With
``what="change"`` it shows the reported percentage changes with their
rounding intervals instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError, ParameterError
from ..periods import _parse_one
from .style import ROLE_COLOURS, check_lang, finish_axes, plot_context, prepare_axes

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_reconciliation", "RECONCILE_WORDS"]

#: People-facing words of this figure: key -> (zh, en).
RECONCILE_WORDS: dict[str, tuple[str, str]] = {
    "stated": ("公布数", "Stated"),
    "implied": ("由变化率推算的范围", "Implied range"),
    "data": ("数据中的版本", "Data version"),
    "change": ("公布的变化率", "Reported change"),
    "conflict": ("存在分歧", "In a disagreement"),
    "title_value": ("{metric}：各方公布数字的核对", "{metric}: figures across publications"),
    "title_change": ("{metric}：各方公布的变化率", "{metric}: reported changes across publications"),
    "y_value": ("与当年参照值之差（%）", "Difference from the period's reference (%)"),
    "y_change": ("变化率（%）", "Change (%)"),
    "x": ("时期", "Period"),
    "note": ("参照值：当年各方公布数的中位数", "Reference: median of the figures stated for the period"),
}

_METRIC_WORDS = {"deaths": ("死亡人数", "Deaths"), "accidents": ("生产安全事故起数", "Accidents"),
                 "injuries": ("受伤人数", "Injuries"), "direct_economic_loss": ("直接经济损失", "Direct economic loss")}


def _w(key: str, lang: str, **fields: Any) -> str:
    text = RECONCILE_WORDS[key][0 if lang == "zh" else 1]
    return text.format(**fields) if fields else text


def _inputs(rec: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    if hasattr(rec, "figures") and hasattr(rec, "disagreements"):
        return rec.figures, rec.disagreements
    if isinstance(rec, pd.DataFrame):
        from ..reconcile import find_disagreements

        need = {"metric_key", "period", "figure", "origin", "value", "low", "high"}
        missing = sorted(need - set(rec.columns))
        if missing:
            raise InputError(f"plot_reconciliation: the frame has no column {missing[0]!r}; pass a Reconciliation "
                             "or its .figures table")
        return rec, find_disagreements(rec)
    raise ParameterError(f"plot_reconciliation: rec must be a Reconciliation or a figures table, got "
                         f"{type(rec).__name__}")


def _conflicts(fig: pd.DataFrame, dis: pd.DataFrame) -> np.ndarray:
    """Which figures stand for a side of a disagreement (same metric, period, kind of figure and interval)."""
    if dis is None or not len(dis):
        return np.zeros(len(fig), dtype=bool)
    sides = []
    for side in ("a", "b"):
        part = dis[dis["kind"] != "differs_from_data"] if side == "b" else dis
        sides.append(pd.DataFrame({"metric_key": part["metric_key"], "period": part["period"],
                                   "figure": part["figure"], "low": part[f"low_{side}"].astype(float),
                                   "high": part[f"high_{side}"].astype(float)}))
    keys = pd.concat(sides, ignore_index=True).round({"low": 9, "high": 9}).drop_duplicates()
    probe = fig[["metric_key", "period", "figure", "low", "high"]].astype({"low": float, "high": float}).round(
        {"low": 9, "high": 9}).reset_index(drop=True)
    hit = probe.merge(keys.assign(_hit=True), how="left", on=["metric_key", "period", "figure", "low", "high"])
    return hit["_hit"].fillna(False).to_numpy(dtype=bool)


def plot_reconciliation(
    rec: Any,
    *,
    metric: str = "deaths",
    what: str = "value",
    region: str | None = None,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | bool | None = None,
) -> Axes:
    """Draw every publication's figure per period, and mark the disagreements.

    Parameters
    ----------
    rec : Reconciliation or pandas.DataFrame
        The result of :func:`safetystats.reconcile.reconcile` or
        :func:`~safetystats.reconcile.national.national_reconciliation`, or
        its ``figures`` table.  Not changed.
    metric : str, default "deaths"
        The metric key to draw.
    what : {"value", "change"}
        ``"value"``: each stated, implied and data figure as its difference
        (percent) from the period's reference, the median of the figures
        stated for it; ``"change"``: the reported percentage changes with
        their rounding intervals.
    region : str, optional
        With figures for several regions, the one to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"zh", "en"}
    title : str or bool, optional
        ``None``: automatic; ``False``: none; a string: that title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        No figures of ``metric`` (the message lists the metrics there are).
    ParameterError
        A bad ``what``, ``lang`` or ``rec``.

    Examples
    --------
    >>> from safetystats.reconcile.national import national_reconciliation
    >>> rec = national_reconciliation("china", metrics=["deaths"])
    >>> ax = plot_reconciliation(rec, metric="deaths", lang="en")
    >>> ax.get_title(loc="left")
    'Deaths: figures across publications'
    """
    check_lang(lang)
    if what not in ("value", "change"):
        raise ParameterError(f"plot_reconciliation: what={what!r}; use 'value' or 'change'")
    figures, dis = _inputs(rec)
    conflict = _conflicts(figures, dis)
    want = "value" if what == "value" else "change_pct"
    sel = (figures["metric_key"] == metric).to_numpy() & (figures["figure"] == want).to_numpy()
    if "basis" in figures.columns:  # a change on a re-based scope implies a figure that was never published
        sel &= figures["basis"].isna().to_numpy()
    if region is not None:
        from ..reconcile import region_key

        sel &= (figures["region"].map(region_key) == region_key(region)).to_numpy()
    if not sel.any():
        have = ", ".join(sorted(figures["metric_key"].dropna().astype(str).unique())) or "none"
        raise InputError(f"plot_reconciliation: no {what} figures of metric {metric!r} (metrics: {have})")
    f = figures[sel].copy()
    f["conflict"] = conflict[sel]
    periods = {p: _parse_one(p) for p in f["period"].dropna().unique()}
    kinds = pd.Series([p.kind for p in periods.values()]).value_counts()
    main = kinds.index[0]  # draw the most common kind of period (years, or split years)
    f = f[f["period"].map(lambda p: periods[p].kind == main)]
    labels = sorted({p for p in f["period"]}, key=lambda p: periods[p].ordinal)
    x_of = {p: i for i, p in enumerate(labels)}
    f["x"] = f["period"].map(x_of).astype(float)
    if what == "value":
        stated = f[f["origin"].isin(["stated", "data"]) & np.isfinite(f["value"].astype(float))]
        ref = stated.groupby("period")["value"].median()
        mid = f.assign(m=(f["low"].astype(float) + f["high"].astype(float)) / 2).groupby("period")["m"].median()
        ref = ref.reindex(labels).fillna(mid.reindex(labels))
        r = f["period"].map(ref).astype(float).to_numpy()
        scale = lambda v: 100.0 * (np.asarray(v, dtype=float) / r - 1.0)  # noqa: E731
    else:
        scale = lambda v: np.asarray(v, dtype=float)  # noqa: E731
    y = scale(f["value"])
    lo = scale(f["low"])
    hi = scale(f["high"])
    x = f["x"].to_numpy()
    origin = f["origin"].to_numpy()
    bad = f["conflict"].to_numpy(dtype=bool)
    ok_col, bad_col = ROLE_COLOURS["trend"], ROLE_COLOURS["limits"]
    mname = _METRIC_WORDS.get(metric, (metric, metric))[0 if lang == "zh" else 1]
    with plot_context(lang):
        ax = prepare_axes(ax)
        ax.axhline(0.0, color=ROLE_COLOURS["muted"], linewidth=0.9, zorder=1)
        offsets = {"stated": -0.18, "data": 0.0, "implied": 0.18}
        for kind, marker in (("stated", "o"), ("data", "s"), ("implied", "D")):
            m = origin == kind
            if what == "change":
                m = np.ones(len(origin), dtype=bool) if kind == "stated" else np.zeros(len(origin), dtype=bool)
            if not m.any():
                continue
            xo = x[m] + (offsets[kind] if what == "value" else 0.0)
            for flag, colour in ((False, ok_col), (True, bad_col)):
                mm = bad[m] == flag
                if not mm.any():
                    continue
                spread = (hi[m][mm] - lo[m][mm]) > 0
                if spread.any():
                    ax.vlines(xo[mm][spread], lo[m][mm][spread], hi[m][mm][spread], color=colour, linewidth=2.2,
                              alpha=0.75, zorder=2)
                pts = np.where(np.isfinite(y[m][mm]), y[m][mm], (lo[m][mm] + hi[m][mm]) / 2)
                ax.plot(xo[mm], pts, linestyle="none", marker=marker, markersize=6.5 if kind != "data" else 5.5,
                        color=colour, markeredgecolor="white", markeredgewidth=0.6, zorder=3)
            # legend: the shape says what a mark is, the colour whether it is in a disagreement
            name = _w("change", lang) if what == "change" else _w(kind, lang)
            ax.plot([], [], linestyle="none", marker=marker, color=ok_col, markeredgecolor="white", label=name)
        if bad.any():
            ax.plot([], [], linestyle="none", marker="o", color=bad_col, label=_w("conflict", lang))
        ax.set_xticks(np.arange(len(labels)), labels=labels)
        if len(labels) > 8:
            ax.tick_params(axis="x", labelrotation=45)
            for t in ax.get_xticklabels():
                t.set_horizontalalignment("right")
        ax.set_xlim(-0.6, len(labels) - 0.4)
        finite = np.concatenate([v[np.isfinite(v)] for v in (y, lo, hi)])
        if finite.size:
            top, bottom = float(finite.max()), float(finite.min())
            pad = max(0.1, 0.08 * (top - bottom))
            ax.set_ylim(min(bottom, 0.0) - pad, max(top, 0.0) + pad)
        ax.set_xlabel(_w("x", lang))
        ax.set_ylabel(_w("y_value" if what == "value" else "y_change", lang))
        if title is None:
            ax.set_title(_w("title_value" if what == "value" else "title_change", lang, metric=mname))
        elif title:
            ax.set_title(str(title))
        if what == "value":
            ax.annotate(_w("note", lang), xy=(1.0, 1.0), xycoords="axes fraction", xytext=(0, 2),
                        textcoords="offset points", ha="right", va="bottom", fontsize=7.5,
                        color=ROLE_COLOURS["muted"])
        finish_axes(ax, lang=lang, legend=True, ncol=4)
    return ax
