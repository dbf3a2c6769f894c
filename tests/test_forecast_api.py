"""forecast() / backtest() / forecast_summary(): inputs, many series, auto choice, metrics by hand, references."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from safetystats.errors import DataWarning, InputError, InsufficientDataError, ParameterError
from safetystats.forecast import LogLinear, backtest, forecast, forecast_summary
from safetystats.forecast import _kernels as K

YEARS = [str(y) for y in range(2012, 2024)]
DEATHS = [90, 84, 85, 80, 77, 72, 70, 66, 68, 61, 60, 56]


def frame(values=DEATHS, periods=YEARS, **extra) -> pd.DataFrame:
    return pd.DataFrame({"period": periods, "deaths": values, **extra})


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("h", [0, -1, 1.5, True, "3"])
def test_bad_horizon(h):
    with pytest.raises(ParameterError, match="horizon"):
        forecast(frame(), value="deaths", horizon=h, model="naive")


def test_one_point_series_on_the_bundled_suzhou_data():
    from safetystats.datasets import load_suzhou_2023

    acc = load_suzhou_2023().accidents
    with pytest.raises(InsufficientDataError, match="needs at least 2 periods, got 1"):
        forecast(acc, value="accidents", model="naive")
    with pytest.raises(InsufficientDataError):
        forecast(acc, value="accidents")


def test_nan_inside_the_series_names_row_and_period():
    df = frame(values=[90, 84, np.nan, 80, 77, 72, 70, 66, 68, 61, 60, 56])
    with pytest.raises(InputError, match=r"row 2, column 'deaths'.*missing for period 2014"):
        forecast(df, value="deaths", model="naive")


def test_non_numeric_value_named():
    df = frame(values=[90, 84, "n/a", 80, 77, 72, 70, 66, 68, 61, 60, 56])
    with pytest.raises(InputError, match=r"column 'deaths'.*'n/a' is not a number"):
        forecast(df, value="deaths", model="naive")


def test_unknown_model_lists_valid_ones():
    with pytest.raises(ParameterError, match="valid models: auto, naive, seasonal_naive, mean, drift, loglinear"):
        forecast(frame(), value="deaths", model="arima")
    with pytest.raises(ParameterError, match="does not exist"):
        backtest(frame(), value="deaths", models=["naive", "prophet"])


@pytest.mark.parametrize("level", [0, 100, 120, "95", (80, 80), ()])
def test_bad_level(level):
    with pytest.raises(ParameterError, match="level"):
        forecast(frame(), value="deaths", model="naive", level=level)


def test_missing_column_and_bad_interval():
    with pytest.raises(ParameterError, match="value='fatalities' is not a column"):
        forecast(frame(), value="fatalities")
    with pytest.raises(ParameterError, match="interval"):
        forecast(frame(), value="deaths", model="naive", interval="bootstrap")


def test_gap_and_duplicate_periods():
    df = frame().drop(index=4)
    with pytest.raises(InputError, match="period 2016 is missing"):
        forecast(df, value="deaths", model="naive")
    two = pd.concat([frame().assign(region="A"), frame().assign(region="B")], ignore_index=True)
    with pytest.raises(InputError, match="appears more than once.*by="):
        forecast(two, value="deaths", model="naive")


def test_loglinear_refuses_non_counts():
    with pytest.raises(InputError, match="loglinear needs counts"):
        forecast(frame(values=np.array(DEATHS) / 7.0), value="deaths", model="loglinear")


# ---------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------
def test_caller_frame_not_mutated_and_order_does_not_matter():
    df = frame()
    before = df.copy()
    a = forecast(df, value="deaths", model="drift")
    pd.testing.assert_frame_equal(df, before)
    b = forecast(df.iloc[::-1], value="deaths", model="drift")
    pd.testing.assert_frame_equal(a, b)
    assert a.columns.tolist() == ["metric", "period", "step", "model", "method", "mean", "lo_80", "hi_80",
                                  "lo_95", "hi_95", "distribution"]


def test_many_series_equal_one_at_a_time():
    a = frame().assign(region="苏州市")
    b = frame(values=[5, 3, 4, 6, 2, 3, 1, 2, 4, 2, 1, 0]).assign(region="无锡市")
    c = frame(values=DEATHS[:8], periods=[str(y) for y in range(2014, 2022)]).assign(region="常州市")
    long = pd.concat([a, b, c], ignore_index=True)
    for model in ["naive", "drift", "theta", "ets_auto", "loglinear", "auto"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            many = forecast(long, value="deaths", by="region", model=model, horizon=2)
            for part in (a, b, c):
                one = forecast(part, value="deaths", model=model, horizon=2)
                got = many[many["region"] == part["region"].iloc[0]].drop(columns="region").reset_index(drop=True)
                pd.testing.assert_frame_equal(got, one, check_exact=False, rtol=1e-9)
    assert many.loc[many.region == "常州市", "period"].tolist() == ["2022", "2023"]


def test_exposure_forecasts_the_rate():
    workers = np.array([100, 105, 110, 120, 126, 130, 131, 140, 150, 152, 160, 170.0]) * 1000
    df = frame(workers=workers)
    fc = forecast(df, value="deaths", model="drift", exposure="workers", horizon=2, future_exposure=[180000, 190000])
    rate = np.array(DEATHS) / workers
    b = (rate[-1] - rate[0]) / 11
    expected_rate = rate[-1] + b * np.array([1, 2])
    np.testing.assert_allclose(fc["rate_mean"], expected_rate, rtol=1e-12)
    np.testing.assert_allclose(fc["mean"], expected_rate * [180000, 190000], rtol=1e-12)
    np.testing.assert_allclose(fc["rate_hi_95"] * fc["exposure"], fc["hi_95"], rtol=1e-12)
    default = forecast(df, value="deaths", model="drift", exposure="workers", horizon=1)
    assert default["exposure"].iloc[0] == 170000.0


# ---------------------------------------------------------------------------
# Log-linear model against statsmodels GLM
# ---------------------------------------------------------------------------
def test_loglinear_point_and_interval_match_statsmodels_glm():
    import statsmodels.api as sm

    y = np.array([41, 38, 44, 35, 33, 36, 30, 28, 31, 26], dtype=float)
    E = np.array([10, 10.5, 11, 11.2, 11.5, 12, 12.2, 12.5, 13, 13.4])
    T = len(y)
    X = sm.add_constant(np.arange(T, dtype=float))
    res = sm.GLM(y, X, family=sm.families.Poisson(), offset=np.log(E)).fit()
    assert stats.chi2.sf(res.pearson_chi2, T - 2) > 0.05  # the auto family keeps Poisson
    Xf = sm.add_constant(np.arange(T, T + 2, dtype=float), has_constant="add")
    Ef = np.array([14.0, 14.5])
    pred = res.get_prediction(Xf, offset=np.log(Ef))
    m = LogLinear().fit(y, exposure=E)
    assert m.family_[0] == "poisson"
    fc = m.predict(2, future_exposure=Ef)
    np.testing.assert_allclose(fc["mean"], pred.predicted_mean, rtol=1e-8)
    # predictive count: lambda lognormal with sd of the linear predictor, Y | lambda Poisson
    eta = Xf @ res.params + np.log(Ef)
    s2 = np.einsum("hi,ij,hj->h", Xf, res.cov_params(), Xf)
    e1, e2 = np.exp(eta + s2 / 2), np.exp(2 * eta + 2 * s2)
    var = e1 + (e2 - e1**2)
    n, p = e1**2 / (var - e1), e1 / var
    np.testing.assert_array_equal(fc["lo_95"], stats.nbinom.ppf(0.025, n, p))
    np.testing.assert_array_equal(fc["hi_80"], stats.nbinom.ppf(0.9, n, p))


def test_loglinear_negative_binomial_family_when_overdispersed():
    import statsmodels.api as sm

    y = np.array([30, 55, 22, 61, 18, 50, 15, 44, 12, 40, 10, 35], dtype=float)
    m = LogLinear().fit(y)
    assert m.family_[0] == "negbin"
    alpha = m.glm_.nb_alpha[0]
    X = sm.add_constant(np.arange(len(y), dtype=float))
    res = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha)).fit()
    np.testing.assert_allclose(m.beta_[0], res.params, rtol=1e-6)
    fc = m.predict(1)
    np.testing.assert_allclose(fc["mean"].iloc[0], np.exp(res.params @ [1, len(y)]), rtol=1e-6)


def test_loglinear_coverage_on_simulated_poisson_trends():
    # stated tolerance: 600 Poisson series of 12 years, log-linear trend (-4%/year) from a mean of 40;
    # one-step-ahead 95% interval coverage within [0.92, 0.99]
    rng = np.random.default_rng(20231231)
    t = np.arange(13)
    Y = rng.poisson(40 * np.exp(-0.04 * t), size=(600, 13)).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        fc = LogLinear().fit(Y[:, :12]).predict(1)
    cover = np.mean((Y[:, 12] >= fc["lo_95"]) & (Y[:, 12] <= fc["hi_95"]))
    assert 0.92 <= cover <= 0.99, cover


# ---------------------------------------------------------------------------
# Count quantiles
# ---------------------------------------------------------------------------
def test_count_quantiles_equal_scipy_ppf(rng):
    m = np.exp(rng.uniform(np.log(0.05), np.log(5e4), 4000))
    v = m * np.where(rng.random(4000) < 0.3, 1.0, np.exp(rng.uniform(0, 5, 4000)))
    is_nb = v > m * (1 + 1e-9)
    with np.errstate(divide="ignore"):
        n_nb = np.where(is_nb, m**2 / (v - m), 1.0)
    p_nb = np.where(is_nb, m / v, 0.5)
    for q in (0.005, 0.025, 0.1, 0.5, 0.9, 0.975, 0.995):
        ref = np.where(is_nb, stats.nbinom.ppf(q, n_nb, p_nb), stats.poisson.ppf(q, m))
        np.testing.assert_array_equal(K.count_ppf(q, m, v, is_nb, n_nb, p_nb), ref)


def _nb_params(m, v):
    is_nb = v > m * (1 + 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_nb = np.where(is_nb, m**2 / (v - m), 1.0)
    return is_nb, n_nb, np.where(is_nb, m / v, 0.5)


def test_count_quantiles_equal_scipy_ppf_on_wide_ranges(rng):
    # the mass-recurrence walk (one incomplete beta/gamma per element) against scipy, from tiny to huge means,
    # Poisson, NB barely above Poisson (size up to 1e16: the exact-CDF path) and very overdispersed NB
    N = 20_000
    m = np.exp(rng.uniform(np.log(0.01), np.log(1e7), N))
    kind = rng.random(N)
    v = m * np.where(kind < 0.3, 1.0, np.where(kind < 0.4, 1 + 10 ** rng.uniform(-9, -3, N),
                                                  np.exp(rng.uniform(0, 7, N))))
    is_nb, n_nb, p_nb = _nb_params(m, v)
    for q in (0.0005, 0.025, 0.1, 0.5, 0.9, 0.975, 0.9995):
        ref = np.where(is_nb, stats.nbinom.ppf(q, n_nb, p_nb), stats.poisson.ppf(q, m))
        np.testing.assert_array_equal(K.count_ppf(q, m, v, is_nb, n_nb, p_nb), ref)
        np.testing.assert_array_equal(K._count_ppf_exact(q, m, v, is_nb, n_nb, p_nb), ref)


@given(
    mean=st.floats(min_value=1e-3, max_value=1e6),
    over=st.one_of(st.just(1.0), st.floats(min_value=1.0 + 1e-8, max_value=1.01), st.floats(min_value=1.01,
                                                                                         max_value=500.0)),
    q=st.sampled_from([0.005, 0.025, 0.1, 0.9, 0.975, 0.995]),
)
def test_count_quantile_equals_scipy_for_any_mean_and_dispersion(mean, over, q):
    m, v = np.array([mean]), np.array([mean * over])
    is_nb, n_nb, p_nb = _nb_params(m, v)
    k = K.count_ppf(q, m, v, is_nb, n_nb, p_nb)[0]
    ref = stats.nbinom.ppf(q, n_nb[0], p_nb[0]) if is_nb[0] else stats.poisson.ppf(q, mean)
    assert k == ref


# ---------------------------------------------------------------------------
# backtest
# ---------------------------------------------------------------------------
def test_backtest_naive_metrics_by_hand():
    y = [10, 12, 11, 15, 14, 18]
    df = frame(values=y, periods=YEARS[:6])
    bt = backtest(df, value="deaths", models=["naive"], min_train=3, interval="normal")
    row = bt.iloc[0]
    # origins 3, 4, 5: forecasts 11, 15, 14 for actuals 15, 14, 18 -> errors 4, -1, 4
    assert row["n_forecasts"] == 3
    assert row["mae"] == pytest.approx(3.0)
    assert row["rmse"] == pytest.approx(np.sqrt(33 / 3))
    # MASE scales: mean |diff| of [10,12,11] = 1.5, of [..,15] = 7/3, of [..,14] = 2
    assert row["mase"] == pytest.approx((4 / 1.5 + 1 / (7 / 3) + 4 / 2) / 3)
    assert row["smape"] == pytest.approx((800 / 26 + 200 / 29 + 800 / 32) / 3)
    # naive sigma^2 = mean squared difference of the training window: (4+1)/2, (4+1+16)/3, (4+1+16+1)/4
    sd = np.sqrt([2.5, 7.0, 5.5])
    fc = np.array([11.0, 15, 14])
    actual = np.array([15.0, 14, 18])
    for lev, a in ((80, 0.2), (95, 0.05)):
        z = stats.norm.ppf(1 - a / 2)
        lo, hi = fc - z * sd, fc + z * sd
        inside = (actual >= lo) & (actual <= hi)
        wink = (hi - lo) + 2 / a * np.maximum(lo - actual, 0) + 2 / a * np.maximum(actual - hi, 0)
        assert row[f"coverage_{lev}"] == pytest.approx(inside.mean())
        assert row[f"winkler_{lev}"] == pytest.approx(wink.mean())


def test_backtest_details_and_ranking():
    bt = backtest(frame(), value="deaths", models=["naive", "mean", "drift"], min_train=6, horizon=2)
    assert bt["rank"].tolist() == [1, 2, 3]
    assert bt["mase"].is_monotonic_increasing
    assert set(bt["n_forecasts"]) == {10}  # origins 6..10, two steps each
    det = backtest(frame(), value="deaths", models=["drift"], min_train=6, horizon=2, details=True)
    assert len(det) == 10
    first = det.iloc[0]
    assert (first["origin"], first["period"], first["step"], first["actual"]) == ("2017", "2018", 1, 70.0)
    assert first["mean"] == pytest.approx(72 + (72 - 90) / 5)


def test_backtest_needs_enough_periods():
    with pytest.raises(InsufficientDataError, match="backtest"):
        backtest(frame(values=DEATHS[:5], periods=YEARS[:5]), value="deaths", min_train=5)
    with pytest.raises(ParameterError, match="min_train"):
        backtest(frame(), value="deaths", models=["holt"], min_train=3)


@given(st.lists(st.integers(min_value=0, max_value=300), min_size=8, max_size=12))
def test_backtest_metric_invariants(values):
    df = frame(values=values, periods=YEARS[: len(values)])
    bt = backtest(df, value="deaths", models=["naive", "drift"], min_train=4)
    assert (bt["mae"] <= bt["rmse"] + 1e-9).all()
    assert ((bt["coverage_80"] <= bt["coverage_95"]) & (bt["coverage_95"] <= 1)).all()
    assert ((bt["smape"] >= 0) & (bt["smape"] <= 200)).all()


# ---------------------------------------------------------------------------
# model="auto"
# ---------------------------------------------------------------------------
def test_auto_picks_lowest_backtest_mase_and_reports_runner_up():
    df = frame()
    fc = forecast(df, value="deaths", horizon=2)
    T = len(df)
    min_train = T - min(T - 3, max(2, T // 2))  # 6 origins for 12 points
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        bt = backtest(df, value="deaths", models=["naive", "mean", "drift", "loglinear", "theta", "ets_auto"],
                      min_train=min_train)
    assert fc["model"].iloc[0] == bt["model"].iloc[0]
    assert fc["runner_up"].iloc[0] == bt["model"].iloc[1]
    assert fc["mase"].iloc[0] == pytest.approx(bt["mase"].iloc[0])
    assert fc["runner_up_mase"].iloc[0] == pytest.approx(bt["mase"].iloc[1])


def test_auto_falls_back_with_a_warning_on_short_series():
    with pytest.warns(DataWarning, match="too few to compare models"):
        fc = forecast(frame(values=[7, 5, 6, 4], periods=YEARS[:4]), value="deaths", horizon=1)
    assert fc["model"].tolist() == ["naive"]


@pytest.mark.parametrize("n", [5, 6])
def test_auto_and_ets_on_series_statsforecast_refuses(n):
    df = frame(values=DEATHS[:n], periods=YEARS[:n])
    fc = forecast(df, value="deaths", model="ets_auto", horizon=3)
    assert fc["method"].iloc[0] in ("ETS(A,N,N)", "ETS(M,N,N)")
    assert (fc["lo_95"] >= 0).all()
    auto = forecast(df, value="deaths", horizon=3)
    assert len(auto) == 3 and auto["runner_up"].iloc[0] != ""


def test_theta_five_points_inside_interval_via_forecast():
    fc = forecast(frame(values=[71, 80, 60, 75, 50], periods=YEARS[:5]), value="deaths", model="theta", horizon=3)
    assert ((fc["lo_95"] <= fc["mean"]) & (fc["mean"] <= fc["hi_95"])).all()


def test_monthly_auto_considers_seasonal_naive():
    months = [f"{y}-{m:02d}" for y in (2021, 2022, 2023) for m in range(1, 13)]
    rng = np.random.default_rng(3)
    season = rng.poisson(np.tile([2, 2, 3, 5, 8, 12, 14, 12, 7, 4, 3, 2], 3) * 100)
    fc = forecast(pd.DataFrame({"period": months, "deaths": season}), value="deaths", horizon=2)
    assert fc["model"].iloc[0] == "seasonal_naive"
    assert fc["period"].tolist() == ["2024-01", "2024-02"]


# ---------------------------------------------------------------------------
# summary
# ---------------------------------------------------------------------------
def test_summary_sentences():
    df = pd.DataFrame({"period": ["2019", "2020", "2021", "2022", "2023"], "accidents": [96, 90, 88, 80, 71]})
    fc = forecast(df, value="accidents", model="drift", horizon=2)
    row = fc.iloc[0]
    zh = forecast_summary(fc)
    assert zh == f"以当前趋势，2024 年事故约 {int(np.floor(row['mean'] + 0.5))} 起（95% 区间 {row['lo_95']}–{row['hi_95']}）。"
    en = forecast_summary(fc, lang="en", level=80, step=2)
    assert en.startswith("On the current trend, about ") and "in 2025 (80% interval" in en
    two = pd.concat([df.assign(region="苏州市"), df.assign(region="南京市")], ignore_index=True)
    text = forecast_summary(forecast(two, value="accidents", by="region", model="naive", horizon=1))
    assert text.splitlines()[0].startswith("南京市：以当前趋势")
    with pytest.raises(ParameterError, match="level 90 is not in the forecast"):
        forecast_summary(fc, level=90)


def test_summary_rounds_half_up():
    fc = pd.DataFrame({"metric": ["deaths"], "period": ["2024"], "step": [1], "mean": [62.5],
                       "lo_95": [50], "hi_95": [75]})
    assert "约 63 人" in forecast_summary(fc)  # Python's round(62.5) would give 62


def test_public_names_and_callable_subpackage():
    import safetystats as ss
    import safetystats.forecast as subpackage

    # the subpackage and the function share the name: either way ss.forecast(...) forecasts
    a = ss.forecast(frame(), value="deaths", model="naive", horizon=1)
    b = subpackage(frame(), value="deaths", model="naive", horizon=1)
    pd.testing.assert_frame_equal(a, b)
    assert ss.backtest is backtest and ss.forecast_summary is forecast_summary


def test_row_order_of_the_long_frame_does_not_matter(rng):
    # a frame already sorted by series and period skips the sort; a shuffled one is sorted first: same forecasts
    n, T = 40, 12
    df = pd.DataFrame({
        "region": np.repeat([f"r{i:02d}" for i in range(n)], T),
        "period": np.tile([str(2010 + k) for k in range(T)], n),
        "deaths": rng.poisson(30, n * T),
    })
    for model in ("loglinear", "drift"):
        ordered = forecast(df, value="deaths", by="region", model=model)
        shuffled = forecast(df.sample(frac=1, random_state=7), value="deaths", by="region", model=model)
        pd.testing.assert_frame_equal(ordered, shuffled)
