"""Helpers shared by the figure modules: input checks, period axes, legends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError, InsufficientDataError, ParameterError
from ..periods import Period, parse_period

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def require_frame(data: Any, *, func: str, columns: Sequence[str], argument: str = "data") -> pd.DataFrame:
    """Check that ``data`` is a non-empty DataFrame holding ``columns``."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(f"{func}: {argument} must be a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        have = ", ".join(map(str, data.columns[:12]))
        raise InputError(f"{func}: {argument} has no column {missing[0]!r} (columns: {have}); "
                         f"pass a frame with {', '.join(columns)}")
    if data.empty:
        raise InputError(f"{func}: {argument} is empty (0 rows); there is nothing to draw")
    return data


def numeric_column(frame: pd.DataFrame, column: str, *, func: str, nan_ok: bool = True,
                   nonnegative: bool = True) -> np.ndarray:
    """A column as float64, with clear errors for text, negatives and (optionally) empty cells."""
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    raw = frame[column]
    bad = raw.notna().to_numpy() & np.isnan(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{func}: column {column!r} row {frame.index[i]!r} holds {raw.iloc[i]!r}, which is not a "
                         "number; fix or remove that row")
    if not nan_ok and np.isnan(values).any():
        i = int(np.flatnonzero(np.isnan(values))[0])
        raise InputError(f"{func}: column {column!r} row {frame.index[i]!r} is empty (NaN); fill it in or drop "
                         "the row")
    if nonnegative and (values < 0).any():
        i = int(np.flatnonzero(values < 0)[0])
        raise InputError(f"{func}: column {column!r} row {frame.index[i]!r} is {values[i]:g}; counts cannot be "
                         "negative")
    return values


def parse_periods(values: Iterable[Any], *, func: str, column: str = "period") -> list[Period]:
    """Parse period labels, all of one kind, with a clear error."""
    out = []
    for v in values:
        try:
            out.append(parse_period(v))
        except Exception as exc:
            raise InputError(f"{func}: column {column!r} holds {v!r}, which is not a period ({exc})") from None
    kinds = {p.kind for p in out}
    if len(kinds) > 1:
        raise InputError(f"{func}: column {column!r} mixes kinds of period ({', '.join(sorted(kinds))}); "
                         "draw one kind at a time")
    return out


def single_series(data: pd.DataFrame, *, value: str, period: str, func: str,
                  min_periods: int = 2) -> pd.DataFrame:
    """period, ordinal, label, value of one series, sorted; errors for duplicates and too few periods."""
    require_frame(data, func=func, columns=[period, value])
    periods = parse_periods(data[period], func=func, column=period)
    values = numeric_column(data, value, func=func)
    out = pd.DataFrame({
        "label": [p.label for p in periods],
        "ordinal": np.array([p.ordinal for p in periods], dtype=np.int64),
        "value": values,
    })
    out["_period"] = periods
    dup = out["label"].duplicated(keep=False)
    if dup.any():
        first = out.loc[dup, "label"].iloc[0]
        hint = ""
        if "region" in data.columns and data["region"].nunique(dropna=True) > 1:
            hint = f" (the frame holds {data['region'].nunique()} regions: select one, e.g. df[df.region == …])"
        raise InputError(f"{func}: period {first} appears more than once{hint}; draw one series at a time")
    out = out.sort_values("ordinal", kind="stable").reset_index(drop=True)
    n = int(np.isfinite(out["value"]).sum())
    if n < min_periods:
        raise InsufficientDataError(func, needed=min_periods, got=n, what="periods with a value")
    return out


def period_axis(ax: Axes, periods: Sequence[Period], *, max_ticks: int = 10) -> dict[int, str]:
    """Put period labels on the x axis at integer ordinals; returns ordinal -> label for the full range."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    ordinals = [p.ordinal for p in periods]
    lo, hi = min(ordinals), max(ordinals)
    first = periods[int(np.argmin(ordinals))]
    labels = {first.ordinal + k: first.shift(k).label for k in range(hi - lo + 1)}
    span = hi - lo + 1
    step = 1
    for s in (1, 2, 5, 10, 20, 50, 100):
        step = s
        if span / s <= max_ticks:
            break
    ticks = [o for o in range(lo, hi + 1) if (o - lo) % step == 0] if step > 1 else list(range(lo, hi + 1))
    if step > 1 and first.kind == "year":  # years: ticks on round years
        ticks = [o for o in range(lo, hi + 1) if o % step == 0] or [lo]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, pos=None: labels.get(round(x), "")))
    ax.set_xlim(lo - 0.6, hi + 0.6)
    longest = max(len(labels[t]) for t in ticks)
    if longest * len(ticks) > 60:
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_horizontalalignment("right")
        ax.tick_params(axis="x", labelrotation=45)
    return labels


def legend_below(ax: Axes, *, ncol: int | None = None) -> None:
    """A legend below the x axis (its tick labels and title), outside the data area.

    The offset is measured from the drawn x axis, in points, so a two-line
    axis title or rotated tick labels never run into the legend; constrained
    layout then makes room for it.
    """
    from matplotlib.transforms import ScaledTranslation

    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    fig = ax.get_figure(root=True)
    renderer = fig.canvas.get_renderer()
    below = ax.get_window_extent(renderer).y0 - ax.xaxis.get_tightbbox(renderer).y0
    offset = below * 72.0 / fig.dpi + 6.0
    ncol = ncol or min(len(handles), 3)
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              bbox_transform=ax.transAxes + ScaledTranslation(0, -offset / 72.0, fig.dpi_scale_trans),
              ncol=ncol, borderaxespad=0.0, handlelength=2.0, columnspacing=1.5)


def axis_title(metric: str, lang: str) -> str:
    """``死亡人数（人）`` / ``Deaths``: the y-axis title of a count."""
    from .style import label, unit

    text = label(metric, lang)
    u = unit(metric, lang)
    return f"{text}（{u}）" if lang == "zh" and u else text


def grouped_bars(
    ax: Axes,
    table: pd.DataFrame,
    *,
    horizontal: bool,
    fmt: Any,
    series_labels: Sequence[str] | None = None,
    group_labels: Sequence[str] | None = None,
) -> None:
    """Bars: one group per row of ``table``, one bar per column, each annotated with ``fmt(value)``.

    Empty cells (NaN) get no bar and no label.  Colours and hatches come from
    :func:`safetystats.plots.style.series_colours`.
    """
    from .style import series_colours

    n_groups, n_series = table.shape
    width = 0.8 / n_series
    pos = np.arange(n_groups, dtype=float)
    colours = series_colours(n_series) if n_series > 1 else [("#004488", "")]
    values = table.to_numpy(dtype=float)
    vmax = np.nanmax(values) if np.isfinite(values).any() else 1.0
    for j in range(n_series):
        offs = pos - 0.4 + width * (j + 0.5)
        vals = values[:, j]
        ok = np.isfinite(vals)
        colour, hatch = colours[j]
        name = (series_labels[j] if series_labels is not None else str(table.columns[j])) if n_series > 1 else None
        if horizontal:
            bars = ax.barh(offs[ok], vals[ok], height=width * 0.9, color=colour, hatch=hatch, edgecolor="white",
                           linewidth=0.5, label=name, zorder=3)
        else:
            bars = ax.bar(offs[ok], vals[ok], width=width * 0.9, color=colour, hatch=hatch, edgecolor="white",
                          linewidth=0.5, label=name, zorder=3)
        for bar, v in zip(bars, vals[ok], strict=True):
            text = fmt(v)
            if horizontal:
                ax.annotate(text, xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                            textcoords="offset points", va="center", ha="left", fontsize=8.5)
            else:
                ax.annotate(text, xy=(bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                            textcoords="offset points", va="bottom", ha="center", fontsize=8.5)
    names = list(group_labels) if group_labels is not None else [str(i) for i in table.index]
    if horizontal:
        ax.set_yticks(pos, labels=names)
        ax.set_ylim(n_groups - 0.5, -0.5)  # first group at the top
        ax.set_xlim(0, vmax * 1.22)  # room for the value labels
        ax.grid(False, axis="y")
        ax.grid(True, axis="x")
    else:
        ax.set_xticks(pos, labels=names)
        ax.set_xlim(-0.6, n_groups - 0.4)
        ax.set_ylim(0, vmax * 1.15)
