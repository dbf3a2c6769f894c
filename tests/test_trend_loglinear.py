"""Log-linear trend against statsmodels' GLM (Poisson, negative binomial, quasi-Poisson) and hand checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from safetystats.errors import InputError, InsufficientDataError, ParameterError
from safetystats.trend import loglinear_trend

TOL = 1e-8


def _frame(y, start=2005, **extra):
    return pd.DataFrame({"period": [str(start + i) for i in range(len(y))], "deaths": y, **extra})


def _check_against(res, ref, *, level=0.95):
    np.testing.assert_allclose(res.coefficients["estimate"], ref.params, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(res.coefficients["se"], ref.bse, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(res.coefficients["p_value"], ref.pvalues, rtol=1e-6, atol=1e-10)
    ci = np.asarray(ref.conf_int(alpha=1 - level))
    np.testing.assert_allclose(res.coefficients["ci_low"], ci[:, 0], rtol=TOL, atol=TOL)
    np.testing.assert_allclose(res.coefficients["ci_high"], ci[:, 1], rtol=TOL, atol=TOL)
    np.testing.assert_allclose(res.fitted["fitted"], ref.fittedvalues, rtol=TOL)
    b, lo, hi = ref.params[1], ci[1, 0], ci[1, 1]
    # APC is in percent: 1e-8 on the proportion scale is 1e-6 percentage points
    assert res.apc == pytest.approx(100 * np.expm1(b), abs=100 * TOL)
    assert res.apc_low == pytest.approx(100 * np.expm1(lo), abs=100 * TOL)
    assert res.apc_high == pytest.approx(100 * np.expm1(hi), abs=100 * TOL)
    assert res.p_value == pytest.approx(ref.pvalues[1], rel=1e-6, abs=1e-10)


def test_poisson_with_exposure_and_break_matches_statsmodels(rng):
    n = 16
    t = np.arange(n)
    workers = rng.uniform(2e5, 4e5, n)
    shift = (t >= 8).astype(float)
    y = rng.poisson(workers * 1e-4 * np.exp(-0.05 * t + 0.3 * shift))
    df = _frame(y, workers=workers)
    res = loglinear_trend(df, value="deaths", exposure="workers", family="poisson", breaks=[2013], per=1e5)
    X = np.column_stack([np.ones(n), t, shift])
    ref = sm.GLM(y, X, family=sm.families.Poisson(), offset=np.log(workers)).fit(tol=1e-13)
    _check_against(res, ref)
    assert res.dispersion == pytest.approx(ref.pearson_chi2 / ref.df_resid, rel=TOL)
    assert res.to_frame()["deviance"].iloc[0] == pytest.approx(ref.deviance, rel=TOL)
    shift_row = res.level_shifts.iloc[0]
    assert shift_row["period"] == "2013"
    assert shift_row["pct_change"] == pytest.approx(100 * np.expm1(ref.params[2]), rel=TOL)
    np.testing.assert_allclose(res.fitted["fitted_rate"], ref.fittedvalues / workers * 1e5, rtol=TOL)
    np.testing.assert_allclose(res.fitted["rate"], y / workers * 1e5, rtol=1e-14)


def test_negative_binomial_matches_statsmodels(rng):
    n = 25
    t = np.arange(n)
    mu = 40 * np.exp(-0.04 * t)
    y = rng.negative_binomial(n=5, p=5 / (5 + mu))  # alpha = 0.2
    res = loglinear_trend(_frame(y), family="negbin")
    X = np.column_stack([np.ones(n), t])
    # dispersion: joint maximum likelihood, as statsmodels' discrete NegativeBinomial (NB2)
    ml = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(disp=0, method="newton", maxiter=200, tol=1e-12)
    assert res.nb_alpha == pytest.approx(ml.params[-1], rel=1e-5)
    np.testing.assert_allclose(res.coefficients["estimate"], ml.params[:2], rtol=1e-6, atol=1e-7)
    # coefficients and Wald intervals: the GLM at that dispersion, to 1e-8
    ref = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=res.nb_alpha)).fit(tol=1e-13)
    _check_against(res, ref)
    assert res.family == "negbin"


def test_quasi_poisson_matches_statsmodels_x2_scale(rng):
    n = 14
    t = np.arange(n)
    y = rng.negative_binomial(n=3, p=3 / (3 + 30 * np.exp(0.03 * t)))
    res = loglinear_trend(_frame(y), family="quasipoisson")
    X = np.column_stack([np.ones(n), t])
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(scale="X2", use_t=True, tol=1e-13)
    _check_against(res, ref)
    assert res.dispersion == pytest.approx(ref.scale, rel=TOL)


def test_auto_family_says_which_and_why(rng):
    t = np.arange(20)
    calm = rng.poisson(50 * np.exp(-0.03 * t))
    res = loglinear_trend(_frame(calm))
    ref = sm.GLM(calm, sm.add_constant(t.astype(float)), family=sm.families.Poisson()).fit(tol=1e-13)
    p_disp = stats.chi2.sf(ref.pearson_chi2, ref.df_resid)
    assert res.overdispersion_p == pytest.approx(p_disp, rel=1e-8)
    if p_disp >= 0.05:
        assert res.family == "poisson" and "no overdispersion" in res.why
    wild = rng.negative_binomial(n=2, p=2 / (2 + 50 * np.exp(-0.03 * t)))
    res2 = loglinear_trend(_frame(wild))
    assert res2.overdispersion_p < 0.05
    assert res2.family == "negbin" and "overdispersed" in res2.why and "alpha" in res2.why


def test_monthly_slope_is_annualised(rng):
    periods = pd.period_range("2020-01", periods=36, freq="M").strftime("%Y-%m")
    t = np.arange(36)
    y = rng.poisson(30 * np.exp(-0.01 * t))
    res = loglinear_trend(pd.DataFrame({"period": periods, "deaths": y}), family="poisson")
    ref = sm.GLM(y, sm.add_constant(t.astype(float)), family=sm.families.Poisson()).fit(tol=1e-13)
    assert res.apc == pytest.approx(100 * np.expm1(12 * ref.params[1]), rel=TOL)
    assert res.period_kind == "month"


def test_many_series_equal_single_series_and_p_adjust(rng):
    from statsmodels.stats.multitest import multipletests

    rows = []
    for i, region in enumerate(["甲", "乙", "丙", "丁", "戊"]):
        lam = 20 * np.exp((-0.05 + 0.02 * i) * np.arange(12))
        ys = rng.negative_binomial(2, 2 / (2 + lam)) if i % 2 else rng.poisson(lam)
        rows += [{"region": region, "period": 2012 + k, "deaths": int(v)} for k, v in enumerate(ys)]
    df = pd.DataFrame(rows).sample(frac=1, random_state=3)
    before = df.copy()
    table = loglinear_trend(df, by="region", p_adjust="fdr_bh")
    pd.testing.assert_frame_equal(df, before)
    assert sorted(table["region"]) == sorted(["甲", "乙", "丙", "丁", "戊"])
    np.testing.assert_allclose(table["p_adjusted"], multipletests(table["p_value"], method="fdr_bh")[1], rtol=1e-12)
    np.testing.assert_allclose(
        loglinear_trend(df, by="region", p_adjust="bonferroni")["p_adjusted"],
        multipletests(table["p_value"], method="bonferroni")[1], rtol=1e-12,
    )
    for _, row in table.iterrows():
        one = loglinear_trend(df[df.region == row["region"]].drop(columns="region"))
        assert one.family == row["family"]
        for col in ("apc", "apc_low", "apc_high", "p_value", "dispersion", "beta", "se"):
            assert one.to_frame()[col].iloc[0] == pytest.approx(row[col], rel=1e-9, abs=1e-12), col


def test_unsorted_periods_are_sorted():
    y = [30, 28, 31, 25, 24, 22, 20]
    df = _frame(y)
    shuffled = df.iloc[[3, 0, 6, 1, 5, 2, 4]]
    a = loglinear_trend(df, family="poisson")
    b = loglinear_trend(shuffled, family="poisson")
    assert a.apc == b.apc and list(b.fitted["period"]) == list(df["period"])


def test_gaps_error_or_real_time_axis():
    df = _frame([30, 28, 31, 25, 24, 22, 20]).drop(index=3)
    with pytest.raises(InputError, match="2008") as e:
        loglinear_trend(df)
    assert "gaps='allow'" in str(e.value)
    res = loglinear_trend(df, family="poisson", gaps="allow")
    t = np.array([0, 1, 2, 4, 5, 6], dtype=float)
    ref = sm.GLM(df["deaths"].to_numpy(), sm.add_constant(t), family=sm.families.Poisson()).fit(tol=1e-13)
    assert res.beta == pytest.approx(ref.params[1], rel=TOL)


def test_minimum_periods_and_bad_input():
    with pytest.raises(InsufficientDataError, match="at least 3") as e:
        loglinear_trend(_frame([5, 4]))
    assert e.value.needed == 3 and e.value.got == 2
    with pytest.raises(InsufficientDataError, match="at least 4"):
        loglinear_trend(_frame([5, 4, 3]), family="negbin")
    with pytest.raises(InsufficientDataError, match="at least 4"):
        loglinear_trend(_frame([5, 4, 3]), breaks=[2006])
    with pytest.raises(InputError, match="zero"):
        loglinear_trend(_frame([0, 0, 0, 0, 0]))
    with pytest.raises(InputError, match="infinite"):
        loglinear_trend(_frame([5, 0, 0, 0, 0]))
    with pytest.raises(InputError, match="negative"):
        loglinear_trend(_frame([5, -1, 3, 4]))
    with pytest.raises(InputError, match="whole number"):
        loglinear_trend(_frame([5.5, 1, 3, 4]))
    with pytest.raises(InputError, match="positive") as e:
        loglinear_trend(_frame([5, 1, 3, 4], workers=[1.0, -2.0, 3.0, 4.0]), exposure="workers")
    assert e.value.column == "workers"
    with pytest.raises(InputError, match="by="):
        loglinear_trend(pd.concat([_frame([1, 2, 3]), _frame([1, 2, 3])]))
    with pytest.raises(ParameterError, match="family"):
        loglinear_trend(_frame([5, 1, 3, 4]), family="gaussian")
    with pytest.raises(ParameterError, match="'fatalities'"):
        loglinear_trend(_frame([5, 1, 3, 4]), value="fatalities")


def test_many_series_flag_unfittable_series_without_failing():
    df = pd.DataFrame({
        "region": ["a"] * 6 + ["b"] * 6 + ["c"] * 2,
        "period": list(range(2018, 2024)) * 2 + [2022, 2023],
        "deaths": [9, 8, 8, 7, 5, 6] + [0] * 6 + [3, 4],
    })
    table = loglinear_trend(df, by="region").set_index("region")
    assert np.isfinite(table.loc["a", "apc"])
    assert np.isnan(table.loc["b", "apc"]) and "zero" in table.loc["b", "note"]
    assert np.isnan(table.loc["c", "apc"]) and "at least 3" in table.loc["c", "note"]


def test_suzhou_like_series_repr_html():
    res = loglinear_trend(_frame([96, 90, 85, 83, 76, 71, 69, 62, 56, 50]))
    html = res._repr_html_()
    assert "APC" in html and "poisson" in html


@settings(max_examples=25)
@given(
    st.lists(st.integers(min_value=1, max_value=200), min_size=5, max_size=15),
    st.floats(min_value=0.01, max_value=1e6),
    st.integers(min_value=2, max_value=5),
)
def test_property_scale_invariance(counts, c, k):
    df = _frame(counts, exposure=np.full(len(counts), 3.0))
    base = loglinear_trend(df, family="poisson", exposure="exposure")
    scaled_exposure = loglinear_trend(df.assign(exposure=3.0 * c), family="poisson", exposure="exposure")
    assert scaled_exposure.apc == pytest.approx(base.apc, rel=1e-7, abs=1e-9)
    more = loglinear_trend(df.assign(deaths=[k * v for v in counts]), family="poisson", exposure="exposure")
    assert more.beta == pytest.approx(base.beta, rel=1e-7, abs=1e-10)
    assert more.se == pytest.approx(base.se / np.sqrt(k), rel=1e-7)
    rev = loglinear_trend(df.assign(deaths=counts[::-1]), family="poisson", exposure="exposure")
    assert rev.beta == pytest.approx(-base.beta, rel=1e-7, abs=1e-10)
