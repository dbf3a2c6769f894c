"""Benchmark of the consistency-check engine (issue #3).

Checks 1,000,000 random claims with ``check_claims`` (every column, exact
p-values included) and inverts 1,000,000 reported changes with
``implied_base``; prints claims per second and the ratio against a plain
per-row Python implementation of the same logic, run on a subset in the same
process and extrapolated per claim:

* ``check_claims`` against ``tests/reference/claims_reference.check_row``
  (Decimal / Fraction, one claim at a time, scipy's binomtest for p-values);
  the verdicts, implied bases and p-values must be identical on the subset;
* ``implied_base`` against the closed form in a per-row Decimal loop.

Targets on one core: check_claims >= 1,000,000 claims/s, implied_base >=
5,000,000/s.  Run: ``python benchmarks/bench_checks.py [n]``.
"""

from __future__ import annotations

import math
import sys
import time
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))

from claims_reference import check_row  # noqa: E402

from safetystats.change import implied_base  # noqa: E402
from safetystats.checks import check_claims  # noqa: E402


def random_claims(n: int, seed: int = 20231231) -> pd.DataFrame:
    """A realistic mix: counts mostly right (some off by a digit or a sign), rates, shares, sums, levels, bad rows."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(np.array(["change", "share", "sum", "level"]), n, p=[0.85, 0.05, 0.06, 0.04])
    rate = (kind == "change") & (rng.random(n) < 0.06)
    vd = np.where(rate, rng.integers(1, 3, n), 0)
    base = np.where(rate, np.round(rng.uniform(0.1, 50, n), 1), np.rint(np.exp(rng.uniform(0, math.log(5000), n))))
    base = np.maximum(base, np.where(rate, 0.1, 1.0))
    cur = base * rng.uniform(0.6, 1.4, n)
    cur = np.where(rate, np.round(cur, 1), np.rint(cur))
    cur = np.where(kind == "share", np.minimum(cur, base), cur)
    d = rng.choice([0, 1, 2], n, p=[0.15, 0.75, 0.10])
    x = np.where(kind == "share", 100 * cur / base, 100 * (cur - base) / base)
    pct = np.floor(np.abs(x) * 10.0**d + 0.5) / 10.0**d          # what a half-up publisher prints
    off = rng.random(n)
    pct = np.where(off < 0.10, np.maximum(pct + rng.integers(-3, 4, n) / 10.0**d, 0), pct)  # slips
    pct = np.round(pct, 2)
    direction = np.where(x < 0, "decrease", "increase")
    direction = np.where(off > 0.97, np.where(x < 0, "increase", "decrease"), direction)
    pct = np.where((direction == "decrease") & (pct > 100), 100.0, pct)
    given = rng.random(n) < 0.5
    use_abs = ~given & ~rate & (rng.random(n) < 0.2)
    bad = rng.random(n) < 0.01
    value = np.where(bad, -1.0, cur)
    parts_a = np.rint(cur * 0.6)
    frame = pd.DataFrame({
        "claim_id": pd.array(np.char.add("c", np.arange(n).astype(str)), dtype="str"),
        "kind": pd.array(kind, dtype="str"),
        "value": np.where(kind == "sum", np.where(off < 0.1, cur + 1, cur), value),
        "value_decimals": vd,
        "base_value": np.where(given & (kind != "sum") | (kind == "share"), base, np.nan),
        "base_decimals": vd,
        "reported_pct": np.where((kind == "sum") | (kind == "level"), np.nan, pct),
        "pct_decimals": d,
        "direction": pd.array(np.where(kind == "change", direction, None), dtype="str"),
        "abs_change": np.where(use_abs & (kind == "change"), np.abs(cur - base), np.nan),
        "abs_change_decimals": 0,
    })
    sums = np.flatnonzero(kind == "sum")
    parts = pd.Series(pd.NA, index=frame.index, dtype="str")
    parts.iloc[sums] = (pd.Series(parts_a[sums].astype(np.int64)).astype("str") + "+"
                        + pd.Series((cur[sums] - parts_a[sums]).astype(np.int64)).astype("str")).to_numpy()
    frame["parts"] = parts
    return frame


def reference_rows(frame: pd.DataFrame, idx: np.ndarray) -> list[dict]:
    rows = frame.iloc[idx].to_dict("records")
    return [{k: (None if (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v) for k, v in r.items()}
            for r in rows]


def implied_row(c: int, p: Decimal, d: int, direction: str) -> tuple[float, float]:
    """The closed-form inversion for one claim (half_up), in Decimal arithmetic."""
    h = Decimal(1).scaleb(-d) / 2
    lo, hi = p - h, p + h                       # the magnitude lies in [lo, hi)
    with localcontext() as ctx:
        ctx.prec = 50
        if direction == "decrease":              # b in [c / (1 - lo/100), c / (1 - hi/100))
            b_min = (c / (1 - lo / 100)).to_integral_value(ROUND_CEILING)
            top = 1 - hi / 100
            b_max = math.inf if top <= 0 else int((c / top).to_integral_value(ROUND_CEILING)) - 1
        else:                                    # b in (c / (1 + hi/100), c / (1 + lo/100)]
            b_min = (c / (1 + hi / 100)).to_integral_value(ROUND_FLOOR) + 1
            b_max = int((c / (1 + lo / 100)).to_integral_value(ROUND_FLOOR))
    b_min = max(int(b_min), 1)
    return (math.nan, math.nan) if b_min > b_max else (float(b_min), float(b_max))


def best_of(k: int, run):
    """Best wall and best CPU time of ``k`` runs, and the last result."""
    walls, cpus = [], []
    for _ in range(k):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), result


def main(n: int = 1_000_000) -> None:
    frame = random_claims(n)
    check_claims(frame.iloc[:20000])  # warm up: imports, the binomial table
    t_vec, cpu_vec, table = best_of(3, lambda: check_claims(frame))
    rate_vec = n / t_vec
    print(f"check_claims: {n:,} claims in {t_vec:.2f} s wall (best of 3) = {rate_vec:,.0f} claims/s "
          f"[target >= 1,000,000/s: {'met' if rate_vec >= 1e6 else 'NOT met'}]; "
          f"CPU time {cpu_vec:.2f} s = {n / cpu_vec:,.0f} claims per CPU-second")
    print("  verdicts:", ", ".join(f"{k} {v:,}" for k, v in table["verdict"].value_counts().items() if v))
    print(f"  p-values computed: {table['p_value'].notna().sum():,}")
    small = frame.iloc[: n // 10]
    cpu_small = best_of(3, lambda: check_claims(small))[1]
    print(f"  on the first {len(small):,} claims: {len(small) / cpu_small:,.0f} claims per CPU-second (best of 3)")

    m = 3000
    idx = np.random.default_rng(1).choice(n, m, replace=False)
    rows = reference_rows(frame, idx)
    t0 = time.perf_counter()
    ref = [check_row(r) for r in rows]
    t_ref = (time.perf_counter() - t0) / m
    print(f"per-row reference (Decimal/Fraction, scipy binomtest): {1 / t_ref:,.0f} claims/s on {m:,} claims; "
          f"vectorised is {t_ref * rate_vec:,.0f}x faster")
    got = table.iloc[idx]
    same = sum(r["verdict"] == v for r, v in zip(ref, got["verdict"], strict=True))
    assert same == m, f"verdicts differ on {m - same} of {m} claims"
    for r, (_, g) in zip(ref, got.iterrows(), strict=True):
        for col in ("implied_base_min", "implied_base_max"):
            want = math.nan if r[col] is None else float(r[col])
            assert (math.isnan(want) and math.isnan(g[col])) or want == g[col], (r, g[col])
        if r["p_value"] is None:
            assert math.isnan(g["p_value"])
        else:
            assert abs(r["p_value"] - g["p_value"]) <= 1e-9 * max(r["p_value"], 1e-300) + 1e-300
    print(f"  identical verdicts, implied bases and p-values on the {m:,}-claim subset")

    # implied_base alone
    rng = np.random.default_rng(7)
    cur = np.rint(np.exp(rng.uniform(0, math.log(5000), n))).astype(np.int64)
    pct = np.round(rng.uniform(0.1, 60, n), 1)
    implied_base(cur[:1000], pct[:1000], decimals=1)
    t_inv, cpu_inv, inv = best_of(5, lambda: implied_base(cur, pct, decimals=1, direction="decrease"))
    rate_inv = n / t_inv
    print(f"implied_base: {n:,} inversions in {t_inv:.3f} s wall (best of 5) = {rate_inv:,.0f}/s "
          f"[target >= 5,000,000/s: {'met' if rate_inv >= 5e6 else 'NOT met'}]; "
          f"CPU time {cpu_inv:.3f} s = {n / cpu_inv:,.0f} per CPU-second")
    m = 20000
    sub = np.random.default_rng(2).choice(n, m, replace=False)
    texts = [Decimal(f"{p:.1f}") for p in pct[sub]]
    t0 = time.perf_counter()
    ref_inv = [implied_row(int(c), p, 1, "decrease") for c, p in zip(cur[sub], texts, strict=True)]
    t_row = (time.perf_counter() - t0) / m
    print(f"per-row Decimal closed form: {1 / t_row:,.0f}/s; vectorised is {t_row * rate_inv:,.0f}x faster")
    lo = inv["implied_base_min"].to_numpy()[sub]
    hi = inv["implied_base_max"].to_numpy()[sub]
    for (a, b), x, y in zip(ref_inv, lo, hi, strict=True):
        assert (math.isnan(a) and math.isnan(x)) or (a, b) == (x, y)
    print(f"  identical ranges on the {m:,}-claim subset")


if __name__ == "__main__":
    print(f"(machine load average at start: {', '.join(f'{x:.2f}' for x in __import__('os').getloadavg())}; "
          f"{__import__('os').cpu_count()} CPUs)")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
    print(f"(machine load average at the end: {', '.join(f'{x:.2f}' for x in __import__('os').getloadavg())})")
