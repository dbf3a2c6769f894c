"""Mann-Kendall and Sen's slope against pymannkendall 1.4.3, brute-force enumeration and hand calculations."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pymannkendall as mk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from safetystats.errors import InputError, InsufficientDataError, ParameterError
from safetystats.trend import kendall_s_distribution, mann_kendall, sens_slope

PYMK = {
    "original": mk.original_test,
    "hamed_rao": mk.hamed_rao_modification_test,
    "yue_wang": mk.yue_wang_modification_test,
    "prewhitening": mk.pre_whitening_modification_test,
    "trend_free_prewhitening": mk.trend_free_pre_whitening_modification_test,
}


def _pymk(method, x, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return PYMK[method](x, **kw)


def _assert_same(ref, ours, tol=1e-10):
    assert ours.s == pytest.approx(ref.s, abs=tol)
    assert ours.var_s == pytest.approx(ref.var_s, rel=tol, abs=tol)
    assert ours.z == pytest.approx(ref.z, abs=tol)
    assert ours.p_normal == pytest.approx(ref.p, abs=tol)
    assert ours.tau == pytest.approx(ref.Tau, abs=tol)
    assert ours.slope == pytest.approx(ref.slope, abs=tol)
    assert ours.intercept == pytest.approx(ref.intercept, abs=tol)
    assert ours.trend == ref.trend


def test_issue_example_with_missing_value():
    # pymannkendall skips the NaN: S = 6, var(S) = 4*3*13/18 = 8.6667, z = 5/sqrt(8.6667)
    r = mann_kendall([1, 2, np.nan, 4, 5], exact=False)
    assert r.s == 6 and r.n == 4
    assert r.var_s == pytest.approx(8.666666666666666, abs=1e-12)
    assert r.p_value == pytest.approx(0.089429, abs=1e-6)
    assert r.p_value == pytest.approx(2 * stats.norm.sf(5 / math.sqrt(26 / 3)), abs=1e-14)
    assert r.slope == 1.0  # every pairwise slope on the real positions is 1
    ref = _pymk("original", [1, 2, np.nan, 4, 5])
    _assert_same(ref, r)
    # default: exact permutation p-value below 10 values; only 1 of 24 orderings has S=6 and 1 has S=-6
    auto = mann_kendall([1, 2, np.nan, 4, 5])
    assert auto.p_method == "exact" and auto.p_value == pytest.approx(2 / 24, abs=1e-15)
    assert auto.p_normal == pytest.approx(0.089429, abs=1e-6)


def _series(rng, n, *, kind):
    t = np.arange(n)
    if kind == "poisson":
        return rng.poisson(rng.uniform(1, 25) * np.exp(rng.normal(0, 0.03) * t)).astype(float)
    if kind == "ar1":  # autocorrelated, continuous
        e = np.zeros(n)
        for i in range(1, n):
            e[i] = 0.6 * e[i - 1] + rng.normal()
        return e + 0.05 * t
    return np.round(rng.normal(0, 2, n) + 0.1 * t)  # heavy ties


@pytest.mark.parametrize("method", ["original", "hamed_rao", "yue_wang", "prewhitening"])
def test_matches_pymannkendall_with_ties_missing_and_autocorrelation(rng, method):
    checked = 0
    for kind in ("poisson", "ar1", "ties"):
        for _ in range(25):
            n = int(rng.integers(6, 30))
            x = _series(rng, n, kind=kind)
            if rng.random() < 0.3:
                x[rng.integers(0, n)] = np.nan
            ref = _pymk(method, x)
            if not np.isfinite(ref.p):
                continue  # pymannkendall's issue #29: tested separately
            _assert_same(ref, mann_kendall(x, method=method, exact=False))
            checked += 1
    assert checked > 60


def test_trend_free_prewhitening_matches_on_continuous_data(rng):
    # On integer counts the whitened values can tie up to one float ulp, where the order of
    # summation inside pymannkendall's np.correlate decides; on continuous data results agree.
    for _ in range(30):
        x = _series(rng, int(rng.integers(6, 30)), kind="ar1")
        _assert_same(_pymk("trend_free_prewhitening", x), mann_kendall(x, method="trend_free_prewhitening"))


def test_lag_option_matches_pymannkendall(rng):
    x = _series(rng, 25, kind="ar1")
    for method in ("hamed_rao", "yue_wang"):
        for lag in (1, 3):
            _assert_same(_pymk(method, x, lag=lag), mann_kendall(x, method=method, lag=lag))


def test_many_series_equal_single_series(rng):
    X = rng.poisson(8, size=(40, 15)).astype(float)
    X[3, 4] = np.nan
    for method in ("original", "hamed_rao", "yue_wang", "prewhitening"):
        table = mann_kendall(X, method=method)
        assert list(table["series"]) == list(range(40))
        for i in (0, 3, 17, 39):
            one = mann_kendall(X[i], method=method).to_frame().iloc[0]
            row = table.iloc[i]
            for col in ("s", "var_s", "z", "p_value", "slope", "slope_low", "slope_high", "intercept"):
                assert row[col] == pytest.approx(one[col], nan_ok=True, abs=0), (method, i, col)


def test_hamed_rao_negative_variance_factor_is_guarded():
    # pymannkendall issue #29, series 2: var_s = -8.74 and a NaN p-value in 1.4.3
    x = [0.35257984, 0.38692909, 0.39669828, 0.36296244, 0.42035612, 0.39374964, 0.41100085, 0.43182076,
         0.40815853, 0.45394297, 0.41584767, 0.47399517]
    ref = _pymk("hamed_rao", x)
    assert np.isnan(ref.p) and ref.var_s < 0
    r = mann_kendall(x, method="hamed_rao")
    plain = mann_kendall(x, method="original", exact=False)
    assert np.isfinite(r.p_value) and r.variance_factor == 1.0
    assert r.var_s == plain.var_s and r.p_value == plain.p_value
    assert "not positive" in r.note


def test_hamed_rao_short_poisson_series_never_nan(rng):
    X = rng.poisson(3, size=(400, 12)).astype(float)
    ref_nan = sum(np.isnan(_pymk("hamed_rao", x).p) for x in X)
    table = mann_kendall(X, method="hamed_rao")
    assert ref_nan > 0  # the released pymannkendall fails on some of these
    assert table["p_value"].notna().all()


def _brute_s(values):
    """Every distinct arrangement of the values, with its S (equally likely under no trend)."""
    a = np.array(sorted(set(itertools.permutations(values))), dtype=float)
    i, j = np.triu_indices(len(values), k=1)
    return np.sign(a[:, j] - a[:, i]).sum(axis=1).astype(int)


@pytest.mark.parametrize("values", [
    (1, 2, 3, 4, 5, 6),
    (1, 1, 2, 3, 4, 5, 6),
    (1, 1, 1, 2, 2, 3, 4),
    (5, 5, 7, 7, 9, 9),
    (0, 0, 0, 0, 1, 2),
])
def test_exact_distribution_equals_brute_force_enumeration(values):
    s_all = _brute_s(values)
    ties = [c for c in pd.Series(values).value_counts().tolist()]
    dist = kendall_s_distribution(len(values), ties=ties)
    s_vals, counts = np.unique(s_all, return_counts=True)
    brute = dict(zip(s_vals.tolist(), (counts / counts.sum()).tolist(), strict=True))
    ours = dict(zip(dist["s"].tolist(), dist["probability"].tolist(), strict=True))
    assert set(ours) == set(brute)
    for s, p in brute.items():
        assert ours[s] == pytest.approx(p, abs=1e-14)


def test_exact_p_value_equals_brute_force(rng):
    for values in [(3, 1, 4, 1, 5, 9, 2), (2, 3, 3, 5, 6, 6, 8), (10, 8, 9, 7, 7, 4)]:
        s_all = _brute_s(values)
        r = mann_kendall(list(values))
        assert r.p_method == "exact"
        assert r.p_value == pytest.approx(np.mean(np.abs(s_all) >= abs(r.s)), abs=1e-14)


def test_exact_distribution_no_ties_is_kendall_table():
    # Kendall (1975) table: n = 5, P(S >= 8) = 0.042 (5 of 120 orderings have S >= 8)
    d = kendall_s_distribution(5)
    assert d.loc[d.s >= 8, "probability"].sum() == pytest.approx(5 / 120, abs=1e-15)
    assert d["probability"].sum() == pytest.approx(1.0, abs=1e-14)


def test_sen_interval_gilbert_hand_calculation():
    x = np.array([10, 12, 11, 15, 14, 18, 17, 20, 22, 21], dtype=float)
    n = x.size
    slopes = np.sort([(x[j] - x[i]) / (j - i) for i in range(n) for j in range(i + 1, n)])
    N = slopes.size  # 45
    var_s = n * (n - 1) * (2 * n + 5) / 18  # no ties: 125
    c = 1.959963984540054 * math.sqrt(var_s)  # z_0.975 * sqrt(var S) = 21.913
    m1, m2 = (N - c) / 2, (N + c) / 2  # ranks 11.54 and 33.46 (+1)

    def interp(rank):  # Gilbert: interpolate between order statistics
        k = int(math.floor(rank))
        return slopes[k - 1] + (rank - k) * (slopes[k] - slopes[k - 1])

    r = sens_slope(x)
    assert r.slope == pytest.approx(np.median(slopes), abs=1e-15)
    assert r.slope_low == pytest.approx(interp(m1), abs=1e-12)
    assert r.slope_high == pytest.approx(interp(m2 + 1), abs=1e-12)
    assert r.slope_ci == "normal (Gilbert)"


@pytest.mark.parametrize("n", [6, 7, 8])
def test_sen_interval_hollander_wolfe_exact(rng, n):
    # exact ranks from the brute-force distribution of S (no ties), alpha = 0.05
    s_all = _brute_s(tuple(range(n)))
    N = n * (n - 1) // 2
    tail = {k: np.mean(s_all >= k) for k in range(-N, N + 1)}
    k = min(v for v in tail if tail[v] <= 0.025)  # upper critical value k_{alpha/2}
    m = (N - (k - 2)) // 2
    x = rng.normal(size=n).cumsum()
    slopes = np.sort([(x[j] - x[i]) / (j - i) for i in range(n) for j in range(i + 1, n)])
    r = sens_slope(x)
    assert r.slope_ci == "exact (Hollander-Wolfe)"
    assert r.slope_low == slopes[m - 1]
    assert r.slope_high == slopes[N - m]
    # the interval misses the true slope with probability <= alpha/2 on each side
    assert tail[N - 2 * (m - 1)] <= 0.025 < tail[N - 2 * m]


def test_sen_interval_too_short_says_so():
    r = sens_slope([1.0, 3.0, 2.0, 5.0])
    assert np.isnan(r.slope_low) and "too few values" in r.note


def test_frame_input_with_by_and_p_adjust(rng):
    from statsmodels.stats.multitest import multipletests

    rows = []
    for region in ["a", "b", "c", "d"]:
        for year in range(2010, 2024):
            rows.append({"region": region, "period": str(year), "deaths": int(rng.poisson(20))})
    df = pd.DataFrame(rows).sample(frac=1, random_state=1)  # unsorted
    before = df.copy()
    out = mann_kendall(df, value="deaths", by="region", p_adjust="fdr_bh")
    pd.testing.assert_frame_equal(df, before)
    assert out["region"].tolist() == ["a", "b", "c", "d"]
    ref = multipletests(out["p_value"], method="fdr_bh")[1]
    np.testing.assert_allclose(out["p_adjusted"], ref, rtol=1e-12)
    one = df[df.region == "b"].sort_values("period")["deaths"].to_numpy(dtype=float)
    assert out.loc[1, "p_value"] == pytest.approx(_pymk("original", one).p, abs=1e-12)


def test_frame_gaps():
    df = pd.DataFrame({"period": ["2018", "2019", "2021", "2022", "2023"], "deaths": [5, 6, 4, 3, 2]})
    with pytest.raises(InputError, match="2020"):
        mann_kendall(df, value="deaths")
    r = mann_kendall(df, value="deaths", gaps="allow")
    assert r.n == 5
    # Sen's slope keeps the real time axis: the pair 2019->2021 spans two years
    ref = np.median([(b - a) / (tb - ta) for (ta, a), (tb, b) in itertools.combinations(
        zip([0, 1, 3, 4, 5], [5, 6, 4, 3, 2], strict=True), 2)])
    assert r.slope == ref


def test_too_short_and_bad_arguments():
    with pytest.raises(InsufficientDataError, match="at least 4") as e:
        mann_kendall([1, 2, 3])
    assert e.value.needed == 4 and e.value.got == 3
    with pytest.raises(InsufficientDataError, match="at least 5"):
        mann_kendall([1, 2, 3, 4], method="prewhitening")
    with pytest.raises(ParameterError, match="variant"):
        mann_kendall([1, 2, 3, 4, 5], method="sen")
    with pytest.raises(ParameterError, match="lag"):
        mann_kendall([1, 2, 3, 4, 5], method="hamed_rao", lag=5)
    with pytest.raises(InsufficientDataError, match="at least 3"):
        sens_slope([1, np.nan])
    many = mann_kendall(np.array([[1, 2, 3, 4, 5, 6], [1, 2, np.nan, np.nan, np.nan, 3]]))
    assert np.isnan(many.loc[1, "p_value"]) and "at least 4" in many.loc[1, "note"]


finite_lists = st.lists(st.integers(min_value=0, max_value=40), min_size=5, max_size=14)


@settings(max_examples=60)
@given(finite_lists)
def test_property_reversal_and_monotone_transform(values):
    x = np.array(values, dtype=float)
    r = mann_kendall(x, exact=False)
    neg = mann_kendall(-x, exact=False)
    lin = mann_kendall(3 * x + 7, exact=False)
    assert neg.s == -r.s and neg.var_s == r.var_s
    assert lin.s == r.s and lin.p_value == r.p_value
    assert lin.slope == pytest.approx(3 * r.slope, abs=1e-9)


@settings(max_examples=60)
@given(finite_lists, st.floats(min_value=-5, max_value=5, allow_nan=False))
def test_property_sen_slope_shifts_with_a_linear_trend(values, b):
    x = np.array(values, dtype=float)
    t = np.arange(x.size)
    assert sens_slope(x + b * t).slope == pytest.approx(sens_slope(x).slope + b, abs=1e-9)


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=5))
def test_property_exact_distribution_is_symmetric_pmf(groups):
    n = sum(groups) + 2
    d = kendall_s_distribution(n, ties=groups)
    assert d["probability"].sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(d["probability"].to_numpy(), d["probability"].to_numpy()[::-1], atol=1e-14)
    np.testing.assert_array_equal(d["s"].to_numpy(), -d["s"].to_numpy()[::-1])


def test_sens_slope_many_series_equal_single(rng):
    df = pd.DataFrame({
        "sector": np.repeat(["mining", "construction", "chemicals"], [8, 8, 3]),
        "period": [str(y) for y in range(2016, 2024)] * 2 + ["2021", "2022", "2023"],
        "deaths": rng.poisson(30, 19),
    })
    table = sens_slope(df, value="deaths", by="sector").set_index("sector")
    for sector in ("mining", "construction"):
        one = sens_slope(df[df.sector == sector].drop(columns="sector"), value="deaths")
        row = table.loc[sector]
        assert (row["slope"], row["slope_low"], row["slope_high"]) == (one.slope, one.slope_low, one.slope_high)
    # three values: a slope, but no interval at 95%
    three = table.loc["chemicals"]
    x = df[df.sector == "chemicals"]["deaths"].to_numpy(dtype=float)
    assert three["slope"] == np.median([x[1] - x[0], x[2] - x[1], (x[2] - x[0]) / 2])
    assert np.isnan(three["slope_low"]) and "too few values" in three["note"]
