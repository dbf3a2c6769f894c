"""Benchmark: every site's control chart in one vectorised call vs a per-site loop.

A province watching every county's monthly accident counts charts thousands of
short series.  ``c_chart(df, by="region")`` (and the u, Laney u′ and g charts)
computes all of them in one pass of numpy over the long frame; the reference is
the same function called once per site on that site's rows (the frame is split
before the clock starts, so only the charting is timed).  Both runs are checked
to give identical frames, then the ratio loop / vectorised is printed.

Usage::

    .venv/bin/python benchmarks/bench_control.py [--sites 1000] [--periods 60] [--repeat 3] [--loop-repeat 1]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from safetystats.control import c_chart, g_chart, laney_u_chart, u_chart


def make_frame(n_sites: int, n_periods: int, seed: int = 20231231) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    periods = [str(p) for p in pd.period_range("2019-01", periods=n_periods, freq="M")]
    lam = rng.uniform(1, 40, size=n_sites)
    workers = rng.uniform(5e4, 5e6, size=n_sites)
    return pd.DataFrame({
        "region": np.repeat([f"county-{i:05d}" for i in range(n_sites)], n_periods),
        "period": np.tile(periods, n_sites),
        "accidents": rng.poisson(np.repeat(lam, n_periods)),
        "workers": np.repeat(workers, n_periods) * rng.uniform(0.9, 1.1, size=n_sites * n_periods),
    })


def make_gaps(n_sites: int, n_gaps: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    mean = np.repeat(rng.uniform(5, 400, size=n_sites), n_gaps)
    return pd.DataFrame({
        "region": np.repeat([f"county-{i:05d}" for i in range(n_sites)], n_gaps),
        "gap": rng.geometric(1 / (mean + 1)) - 1,
    })


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--periods", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs of the one-call version")
    ap.add_argument("--loop-repeat", type=int, default=1, help="best of this many runs of the per-site loop")
    args = ap.parse_args()

    df = make_frame(args.sites, args.periods)
    gaps = make_gaps(args.sites, args.periods)
    charts = {
        "c_chart": (df, lambda d, **k: c_chart(d, value="accidents", baseline=36, **k)),
        "u_chart (exact)": (df, lambda d, **k: u_chart(d, value="accidents", exposure="workers", per=1e5,
                                                        limits="exact", baseline=36, **k)),
        "laney_u_chart": (df, lambda d, **k: laney_u_chart(d, value="accidents", exposure="workers", per=1e5,
                                                           baseline=36, **k)),
        "g_chart": (gaps, lambda d, **k: g_chart(d, value="gap", baseline=36, **k)),
    }
    print(f"{args.sites} sites x {args.periods} points = {args.sites * args.periods:,} rows; "
          f"best of {args.repeat} (one call) and {args.loop_repeat} (loop)")
    print(f"{'chart':<18}{'one call (s)':>14}{'per-site loop (s)':>20}{'ratio':>10}")
    for name, (frame, call) in charts.items():
        parts = [part.reset_index(drop=True) for _, part in frame.groupby("region", sort=True)]
        t_vec, together = best_of(lambda frame=frame, call=call: call(frame, by="region"), args.repeat)
        t_loop, alone = best_of(lambda parts=parts, call=call: [call(p) for p in parts], args.loop_repeat)
        check = pd.concat(alone, ignore_index=True)
        pd.testing.assert_frame_equal(together.drop(columns="region"), check)
        print(f"{name:<18}{t_vec:>14.3f}{t_loop:>20.3f}{t_loop / t_vec:>9.0f}x")


if __name__ == "__main__":
    main()
