"""Year-over-year table: R's poisson.test values, statsmodels' exact conditional test, exact rounding."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats import rates as sm_rates

from safetystats.errors import InputError, InsufficientDataError, ParameterError
from safetystats.trend import yoy_table


def test_suzhou_2023_declines_are_within_chance():
    # 2022 -> 2023: 80 -> 71 accidents, 56 -> 50 deaths (the 2022 counts implied by the report's 11.3% and 10.7%)
    df = pd.DataFrame({"period": ["2022", "2023"], "accidents": [80, 71], "deaths": [56, 50]})
    acc = yoy_table(df, value="accidents").iloc[1]
    # R: poisson.test(c(71, 80)) -> rate ratio 0.8875, 95% CI 0.6355-1.2372, p-value = 0.5152
    assert acc["rate_ratio"] == pytest.approx(0.8875, abs=1e-12)
    assert acc["conf_low"] == pytest.approx(0.6355, abs=5e-5)
    assert acc["conf_high"] == pytest.approx(1.2372, abs=5e-5)
    assert acc["p_value"] == pytest.approx(0.5152, abs=5e-5)
    assert acc["verdict"] == "within chance" and not acc["significant"]
    # 100 * (71 - 80) / 80 = -11.25 exactly: half up gives -11.3 (Python's round() would give -11.2)
    assert acc["pct_change_rounded"] == -11.3 and acc["change"] == -9
    assert yoy_table(df, value="accidents", rounding="half_even").iloc[1]["pct_change_rounded"] == -11.2
    deaths = yoy_table(df, value="deaths").iloc[1]
    assert deaths["pct_change_rounded"] == -10.7
    assert deaths["p_value"] == pytest.approx(0.63, abs=0.005)


def test_p_values_match_statsmodels_exact_conditional(rng):
    y = rng.poisson(30, size=12)
    df = pd.DataFrame({"period": range(2012, 2024), "deaths": y})
    t = yoy_table(df)
    for i in range(1, 12):
        ref = sm_rates.test_poisson_2indep(int(y[i]), 1.0, int(y[i - 1]), 1.0, method="exact-cond")
        assert t.loc[i, "p_value"] == pytest.approx(ref.pvalue, rel=1e-9)


def test_rates_with_exposure_rounded_exactly():
    df = pd.DataFrame({"period": [2021, 2022, 2023], "deaths": [40, 44, 45],
                       "workers": [120_000.5, 118_000.25, 131_000.0]})
    t = yoy_table(df, exposure="workers", decimals=2)
    for i in (1, 2):
        c1, c0 = Fraction(int(df.deaths[i])), Fraction(int(df.deaths[i - 1]))
        e1, e0 = Fraction(str(df.workers[i])), Fraction(str(df.workers[i - 1]))
        exact = 100 * ((c1 / e1) / (c0 / e0) - 1)
        # half up to 2 decimals, by hand with Fractions
        scaled = abs(exact) * 100
        q = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
        assert t.loc[i, "pct_change_rounded"] == pytest.approx(float(q if exact >= 0 else -q) / 100, abs=1e-12)
        ref = sm_rates.test_poisson_2indep(int(c1), float(e1), int(c0), float(e0), method="exact-cond")
        assert t.loc[i, "p_value"] == pytest.approx(ref.pvalue, rel=1e-9)


def test_monthly_same_month_last_year_and_by():
    months = pd.period_range("2022-01", periods=24, freq="M").strftime("%Y-%m")
    rows = [{"region": r, "period": m, "deaths": 10 + (i % 5) + (3 if r == "b" else 0)}
            for r in ("a", "b") for i, m in enumerate(months)]
    df = pd.DataFrame(rows)
    t = yoy_table(df, by="region", against="last_year", p_adjust="holm")
    first_year = t["period"].str.startswith("2022")
    assert (t.loc[first_year, "verdict"] == "no base period").all()
    row = t[(t.region == "b") & (t.period == "2023-03")].iloc[0]
    assert row["base_period"] == "2022-03" and row["base_value"] == 10 + 2 + 3
    from statsmodels.stats.multitest import multipletests

    tested = t["p_value"].notna()
    np.testing.assert_allclose(t.loc[tested, "p_adjusted"], multipletests(t.loc[tested, "p_value"], method="holm")[1])


def test_gaps_are_never_bridged():
    df = pd.DataFrame({"period": [2019, 2020, 2022, 2023], "deaths": [9, 8, 7, 6]})
    with pytest.raises(InputError, match="2021"):
        yoy_table(df)
    t = yoy_table(df, gaps="allow")
    assert t.loc[2, "verdict"] == "no base period" and np.isnan(t.loc[2, "p_value"])


def test_zero_counts_and_short_input():
    t = yoy_table(pd.DataFrame({"period": [2021, 2022, 2023], "deaths": [0, 0, 3]}))
    assert t.loc[1, "verdict"] == "no events"
    assert np.isnan(t.loc[2, "pct_change"]) and "base count is 0" in t.loc[2, "note"]
    # the exact test still applies: P(all 3 events in one period) under no change = 2 * 0.5^3
    assert t.loc[2, "p_value"] == pytest.approx(0.25, abs=1e-12)
    with pytest.raises(InsufficientDataError, match="at least 2"):
        yoy_table(pd.DataFrame({"period": [2023], "deaths": [3]}))
    with pytest.raises(ParameterError, match="against"):
        yoy_table(pd.DataFrame({"period": [2022, 2023], "deaths": [3, 4]}), against="previous_month")


@settings(max_examples=80)
@given(st.lists(st.integers(min_value=0, max_value=5000), min_size=2, max_size=8), st.integers(0, 3),
       st.sampled_from(["half_up", "half_even", "down", "up"]))
def test_property_rounded_percentage_is_exact(counts, decimals, rule):
    from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal

    mode = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}[rule]
    df = pd.DataFrame({"period": range(2000, 2000 + len(counts)), "deaths": counts})
    t = yoy_table(df, decimals=decimals, rounding=rule)
    for i in range(1, len(counts)):
        if counts[i - 1] == 0:
            assert np.isnan(t.loc[i, "pct_change_rounded"])
            continue
        exact = Decimal(100 * (counts[i] - counts[i - 1])) / Decimal(counts[i - 1])
        want = exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)
        assert t.loc[i, "pct_change_rounded"] == float(want)
