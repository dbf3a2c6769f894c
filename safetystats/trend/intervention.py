"""Intervention effects: the level shift at a known date from a structural time-series model.

The model (Harvey & Durbin 1986; Durbin & Koopman 2012, ch. 3 and 14) for the
log count is

    log y_t = mu_t + gamma_t + sum_j b_j x_jt + lambda * 1[t >= at] + e_t

with a stochastic level ``mu_t`` (local level by default), a seasonal
``gamma_t`` (stochastic dummy seasonal of period 12 for months, 4 for
quarters), regression effects ``x_jt`` and the intervention ``lambda``, fitted
by maximum likelihood with the Kalman filter (statsmodels'
``UnobservedComponents``).  The effect is reported as the percentage change
``100 (exp(lambda) - 1)`` with its Wald interval.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, InsufficientDataError, ParameterError
from ._html import render
from ._prep import as_list, period_position, prepare_panel
from .loglinear import _quantile, _two_sided

__all__ = ["intervention_effect", "InterventionResult"]

_SEASON = {"month": 12, "quarter": 4}


@dataclass(frozen=True, eq=False)
class InterventionResult:
    """The level shift at a known date.

    Attributes
    ----------
    at : str
        First period of the intervention.
    effect_pct, effect_low, effect_high : float
        Percentage change of the level and its interval (log model), or the
        change in units (``log=False``).
    p_value : float
        Wald test of no effect.
    coefficient, se : float
        The intervention coefficient (log scale when ``log=True``) and its SE.
    n_periods, n_before, n_after : int
        Periods used, before and from ``at``.
    model : str
        The structural model, in words.
    coefficients : pandas.DataFrame
        Every estimated parameter (variances, regression effects).
    fitted : pandas.DataFrame
        ``period, observed, level`` (smoothed level incl. the intervention and
        regression effects, back on the count scale when ``log=True``).
    loglik, aic : float
        Fit statistics.
    converged : bool
        Whether the optimiser reported convergence.
    conf_level : float
        Interval level.
    """

    at: str
    effect_pct: float
    effect_low: float
    effect_high: float
    p_value: float
    coefficient: float
    se: float
    n_periods: int
    n_before: int
    n_after: int
    model: str
    log: bool
    conf_level: float
    loglik: float
    aic: float
    converged: bool
    coefficients: pd.DataFrame = field(repr=False)
    fitted: pd.DataFrame = field(repr=False)

    def _repr_html_(self) -> str:
        unit = "%" if self.log else ""
        return render("Intervention effect", {
            "from": self.at, "model": self.model,
            "effect": f"{self.effect_pct:.3g}{unit}",
            f"{self.conf_level:.0%} CI": f"{self.effect_low:.3g}{unit} to {self.effect_high:.3g}{unit}",
            "p-value": self.p_value, "periods": f"{self.n_before} before, {self.n_after} from {self.at}",
            "converged": self.converged,
        }, {"parameters": self.coefficients})


def intervention_effect(
    df: pd.DataFrame,
    *,
    value: str = "deaths",
    at: Any,
    covariates: str | Sequence[str] | None = None,
    seasonal: int | str | None = "auto",
    stochastic_seasonal: bool = True,
    level: str = "local level",
    exposure: str | None = None,
    log: bool = True,
    conf_level: float = 0.95,
    gaps: str = "error",
) -> InterventionResult:
    """Estimate the level shift at a known date (a new law, a campaign, a change of statistical scope).

    Parameters
    ----------
    df : pandas.DataFrame
        One series with ``period``, ``value`` and any covariate columns.
    value : str
        The count column (or any positive series).
    at : period
        First period under the intervention (``"1983-02"``).
    covariates : str or list of str, optional
        Columns used as regression effects, as given (transform them first,
        e.g. log petrol price).
    seasonal : "auto", int or None
        Seasonal period: ``auto`` is 12 for months, 4 for quarters, none for
        years.
    stochastic_seasonal : bool
        Let the seasonal pattern evolve (True) or keep it fixed.
    level : str
        statsmodels trend specification (``"local level"``, ``"local linear
        trend"``, ``"random walk with drift"`` …).
    exposure : str, optional
        Model ``value / exposure`` (a rate).
    log : bool
        Model the log (effect as a percentage change; needs values > 0).
    conf_level : float
        Interval level.
    gaps : {"error", "allow"}
        The Kalman filter handles missing periods: ``allow`` keeps them as
        missing observations.

    Returns
    -------
    InterventionResult

    Raises
    ------
    InsufficientDataError
        Fewer than ``max(10, 2 * seasonal + 4)`` periods, or fewer than 3
        periods before or from ``at``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> y = np.r_[rng.poisson(200, 12), rng.poisson(150, 12)]
    >>> df = pd.DataFrame({"period": range(2000, 2024), "deaths": y})
    >>> res = intervention_effect(df, at=2012)
    >>> res.model
    'local level + intervention at 2012'
    >>> -30 < res.effect_pct < -20 and res.p_value < 0.05
    True
    """
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    if not 0 < conf_level < 1:
        raise ParameterError(f"conf_level={conf_level!r} must be between 0 and 1")
    covs = as_list(covariates)
    panel = prepare_panel(df, value=value, exposure=exposure, gaps=gaps, method="intervention_effect",
                          integer=False, positive=log)
    y = panel.y[0].copy()
    if panel.exposure is not None:
        y = y / panel.exposure[0]
    n_obs = int(np.isfinite(y).sum())
    if seasonal == "auto":
        s = _SEASON.get(panel.kind)
    elif seasonal is None:
        s = None
    elif isinstance(seasonal, (int, np.integer)) and seasonal >= 2:
        s = int(seasonal)
    else:
        raise ParameterError(f"seasonal={seasonal!r}: use 'auto', None or a whole number >= 2")
    need = max(10, 2 * s + 4) if s else 10
    if n_obs < need:
        raise InsufficientDataError("intervention_effect", needed=need, got=n_obs)
    at_ord = period_position(panel, at, argument="at")
    from ..periods import parse_period

    at_label = parse_period(at).label
    obs = np.isfinite(y)
    n_before = int((obs & (panel.ordinals < at_ord)).sum())
    n_after = int((obs & (panel.ordinals >= at_ord)).sum())
    if n_before < 3 or n_after < 3:
        raise InsufficientDataError(f"intervention_effect (at={at_label})", needed=3, got=min(n_before, n_after),
                                    what="periods on each side of the intervention")
    step = (panel.ordinals >= at_ord).astype(float)
    exog_cols = [step]
    names = ["intervention"]
    if covs:
        for c in covs:
            if c not in df.columns:
                raise ParameterError(f"covariates: column {c!r} is not in the frame")
        for c in covs:
            xc = _aligned(df, c, panel)
            if np.isnan(xc[obs]).any():
                raise InputError("a covariate is missing in a period with a value; fill it or drop the period",
                                 column=c)
            exog_cols.append(np.where(np.isnan(xc), 0.0, xc))
            names.append(c)
    exog = np.column_stack(exog_cols)
    endog = np.log(y) if log else y
    kw: dict[str, Any] = {"level": level}
    if s:
        kw.update(seasonal=s, stochastic_seasonal=stochastic_seasonal)
    model = UnobservedComponents(endog, exog=exog, **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(disp=False, maxiter=500)
    converged = bool(res.mle_retvals.get("converged", True)) if isinstance(res.mle_retvals, dict) else True
    pnames = list(model.param_names)
    params = np.asarray(res.params)
    bse = np.asarray(res.bse)
    i = pnames.index("beta.x1")
    coef, se = float(params[i]), float(bse[i])
    q = float(_quantile(conf_level, np.array([np.inf]))[0])
    lo, hi = coef - q * se, coef + q * se
    p = float(_two_sided(np.array([coef / se]), np.array([np.inf]))[0])
    if log:
        eff, elo, ehi = 100 * np.expm1(coef), 100 * np.expm1(lo), 100 * np.expm1(hi)
    else:
        eff, elo, ehi = coef, lo, hi
    rename = {f"beta.x{j + 1}": nm for j, nm in enumerate(names)}
    coefs = pd.DataFrame({"parameter": [rename.get(nm, nm) for nm in pnames], "estimate": params, "se": bse})
    # smoothed level + regression effects (no seasonal), back on the data scale
    betas = params[[pnames.index(f"beta.x{j + 1}") for j in range(len(names))]]
    lev = np.asarray(res.level["smoothed"]) + exog @ betas
    fitted = pd.DataFrame({"period": panel.labels, "observed": panel.y[0],
                           "level": np.exp(lev) if log else lev})
    if panel.exposure is not None:
        fitted["exposure"] = panel.exposure[0]
    parts = [level] + ([f"{'stochastic' if stochastic_seasonal else 'fixed'} seasonal ({s})"] if s else [])
    parts += [f"regression on {', '.join(covs)}"] if covs else []
    desc = " + ".join(parts) + f" + intervention at {at_label}"
    return InterventionResult(
        at=at_label, effect_pct=float(eff), effect_low=float(elo), effect_high=float(ehi), p_value=p,
        coefficient=coef, se=se, n_periods=n_obs, n_before=n_before, n_after=n_after, model=desc, log=log,
        conf_level=conf_level, loglik=float(res.llf), aic=float(res.aic), converged=converged,
        coefficients=coefs, fitted=fitted,
    )


def _aligned(df: pd.DataFrame, column: str, panel: Any) -> np.ndarray:
    """A column of ``df`` on the panel's period grid (NaN where absent)."""
    from ._prep import _parse_periods

    ords, _, _ = _parse_periods(df["period"])
    vals = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)
    s = pd.Series(vals, index=ords)
    return s.reindex(panel.ordinals).to_numpy(dtype=float)
