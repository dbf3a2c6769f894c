"""``forecast`` and ``backtest``: the stateless entry points on validated frames."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataWarning, InputError, InsufficientDataError, ParameterError
from ..periods import Period, parse_period
from .models import (
    INTERVALS,
    MODELS,
    ForecastModel,
    check_horizon,
    check_levels,
    is_count,
    level_name,
)

__all__ = ["forecast", "backtest", "AUTO_CANDIDATES"]

#: models ``model="auto"`` compares (``loglinear`` only for counts, ``seasonal_naive`` only for months/quarters)
AUTO_CANDIDATES: tuple[str, ...] = ("naive", "mean", "drift", "loglinear", "theta", "ets_auto", "seasonal_naive")
_SEASON = {"month": 12, "quarter": 4}


# ---------------------------------------------------------------------------
# Input preparation
# ---------------------------------------------------------------------------
@dataclass
class _Group:
    """All series of one length: keys, values, exposure, last period per series."""

    keys: pd.DataFrame
    Y: np.ndarray
    E: np.ndarray | None
    last: list[Period]
    codes: np.ndarray  # (N, T) codes into ``labels``
    labels: np.ndarray  # distinct canonical period labels

    @property
    def periods(self) -> np.ndarray:
        """(N, T) canonical period labels."""
        return self.labels[self.codes]


@dataclass
class _Prepared:
    by: list[str]
    kind: str
    groups: list[_Group]
    count: bool
    nonnegative: bool


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _numeric_column(df: pd.DataFrame, col: str, period_labels: np.ndarray) -> np.ndarray:
    s = df[col]
    if pd.api.types.is_bool_dtype(s):
        raise InputError("holds true/false values; give numbers", column=col)
    num = s if pd.api.types.is_numeric_dtype(s) else pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna()
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raise InputError(f"value {s.iloc[i]!r} is not a number; give numbers only", row=int(df.index[i]), column=col)
    arr = num.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(arr).any():
        i = np.isnan(arr).nonzero()[0][0]
        raise InputError(
            f"is missing for period {period_labels[i]}; fill it in (models need every period) or drop the "
            "periods before it",
            row=int(df.index[i]),
            column=col,
        )
    if not np.all(np.isfinite(arr)):
        i = (~np.isfinite(arr)).nonzero()[0][0]
        raise InputError("is infinite; give finite numbers", row=int(df.index[i]), column=col)
    return arr


def _period_codes(col: pd.Series, *, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Per-row code into an array of distinct canonical labels (parses each distinct value once)."""
    from ..periods import canonical_periods

    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    if (codes < 0).any():
        canonical_periods(col, column=column)  # raises, naming the empty row
    try:
        canon = canonical_periods(pd.Series(np.asarray(uniq, dtype=object)), column=column).to_numpy(dtype=object)
    except InputError:
        canonical_periods(col, column=column)  # the full call names the bad row
        raise
    lab_codes, labels = pd.factorize(canon)
    return lab_codes[codes], np.asarray(labels, dtype=object)


def _prepare(
    df: pd.DataFrame,
    *,
    value: str,
    by: str | Sequence[str] | None,
    period: str,
    exposure: str | None,
    min_points: int = 2,
) -> _Prepared:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    keys = _as_list(by)
    for name, col in [("value", value), ("period", period), *[("by", k) for k in keys],
                      *([("exposure", exposure)] if exposure is not None else [])]:
        if not isinstance(col, str) or col not in df.columns:
            raise ParameterError(f"{name}={col!r} is not a column; columns are {', '.join(map(str, df.columns))}")
    if len(df) == 0:
        raise InsufficientDataError("forecast", needed=min_points, got=0)
    pcode, labels = _period_codes(df[period], column=period)
    parsed = [parse_period(lab) for lab in labels]
    kinds = {p.kind for p in parsed}
    if len(kinds) != 1:
        raise InputError(f"periods mix kinds {sorted(kinds)}; forecast one kind at a time", column=period)
    kind = kinds.pop()
    ords = np.array([p.ordinal for p in parsed], dtype=np.int64)[pcode]
    yv = _numeric_column(df, value, labels[pcode])
    ev = None
    if exposure is not None:
        ev = _numeric_column(df, exposure, labels[pcode])
        if np.any(ev <= 0):
            i = (ev <= 0).nonzero()[0][0]
            raise InputError("must be greater than 0 (a rate needs a positive exposure)",
                             row=int(df.index[i]), column=exposure)
    for k in keys:
        if df[k].isna().any():
            i = df[k].isna().to_numpy().nonzero()[0][0]
            raise InputError("series key is empty; fill it in", row=int(df.index[i]), column=k)
    sid = df.groupby(keys, sort=True, dropna=False).ngroup().to_numpy() if keys else np.zeros(len(df), np.int64)
    in_order = len(sid) < 2 or bool(np.all((sid[1:] > sid[:-1]) | ((sid[1:] == sid[:-1]) & (ords[1:] > ords[:-1]))))
    if in_order:  # already sorted by series and period (the usual long frame): no sort, no copies
        order = np.arange(len(sid))
    else:
        order = np.lexsort((ords, sid))
        sid, ords, yv, pcode = sid[order], ords[order], yv[order], pcode[order]
        ev = ev[order] if ev is not None else None
    same = sid[1:] == sid[:-1]
    step = np.diff(ords)
    dup = same & (step == 0)
    if dup.any():
        i = dup.nonzero()[0][0] + 1
        hint = "" if keys else "; if the frame holds several series, pass by= (e.g. by='region')"
        raise InputError(f"period {labels[pcode[i]]} appears more than once{_who(df, keys, order[i])}{hint}",
                         column=period)
    gap = same & (step > 1)
    if gap.any():
        i = gap.nonzero()[0][0] + 1
        prev = parse_period(labels[pcode[i - 1]])
        raise InputError(
            f"period {prev.shift(1).label} is missing{_who(df, keys, order[i])} (the series jumps from "
            f"{prev.label} to {labels[pcode[i]]}); models need consecutive periods: fill it in or "
            "forecast from the later part only",
            column=period,
        )
    n_series = int(sid.max()) + 1
    lengths = np.bincount(sid, minlength=n_series)
    starts = np.cumsum(lengths) - lengths
    pos = np.arange(len(sid)) - np.repeat(starts, lengths)
    key_frame = (df[keys].iloc[order[starts]].reset_index(drop=True) if keys
                 else pd.DataFrame(index=range(n_series)))
    groups = []
    for L in np.unique(lengths):
        ids = np.nonzero(lengths == L)[0]
        sel = np.isin(sid, ids) if ids.size < n_series else np.ones(len(sid), dtype=bool)
        rank = np.searchsorted(ids, sid[sel]) if ids.size < n_series else sid
        Y = np.empty((ids.size, L))
        Y[rank, pos[sel]] = yv[sel]
        E = None
        if ev is not None:
            E = np.empty((ids.size, L))
            E[rank, pos[sel]] = ev[sel]
        P = np.empty((ids.size, L), dtype=np.int64)
        P[rank, pos[sel]] = pcode[sel]
        groups.append(_Group(key_frame.iloc[ids].reset_index(drop=True), Y, E,
                             [parsed[c] for c in P[:, -1]], P, labels))
    return _Prepared(keys, kind, groups, is_count(yv), bool(np.all(yv >= 0)))


def _who(df: pd.DataFrame, keys: list[str], i: int) -> str:
    if not keys:
        return ""
    vals = ", ".join(f"{k}={df[k].iloc[i]!r}" for k in keys)
    return f" in series {vals}"


def _future_labels(g: _Group, h: int) -> np.ndarray:
    """Future period labels (N*h,), computed once per distinct last period (found by its label code)."""
    uniq, inverse = np.unique(g.codes[:, -1], return_inverse=True)
    first = np.zeros(uniq.size, dtype=np.int64)
    first[inverse[::-1]] = np.arange(inverse.size)[::-1]  # a series ending in each distinct period
    table = np.array([[g.last[i].shift(s).label for s in range(1, h + 1)] for i in first], dtype=object)
    return table[inverse].ravel()


def _make_model(name: str, kind: str) -> ForecastModel:
    cls = _model_class(name)
    if name == "seasonal_naive":
        if kind not in _SEASON:
            raise ParameterError(f"seasonal_naive needs monthly or quarterly periods; these are {kind} periods")
        return cls(season_length=_SEASON[kind])
    return cls()


def _model_class(name: str) -> type[ForecastModel]:
    registry = _registry()
    if not isinstance(name, str) or name not in registry:
        valid = ", ".join(["auto", *registry])
        raise ParameterError(f"model {name!r} does not exist; valid models: {valid}")
    return registry[name]


def _registry() -> dict[str, type[ForecastModel]]:
    return MODELS


def _interval_mode(interval: str, prep: _Prepared) -> str:
    if interval not in INTERVALS:
        raise ParameterError(f"interval={interval!r} is not one of {', '.join(INTERVALS)}")
    if interval != "auto":
        return interval
    # decide once for the whole frame so every series gets the same kind of interval
    return "count" if prep.count else ("normal_clip" if prep.nonnegative else "normal")


def _fit_predict(model: ForecastModel, Y, E, h, levels, mode, future_E=None):
    """Fit on arrays and return (point, bounds, dist, E_f, methods)."""
    model.fit(Y, exposure=E)
    interval = "normal" if mode == "normal_clip" else mode
    point, bounds, dist, E_f = model._predict_arrays(h, levels, interval, future_E)
    if mode == "normal_clip":
        point = np.maximum(point, 0.0)
        bounds = {lev: (np.maximum(lo, 0.0), np.maximum(hi, 0.0)) for lev, (lo, hi) in bounds.items()}
    return point, bounds, dist, E_f, model._methods()


# ---------------------------------------------------------------------------
# forecast
# ---------------------------------------------------------------------------
def forecast(
    df: pd.DataFrame,
    *,
    value: str,
    horizon: int = 3,
    model: str = "auto",
    level: float | Sequence[float] = (80, 95),
    by: str | Sequence[str] | None = None,
    period: str = "period",
    exposure: str | None = None,
    future_exposure: float | Sequence[float] | None = None,
    interval: str = "auto",
) -> pd.DataFrame:
    """Forecast one or many series with honest prediction intervals.

    Parameters
    ----------
    df : pandas.DataFrame
        A validated frame (canonical ``period`` strings), one row per period;
        with ``by`` a long frame holding many series.
    value : str
        Column to forecast (``"deaths"``, ``"accidents"`` …).
    horizon : int
        Periods ahead (1 or more).
    model : str
        ``"auto"`` (chosen per series by one-step rolling-origin MASE, with the
        runner-up reported) or one of ``naive, seasonal_naive, mean, drift,
        loglinear, holt, damped, ets_auto, theta``.
    level : float or sequence of float
        Interval levels in percent.
    by : str or list of str, optional
        Key column(s) that tell series apart (``"region"``).
    period : str
        The period column.
    exposure : str, optional
        Exposure column (``workers``, ``hours`` …): the models forecast the rate
        and the counts are ``rate x exposure``; rate columns are added.
    future_exposure : float or sequence, optional
        Exposure of the forecast periods; defaults to each series' last one.
    interval : {"auto", "count", "normal"}
        ``count``: Poisson / negative-binomial predictive quantiles (integers,
        never below 0); ``normal``: mean ± z·sd as in FPP3; ``auto``: ``count``
        for non-negative whole numbers, else ``normal`` clipped at 0 when the
        data never go below 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``[by…], metric, period, step, model, method, mean, lo_80,
        hi_80, lo_95, hi_95, distribution`` (``exposure, rate_*`` with an
        exposure; ``runner_up, mase, runner_up_mase`` with ``model="auto"``).

    Raises
    ------
    ParameterError
        Unknown model (lists the valid ones), horizon below 1, bad level.
    InputError
        Missing, non-numeric or duplicated values, gaps in the periods.
    InsufficientDataError
        Too few periods for the model.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": [str(y) for y in range(2016, 2024)],
    ...                    "deaths": [72, 70, 66, 68, 61, 60, 56, 50]})
    >>> forecast(df, value="deaths", model="drift", horizon=2)[["period", "mean", "lo_95", "hi_95"]]
      period       mean  lo_95  hi_95
    0   2024  46.857143     34     61
    1   2025  43.714286     31     57
    """
    h = check_horizon(horizon)
    levels = check_levels(level)
    if model != "auto":
        _model_class(model)
    prep = _prepare(df, value=value, by=by, period=period, exposure=exposure)
    mode = _interval_mode(interval, prep)
    frames = []
    for g in prep.groups:
        T = g.Y.shape[1]
        extra: dict[str, np.ndarray] = {}
        if model == "auto":
            point, bounds, dist, E_f, names, methods, extra = _auto(g, prep, h, levels, mode, future_exposure)
        else:
            m = _make_model(model, prep.kind)
            if T < m.min_points:
                raise InsufficientDataError(model, needed=m.min_points, got=T)
            point, bounds, dist, E_f, methods = _fit_predict(m, g.Y, g.E, h, levels, mode, future_exposure)
            names = np.full(g.Y.shape[0], model, dtype=object)
        frames.append(_frame(g, prep, value, h, levels, mode, point, bounds, dist, E_f, names, methods, extra))
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if len(frames) > 1:
        out = out.sort_values([*prep.by, "step"], kind="stable").reset_index(drop=True)
    return out


def _frame(g, prep, value, h, levels, mode, point, bounds, dist, E_f, names, methods, extra) -> pd.DataFrame:
    N = g.Y.shape[0]
    cols: dict[str, Any] = {}
    for k in prep.by:
        cols[k] = np.repeat(g.keys[k].to_numpy(), h)
    cols["metric"] = pd.array(np.full(N * h, value, dtype=object), dtype="str")
    cols["period"] = pd.array(_future_labels(g, h), dtype="str")
    cols["step"] = np.tile(np.arange(1, h + 1), N)
    cols["model"] = pd.array(np.repeat(names, h), dtype="str")
    cols["method"] = pd.array(np.repeat(methods, h), dtype="str")
    cols["mean"] = point.ravel()
    as_int = mode == "count"
    for lev in levels:
        nm = level_name(lev)
        lo, hi = bounds[lev]
        cols[f"lo_{nm}"] = lo.ravel().astype(np.int64) if as_int else lo.ravel()
        cols[f"hi_{nm}"] = hi.ravel().astype(np.int64) if as_int else hi.ravel()
    cols["distribution"] = pd.array(dist.ravel(), dtype="str")
    if E_f is not None:
        cols["exposure"] = E_f.ravel()
        cols["rate_mean"] = point.ravel() / E_f.ravel()
        for lev in levels:
            nm = level_name(lev)
            cols[f"rate_lo_{nm}"] = bounds[lev][0].ravel() / E_f.ravel()
            cols[f"rate_hi_{nm}"] = bounds[lev][1].ravel() / E_f.ravel()
    for k, v in extra.items():
        cols[k] = np.repeat(v, h)
    out = pd.DataFrame(cols)
    for k in ("runner_up",):
        if k in out:
            out[k] = out[k].astype("str")
    return out


def _auto_setup(T: int) -> int | None:
    """min_train for auto selection, or None when the series is too short to compare."""
    if T < 5:
        return None
    n_orig = min(T - 3, max(2, T // 2))
    return T - n_orig


def _auto_candidates(prep: _Prepared, min_train: int) -> list[str]:
    out = []
    for name in AUTO_CANDIDATES:
        if name not in _registry():
            continue
        if name == "loglinear" and not prep.count:
            continue
        if name == "seasonal_naive":
            if prep.kind not in _SEASON or min_train < _SEASON[prep.kind] + 1:
                continue
        elif _registry()[name].min_points > min_train:
            continue
        out.append(name)
    return out


def _auto(g: _Group, prep: _Prepared, h, levels, mode, future_E):
    N, T = g.Y.shape
    min_train = _auto_setup(T)
    if min_train is None:
        fallback = "naive"
        if T < 2:
            raise InsufficientDataError("forecast", needed=2, got=T)
        warnings.warn(
            f"model='auto': {T} periods are too few to compare models by backtest; used the naive model. "
            "Add periods or choose a model.",
            DataWarning,
            stacklevel=3,
        )
        m = _make_model(fallback, prep.kind)
        point, bounds, dist, E_f, methods = _fit_predict(m, g.Y, g.E, h, levels, mode, future_E)
        nan = np.full(N, np.nan)
        extra = {"runner_up": np.full(N, "", dtype=object), "mase": nan, "runner_up_mase": nan}
        return point, bounds, dist, E_f, np.full(N, fallback, dtype=object), methods, extra
    cands = _auto_candidates(prep, min_train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        mase = np.stack(
            [_backtest_arrays(g, prep, c, 1, min_train, levels, mode)["mase"] for c in cands], axis=1
        )
    score = np.where(np.isfinite(mase), mase, np.inf)
    order = np.argsort(score, axis=1, kind="stable")
    best, second = order[:, 0], order[:, 1] if len(cands) > 1 else order[:, 0]
    rows = np.arange(N)
    results = {}
    for j in np.unique(best):
        name = cands[j]
        m = _make_model(name, prep.kind)
        results[j] = _fit_predict(m, g.Y, g.E, h, levels, mode, future_E)
    # assemble the chosen model's rows for every series
    first = results[best[0]]
    point = np.empty_like(first[0])
    bounds = {lev: (np.empty_like(first[0]), np.empty_like(first[0])) for lev in levels}
    dist = np.empty(first[2].shape, dtype=object)
    methods = np.empty(N, dtype=object)
    for j, (p, b, d, _, meth) in results.items():
        sel = best == j
        point[sel] = p[sel]
        dist[sel] = d[sel]
        methods[sel] = meth[sel]
        for lev in levels:
            bounds[lev][0][sel] = b[lev][0][sel]
            bounds[lev][1][sel] = b[lev][1][sel]
    names = np.array(cands, dtype=object)
    extra = {
        "runner_up": names[second] if len(cands) > 1 else np.full(N, "", dtype=object),
        "mase": mase[rows, best],
        "runner_up_mase": mase[rows, second] if len(cands) > 1 else np.full(N, np.nan),
    }
    return point, bounds, dist, first[3], names[best], methods, extra


# ---------------------------------------------------------------------------
# backtest
# ---------------------------------------------------------------------------
def _backtest_arrays(g: _Group, prep: _Prepared, name: str, horizon: int, min_train: int,
                     levels: tuple[float, ...], mode: str, keep: bool = False) -> dict[str, Any]:
    """Rolling-origin evaluation of one model on all series of a group (vectorised over series)."""
    N, T = g.Y.shape
    origins = np.arange(min_train, T - horizon + 1)
    m = _season_length(prep.kind)  # one MASE scale for every model: seasonal naive for months / quarters
    errs, abs_scaled, smape, cover, wink, fc_rows = [], [], [], {lv: [] for lv in levels}, {lv: [] for lv in levels}, []
    for o in origins:
        model = _make_model(name, prep.kind)
        Etr = None if g.E is None else g.E[:, :o]
        Ef = None if g.E is None else g.E[:, o : o + horizon]
        point, bounds, _, _, _ = _fit_predict(model, g.Y[:, :o], Etr, horizon, levels, mode, Ef)
        actual = g.Y[:, o : o + horizon]
        e = actual - point
        train = g.Y[:, :o]
        lag = m if o > m else 1
        scale = np.mean(np.abs(train[:, lag:] - train[:, :-lag]), axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            abs_scaled.append(np.where(scale[:, None] > 0, np.abs(e) / scale[:, None], np.nan))
            denom = np.abs(actual) + np.abs(point)
            smape.append(np.where(denom > 0, 200.0 * np.abs(e) / denom, 0.0))
        errs.append(e)
        for lev in levels:
            lo, hi = bounds[lev]
            a = 1 - lev / 100.0
            cover[lev].append((actual >= lo) & (actual <= hi))
            wink[lev].append((hi - lo) + (2 / a) * np.maximum(lo - actual, 0) + (2 / a) * np.maximum(actual - hi, 0))
        if keep:
            fc_rows.append((o, actual, point, bounds))
    E = np.stack(errs, axis=1)  # (N, O, H)
    out: dict[str, Any] = {
        "n_forecasts": np.full(N, E.shape[1] * E.shape[2]),
        "mae": np.mean(np.abs(E), axis=(1, 2)),
        "rmse": np.sqrt(np.mean(E**2, axis=(1, 2))),
        "mase": _nanmean(np.stack(abs_scaled, axis=1)),
        "smape": np.mean(np.stack(smape, axis=1), axis=(1, 2)),
    }
    for lev in levels:
        out[f"coverage_{level_name(lev)}"] = np.mean(np.stack(cover[lev], axis=1), axis=(1, 2))
        out[f"winkler_{level_name(lev)}"] = np.mean(np.stack(wink[lev], axis=1), axis=(1, 2))
    if keep:
        out["forecasts"] = fc_rows
    return out


def _nanmean(a: np.ndarray) -> np.ndarray:
    """Mean over all but the first axis ignoring NaN (a zero MASE scale); NaN when nothing is left."""
    n = np.sum(~np.isnan(a), axis=(1, 2))
    total = np.nansum(a, axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)


def _season_length(kind: str) -> int:
    return _SEASON.get(kind, 1)


def backtest(
    df: pd.DataFrame,
    *,
    value: str,
    models: Sequence[str] = ("naive", "mean", "drift", "theta", "ets_auto"),
    horizon: int = 1,
    min_train: int = 5,
    level: float | Sequence[float] = (80, 95),
    by: str | Sequence[str] | None = None,
    period: str = "period",
    exposure: str | None = None,
    interval: str = "auto",
    details: bool = False,
) -> pd.DataFrame:
    """Rolling-origin backtest: refit on each growing window, forecast, score.

    For each origin ``o = min_train, …, T - horizon`` the model is fitted on
    the first ``o`` periods and forecasts ``horizon`` periods; every forecast
    step is scored against the actual value.

    Parameters
    ----------
    df : pandas.DataFrame
        Validated frame (see :func:`forecast`).
    value : str
        Column to forecast.
    models : sequence of str
        Model names (see :func:`forecast`).
    horizon : int
        Steps ahead forecast from each origin.
    min_train : int
        Periods in the first training window.
    level : float or sequence of float
        Interval levels in percent (for coverage and Winkler scores).
    by, period, exposure, interval
        As in :func:`forecast`; with an exposure the actual exposure of each
        forecast period is used.
    details : bool
        Return one row per forecast (``origin, period, step, actual, mean,
        lo_*, hi_*``) instead of the summary.

    Returns
    -------
    pandas.DataFrame
        One row per series and model: ``[by…], metric, model, n_forecasts, mae,
        rmse, mase, smape, coverage_80, coverage_95, winkler_80, winkler_95,
        rank`` (rank 1 = lowest MASE), sorted by rank.

    Notes
    -----
    MASE scales each absolute error by the mean absolute one-step (seasonal,
    for months/quarters) naive error of that origin's training window
    (Hyndman & Koehler 2006). sMAPE is ``200 |y - f| / (|y| + |f|)`` (0 when
    both are 0). The Winkler (interval) score for level ``1 - a`` is
    ``(hi - lo) + (2/a)(lo - y)`` below, ``+ (2/a)(y - hi)`` above the interval.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": [str(y) for y in range(2012, 2024)],
    ...                    "deaths": [90, 84, 85, 80, 77, 72, 70, 66, 68, 61, 60, 56]})
    >>> bt = backtest(df, value="deaths", models=["naive", "drift"], min_train=6)
    >>> bt[["model", "n_forecasts", "mae", "rank"]]
       model  n_forecasts       mae  rank
    0  drift            6  2.527910     1
    1  naive            6  3.333333     2
    """
    h = check_horizon(horizon)
    levels = check_levels(level)
    if isinstance(models, str):
        models = [models]
    models = list(models)
    if not models:
        raise ParameterError("models is empty; give one or more model names")
    for name in models:
        _model_class(name)
    if isinstance(min_train, bool) or not isinstance(min_train, (int, np.integer)) or min_train < 2:
        raise ParameterError(f"min_train must be a whole number 2 or more; got {min_train!r}")
    prep = _prepare(df, value=value, by=by, period=period, exposure=exposure)
    mode = _interval_mode(interval, prep)
    for name in models:
        need = _registry()[name].min_points
        if name == "seasonal_naive":
            need = _SEASON.get(prep.kind, 1) + 1
        if min_train < need:
            raise ParameterError(f"min_train={min_train} is below what {name} needs ({need}); raise min_train")
    rows, detail_frames = [], []
    caught: list[str] = []
    for g in prep.groups:
        T = g.Y.shape[1]
        if T < min_train + h:
            raise InsufficientDataError(f"backtest (min_train={min_train}, horizon={h})", needed=min_train + h, got=T)
        for name in models:
            with warnings.catch_warnings(record=True) as wlist:
                warnings.simplefilter("always", DataWarning)
                res = _backtest_arrays(g, prep, name, h, min_train, levels, mode, keep=details)
            caught.extend(str(w.message) for w in wlist if issubclass(w.category, DataWarning))
            if details:
                detail_frames.append(_detail_frame(g, prep, value, name, res["forecasts"], levels, mode))
                continue
            part = g.keys.copy()
            part["metric"] = value
            part["model"] = name
            for k, v in res.items():
                if k != "forecasts":
                    part[k] = v
            rows.append(part)
    for msg in dict.fromkeys(caught):
        warnings.warn(f"backtest: {msg}", DataWarning, stacklevel=2)
    if details:
        return pd.concat(detail_frames, ignore_index=True)
    out = pd.concat(rows, ignore_index=True)
    out["metric"] = out["metric"].astype("str")
    out["model"] = out["model"].astype("str")
    keys = prep.by
    score = out["mase"].fillna(np.inf)
    out["rank"] = (score.groupby([out[k] for k in keys]).rank(method="first") if keys
                   else score.rank(method="first")).astype(np.int64)
    return out.sort_values([*keys, "rank"], kind="stable").reset_index(drop=True)


def _detail_frame(g, prep, value, name, fc_rows, levels, mode) -> pd.DataFrame:
    parts = []
    N = g.Y.shape[0]
    for o, actual, point, bounds in fc_rows:
        H = actual.shape[1]
        cols: dict[str, Any] = {k: np.repeat(g.keys[k].to_numpy(), H) for k in prep.by}
        cols["metric"] = value
        cols["model"] = name
        cols["origin"] = np.repeat(g.periods[:, o - 1], H)
        cols["period"] = g.periods[:, o : o + H].ravel()
        cols["step"] = np.tile(np.arange(1, H + 1), N)
        cols["actual"] = actual.ravel()
        cols["mean"] = point.ravel()
        for lev in levels:
            nm = level_name(lev)
            lo, hi = bounds[lev]
            cols[f"lo_{nm}"] = lo.ravel().astype(np.int64) if mode == "count" else lo.ravel()
            cols[f"hi_{nm}"] = hi.ravel().astype(np.int64) if mode == "count" else hi.ravel()
        parts.append(pd.DataFrame(cols))
    out = pd.concat(parts, ignore_index=True)
    for c in ("metric", "model", "origin", "period"):
        out[c] = out[c].astype("str")
    return out

