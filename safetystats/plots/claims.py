"""Claims checked: year-over-year bars (reported vs recomputed) and the consistency overview.

Both figures draw the verdict table of :func:`safetystats.checks.check_claims`
(columns ``claim_id, kind, metric, period, value, base_value, direction,
reported_pct, pct_decimals, pct_unit, recomputed_pct, implied_base_min,
implied_base_max, parts_sum, verdict, note`` …).  When a report gives no base
value, the change is recomputed from the base that the claim implies
(``implied_base_min == implied_base_max``), with
:func:`safetystats.change.pct_change`, and the figure says so.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import require_frame
from .style import (
    ROLE_COLOURS,
    VERDICT_STYLE,
    check_lang,
    finish_axes,
    format_count,
    format_pct,
    label,
    plot_context,
    prepare_axes,
    unit,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_yoy", "plot_claims"]


def _num(row: Any, col: str) -> float:
    v = getattr(row, col, None)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return math.nan
    return f


def _text(row: Any, col: str) -> str:
    v = getattr(row, col, None)
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _signed_reported(row: Any) -> float:
    """The reported change with its sign (reported_pct is the magnitude as written, direction gives the sign)."""
    p = _num(row, "reported_pct")
    d = _text(row, "direction")
    if math.isnan(p):
        return p
    if d == "decrease":
        return -abs(p)
    if d == "increase":
        return abs(p)
    return p


def _recomputed(row: Any) -> tuple[float, str]:
    """The recomputed change and where its base came from: ``given``, ``implied`` or ``""`` (none)."""
    from ..change import pct_change

    r = _num(row, "recomputed_pct")
    if not math.isnan(r):
        return r, "given"
    lo, hi, value = _num(row, "implied_base_min"), _num(row, "implied_base_max"), _num(row, "value")
    if not math.isnan(lo) and lo == hi and lo > 0 and not math.isnan(value):
        return float(pct_change(value, lo)), "implied"
    return math.nan, ""


def _row_label(row: Any, lang: str) -> str:
    metric = _text(row, "metric") or _text(row, "metric_key") or _text(row, "claim_id")
    period = _text(row, "period")
    return f"{metric} {period}".strip()


def _verdict(row: Any) -> str:
    v = _text(row, "verdict")
    return v if v in VERDICT_STYLE else "unverifiable"


def plot_yoy(
    checks: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | bool | None = None,
) -> Axes:
    """Year-over-year changes: the reported percentage beside the recomputed one, verdict marked.

    One pair of bars per percentage-change claim (``kind == "change"``,
    percent not percentage points): the reported change (yellow) and the
    change recomputed from the counts (dark blue), each labelled with its
    value, and the verdict word with its marker above the pair.  A claim
    whose report gives no base is recomputed from the base it implies (for
    71 起 "down 11.3%" that base is exactly 80, so −11.25%) and labelled so.

    Given the table of :func:`safetystats.trend.yoy_table` instead (a data
    series, no reported figures), one bar per period shows the change on the
    previous period with its 95% interval (from the exact rate-ratio
    interval) and the p-value; significant changes are red and hatched.

    Parameters
    ----------
    checks : pandas.DataFrame
        The verdict table of :func:`safetystats.checks.check_claims`, or the
        table of :func:`safetystats.trend.yoy_table`.  Not changed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"zh", "en"}, default "zh"
        Language.
    title : str or bool, optional
        ``None``: automatic; ``False``: none; a string: that title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        Not a verdict (or year-over-year) table, or nothing to draw in it.

    Examples
    --------
    >>> import pandas as pd
    >>> checks = pd.DataFrame({"claim_id": ["acc"], "kind": ["change"], "metric": ["生产安全事故"],
    ...     "metric_key": ["accidents"], "period": ["2023"], "value": [71.0], "base_value": [float("nan")],
    ...     "direction": ["decrease"], "reported_pct": [11.3], "pct_decimals": [1], "pct_unit": ["percent"],
    ...     "recomputed_pct": [float("nan")], "implied_base_min": [80.0], "implied_base_max": [80.0],
    ...     "verdict": ["consistent"]})
    >>> ax = plot_yoy(checks, lang="en")
    >>> [t.get_text() for t in ax.texts][:3]
    ['−11.3%', '−11.25%', 'consistent']
    """
    func = "plot_yoy"
    check_lang(lang)
    if isinstance(checks, pd.DataFrame) and "pct_change" in checks.columns and "reported_pct" not in checks.columns:
        return _plot_yoy_table(checks, ax=ax, lang=lang, title=title)
    require_frame(checks, func=func, columns=["kind", "reported_pct", "verdict"], argument="checks")
    rows = [r for r in checks.itertuples(index=False)
            if _text(r, "kind") == "change" and _text(r, "pct_unit") in ("", "percent")
            and not math.isnan(_num(r, "reported_pct"))]
    if not rows:
        raise InputError(f"{func}: checks holds no percentage-change claim (kind 'change' with a reported_pct); "
                         "nothing to draw")
    with plot_context(lang):
        ax = prepare_axes(ax, figsize=(max(5.0, 1.9 * len(rows) + 2.2), 4.4))
        x = np.arange(len(rows), dtype=float)
        width = 0.36
        reported = np.array([_signed_reported(r) for r in rows])
        recomputed, sources = zip(*(_recomputed(r) for r in rows), strict=True)
        recomputed = np.array(recomputed, dtype=float)
        ax.bar(x - width / 2, reported, width, color=ROLE_COLOURS["reported"], label=label("reported_pct", lang),
               zorder=3)
        ok = np.isfinite(recomputed)
        ax.bar(x[ok] + width / 2, recomputed[ok], width, color=ROLE_COLOURS["recomputed"], hatch="",
               label=label("recomputed_pct", lang), zorder=3)
        ax.axhline(0, color="#444444", linewidth=0.8, zorder=2)
        lo = float(np.nanmin(np.r_[reported, recomputed, 0.0]))
        hi = float(np.nanmax(np.r_[reported, recomputed, 0.0]))
        span = max(hi - lo, 1.0)
        for k, r in enumerate(rows):
            dec = int(_num(r, "pct_decimals")) if not math.isnan(_num(r, "pct_decimals")) else 1
            for xx, v, d in ((x[k] - width / 2, reported[k], dec), (x[k] + width / 2, recomputed[k], dec + 1)):
                if not np.isfinite(v):
                    continue
                ax.annotate(format_pct(v, decimals=d, signed=True), xy=(xx, v), xytext=(0, -3 if v < 0 else 3),
                            textcoords="offset points", ha="center", va="top" if v < 0 else "bottom", fontsize=8.5)
            verdict = _verdict(r)
            colour, marker, zh, en = VERDICT_STYLE[verdict]
            top = max(0.0, float(np.nanmax([reported[k], recomputed[k] if ok[k] else 0.0])))
            ax.plot([x[k]], [top + 0.16 * span], marker=marker, color=colour, markersize=9, linestyle="none",
                    zorder=4)
            ax.annotate(zh if lang == "zh" else en, xy=(x[k], top + 0.16 * span), xytext=(0, 8),
                        textcoords="offset points", ha="center", va="bottom", fontsize=9, color=colour)
        names = []
        for r, src in zip(rows, sources, strict=True):
            name = _row_label(r, lang)
            base = _num(r, "implied_base_min")
            key = _text(r, "metric_key")
            if src == "implied":
                u = unit(key, lang) if key else ""
                b = format_count(base, lang=lang, unit=u if lang == "zh" else "")
                name += f"\n（按推算上年 {b}）" if lang == "zh" else f"\n(from the implied base {b})"
            elif src == "given" and not math.isnan(_num(r, "base_value")):
                u = unit(key, lang) if key else ""
                b = format_count(_num(r, "base_value"), lang=lang, unit=u if lang == "zh" else "")
                name += f"\n（上年 {b}）" if lang == "zh" else f"\n(base {b})"
            p = _num(r, "p_value")
            if not math.isnan(p):  # the exact Poisson test of the change, as check_claims reports it
                ptext = "p < 0.001" if p < 0.001 else f"p = {format_count(p, lang='en', decimals=2)}"
                name += f"\n{ptext}"
            names.append(name)
        ax.set_xticks(x, labels=names)
        ax.grid(False, axis="x")
        ax.set_xlim(-0.7, len(rows) - 0.3)
        ax.set_ylim(min(lo - 0.18 * span, -0.05 * span), hi + 0.42 * span)
        from matplotlib.ticker import MaxNLocator

        from .style import pct_formatter

        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_formatter(pct_formatter(0 if span >= 5 else 1))
        ax.set_ylabel(label("change_pct", lang))
        if title is None:
            ax.set_title(label("title_yoy", lang))
        elif title:
            ax.set_title(str(title))
        finish_axes(ax, lang=lang, legend=True, ncol=2)
    return ax


def _plot_yoy_table(table: pd.DataFrame, *, ax: Axes | None, lang: str, title: str | bool | None) -> Axes:
    """Bars of the change on the previous period from ``yoy_table``, with the rate-ratio interval and p-value."""
    from matplotlib.ticker import MaxNLocator

    from .style import pct_formatter

    func = "plot_yoy"
    require_frame(table, func=func, columns=["period", "pct_change"], argument="table")
    pct = pd.to_numeric(table["pct_change"], errors="coerce").to_numpy(dtype=float)
    keep = np.isfinite(pct)
    if not keep.any():
        raise InputError(f"{func}: the table has no period with a change (the first period has no base); "
                         "give at least two periods")
    rows = table[keep]
    pct = pct[keep]
    labels = rows["period"].astype(str).tolist()
    sig = rows["significant"].fillna(False).to_numpy(dtype=bool) if "significant" in rows.columns else \
        np.zeros(len(rows), dtype=bool)
    lo = hi = None
    if {"conf_low", "conf_high"} <= set(rows.columns):
        lo = 100.0 * (pd.to_numeric(rows["conf_low"], errors="coerce").to_numpy(dtype=float) - 1.0)
        hi = 100.0 * (pd.to_numeric(rows["conf_high"], errors="coerce").to_numpy(dtype=float) - 1.0)
    pvals = pd.to_numeric(rows["p_value"], errors="coerce").to_numpy(dtype=float) if "p_value" in rows.columns \
        else np.full(len(rows), np.nan)
    with plot_context(lang):
        ax = prepare_axes(ax, figsize=(min(9.0, max(6.0, 0.55 * len(rows) + 2.5)), 4.4))
        x = np.arange(len(rows), dtype=float)
        colours = np.where(sig, ROLE_COLOURS["segments"], ROLE_COLOURS["recomputed"])
        names = {False: "在随机波动范围内" if lang == "zh" else "within chance",
                 True: "统计显著（p < 0.05）" if lang == "zh" else "significant (p < 0.05)"}
        labelled: set[bool] = set()
        for k in range(len(rows)):
            key = bool(sig[k])
            ax.bar(x[k], pct[k], 0.62, color=colours[k], hatch="//" if key else "", edgecolor="white",
                   linewidth=0.5, zorder=3, label=None if key in labelled else names[key])
            labelled.add(key)
        if lo is not None:
            ax.errorbar(x, pct, yerr=[pct - lo, hi - pct], fmt="none", ecolor="#333333", elinewidth=0.9, capsize=3,
                        zorder=4, label="95%置信区间" if lang == "zh" else "95% interval")
        ax.axhline(0, color="#444444", linewidth=0.8, zorder=2)
        few = len(rows) <= 12
        for k in range(len(rows)):
            top = hi[k] if lo is not None and np.isfinite(hi[k]) else pct[k]
            bottom = lo[k] if lo is not None and np.isfinite(lo[k]) else pct[k]
            text = format_pct(pct[k], decimals=1, signed=True)
            if few and np.isfinite(pvals[k]):
                text += "\np=" + ("<0.001" if pvals[k] < 0.001 else format_count(pvals[k], lang="en", decimals=2))
            up = pct[k] >= 0
            ax.annotate(text, xy=(x[k], top if up else bottom), xytext=(0, 3 if up else -3),
                        textcoords="offset points", ha="center", va="bottom" if up else "top", fontsize=7.5)
        step = max(1, int(np.ceil(len(rows) / 12)))
        ax.set_xticks(x[::step], labels=labels[::step])
        if len(rows) > 8:
            ax.tick_params(axis="x", labelrotation=45)
        ax.grid(False, axis="x")
        ax.set_xlim(-0.7, len(rows) - 0.3)
        ends = np.r_[pct, lo if lo is not None else pct, hi if hi is not None else pct, 0.0]
        ends = ends[np.isfinite(ends)]
        span = max(float(ends.max() - ends.min()), 1.0)
        ax.set_ylim(float(ends.min()) - 0.16 * span, float(ends.max()) + 0.16 * span)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_formatter(pct_formatter(0 if span >= 5 else 1))
        ax.set_ylabel(label("change_pct", lang))
        ax.set_xlabel(label("period", lang))
        if title is None:
            ax.set_title("同比变化及其95%置信区间（精确泊松检验）" if lang == "zh" else
                         "Change on the previous period, with 95% interval (exact Poisson test)")
        elif title:
            ax.set_title(str(title))
        finish_axes(ax, lang=lang, legend=True, ncol=3)
    return ax


def _overview_row(r: Any, lang: str) -> tuple[float, str, str]:
    """(position in rounding units, verdict, text) of one claim in the overview."""
    kind = _text(r, "kind")
    verdict = _verdict(r)
    sep = "｜" if lang == "zh" else " | "
    if verdict == "unverifiable" or kind not in ("change", "sum", "share", "level"):
        why = _text(r, "note") or _text(r, "likely_cause")
        return math.nan, verdict, (("无法核对：" if lang == "zh" else "unverifiable: ") + why)[:60]
    if kind == "level":
        return 0.0, verdict, ("水平陈述，不是变化" if lang == "zh" else "a level, not a change")
    if kind == "sum":
        total, parts = _num(r, "value"), _num(r, "parts_sum")
        text = (f"合计 {format_count(total, lang=lang)}{sep}分项之和 {format_count(parts, lang=lang)}" if lang == "zh"
                else f"total {format_count(total, lang=lang)}{sep}sum of parts {format_count(parts, lang=lang)}")
        if math.isnan(total) or math.isnan(parts):
            return math.nan, verdict, text
        if total == parts:
            return 0.0, verdict, text
        return (2.5 if parts > total else -2.5), verdict, text
    # change or share: reported vs recomputed, in units of the reported figure's rounding half-width
    dec = _num(r, "pct_decimals")
    dec = 1 if math.isnan(dec) else int(dec)
    half = 0.5 * 10.0 ** (-dec)
    rep = _signed_reported(r) if kind == "change" else _num(r, "reported_pct")
    rec, src = _recomputed(r) if kind == "change" else (_num(r, "recomputed_pct"), "given")
    pp = "pp" if _text(r, "pct_unit") == "pp" else ""
    rep_text = format_pct(rep, decimals=dec, signed=kind == "change").replace("%", "%" if not pp else " pp")
    rec_text = format_pct(rec, decimals=dec + 1, signed=kind == "change") if not math.isnan(rec) else "—"
    if lang == "zh":
        text = f"报告 {rep_text}{sep}重算 {rec_text}" + ("（按推算基数）" if src == "implied" else "")
    else:
        text = f"{rep_text} reported{sep}{rec_text} recomputed" + (" (implied base)" if src == "implied" else "")
    if math.isnan(rep) or math.isnan(rec):
        return math.nan, verdict, text
    return (rep - rec) / half, verdict, text


def plot_claims(
    checks: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | bool | None = None,
    limit: float = 3.0,
) -> Axes:
    """Consistency overview: every claim of a report, how far the reported figure is from the recomputed one.

    One row per claim.  The x axis is *reported minus recomputed* measured
    in the reported figure's rounding half-unit (0.05 points for a
    percentage written with one decimal), so the grey rounding band from −1
    to +1 holds every figure that is the recomputed one correctly rounded.
    Part-whole sums sit at 0 when the parts add up and outside the band when
    they do not; level statements (``出庭应诉率100%``) sit at 0; unverifiable
    claims are listed at the right edge with the reason.  Points beyond
    ``±limit`` are drawn at the edge with an arrow.  The verdict's marker and
    colour, and the figures as text, are on each row.

    Parameters
    ----------
    checks : pandas.DataFrame
        The verdict table of :func:`safetystats.checks.check_claims`.  Not changed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"zh", "en"}, default "zh"
        Language.
    title : str or bool, optional
        ``None``: automatic; ``False``: none; a string: that title.
    limit : float, default 3
        Half-width of the x axis in rounding units.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        Not a verdict table, or an empty one.

    Examples
    --------
    >>> import pandas as pd
    >>> checks = pd.DataFrame({"claim_id": ["a", "b"], "kind": ["change", "sum"], "metric": ["死亡", "考试"],
    ...     "period": ["2023", "2023"], "value": [50.0, 124036.0], "direction": ["decrease", None],
    ...     "reported_pct": [10.7, None], "pct_decimals": [1, None], "recomputed_pct": [-10.714285714, None],
    ...     "parts_sum": [None, 124036.0], "verdict": ["consistent", "consistent"]})
    >>> ax = plot_claims(checks, lang="en")
    >>> [round(float(v), 4) for v in ax.collections[0].get_offsets()[:, 0]]
    [0.2857, 0.0]
    """
    func = "plot_claims"
    check_lang(lang)
    require_frame(checks, func=func, columns=["kind", "verdict"], argument="checks")
    rows = list(checks.itertuples(index=False))
    info = [_overview_row(r, lang) for r in rows]
    n = len(rows)
    with plot_context(lang):
        ax = prepare_axes(ax, figsize=(9.0, 1.6 + 0.42 * n))
        y = np.arange(n, dtype=float)
        ax.axvspan(-1, 1, color=ROLE_COLOURS["band"], alpha=0.45, linewidth=0, zorder=0,
                   label=label("rounding_band", lang))
        ax.axvline(0, color="#666666", linewidth=0.8, zorder=1)
        xs = np.array([p for p, _, _ in info], dtype=float)
        shown = np.where(np.isnan(xs), limit * 1.0, np.clip(xs, -limit, limit))
        seen: set[str] = set()
        for verdict in VERDICT_STYLE:
            idx = [k for k, (_, v, _) in enumerate(info) if v == verdict]
            if not idx:
                continue
            colour, marker, zh, en = VERDICT_STYLE[verdict]
            ax.scatter(shown[idx], y[idx], marker=marker, s=70, color=colour, edgecolors="white", linewidths=0.6,
                       zorder=4, label=zh if lang == "zh" else en)
            seen.add(verdict)
        for k, (pos, verdict, text) in enumerate(info):
            if not np.isnan(pos) and abs(pos) > limit:
                ax.annotate("", xy=(math.copysign(limit + 0.35, pos), y[k]), xytext=(math.copysign(limit, pos), y[k]),
                            arrowprops={"arrowstyle": "->", "color": VERDICT_STYLE[verdict][0]})
            ax.annotate(text, xy=(1.02, y[k]), xycoords=("axes fraction", "data"), va="center", ha="left",
                        fontsize=8.5, color="#333333", annotation_clip=False)
        ax.set_yticks(y, labels=[_row_label(r, lang) for r in rows])
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(-limit - 0.5, limit + 0.5)
        ax.grid(False, axis="y")
        ax.grid(True, axis="x")
        ax.set_xlabel("报告值 − 重算值（以报告数字末位的半个单位计；灰带 = 舍入范围）" if lang == "zh" else
                      "Reported − recomputed, in rounding half-units (grey: rounding interval)")
        if title is None:
            ax.set_title(label("title_claims", lang))
        elif title:
            ax.set_title(str(title))
        finish_axes(ax, lang=lang, legend=True, ncol=min(4, len(seen) + 1))
    return ax
