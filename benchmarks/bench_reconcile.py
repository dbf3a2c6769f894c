"""Benchmark: claims checked against raw data with vintages, all at once vs one claim at a time.

``check_against`` matches every claim to the data and checks every (current, base) pair of versions in
one vectorised call of ``check_claims``.  The reference is the obvious per-claim loop: the same function
called once per claim with that claim's rows of the data (what a user would write around a one-claim
checker), timed on a subset in the same run and extrapolated per claim.  Both must give identical
verdicts, base values and versions on the subset.

Run: ``python benchmarks/bench_reconcile.py [--claims 20000] [--loop 60]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from safetystats.reconcile import check_against, data_facts


def make(n: int, seed: int = 20231231) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n regions, each with a first-published and a revised 2022 count and a 2023 count; one claim each."""
    rng = np.random.default_rng(seed)
    regions = np.array([f"r{i:05d}" for i in range(n)])
    revised = rng.integers(50, 5000, n)
    first = revised + rng.integers(-3, 4, n)
    current = rng.integers(40, 5000, n)
    data = pd.DataFrame({
        "region": np.repeat(regions, 3), "period": np.tile(["2022", "2022", "2023"], n),
        "deaths": np.column_stack([first, revised, current]).ravel(),
        "vintage": np.tile(["first", "revised", "first"], n)})
    # a third of the claims use the first-published base, a tenth are misprinted by 0.4 points
    use_first = rng.random(n) < 1 / 3
    base = np.where(use_first, first, revised)
    pct = np.round(100 * (current - base) / base, 1) + np.where(rng.random(n) < 0.1, 0.4, 0.0)
    claims = pd.DataFrame({
        "claim_id": [f"c{i}" for i in range(n)], "kind": "change", "metric": "死亡", "metric_key": "deaths",
        "region": regions, "period": "2023", "value": current.astype(float), "reported_pct": np.abs(pct),
        "pct_decimals": 1, "direction": np.where(pct < 0, "decrease", "increase")})
    return claims, data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=20000)
    ap.add_argument("--loop", type=int, default=60, help="claims checked one by one (the reference)")
    args = ap.parse_args()
    claims, data = make(args.claims)
    cols = ["verdict", "base_value", "base_vintage"]

    t0 = time.perf_counter()
    facts = data_facts(data)
    t_facts = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = check_against(claims, facts)
    t_all = time.perf_counter() - t0

    sub = claims.iloc[: args.loop]
    t0 = time.perf_counter()
    rows = []
    for _, c in sub.iterrows():
        mine = data[data["region"] == c["region"]]
        rows.append(check_against(c.to_frame().T.reset_index(drop=True), mine).iloc[0])
    t_loop = time.perf_counter() - t0
    loop = pd.DataFrame(rows).reset_index(drop=True)
    same = table.iloc[: args.loop][cols].reset_index(drop=True).astype(str).equals(loop[cols].astype(str))
    per_loop = t_loop / len(sub)
    per_all = t_all / len(claims)
    print(f"claims: {len(claims):,}; data rows: {len(data):,} (2 versions of every base)")
    print(f"validate and index the data once (data_facts): {t_facts:.2f} s")
    print(f"check_against, all claims in one call: {t_all:.2f} s = {len(claims) / t_all:,.0f} claims/s")
    print(f"per-claim loop over check_against (reference, {len(sub)} claims): {per_loop * 1e3:.1f} ms/claim "
          f"= {1 / per_loop:,.0f} claims/s")
    print(f"ratio (loop time per claim / vectorised time per claim): {per_loop / per_all:,.0f}x")
    print(f"verdicts: {table['verdict'].value_counts().to_dict()}")
    print(f"identical verdicts, bases and versions on the subset: {same}")
    if not same:
        print("MISMATCH between the vectorised call and the loop")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
