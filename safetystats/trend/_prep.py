"""Turn a long frame of counts into a (series x periods) panel for the vectorised kernels.

One call handles one series or many (``by=`` keys).  Periods are parsed once per
distinct value, sorted (unsorted input is accepted) and checked for gaps: a
missing period inside a series is an error unless the caller allows gaps, in
which case the model uses the real time axis and the missing period is left
out — it is never treated as adjacent to its neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, ParameterError
from ..periods import parse_period

__all__ = ["Panel", "prepare_panel", "as_list", "PER_YEAR"]

#: Periods per year for each period kind (used to annualise a per-period slope).
PER_YEAR = {"year": 1, "split_year": 1, "ytd": 1, "quarter": 4, "month": 12}

EXPOSURE_COLUMNS = ("workers", "gdp", "hours", "vehicles", "exposure")


def as_list(value: str | Sequence[str] | None) -> list[str]:
    """``None`` -> ``[]``, a string -> ``[string]``, a sequence -> list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


@dataclass(frozen=True)
class Panel:
    """Counts laid out as a (series x periods) grid.

    Attributes
    ----------
    keys : pandas.DataFrame
        One row per series with the ``by`` columns (no columns for one series).
    by : list of str
        The key column names.
    ordinals : numpy.ndarray
        (T,) integer period positions of the grid, increasing.
    labels : list of str
        (T,) canonical period labels of the grid.
    y : numpy.ndarray
        (S, T) values; NaN where a series has no value for a period.
    exposure : numpy.ndarray or None
        (S, T) exposure; NaN where ``y`` is NaN.
    kind : str
        The period kind (year, month, quarter, split_year, ytd).
    value : str
        The value column name.
    exposure_column : str or None
        The exposure column name.
    """

    keys: pd.DataFrame
    by: list[str]
    ordinals: np.ndarray
    labels: list[str]
    y: np.ndarray
    exposure: np.ndarray | None
    kind: str
    value: str
    exposure_column: str | None

    @property
    def per_year(self) -> int:
        """Periods per year (12 for months, 4 for quarters, 1 otherwise)."""
        return PER_YEAR[self.kind]

    @property
    def valid(self) -> np.ndarray:
        """(S, T) boolean: the series has a value for the period."""
        return ~np.isnan(self.y)

    def key_label(self, i: int) -> str:
        """A readable name of series ``i`` for messages (``region='苏州市'``)."""
        if not self.by:
            return "the series"
        row = self.keys.iloc[i]
        return ", ".join(f"{k}={row[k]!r}" for k in self.by)


def _check_columns(df: pd.DataFrame, needed: list[str], argument: dict[str, str]) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        col = missing[0]
        arg = argument.get(col, "value")
        raise ParameterError(
            f"column {col!r} (argument {arg}=) is not in the frame; its columns are "
            f"{[str(c) for c in df.columns]}. Pass {arg}= one of them."
        )


def _parse_periods(periods: pd.Series) -> tuple[np.ndarray, np.ndarray, str]:
    """Ordinals, canonical labels and the single kind of a period column (parsed once per distinct value)."""
    if periods.isna().any():
        idx = periods.index[periods.isna()][0]
        raise InputError("the period is empty; every row needs a period", row=_row(idx), column="period")
    codes, uniques = pd.factorize(periods, sort=False)
    parsed = []
    for u in uniques:
        try:
            parsed.append(parse_period(u))
        except InputError as exc:
            idx = periods.index[codes == len(parsed)][0]
            raise InputError(str(exc), row=_row(idx), column="period") from None
    kinds = sorted({p.kind for p in parsed})
    if len(kinds) != 1:
        raise InputError(
            f"the periods mix kinds {kinds}; a trend needs one kind per series (all years, or all months). "
            "Split the frame or convert the periods first.",
            column="period",
        )
    ords = np.array([p.ordinal for p in parsed], dtype=np.int64)[codes]
    labels = np.array([p.label for p in parsed], dtype=object)[codes]
    return ords, labels, kinds[0]


def _row(idx: Any) -> int | None:
    return int(idx) if isinstance(idx, (int, np.integer)) else None


def prepare_panel(
    df: pd.DataFrame,
    *,
    value: str,
    exposure: str | None = None,
    by: str | Sequence[str] | None = None,
    gaps: str = "error",
    method: str = "trend",
    integer: bool = True,
    positive: bool = False,
    period: str = "period",
) -> Panel:
    """Validate and pivot a long frame into a :class:`Panel`.

    Parameters
    ----------
    df : pandas.DataFrame
        Long frame with a ``period`` column, the value column and optional
        exposure and key columns.  It is not modified.
    value : str
        Column with the counts (or rates, when ``integer=False``).
    exposure : str, optional
        Column with the exposure (workers, GDP, hours …); must be positive.
    by : str or list of str, optional
        Key columns that identify a series.  Without it, the frame must hold
        one series (each period once).
    gaps : {"error", "allow"}
        A missing period inside a series raises (default) or is left out of
        the fit, the time axis keeping the real spacing.
    method : str
        Name used in error messages.
    integer : bool
        Require whole, non-negative counts.
    positive : bool
        Require values > 0 (for log-scale fits).
    period : str
        Name of the period column.

    Returns
    -------
    Panel

    Raises
    ------
    ParameterError
        A column is missing or ``gaps`` is not a known option.
    InputError
        Negative or non-integer counts, non-positive exposure, a period given
        twice for one series, or a gap when ``gaps="error"``.
    """
    if not isinstance(df, pd.DataFrame):
        raise ParameterError(f"{method} needs a pandas DataFrame with a period column, got {type(df).__name__}")
    if gaps not in ("error", "allow"):
        raise ParameterError(f"gaps={gaps!r} is not an option; use 'error' or 'allow'")
    keys = as_list(by)
    argmap = {value: "value", period: "period", **{k: "by" for k in keys}}
    if exposure is not None:
        argmap[exposure] = "exposure"
    _check_columns(df, [period, value, *keys, *([exposure] if exposure is not None else [])], argmap)
    if df.empty:
        raise InputError(f"{method}: the frame has no rows")

    ords, labels, kind = _parse_periods(df[period])
    y = pd.to_numeric(df[value], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad_text = df[value].notna().to_numpy() & np.isnan(y)
    if bad_text.any():
        i = int(np.flatnonzero(bad_text)[0])
        raise InputError(f"{df[value].iloc[i]!r} is not a number", row=_row(df.index[i]), column=value)
    finite = ~np.isnan(y)
    if np.isinf(y[finite]).any():
        i = int(np.flatnonzero(np.isinf(y))[0])
        raise InputError("the value is infinite", row=_row(df.index[i]), column=value)
    if integer:
        neg = finite & (y < 0)
        if neg.any():
            i = int(np.flatnonzero(neg)[0])
            raise InputError(f"a count cannot be negative ({y[i]:g})", row=_row(df.index[i]), column=value)
        frac = finite & (y != np.round(y))
        if frac.any():
            i = int(np.flatnonzero(frac)[0])
            raise InputError(
                f"{method} models counts, but {y[i]:g} is not a whole number; pass counts (deaths, accidents), "
                "not rates — give the denominator as exposure=",
                row=_row(df.index[i]),
                column=value,
            )
    if positive:
        nonpos = finite & (y <= 0)
        if nonpos.any():
            i = int(np.flatnonzero(nonpos)[0])
            raise InputError(
                f"{method} works on the log scale and needs values > 0, got {y[i]:g}",
                row=_row(df.index[i]),
                column=value,
            )

    e = None
    if exposure is not None:
        e = pd.to_numeric(df[exposure], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = finite & ~(e > 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            what = "missing" if np.isnan(e[i]) else f"{e[i]:g}"
            raise InputError(
                f"the exposure must be a positive number, got {what}; fix the row or drop it",
                row=_row(df.index[i]),
                column=exposure,
            )
        if np.isinf(e[finite]).any():
            i = int(np.flatnonzero(finite & np.isinf(e))[0])
            raise InputError("the exposure is infinite", row=_row(df.index[i]), column=exposure)

    # series codes
    if len(keys) == 1:
        codes, uniq = pd.factorize(df[keys[0]], sort=True)
        if (codes < 0).any():
            i = int(np.flatnonzero(codes < 0)[0])
            raise InputError("the series key is empty", row=_row(df.index[i]), column=keys[0])
        key_df = pd.DataFrame({keys[0]: uniq})
    elif keys:
        key_frame = df[keys]
        codes, uniq = pd.factorize(pd.MultiIndex.from_frame(key_frame.astype(object)), sort=True)
        key_df = uniq.to_frame(index=False)
        key_df.columns = keys
    else:
        codes = np.zeros(len(df), dtype=np.int64)
        key_df = pd.DataFrame(index=range(1))
    n_series = len(key_df)

    # duplicates (series, period)
    pair = pd.DataFrame({"s": codes, "o": ords})
    dup = pair.duplicated(keep=False).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        hint = (
            "Each series may give each period once"
            + (f" (series {', '.join(f'{k}={df[k].iloc[i]!r}' for k in keys)})." if keys else ".")
            + (" If the frame holds several regions or sectors, pass by= their column(s)." if not keys else "")
        )
        raise InputError(f"period {labels[i]!r} appears more than once. {hint}", row=_row(df.index[i]), column="period")

    grid = np.unique(ords)
    pos = np.searchsorted(grid, ords)
    Y = np.full((n_series, grid.size), np.nan)
    Y[codes, pos] = y
    E = None
    if e is not None:
        E = np.full((n_series, grid.size), np.nan)
        E[codes, pos] = e
        E[np.isnan(Y)] = np.nan
    _, first_row = np.unique(pos, return_index=True)
    grid_labels = list(labels[first_row])

    valid = ~np.isnan(Y)
    if gaps == "error":
        # a hole between a series' first and last observed period
        first = np.argmax(valid, axis=1)
        last = grid.size - 1 - np.argmax(valid[:, ::-1], axis=1)
        span_ord = grid[last] - grid[first] + 1
        n_valid = valid.sum(axis=1)
        holes = np.flatnonzero((span_ord != n_valid) & (n_valid > 0))
        if holes.size:
            s = int(holes[0])
            have = set(grid[valid[s]].tolist())
            missing = [o for o in range(int(grid[first[s]]), int(grid[last[s]]) + 1) if o not in have]
            names = _ordinal_labels(missing, kind, grid, grid_labels)
            where = f" for {_key_text(key_df, keys, s)}" if keys else ""
            raise InputError(
                f"{method}: period(s) {names} missing{where} (or their {value!r} is empty). Gaps are never "
                "treated as adjacent periods: add the missing rows, or pass gaps='allow' to fit on the real "
                "time axis without them.",
                column="period",
            )
    return Panel(
        keys=key_df,
        by=keys,
        ordinals=grid,
        labels=[str(x) for x in grid_labels],
        y=Y,
        exposure=E,
        kind=kind,
        value=value,
        exposure_column=exposure,
    )


def _key_text(key_df: pd.DataFrame, keys: list[str], s: int) -> str:
    row = key_df.iloc[s]
    return ", ".join(f"{k}={row[k]!r}" for k in keys)


def _ordinal_labels(missing: list[int], kind: str, grid: np.ndarray, grid_labels: list) -> str:
    from ..periods import Period

    out = []
    for o in missing[:6]:
        if kind == "month":
            out.append(Period("month", o // 12, o % 12 + 1).label)
        elif kind == "quarter":
            out.append(Period("quarter", o // 4, o % 4 + 1).label)
        else:
            out.append(str(o))
    text = ", ".join(out)
    if len(missing) > 6:
        text += f" and {len(missing) - 6} more"
    return text


def period_position(panel: Panel, period: Any, *, argument: str) -> int:
    """The ordinal of a period given by the caller (``breaks=[2016]``, ``at="1983-02"``)."""
    try:
        p = parse_period(period)
    except InputError as exc:
        raise ParameterError(f"{argument}={period!r}: {exc}") from None
    if p.kind != panel.kind:
        raise ParameterError(f"{argument}={period!r} is a {p.kind}, but the data are by {panel.kind}")
    return p.ordinal
