"""Run statsforecast on the benchmark series; executed by bench_forecast.py inside .bench-venv.

statsforecast 2.1.1 pins pandas < 3, so it cannot share safetystats' environment: this script runs in
its own virtual environment (``make bench-venv``) and talks to the benchmark through files.

Usage:  .bench-venv/bin/python benchmarks/statsforecast_runner.py SERIES.npy HORIZON OUT_DIR
Writes OUT_DIR/<model>.npz (mean, lo_80, hi_80, lo_95, hi_95 as series x horizon) and OUT_DIR/timings.json.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd


def main() -> None:
    series_path, horizon, out_dir = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, Naive, RandomWalkWithDrift

    Y = np.load(series_path)
    n, T = Y.shape
    df = pd.DataFrame({
        "unique_id": np.repeat(np.arange(n), T),
        "ds": np.tile(np.arange(1, T + 1), n),
        "y": Y.ravel(),
    })
    timings = {}
    for name, model in [("naive", Naive()), ("drift", RandomWalkWithDrift()), ("ets_auto", AutoETS(season_length=1))]:
        sf = StatsForecast(models=[model], freq=1, n_jobs=1)
        t0 = time.perf_counter()
        fc = sf.forecast(df=df, h=horizon, level=[80, 95])
        timings[name] = time.perf_counter() - t0
        fc = fc.sort_values(["unique_id", "ds"])
        col = [c for c in fc.columns if c not in ("unique_id", "ds") and "-lo-" not in c and "-hi-" not in c][0]
        arrays = {"mean": fc[col].to_numpy().reshape(n, horizon)}
        for lev in (80, 95):
            arrays[f"lo_{lev}"] = fc[f"{col}-lo-{lev}"].to_numpy().reshape(n, horizon)
            arrays[f"hi_{lev}"] = fc[f"{col}-hi-{lev}"].to_numpy().reshape(n, horizon)
        np.savez(out_dir / f"{name}.npz", **arrays)
    (out_dir / "timings.json").write_text(json.dumps(timings))


if __name__ == "__main__":
    main()
