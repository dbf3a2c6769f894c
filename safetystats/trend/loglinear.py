"""Log-linear trend of counts: Poisson, negative binomial or quasi-Poisson GLM on time.

The model for the count ``y_t`` in period ``t`` with exposure ``E_t`` is

    log E[y_t] = log E_t + b0 + b1 t + sum_k g_k 1[t >= break_k]

and the annual percent change is ``APC = 100 (exp(b1 * periods_per_year) - 1)``.
``family="auto"`` fits the Poisson model first and tests it for overdispersion
with the Pearson statistic (X2 against chi-square on n - p df, 5% level); when
the counts are overdispersed it fits the negative binomial (NB2, dispersion by
maximum likelihood as in R's ``MASS::glm.nb``), and falls back to quasi-Poisson
(scale X2 / (n - p), t intervals) when the negative binomial has no finite
dispersion estimate.  The result says which family was used and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, InsufficientDataError, ParameterError
from ._html import render
from ._irls import irls, nb_fit
from ._multitest import adjust_pvalues
from ._prep import Panel, as_list, period_position, prepare_panel

__all__ = ["loglinear_trend", "TrendResult", "FAMILIES", "min_periods_loglinear"]

FAMILIES = ("auto", "poisson", "negbin", "quasipoisson")
#: Level of the Pearson overdispersion test used by ``family="auto"``.
DISPERSION_TEST_LEVEL = 0.05
_POIS, _NB, _QUASI = 0, 1, 2
_FAMILY_NAMES = {_POIS: "poisson", _NB: "negbin", _QUASI: "quasipoisson"}


def min_periods_loglinear(family: str, n_breaks: int = 0) -> int:
    """Fewest periods a log-linear trend needs.

    Intercept, slope and one level per break are ``p = 2 + n_breaks``
    parameters; the Poisson fit (and the overdispersion test of ``auto``)
    needs one residual degree of freedom more, the negative binomial and
    quasi-Poisson one more again for their dispersion.
    """
    p = 2 + n_breaks
    return p + (1 if family in ("auto", "poisson") else 2)


@dataclass(frozen=True, eq=False)
class TrendResult:
    """A log-linear trend of one series.

    Attributes
    ----------
    value : str
        The modelled column.
    family : str
        ``poisson``, ``negbin`` or ``quasipoisson`` (what was fitted).
    why : str
        Why this family, with the overdispersion statistic.
    apc, apc_low, apc_high : float
        Annual percent change and its confidence interval.
    p_value : float
        Wald test of no trend (t test for quasi-Poisson).
    beta, se : float
        Slope per period on the log scale and its standard error.
    dispersion : float
        Pearson X2 / (n - p) of the fitted family (1 means Poisson-like).
    nb_alpha : float
        NB2 dispersion (var = mu + alpha mu^2); NaN unless ``family == "negbin"``.
    overdispersion_p : float
        p-value of the Pearson test of the Poisson fit.
    n_periods : int
        Periods used.
    first_period, last_period, period_kind : str
        The span of the fit.
    conf_level : float
        Confidence level of the intervals.
    coefficients : pandas.DataFrame
        ``term, estimate, se, statistic, p_value, ci_low, ci_high`` on the log scale.
    level_shifts : pandas.DataFrame
        ``period, pct_change, pct_low, pct_high, p_value`` for each break.
    fitted : pandas.DataFrame
        ``period, observed, fitted, fitted_low, fitted_high`` (+ ``exposure,
        rate, fitted_rate`` with an exposure).
    summary : pandas.DataFrame
        The same one-row table the many-series call returns per series.
    """

    value: str
    family: str
    why: str
    apc: float
    apc_low: float
    apc_high: float
    p_value: float
    beta: float
    se: float
    dispersion: float
    nb_alpha: float
    overdispersion_p: float
    n_periods: int
    first_period: str
    last_period: str
    period_kind: str
    conf_level: float
    coefficients: pd.DataFrame = field(repr=False)
    level_shifts: pd.DataFrame = field(repr=False)
    fitted: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The one-row summary table."""
        return self.summary.copy()

    def _repr_html_(self) -> str:
        lvl = f"{self.conf_level:.0%}"
        fields = {
            "value": self.value,
            "periods": f"{self.first_period}–{self.last_period} ({self.n_periods})",
            "family": self.family,
            "why": self.why,
            "APC (%/year)": self.apc,
            f"{lvl} CI": f"{self.apc_low:.3g} to {self.apc_high:.3g}",
            "p-value": self.p_value,
            "dispersion": self.dispersion,
        }
        return render("Log-linear trend", fields, {
            "level shifts": self.level_shifts, "coefficients": self.coefficients, "fitted": self.fitted,
        })


def _quantile(level: float, df: np.ndarray) -> np.ndarray:
    from scipy import stats

    df = np.asarray(df, dtype=float)
    q = np.full(df.shape, stats.norm.ppf(0.5 + level / 2))
    finite = np.isfinite(df) & (df > 0)
    if finite.any():
        q[finite] = stats.t.ppf(0.5 + level / 2, df[finite])
    return q


def _two_sided(stat: np.ndarray, df: np.ndarray) -> np.ndarray:
    from scipy import stats

    stat = np.asarray(stat, dtype=float)
    df = np.broadcast_to(np.asarray(df, dtype=float), stat.shape)
    out = 2.0 * stats.norm.sf(np.abs(stat))
    finite = np.isfinite(df) & (df > 0)
    if finite.any():
        out[finite] = 2.0 * stats.t.sf(np.abs(stat[finite]), df[finite])
    return out


@dataclass
class PanelFit:
    """Per-series outcome of the log-linear fit on a panel (internal)."""

    family: np.ndarray  # (S,) int code, -1 when not fitted
    beta: np.ndarray  # (S, p)
    cov: np.ndarray  # (S, p, p) scaled
    df_dist: np.ndarray  # (S,) inf for normal
    dispersion: np.ndarray
    nb_alpha: np.ndarray
    over_p: np.ndarray
    pearson_pois: np.ndarray
    deviance: np.ndarray
    df_resid: np.ndarray
    n: np.ndarray
    note: list[str]
    X: np.ndarray
    offset: np.ndarray
    names: list[str]
    mu: np.ndarray
    requested: str = "auto"  # the family asked for

    @cached_property
    def why(self) -> np.ndarray:
        """(S,) why each series got its family, with the overdispersion statistic ("" when not fitted).

        Built on first use only (vectorised string operations over the fitted
        series): the forecast model and other callers that need the numbers
        alone never pay for the text.
        """
        out = np.full(self.family.shape, "", dtype=object)
        rows = np.flatnonzero(self.family >= 0)
        if rows.size == 0:
            return out
        code = self.family[rows]
        op = self.over_p[rows]
        X2 = _cat("Pearson X² = ", _g3(self.pearson_pois[rows]), " on ",
                  self.df_resid[rows].astype(np.int64).astype(str), " df (",
                  np.where(op < 0.001, "p < 0.001", _cat("p = ", _g3(op))), ")")
        if self.requested == "auto":
            reason = np.where(
                code == _POIS, ": no overdispersion, so Poisson",
                np.where(code == _NB, ": overdispersed, so negative binomial",
                         ": overdispersed, but the negative binomial has no finite dispersion estimate, "
                         "so quasi-Poisson"))
            text = _cat(X2, reason)
        else:
            text = _cat(f"family={self.requested!r} requested; the Poisson fit has ", X2)
        nb = code == _NB
        if nb.any():
            text[nb] = _cat(text[nb], " (alpha = ", _g3(self.nb_alpha[rows][nb]), ", maximum likelihood)")
        q = code == _QUASI
        if self.requested != "quasipoisson" and q.any():
            text[q] = _cat(text[q], "; scale = ", _g3(self.dispersion[rows][q]))
        out[rows] = text
        return out


def _g3(x: np.ndarray) -> np.ndarray:
    """Numbers as text with 3 significant digits (``%.3g``), element-wise."""
    return np.char.mod("%.3g", np.asarray(x, dtype=float))


def _cat(*parts: object) -> np.ndarray:
    """Element-wise string concatenation of arrays and scalars."""
    out = np.asarray(parts[0]).astype(str)
    for part in parts[1:]:
        out = np.char.add(out, np.asarray(part).astype(str))
    return out.astype(object)


def fit_loglinear_panel(
    panel: Panel, *, family: str, break_ordinals: Sequence[int], break_labels: Sequence[str], method: str
) -> PanelFit:
    """Fit the log-linear model to every series of a panel (vectorised)."""
    from scipy import stats

    S, T = panel.y.shape
    t = (panel.ordinals - panel.ordinals[0]).astype(float)
    cols = [np.ones(T), t] + [(panel.ordinals >= b).astype(float) for b in break_ordinals]
    names = ["intercept", "trend"] + [f"level_shift_{lab}" for lab in break_labels]
    X = np.column_stack(cols)
    p = X.shape[1]
    valid = panel.valid
    y = np.where(valid, panel.y, 0.0)
    offset = np.zeros((S, T)) if panel.exposure is None else np.where(valid, np.log(np.where(valid, panel.exposure, 1.0)), 0.0)
    n = valid.sum(axis=1)
    need = min_periods_loglinear(family, len(break_ordinals))
    note = [""] * S
    ok = n >= need
    for s in np.flatnonzero(~ok):
        note[s] = f"needs at least {need} periods, has {int(n[s])}"
    zero = ok & (y.sum(axis=1) == 0)
    for s in np.flatnonzero(zero):
        note[s] = "every count is zero: no trend can be estimated"
    ok &= ~zero
    for b, lab in zip(break_ordinals, break_labels, strict=True):
        before = (valid & (panel.ordinals[None, :] < b)).any(axis=1)
        after = (valid & (panel.ordinals[None, :] >= b)).any(axis=1)
        bad = ok & ~(before & after)
        for s in np.flatnonzero(bad):
            note[s] = f"break {lab} is not inside the series' periods"
        ok &= ~bad

    fam = np.full(S, -1)
    beta = np.full((S, p), np.nan)
    cov = np.full((S, p, p), np.nan)
    df_dist = np.full(S, np.inf)
    disp = np.full(S, np.nan)
    nb_alpha = np.full(S, np.nan)
    over_p = np.full(S, np.nan)
    pear_p = np.full(S, np.nan)
    dev = np.full(S, np.nan)
    mu = np.full((S, T), np.nan)
    rows = np.flatnonzero(ok)
    if rows.size:
        yr, mr, orr = y[rows], valid[rows], offset[rows]
        pois = irls(yr, X, offset=orr, mask=mr)
        dfr = pois.nobs - p
        with np.errstate(divide="ignore", invalid="ignore"):
            op = stats.chi2.sf(pois.pearson, dfr)
        over_p[rows] = op
        pear_p[rows] = pois.pearson
        code = np.full(rows.size, _POIS)
        if family == "negbin":
            code[:] = _NB
        elif family == "quasipoisson":
            code[:] = _QUASI
        elif family == "auto":
            code[op < DISPERSION_TEST_LEVEL] = _NB
        nb_rows = np.flatnonzero(code == _NB)
        nbf = None
        if nb_rows.size:
            sub = pois.rows(nb_rows)
            nbf = nb_fit(yr[nb_rows], X, offset=orr[nb_rows], mask=mr[nb_rows], start=sub)
            bad_nb = (nbf.alpha == 0) | ~nbf.converged
            if family == "auto":
                code[nb_rows[bad_nb]] = _QUASI
        # assemble
        fitted_mu = pois.mu.copy()
        b = pois.beta.copy()
        cv = pois.cov_unscaled.copy()
        dv = pois.deviance.copy()
        dsp = np.where(dfr > 0, pois.pearson / np.maximum(dfr, 1), np.nan)
        conv = pois.converged.copy()
        bnd = pois.boundary.copy()
        al = np.full(rows.size, np.nan)
        if nbf is not None:
            use = code[nb_rows] == _NB
            idx = nb_rows[use]
            b[idx] = nbf.beta[use]
            cv[idx] = nbf.cov_unscaled[use]
            dv[idx] = nbf.deviance[use]
            fitted_mu[idx] = nbf.mu[use]
            dsp[idx] = nbf.pearson[use] / np.maximum(dfr[idx], 1)
            al[idx] = nbf.alpha[use]
            conv[idx] = nbf.converged[use]
            bnd[idx] = nbf.boundary[use]
            if family == "negbin":
                for j in nb_rows[nbf.alpha == 0]:
                    note[rows[j]] = "the negative binomial has no finite dispersion (no overdispersion): use poisson"
        q_rows = code == _QUASI
        cv[q_rows] = cv[q_rows] * dsp[q_rows][:, None, None]
        dfd = np.where(q_rows, dfr, np.inf)
        failed = ~conv | bnd
        if family == "negbin" and nbf is not None:
            failed[nb_rows[code[nb_rows] == _NB]] |= nbf.alpha[code[nb_rows] == _NB] == 0
        for j in np.flatnonzero(failed):
            r = rows[j]
            if not note[r]:
                note[r] = (
                    "the estimate is infinite: the non-zero counts all sit at one end of the series or one "
                    "side of a break (a fitted mean collapses to zero)"
                    if bnd[j]
                    else "the fit did not converge"
                )
        if family == "poisson":
            for j in np.flatnonzero(~failed & (op < DISPERSION_TEST_LEVEL)):
                note[rows[j]] = "overdispersed: Poisson intervals are too narrow; use family='auto'"
        good = ~failed
        gr = rows[good]
        fam[gr] = code[good]
        beta[gr] = b[good]
        cov[gr] = cv[good]
        df_dist[gr] = dfd[good]
        disp[gr] = dsp[good]
        nb_alpha[gr] = al[good]
        dev[gr] = dv[good]
        mu[gr] = fitted_mu[good]
    return PanelFit(
        family=fam, beta=beta, cov=cov, df_dist=df_dist, dispersion=disp, nb_alpha=nb_alpha, over_p=over_p,
        pearson_pois=pear_p, deviance=dev, df_resid=(n - p).astype(float), n=n, note=note, X=X,
        offset=offset, names=names, mu=mu, requested=family,
    )


def _summary_frame(panel: Panel, fit: PanelFit, *, conf_level: float, break_labels: Sequence[str]) -> pd.DataFrame:
    S = panel.y.shape[0]
    q = _quantile(conf_level, fit.df_dist)
    k = panel.per_year
    b1 = fit.beta[:, 1]
    se1 = np.sqrt(fit.cov[:, 1, 1])
    valid = panel.valid
    first = np.argmax(valid, axis=1)
    last = valid.shape[1] - 1 - np.argmax(valid[:, ::-1], axis=1)
    labels = np.array(panel.labels, dtype=object)
    out: dict[str, Any] = {}
    out["value"] = np.full(S, panel.value, dtype=object)
    out["family"] = np.array([(_FAMILY_NAMES[c] if c >= 0 else None) for c in fit.family], dtype=object)
    out["n_periods"] = fit.n.astype(np.int64)
    out["first_period"] = np.where(fit.n > 0, labels[first], None)
    out["last_period"] = np.where(fit.n > 0, labels[last], None)
    with np.errstate(invalid="ignore"):
        out["apc"] = 100.0 * np.expm1(k * b1)
        out["apc_low"] = 100.0 * np.expm1(k * (b1 - q * se1))
        out["apc_high"] = 100.0 * np.expm1(k * (b1 + q * se1))
        out["p_value"] = _two_sided(b1 / se1, fit.df_dist)
    out["beta"] = b1
    out["se"] = se1
    out["dispersion"] = fit.dispersion
    out["nb_alpha"] = fit.nb_alpha
    out["overdispersion_p"] = fit.over_p
    out["deviance"] = fit.deviance
    out["df_resid"] = np.where(fit.family >= 0, fit.df_resid, np.nan)
    for j, lab in enumerate(break_labels, start=2):
        g = fit.beta[:, j]
        sg = np.sqrt(fit.cov[:, j, j])
        with np.errstate(invalid="ignore"):
            out[f"level_shift_{lab}_pct"] = 100.0 * np.expm1(g)
            out[f"level_shift_{lab}_low"] = 100.0 * np.expm1(g - q * sg)
            out[f"level_shift_{lab}_high"] = 100.0 * np.expm1(g + q * sg)
            out[f"level_shift_{lab}_p"] = _two_sided(g / sg, fit.df_dist)
    out["why"] = np.array(fit.why, dtype=object)
    out["note"] = np.array(fit.note, dtype=object)
    frame = pd.DataFrame(out)
    if panel.by:
        frame = pd.concat([panel.keys.reset_index(drop=True), frame], axis=1)
    return frame


def loglinear_trend(
    df: pd.DataFrame,
    *,
    value: str = "deaths",
    exposure: str | None = None,
    family: str = "auto",
    breaks: Sequence[Any] | None = None,
    by: str | Sequence[str] | None = None,
    gaps: str = "error",
    conf_level: float = 0.95,
    per: float = 1.0,
    p_adjust: str | None = None,
) -> TrendResult | pd.DataFrame:
    """Annual percent change of counts from a log-linear Poisson / negative-binomial GLM.

    Parameters
    ----------
    df : pandas.DataFrame
        Long frame with ``period`` and the count column (a validated
        ``accidents`` frame, for example).  Unsorted periods are sorted; the
        frame is not modified.
    value : str
        The count column (``deaths``, ``accidents`` …).
    exposure : str, optional
        Exposure column (``workers``, ``gdp``, ``hours``, ``vehicles``,
        ``exposure``): its log is the offset, so the trend is that of the
        rate per unit of exposure.
    family : {"auto", "poisson", "negbin", "quasipoisson"}
        ``auto`` chooses by the Pearson overdispersion test and says why.
    breaks : list of periods, optional
        Periods from which a level shift is added (``[2016]`` for a change of
        statistical scope); each is reported as a percentage change.
    by : str or list of str, optional
        Series keys (region, sector …): all series are fitted in one
        vectorised call and a DataFrame with one row per series is returned.
    gaps : {"error", "allow"}
        A missing period inside a series raises, or (``allow``) is left out
        while the time axis keeps the real spacing.
    conf_level : float
        Confidence level of the intervals.
    per : float
        Rates in the fitted table are per ``per`` units of exposure
        (``per=100_000`` with ``exposure="workers"``).
    p_adjust : {"fdr_bh", "bonferroni", "holm", "fdr_by"}, optional
        With ``by``: add ``p_adjusted`` across the series.

    Returns
    -------
    TrendResult or pandas.DataFrame
        One series: a :class:`TrendResult`.  With ``by``: one row per series
        with ``apc, apc_low, apc_high, p_value, family, why, dispersion …``;
        a series that cannot be fitted has NaN estimates and says why in
        ``note``.

    Raises
    ------
    InsufficientDataError
        Fewer periods than the model needs (see :func:`min_periods_loglinear`).
    InputError
        Negative or fractional counts, non-positive exposure, gaps, all-zero
        counts, or an estimate at infinity.

    Notes
    -----
    Monthly and quarterly slopes are annualised:
    ``APC = 100 (exp(12 b) - 1)`` for months.  Intervals are Wald intervals
    (normal for Poisson and negative binomial, t on n - p df for
    quasi-Poisson), the same numbers as statsmodels' ``GLM``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": range(2014, 2024),
    ...                    "deaths": [96, 90, 85, 83, 76, 71, 69, 62, 56, 50]})
    >>> res = loglinear_trend(df, value="deaths")
    >>> res.family, round(res.apc, 2), round(res.apc_low, 2), round(res.apc_high, 2)
    ('poisson', -6.51, -8.86, -4.11)
    >>> res.why
    'Pearson X² = 0.667 on 8 df (p = 1): no overdispersion, so Poisson'
    """
    if family not in FAMILIES:
        raise ParameterError(f"family={family!r} is not a family; use one of {list(FAMILIES)}")
    if not 0 < conf_level < 1:
        raise ParameterError(f"conf_level={conf_level!r} must be between 0 and 1, e.g. 0.95")
    if p_adjust is not None and not by:
        raise ParameterError("p_adjust= adjusts across several series: pass by= as well")
    panel = prepare_panel(df, value=value, exposure=exposure, by=by, gaps=gaps, method="loglinear_trend")
    brk = as_list(breaks) if not isinstance(breaks, (int, np.integer)) else [breaks]
    break_ord = [period_position(panel, b, argument="breaks") for b in brk]
    if len(set(break_ord)) != len(break_ord):
        raise ParameterError(f"breaks={brk!r} lists a period twice")
    order = np.argsort(break_ord)
    break_ord = [break_ord[i] for i in order]
    from ..periods import parse_period

    break_labels = [parse_period(brk[i]).label for i in order]
    fit = fit_loglinear_panel(panel, family=family, break_ordinals=break_ord, break_labels=break_labels,
                              method="loglinear_trend")
    summary = _summary_frame(panel, fit, conf_level=conf_level, break_labels=break_labels)
    if panel.by:
        if p_adjust is not None:
            summary.insert(summary.columns.get_loc("p_value") + 1, "p_adjusted",
                           adjust_pvalues(summary["p_value"].to_numpy(), method=p_adjust))
        return summary
    return _single_result(panel, fit, summary, conf_level=conf_level, per=per, break_labels=break_labels)


def _single_result(
    panel: Panel, fit: PanelFit, summary: pd.DataFrame, *, conf_level: float, per: float,
    break_labels: Sequence[str],
) -> TrendResult:
    note = fit.note[0]
    if fit.family[0] < 0:
        n = int(fit.n[0])
        if note.startswith("needs at least"):
            need = int(note.split()[3])
            raise InsufficientDataError("loglinear_trend", needed=need, got=n)
        raise InputError(f"loglinear_trend: {panel.value!r}: {note}", column=panel.value)
    row = summary.iloc[0]
    q = float(_quantile(conf_level, fit.df_dist[:1])[0])
    b = fit.beta[0]
    cov = fit.cov[0]
    se = np.sqrt(np.diag(cov))
    stat = b / se
    pv = _two_sided(stat, np.full(stat.shape, fit.df_dist[0]))
    coefs = pd.DataFrame({
        "term": fit.names, "estimate": b, "se": se, "statistic": stat, "p_value": pv,
        "ci_low": b - q * se, "ci_high": b + q * se,
    })
    shifts = pd.DataFrame({
        "period": list(break_labels),
        "pct_change": [row[f"level_shift_{lab}_pct"] for lab in break_labels],
        "pct_low": [row[f"level_shift_{lab}_low"] for lab in break_labels],
        "pct_high": [row[f"level_shift_{lab}_high"] for lab in break_labels],
        "p_value": [row[f"level_shift_{lab}_p"] for lab in break_labels],
    })
    valid = panel.valid[0]
    Xv = fit.X[valid]
    eta = Xv @ b + fit.offset[0, valid]
    se_eta = np.sqrt(np.einsum("tp,pq,tq->t", Xv, cov, Xv))
    fitted = pd.DataFrame({
        "period": np.array(panel.labels, dtype=object)[valid],
        "observed": panel.y[0, valid],
    })
    if panel.exposure is not None:
        fitted["exposure"] = panel.exposure[0, valid]
    fitted["fitted"] = np.exp(eta)
    fitted["fitted_low"] = np.exp(eta - q * se_eta)
    fitted["fitted_high"] = np.exp(eta + q * se_eta)
    if panel.exposure is not None:
        fitted["rate"] = fitted["observed"] / fitted["exposure"] * per
        fitted["fitted_rate"] = fitted["fitted"] / fitted["exposure"] * per
        fitted["fitted_rate_low"] = fitted["fitted_low"] / fitted["exposure"] * per
        fitted["fitted_rate_high"] = fitted["fitted_high"] / fitted["exposure"] * per
    return TrendResult(
        value=panel.value,
        family=str(row["family"]),
        why=str(row["why"]),
        apc=float(row["apc"]),
        apc_low=float(row["apc_low"]),
        apc_high=float(row["apc_high"]),
        p_value=float(row["p_value"]),
        beta=float(row["beta"]),
        se=float(row["se"]),
        dispersion=float(row["dispersion"]),
        nb_alpha=float(row["nb_alpha"]),
        overdispersion_p=float(row["overdispersion_p"]),
        n_periods=int(row["n_periods"]),
        first_period=str(row["first_period"]),
        last_period=str(row["last_period"]),
        period_kind=panel.kind,
        conf_level=conf_level,
        coefficients=coefs,
        level_shifts=shifts,
        fitted=fitted,
        summary=summary,
    )
