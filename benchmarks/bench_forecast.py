"""Forecasting 10,000 annual series of 20 points: safetystats against statsforecast, same series, same run.

Prints, per model, the time to fit and forecast 3 years with 80/95% intervals, the speed ratio
(statsforecast time / ours), the mean MASE on a 3-year holdout (scaled by each series' in-sample naive
MAE, Hyndman & Koehler 2006), the 95% interval coverage on the holdout, and how many lower bounds are
negative.  statsforecast runs in its own virtual environment (.bench-venv, ``make bench-venv``)
through benchmarks/statsforecast_runner.py; without it only our side is printed.

Each of our models is first run once on two series outside the clock, so that the modules it imports
on first use (scipy.stats, the trend module, ...) are loaded before timing, as statsforecast's are
imported before its clock starts in the runner.  ``--models`` times only the models named (ours;
the statsforecast side always runs its three).

Targets (issue #6): naive and drift >= 20x faster than statsforecast's Naive / RandomWalkWithDrift;
ets_auto no slower than AutoETS; mean MASE no worse.

Usage: .venv/bin/python benchmarks/bench_forecast.py [--series 10000] [--length 20] [--models loglinear,...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safetystats.forecast import forecast  # noqa: E402

H = 3
MODELS = {"naive": "Naive", "drift": "RandomWalkWithDrift", "ets_auto": "AutoETS"}
#: our models without a statsforecast run of their own: speed ratio against statsforecast's Naive
EXTRA = ("mean", "loglinear", "theta", "damped")


def make_series(n: int, T: int, seed: int = 2024) -> np.ndarray:
    """Safety-like annual counts: log-linear trends, NB overdispersion, some level shifts."""
    rng = np.random.default_rng(seed)
    t = np.arange(T + H)
    level = rng.uniform(np.log(3), np.log(400), n)
    slope = rng.normal(-0.03, 0.04, n)
    shift = np.where(rng.random(n) < 0.3, rng.normal(0, 0.25, n), 0.0)
    at = rng.integers(5, T, n)
    mu = np.exp(level[:, None] + slope[:, None] * t[None, :] + shift[:, None] * (t[None, :] >= at[:, None]))
    size = rng.uniform(5, 50, n)[:, None]
    return rng.negative_binomial(size, size / (size + mu)).astype(float)


def mase(train: np.ndarray, actual: np.ndarray, fc: np.ndarray) -> np.ndarray:
    scale = np.mean(np.abs(np.diff(train, axis=1)), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.mean(np.abs(actual - fc), axis=1) / scale


def ours(train: np.ndarray, model: str) -> tuple[float, dict[str, np.ndarray]]:
    n, T = train.shape
    df = pd.DataFrame({
        "series": np.repeat(np.arange(n), T),
        "period": np.tile([str(2000 + i) for i in range(T)], n),
        "deaths": train.ravel(),
    })
    forecast(df[df["series"] < 2], value="deaths", by="series", horizon=H, model=model, level=(80, 95))  # warm-up
    t0 = time.perf_counter()
    fc = forecast(df, value="deaths", by="series", horizon=H, model=model, level=(80, 95))
    elapsed = time.perf_counter() - t0
    fc = fc.sort_values(["series", "step"])
    return elapsed, {c: fc[c].to_numpy(float).reshape(n, H) for c in ("mean", "lo_80", "hi_80", "lo_95", "hi_95")}


def theirs(train: np.ndarray) -> tuple[dict[str, float], dict[str, dict[str, np.ndarray]]] | None:
    py = ROOT / ".bench-venv" / "bin" / "python"
    if not py.exists():
        print("(statsforecast side skipped: no .bench-venv; run `make bench-venv`)")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "series.npy"
        np.save(path, train)
        subprocess.run([str(py), str(ROOT / "benchmarks" / "statsforecast_runner.py"), str(path), str(H), tmp],
                       check=True)
        timings = json.loads((Path(tmp) / "timings.json").read_text())
        out = {m: dict(np.load(Path(tmp) / f"{m}.npz")) for m in MODELS}
    return timings, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", type=int, default=10_000)
    ap.add_argument("--length", type=int, default=20)
    ap.add_argument("--models", default=",".join((*MODELS, *EXTRA)),
                    help="comma-separated models of ours to time (default: all)")
    ap.add_argument("--skip-statsforecast", action="store_true",
                    help="time our side only (no ratios); the default runs statsforecast when .bench-venv exists")
    args = ap.parse_args()
    chosen = [m for m in args.models.split(",") if m]
    Y = make_series(args.series, args.length)
    train, actual = Y[:, : args.length], Y[:, args.length :]
    print(f"bench_forecast: {args.series} annual series x {args.length} points, horizon {H}, levels 80/95")
    results = {m: ours(train, m) for m in chosen}
    sf = None if args.skip_statsforecast else theirs(train)
    head = f"{'model':10s} {'ours s':>8s} {'sf s':>8s} {'ratio':>7s} {'MASE ours':>10s} {'MASE sf':>8s} " \
           f"{'cov95 ours':>10s} {'cov95 sf':>9s} {'neg lo ours':>11s} {'neg lo sf':>9s}"
    print(head)
    for m, (t_ours, f_ours) in results.items():
        mo = np.nanmean(mase(train, actual, f_ours["mean"]))
        co = np.mean((actual >= f_ours["lo_95"]) & (actual <= f_ours["hi_95"]))
        neg_o = int(np.sum(f_ours["lo_95"] < 0))
        if sf is None:
            print(f"{m:10s} {t_ours:8.2f} {'-':>8s} {'-':>7s} {mo:10.4f} {'-':>8s} {co:10.3f} {'-':>9s} {neg_o:11d}")
            continue
        if m not in MODELS:
            r = sf[0]["naive"] / t_ours
            print(f"{m:10s} {t_ours:8.2f} {'-':>8s} {r:6.1f}x {mo:10.4f} {'-':>8s} {co:10.3f} {'-':>9s} {neg_o:11d}"
                  "   (ratio against statsforecast's Naive)")
            continue
        t_sf, f_sf = sf[0][m], sf[1][m]
        ms = np.nanmean(mase(train, actual, f_sf["mean"]))
        cs = np.mean((actual >= f_sf["lo_95"]) & (actual <= f_sf["hi_95"]))
        neg_s = int(np.sum(f_sf["lo_95"] < 0))
        print(f"{m:10s} {t_ours:8.2f} {t_sf:8.2f} {t_sf / t_ours:6.1f}x {mo:10.4f} {ms:8.4f} {co:10.3f} {cs:9.3f} "
              f"{neg_o:11d} {neg_s:9d}")
    print(f"(statsforecast models: {', '.join(MODELS.values())}; ratio = statsforecast time / ours; "
          "both single-process, fit + 3-step forecast with 80/95% intervals)")


if __name__ == "__main__":
    main()
