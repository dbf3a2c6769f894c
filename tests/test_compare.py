"""The exact conditional Poisson rate test (safetystats.compare).

References: R's documented poisson.test output (tests/reference/poisson_test.R),
statsmodels' test_poisson_2indep(method="exact-cond") for p-values, and scipy's
binomtest (R's two-sided rule) with its exact Clopper-Pearson interval.
"""

from __future__ import annotations

import math
from fractions import Fraction
from math import comb

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats import rates as sm_rates

from safetystats.compare import (
    METHOD,
    _cdf_half,
    binom_two_sided_pvalue,
    poisson_rate_test,
    poisson_rate_test_many,
)
from safetystats.errors import InsufficientDataError, ParameterError


def scipy_reference(x: int, b: int, t1: float = 1.0, t0: float = 1.0, conf: float = 0.95,
                    alternative: str = "two-sided"):
    """p-value and rate-ratio CI from scipy's exact binomial test, transformed as R does."""
    pi0 = t1 / (t1 + t0)
    res = stats.binomtest(x, x + b, pi0, alternative=alternative)
    ci = res.proportion_ci(confidence_level=conf, method="exact")
    to_ratio = lambda p: math.inf if p >= 1 else p / (1 - p) * t0 / t1  # noqa: E731
    return res.pvalue, to_ratio(ci.low), to_ratio(ci.high)


# --- R's documented output ------------------------------------------------------------------------
def test_suzhou_accidents_match_r():
    r = poisson_rate_test(71, 80)
    assert r.rate_ratio == pytest.approx(0.8875, abs=5e-5)
    assert r.conf_low == pytest.approx(0.6355, abs=5e-5)
    assert r.conf_high == pytest.approx(1.2372, abs=5e-5)
    assert r.p_value == pytest.approx(0.5152, abs=5e-5)
    assert r.method == METHOD == "exact conditional (binomial), as R poisson.test"
    assert not r.significant


def test_suzhou_deaths_are_not_significant_either():
    r = poisson_rate_test(50, 56)
    assert r.p_value == pytest.approx(0.63, abs=0.005)
    assert r.p_value > 0.5


def test_r_help_two_sample_example():
    # poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)): p = 0.07967, CI 0.8584264 4.2772659, ratio 1.971488
    r = poisson_rate_test(11, 6 + 8 + 7, exposure=800, base_exposure=1083 + 1050 + 878)
    assert r.p_value == pytest.approx(0.07967, abs=5e-6)
    assert r.conf_low == pytest.approx(0.8584264, abs=5e-8)
    assert r.conf_high == pytest.approx(4.2772659, abs=5e-8)
    assert r.rate_ratio == pytest.approx(1.971488, abs=5e-7)


def test_r_help_one_sample_example():
    # poisson.test(137, 24.19893): p < 2.2e-16, CI 4.753125 6.692709, event rate 5.661407
    r = poisson_rate_test(137, exposure=24.19893)
    assert r.p_value < 2.2e-16
    assert r.conf_low == pytest.approx(4.753125, abs=5e-7)
    assert r.conf_high == pytest.approx(6.692709, abs=5e-7)
    assert r.rate_ratio == pytest.approx(5.661407, abs=5e-7)
    assert r.base_count is None and r.significant


def test_one_sample_p_value_matches_scipy_poisson_rule():
    # scipy's exact Poisson test is not public; recompute R's rule by brute force over the pmf
    for x, m in ((3, 7.2), (12, 7.2), (7, 7.0), (0, 2.5)):
        r = poisson_rate_test(x, exposure=m)
        d = stats.poisson.pmf(x, m)
        k = np.arange(0, 400)
        pmf = stats.poisson.pmf(k, m)
        expected = min(1.0, pmf[pmf <= d * (1 + 1e-7)].sum())
        assert r.p_value == pytest.approx(expected, rel=1e-9)


# --- statsmodels and scipy, many pairs ------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # statsmodels, for a zero base
def test_many_matches_statsmodels_and_scipy(rng):
    n = 150
    x = rng.integers(0, 200, n)
    b = rng.integers(0, 200, n)
    t1 = rng.uniform(0.2, 5, n)
    t0 = rng.uniform(0.2, 5, n)
    x[:5], b[:5] = [0, 3, 40, 0, 1], [7, 0, 40, 1, 0]
    t = poisson_rate_test_many(x, b, exposure=t1, base_exposure=t0)
    for i in range(n):
        if x[i] + b[i] == 0:
            continue
        sm = sm_rates.test_poisson_2indep(int(x[i]), t1[i], int(b[i]), t0[i], method="exact-cond").pvalue
        p, lo, hi = scipy_reference(int(x[i]), int(b[i]), t1[i], t0[i])
        assert t.p_value[i] == pytest.approx(sm, rel=1e-10, abs=1e-300)
        assert t.p_value[i] == pytest.approx(p, rel=1e-10, abs=1e-300)
        assert t.conf_low[i] == pytest.approx(lo, rel=1e-9)
        assert t.conf_high[i] == pytest.approx(hi, rel=1e-9)


@pytest.mark.parametrize(("alternative", "sm_name"), [("less", "smaller"), ("greater", "larger")])
def test_one_sided_alternatives(rng, alternative, sm_name):
    x = rng.integers(0, 80, 40)
    b = rng.integers(1, 80, 40)
    t = poisson_rate_test_many(x, b, alternative=alternative, conf_level=0.9)
    for i in range(40):
        sm = sm_rates.test_poisson_2indep(int(x[i]), 1, int(b[i]), 1, method="exact-cond", alternative=sm_name).pvalue
        p, lo, hi = scipy_reference(int(x[i]), int(b[i]), conf=0.9, alternative=alternative)
        assert t.p_value[i] == pytest.approx(sm, rel=1e-10)
        assert t.p_value[i] == pytest.approx(p, rel=1e-10)
        assert t.conf_low[i] == pytest.approx(lo, rel=1e-9)
        assert t.conf_high[i] == pytest.approx(hi, rel=1e-9)
    r = poisson_rate_test(30, 50, alternative=sm_name)  # statsmodels' names are accepted
    assert r.alternative == alternative


def test_large_counts_use_the_general_path(rng):
    x = rng.integers(2000, 60000, 30)
    b = (x * rng.uniform(0.95, 1.05, 30)).astype(int)
    t = poisson_rate_test_many(x, b)
    for i in range(30):
        p, _, _ = scipy_reference(int(x[i]), int(b[i]))
        assert t.p_value[i] == pytest.approx(p, rel=1e-9)


def test_binomial_half_table_is_exact():
    # P(X <= k), X ~ Bin(n, 1/2), against exact integer sums of binomial coefficients
    for n, k in ((1, 0), (2, 1), (151, 71), (1000, 400), (2048, 1024), (2048, 900), (1777, 3)):
        exact = float(Fraction(sum(comb(n, i) for i in range(k + 1)), 2**n))
        assert _cdf_half(np.array([k]), np.array([n]))[0] == pytest.approx(exact, rel=1e-13)


def test_general_p_matches_binomtest(rng):
    x = rng.integers(0, 300, 200)
    n = x + rng.integers(0, 300, 200)
    n = np.maximum(n, 1)
    x = np.minimum(x, n)
    p = rng.uniform(0.01, 0.99, 200)
    p[:20] = 0.5
    out = binom_two_sided_pvalue(x, n, p)
    for i in range(200):
        assert out[i] == pytest.approx(stats.binomtest(int(x[i]), int(n[i]), p[i]).pvalue, rel=1e-10)


# --- edges and errors -----------------------------------------------------------------------------
def test_zero_base_count():
    r = poisson_rate_test(5, 0)
    assert math.isnan(r.rate_ratio) and math.isinf(r.conf_high)
    p, lo, _ = scipy_reference(5, 0)
    assert r.p_value == pytest.approx(p) and r.conf_low == pytest.approx(lo)
    t = poisson_rate_test_many([5, 0], [0, 0])
    assert "undefined" in t.note[0] and "no events" in t.note[1]
    assert math.isnan(t.p_value[1]) and t.significant.isna()[1]


def test_no_events_raises():
    with pytest.raises(InsufficientDataError, match="events"):
        poisson_rate_test(0, 0)


@pytest.mark.parametrize(("args", "kwargs", "match"), [
    ((-1, 5), {}, "count"),
    ((1.5, 5), {}, "count"),
    ((5, 5), {"exposure": 0}, "exposure"),
    ((5, 5), {"alternative": "both"}, "alternative"),
    ((5, 5), {"conf_level": 95}, "conf_level"),
    (([1, 2], 5), {}, "poisson_rate_test_many"),
])
def test_bad_input(args, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        poisson_rate_test(*args, **kwargs)


def test_plain_words_reading():
    r = poisson_rate_test(71, 80)
    assert "within what chance alone produces" in r.interpretation
    assert "from 80 to 71" in r.interpretation and "p = 0.52" in r.interpretation
    assert "随机波动" in r.interpretation_zh and "从 80 降至 71" in r.interpretation_zh
    s = poisson_rate_test(20, 80)
    assert s.significant and "statistically significant decline" in s.interpretation
    assert "显著" in s.interpretation_zh
    html = r._repr_html_()
    assert "0.8875" in html and "p-value" in html
    assert "0.5152" in str(r)
    assert list(r.to_frame().columns)[:4] == ["count", "base_count", "exposure", "base_exposure"]


def test_many_columns_are_stable():
    t = poisson_rate_test_many([71], [80])
    assert list(t.columns) == ["count", "base_count", "exposure", "base_exposure", "rate_ratio", "conf_low",
                               "conf_high", "p_value", "significant", "method", "note"]


def test_half_p_values_take_the_same_path_alone_or_mixed(rng):
    # regression (#3 speed): check_claims calls the p = 1/2 path directly, and _cdf_half looks every count up
    # in one go when all are in its table; both agree with scipy's binomtest and with the general function
    from safetystats.compare import _two_sided_half

    x = rng.integers(0, 1500, 300)
    n = x + rng.integers(0, 1500, 300)
    n[:5] = np.array([151, 106, 2048, 5000, 12000])  # the Suzhou pairs, the table's edge, two beyond it
    x[:5] = np.array([71, 50, 900, 2400, 5000])
    n = np.maximum(n, 1)
    small = n <= 2048
    mixed = _two_sided_half(x, n)
    assert np.array_equal(mixed[small], _two_sided_half(x[small], n[small]))
    assert np.array_equal(mixed, binom_two_sided_pvalue(x, n, np.full(len(x), 0.5)))
    for i in range(40):
        assert mixed[i] == pytest.approx(stats.binomtest(int(x[i]), int(n[i]), 0.5).pvalue, rel=1e-9)
