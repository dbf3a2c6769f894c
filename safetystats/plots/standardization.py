"""Enterprises certified by standardization level and year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import grouped_bars, numeric_column, parse_periods, require_frame
from .style import check_lang, count_formatter, finish_axes, format_count, label, plot_context, prepare_axes, unit

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_standardization"]


def plot_standardization(
    data: pd.DataFrame,
    *,
    value: str = "certified",
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | bool | None = None,
) -> Axes:
    """Draw the enterprises certified at standardization levels 1, 2 and 3, by year.

    One period: one bar per level.  Several periods: one group per period with
    a bar per level (levels keep their colours and a legend).  Rows without a
    level (a figure over all levels, such as the enterprises audited) are
    not bars: their total is written under the title.

    Parameters
    ----------
    data : pandas.DataFrame
        A validated ``StandardizationCounts`` frame: ``period``, ``level``
        (1/2/3, or empty) and ``certified`` (and/or ``audited``).  Not changed.
    value : {"certified", "audited"}, default "certified"
        The count drawn per level.
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
        Missing columns, an empty frame, no row with a level and a count, a
        level outside 1-3 or one that appears twice in a period.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": ["2023"] * 3, "level": [1, 2, 3], "certified": [15, 458, 1407]})
    >>> ax = plot_standardization(df, lang="en")
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Level 1', 'Level 2', 'Level 3']
    """
    func = "plot_standardization"
    check_lang(lang)
    require_frame(data, func=func, columns=["period", "level", value])
    levels = numeric_column(data, "level", func=func)
    values = numeric_column(data, value, func=func)
    periods = [p.label for p in parse_periods(data["period"], func=func)]
    has_level = np.isfinite(levels)
    bad = has_level & ~np.isin(levels, [1, 2, 3])
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{func}: column 'level' row {data.index[i]!r} is {levels[i]:g}; levels are 1, 2 or 3")
    use = has_level & np.isfinite(values)
    if not use.any():
        raise InputError(f"{func}: no row has both a level and a {value} count; nothing to draw")
    frame = pd.DataFrame({"period": periods, "level": levels, "value": values})[use]
    frame["level"] = frame["level"].astype(int)
    dup = frame.duplicated(["period", "level"], keep=False)
    if dup.any():
        row = frame[dup].iloc[0]
        raise InputError(f"{func}: level {row['level']} appears twice in period {row['period']}; "
                         "select one region")
    order = sorted(set(frame["period"]), key=lambda s: parse_periods([s], func=func)[0].ordinal)
    level_names = [label(f"level_{k}", lang) for k in (1, 2, 3)]
    u = unit(value, lang)
    notes = []
    other = "audited" if value == "certified" else "certified"
    if other in data.columns:
        extra = numeric_column(data, other, func=func)
        for p in order:
            mask = (np.asarray(periods) == p) & ~has_level & np.isfinite(extra)
            if mask.any():
                n = format_count(float(extra[mask].sum()), lang=lang, unit=unit(other, lang) if lang == "zh" else "")
                notes.append(f"{p}年另{label(other, lang)}{n}" if lang == "zh" and p.isdigit() else
                             (f"{p}：另{label(other, lang)}{n}" if lang == "zh" else
                              f"{p}: also {n} {label(other, lang).lower()}"))
    want_legend = False
    with plot_context(lang):
        ax = prepare_axes(ax)

        def fmt(v: float) -> str:
            return format_count(v, lang=lang, unit=u if lang == "zh" else "", compact=lang == "zh" and v >= 1e5)

        if len(order) == 1:
            table = frame.set_index("level")["value"].reindex([1, 2, 3]).to_frame(order[0])
            present = table[order[0]].notna().to_numpy()
            table = table[present]
            grouped_bars(ax, table, horizontal=False, fmt=fmt,
                         group_labels=[n for n, ok in zip(level_names, present, strict=True) if ok])
            ax.set_xlabel(label("level", lang) + (f"（{order[0]}年）" if lang == "zh" and order[0].isdigit() else
                                                  f" ({order[0]})"))
        else:
            table = frame.pivot(index="period", columns="level", values="value").reindex(index=order,
                                                                                          columns=[1, 2, 3])
            keep = [c for c in table.columns if table[c].notna().any()]
            table = table[keep]
            grouped_bars(ax, table, horizontal=False, fmt=fmt, series_labels=[level_names[k - 1] for k in keep],
                         group_labels=order)
            ax.set_xlabel(label("year", lang))
            want_legend = True
        ax.yaxis.set_major_formatter(count_formatter(lang))
        ax.set_ylabel(f"{label(value, lang)}（{u}）" if lang == "zh" else label(value, lang))
        if title is None:
            ax.set_title(label("title_standardization", lang) + ("\n" + "；".join(notes) if lang == "zh" and notes
                                                                  else "\n" + "; ".join(notes) if notes else ""))
        elif title:
            ax.set_title(str(title))
        finish_axes(ax, lang=lang, legend=want_legend)
    return ax
