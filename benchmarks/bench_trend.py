"""Benchmark: trends of 10,000 series in one vectorised call vs looping the reference implementations.

* log-linear Poisson trend: ``loglinear_trend(df, by="region", family="poisson")``
  (one batched IRLS over all series) against ``statsmodels`` ``GLM(...).fit()``
  called once per series;
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
    args = ap.parse_args()
    df, Y, W = make_frame(args.series, args.years)
    # warm up imports and caches outside the clock
    from safetystats.trend import loglinear_trend, mann_kendall

    loglinear_trend(df.head(2 * args.years), by="region", exposure="workers", family="poisson")
    mann_kendall(Y[:2])
    bench_loglinear(df, Y, W, sample=args.ref_sample, repeat=args.repeat)
    bench_mann_kendall(df, Y, sample=args.ref_sample, repeat=args.repeat)


if __name__ == "__main__":
    main()
