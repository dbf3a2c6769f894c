"""Benchmark: trends of 10,000 series in one vectorised call vs looping the reference implementations.

* log-linear Poisson trend: ``loglinear_trend(df, by="region", family="poisson")``
  (one batched IRLS over all series) against ``statsmodels`` ``GLM(...).fit()``
  called once per series;
* log-linear trend with ``family="auto"`` on overdispersed counts (generated as
  the forecast benchmark's series): Poisson fit, Pearson test, and for the overdispersed
  series the negative binomial with its dispersion by maximum likelihood,
  against the same procedure looped with statsmodels (``GLM`` Poisson, then the
  discrete ``NegativeBinomial(loglike_method="nb2")`` ML fit and ``GLM`` at
  that dispersion) — the NB loop is slow, so it is timed on ``--nb-sample``
  series and scaled (say so in any report);
* Mann-Kendall: ``mann_kendall(X)`` on a (series x years) array against
  ``pymannkendall.original_test`` / ``hamed_rao_modification_test`` called
  once per series.

The reference loops get their data already split into numpy arrays (only the
fitting is timed); our side is timed twice — the kernel on arrays, and the
whole public call starting from the long DataFrame.  Both sides are measured
in this run, and the largest difference between their results is printed.

Usage::

    .venv/bin/python benchmarks/bench_trend.py [--series 10000] [--years 20] [--ref-sample 0]

``--ref-sample N`` times the reference loops on the first N series only and
scales the time to all series (say so in any report); 0 (default) loops over
every series.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd


def make_frame(n_series: int, n_years: int, seed: int = 20231231) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.arange(n_years)
    level = rng.uniform(5, 200, size=n_series)
    slope = rng.normal(-0.03, 0.03, size=n_series)
    workers = rng.uniform(5e4, 5e6, size=(n_series, 1)) * rng.uniform(0.95, 1.05, size=(n_series, n_years))
    y = rng.poisson(level[:, None] * np.exp(slope[:, None] * t[None, :]))
    df = pd.DataFrame({
        "region": np.repeat([f"county-{i:05d}" for i in range(n_series)], n_years),
        "period": np.tile([str(2004 + k) for k in range(n_years)], n_series),
        "deaths": y.ravel(),
        "workers": workers.ravel(),
    })
    return df, y.astype(float), workers


def best_of(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def timed_loop(fn, items, sample: int) -> tuple[float, list, int]:
    """Seconds for all items (scaled from the first ``sample`` when sample > 0), results, items timed."""
    use = items if not sample else items[:sample]
    t0 = time.perf_counter()
    out = [fn(x) for x in use]
    dt = time.perf_counter() - t0
    return dt * (len(items) / len(use)), out, len(use)


def bench_loglinear(df: pd.DataFrame, Y: np.ndarray, W: np.ndarray, *, sample: int, repeat: int) -> None:
    import statsmodels.api as sm

    from safetystats.trend import loglinear_trend
    from safetystats.trend._irls import irls

    S, T = Y.shape
    X = np.column_stack([np.ones(T), np.arange(T, dtype=float)])
    off = np.log(W)
    t_kernel, fit = best_of(lambda: irls(Y, X, offset=off), repeat)
    t_api, table = best_of(lambda: loglinear_trend(df, value="deaths", exposure="workers", by="region",
                                                   family="poisson"), repeat)

    def one(i):
        return sm.GLM(Y[i], X, family=sm.families.Poisson(), offset=off[i]).fit()

    t_ref, refs, n_ref = timed_loop(one, list(range(S)), sample)
    b_ref = np.array([r.params[1] for r in refs])
    se_ref = np.array([r.bse[1] for r in refs])
    d_beta = np.max(np.abs(fit.beta[:n_ref, 1] - b_ref))
    d_se = np.max(np.abs(np.sqrt(fit.cov_unscaled[:n_ref, 1, 1]) - se_ref))
    d_api = np.max(np.abs(table["beta"].to_numpy()[:n_ref] - b_ref))
    scaled = f" (timed on {n_ref}, scaled)" if n_ref < S else ""
    print(f"log-linear Poisson trend, {S:,} series x {T} periods")
    print(f"  statsmodels GLM loop       {t_ref:8.3f} s{scaled}  ({1e3 * t_ref / S:.3f} ms/series)")
    print(f"  batched IRLS (arrays)      {t_kernel:8.3f} s   ratio {t_ref / t_kernel:7.1f}x")
    print(f"  loglinear_trend(df, by=)   {t_api:8.3f} s   ratio {t_ref / t_api:7.1f}x")
    print(f"  largest difference: slope {d_beta:.2e}, its SE {d_se:.2e}, table slope {d_api:.2e}")


def make_overdispersed(n_series: int, n_years: int, seed: int = 2024) -> tuple[pd.DataFrame, np.ndarray]:
    """Generated as the forecast benchmark's series: log-linear trends, NB overdispersion (size 5-50), level shifts."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_years)
    level = rng.uniform(np.log(3), np.log(400), n_series)
    slope = rng.normal(-0.03, 0.04, n_series)
    shift = np.where(rng.random(n_series) < 0.3, rng.normal(0, 0.25, n_series), 0.0)
    at = rng.integers(5, n_years, n_series)
    mu = np.exp(level[:, None] + slope[:, None] * t[None, :] + shift[:, None] * (t[None, :] >= at[:, None]))
    size = rng.uniform(5, 50, n_series)[:, None]
    Y = rng.negative_binomial(size, size / (size + mu)).astype(float)
    df = pd.DataFrame({
        "region": np.repeat(np.arange(n_series), n_years),
        "period": np.tile([str(2004 + k) for k in range(n_years)], n_series),
        "deaths": Y.ravel(),
    })
    return df, Y


def bench_loglinear_auto(n_series: int, n_years: int, *, nb_sample: int, repeat: int) -> None:
    import statsmodels.api as sm
    from scipy import stats

    from safetystats.trend import loglinear_trend
    from safetystats.trend._irls import irls, nb_fit

    df, Y = make_overdispersed(n_series, n_years)
    S, T = Y.shape
    X = np.column_stack([np.ones(T), np.arange(T, dtype=float)])

    def kernel():
        pois = irls(Y, X)
        over = stats.chi2.sf(pois.pearson, T - 2) < 0.05
        return pois, over, nb_fit(Y[over], X)

    t_kernel, (pois, over, nbf) = best_of(kernel, repeat)
    t_api, table = best_of(lambda: loglinear_trend(df, value="deaths", by="region", family="auto"), repeat)

    def ref_pois(i):
        return sm.GLM(Y[i], X, family=sm.families.Poisson()).fit()

    def ref_nb(i):
        ml = sm.NegativeBinomial(Y[i], X, loglike_method="nb2").fit(disp=0, method="newton", maxiter=200)
        alpha = ml.params[-1]
        if not (np.isfinite(alpha) and alpha > 0):  # statsmodels' Newton fails on some series: no GLM refit
            return alpha, ml.llf, None
        return alpha, ml.llf, sm.GLM(Y[i], X, family=sm.families.NegativeBinomial(alpha=alpha)).fit(tol=1e-13)

    t_pois, _, _ = timed_loop(ref_pois, list(range(S)), nb_sample)
    nb_idx = np.flatnonzero(over)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_nb, nb_refs, n_nb = timed_loop(ref_nb, list(nb_idx), nb_sample)
    a_ref = np.array([a for a, _, _ in nb_refs])
    ll_ref = np.array([ll for _, ll, _ in nb_refs])
    b_ref = np.array([r.params[1] if r is not None else np.nan for _, _, r in nb_refs])
    nan = ~(np.isfinite(a_ref) & (a_ref > 0))
    # statsmodels' Newton sometimes stops far from the maximum (alpha 1e5-1e8): compare where it found one
    # at least as high as ours (the same NB2 log-likelihood, log y! included)
    lower = ~nan & ~(ll_ref >= nbf.loglik[:n_nb] - 1e-6)
    ok = ~nan & ~lower
    d_alpha = np.max(np.abs(nbf.alpha[:n_nb][ok] / a_ref[ok] - 1))
    d_beta = np.max(np.abs(nbf.beta[:n_nb, 1][ok] - b_ref[ok]))
    t_ref = t_pois + t_nb
    print(f"log-linear trend, family='auto', {S:,} overdispersed series x {T} periods "
          f"({int(over.sum()):,} fitted by the negative binomial)")
    print(f"  statsmodels loop (GLM + NB2 ML)  {t_ref:8.3f} s (timed on {nb_sample or S} of each, scaled)")
    print(f"  batched kernels (arrays)         {t_kernel:8.3f} s   ratio {t_ref / t_kernel:7.1f}x")
    print(f"  loglinear_trend(df, by=)         {t_api:8.3f} s   ratio {t_ref / t_api:7.1f}x")
    print(f"  largest difference on the timed NB series: alpha (relative) {d_alpha:.1e}, slope {d_beta:.1e}; "
          f"of {n_nb}, statsmodels returned NaN on {int(nan.sum())} and stopped at a lower likelihood than ours "
          f"on {int(lower.sum())} (left out of the differences)")


def bench_mann_kendall(df: pd.DataFrame, Y: np.ndarray, *, sample: int, repeat: int) -> None:
    import pymannkendall as mk

    from safetystats.trend import mann_kendall

    S, T = Y.shape
    print(f"Mann-Kendall + Sen's slope, {S:,} series x {T} periods")
    for method, ref_fn in (("original", mk.original_test), ("hamed_rao", mk.hamed_rao_modification_test)):
        t_ours, table = best_of(lambda m=method: mann_kendall(Y, method=m, exact=False), repeat)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            t_ref, refs, n_ref = timed_loop(ref_fn, list(Y), sample)
        p_ref = np.array([r.p for r in refs])
        ok = np.isfinite(p_ref)
        d_p = np.max(np.abs(table["p_value"].to_numpy()[:n_ref][ok] - p_ref[ok]))
        d_slope = np.max(np.abs(table["slope"].to_numpy()[:n_ref] - np.array([r.slope for r in refs])))
        scaled = f" (timed on {n_ref}, scaled)" if n_ref < S else ""
        print(f"  pymannkendall loop ({method:9s}) {t_ref:8.3f} s{scaled}  ({1e3 * t_ref / S:.3f} ms/series)")
        print(f"  mann_kendall(X) ({method:9s})    {t_ours:8.3f} s   ratio {t_ref / t_ours:7.1f}x   "
              f"largest difference: p {d_p:.1e}, slope {d_slope:.1e}; NaN p in pymannkendall: {int((~ok).sum())}")
    t_api, _ = best_of(lambda: mann_kendall(df, value="deaths", by="region"), repeat)
    print(f"  mann_kendall(df, by=) from the long frame: {t_api:.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--series", type=int, default=10_000)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--ref-sample", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--nb-sample", type=int, default=500, help="series the statsmodels NB loop is timed on")
    args = ap.parse_args()
    df, Y, W = make_frame(args.series, args.years)
    # warm up imports and caches outside the clock
    from safetystats.trend import loglinear_trend, mann_kendall

    loglinear_trend(df.head(2 * args.years), by="region", exposure="workers", family="poisson")
    mann_kendall(Y[:2])
    bench_loglinear(df, Y, W, sample=args.ref_sample, repeat=args.repeat)
    bench_loglinear_auto(args.series, args.years, nb_sample=args.nb_sample, repeat=args.repeat)
    bench_mann_kendall(df, Y, sample=args.ref_sample, repeat=args.repeat)


if __name__ == "__main__":
    main()
