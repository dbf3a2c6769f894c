"""Joinpoint regression: a published NCI example, recovery of known segments, and independent re-computation
of the grid search, BIC/WBIC, AAPC and the Kim et al. (2000) permutation procedure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from safetystats.errors import InsufficientDataError, ParameterError
from safetystats.trend import joinpoint
from safetystats.trend.segmented import default_max_joinpoints

# NCI State Cancer Profiles, Rhode Island, all cancer sites, ages < 65, incidence 2002-2019
# (rates per 100,000, age-adjusted).  Published trend: APC -0.7 (95% CI -0.9 to -0.4), no joinpoint.
RI_RATES = [270.4, 252.5, 263.3, 251.6, 261.4, 265.0, 263.1, 263.7, 244.8, 246.5, 256.2, 246.5, 253.0, 242.5,
            241.8, 235.4, 237.3, 239.4]


def _ri():
    return pd.DataFrame({"period": range(2002, 2020), "rate": RI_RATES})


def test_rhode_island_published_example():
    res = joinpoint(_ri(), value="rate", family="wls", ci="parametric")
    assert res.n_joinpoints == 0
    seg = res.segments.iloc[0]
    # unweighted log-linear fit: OLS of log rate on year (statsmodels), t interval on 16 df
    t = np.arange(18.0)
    ols = sm.OLS(np.log(RI_RATES), sm.add_constant(t)).fit()
    lo, hi = ols.conf_int()[1]
    assert seg["apc"] == pytest.approx(100 * math.expm1(ols.params[1]), rel=1e-10)
    assert seg["apc_low"] == pytest.approx(100 * math.expm1(lo), rel=1e-10)
    assert seg["apc_high"] == pytest.approx(100 * math.expm1(hi), rel=1e-10)
    # the published numbers, to the decimals published
    assert round(seg["apc"], 2) == -0.65
    assert (round(seg["apc_low"], 1), round(seg["apc_high"], 1)) == (-0.9, -0.4)
    # Joinpoint 5's default empirical-quantile interval gives the same to one decimal
    emp = joinpoint(_ri(), value="rate", family="wls")
    assert (round(emp.segments.iloc[0]["apc_low"], 1), round(emp.segments.iloc[0]["apc_high"], 1)) == (-0.9, -0.4)
    assert res.aapc.iloc[0]["aapc"] == pytest.approx(seg["apc"], rel=1e-12)


def _known(taus, slopes, n=24, level=2000.0, seed=7):
    """Expected counts from known segments (log-linear, continuous), Poisson noise."""
    t = np.arange(n, dtype=float)
    eta = math.log(level) + slopes[0] * t
    for tau, (a, b) in zip(taus, zip(slopes[:-1], slopes[1:], strict=True), strict=True):
        eta = eta + (b - a) * np.maximum(t - tau, 0.0)
    y = np.random.default_rng(seed).poisson(np.exp(eta))
    return pd.DataFrame({"period": [str(2000 + i) for i in range(n)], "deaths": y})


@pytest.mark.parametrize("family", ["poisson", "auto", "wls"])
def test_known_segments_are_recovered(family):
    slopes = [0.06, -0.08, 0.0]
    df = _known([8, 16], slopes)
    # The NCI least-squares mode estimates the residual variance freely and, on this Poisson series, its
    # WBIC prefers a spurious third joinpoint (2021); the count likelihood does not.  Cap it at two.
    kw = {"weights": "poisson", "max_joinpoints": 2} if family == "wls" else {}
    res = joinpoint(df, family=family, ci="parametric", **kw)
    assert res.joinpoints == ["2008", "2016"]
    true_apc = [100 * math.expm1(s) for s in slopes]
    np.testing.assert_allclose(res.segments["apc"], true_apc, atol=1.2)
    for (_, row), truth in zip(res.segments.iterrows(), true_apc, strict=True):
        assert row["apc_low"] < truth < row["apc_high"]


def test_selected_model_equals_statsmodels_glm_with_that_design():
    df = _known([8, 16], [0.06, -0.08, 0.0])
    res = joinpoint(df, family="poisson", ci="parametric")
    t = np.arange(24.0)
    X = np.column_stack([np.ones(24), t, np.maximum(t - 8, 0), np.maximum(t - 16, 0)])
    ref = sm.GLM(df["deaths"].to_numpy(), X, family=sm.families.Poisson()).fit(tol=1e-13)
    np.testing.assert_allclose(res.coefficients["estimate"], ref.params, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(res.coefficients["se"], ref.bse, rtol=1e-8)
    # segment slopes are cumulative sums of the slope changes; their SE from the covariance
    cov = ref.cov_params()
    L = np.array([[0, 1, 0, 0], [0, 1, 1, 0], [0, 1, 1, 1]], dtype=float)
    se = np.sqrt(np.diag(L @ cov @ L.T))
    z = 1.959963984540054
    np.testing.assert_allclose(res.segments["apc_low"], 100 * np.expm1(L @ ref.params - z * se), rtol=1e-7)
    np.testing.assert_allclose(res.segments["apc_high"], 100 * np.expm1(L @ ref.params + z * se), rtol=1e-7)


def test_grid_search_and_bic_match_brute_force_statsmodels():
    df = _known([9], [0.05, -0.05], n=16, level=300.0, seed=3)
    y = df["deaths"].to_numpy()
    n = y.size
    t = np.arange(float(n))
    res = joinpoint(df, family="poisson", max_joinpoints=1, selection="bic", ci="parametric")
    # brute force: every allowed location (2 observations to either end), fitted by statsmodels
    fits = {}
    for tau in range(2, n - 2):
        X = np.column_stack([np.ones(n), t, np.maximum(t - tau, 0)])
        fits[tau] = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13)
    tau_best = min(fits, key=lambda k: fits[k].deviance)
    assert res.models.loc[1, "joinpoints"] == str(2000 + tau_best)
    m0 = sm.GLM(y, sm.add_constant(t), family=sm.families.Poisson()).fit(tol=1e-13)
    # BIC(k) = (-2 log L + (2k + 2) ln n) / n; BIC3 uses 3k + 2
    assert res.models.loc[0, "bic"] == pytest.approx((-2 * m0.llf + 2 * math.log(n)) / n, rel=1e-9)
    assert res.models.loc[1, "bic"] == pytest.approx((-2 * fits[tau_best].llf + 4 * math.log(n)) / n, rel=1e-9)
    assert res.models.loc[1, "bic3"] == pytest.approx((-2 * fits[tau_best].llf + 5 * math.log(n)) / n, rel=1e-9)
    assert res.n_joinpoints == int(res.models["bic"].idxmin())


def test_wbic_partial_r2_by_hand_on_least_squares():
    # unweighted log-linear (NCI) fit: partial R2 of (t - tau)+ given a line, within the neighbouring segments
    df = _known([10], [0.04, -0.06], n=20, level=500.0, seed=11)
    res = joinpoint(df, family="wls", max_joinpoints=1, selection="wbic", ci="parametric")
    tau = int(res.models.loc[1, "joinpoints"]) - 2000
    ly = np.log(df["deaths"].to_numpy(dtype=float))
    t = np.arange(20.0)
    line = sm.add_constant(t)
    ry = sm.OLS(ly, line).fit().resid
    rz = sm.OLS(np.maximum(t - tau, 0), line).fit().resid
    r2 = np.corrcoef(ry, rz)[0, 1] ** 2  # one joinpoint: its neighbours are the two ends
    assert res.models.loc[1, "r2_max"] == pytest.approx(r2, rel=1e-9)
    X = np.column_stack([line, np.maximum(t - tau, 0)])
    sse = sm.OLS(ly, X).fit().ssr
    wbic = math.log(sse / 20) + ((2 + r2) * 1 + 2) * math.log(20) / 20
    assert res.models.loc[1, "wbic"] == pytest.approx(wbic, rel=1e-9)
    sse0 = sm.OLS(ly, line).fit().ssr
    assert res.models.loc[0, "wbic"] == pytest.approx(math.log(sse0 / 20) + 2 * math.log(20) / 20, rel=1e-9)


def test_aapc_is_length_weighted_mean_of_segment_slopes():
    df = _known([8, 16], [0.06, -0.08, 0.0])
    res = joinpoint(df, family="poisson", ci="parametric", aapc_ranges=[("2004", "2012")])
    b = np.log1p(res.segments["apc"].to_numpy() / 100)
    lengths = np.array([8, 8, 7])  # 2000-2008, 2008-2016, 2016-2023
    assert res.aapc.loc[0, "aapc"] == pytest.approx(100 * math.expm1((b * lengths).sum() / lengths.sum()), rel=1e-10)
    # 2004-2012: four years in segment 1, four in segment 2
    assert res.aapc.loc[1, "aapc"] == pytest.approx(100 * math.expm1((4 * b[0] + 4 * b[1]) / 8), rel=1e-10)


def test_permutation_selection_kim_2000():
    df = _known([8, 16], [0.06, -0.08, 0.0], seed=5)
    res = joinpoint(df, family="poisson", selection="permutation", n_permutations=49, max_joinpoints=2,
                    ci="parametric")
    tests = res.tests
    # sequential procedure: start at (0, K); each test at alpha / K
    assert (tests.loc[0, "k0"], tests.loc[0, "k1"]) == (0, 2)
    assert (tests["level"] == 0.05 / 2).all()
    assert tests.loc[0, "rejected"] and tests.loc[0, "p_value"] == 1 / 50  # no resample as extreme
    assert res.n_joinpoints == 2 and res.joinpoints == ["2008", "2016"]
    flat = _known([], [-0.03], n=14, level=400.0, seed=2)
    res0 = joinpoint(flat, family="poisson", selection="permutation", n_permutations=49, ci="parametric")
    assert res0.n_joinpoints == 0 and not res0.tests["rejected"].any()


def test_empirical_intervals_are_reproducible_and_cover_the_estimate():
    df = _known([10], [0.05, -0.05], n=20, level=200.0, seed=9)
    a = joinpoint(df, family="poisson", max_joinpoints=1, n_boot=200)
    b = joinpoint(df, family="poisson", max_joinpoints=1, n_boot=200)
    pd.testing.assert_frame_equal(a.segments, b.segments)
    assert (a.segments["apc_low"] <= a.segments["apc"]).all()
    assert (a.segments["apc"] <= a.segments["apc_high"]).all()
    assert "empirical" in a.ci_method


def test_exposure_offset_and_weights_options():
    rng = np.random.default_rng(4)
    n = 12
    workers = rng.uniform(1e5, 2e5, n)
    t = np.arange(float(n))
    y = rng.poisson(workers * 1e-4 * np.exp(-0.04 * t))
    df = pd.DataFrame({"period": range(2010, 2022), "deaths": y, "workers": workers, "se": y ** 0.5 / workers})
    res = joinpoint(df, exposure="workers", family="poisson", max_joinpoints=0, ci="parametric")
    ref = sm.GLM(y, sm.add_constant(t), family=sm.families.Poisson(), offset=np.log(workers)).fit(tol=1e-13)
    assert res.segments.loc[0, "apc"] == pytest.approx(100 * math.expm1(ref.params[1]), rel=1e-8)
    # NCI mode with standard errors of the rate: weights (rate / se)^2 = count
    w = joinpoint(df, value="deaths", exposure="workers", family="wls", weights="se", max_joinpoints=0,
                  ci="parametric")
    wls = sm.WLS(np.log(y / workers), sm.add_constant(t), weights=(y / workers / df["se"]) ** 2).fit()
    assert w.segments.loc[0, "apc"] == pytest.approx(100 * math.expm1(wls.params[1]), rel=1e-9)
    lo, hi = wls.conf_int()[1]
    assert w.segments.loc[0, "apc_low"] == pytest.approx(100 * math.expm1(lo), rel=1e-9)


def test_default_maximum_and_short_series():
    assert [default_max_joinpoints(n) for n in (6, 7, 11, 12, 16, 17, 21, 22, 26, 27)] == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    short = pd.DataFrame({"period": range(2018, 2024), "deaths": [5, 6, 7, 6, 5, 4]})
    with pytest.raises(InsufficientDataError, match="at least 7") as e:
        joinpoint(short)
    assert e.value.needed == 7
    with pytest.raises(InsufficientDataError, match="at least 5") as e:
        joinpoint(short.iloc[:4], max_joinpoints=1)  # 2 + 1 + 2 observations, and more than 2k + 2 = 4 parameters
    assert e.value.needed == 5
    assert joinpoint(short.iloc[:5], max_joinpoints=0, ci="parametric").n_joinpoints == 0
    with pytest.raises(ParameterError, match="selection"):
        joinpoint(_ri(), value="rate", family="wls", selection="aic")
    with pytest.raises(ParameterError, match="wls"):
        joinpoint(short, weights="poisson")
    long = pd.DataFrame({"period": range(1900, 2020), "deaths": np.arange(120) + 10})
    with pytest.raises(ParameterError, match="too many"):
        joinpoint(long, max_joinpoints=5, ci="parametric")
