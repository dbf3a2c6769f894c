"""Mann-Kendall trend test and Sen's slope, vectorised over many series.

The statistic is ``S = sum_{i<j} sign(x_j - x_i)`` with the tie-corrected
variance ``var(S) = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18``
(Kendall 1975; Gilbert 1987, ch. 16) and ``z = (S - sign(S)) / sqrt(var(S))``.
Missing values are skipped the way pymannkendall 1.4.3 skips them (the test
runs on the remaining values; Sen's slope keeps their real positions), and the
four variance-corrected variants reproduce pymannkendall's
``hamed_rao_modification_test``, ``yue_wang_modification_test``,
``pre_whitening_modification_test`` and
``trend_free_pre_whitening_modification_test``.

What we add:

* the exact permutation distribution of S (any pattern of ties), used by
  default below 10 values where the normal approximation is poor;
* a confidence interval for Sen's slope: Gilbert (1987) normal-approximation
  ranks with linear interpolation, or the exact distribution-free interval of
  Hollander & Wolfe (1999, section 9.4) for short series;
* a guard for the Hamed–Rao (and Yue–Wang) correction: when the estimated
  variance factor is not positive (pymannkendall then returns a NaN p-value,
  its issue #29), the uncorrected variance is used and ``note`` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, InsufficientDataError, ParameterError
from ._html import render
from ._multitest import adjust_pvalues
from ._prep import prepare_panel

__all__ = [
    "mann_kendall",
    "sens_slope",
    "MannKendallResult",
    "SensSlopeResult",
    "kendall_s_distribution",
    "MK_METHODS",
    "EXACT_BELOW",
]

MK_METHODS = ("original", "hamed_rao", "yue_wang", "prewhitening", "trend_free_prewhitening")
#: ``exact="auto"`` uses the exact distribution of S below this many values.
EXACT_BELOW = 10
#: Fewest non-missing values for the test (the pre-whitening variants need one more).
MIN_VALUES = 4
_CHUNK = 20_000_000  # pairwise slopes held in memory at once


# ---------------------------------------------------------------------------
# exact distribution of S
# ---------------------------------------------------------------------------
@lru_cache(maxsize=512)
def _qbinom_pmf(a: int, m: int) -> np.ndarray:
    """Coefficients of the Gaussian binomial [a choose m]_q, normalised to a pmf.

    The coefficient of q^i counts the arrangements of m equal items among a
    positions with i inversions against the other a - m items.
    """
    k = min(m, a - m)
    # G[j] = [r choose j]_q for the current r, built by r -> r + 1:
    # [r+1, j] = [r, j-1] + q^j [r, j]
    G = [np.array([1.0])] + [np.array([0.0]) for _ in range(k)]
    for r in range(a):
        new = [np.array([1.0])]
        for j in range(1, k + 1):
            left = G[j - 1]
            right = G[j]
            size = max(left.size, right.size + j)
            out = np.zeros(size)
            out[: left.size] += left
            out[j: j + right.size] += right
            new.append(out)
        G = new
        _ = r
    coef = G[k][: k * (a - k) + 1]  # degree k(a-k); drop placeholder zeros
    return coef / coef.sum()


@lru_cache(maxsize=512)
def _inversions_pmf(mult: tuple[int, ...]) -> np.ndarray:
    """Probabilities of the number of inversions of a uniformly random arrangement of a multiset."""
    pmf = np.array([1.0])
    total = 0
    for m in mult:
        total += m
        pmf = np.convolve(pmf, _qbinom_pmf(total, m))
    return pmf


def kendall_s_distribution(n: int, *, ties: Sequence[int] | None = None) -> pd.DataFrame:
    """Exact null distribution of the Mann-Kendall S for ``n`` values.

    Under no trend every arrangement of the observed values is equally likely
    (the permutation distribution).  With ties, S only counts pairs of
    distinct values; the distribution of the inversion count of a random
    arrangement of a multiset is the normalised q-multinomial coefficient
    (MacMahon), and ``S = N_d - 2 I`` with ``N_d`` the number of pairs with
    different values.

    Parameters
    ----------
    n : int
        Number of values.
    ties : sequence of int, optional
        Sizes of the groups of equal values (``[2, 1, 1]``: one pair tied);
        groups of one may be left out.

    Returns
    -------
    pandas.DataFrame
        ``s, probability`` for every attainable S, increasing.

    Examples
    --------
    >>> d = kendall_s_distribution(4)
    >>> d["s"].tolist()
    [-6, -4, -2, 0, 2, 4, 6]
    >>> (d["probability"] * 24).round().astype(int).tolist()
    [1, 3, 5, 6, 5, 3, 1]
    """
    mult = _multiplicities(n, ties)
    pmf = _inversions_pmf(mult)
    nd = n * (n - 1) // 2 - sum(m * (m - 1) // 2 for m in mult)
    s = nd - 2 * np.arange(pmf.size)
    order = np.argsort(s)
    return pd.DataFrame({"s": s[order].astype(np.int64), "probability": pmf[order]})


def _multiplicities(n: int, ties: Sequence[int] | None) -> tuple[int, ...]:
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError(f"n={n!r} must be a positive whole number")
    groups = [int(t) for t in (ties or []) if int(t) > 1]
    if any(t < 1 for t in (ties or [])):
        raise ParameterError("tie group sizes must be positive")
    if sum(groups) > n:
        raise ParameterError(f"tie groups {list(ties or [])} hold more than n={n} values")
    return tuple(sorted(groups + [1] * (n - sum(groups)), reverse=True))


@lru_cache(maxsize=512)
def _abs_tail(mult: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(|s| values ascending, P(|S| >= |s|)) for a multiset pattern."""
    pmf = _inversions_pmf(mult)
    n = sum(mult)
    nd = n * (n - 1) // 2 - sum(m * (m - 1) // 2 for m in mult)
    s = np.abs(nd - 2 * np.arange(pmf.size))
    vals = np.unique(s)
    prob = np.array([pmf[s == v].sum() for v in vals])
    tail = np.cumsum(prob[::-1])[::-1]
    return vals, np.minimum(tail, 1.0)


@lru_cache(maxsize=256)
def _hw_rank(n: int, alpha: float) -> int:
    """Hollander–Wolfe rank M for the exact Theil–Sen interval (0 when no interval exists)."""
    pmf = _inversions_pmf(tuple([1] * n))
    N = n * (n - 1) // 2
    s = N - 2 * np.arange(pmf.size)  # decreasing
    upper_tail = np.cumsum(pmf)  # P(S >= s[i])
    ok = np.flatnonzero(upper_tail <= alpha / 2 + 1e-12)
    if ok.size == 0:
        return 0
    k = s[ok[-1]]  # smallest k with P(S >= k) <= alpha/2
    c = k - 2
    return int((N - c) // 2)


# ---------------------------------------------------------------------------
# vectorised kernels
# ---------------------------------------------------------------------------
def _compress(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Left-pack the non-missing values of each row (NaN padding at the end)."""
    valid = ~np.isnan(X)
    order = np.argsort(~valid, axis=1, kind="stable")
    return np.take_along_axis(X, order, axis=1), valid.sum(axis=1)


def _mk_score(Xc: np.ndarray) -> np.ndarray:
    S, T = Xc.shape
    s = np.zeros(S)
    with np.errstate(invalid="ignore"):
        for d in range(1, T):
            s += np.nansum(np.sign(Xc[:, d:] - Xc[:, :-d]), axis=1)
    return s


def _tie_runs(Xc: np.ndarray) -> np.ndarray:
    """(S, T) run lengths of equal values, sorted descending and zero-padded."""
    S, T = Xc.shape
    xs = np.sort(Xc, axis=1)
    valid = ~np.isnan(xs)
    same = np.zeros((S, T), dtype=bool)
    same[:, 1:] = (xs[:, 1:] == xs[:, :-1]) & valid[:, 1:]
    idx = np.broadcast_to(np.arange(T), (S, T))
    start = np.maximum.accumulate(np.where(~same, idx, 0), axis=1)
    rank = idx - start + 1  # position within its run
    is_end = valid & np.concatenate([~same[:, 1:], np.ones((S, 1), dtype=bool)], axis=1)
    runs = np.where(is_end, rank, 0)
    return -np.sort(-runs, axis=1)


def _var_s(Xc: np.ndarray, n: np.ndarray) -> np.ndarray:
    runs = _tie_runs(Xc).astype(float)
    tie = (runs * (runs - 1) * (2 * runs + 5)).sum(axis=1)
    return (n * (n - 1) * (2 * n + 5) - tie) / 18


def _z(s: np.ndarray, var_s: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s > 0, (s - 1) / np.sqrt(var_s), np.where(s < 0, (s + 1) / np.sqrt(var_s), 0.0))


def _median_sorted(d: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Row medians of ascending-sorted rows whose first ``k`` entries are the values (NaN after)."""
    S, P = d.shape
    out = np.full(S, np.nan)
    ok = k > 0
    if P == 0 or not ok.any():
        return out
    rows = np.arange(S)
    lo = np.clip((k - 1) // 2, 0, P - 1)
    hi = np.clip(k // 2, 0, P - 1)
    a = d[rows, lo]
    b = d[rows, hi]
    return np.where(ok, np.where(lo == hi, a, (a + b) / 2), np.nan)


def _sen(
    X: np.ndarray, t: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray], np.ndarray]:
    """Sen slope, intercept, number of finite slopes, (chunks of) sorted slopes and S per row.

    The median of the sorted slopes equals ``numpy.nanmedian`` bit for bit
    (the mean of the two middle values), so results match pymannkendall.
    """
    S, T = X.shape
    P = T * (T - 1) // 2
    tf = np.asarray(t, dtype=float)
    slope = np.full(S, np.nan)
    nfin = np.zeros(S, dtype=np.int64)
    score = np.zeros(S)
    sorted_chunks: list[np.ndarray] = []
    step = max(1, _CHUNK // max(1, P))
    for a in range(0, S, step):
        blk = X[a: a + step]
        d = np.empty((blk.shape[0], P))
        pos = 0
        for lag in range(1, T):  # all pairs (i, i + lag) with slices, not fancy indexing
            w = T - lag
            np.divide(blk[:, lag:] - blk[:, :-lag], tf[lag:] - tf[:-lag], out=d[:, pos: pos + w])
            pos += w
        d.sort(axis=1)  # NaN sort last
        k = np.isfinite(d).sum(axis=1)
        nfin[a: a + step] = k
        score[a: a + step] = (d > 0).sum(axis=1) - (d < 0).sum(axis=1)
        slope[a: a + step] = _median_sorted(d, k)
        sorted_chunks.append(d)
    valid = ~np.isnan(X)
    nv = valid.sum(axis=1)
    tt = np.sort(np.where(valid, t[None, :].astype(float), np.nan), axis=1)
    intercept = _median_sorted(np.sort(X, axis=1), nv) - _median_sorted(tt, nv) * slope
    return slope, intercept, nfin, sorted_chunks, score


def _order_stat(sorted_chunks: list[np.ndarray], rank: np.ndarray) -> np.ndarray:
    """Linearly interpolated order statistic at (1-based, possibly fractional) ``rank`` per row."""
    out = np.full(rank.shape, np.nan)
    a0 = 0
    for d in sorted_chunks:
        S, P = d.shape
        r = rank[a0: a0 + S]
        if P:
            ok = np.isfinite(r) & (r >= 1)
            fl = np.floor(np.where(ok, r, 1.0))
            lo = np.clip(fl.astype(np.int64) - 1, 0, P - 1)
            hi = np.clip(lo + 1, 0, P - 1)
            frac = np.where(ok, np.where(ok, r, 1.0) - fl, 0.0)
            rows = np.arange(S)
            a = d[rows, lo]
            b = d[rows, hi]
            with np.errstate(invalid="ignore"):
                val = np.where(frac > 0, a + frac * (b - a), a)
            out[a0: a0 + S] = np.where(ok, val, np.nan)
        a0 += S
    return out


def _acf_rows(Xc: np.ndarray, n: np.ndarray, nlags: int) -> np.ndarray:
    """Autocorrelations 0..nlags of the first n values of each row (pymannkendall's ``__acf``)."""
    S, T = Xc.shape
    valid = np.arange(T)[None, :] < n[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(valid, Xc, 0.0).sum(axis=1) / n
        y = np.where(valid, Xc - mean[:, None], 0.0)
        acov = np.zeros((S, nlags + 1))
        for k in range(min(nlags, T - 1) + 1):
            acov[:, k] = (y[:, : T - k] * y[:, k:]).sum(axis=1) / n
        return acov / acov[:, :1]


def _rank_rows(Xc: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(Xc, axis=1, nan_policy="omit")


def _mk_core(
    X: np.ndarray, t: np.ndarray, *, method: str, alpha: float, lag: int | None, exact: bool | str,
    ci: str,
) -> dict[str, Any]:
    """Mann-Kendall + Sen on every row of X (S, T); positions t (T,)."""
    from scipy import stats

    S, T = X.shape
    Xc, n = _compress(X)
    nf = n.astype(float)
    slope, intercept, nfin, sorted_chunks, s_pairs = _sen(X, t)
    note = np.array([""] * S, dtype=object)
    need = MIN_VALUES + (1 if "prewhitening" in method else 0)
    enough = n >= need
    factor = np.ones(S)
    s_orig = s_pairs  # sign((x_j - x_i) / dt) = sign(x_j - x_i): S from the sorted pairwise slopes
    var_orig = _var_s(Xc, nf)

    if method in ("original", "hamed_rao", "yue_wang"):
        s, var_s, n_test = s_orig, var_orig.copy(), nf
        if method in ("hamed_rao", "yue_wang"):
            L = np.where(n > 0, n if lag is None else np.minimum(lag + 1, n), 0)
            maxl = int(L.max()) if S else 0
            detr = Xc - np.arange(1, T + 1)[None, :] * slope[:, None]
            if method == "hamed_rao":
                series = _rank_rows(detr)
                acf = _acf_rows(series, n, max(maxl - 1, 0))
                bound = stats.norm.ppf(1 - alpha / 2) / np.sqrt(nf)
                sni = np.zeros(S)
                for i in range(1, maxl):
                    use = (i < L) & ((acf[:, i] > bound) | (acf[:, i] < -bound))
                    term = (nf - i) * (nf - i - 1) * (nf - i - 2) * acf[:, i]
                    sni += np.where(use, term, 0.0)
                with np.errstate(divide="ignore", invalid="ignore"):
                    n_ns = 1 + (2 / (nf * (nf - 1) * (nf - 2))) * sni
            else:
                acf = _acf_rows(detr, n, max(maxl - 1, 0))
                idx = np.arange(1, max(maxl, 1))
                with np.errstate(invalid="ignore"):
                    terms = (1 - idx[None, :] / nf[:, None]) * acf[:, 1:maxl]
                terms = np.where(idx[None, :] < L[:, None], terms, 0.0)
                n_ns = 1 + 2 * terms.sum(axis=1)
            bad = enough & ~(np.isfinite(n_ns) & (n_ns > 0))
            label = "Hamed–Rao" if method == "hamed_rao" else "Yue–Wang"
            for r in np.flatnonzero(bad):
                note[r] = (
                    f"the {label} variance factor is {n_ns[r]:.3g} (not positive, so not a variance): "
                    "the uncorrected variance is used"
                )
            factor = np.where(bad, 1.0, n_ns)
            var_s = var_s * factor
    else:
        r1 = np.zeros(S)
        if method == "prewhitening":
            base = Xc
        else:
            base = Xc - np.arange(1, T + 1)[None, :] * slope[:, None]
        r1 = _acf_rows(base, n, 1)[:, 1]
        xw = base[:, 1:] - base[:, :-1] * r1[:, None]
        n_test = np.maximum(nf - 1, 0)
        valid_w = np.arange(T - 1)[None, :] < n_test[:, None]
        if method == "trend_free_prewhitening":
            xw = xw + np.arange(1, T)[None, :] * slope[:, None]
        xw = np.where(valid_w, xw, np.nan)
        s = _mk_score(xw)
        var_s = _var_s(xw, n_test)
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = s / (0.5 * n_test * (n_test - 1))
    z = _z(s, var_s)
    p_normal = 2.0 * stats.norm.sf(np.abs(z))

    p_exact = np.full(S, np.nan)
    if method == "original" and exact is not False:
        want = enough & ((n < EXACT_BELOW) if exact == "auto" else np.ones(S, dtype=bool))
        rows = np.flatnonzero(want)
        if rows.size:
            runs = _tie_runs(Xc[rows])
            pats, inv = np.unique(runs, axis=0, return_inverse=True)
            inv = inv.ravel()
            for k, pat in enumerate(pats):
                mult = tuple(int(v) for v in pat if v > 0)
                vals, tail = _abs_tail(mult)
                sel = rows[inv == k]
                pos = np.searchsorted(vals, np.abs(s[sel]) - 1e-9)
                p_exact[sel] = tail[np.minimum(pos, tail.size - 1)]
    use_exact = ~np.isnan(p_exact)
    p = np.where(use_exact, p_exact, p_normal)
    h = p < alpha
    trend = np.where(h & (s < 0), "decreasing", np.where(h & (s > 0), "increasing", "no trend"))

    # Sen slope interval
    lo = np.full(S, np.nan)
    hi = np.full(S, np.nan)
    ci_method = np.array([""] * S, dtype=object)
    var_ci = var_s if method in ("hamed_rao", "yue_wang") else var_orig
    want_exact_ci = (n < EXACT_BELOW) if ci == "auto" else np.full(S, ci == "exact")
    c = stats.norm.ppf(1 - alpha / 2) * np.sqrt(var_ci)
    r_lo = (nfin - c) / 2
    r_hi = (nfin + c) / 2 + 1
    m_hw = np.zeros(S)
    for k in np.unique(n[want_exact_ci]):  # one look-up per distinct length
        m_hw[n == k] = _hw_rank(int(k), alpha) if k >= 2 else 0
    r_lo = np.where(want_exact_ci, np.where(m_hw >= 1, m_hw, np.nan), r_lo)
    r_hi = np.where(want_exact_ci, np.where(m_hw >= 1, nfin + 1 - m_hw, np.nan), r_hi)
    r_hi = np.where(r_hi <= nfin, r_hi, np.nan)
    r_lo = np.where(r_lo >= 1, r_lo, np.nan)
    if S:
        lo = _order_stat(sorted_chunks, r_lo)
        hi = _order_stat(sorted_chunks, r_hi)
    ci_method[:] = np.where(want_exact_ci, "exact (Hollander-Wolfe)", "normal (Gilbert)")
    no_ci = enough & (np.isnan(lo) | np.isnan(hi))
    for r in np.flatnonzero(no_ci):
        extra = f"too few values for a {1 - alpha:.0%} interval for the slope"
        note[r] = f"{note[r]}; {extra}" if note[r] else extra

    out = {
        "trend": trend, "h": h, "p_value": p, "p_method": np.where(use_exact, "exact", "normal"), "z": z,
        "tau": tau, "s": s, "var_s": var_s, "variance_factor": factor, "p_normal": p_normal, "p_exact": p_exact,
        "slope": slope, "slope_low": lo, "slope_high": hi, "slope_ci": ci_method, "intercept": intercept,
        "n": n.astype(np.int64), "note": note,
    }
    # rows with too few values: no numbers
    short = ~enough
    for k in ("h",):
        out[k] = np.where(short, False, out[k])
    for k in ("p_value", "z", "tau", "s", "var_s", "variance_factor", "p_normal", "p_exact", "slope", "slope_low",
              "slope_high", "intercept"):
        out[k] = np.where(short, np.nan, out[k]).astype(float)
    out["trend"] = np.where(short, None, out["trend"])
    out["p_method"] = np.where(short, None, out["p_method"])
    out["slope_ci"] = np.where(short, None, out["slope_ci"])
    for r in np.flatnonzero(short):
        note[r] = f"needs at least {need} non-missing values, has {int(n[r])}"
    out["need"] = need
    return out


_COLUMNS = ["n", "trend", "h", "p_value", "p_method", "z", "tau", "s", "var_s", "variance_factor", "p_normal",
            "p_exact", "slope", "slope_low", "slope_high", "slope_ci", "intercept", "note"]


@dataclass(frozen=True, eq=False)
class MannKendallResult:
    """Mann-Kendall test of one series (field names follow pymannkendall).

    Attributes
    ----------
    trend : str
        ``increasing``, ``decreasing`` or ``no trend`` (at level ``alpha``).
    h : bool
        True when the trend is significant.
    p_value : float
        The p-value used (``p_method``: exact below 10 values, else normal).
    p_method : str
        ``exact`` (permutation distribution of S) or ``normal``.
    z, tau, s, var_s : float
        Normal score, Kendall's tau, the S statistic and its (corrected) variance.
    variance_factor : float
        Autocorrelation correction of var(S) (1 for the original test).
    p_normal, p_exact : float
        Both p-values (``p_exact`` only for ``method="original"``).
    slope, slope_low, slope_high : float
        Sen's slope per period and its confidence interval.
    slope_ci : str
        How the interval was computed.
    intercept : float
        Conover's intercept (as pymannkendall).
    n : int
        Non-missing values.
    method : str
        The test variant.
    alpha : float
        Significance level; the slope interval is at 1 - alpha.
    note : str
        Anything the caller must know (a skipped correction, no interval).
    """

    trend: str
    h: bool
    p_value: float
    p_method: str
    z: float
    tau: float
    s: float
    var_s: float
    variance_factor: float
    p_normal: float
    p_exact: float
    slope: float
    slope_low: float
    slope_high: float
    slope_ci: str
    intercept: float
    n: int
    method: str
    alpha: float
    note: str = field(default="")

    def to_frame(self) -> pd.DataFrame:
        """One-row table with the same columns as the many-series call."""
        return pd.DataFrame([{"method": self.method, **{c: getattr(self, c) for c in _COLUMNS}}])

    def _repr_html_(self) -> str:
        return render(f"Mann-Kendall test ({self.method})", {
            "n": self.n, "trend": self.trend, "S": self.s, "var(S)": self.var_s, "z": self.z,
            f"p-value ({self.p_method})": self.p_value, "Kendall tau": self.tau, "Sen slope": self.slope,
            f"{1 - self.alpha:.0%} CI ({self.slope_ci})": f"{self.slope_low:.4g} to {self.slope_high:.4g}",
            "note": self.note or "—",
        })


@dataclass(frozen=True, eq=False)
class SensSlopeResult:
    """Sen's slope of one series with its confidence interval.

    Attributes
    ----------
    slope, slope_low, slope_high : float
        Median pairwise slope per period and its interval.
    intercept : float
        Conover's intercept: median(x) - median(t) * slope.
    n : int
        Non-missing values.
    conf_level : float
        Level of the interval.
    slope_ci : str
        ``exact (Hollander-Wolfe)`` or ``normal (Gilbert)``.
    note : str
        Set when no interval exists at this level.
    """

    slope: float
    slope_low: float
    slope_high: float
    intercept: float
    n: int
    conf_level: float
    slope_ci: str
    note: str = ""

    def to_frame(self) -> pd.DataFrame:
        """One-row table."""
        return pd.DataFrame([self.__dict__])

    def _repr_html_(self) -> str:
        return render("Sen's slope", {
            "slope": self.slope, f"{self.conf_level:.0%} CI ({self.slope_ci})":
            f"{self.slope_low:.4g} to {self.slope_high:.4g}", "intercept": self.intercept, "n": self.n,
            "note": self.note or "—",
        })


def _as_matrix(
    data: Any, *, value: str | None, by: Any, gaps: str, method_name: str
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame | None, bool]:
    """(X (S,T), positions t (T,), keys frame or None, single?)."""
    if isinstance(data, pd.DataFrame):
        if value is None:
            raise ParameterError(f"{method_name} on a DataFrame needs value= (the column to test)")
        panel = prepare_panel(data, value=value, by=by, gaps=gaps, method=method_name, integer=False)
        t = panel.ordinals - panel.ordinals[0]
        keys = panel.keys if panel.by else None
        return panel.y, t, keys, not panel.by
    if by is not None:
        raise ParameterError("by= needs a DataFrame; for a 2-D array each row is a series")
    if isinstance(data, pd.Series):
        arr = pd.to_numeric(data, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        try:
            arr = np.asarray(data, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"{method_name}: the data must be numbers") from None
    if arr.ndim == 1:
        return arr[None, :], np.arange(arr.size), None, True
    if arr.ndim == 2:
        return arr, np.arange(arr.shape[1]), pd.DataFrame({"series": np.arange(arr.shape[0])}), False
    raise ParameterError(f"{method_name} takes a 1-D series or a 2-D array (one series per row), got {arr.ndim}-D")


def mann_kendall(
    data: Any,
    *,
    value: str | None = None,
    by: str | Sequence[str] | None = None,
    method: str = "original",
    alpha: float = 0.05,
    lag: int | None = None,
    exact: bool | str = "auto",
    slope_ci: str = "auto",
    gaps: str = "error",
    p_adjust: str | None = None,
) -> MannKendallResult | pd.DataFrame:
    """Mann-Kendall monotone trend test with Sen's slope.

    Parameters
    ----------
    data : array-like, 2-D array or DataFrame
        One series (list, numpy array, pandas Series; NaN is skipped as in
        pymannkendall), a 2-D array with one series per row, or a long frame
        with ``period`` and ``value`` columns (and ``by`` keys).
    value : str, optional
        Column to test when ``data`` is a DataFrame.
    by : str or list of str, optional
        Series keys in a DataFrame.
    method : {"original", "hamed_rao", "yue_wang", "prewhitening", "trend_free_prewhitening"}
        The test or its autocorrelation-corrected variant (Hamed & Rao 1998;
        Yue & Wang 2004; Yue & Wang 2002 pre-whitening and trend-free
        pre-whitening), computed exactly as pymannkendall 1.4.3.
    alpha : float
        Significance level; Sen's slope interval is at ``1 - alpha``.
    lag : int, optional
        Number of autocorrelation lags for ``hamed_rao`` / ``yue_wang``
        (all by default, as pymannkendall).
    exact : {"auto", True, False}
        Exact permutation p-value for ``method="original"``: ``auto`` below
        10 values.
    slope_ci : {"auto", "exact", "normal"}
        Interval for Sen's slope: exact Hollander–Wolfe below 10 values
        (``auto``), else Gilbert's normal approximation.
    gaps : {"error", "allow"}
        For a DataFrame: a missing period raises, or is skipped (``allow``).
    p_adjust : {"fdr_bh", "bonferroni", "holm", "fdr_by"}, optional
        For many series: add ``p_adjusted``.

    Returns
    -------
    MannKendallResult or pandas.DataFrame
        One series: a :class:`MannKendallResult`.  Many: one row per series
        (``series`` index for a 2-D array, the ``by`` keys for a frame).

    Raises
    ------
    InsufficientDataError
        Fewer than 4 non-missing values (5 for the pre-whitening variants).

    Examples
    --------
    >>> r = mann_kendall([1, 2, float("nan"), 4, 5], exact=False)
    >>> r.s, round(r.var_s, 4), round(r.p_value, 6), r.slope
    (6.0, 8.6667, 0.089429, 1.0)
    >>> mann_kendall([1, 2, float("nan"), 4, 5]).p_exact  # 2 of the 24 orderings are as extreme
    0.0833...
    """
    if method not in MK_METHODS:
        raise ParameterError(f"method={method!r} is not a Mann-Kendall variant; use one of {list(MK_METHODS)}")
    if not 0 < alpha < 1:
        raise ParameterError(f"alpha={alpha!r} must be between 0 and 1, e.g. 0.05")
    if exact not in ("auto", True, False):
        raise ParameterError(f"exact={exact!r}: use 'auto', True or False")
    if slope_ci not in ("auto", "exact", "normal"):
        raise ParameterError(f"slope_ci={slope_ci!r}: use 'auto', 'exact' or 'normal'")
    if lag is not None and (not isinstance(lag, (int, np.integer)) or lag < 1):
        raise ParameterError(f"lag={lag!r} must be a positive whole number of lags")
    X, t, keys, single = _as_matrix(data, value=value, by=by, gaps=gaps, method_name="mann_kendall")
    if single and lag is not None and lag >= int((~np.isnan(X)).sum()):
        raise ParameterError(f"lag={lag} needs more than {lag} values")
    if p_adjust is not None and single:
        raise ParameterError("p_adjust= adjusts across several series: pass by= or a 2-D array")
    res = _mk_core(X, np.asarray(t), method=method, alpha=alpha, lag=lag, exact=exact, ci=slope_ci)
    if single:
        if res["n"][0] < res["need"]:
            raise InsufficientDataError(f"mann_kendall (method={method!r})", needed=res["need"],
                                        got=int(res["n"][0]), what="non-missing values")
        return MannKendallResult(
            trend=str(res["trend"][0]), h=bool(res["h"][0]), p_value=float(res["p_value"][0]),
            p_method=str(res["p_method"][0]), z=float(res["z"][0]), tau=float(res["tau"][0]),
            s=float(res["s"][0]), var_s=float(res["var_s"][0]), variance_factor=float(res["variance_factor"][0]),
            p_normal=float(res["p_normal"][0]), p_exact=float(res["p_exact"][0]), slope=float(res["slope"][0]),
            slope_low=float(res["slope_low"][0]), slope_high=float(res["slope_high"][0]),
            slope_ci=str(res["slope_ci"][0]), intercept=float(res["intercept"][0]), n=int(res["n"][0]),
            method=method, alpha=alpha, note=str(res["note"][0]),
        )
    out = keys.reset_index(drop=True).copy()
    out["method"] = method
    for c in _COLUMNS:
        out[c] = res[c]
    if p_adjust is not None:
        out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted",
                   adjust_pvalues(out["p_value"].to_numpy(dtype=float), method=p_adjust))
    return out


def sens_slope(
    data: Any,
    *,
    value: str | None = None,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    ci: str = "auto",
    gaps: str = "error",
) -> SensSlopeResult | pd.DataFrame:
    """Sen's (Theil–Sen) slope with a confidence interval.

    The slope is the median of all pairwise slopes ``(x_j - x_i)/(t_j - t_i)``
    (Sen 1968), per period; missing values keep their positions, as in
    pymannkendall.  The interval uses the ranks
    ``M1 = (N - C)/2`` and ``M2 + 1 = (N + C)/2 + 1`` of the ordered slopes
    with ``C = z_{1-a/2} sqrt(var S)`` (Gilbert 1987, eq. 16.7, linearly
    interpolated between order statistics), or below 10 values the exact
    distribution-free ranks ``M = (N - C_a)/2`` and ``N + 1 - M`` with
    ``C_a = k_{a/2} - 2`` from the exact distribution of S (Hollander & Wolfe
    1999).

    Parameters
    ----------
    data : array-like, 2-D array or DataFrame
        As for :func:`mann_kendall`.
    value, by : optional
        Column and series keys for a DataFrame.
    conf_level : float
        Interval level.
    ci : {"auto", "exact", "normal"}
        Which interval (``auto``: exact below 10 values).
    gaps : {"error", "allow"}
        For a DataFrame, how to treat a missing period.

    Returns
    -------
    SensSlopeResult or pandas.DataFrame

    Raises
    ------
    InsufficientDataError
        Fewer than 3 non-missing values.

    Examples
    --------
    >>> r = sens_slope([10, 12, 11, 15, 14, 18, 17, 20, 22, 21])
    >>> round(r.slope, 4), r.slope_ci
    (1.4286, 'normal (Gilbert)')
    >>> round(r.slope_low, 3), round(r.slope_high, 3)
    (1.0, 1.728)
    """
    if not 0 < conf_level < 1:
        raise ParameterError(f"conf_level={conf_level!r} must be between 0 and 1, e.g. 0.95")
    if ci not in ("auto", "exact", "normal"):
        raise ParameterError(f"ci={ci!r}: use 'auto', 'exact' or 'normal'")
    X, t, keys, single = _as_matrix(data, value=value, by=by, gaps=gaps, method_name="sens_slope")
    res = _mk_core(X, np.asarray(t), method="original", alpha=1 - conf_level, lag=None, exact=False, ci=ci)
    n = res["n"]
    short = n < 3
    cols = {
        "slope": res["slope"], "slope_low": res["slope_low"], "slope_high": res["slope_high"],
        "intercept": res["intercept"], "n": n, "slope_ci": res["slope_ci"],
    }
    no_ci = np.isnan(res["slope_low"]) | np.isnan(res["slope_high"])
    notes = np.where(no_ci, f"too few values for a {conf_level:.0%} interval for the slope", "").astype(object)
    # with 3 values the MK test refuses but the slope exists: recompute those cells
    if single:
        if short[0]:
            raise InsufficientDataError("sens_slope", needed=3, got=int(n[0]), what="non-missing values")
        if n[0] < MIN_VALUES:
            return _sen_short(X, np.asarray(t), conf_level)
        return SensSlopeResult(
            slope=float(cols["slope"][0]), slope_low=float(cols["slope_low"][0]),
            slope_high=float(cols["slope_high"][0]), intercept=float(cols["intercept"][0]), n=int(n[0]),
            conf_level=conf_level, slope_ci=str(cols["slope_ci"][0]), note=str(notes[0]),
        )
    out = keys.reset_index(drop=True).copy()
    for k, v in cols.items():
        out[k] = v
    out["conf_level"] = conf_level
    out["note"] = notes
    three = n == 3
    if three.any():
        slope, intercept, _, _, _ = _sen(X[three], np.asarray(t))
        out.loc[three, "slope"] = slope
        out.loc[three, "intercept"] = intercept
        out.loc[three, "note"] = f"too few values for a {conf_level:.0%} interval for the slope"
    out.loc[short, "note"] = [f"needs at least 3 non-missing values, has {int(k)}" for k in n[short]]
    return out


def _sen_short(X: np.ndarray, t: np.ndarray, conf_level: float) -> SensSlopeResult:
    slope, intercept, _, _, _ = _sen(X, t)
    return SensSlopeResult(
        slope=float(slope[0]), slope_low=float("nan"), slope_high=float("nan"), intercept=float(intercept[0]),
        n=3, conf_level=conf_level, slope_ci="exact (Hollander-Wolfe)",
        note=f"too few values for a {conf_level:.0%} interval for the slope",
    )
