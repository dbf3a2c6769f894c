"""Is a change between two periods more than Poisson noise?  The exact conditional test.

Accident and death counts are modelled as Poisson: ``X1 ~ Poisson(λ1 T1)`` in
the current period and ``X0 ~ Poisson(λ0 T0)`` in the base period, with
exposures ``T`` (1 for plain counts; workers, hours or GDP for rates).  Given
the total ``n = X1 + X0``, ``X1`` is binomial with ``π = r T1 / (r T1 + T0)``
under the null hypothesis ``λ1 / λ0 = r`` (Przyborowski & Wilenski 1940), so
the exact test of equal rates is a binomial test, and the exact
(Clopper–Pearson) interval for ``π`` turns into one for the rate ratio via
``ratio = π / (1 - π) · T0 / T1``.

This is what R's ``poisson.test(c(x1, x0), c(T1, T0))`` computes, including its
two-sided rule (add the probabilities of all outcomes no more likely than the
one observed, with a relative tolerance of ``1e-7``).  Fay (2010) discusses the
test and its interval.  The p-values agree with
``statsmodels.stats.rates.test_poisson_2indep(..., method="exact-cond")``;
statsmodels has no exact-conditional interval for the ratio, and
``scipy.stats.poisson_means_test`` is a different test (the E-test).

:func:`poisson_rate_test` returns one result with a plain-words reading in
English and Chinese; :func:`poisson_rate_test_many` tests whole arrays at once
(vectorised: one call for thousands of period pairs).

References
----------
Przyborowski, J. & Wilenski, H. (1940). Homogeneity of results in testing
samples from Poisson series. *Biometrika* 31, 313-323.
Fay, M. P. (2010). Two-sided exact tests and matching confidence intervals for
discrete data. *The R Journal* 2(1), 53-58.
R Core Team. ``poisson.test`` and ``binom.test`` in package stats.

Examples
--------
>>> res = poisson_rate_test(71, 80)          # Suzhou 2023 accidents vs 2022
>>> round(res.rate_ratio, 4), round(res.conf_low, 4), round(res.conf_high, 4), round(res.p_value, 4)
(0.8875, 0.6355, 1.2372, 0.5152)
>>> print(res.interpretation)
A decline from 80 to 71 (rate ratio 0.89, 95% CI 0.64 to 1.24) is within what chance alone produces (exact conditional test, p = 0.52): it is not evidence of a real change.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from .errors import InsufficientDataError, ParameterError
from .rounding import round_decimal

__all__ = ["PoissonRateTest", "poisson_rate_test", "poisson_rate_test_many", "METHOD"]

#: The method name written into every result.
METHOD = "exact conditional (binomial), as R poisson.test"
METHOD_ONE_SAMPLE = "exact Poisson, as R poisson.test"

_REL_ERR = 1 + 1e-7
_ALTERNATIVES = {
    "two-sided": "two-sided", "two.sided": "two-sided", "two_sided": "two-sided",
    "less": "less", "smaller": "less",
    "greater": "greater", "larger": "greater",
}


def _check_alternative(alternative: object) -> str:
    if isinstance(alternative, str) and alternative.lower() in _ALTERNATIVES:
        return _ALTERNATIVES[alternative.lower()]
    raise ParameterError(f"alternative={alternative!r}; use 'two-sided', 'less' or 'greater'")


def _check_conf(conf_level: object) -> float:
    try:
        c = float(conf_level)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        c = math.nan
    if not 0 < c < 1:
        raise ParameterError(f"conf_level={conf_level!r} must be between 0 and 1, e.g. 0.95")
    return c


# ---------------------------------------------------------------------------
# Vectorised kernels
# ---------------------------------------------------------------------------
def _binom_pmf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    from scipy import stats

    return stats.binom.pmf(k, n, p)


def _first_true(pred: Any, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Smallest k in [lo, hi] with pred(k) (pred monotone false->true; pred(hi) is taken as true)."""
    lo = lo.copy()
    hi = hi.copy()
    active = lo < hi
    while active.any():
        idx = np.flatnonzero(active)
        mid = (lo[idx] + hi[idx]) // 2
        ok = pred(mid, idx)
        hi[idx] = np.where(ok, mid, hi[idx])
        lo[idx] = np.where(ok, lo[idx], mid + 1)
        active[idx] = lo[idx] < hi[idx]
    return lo


_HALF_N = 2048
_HALF_TABLE: tuple[np.ndarray, np.ndarray] | None = None


def _half_table() -> tuple[np.ndarray, np.ndarray]:
    """``P(X <= k)`` for ``X ~ Binomial(n, 1/2)``, ``n <= 2048``, ``k <= n/2`` (built once, 8 MB).

    Built with the exact recursion ``F_n(k) = (F_{n-1}(k) + F_{n-1}(k-1)) / 2``:
    only averages of positive numbers, so small tails keep full relative
    precision until they underflow (values below 1e-280 are not used).
    """
    global _HALF_TABLE
    if _HALF_TABLE is None:
        offsets = np.zeros(_HALF_N + 2, dtype=np.int64)
        offsets[1:] = np.cumsum(np.arange(_HALF_N + 1) // 2 + 1)
        table = np.empty(int(offsets[-1]))
        row = np.ones(1)  # F_0 on k = 0
        table[0] = 1.0
        for n in range(1, _HALF_N + 1):
            ext = np.empty(n + 1)
            ext[:n] = row
            ext[n] = 1.0
            new = ext.copy()
            new[1:] = 0.5 * (ext[1:] + ext[:-1])
            new[0] = 0.5 * ext[0]
            row = new
            table[offsets[n]: offsets[n + 1]] = row[: n // 2 + 1]
        _HALF_TABLE = (table, offsets)
    return _HALF_TABLE


def _cdf_half(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``P(X <= k)`` for ``X ~ Binomial(n, 1/2)`` and ``k <= n / 2``: table lookup, else scipy's bdtr."""
    from scipy import special

    small = n <= _HALF_N
    if small.all():  # the common case: one lookup, no selections
        table, offsets = _half_table()
        out = table[offsets[n] + k]
        rest = out < 1e-280
    else:
        out = np.empty(k.shape)
        if small.any():
            table, offsets = _half_table()
            out[small] = table[offsets[n[small]] + k[small]]
        rest = ~small | (out < 1e-280)
    if rest.any():
        out[rest] = special.bdtr(k[rest], n[rest], 0.5)
    return out


def _two_sided_half(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """:func:`binom_two_sided_pvalue` for ``p = 1/2`` (``x``, ``n``: int64 arrays): ``min(1, 2 P(X <= min(x, n - x)))``."""
    k = np.minimum(x, n - x)
    pv = np.minimum(1.0, 2.0 * _cdf_half(k, n))
    return np.where(2 * x == n, 1.0, pv)


def binom_two_sided_pvalue(x: Any, n: Any, p: Any) -> np.ndarray:
    """Two-sided exact binomial p-values by R's ``binom.test`` rule, vectorised.

    The p-value adds the probabilities of every outcome no more likely than
    ``x`` (within a relative tolerance of ``1e-7``).  For ``p = 0.5`` the
    distribution is symmetric and this is ``min(1, 2 P(X <= min(x, n - x)))``;
    otherwise the other tail's cut-off is found by bisection.

    Parameters
    ----------
    x, n : array-like of int
        Successes and trials (``0 <= x <= n``, ``n >= 1``).
    p : array-like of float
        Success probability under the null hypothesis.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> binom_two_sided_pvalue([71, 3], [151, 10], [0.5, 0.3]).round(4).tolist()
    [0.5152, 1.0]
    """
    from scipy import special

    x, n, p = np.broadcast_arrays(np.asarray(x, dtype=np.int64), np.asarray(n, dtype=np.int64),
                                  np.asarray(p, dtype=np.float64))
    x, n, p = x.ravel(), n.ravel(), p.ravel()
    out = np.ones(x.shape, dtype=np.float64)
    m = n * p
    half = p == 0.5
    if half.any():
        out[half] = _two_sided_half(x[half], n[half])
    edge0 = p == 0
    edge1 = p == 1
    out[edge0] = (x[edge0] == 0).astype(float)
    out[edge1] = (x[edge1] == n[edge1]).astype(float)
    gen = ~half & ~edge0 & ~edge1 & (x != m)
    if gen.any():
        xg, ng, pg, mg = x[gen], n[gen], p[gen], m[gen]
        d = _binom_pmf(xg, ng, pg) * _REL_ERR
        low = xg < mg
        res = np.empty(xg.shape)
        if low.any():
            xi, ni, pi, di = xg[low], ng[low], pg[low], d[low]
            start = np.ceil(mg[low]).astype(np.int64)

            def pred_low(k: np.ndarray, idx: np.ndarray) -> np.ndarray:
                return _binom_pmf(k, ni[idx], pi[idx]) <= di[idx]

            kstar = _first_true(pred_low, start, ni + 1)  # first k >= ceil(m) in the tail
            tail = np.where(kstar <= ni, special.bdtrc(kstar - 1, ni, pi), 0.0)
            res[low] = special.bdtr(xi, ni, pi) + tail
        high = ~low
        if high.any():
            xi, ni, pi, di = xg[high], ng[high], pg[high], d[high]
            stop = np.floor(mg[high]).astype(np.int64)

            # largest k in [0, floor(m)] with pmf(k) <= d: = (first k with pmf(k) > d) - 1
            def pred_high(k: np.ndarray, idx: np.ndarray) -> np.ndarray:
                return _binom_pmf(k, ni[idx], pi[idx]) > di[idx]

            first_above = _first_true(pred_high, np.zeros_like(stop), stop + 1)
            kstar = first_above - 1
            head = np.where(kstar >= 0, special.bdtr(np.maximum(kstar, 0), ni, pi), 0.0)
            res[high] = head + np.where(xi >= 1, special.bdtrc(xi - 1, ni, pi), 1.0)
        out[gen] = np.minimum(1.0, res)
    return out


def _pvalues(x: np.ndarray, n: np.ndarray, p: np.ndarray, alternative: str) -> np.ndarray:
    from scipy import special

    if alternative == "two-sided":
        return binom_two_sided_pvalue(x, n, p)
    if alternative == "less":
        return special.bdtr(x, n, p)
    return np.where(x >= 1, special.bdtrc(np.maximum(x - 1, 0), n, p), 1.0)


def _clopper_pearson(x: np.ndarray, n: np.ndarray, conf: float, alternative: str) -> tuple[np.ndarray, np.ndarray]:
    from scipy import special

    a = (1 - conf) / 2 if alternative == "two-sided" else 1 - conf
    xf, nf = x.astype(np.float64), n.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = np.where(x > 0, special.betaincinv(np.maximum(xf, 1), np.maximum(nf - xf + 1, 1), a), 0.0)
        upper = np.where(x < n, special.betaincinv(xf + 1, np.maximum(nf - xf, 1), 1 - a), 1.0)
    if alternative == "less":
        lower = np.zeros_like(lower)
    elif alternative == "greater":
        upper = np.ones_like(upper)
    return lower, upper


def _to_ratio(pi: np.ndarray, t1: np.ndarray, t0: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pi >= 1, np.inf, pi / (1 - pi) * t0 / t1)


def _counts(values: Any, name: str) -> np.ndarray:
    a = np.asarray(values)
    if a.dtype.kind not in "iufb" or a.dtype.kind == "b":
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError):
            raise ParameterError(f"{name} must hold numbers (counts)") from None
    f = a.astype(np.float64)
    bad = ~np.isfinite(f) | (f < 0) | (f != np.floor(f))
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        raise ParameterError(f"{name}[{i}]={f.ravel()[i]!r} is not a count; counts are whole numbers of 0 or more")
    return f.astype(np.int64)


def _exposures(values: Any, name: str) -> np.ndarray:
    try:
        f = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must hold positive numbers") from None
    bad = ~np.isfinite(f) | (f <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0]) if f.ndim else 0
        raise ParameterError(f"{name}[{i}]={f.ravel()[i]!r}: an exposure must be a positive number")
    return f


def _core(x: np.ndarray, b: np.ndarray, t1: np.ndarray, t0: np.ndarray, r: np.ndarray, alternative: str,
          conf: float) -> dict[str, np.ndarray]:
    n = x + b
    none = n == 0
    nn = np.where(none, 1, n)
    pi0 = r * t1 / (r * t1 + t0)
    p = _pvalues(x, nn, pi0, alternative)
    lo_pi, hi_pi = _clopper_pearson(x, nn, conf, alternative)
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = np.where(b > 0, (x / t1) / np.where(b > 0, b / t0, 1.0), np.nan)
    lo = _to_ratio(lo_pi, t1, t0)
    hi = _to_ratio(hi_pi, t1, t0)
    return {
        "rate_ratio": np.where(none, np.nan, rr),
        "conf_low": np.where(none, 0.0, lo),
        "conf_high": np.where(none, np.inf, hi),
        "p_value": np.where(none, np.nan, p),
    }


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------
def _fmt(x: float, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NA"
    if math.isinf(x):
        return "∞"
    if x != 0 and abs(x) < 10 ** (-digits):
        return f"{x:.1e}"
    return str(round_decimal(Decimal(repr(float(x))), digits))


def _fmt_p(p: float) -> str:
    if math.isnan(p):
        return "NA"
    if p < 0.001:
        return "< 0.001"
    return str(round_decimal(Decimal(repr(float(p))), 2 if p >= 0.01 else 3))


@dataclass(frozen=True)
class PoissonRateTest:
    """Result of :func:`poisson_rate_test`.

    Attributes
    ----------
    count, base_count : int
        Events in the current and in the base period (``base_count`` is
        ``None`` for the one-sample test).
    exposure, base_exposure : float
        Exposures (1 for plain counts).
    rate_ratio : float
        ``(count / exposure) / (base_count / base_exposure)``; NaN when the
        base count is 0 (the ratio is undefined, the test still applies).
        For the one-sample test: the observed rate over the null rate.
    conf_low, conf_high : float
        Exact confidence interval of the rate ratio (``conf_high`` may be
        ``inf``: unbounded).
    p_value : float
        Exact p-value (R's two-sided rule).
    conf_level : float
    alternative : str
        ``two-sided``, ``less`` or ``greater``.
    null_ratio : float
        The rate ratio under the null hypothesis (1: equal rates).
    method : str
    interpretation, interpretation_zh : str
        The reading in plain words, in English and Chinese.
    """

    count: int
    base_count: int | None
    exposure: float
    base_exposure: float
    rate_ratio: float
    conf_low: float
    conf_high: float
    p_value: float
    conf_level: float
    alternative: str
    null_ratio: float
    method: str
    interpretation: str
    interpretation_zh: str

    @property
    def significant(self) -> bool:
        """``p_value < 1 - conf_level``."""
        return bool(self.p_value < 1 - self.conf_level)

    def to_frame(self) -> pd.DataFrame:
        """The result as a one-row tidy frame."""
        return pd.DataFrame([{k: getattr(self, k) for k in (
            "count", "base_count", "exposure", "base_exposure", "rate_ratio", "conf_low", "conf_high", "p_value",
            "conf_level", "alternative", "null_ratio", "method")}])

    def __str__(self) -> str:
        cl = int(round(self.conf_level * 100))
        return (f"{self.method}\ncount = {self.count}, base_count = {self.base_count}, p-value = {self.p_value:.4g}\n"
                f"rate ratio {self.rate_ratio:.4g}, {cl}% CI {self.conf_low:.4g} to {self.conf_high:.4g}\n"
                f"{self.interpretation}\n{self.interpretation_zh}")

    def _repr_html_(self) -> str:
        cl = int(round(self.conf_level * 100))
        rows = [("count / 本期", self.count), ("base count / 基期", self.base_count),
                ("rate ratio / 率比", _fmt(self.rate_ratio, 4)),
                (f"{cl}% CI / 置信区间", f"{_fmt(self.conf_low, 4)} – {_fmt(self.conf_high, 4)}"),
                ("p-value", f"{self.p_value:.4g}"), ("method", self.method)]
        body = "".join(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
                       f"<td style='text-align:left'>{html.escape(str(v))}</td></tr>" for k, v in rows)
        colour = "#b2182b" if self.significant else "#4d4d4d"
        return (f"<div><table>{body}</table><p style='color:{colour}'>{html.escape(self.interpretation)}<br>"
                f"{html.escape(self.interpretation_zh)}</p></div>")


def _interpret(count: int, base: int, t1: float, t0: float, rr: float, lo: float, hi: float, p: float,
               conf: float, alternative: str) -> tuple[str, str]:
    alpha = 1 - conf
    cl = _fmt(conf * 100, 1).rstrip("0").rstrip(".")
    rate1, rate0 = count / t1, base / t0
    move_en = "decline" if rate1 < rate0 else "rise" if rate1 > rate0 else "change"
    move_zh = "下降" if rate1 < rate0 else "上升" if rate1 > rate0 else "变化"
    to_zh = "降至" if rate1 < rate0 else "升至" if rate1 > rate0 else "到"
    if t1 == 1 and t0 == 1:
        what_en = f"from {base} to {count}"
        what_zh = f"从 {base} {to_zh} {count}"
    else:
        what_en = f"in the rate, from {base} per {t0:.6g} to {count} per {t1:.6g} of exposure"
        what_zh = f"发生率从 {base}/{t0:.6g} {to_zh} {count}/{t1:.6g}"
    stats_en = f"rate ratio {_fmt(rr)}, {cl}% CI {_fmt(lo)} to {_fmt(hi)}"
    stats_zh = f"率比 {_fmt(rr)}，{cl}% 置信区间 {_fmt(lo)}–{_fmt(hi)}"
    ps = _fmt_p(p)
    peq = f"p {ps}" if ps.startswith("<") else f"p = {ps}"
    side = "" if alternative == "two-sided" else f", one-sided ({alternative})"
    if p >= alpha:
        en = (f"A {move_en} {what_en} ({stats_en}) is within what chance alone produces "
              f"(exact conditional test{side}, {peq}): it is not evidence of a real change.")
        zh = (f"{what_zh}（{stats_zh}），这样的{move_zh}在随机波动范围之内（精确条件检验，{peq}），"
              "不能据此认为发生了真实变化。")
    else:
        en = (f"A {move_en} {what_en} ({stats_en}) is larger than chance alone usually produces "
              f"(exact conditional test{side}, {peq} < {_fmt(alpha, 3)}): a statistically significant {move_en}.")
        zh = (f"{what_zh}（{stats_zh}），超出随机波动通常能解释的范围（精确条件检验，{peq} < {_fmt(alpha, 3)}），"
              f"{move_zh}在统计上显著。")
    return en, zh


def poisson_rate_test(
    count: int,
    base_count: int | None = None,
    *,
    exposure: float = 1,
    base_exposure: float = 1,
    alternative: str = "two-sided",
    conf_level: float = 0.95,
    null_ratio: float = 1,
) -> PoissonRateTest:
    """Exact test of whether the event rate changed between two periods (R's ``poisson.test``).

    Parameters
    ----------
    count : int
        Events in the current period.
    base_count : int, optional
        Events in the base (earlier) period.  ``None`` gives R's one-sample
        test of ``count / exposure`` against the rate ``null_ratio``.
    exposure, base_exposure : float
        Exposure of each period (workers, hours, GDP …); 1 for plain counts.
    alternative : {"two-sided", "less", "greater"}
        ``less``: the current rate is lower (R's names; ``smaller`` /
        ``larger`` as in statsmodels are accepted too).
    conf_level : float
        Confidence level of the interval; the plain-words reading calls a
        change significant when ``p < 1 - conf_level``.
    null_ratio : float
        Rate ratio under the null hypothesis (R's ``r``), default 1.

    Returns
    -------
    PoissonRateTest

    Raises
    ------
    ParameterError
        A count that is not a whole number of 0 or more; an exposure that is
        not positive.
    InsufficientDataError
        No events in either period (nothing to compare).

    Examples
    --------
    >>> r = poisson_rate_test(50, 56)
    >>> round(r.p_value, 2), r.significant
    (0.63, False)
    >>> round(poisson_rate_test(137, exposure=24.19893).rate_ratio, 4)   # R's help page example
    5.6614
    """
    alternative = _check_alternative(alternative)
    conf = _check_conf(conf_level)
    x = int(_counts(count, "count").ravel()[0]) if np.ndim(count) == 0 else None
    if x is None:
        raise ParameterError("poisson_rate_test takes one count; use poisson_rate_test_many for arrays")
    t1 = float(_exposures(exposure, "exposure"))
    r = float(_exposures(null_ratio, "null_ratio"))
    if base_count is None:
        return _one_sample(x, t1, r, alternative, conf)
    if np.ndim(base_count) != 0:
        raise ParameterError("poisson_rate_test takes one base_count; use poisson_rate_test_many for arrays")
    b = int(_counts(base_count, "base_count").ravel()[0])
    t0 = float(_exposures(base_exposure, "base_exposure"))
    if x + b == 0:
        raise InsufficientDataError("poisson_rate_test", needed=1, got=0, what="events in the two periods")
    res = _core(np.array([x]), np.array([b]), np.array([t1]), np.array([t0]), np.array([r]), alternative, conf)
    rr, lo, hi, p = (float(res[k][0]) for k in ("rate_ratio", "conf_low", "conf_high", "p_value"))
    en, zh = _interpret(x, b, t1, t0, rr, lo, hi, p, conf, alternative)
    return PoissonRateTest(x, b, t1, t0, rr, lo, hi, p, conf, alternative, r, METHOD, en, zh)


def _one_sample(x: int, t: float, r: float, alternative: str, conf: float) -> PoissonRateTest:
    from scipy import special, stats

    m = r * t
    if alternative == "less":
        p = float(stats.poisson.cdf(x, m))
    elif alternative == "greater":
        p = float(stats.poisson.sf(x - 1, m))
    else:
        d = stats.poisson.pmf(x, m)
        if x == m:
            p = 1.0
        elif x < m:
            big_n = math.ceil(2 * m - x)
            while stats.poisson.pmf(big_n, m) > d:
                big_n *= 2
            i = np.arange(math.ceil(m), big_n + 1)
            y = int(np.sum(stats.poisson.pmf(i, m) <= d * _REL_ERR))
            p = float(stats.poisson.cdf(x, m) + stats.poisson.sf(big_n - y, m))
        else:
            i = np.arange(0, math.floor(m) + 1)
            y = int(np.sum(stats.poisson.pmf(i, m) <= d * _REL_ERR))
            p = float(stats.poisson.cdf(y - 1, m) + stats.poisson.sf(x - 1, m))
        p = min(1.0, p)
    a = (1 - conf) / 2 if alternative == "two-sided" else 1 - conf
    lo = 0.0 if x == 0 or alternative == "less" else float(special.gammaincinv(x, a)) / t
    hi = math.inf if alternative == "greater" else float(special.gammaincinv(x + 1, 1 - a)) / t
    est = x / t
    rr, lo_r, hi_r = est / r, lo / r, hi / r
    cl = _fmt(conf * 100, 1).rstrip("0").rstrip(".")
    ps = _fmt_p(p)
    peq = f"p {ps}" if ps.startswith("<") else f"p = {ps}"
    expected = _fmt(m, 2)
    if p >= 1 - conf:
        en = (f"{x} events against {expected} expected (ratio {_fmt(rr)}, {cl}% CI {_fmt(lo_r)} to {_fmt(hi_r)}) "
              f"is within what chance alone produces (exact Poisson test, {peq}).")
        zh = (f"实际 {x} 起，预期 {expected} 起（比值 {_fmt(rr)}，{cl}% 置信区间 {_fmt(lo_r)}–{_fmt(hi_r)}），"
              f"差异在随机波动范围之内（精确泊松检验，{peq}）。")
    else:
        en = (f"{x} events against {expected} expected (ratio {_fmt(rr)}, {cl}% CI {_fmt(lo_r)} to {_fmt(hi_r)}) "
              f"is more than chance alone usually produces (exact Poisson test, {peq}).")
        zh = (f"实际 {x} 起，预期 {expected} 起（比值 {_fmt(rr)}，{cl}% 置信区间 {_fmt(lo_r)}–{_fmt(hi_r)}），"
              f"差异超出随机波动通常能解释的范围（精确泊松检验，{peq}）。")
    return PoissonRateTest(x, None, t, math.nan, rr, lo_r, hi_r, p, conf, alternative, r, METHOD_ONE_SAMPLE, en, zh)


def poisson_rate_test_many(
    count: Any,
    base_count: Any,
    *,
    exposure: Any = 1,
    base_exposure: Any = 1,
    alternative: str = "two-sided",
    conf_level: float = 0.95,
    null_ratio: Any = 1,
) -> pd.DataFrame:
    """:func:`poisson_rate_test` over whole arrays at once (vectorised).

    Parameters
    ----------
    count, base_count : array-like of int
        Events in the current and base periods (broadcast together).
    exposure, base_exposure : float or array-like
        Exposures (1 for plain counts).
    alternative : {"two-sided", "less", "greater"}
    conf_level : float
    null_ratio : float or array-like

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``count, base_count, exposure, base_exposure,
        rate_ratio, conf_low, conf_high, p_value, significant, method, note``.
        A pair with no events in either period gets NaN with the reason in
        ``note``; a base count of 0 gives ``rate_ratio`` NaN (undefined) and
        ``conf_high`` inf, with a valid p-value.

    Examples
    --------
    >>> t = poisson_rate_test_many([71, 50], [80, 56])
    >>> t[["count", "base_count", "rate_ratio", "p_value"]].round(4)
       count  base_count  rate_ratio  p_value
    0     71          80      0.8875   0.5152
    1     50          56      0.8929   0.6274
    """
    alternative = _check_alternative(alternative)
    conf = _check_conf(conf_level)
    x = _counts(count, "count")
    b = _counts(base_count, "base_count")
    t1 = _exposures(exposure, "exposure")
    t0 = _exposures(base_exposure, "base_exposure")
    r = _exposures(null_ratio, "null_ratio")
    x, b, t1, t0, r = (a.ravel() for a in np.broadcast_arrays(x, b, t1, t0, r))
    res = _core(x, b, t1, t0, r, alternative, conf)
    none = (x + b) == 0
    note = np.where(none, "no events in either period: nothing to compare",
                    np.where(b == 0, "base count is 0: the rate ratio is undefined", ""))
    out = pd.DataFrame({"count": x, "base_count": b, "exposure": t1, "base_exposure": t0, **res})
    out["significant"] = pd.array(np.where(none, False, res["p_value"] < 1 - conf), dtype="boolean")
    out.loc[none, "significant"] = pd.NA
    out["method"] = METHOD
    out["note"] = note
    return out
