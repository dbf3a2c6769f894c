"""Joinpoint (segmented log-linear) regression, as in the NCI Joinpoint program, fitted by the count likelihood.

The model with ``k`` joinpoints at observed periods ``tau_1 < … < tau_k`` is

    log E[y_t] = log E_t + b0 + b1 t + sum_i d_i (t - tau_i)^+

(continuous at the joinpoints).  For each ``k`` the locations are found by an
exhaustive grid search over the observed periods (Lerman 1980), subject to the
minimum number of observations from a joinpoint to either end and between two
joinpoints.  The number of joinpoints is chosen by

* ``selection="wbic"`` (the Joinpoint 5 default): the weighted BIC of
  Kim et al. (2023), ``WBIC(k) = ln(SSE_k/n) + ((2 + R2max) k + 2) ln(n)/n``,
  between BIC (penalty 2k + 2) and BIC3 (3k + 2), where ``R2max`` is the largest
  partial R² of a slope change within its neighbouring segments;
* ``selection="bic"`` or ``"bic3"``;
* ``selection="permutation"``: the sequential permutation tests of
  Kim, Fay, Feuer & Midthune (2000) at a Bonferroni-adjusted level.

For count families ``n ln(SSE/n)`` is replaced by ``-2 log L`` (Poisson or
negative binomial) or the scaled deviance ``D/phi`` (quasi-Poisson, ``phi``
from the largest model, as in QAIC).  ``family="wls"`` is the NCI fit: least
squares on log rates (0.5 added to zero counts), unweighted, Poisson-weighted
or weighted by given standard errors — to compare with published Joinpoint
output.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, InsufficientDataError, ParameterError
from ._html import render
from ._irls import irls, nb_fit
from ._prep import prepare_panel
from .loglinear import _quantile, _two_sided

__all__ = ["joinpoint", "JoinpointResult", "default_max_joinpoints", "JP_FAMILIES", "SELECTIONS"]

JP_FAMILIES = ("auto", "poisson", "quasipoisson", "negbin", "wls")
SELECTIONS = ("wbic", "bic", "bic3", "permutation")
#: Largest number of candidate models (joinpoint placements) a grid search will try.
MAX_CANDIDATES = 200_000
_CELLS = 4_000_000  # fits x periods x parameters held at once


def default_max_joinpoints(n: int) -> int:
    """Joinpoint's recommended maximum number of joinpoints for ``n`` observations.

    0 below 7, then 1 (7–11), 2 (12–16), 3 (17–21), 4 (22–26), 5 (27 or more),
    as in the Joinpoint program's help ("Number of Joinpoints").

    Examples
    --------
    >>> [default_max_joinpoints(n) for n in (6, 7, 12, 18, 22, 40)]
    [0, 1, 2, 3, 4, 5]
    """
    if n < 7:
        return 0
    return min(5, 1 + (n - 7) // 5)


@dataclass(frozen=True, eq=False)
class JoinpointResult:
    """A fitted joinpoint model.

    Attributes
    ----------
    n_joinpoints : int
        The selected number of joinpoints.
    joinpoints : list of str
        Their periods.
    segments : pandas.DataFrame
        ``segment, start, end, apc, apc_low, apc_high, p_value``.
    aapc : pandas.DataFrame
        ``start, end, aapc, aapc_low, aapc_high, p_value`` (average annual
        percent change over each requested range; the whole series first).
    models : pandas.DataFrame
        One row per number of joinpoints: best locations, ``criterion``
        (``-2 log L``, ``D/phi`` or ``n ln(SSE/n)``), ``bic``, ``bic3``,
        ``wbic``, ``r2_max`` and ``selected``.
    tests : pandas.DataFrame
        The permutation tests (``k0, k1, statistic, p_value, level, rejected``);
        empty for the information criteria.
    fitted : pandas.DataFrame
        ``period, observed, fitted`` (+ ``exposure``, ``rate``, ``fitted_rate``).
    coefficients : pandas.DataFrame
        ``term, estimate, se`` of the selected model (log scale).
    family, why, selection, ci_method : str
        What was fitted and how.
    conf_level : float
        Level of the intervals.
    """

    n_joinpoints: int
    joinpoints: list[str]
    segments: pd.DataFrame = field(repr=False)
    aapc: pd.DataFrame = field(repr=False)
    models: pd.DataFrame = field(repr=False)
    tests: pd.DataFrame = field(repr=False)
    fitted: pd.DataFrame = field(repr=False)
    coefficients: pd.DataFrame = field(repr=False)
    family: str = ""
    why: str = ""
    selection: str = ""
    ci_method: str = ""
    conf_level: float = 0.95

    def _repr_html_(self) -> str:
        jp = ", ".join(self.joinpoints) or "none"
        return render(
            "Joinpoint regression",
            {"joinpoints": f"{self.n_joinpoints} ({jp})", "family": self.family, "why": self.why,
             "selection": self.selection, "intervals": f"{self.conf_level:.0%}, {self.ci_method}"},
            {"segments": self.segments, "AAPC": self.aapc, "model selection": self.models,
             "permutation tests": self.tests, "fitted": self.fitted},
        )


# ---------------------------------------------------------------------------
# candidates and designs
# ---------------------------------------------------------------------------
def _candidates(n: int, k: int, min_end: int, min_between: int) -> np.ndarray:
    """(M, k) observation indices of joinpoint placements allowed by the spacing rules."""
    if k == 0:
        return np.zeros((1, 0), dtype=np.int64)
    lo, hi = min_end, n - 1 - min_end
    if hi < lo:
        return np.zeros((0, k), dtype=np.int64)
    span = hi - lo + 1
    # sizes with the gaps compressed: choose k of (span - (k-1)*min_between) slots
    free = span - (k - 1) * min_between
    if free < k:
        return np.zeros((0, k), dtype=np.int64)
    count = math.comb(free, k)
    if count > MAX_CANDIDATES:
        raise ParameterError(
            f"{count:,} placements of {k} joinpoints among {n} periods is too many for an exhaustive grid search "
            f"(limit {MAX_CANDIDATES:,}); lower max_joinpoints or raise min_obs_between"
        )
    base = np.array(list(itertools.combinations(range(free), k)), dtype=np.int64).reshape(-1, k)
    return lo + base + np.arange(k)[None, :] * min_between


def _designs(t: np.ndarray, taus: np.ndarray) -> np.ndarray:
    """(M, T, 2 + k) designs [1, t, (t - tau_1)^+, …]."""
    M, k = taus.shape
    T = t.size
    X = np.empty((M, T, 2 + k))
    X[:, :, 0] = 1.0
    X[:, :, 1] = t[None, :]
    if k:
        X[:, :, 2:] = np.maximum(t[None, :, None] - taus[:, None, :], 0.0)
    return X


# ---------------------------------------------------------------------------
# fitting many candidates for many data sets
# ---------------------------------------------------------------------------
@dataclass
class _Spec:
    family: str  # poisson, quasipoisson, negbin, wls
    offset: np.ndarray  # (T,)
    weights: np.ndarray | None  # (T,) for wls
    alpha: float = 0.0  # NB dispersion held fixed across candidates
    phi: float = 1.0  # quasi-Poisson scale from the largest model


def _grid(Y: np.ndarray, X: np.ndarray, spec: _Spec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit every design in X (M, T, p) to every row of Y (B, T).

    Returns ``crit`` (B, M) — the quantity BIC penalises (``-2 log L``,
    ``D/phi`` or ``n ln(SSE/n)``) —, ``stat`` (B, M) — deviance or SSE, for the
    permutation statistic — and ``beta`` (B, M, p).
    """
    B, T = Y.shape
    M, _, p = X.shape
    crit = np.empty((B, M))
    stat = np.empty((B, M))
    beta = np.empty((B, M, p))
    if spec.family == "wls":
        w = spec.weights
        XtW = np.swapaxes(X * w[None, :, None], 1, 2)  # (M, p, T)
        A_inv = np.linalg.inv(XtW @ X)  # (M, p, p)
        H = A_inv @ XtW  # (M, p, T): beta = H y
        step = max(1, _CELLS // max(1, M * T * p))
        for a in range(0, B, step):
            yb = Y[a: a + step]
            bb = np.einsum("mpt,bt->bmp", H, yb)
            fit = np.einsum("mtp,bmp->bmt", X, bb)
            sse = ((yb[:, None, :] - fit) ** 2 * w[None, None, :]).sum(axis=2)
            beta[a: a + step] = bb
            stat[a: a + step] = sse
            with np.errstate(divide="ignore"):
                crit[a: a + step] = T * np.log(sse / T)
        return crit, stat, beta
    step = max(1, _CELLS // max(1, M * T * p))
    alpha = spec.alpha if spec.family == "negbin" else 0.0
    for a in range(0, B, step):
        yb = Y[a: a + step]
        b = yb.shape[0]
        ys = np.repeat(yb, M, axis=0)
        Xs = np.broadcast_to(X[None], (b, M, T, p)).reshape(b * M, T, p)
        off = np.broadcast_to(spec.offset, (b * M, T))
        f = irls(ys, Xs, offset=off, alpha=np.full(b * M, alpha))
        dev = f.deviance.reshape(b, M)
        beta[a: a + step] = f.beta.reshape(b, M, p)
        stat[a: a + step] = dev
        if spec.family == "quasipoisson":
            crit[a: a + step] = dev / spec.phi
        else:
            crit[a: a + step] = -2.0 * f.loglik.reshape(b, M)
    return crit, stat, beta


def _bic_terms(crit: float, n: int, k: int, r2max: float) -> tuple[float, float, float]:
    ln = math.log(n) / n
    base = crit / n
    return base + (2 * k + 2) * ln, base + (3 * k + 2) * ln, base + ((2 + r2max) * k + 2) * ln


def _partial_r2_max(t: np.ndarray, z: np.ndarray, w: np.ndarray, taus: np.ndarray, idx: np.ndarray) -> float:
    """Largest partial R² of the slope changes (Kim et al. 2023), on the weighted working response.

    For joinpoint i the data between the neighbouring joinpoints (or the ends)
    are regressed on a line; R² is the squared partial correlation of
    ``(t - tau_i)^+`` with the response given that line.
    """
    k = taus.size
    if k == 0:
        return 0.0
    n = t.size
    bounds = np.concatenate([[-1], idx, [n - 1]])
    best = 0.0
    for i in range(k):
        lo, hi = bounds[i] + 1, bounds[i + 2]  # observations j1+1 .. j2
        sl = slice(lo, hi + 1)
        sw = np.sqrt(w[sl])
        Z0 = np.column_stack([np.ones(hi - lo + 1), t[sl]]) * sw[:, None]
        yv = z[sl] * sw
        zv = np.maximum(t[sl] - taus[i], 0.0) * sw
        Q, _ = np.linalg.qr(Z0)
        ry = yv - Q @ (Q.T @ yv)
        rz = zv - Q @ (Q.T @ zv)
        den = (ry @ ry) * (rz @ rz)
        if den > 0:
            best = max(best, float((ry @ rz) ** 2 / den))
    return best


# ---------------------------------------------------------------------------
# public function
# ---------------------------------------------------------------------------
def joinpoint(
    df: pd.DataFrame,
    *,
    value: str = "deaths",
    exposure: str | None = None,
    family: str = "auto",
    max_joinpoints: int | None = None,
    selection: str = "wbic",
    min_obs_end: int = 2,
    min_obs_between: int = 2,
    ci: str = "empirical",
    n_boot: int = 1000,
    n_permutations: int = 999,
    alpha: float = 0.05,
    conf_level: float = 0.95,
    aapc_ranges: Sequence[tuple[Any, Any]] | None = None,
    weights: str | None = None,
    gaps: str = "error",
    seed: int = 0,
) -> JoinpointResult:
    """Joinpoint regression: where the trend changed, and the APC of each segment.

    Parameters
    ----------
    df : pandas.DataFrame
        One series: ``period`` and ``value`` (and ``exposure``) columns.
    value : str
        Counts (count families) or positive rates / counts (``wls``).
    exposure : str, optional
        Exposure column: offset for the count families, denominator of the
        log rate for ``wls``.
    family : {"auto", "poisson", "quasipoisson", "negbin", "wls"}
        ``auto``: Poisson, or quasi-Poisson when the largest model is
        overdispersed (Pearson test, 5%).  ``wls``: NCI-style least squares on
        log rates.
    max_joinpoints : int, optional
        Default: Joinpoint's rule (:func:`default_max_joinpoints`), lowered to
        what the spacing rules allow.
    selection : {"wbic", "bic", "bic3", "permutation"}
        How many joinpoints (see module notes).
    min_obs_end, min_obs_between : int
        Fewest observations between a joinpoint and either end, and between
        two joinpoints, not counting the joinpoints (Joinpoint defaults 2, 2).
    ci : {"empirical", "parametric"}
        ``empirical`` (Joinpoint 5 default): quantiles of the APC/AAPC over
        ``n_boot`` refits (grid search included) of resampled data — parametric
        bootstrap from the fitted counts, residual bootstrap for ``wls``.
        ``parametric``: Wald/t intervals given the joinpoint locations.
    n_boot, n_permutations : int
        Resamples for the empirical intervals and for each permutation test.
    alpha : float
        Overall level of the permutation procedure (each test at
        ``alpha / max_joinpoints``).
    conf_level : float
        Interval level.
    aapc_ranges : list of (start, end), optional
        Extra ranges for the average annual percent change.
    weights : {None, "poisson"} or str, optional
        ``wls`` only: unweighted (None), variance of a log Poisson count
        (``"poisson"``, weight = count), or the name of a column with
        standard errors of the rates.
    gaps : {"error", "allow"}
        How to treat a missing period.
    seed : int
        Seed of the resampling (results are reproducible).

    Returns
    -------
    JoinpointResult

    Raises
    ------
    InsufficientDataError
        Too few periods for the joinpoints asked for (at least 7 with the
        default maximum).
    ParameterError
        Unknown options, or too many placements for the grid search.

    Examples
    --------
    >>> import pandas as pd
    >>> deaths = [80, 84, 88, 92, 97, 101, 106, 100, 94, 88, 83, 78, 73]
    >>> df = pd.DataFrame({"period": range(2011, 2024), "deaths": deaths})
    >>> res = joinpoint(df, family="poisson", ci="parametric")
    >>> res.joinpoints
    ['2017']
    >>> res.segments[["start", "end"]].values.tolist()
    [['2011', '2017'], ['2017', '2023']]
    >>> res.segments["apc"].round(1).tolist()
    [4.8, -6.0]
    """
    if family not in JP_FAMILIES:
        raise ParameterError(f"family={family!r} is not an option; use one of {list(JP_FAMILIES)}")
    if selection not in SELECTIONS:
        raise ParameterError(f"selection={selection!r} is not an option; use one of {list(SELECTIONS)}")
    if ci not in ("empirical", "parametric"):
        raise ParameterError(f"ci={ci!r}: use 'empirical' (Joinpoint 5 default) or 'parametric'")
    for name, v in (("min_obs_end", min_obs_end), ("min_obs_between", min_obs_between)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ParameterError(f"{name}={v!r} must be a whole number >= 1")
    for name, v in (("n_boot", n_boot), ("n_permutations", n_permutations)):
        if not isinstance(v, (int, np.integer)) or v < 9:
            raise ParameterError(f"{name}={v!r} must be a whole number >= 9")
    if not 0 < conf_level < 1 or not 0 < alpha < 1:
        raise ParameterError("conf_level and alpha must lie between 0 and 1")
    if weights is not None and family != "wls":
        raise ParameterError("weights= applies to family='wls' only")

    is_wls = family == "wls"
    panel = prepare_panel(df, value=value, exposure=exposure, gaps=gaps, method="joinpoint", integer=not is_wls)
    valid = panel.valid[0]
    y = panel.y[0, valid]
    tt = (panel.ordinals[valid] - panel.ordinals[valid][0]).astype(float)
    labels = [lab for lab, v in zip(panel.labels, valid, strict=True) if v]
    expo = panel.exposure[0, valid] if panel.exposure is not None else np.ones(y.size)
    n = y.size
    per_year = panel.per_year

    # how many joinpoints
    def needed(k: int) -> int:
        return 3 if k == 0 else max(2 * min_obs_end + k + (k - 1) * min_obs_between, 2 * k + 3)

    if max_joinpoints is None:
        if n < 7:
            raise InsufficientDataError("joinpoint", needed=7, got=n)
        K = default_max_joinpoints(n)
        while K > 0 and needed(K) > n:
            K -= 1
    else:
        if not isinstance(max_joinpoints, (int, np.integer)) or max_joinpoints < 0:
            raise ParameterError(f"max_joinpoints={max_joinpoints!r} must be a whole number >= 0")
        K = int(max_joinpoints)
        if n < needed(K):
            raise InsufficientDataError(f"joinpoint with {K} joinpoint(s)", needed=needed(K), got=n)

    # response and family
    if is_wls:
        if (y < 0).any():
            raise InputError("joinpoint (wls): values must not be negative", column=value)
        yy = y.astype(float).copy()
        is_count = np.all(yy == np.round(yy))
        if (yy == 0).any():
            if not is_count:
                raise InputError("joinpoint (wls) takes logs: a zero rate cannot be logged; use a count family",
                                 column=value)
            yy[yy == 0] = 0.5  # as the NCI program does for zero counts
        resp = np.log(yy / expo)
        if weights is None:
            w = np.ones(n)
            wdesc = "unweighted"
        elif weights == "poisson":
            if not is_count:
                raise ParameterError("weights='poisson' needs counts in value=")
            w = yy.copy()
            wdesc = "Poisson variance weights (count)"
        else:
            if weights not in df.columns:
                raise ParameterError(f"weights={weights!r}: no such column of standard errors")
            se_sorted = _align(df, panel, weights)
            if (~(se_sorted > 0)).any():
                raise InputError("standard errors must be positive numbers", column=weights)
            w = (yy / expo / se_sorted) ** 2  # var(log rate) = (se / rate)^2
            wdesc = f"weights from standard errors in {weights!r}"
        spec = _Spec("wls", offset=np.zeros(n), weights=w)
        why = f"NCI-style least squares on log rates, {wdesc}"
        Ydata = resp[None, :]
    else:
        if y.sum() == 0:
            raise InputError("joinpoint: every count is zero; there is no trend to segment", column=value)
        spec = _Spec("poisson", offset=np.log(expo), weights=None)
        Ydata = y[None, :]
        why = ""

    # best model for every k (on the data)
    cands = {k: _candidates(n, k, min_obs_end, min_obs_between) for k in range(K + 1)}
    K = max(k for k, c in cands.items() if len(c)) if any(len(c) for c in cands.values()) else 0
    designs = {k: _designs(tt, tt[cands[k]]) for k in range(K + 1)}

    if not is_wls:
        # dispersion from the largest model (Poisson grid), for auto / quasi / negbin
        crit_p, _, _ = _grid(Ydata, designs[K], spec)
        mK = int(np.argmin(crit_p[0]))
        XK = designs[K][mK]
        fK = irls(Ydata, XK, offset=spec.offset[None, :])
        df_res = n - XK.shape[1] - K  # joinpoint locations count as parameters
        X2 = float(fK.pearson[0])
        phi = X2 / max(df_res, 1)
        from scipy import stats

        p_over = float(stats.chi2.sf(X2, max(df_res, 1)))
        where = f"the {K}-joinpoint Poisson model" if K else "the Poisson model"
        stat_txt = f"Pearson X² = {X2:.3g} on {max(df_res, 1)} df of {where} (p = {p_over:.3g})"
        fam = family
        if family == "auto":
            fam = "quasipoisson" if p_over < 0.05 and phi > 1 else "poisson"
            why = (f"{stat_txt}: overdispersed, so quasi-Poisson with scale {phi:.3g} (held fixed across models, "
                   "as in QAIC)" if fam == "quasipoisson" else f"{stat_txt}: no overdispersion, so Poisson")
        elif family == "quasipoisson":
            why = f"quasi-Poisson requested; scale {phi:.3g} from {where} ({stat_txt})"
        elif family == "negbin":
            nb = nb_fit(Ydata, XK, offset=spec.offset[None, :])
            a_hat = float(nb.alpha[0])
            if a_hat == 0:
                raise InputError(
                    "joinpoint: the negative binomial has no finite dispersion for these counts (no "
                    "overdispersion); use family='poisson'", column=value,
                )
            spec.alpha = a_hat
            why = (f"negative binomial requested; alpha = {a_hat:.3g} (maximum likelihood on {where}), held fixed "
                   f"across models ({stat_txt})")
        else:
            why = f"Poisson requested ({stat_txt})"
        spec.family = fam
        spec.phi = max(phi, 1e-12)
    fam = spec.family

    rows = []
    best: dict[int, dict[str, Any]] = {}
    for k in range(K + 1):
        crit, stat, beta = _grid(Ydata, designs[k], spec)
        m = int(np.argmin(crit[0]))
        X = designs[k][m]
        idx = cands[k][m]
        taus = tt[idx]
        # working response and weights of the best fit, for the partial R²
        if is_wls:
            z, wz = resp, spec.weights
        else:
            f = irls(Ydata, X, offset=spec.offset[None, :], alpha=np.array([spec.alpha if fam == "negbin" else 0.0]))
            mu = f.mu[0]
            z = X @ f.beta[0] + (y - mu) / mu
            wz = f.weights[0]
        r2 = _partial_r2_max(tt, z, wz, taus, idx)
        bic, bic3, wbic = _bic_terms(float(crit[0, m]), n, k, r2)
        best[k] = {"m": m, "X": X, "idx": idx, "taus": taus, "beta": beta[0, m], "stat": float(stat[0, m])}
        rows.append({
            "k": k, "joinpoints": ", ".join(labels[i] for i in idx), "criterion": float(crit[0, m]),
            "bic": bic, "bic3": bic3, "wbic": wbic, "r2_max": r2 if k else np.nan,
        })
    models = pd.DataFrame(rows)

    rng = np.random.default_rng(seed)
    tests = pd.DataFrame(columns=["k0", "k1", "statistic", "p_value", "level", "rejected"])
    if selection == "permutation" and K > 0:
        k_sel, tests = _permutation_select(Ydata[0], tt, designs, best, spec, K, alpha, n_permutations, rng,
                                           y_counts=y)
    else:
        k_sel = int(models[selection].idxmin())
    models["selected"] = models["k"] == k_sel

    sel = best[k_sel]
    X = sel["X"]
    taus = sel["taus"]
    idx = sel["idx"]
    p = X.shape[1]
    # final fit with covariance
    if is_wls:
        w = spec.weights
        A = X.T @ (X * w[:, None])
        b = np.linalg.solve(A, X.T @ (w * resp))
        res_ = resp - X @ b
        df_t = n - (2 * k_sel + 2)
        sigma2 = float((w * res_**2).sum() / max(df_t, 1))
        cov = np.linalg.inv(A) * sigma2
        dfd = float(df_t) if df_t > 0 else np.inf
        eta = X @ b
        fitted_vals = np.exp(eta) * expo
    else:
        f = irls(Ydata, X, offset=spec.offset[None, :], alpha=np.array([spec.alpha if fam == "negbin" else 0.0]))
        b = f.beta[0]
        cov = f.cov_unscaled[0]
        dfd = np.inf
        if fam == "quasipoisson":
            cov = cov * spec.phi
            dfd = float(max(n - (2 * k_sel + 2), 1))
        eta = X @ b
        fitted_vals = f.mu[0]
    se = np.sqrt(np.diag(cov))
    q = float(_quantile(conf_level, np.array([dfd]))[0])

    # segment slopes and AAPC contrasts
    seg_bounds = np.concatenate([[0], idx, [n - 1]])
    L = np.zeros((k_sel + 1, p))
    for j in range(k_sel + 1):
        L[j, 1] = 1.0
        L[j, 2: 2 + j] = 1.0
    slopes = L @ b
    slope_se = np.sqrt(np.einsum("jp,pq,jq->j", L, cov, L))
    ranges = [(labels[0], labels[-1])] + [(_label(a, panel), _label(c, panel)) for a, c in (aapc_ranges or [])]
    lab_pos = {lab: i for i, lab in enumerate(labels)}
    C = []
    for a_lab, c_lab in ranges:
        if a_lab not in lab_pos or c_lab not in lab_pos or lab_pos[a_lab] >= lab_pos[c_lab]:
            raise ParameterError(f"aapc_ranges: ({a_lab}, {c_lab}) is not an increasing pair of observed periods")
        C.append(_aapc_contrast(tt[lab_pos[a_lab]], tt[lab_pos[c_lab]], taus))
    C = np.array(C)
    aapc_est = C @ b
    aapc_se = np.sqrt(np.einsum("jp,pq,jq->j", C, cov, C))

    if ci == "parametric":
        lo_s, hi_s = slopes - q * slope_se, slopes + q * slope_se
        lo_a, hi_a = aapc_est - q * aapc_se, aapc_est + q * aapc_se
        ci_method = "parametric (Wald given the joinpoints" + (", t" if np.isfinite(dfd) else ", normal") + ")"
    else:
        boot_s, boot_a = _bootstrap(Ydata[0], tt, designs[k_sel], cands[k_sel], spec, X, b, fitted_vals,
                                    k_sel, C_ranges=[(tt[lab_pos[a]], tt[lab_pos[c]]) for a, c in ranges],
                                    n_boot=n_boot, rng=rng, y_counts=y)
        lo_q, hi_q = (1 - conf_level) / 2, 1 - (1 - conf_level) / 2
        lo_s, hi_s = np.quantile(boot_s, lo_q, axis=0), np.quantile(boot_s, hi_q, axis=0)
        lo_a, hi_a = np.quantile(boot_a, lo_q, axis=0), np.quantile(boot_a, hi_q, axis=0)
        ci_method = f"empirical quantiles of {n_boot} resamples (" + (
            "residual bootstrap" if is_wls else "parametric bootstrap") + ", joinpoints re-estimated)"

    def pct(x: np.ndarray) -> np.ndarray:
        return 100.0 * np.expm1(per_year * np.asarray(x))

    segments = pd.DataFrame({
        "segment": np.arange(1, k_sel + 2),
        "start": [labels[i] for i in seg_bounds[:-1]],
        "end": [labels[i] for i in seg_bounds[1:]],
        "apc": pct(slopes), "apc_low": pct(lo_s), "apc_high": pct(hi_s),
        "p_value": _two_sided(slopes / slope_se, np.full(slopes.shape, dfd)),
    })
    aapc = pd.DataFrame({
        "start": [r[0] for r in ranges], "end": [r[1] for r in ranges],
        "aapc": pct(aapc_est), "aapc_low": pct(lo_a), "aapc_high": pct(hi_a),
        "p_value": _two_sided(aapc_est / aapc_se, np.full(aapc_est.shape, dfd)),
    })
    names = ["intercept", "slope"] + [f"slope_change_{labels[i]}" for i in idx]
    coefficients = pd.DataFrame({"term": names, "estimate": b, "se": se})
    fitted = pd.DataFrame({"period": labels, "observed": y})
    if panel.exposure is not None:
        fitted["exposure"] = expo
        fitted["rate"] = y / expo
    fitted["fitted"] = fitted_vals
    if panel.exposure is not None:
        fitted["fitted_rate"] = fitted_vals / expo
    family_name = "wls" if is_wls else fam
    return JoinpointResult(
        n_joinpoints=k_sel, joinpoints=[labels[i] for i in idx], segments=segments, aapc=aapc, models=models,
        tests=tests, fitted=fitted, coefficients=coefficients, family=family_name, why=why,
        selection=selection, ci_method=ci_method, conf_level=conf_level,
    )


def _label(v: Any, panel: Any) -> str:
    from ..periods import parse_period

    try:
        return parse_period(v).label
    except InputError as exc:
        raise ParameterError(f"aapc_ranges: {exc}") from None


def _align(df: pd.DataFrame, panel: Any, column: str) -> np.ndarray:
    """A column of ``df`` in the panel's (sorted, observed) period order."""
    from ._prep import _parse_periods

    ords, _, _ = _parse_periods(df["period"])
    s = pd.Series(pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float), index=ords)
    valid = panel.valid[0]
    return s.reindex(panel.ordinals[valid]).to_numpy(dtype=float)


def _aapc_contrast(ta: float, tb: float, taus: np.ndarray) -> np.ndarray:
    """Contrast c with c'beta = (eta(tb) - eta(ta)) / (tb - ta): the length-weighted mean slope over [ta, tb]."""
    xa = np.concatenate([[1.0, ta], np.maximum(ta - taus, 0.0)])
    xb = np.concatenate([[1.0, tb], np.maximum(tb - taus, 0.0)])
    return (xb - xa) / (tb - ta)


def _simulate(rng: np.random.Generator, mu: np.ndarray, spec: _Spec, size: int) -> np.ndarray:
    """Counts drawn from the fitted family (Poisson; NB2; gamma-Poisson with var = phi * mu for quasi)."""
    if spec.family == "negbin" and spec.alpha > 0:
        lam = rng.gamma(1.0 / spec.alpha, spec.alpha * mu, size=(size, mu.size))
        return rng.poisson(lam).astype(float)
    if spec.family == "quasipoisson" and spec.phi > 1:
        a = (spec.phi - 1.0) / mu  # NB with per-observation alpha: var = mu + a mu^2 = phi mu
        lam = rng.gamma(1.0 / a, a * mu, size=(size, mu.size))
        return rng.poisson(lam).astype(float)
    return rng.poisson(mu, size=(size, mu.size)).astype(float)


def _resample(rng: np.random.Generator, Xb: np.ndarray, b: np.ndarray, spec: _Spec, resp: np.ndarray,
              size: int, *, permute: bool) -> np.ndarray:
    """WLS data sets: fitted values plus resampled (permuted) weighted residuals."""
    w = spec.weights
    fit = Xb @ b
    r = (resp - fit) * np.sqrt(w)
    if permute:
        e = np.array([rng.permutation(r) for _ in range(size)])
    else:
        e = rng.choice(r, size=(size, r.size), replace=True)
    return fit[None, :] + e / np.sqrt(w)[None, :]


def _bootstrap(resp: np.ndarray, tt: np.ndarray, X_all: np.ndarray, cands: np.ndarray, spec: _Spec,
               X: np.ndarray, b: np.ndarray, fitted: np.ndarray, k: int, *, C_ranges: list[tuple[float, float]],
               n_boot: int, rng: np.random.Generator, y_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Segment slopes (n_boot, k+1) and AAPC slopes (n_boot, ranges) of refits with k joinpoints."""
    if spec.family == "wls":
        Y = _resample(rng, X, b, spec, resp, n_boot, permute=False)
    else:
        Y = _simulate(rng, fitted, spec, n_boot)
        zero = Y.sum(axis=1) == 0
        if zero.any():
            Y[zero] = y_counts  # an all-zero resample cannot be fitted; keep the data (rare)
    crit, _, beta = _grid(Y, X_all, spec)
    m = np.argmin(crit, axis=1)
    bb = beta[np.arange(n_boot), m]  # (B, p)
    L = np.zeros((k + 1, bb.shape[1]))
    for j in range(k + 1):
        L[j, 1] = 1.0
        L[j, 2: 2 + j] = 1.0
    seg = bb @ L.T
    taus = tt[cands[m]]  # (B, k)
    aapc = np.empty((n_boot, len(C_ranges)))
    for r, (ta, tb) in enumerate(C_ranges):
        xa = np.concatenate([np.ones((n_boot, 1)), np.full((n_boot, 1), ta), np.maximum(ta - taus, 0.0)], axis=1)
        xb = np.concatenate([np.ones((n_boot, 1)), np.full((n_boot, 1), tb), np.maximum(tb - taus, 0.0)], axis=1)
        aapc[:, r] = ((xb - xa) * bb).sum(axis=1) / (tb - ta)
    return seg, aapc


def _permutation_select(resp: np.ndarray, tt: np.ndarray, designs: dict[int, np.ndarray], best: dict[int, dict],
                        spec: _Spec, K: int, alpha: float, n_perm: int, rng: np.random.Generator, *,
                        y_counts: np.ndarray) -> tuple[int, pd.DataFrame]:
    """Kim et al. (2000): sequential tests of k0 vs k1 joinpoints, each at level alpha / K."""
    k0, k1 = 0, K
    level = alpha / K
    rows = []
    while k0 < k1:
        s0, s1 = best[k0]["stat"], best[k1]["stat"]
        T_obs = (s0 - s1) / s1 if s1 > 0 else np.inf
        X0, b0 = best[k0]["X"], best[k0]["beta"]
        if spec.family == "wls":
            Y = _resample(rng, X0, b0, spec, resp, n_perm, permute=True)
        else:
            mu0 = np.exp(X0 @ b0 + spec.offset)
            Y = _simulate(rng, mu0, spec, n_perm)
            zero = Y.sum(axis=1) == 0
            if zero.any():
                Y[zero] = y_counts
        c0, st0, _ = _grid(Y, designs[k0], spec)
        c1, st1, _ = _grid(Y, designs[k1], spec)
        r = np.arange(n_perm)
        S0 = st0[r, np.argmin(c0, axis=1)]
        S1 = st1[r, np.argmin(c1, axis=1)]
        with np.errstate(divide="ignore", invalid="ignore"):
            T_perm = np.where(S1 > 0, (S0 - S1) / S1, np.inf)
        p = (1 + np.sum(T_perm >= T_obs - 1e-12 * abs(T_obs))) / (n_perm + 1)
        reject = p < level
        rows.append({"k0": k0, "k1": k1, "statistic": T_obs, "p_value": p, "level": level, "rejected": reject})
        if reject:
            k0 += 1
        else:
            k1 -= 1
    return k0, pd.DataFrame(rows)
