"""Control charts (c, u, Laney u′, g) drawn from :mod:`safetystats.control` output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import require_frame
from .style import ROLE_COLOURS, check_lang, count_formatter, finish_axes, label, plot_context, prepare_axes

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_control", "RULE_WORDS"]

#: rule name -> (zh, en) words shown beside a signalling point.
RULE_WORDS: dict[str, tuple[str, str]] = {
    "beyond_limits": ("超出控制限", "beyond the limits"),
    "two_of_three": ("3点中2点超出2σ", "2 of 3 beyond 2σ"),
    "four_of_five": ("5点中4点超出1σ", "4 of 5 beyond 1σ"),
    "run_one_side": ("连续多点在中心线同侧", "run on one side"),
}

_NEEDED = ("period", "chart", "statistic", "center", "lcl", "ucl", "signal")


def plot_control(
    chart: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    site: Any = None,
    by: str | None = None,
    title: str | bool | None = None,
    ylabel: str | None = None,
) -> Axes:
    """Draw a control chart: the plotted statistic, centre line, limits and the signals with their rules.

    Parameters
    ----------
    chart : pandas.DataFrame
        The frame returned by :func:`safetystats.control.c_chart`,
        :func:`~safetystats.control.u_chart`,
        :func:`~safetystats.control.laney_u_chart` or
        :func:`~safetystats.control.g_chart` (columns ``period, chart,
        statistic, center, lcl, ucl, signal, rules`` …).  Not changed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"zh", "en"}, default "zh"
        Language.
    site : optional
        With a long frame of several sites, the value of the ``by`` column to
        draw.
    by : str, optional
        The site column (default: the first column before ``period`` when the
        chart has one).
    title : str or bool, optional
        ``None``: automatic; ``False``: none; a string: that title.
    ylabel : str, optional
        Words for the y axis (default: the metric, or "rate" / "gap").

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        Not a control-chart frame, an empty one, or several sites and no
        ``site``.

    Examples
    --------
    >>> import pandas as pd
    >>> from safetystats.control import c_chart
    >>> df = pd.DataFrame({"period": [f"2023-{m:02d}" for m in range(1, 13)],
    ...                    "accidents": [4, 6, 3, 5, 4, 7, 5, 3, 14, 4, 5, 4]})
    >>> ax = plot_control(c_chart(df, value="accidents"), lang="en")
    >>> ax.get_xlabel()
    'Period\\nSignals: 2023-09 beyond the limits'
    """
    func = "plot_control"
    check_lang(lang)
    require_frame(chart, func=func, columns=list(_NEEDED), argument="chart")
    frame = chart
    cols = list(chart.columns)
    if by is None and cols.index("period") > 0:
        by = cols[0] if cols[0] != "event" else None
    if by is not None and by in chart.columns and chart[by].nunique(dropna=False) > 1:
        if site is None:
            sites = ", ".join(map(str, chart[by].unique()[:5]))
            raise InputError(f"{func}: the chart holds several sites ({sites} …) in column {by!r}; "
                             "pass site= to choose one")
        frame = chart[chart[by] == site]
        if frame.empty:
            raise InputError(f"{func}: no rows with {by} == {site!r}")
    elif site is not None and by in chart.columns:
        frame = chart[chart[by] == site]
    kind = str(frame["chart"].iloc[0])
    n = len(frame)
    x = np.arange(n, dtype=float)
    stat = pd.to_numeric(frame["statistic"], errors="coerce").to_numpy(dtype=float)
    center = pd.to_numeric(frame["center"], errors="coerce").to_numpy(dtype=float)
    lcl = pd.to_numeric(frame["lcl"], errors="coerce").to_numpy(dtype=float)
    ucl = pd.to_numeric(frame["ucl"], errors="coerce").to_numpy(dtype=float)
    signal = frame["signal"].fillna(False).to_numpy(dtype=bool)
    rules = frame["rules"].fillna("").astype(str).tolist() if "rules" in frame.columns else [""] * n
    labels = frame["period"].astype(str).tolist()
    metric = str(frame["metric"].iloc[0]) if "metric" in frame.columns else "value"
    i = 1 if lang == "en" else 0
    notes: list[str] = []
    with plot_context(lang):
        ax = prepare_axes(ax)
        if "baseline" in frame.columns:
            base = frame["baseline"].fillna(False).to_numpy(dtype=bool)
            if base.any() and not base.all():
                lo, hi = np.flatnonzero(base)[[0, -1]]
                ax.axvspan(lo - 0.5, hi + 0.5, color="#F2F2F2", linewidth=0, zorder=0,
                           label="基线期" if lang == "zh" else "Baseline")
        ax.plot(x, center, color=ROLE_COLOURS["center"], linewidth=1.4, label=label("center", lang), zorder=2)
        steps = "steps-mid" if (np.ptp(ucl[np.isfinite(ucl)]) if np.isfinite(ucl).any() else 0) > 0 else "default"
        ax.plot(x, ucl, color=ROLE_COLOURS["limits"], linewidth=1.2, linestyle=(0, (5, 2)), drawstyle=steps,
                label=label("limits", lang), zorder=2)
        if np.nanmax(lcl, initial=0) > 0:
            ax.plot(x, lcl, color=ROLE_COLOURS["limits"], linewidth=1.2, linestyle=(0, (5, 2)), drawstyle=steps,
                    zorder=2)
        ax.plot(x, stat, color=ROLE_COLOURS["observed"], marker="o", markersize=4, linewidth=1.2,
                label=label("observed", lang), zorder=3)
        if signal.any():
            ax.plot(x[signal], stat[signal], linestyle="none", marker="X", markersize=10,
                    color=ROLE_COLOURS["limits"], markeredgecolor="white", label=label("signal", lang), zorder=4)
            # one note per run of consecutive signals (the union of their rules), written under the axis so
            # that notes never cover the data or each other
            idx = np.flatnonzero(signal)
            groups = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
            sep = "、" if lang == "zh" else ", "
            for g in groups:
                names = list(dict.fromkeys(name for j in g for name in str(rules[j]).split(";") if name))
                words = sep.join(RULE_WORDS.get(name, (name, name))[i] for name in names)
                when = labels[g[0]] if len(g) == 1 else f"{labels[g[0]]}–{labels[g[-1]]}"
                notes.append(f"{when} {words}" if words else when)
        step = max(1, int(np.ceil(n / 12)))
        ax.set_xticks(x[::step], labels=labels[::step])
        if n > 8 and max(len(s) for s in labels) >= 6:
            ax.tick_params(axis="x", labelrotation=45)
            for t in ax.get_xticklabels():
                t.set_horizontalalignment("right")
        ax.set_xlim(-0.6, n - 0.4)
        top = np.nanmax(np.r_[stat, ucl][np.isfinite(np.r_[stat, ucl])]) if np.isfinite(np.r_[stat, ucl]).any() \
            else 1.0
        ax.set_ylim(0, top * 1.18 if top > 0 else 1.0)
        if kind in ("c", "g") or not _has_exposure(frame):
            ax.yaxis.set_major_formatter(count_formatter(lang))
        if ylabel is None:
            if kind == "g":
                ylabel = label("gap", lang)
            elif kind in ("u", "laney_u") and _has_exposure(frame):
                ylabel = (f"{label(metric, lang)}（率）" if lang == "zh" else f"{label(metric, lang)} (rate)")
            else:
                ylabel = label(metric, lang)
        ax.set_ylabel(ylabel)
        xlabel = label("period", lang)
        if notes:
            import textwrap

            head = "异常信号：" if lang == "zh" else "Signals: "
            text = head + ("；" if lang == "zh" else "; ").join(notes)
            width = 52 if lang == "zh" else 105
            xlabel += "\n" + "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False))
        ax.set_xlabel(xlabel)
        if title is None:
            ax.set_title(label(f"chart_{kind}", lang) if f"chart_{kind}" in _chart_keys() else
                         label("title_control", lang, metric=label(metric, lang)))
        elif title:
            ax.set_title(str(title))
        finish_axes(ax, lang=lang, legend=True, ncol=4)
    return ax


def _has_exposure(frame: pd.DataFrame) -> bool:
    """Whether the points are rates (an exposure other than 1 was given)."""
    if "exposure" not in frame.columns:
        return False
    e = pd.to_numeric(frame["exposure"], errors="coerce")
    return bool(e.notna().any() and not (e.dropna() == 1).all())


def _chart_keys() -> set[str]:
    from .style import LABELS

    return {k for k in LABELS if k.startswith("chart_")}
