"""Training and examination throughput by category."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._common import grouped_bars, numeric_column, parse_periods, require_frame
from .style import (
    check_lang,
    count_formatter,
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

__all__ = ["plot_training"]


def plot_training(
    data: pd.DataFrame,
    *,
    value: str = "examined",
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | bool | None = None,
) -> Axes:
    """Draw training / examination throughput by category (one group of bars per category).

    With one period each bar is labelled with its count and its share of the
    period's total (shares are rounded half-up); with several periods each
    category gets one bar per period.  English figures use the
    ``category_en`` column when the frame has one.

    Parameters
    ----------
    data : pandas.DataFrame
        A validated ``TrainingThroughput`` frame: ``period``, ``category`` and
        the count column.  Not changed.
    value : {"examined", "passed"}, default "examined"
        The count to draw.
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
        Missing columns, an empty frame, negative or empty counts, a category
        that appears twice in one period.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": ["2023", "2023"], "category": ["特种作业人员", "主要负责人和安管人员"],
    ...                    "examined": [110523, 13513]})
    >>> ax = plot_training(df, lang="zh")
    >>> [t.get_text() for t in ax.texts]
    ['110523人（89.1%）', '13513人（10.9%）']
    """
    func = "plot_training"
    check_lang(lang)
    require_frame(data, func=func, columns=["period", "category", value])
    values = numeric_column(data, value, func=func, nan_ok=False)
    periods = [p.label for p in parse_periods(data["period"], func=func)]
    names = data["category"].astype("str").tolist()
    if lang == "en" and "category_en" in data.columns:
        names = [en if isinstance(en, str) and en else zh for zh, en in zip(names, data["category_en"], strict=True)]
    frame = pd.DataFrame({"period": periods, "category": names, "value": values})
    dup = frame.duplicated(["period", "category"], keep=False)
    if dup.any():
        row = frame[dup].iloc[0]
        from ..errors import InputError

        raise InputError(f"{func}: category {row['category']!r} appears twice in period {row['period']}; "
                         "sum the rows or select one region")
    order_periods = sorted(set(periods), key=lambda s: parse_periods([s], func=func)[0].ordinal)
    cats = list(dict.fromkeys(frame.sort_values("value", ascending=False, kind="stable")["category"]))
    table = frame.pivot(index="category", columns="period", values="value").reindex(index=cats,
                                                                                     columns=order_periods)
    u = unit(value, lang)
    with plot_context(lang):
        ax = prepare_axes(ax, figsize=(7.0, 1.2 + 0.55 * len(cats) * max(1, min(len(order_periods), 3))))
        if len(order_periods) == 1:
            total = float(np.nansum(table.to_numpy()))

            def fmt(v: float) -> str:
                share = format_pct(100.0 * v / total, decimals=1) if total > 0 else "—"
                if lang == "zh":
                    return f"{format_count(v, lang='zh', unit=u)}（{share}）"
                return f"{format_count(v, lang='en')} ({share})"
        else:
            def fmt(v: float) -> str:
                return format_count(v, lang=lang, unit=u if lang == "zh" else "", compact=lang == "zh" and v >= 1e5)

        grouped_bars(ax, table, horizontal=True, fmt=fmt, series_labels=order_periods, group_labels=cats)
        ax.xaxis.set_major_formatter(count_formatter(lang))
        ax.set_xlabel(f"{label(value, lang)}（{u}）" if lang == "zh" else label(value, lang))
        if len(order_periods) == 1:
            total = float(np.nansum(table.to_numpy()))
            total_text = format_count(total, lang=lang, unit=u if lang == "zh" else "")
            sub = f"{order_periods[0]}年，合计{total_text}" if lang == "zh" and order_periods[0].isdigit() else \
                f"{order_periods[0]}，合计{total_text}" if lang == "zh" else f"{order_periods[0]}, total {total_text}"
        else:
            sub = ""
        if title is None:
            ax.set_title(label("title_training", lang) + (f"\n{sub}" if sub else ""))
        elif title:
            ax.set_title(str(title))
        finish_axes(ax, lang=lang, legend=len(order_periods) > 1, ncol=min(len(order_periods), 6))
    return ax
