"""Forecast models with a scikit-learn-like interface.

``__init__`` only stores options; ``fit(y)`` returns ``self`` and keeps the
fitted state in attributes ending in ``_``; ``predict(h, level=(80, 95))``
returns a tidy frame with columns ``step, model, method, mean, lo_80, hi_80,
lo_95, hi_95, distribution`` (plus ``series`` when ``y`` held several series,
``period`` when the periods were given, and ``exposure`` / ``rate_*`` when an
exposure was given).

``y`` may be one series (1-D) or many series of the same length (2-D, one row
per series): every model is vectorised with numpy over the rows.

Examples
--------
>>> m = Drift().fit([80, 76, 71, 75, 68], periods=["2019", "2020", "2021", "2022", "2023"])
>>> m.predict(2)[["period", "mean", "lo_95", "hi_95"]]
  period  mean  lo_95  hi_95
0   2024  65.0     50     81
1   2025  62.0     47     78
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ..errors import DataWarning, InputError, InsufficientDataError, ParameterError
from ..periods import parse_period
from . import _kernels as K

__all__ = [
    "ForecastModel",
    "Naive",
    "SeasonalNaive",
    "Mean",
    "Drift",
    "LogLinear",
    "Holt",
    "Damped",
    "ETSAuto",
    "Theta",
    "MODELS",
    "INTERVALS",
    "check_levels",
]

INTERVALS = ("auto", "count", "normal")
_SEASON = {"month": 12, "quarter": 4}


def check_levels(level: Any) -> tuple[float, ...]:
    """Validate prediction-interval levels (percent, strictly between 0 and 100)."""
    levels = (level,) if np.isscalar(level) else tuple(level)
    if not levels:
        raise ParameterError("level is empty; give one or more levels in percent, e.g. level=(80, 95)")
    out = []
    for lev in levels:
        if isinstance(lev, (bool, np.bool_)) or not isinstance(lev, (int, float, np.integer, np.floating)):
            raise ParameterError(f"level {lev!r} is not a number; give levels in percent, e.g. level=(80, 95)")
        if not 0 < float(lev) < 100:
            raise ParameterError(f"level {lev!r} must be between 0 and 100 (percent), e.g. level=(80, 95)")
        out.append(float(lev))
    if len(set(out)) != len(out):
        raise ParameterError(f"level {levels!r} repeats a level")
    return tuple(sorted(out))


def level_name(lev: float) -> str:
    """Column suffix for a level: 95 -> '95', 99.5 -> '99_5'."""
    return f"{lev:g}".replace(".", "_")


def check_horizon(h: Any) -> int:
    """Validate a forecast horizon (a whole number of periods, at least 1)."""
    if isinstance(h, (bool, np.bool_)) or not isinstance(h, (int, np.integer)) or h < 1:
        raise ParameterError(f"horizon must be a whole number of periods, 1 or more; got {h!r}")
    return int(h)


def _as_matrix(y: Any, name: str = "y") -> tuple[np.ndarray, bool]:
    """2-D float array (series x periods) and whether the input was 1-D."""
    if isinstance(y, (pd.Series, pd.DataFrame)):
        arr = y.to_numpy()
    else:
        arr = np.asarray(y, dtype=object) if not isinstance(y, np.ndarray) else y
    if arr.ndim not in (1, 2):
        raise InputError(f"{name} must be one series (1-D) or one series per row (2-D); got {arr.ndim}-D")
    try:
        out = np.asarray(arr, dtype=float)
    except (TypeError, ValueError):
        flat = np.atleast_1d(arr).ravel()
        bad = next((v for v in flat if not _is_number(v)), None)
        raise InputError(f"{name} has a non-numeric value {bad!r}; give numbers only") from None
    one = out.ndim == 1
    out = np.atleast_2d(out)
    if np.isnan(out).any():
        r, c = np.argwhere(np.isnan(out))[0]
        where = f"position {c}" + (f" of series {r}" if not one else "")
        raise InputError(f"{name} has a missing value (NaN) at {where}; fill it in or shorten the series")
    if np.isinf(out).any():
        raise InputError(f"{name} has an infinite value; give finite numbers")
    return out, one


def _is_number(v: Any) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def is_count(Y: np.ndarray) -> bool:
    """True when every value is a non-negative whole number."""
    return bool(np.all(Y >= 0) and np.all(Y == np.round(Y)))


class ForecastModel:
    """Base class: shared ``fit``/``predict`` plumbing and interval making.

    Subclasses set ``name`` and ``min_points`` and implement ``_fit_arrays``
    (fit on a 2-D array of modelled values) and ``_forecast_arrays`` (return
    the point forecast and forecast-error variance, each series x h).
    """

    name: ClassVar[str] = ""
    min_points: ClassVar[int] = 2

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.endswith("_"))
        return f"{type(self).__name__}({opts})"

    # -- public API ---------------------------------------------------------
    def fit(self, y: Any, *, periods: Sequence[Any] | None = None, exposure: Any = None) -> ForecastModel:
        """Fit the model.

        Parameters
        ----------
        y : array-like or pandas.Series
            One series (1-D) or many series of equal length (2-D, one row per
            series), oldest first.  Must be finite and without gaps.
        periods : sequence, optional
            The periods of the columns of ``y`` (canonical strings or anything
            :func:`safetystats.parse_period` reads); gives ``predict`` its
            ``period`` column.  A Series' index is used when not given.
        exposure : array-like, optional
            Exposure (workers, hours, vehicles …) of each observation, same
            shape as ``y``; the model then forecasts the rate ``y / exposure``.

        Returns
        -------
        self
        """
        Y, one = _as_matrix(y)
        if periods is None and isinstance(y, pd.Series) and not isinstance(y.index, pd.RangeIndex):
            periods = list(y.index)
        self.n_obs_ = Y.shape[1]
        self.n_series_ = Y.shape[0]
        self.one_series_ = one
        if self.n_obs_ < self.min_points:
            raise InsufficientDataError(self.name, needed=self.min_points, got=self.n_obs_)
        self.periods_ = None
        self.period_kind_ = None
        if periods is not None:
            parsed = [parse_period(p) for p in periods]
            if len(parsed) != self.n_obs_:
                raise InputError(f"periods has {len(parsed)} entries but y has {self.n_obs_} values per series")
            kinds = {p.kind for p in parsed}
            if len(kinds) != 1:
                raise InputError(f"periods mix kinds {sorted(kinds)}; use one kind per series")
            self.periods_ = parsed
            self.period_kind_ = parsed[0].kind
        self.y_ = Y
        self.count_ = is_count(Y)
        self.nonnegative_ = bool(np.all(Y >= 0))
        if exposure is not None:
            E, _ = _as_matrix(exposure, "exposure")
            if E.shape != Y.shape:
                raise InputError(f"exposure has shape {E.shape[::-1] if one else E.shape}, y has {Y.shape}; "
                                 "give one exposure per observation")
            if np.any(E <= 0):
                raise InputError("exposure must be greater than 0 everywhere (a zero exposure has no rate)")
            self.exposure_ = E
            Z = Y / E
        else:
            self.exposure_ = None
            Z = Y
        self._fit_arrays(Z)
        return self

    def predict(
        self,
        h: int = 3,
        *,
        level: Any = (80, 95),
        interval: str = "auto",
        future_exposure: Any = None,
    ) -> pd.DataFrame:
        """Forecast ``h`` periods ahead with prediction intervals.

        Parameters
        ----------
        h : int
            Number of periods to forecast (1 or more).
        level : float or sequence of float
            Interval levels in percent.
        interval : {"auto", "count", "normal"}
            ``count``: quantiles of a Poisson or negative-binomial predictive
            distribution (integers, never below 0); ``normal``: mean ± z·sd as
            in FPP3; ``auto``: ``count`` for non-negative whole numbers,
            otherwise ``normal`` (clipped at 0 when the data never go below 0).
        future_exposure : float or array-like, optional
            Exposure of the forecast periods (scalar, ``h`` values, or one row
            of ``h`` per series); defaults to the last observed exposure.

        Returns
        -------
        pandas.DataFrame
            One row per series and step.
        """
        self._check_fitted()
        h = check_horizon(h)
        levels = check_levels(level)
        kind, _ = self._interval_kind(interval)
        point, bounds, dist, E_f = self._predict_arrays(h, levels, interval, future_exposure)
        N = self.n_series_
        cols: dict[str, Any] = {}
        if not self.one_series_:
            cols["series"] = np.repeat(np.arange(N), h)
        if self.periods_ is not None:
            last = self.periods_[-1]
            labels = [last.shift(s).label for s in range(1, h + 1)]
            cols["period"] = pd.array(np.tile(labels, N), dtype="str")
        cols["step"] = np.tile(np.arange(1, h + 1), N)
        cols["model"] = self.name
        cols["method"] = np.repeat(self._methods(), h)
        cols["mean"] = point.ravel()
        as_int = kind == "count"
        for lev in levels:
            lo, hi = bounds[lev]
            nm = level_name(lev)
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
        out = pd.DataFrame(cols)
        out["model"] = out["model"].astype("str")
        out["method"] = out["method"].astype("str")
        return out

    # -- helpers ------------------------------------------------------------
    def _predict_arrays(self, h: int, levels: tuple[float, ...], interval: str, future_exposure: Any = None):
        """Arrays behind :meth:`predict`: point, {level: (lo, hi)}, distribution, future exposure."""
        kind, clip = self._interval_kind(interval)
        mean, var = self._forecast_arrays(h)
        E_f = None
        if self.exposure_ is not None:
            E_f = self._future_exposure(future_exposure, h)
            mean, var = self._scale_to_counts(mean, var, E_f)
        elif future_exposure is not None:
            raise ParameterError("future_exposure was given but the model was fitted without exposure")
        point, bounds, dist = K.intervals(mean, var, levels, kind, clip=clip)
        return point, bounds, dist, E_f

    def _scale_to_counts(self, mean: np.ndarray, var: np.ndarray, E_f: np.ndarray):
        return mean * E_f, var * E_f**2

    def _check_fitted(self) -> None:
        if not hasattr(self, "y_"):
            raise ParameterError(f"{type(self).__name__} is not fitted yet; call .fit(y) first")

    def _interval_kind(self, interval: str) -> tuple[str, bool]:
        if interval not in INTERVALS:
            raise ParameterError(f"interval={interval!r} is not one of {', '.join(INTERVALS)}")
        if interval == "auto":
            if self.count_:
                return "count", False
            return "normal", self.nonnegative_
        return interval, False

    def _future_exposure(self, fe: Any, h: int) -> np.ndarray:
        N = self.n_series_
        if fe is None:
            return np.repeat(self.exposure_[:, -1:], h, axis=1)
        arr = np.asarray(fe, dtype=float)
        if arr.ndim == 0:
            arr = np.full((N, h), float(arr))
        elif arr.ndim == 1 and arr.size == h:
            arr = np.tile(arr, (N, 1))
        elif arr.shape != (N, h):
            raise ParameterError(f"future_exposure must be a number, {h} values, or {N} rows of {h}; "
                                 f"got shape {arr.shape}")
        if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise ParameterError("future_exposure must be finite and greater than 0")
        return arr

    def _methods(self) -> np.ndarray:
        return np.full(self.n_series_, self.name, dtype=object)

    def _fit_arrays(self, Z: np.ndarray) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _forecast_arrays(self, h: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - abstract
        raise NotImplementedError


class Naive(ForecastModel):
    """Random walk: every forecast equals the last value.

    Interval variance ``sigma^2 h`` with ``sigma^2`` the mean squared one-step
    difference (FPP3 §5.5).

    Examples
    --------
    >>> Naive().fit([3, 5, 4]).predict(1, interval="normal")[["mean", "lo_80", "hi_80"]].round(3)
       mean  lo_80  hi_80
    0   4.0  1.974  6.026
    """

    name = "naive"
    min_points = 2

    def _fit_arrays(self, Z: np.ndarray) -> None:
        self.z_ = Z
        self.sigma2_ = np.mean(np.diff(Z, axis=1) ** 2, axis=1)

    def _forecast_arrays(self, h: int):
        return K.naive(self.z_, h)[:2]


class Mean(ForecastModel):
    """Historical mean; interval variance ``s^2 (1 + 1/T)`` (FPP3 §5.5).

    Examples
    --------
    >>> Mean().fit([2, 4, 6]).predict(1, interval="normal")["mean"].tolist()
    [4.0]
    """

    name = "mean"
    min_points = 2

    def _fit_arrays(self, Z: np.ndarray) -> None:
        self.z_ = Z
        self.mean_ = Z.mean(axis=1)

    def _forecast_arrays(self, h: int):
        return K.mean_model(self.z_, h)[:2]


class Drift(ForecastModel):
    """Random walk with drift (the line through the first and last values).

    Mean ``y_T + h (y_T - y_1)/(T-1)``; variance ``sigma^2 h (1 + h/(T-1))``
    with ``sigma^2 = SS/(T-1)`` of the drift-corrected differences (FPP3 §5.5).

    Examples
    --------
    >>> Drift().fit([10, 12, 15, 16]).predict(2, interval="normal")["mean"].tolist()
    [18.0, 20.0]
    """

    name = "drift"
    min_points = 3

    def _fit_arrays(self, Z: np.ndarray) -> None:
        self.z_ = Z
        self.drift_ = (Z[:, -1] - Z[:, 0]) / (Z.shape[1] - 1)

    def _forecast_arrays(self, h: int):
        return K.drift(self.z_, h)[:2]


class SeasonalNaive(ForecastModel):
    """Seasonal naive: the value of the same month (quarter) one cycle earlier.

    Variance ``sigma^2 (k + 1)`` with ``k = floor((h-1)/m)`` (FPP3 §5.5).

    Parameters
    ----------
    season_length : int, optional
        Periods per cycle; taken from the periods (12 for months, 4 for
        quarters) when not given.

    Examples
    --------
    >>> y = [5, 1, 2, 3, 6, 2, 2, 4]
    >>> SeasonalNaive(season_length=4).fit(y).predict(4, interval="normal")["mean"].tolist()
    [6.0, 2.0, 2.0, 4.0]
    """

    name = "seasonal_naive"
    min_points = 2

    def __init__(self, *, season_length: int | None = None) -> None:
        self.season_length = season_length

    def fit(self, y: Any, *, periods: Sequence[Any] | None = None, exposure: Any = None) -> SeasonalNaive:
        """Fit; see :meth:`ForecastModel.fit`."""
        m = self.season_length
        if m is None:
            kind = None
            if periods is not None:
                kind = parse_period(list(periods)[0]).kind
            elif isinstance(y, pd.Series) and not isinstance(y.index, pd.RangeIndex):
                kind = parse_period(y.index[0]).kind
            if kind not in _SEASON:
                raise ParameterError(
                    "seasonal_naive needs monthly or quarterly periods (or season_length=); "
                    f"got {'no periods' if kind is None else kind + ' periods'}"
                )
            m = _SEASON[kind]
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 2:
            raise ParameterError(f"season_length must be a whole number 2 or more; got {m!r}")
        self.m_ = int(m)
        n = np.shape(np.asarray(y, dtype=object))[-1]
        if n < self.m_ + 1:
            raise InsufficientDataError(self.name, needed=self.m_ + 1, got=n)
        return super().fit(y, periods=periods, exposure=exposure)  # type: ignore[return-value]

    def _fit_arrays(self, Z: np.ndarray) -> None:
        self.z_ = Z

    def _forecast_arrays(self, h: int):
        return K.seasonal_naive(self.z_, h, self.m_)[:2]


class _ETS(ForecastModel):
    spec: ClassVar[str] = "ANN"

    def _fit_arrays(self, Z: np.ndarray) -> None:
        self.fit_ = K.ets_fit(Z, self.spec)
        self.spec_ = np.full(Z.shape[0], self.spec, dtype=object)
        self.params_ = _params_frame(self.fit_)

    def _forecast_arrays(self, h: int):
        return K.ets_forecast(self.fit_, self.spec, h)

    def _methods(self) -> np.ndarray:
        return np.array([_ETS_NAMES[s] for s in self.spec_], dtype=object)


_ETS_NAMES = {"ANN": "ETS(A,N,N)", "AAN": "ETS(A,A,N)", "AAdN": "ETS(A,Ad,N)",
              "MNN": "ETS(M,N,N)", "MAN": "ETS(M,A,N)", "MAdN": "ETS(M,Ad,N)"}


def _params_frame(fit: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame({k: fit[k] for k in ("alpha", "beta", "phi", "l0", "b0", "sigma2", "llf", "aicc")})


class Holt(_ETS):
    """Holt's linear trend as the state-space model ETS(A,A,N).

    Maximum likelihood with statsmodels' ``ETSModel`` parameter space
    (``1e-4 <= alpha <= 1-1e-4``, ``beta = beta* alpha``), initial states
    estimated; analytic forecast variance (Hyndman et al. 2008, class 1).
    ``params_`` holds ``alpha, beta, phi, l0, b0, sigma2, llf, aicc`` per series.

    Examples
    --------
    >>> m = Holt().fit([20., 22, 25, 27, 30, 31, 35, 36])
    >>> bool(m.params_.loc[0, "alpha"] > 0)
    True
    """

    name = "holt"
    spec = "AAN"
    min_points = 6


class Damped(_ETS):
    """Damped trend ETS(A,Ad,N), ``0.8 <= phi <= 0.98`` as statsmodels.

    Examples
    --------
    >>> m = Damped().fit([20., 22, 25, 27, 30, 31, 35, 36])
    >>> 0.8 <= float(m.params_.loc[0, "phi"]) <= 0.98
    True
    """

    name = "damped"
    spec = "AAdN"
    min_points = 7


class ETSAuto(_ETS):
    """ETS chosen per series by AICc among (A|M, N|A|Ad, N).

    The additive- and multiplicative-error forms without seasonality, as
    statsmodels' ETSModel defines them (same parameter space, likelihood and
    AICc); the multiplicative-error forms only for series above 0 in every
    period.  AICc counts the smoothing parameters, initial states and the
    variance, so a form is only a candidate when ``T > k + 1``.  With 4 points
    none has a finite AICc and ETS(A,N,N) is used with a warning.

    Parameters
    ----------
    candidates : sequence of str
        Forms to choose from: ``"ANN"``, ``"AAN"``, ``"AAdN"``, ``"MNN"``,
        ``"MAN"``, ``"MAdN"``.

    Examples
    --------
    >>> m = ETSAuto().fit([20., 22, 25, 27, 30, 31, 35, 36, 40, 41])
    >>> m.predict(1)["method"].iloc[0]
    'ETS(M,A,N)'
    """

    name = "ets_auto"
    min_points = 4

    def __init__(self, *, candidates: Sequence[str] = ("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN")) -> None:
        self.candidates = tuple(candidates)

    def _fit_arrays(self, Z: np.ndarray) -> None:
        bad = [c for c in self.candidates if c not in K.ETS_SPECS]
        if bad or not self.candidates:
            raise ParameterError(f"candidates {bad or '()'} not known; choose from {', '.join(K.ETS_SPECS)}")
        T = Z.shape[1]
        positive = np.all(Z > 0, axis=1)
        if not positive.all() and all(c[0] == "M" for c in self.candidates):
            raise ParameterError("multiplicative-error ETS needs values above 0 in every period; add an "
                                 "additive-error form (ANN, AAN, AAdN) to candidates")
        usable = [c for c in self.candidates if T > K.ETS_NPAR[c] + 2 and (c[0] == "A" or positive.any())]
        if not usable:
            simplest = min(self.candidates, key=lambda c: (K.ETS_NPAR[c], c[0] != "A"))
            warnings.warn(
                f"ets_auto: {T} points are too few for AICc to compare ETS forms; used {_ETS_NAMES[simplest]}",
                DataWarning,
                stacklevel=3,
            )
            usable = [simplest]
        self.fits_ = {c: K.ets_fit(Z, c) for c in usable}
        aicc = np.stack([self.fits_[c]["aicc"] for c in usable], axis=1)
        choice = np.argmin(aicc, axis=1)
        self.spec_ = np.array(usable, dtype=object)[choice]
        self.fit_ = {k: np.choose(choice, [self.fits_[c][k] for c in usable]) for k in self.fits_[usable[0]]}
        self.params_ = _params_frame(self.fit_).assign(spec=self.spec_.astype(str))

    def _forecast_arrays(self, h: int):
        means, vars_ = [], []
        specs = list(self.fits_)
        for c in specs:
            m, v = K.ets_forecast(self.fits_[c], c, h)
            means.append(m)
            vars_.append(v)
        idx = np.array([specs.index(s) for s in self.spec_])
        rows = np.arange(self.n_series_)
        return np.stack(means)[idx, rows], np.stack(vars_)[idx, rows]


class Theta(ForecastModel):
    """The standard theta method (Assimakopoulos & Nikolopoulos 2000; Hyndman & Billah 2003).

    Simple exponential smoothing (ETS(A,N,N), maximum likelihood) plus half
    the slope ``b`` of the least-squares line: ``SES + (b/2)(h - 1 + (1 -
    (1-alpha)^T)/alpha)``.  The interval is the SES interval centred on that
    mean (as R's ``forecast::thetaf``), so the point forecast is always
    inside it.  No seasonal adjustment.

    Examples
    --------
    >>> Theta().fit([50., 48, 47, 45, 44, 41]).predict(1, interval="normal")["mean"].round(2).tolist()
    [40.16]
    """

    name = "theta"
    min_points = 4

    def _fit_arrays(self, Z: np.ndarray) -> None:
        self.z_ = Z
        self.ses_ = K.ets_fit(Z, "ANN")
        self.alpha_ = self.ses_["alpha"]

    def _forecast_arrays(self, h: int):
        return K.theta(self.z_, h, ses=self.ses_)[:2]


class LogLinear(ForecastModel):
    """The Poisson / negative-binomial log-linear trend, extrapolated.

    Fitted by :func:`safetystats.loglinear_trend`'s vectorised IRLS with
    ``family="auto"`` (Poisson unless the Pearson test finds overdispersion,
    then negative binomial NB2, quasi-Poisson when the NB dispersion is not
    finite); exposure enters as the offset ``log E``.  For a future period
    ``t``: ``eta = b0 + b1 t + log E_t`` with ``s^2 = x' V x``; the point
    forecast is ``exp(eta)`` (the GLM prediction) and the predictive count has
    ``lambda = exp(eta)`` lognormal and

    * Poisson: ``Var Y = E lambda + Var lambda``,
    * NB2: ``Var Y = E lambda + alpha E lambda^2 + Var lambda``,
    * quasi-Poisson: ``Var Y = phi E lambda + Var lambda``,

    with ``E lambda = exp(eta + s^2/2)``, ``E lambda^2 = exp(2 eta + 2 s^2)``;
    the interval is the Poisson / negative-binomial quantile with those moments.
    ``family_`` holds the family per series.  A series the GLM cannot fit
    (every count zero, an infinite estimate) is forecast by the ``mean`` model
    with a warning, and ``method`` says so.

    Examples
    --------
    >>> m = LogLinear().fit([80, 76, 71, 75, 68, 66, 60])
    >>> m.family_[0]
    'poisson'
    >>> m.predict(1)[["mean", "lo_95", "hi_95"]].round(2)
        mean  lo_95  hi_95
    0  59.71     42     81
    """

    name = "loglinear"
    min_points = 3

    def _fit_arrays(self, Z: np.ndarray) -> None:
        from ..trend._prep import Panel
        from ..trend.loglinear import fit_loglinear_panel

        if not self.count_:
            raise InputError("loglinear needs counts (non-negative whole numbers); use drift, ets_auto or theta "
                             "for other values")
        N, T = self.y_.shape
        panel = Panel(
            keys=pd.DataFrame(index=range(N)), by=[], ordinals=np.arange(T), labels=[str(i) for i in range(T)],
            y=self.y_, exposure=self.exposure_, kind="year", value="y", exposure_column=None,
        )
        fit = fit_loglinear_panel(panel, family="auto", break_ordinals=[], break_labels=[], method="loglinear")
        self.glm_ = fit
        names = {0: "poisson", 1: "negbin", 2: "quasipoisson", -1: "none"}
        self.family_ = np.array([names[int(c)] for c in fit.family], dtype=object)
        self.beta_ = fit.beta
        self.failed_ = fit.family < 0
        if self.failed_.any():
            bad = np.flatnonzero(self.failed_)
            warnings.warn(
                f"loglinear: {bad.size} series could not be fitted ({fit.note[bad[0]]}); forecast by the mean "
                "model instead",
                DataWarning,
                stacklevel=3,
            )
            self.fallback_ = Mean().fit(self.y_[bad] if self.exposure_ is None else self.y_[bad],
                                        exposure=None if self.exposure_ is None else self.exposure_[bad])

    def _moments(self, h: int, E_f: np.ndarray | None):
        fit = self.glm_
        T = self.n_obs_
        t = np.arange(T, T + h, dtype=float)
        X = np.stack([np.ones(h), t], axis=1)  # (h, 2)
        beta = np.nan_to_num(fit.beta)
        cov = np.nan_to_num(fit.cov)
        eta = beta @ X.T  # (N, h)
        if E_f is not None:
            eta = eta + np.log(E_f)
        s2 = np.einsum("hi,nij,hj->nh", X, cov, X)
        point = np.exp(eta)
        e1 = np.exp(eta + s2 / 2)
        e2 = np.exp(2 * eta + 2 * s2)
        var_lam = np.maximum(e2 - e1**2, 0.0)
        fam = fit.family[:, None]
        alpha = np.nan_to_num(fit.nb_alpha)[:, None]
        phi = np.nan_to_num(fit.dispersion, nan=1.0)[:, None]
        var = np.where(fam == 1, e1 + alpha * e2, np.where(fam == 2, np.maximum(phi, 1.0) * e1, e1)) + var_lam
        return point, e1, var

    def _forecast_arrays(self, h: int):
        point, _, var = self._moments(h, None)
        return point, var

    def _predict_arrays(self, h: int, levels: tuple[float, ...], interval: str, future_exposure: Any = None):
        kind, clip = self._interval_kind(interval)
        E_f = None
        if self.exposure_ is not None:
            E_f = self._future_exposure(future_exposure, h)
        elif future_exposure is not None:
            raise ParameterError("future_exposure was given but the model was fitted without exposure")
        point, m, var = self._moments(h, E_f)
        point, bounds, dist = K.intervals(point, var, levels, kind, clip=clip, count_moments=(m, var))
        if self.failed_.any():
            bad = np.flatnonzero(self.failed_)
            fe = None if E_f is None else E_f[bad]
            p2, b2, d2, _ = self.fallback_._predict_arrays(h, levels, interval, fe)
            point[bad] = p2
            dist[bad] = d2
            for lev in levels:
                bounds[lev][0][bad] = b2[lev][0]
                bounds[lev][1][bad] = b2[lev][1]
        return point, bounds, dist, E_f

    def _methods(self) -> np.ndarray:
        out = np.array([f"loglinear ({f})" for f in self.family_], dtype=object)
        out[self.failed_] = "mean (loglinear could not be fitted)"
        return out


#: name -> model class; ``forecast(model=...)`` and ``backtest(models=...)`` accept these names.
MODELS: dict[str, type[ForecastModel]] = {
    "naive": Naive,
    "seasonal_naive": SeasonalNaive,
    "mean": Mean,
    "drift": Drift,
    "loglinear": LogLinear,
    "holt": Holt,
    "damped": Damped,
    "ets_auto": ETSAuto,
    "theta": Theta,
}
