"""Tests for safetystats.control: c, u, Laney u′ and g charts, run rules, summary.

References used (never this package's own output):

* qcc 3.0 vignette "A quick tour of qcc" (Scrucca, 2020; github.com/luca-scr/qcc,
  docs/articles/qcc.html), printed output for the ``circuit`` and ``pcmanufact``
  data (Montgomery, Introduction to Statistical Quality Control, Examples 7.3
  and 7.5); the data values are copied from qcc's data/circuit.txt,
  data/pcmanufact.txt and data/dyedcloth.txt.
* qicharts2 vignette (Anhøj): the Anhøj critical values for 24 useful points
  (longest run > 8, fewer than 8 crossings).
* Hand calculations written out below (c̄ ± 3√c̄, ū ± 3√(ū/nᵢ), Laney σ_z, the
  g chart), and Poisson / geometric quantiles by summing the pmf with ``math``.
* tests/reference/control_reference.py: loop transcriptions of qcc's
  R/rules.R and qicharts2's qic.c / qic.u / qic.up / qic.g / runs.analysis.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import safetystats as ss
from safetystats.control import COLUMNS, RULES, c_chart, control_summary, g_chart, laney_u_chart, u_chart
from safetystats.errors import DataWarning, InputError, InsufficientDataError, ParameterError

_spec = importlib.util.spec_from_file_location(
    "control_reference", Path(__file__).parent / "reference" / "control_reference.py"
)
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)


def months(n: int, start: str = "2020-01") -> list[str]:
    return [str(p) for p in pd.period_range(start, periods=n, freq="M")]


# qcc data/circuit.txt: nonconformities in 46 samples of 100 printed circuit boards; the first 26 are the trial
CIRCUIT = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15,
           16, 18, 12, 15, 24, 21, 28, 20, 25, 19, 18, 21, 16, 22, 19, 12, 14, 9, 16, 21]
# qcc data/pcmanufact.txt: nonconformities in 20 samples of 5 personal computers
PCMANUFACT = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]
# qcc data/dyedcloth.txt: nonconformities and inspection units (50 m² each) of 10 rolls of dyed cloth
DYED_X = [14, 12, 20, 11, 7, 10, 21, 16, 19, 23]
DYED_N = [10, 8, 13, 10, 9.5, 10, 12, 10.5, 12, 12.5]


# --------------------------------------------------------------------------------------------
# c chart: published qcc output and hand calculations
# --------------------------------------------------------------------------------------------


def test_circuit_c_chart_matches_qcc_vignette():
    df = pd.DataFrame({"period": months(26), "x": CIRCUIT[:26]})
    out = c_chart(df, value="x")
    # qcc vignette: Center = 19.84615, Standard deviation = 4.454902, LCL = 6.481447, UCL = 33.21086
    assert out["center"].iloc[0] == pytest.approx(19.84615, abs=5e-6)
    assert out["sigma"].iloc[0] == pytest.approx(4.454902, abs=5e-7)
    assert out["lcl"].iloc[0] == pytest.approx(6.481447, abs=5e-7)
    assert out["ucl"].iloc[0] == pytest.approx(33.21086, abs=5e-6)
    # Montgomery Example 7.3: samples 6 (5 nonconformities) and 20 (39) are outside the limits
    assert (np.flatnonzero(out["beyond_limits"]) + 1).tolist() == [6, 20]
    assert out.loc[5, "rules"].startswith("beyond_limits")


def test_circuit_phase_two_with_a_boolean_baseline_matches_qcc():
    # qcc(x[inc], type="c", newdata=x[!trial]) with inc = trial samples without 6 and 20
    df = pd.DataFrame({"period": months(46), "x": CIRCUIT})
    sample = np.arange(1, 47)
    mask = (sample <= 26) & ~np.isin(sample, [6, 20])
    out = c_chart(df, value="x", baseline=mask)
    assert out["baseline"].tolist() == mask.tolist()
    # qcc vignette: Center = 19.66667, StdDev = 4.434712, LCL = 6.362532, UCL = 32.9708
    assert out["center"].iloc[0] == pytest.approx(472 / 24)
    assert out["center"].iloc[0] == pytest.approx(19.66667, abs=5e-6)
    assert out["sigma"].iloc[0] == pytest.approx(4.434712, abs=5e-7)
    assert out["lcl"].iloc[0] == pytest.approx(6.362532, abs=5e-7)
    assert out["ucl"].iloc[0] == pytest.approx(32.9708, abs=5e-5)
    # the phase II samples (27-46, counts 9..28) are all inside 6.36 .. 32.97
    assert not out["beyond_limits"].iloc[26:].any()
    assert (np.flatnonzero(out["beyond_limits"]) + 1).tolist() == [6, 20]


def test_circuit_u_chart_matches_qcc_vignette():
    df = pd.DataFrame({"period": months(46), "x": CIRCUIT, "size": [100] * 46})
    sample = np.arange(1, 47)
    mask = (sample <= 26) & ~np.isin(sample, [6, 20])
    out = u_chart(df, value="x", exposure="size", baseline=mask)
    # qcc vignette: Center = 0.1966667, LCL = 0.06362532, UCL = 0.329708
    assert out["center"].iloc[0] == pytest.approx(0.1966667, abs=5e-8)
    assert out["lcl"].iloc[0] == pytest.approx(0.06362532, abs=5e-9)
    assert out["ucl"].iloc[0] == pytest.approx(0.329708, abs=5e-7)


def test_pcmanufact_u_chart_matches_qcc_vignette():
    df = pd.DataFrame({"period": months(20), "x": PCMANUFACT, "size": [5] * 20})
    out = u_chart(df, value="x", exposure="size")
    # qcc vignette: Center = 1.93, Standard deviation = 1.389244, LCL = 0.06613305, UCL = 3.793867
    assert out["center"].iloc[0] == pytest.approx(1.93)
    assert out["sigma"].iloc[0] * math.sqrt(5) == pytest.approx(1.389244, abs=5e-7)  # qcc prints sqrt(u-bar)
    assert out["lcl"].iloc[0] == pytest.approx(0.06613305, abs=5e-9)
    assert out["ucl"].iloc[0] == pytest.approx(3.793867, abs=5e-7)
    assert not out["beyond_limits"].any()  # Montgomery Example 7.5: the process is in control


def test_dyed_cloth_u_chart_limits_vary_with_exposure_by_hand():
    df = pd.DataFrame({"period": months(10), "x": DYED_X, "units": DYED_N})
    out = u_chart(df, value="x", exposure="units")
    ubar = 153 / 107.5  # sum of nonconformities / sum of inspection units = 1.4233
    assert out["center"].iloc[0] == pytest.approx(ubar)
    for i, n in enumerate(DYED_N):
        half = 3 * math.sqrt(ubar / n)  # n = 10: 3 * sqrt(0.14232558) = 1.1317819
        assert out["lcl"].iloc[i] == pytest.approx(ubar - half)
        assert out["ucl"].iloc[i] == pytest.approx(ubar + half)
        assert out["statistic"].iloc[i] == pytest.approx(DYED_X[i] / n)
    # 1.4232558 + 1.1317819 = 2.5550377 and 1.4232558 - 1.1317819 = 0.2914739 (Montgomery prints 2.55, 0.29)
    assert out["ucl"].iloc[0] == pytest.approx(2.5550377, abs=5e-8)
    assert out["lcl"].iloc[0] == pytest.approx(0.2914739, abs=5e-8)


def test_small_c_chart_by_hand_lcl_clipped_at_zero():
    df = pd.DataFrame({"period": ["2019", "2020", "2021", "2022", "2023"], "deaths": [2, 4, 3, 1, 5]})
    out = c_chart(df, value="deaths")
    # c-bar = 15/5 = 3; sigma = sqrt(3) = 1.7321; UCL = 3 + 5.1962 = 8.1962; 3 - 5.1962 < 0 -> LCL 0
    assert out["center"].tolist() == [3.0] * 5
    assert out["ucl"].iloc[0] == pytest.approx(3 + 3 * math.sqrt(3))
    assert out["lcl"].tolist() == [0.0] * 5
    assert out["z"].tolist() == pytest.approx([(v - 3) / math.sqrt(3) for v in [2, 4, 3, 1, 5]])


def test_baseline_slice_of_periods_and_integer_baseline_agree():
    vals = [4, 6, 5, 5, 4, 6, 12, 11, 13, 12]
    df = pd.DataFrame({"period": months(10, "2022-01"), "n": vals})
    by_slice = c_chart(df, value="n", baseline=slice("2022-01", "2022-06"))
    by_int = c_chart(df, value="n", baseline=6)
    by_open = c_chart(df, value="n", baseline=slice(None, "2022-06"))
    pd.testing.assert_frame_equal(by_slice, by_int)
    pd.testing.assert_frame_equal(by_slice, by_open)
    assert by_slice["center"].iloc[0] == pytest.approx(30 / 6)  # mean of the first six months
    assert by_slice["baseline"].tolist() == [True] * 6 + [False] * 4
    # every month after the baseline is above 5 + 3*sqrt(5) = 11.708 or close to it
    assert by_slice["beyond_limits"].tolist() == [False] * 6 + [True, False, True, True]


# --------------------------------------------------------------------------------------------
# exact (probability) limits
# --------------------------------------------------------------------------------------------


def test_exact_poisson_limits_for_small_counts():
    # baseline c-bar = (2 + 3) / 2 = 2.5. Summing the Poisson(2.5) pmf: P(X <= 7) = 0.99579,
    # P(X <= 8) = 0.99907 >= 0.99865, so the exact UCL is 8; P(X = 0) = 0.0821 >= 0.00135 so LCL = 0.
    df = pd.DataFrame({"period": months(4), "n": [2, 3, 8, 9]})
    exact = c_chart(df, value="n", baseline=2, limits="exact")
    assert ref.poisson_quantile(0.99865, 2.5) == 8
    assert exact["ucl"].tolist() == [8.0] * 4
    assert exact["lcl"].tolist() == [0.0] * 4
    assert exact["beyond_limits"].tolist() == [False, False, False, True]
    assert exact["limits"].tolist() == ["exact"] * 4
    # the 3-sigma UCL 2.5 + 3*sqrt(2.5) = 7.243 would call 8 a signal: a false alarm rate well above 0.00135
    sigma = c_chart(df, value="n", baseline=2)
    assert sigma["ucl"].iloc[0] == pytest.approx(2.5 + 3 * math.sqrt(2.5))
    assert sigma["beyond_limits"].tolist() == [False, False, True, True]


def test_exact_limits_follow_nsigma_and_reach_a_positive_lcl():
    df = pd.DataFrame({"period": months(3), "n": [48, 52, 30]})
    q = 0.5 * math.erfc(2 / math.sqrt(2))  # Phi(-2) = 0.02275
    out = c_chart(df, value="n", baseline=2, limits="exact", nsigma=2)
    assert out["lcl"].iloc[0] == ref.poisson_quantile(q, 50.0)
    assert out["ucl"].iloc[0] == ref.poisson_quantile(1 - q, 50.0)
    assert out["lcl"].iloc[0] > 30  # so the count of 30 signals
    assert out["beyond_limits"].tolist() == [False, False, True]


def test_exact_u_chart_limits_per_point():
    df = pd.DataFrame({"period": months(4), "x": [3, 9, 2, 14], "hours": [2.0, 4.0, 1.0, 3.0]})
    out = u_chart(df, value="x", exposure="hours", limits="exact")
    ubar = 28 / 10
    for i, n in enumerate([2.0, 4.0, 1.0, 3.0]):
        assert out["lcl"].iloc[i] == pytest.approx(ref.poisson_quantile(0.0013498980316301, ubar * n) / n)
        assert out["ucl"].iloc[i] == pytest.approx(ref.poisson_quantile(1 - 0.0013498980316301, ubar * n) / n)
    # 14 events in 3 hours against a Poisson mean of 8.4: P(X <= 16) >= 0.99865, so 14 is inside
    assert not out["beyond_limits"].any()


# --------------------------------------------------------------------------------------------
# Laney u′
# --------------------------------------------------------------------------------------------


INJURIES = [520, 480, 610, 450, 560, 500, 590, 470]


def test_laney_sigma_z_by_hand_where_it_matters():
    df = pd.DataFrame({"period": months(8, "2023-01"), "injuries": INJURIES, "hours": [1e7] * 8})
    # per 1e6 hours every month has n = 10 units; u = 52, 48, 61, 45, 56, 50, 59, 47; u-bar = 418 / 8 = 52.25
    ubar = 52.25
    s = math.sqrt(ubar / 10)  # 2.285825: the Poisson sigma of each month
    # |differences| of u: 4, 13, 16, 11, 6, 9, 12 -> sum 71; the z-scores' mean moving range is (71/7)/s
    sigma_z = (71 / 7) / s / 1.128
    assert sigma_z == pytest.approx(3.933762, abs=5e-7)  # 10.142857 / 2.2858259 = 4.437283; / 1.128
    plain = u_chart(df, value="injuries", exposure="hours", per=1e6)
    laney = laney_u_chart(df, value="injuries", exposure="hours", per=1e6)
    assert plain["lcl"].iloc[0] == pytest.approx(ubar - 3 * s)  # 45.3925
    assert plain["ucl"].iloc[0] == pytest.approx(ubar + 3 * s)  # 59.1075
    assert plain["beyond_limits"].tolist() == [False, False, True, True, False, False, False, False]
    assert laney["sigma_z"].iloc[0] == pytest.approx(sigma_z)
    assert laney["sigma"].iloc[0] == pytest.approx(s * sigma_z)
    assert laney["ucl"].iloc[0] == pytest.approx(ubar + 3 * s * sigma_z)  # 79.22
    assert laney["lcl"].iloc[0] == pytest.approx(ubar - 3 * s * sigma_z)  # 25.28
    assert not laney["signal"].any()  # the "signals" of the plain u chart were overdispersion
    assert plain["sigma_z"].iloc[0] == pytest.approx(sigma_z)  # reported as a diagnostic on the u chart too


def test_laney_matches_qicharts2_transcription_with_varying_exposure(rng):
    n = rng.integers(200_000, 2_000_000, size=30).astype(float)
    rate = 4e-5 * rng.gamma(20, 1 / 20, size=30)  # overdispersed around 4 per 100,000
    x = rng.poisson(rate * n)
    df = pd.DataFrame({"period": months(30), "x": x, "workers": n})
    base = [True] * 24 + [False] * 6
    for screened in (False, True):
        out = laney_u_chart(df, value="x", exposure="workers", baseline=24, screen_mr=screened)
        cl, sz, lcl, ucl = ref.qic_up(list(x), list(n), base, screened=screened)
        assert out["center"].iloc[0] == pytest.approx(cl)
        assert out["sigma_z"].iloc[0] == pytest.approx(sz)
        assert out["lcl"].tolist() == pytest.approx(lcl)
        assert out["ucl"].tolist() == pytest.approx(ucl)


def test_laney_without_exposure_is_laney_c():
    df = pd.DataFrame({"period": months(8, "2023-01"), "x": [52, 48, 61, 45, 56, 50, 59, 47]})
    out = laney_u_chart(df, value="x")
    s = math.sqrt(52.25)
    sz = (71 / 7) / s / 1.128
    assert out["ucl"].iloc[0] == pytest.approx(52.25 + 3 * s * sz)
    assert out["exposure"].isna().all()


def test_qicharts2_c_and_u_transcriptions_agree(rng):
    y = rng.poisson(6, size=25)
    n = rng.uniform(0.5, 2.0, size=25)
    base = [True] * 20 + [False] * 5
    df = pd.DataFrame({"period": months(25), "y": y, "n": n})
    c = c_chart(df, value="y", baseline=20)
    cl, lcl, ucl = ref.qic_c(list(y), base)
    assert c["center"].iloc[0] == pytest.approx(cl)
    assert c["lcl"].tolist() == pytest.approx(lcl)
    assert c["ucl"].tolist() == pytest.approx(ucl)
    u = u_chart(df, value="y", exposure="n", baseline=20)
    cl, lcl, ucl = ref.qic_u(list(y), list(n), base)
    assert u["center"].iloc[0] == pytest.approx(cl)
    assert u["lcl"].tolist() == pytest.approx(lcl)
    assert u["ucl"].tolist() == pytest.approx(ucl)


# --------------------------------------------------------------------------------------------
# g chart
# --------------------------------------------------------------------------------------------

EVENT_DATES = ["2023-01-03", "2023-02-20", "2023-03-02", "2023-05-28", "2023-06-30", "2023-09-11", "2023-10-01",
               "2023-10-04"]


def test_g_chart_from_dates_by_hand():
    out = g_chart(pd.DataFrame({"date": EVENT_DATES}), date="date")
    # days between events: Jan 3 -> Feb 20 = 48, -> Mar 2 = 10 (2023 is not a leap year), -> May 28 = 87,
    # -> Jun 30 = 33, -> Sep 11 = 73, -> Oct 1 = 20, -> Oct 4 = 3
    gaps = [48, 10, 87, 33, 73, 20, 3]
    assert out["value"].tolist() == gaps
    assert out["event"].tolist() == list(range(1, 8))
    assert out["period"].tolist() == EVENT_DATES[1:]
    gbar = 274 / 7  # 39.142857
    assert out["center"].iloc[0] == 33.0  # median of 3, 10, 20, 33, 48, 73, 87 (qicharts2's centre line)
    assert out["sigma"].iloc[0] == pytest.approx(math.sqrt(gbar * (gbar + 1)))  # 39.639
    assert out["ucl"].iloc[0] == pytest.approx(gbar + 3 * math.sqrt(gbar * (gbar + 1)))  # 158.06
    assert out["lcl"].tolist() == [0.0] * 7  # gbar - 3 sigma < 0 always
    mean = g_chart(pd.DataFrame({"date": EVENT_DATES}), date="date", center="mean")
    assert mean["center"].iloc[0] == pytest.approx(gbar)
    assert mean["ucl"].iloc[0] == pytest.approx(out["ucl"].iloc[0])  # limits use the mean either way
    assert out["chart"].iloc[0] == "g" and out["metric"].iloc[0] == "days_between"
    assert control_summary(out).splitlines()[:2] == [
        "g chart of days between events: limits from 7 points (2023-02-20 to 2023-10-04), centre line 33, "
        "limits 0 to 158.1 (3-sigma).",
        "No point signals (7 points).",
    ]


def test_g_chart_matches_qicharts2_transcription(rng):
    gaps = rng.geometric(1 / 40, size=30) - 1
    base = [True] * 20 + [False] * 10
    out = g_chart(gaps, baseline=20)
    cl, mean, lcl, ucl = ref.qic_g(list(gaps), base)
    assert out["center"].iloc[0] == pytest.approx(cl)
    assert out["lcl"].iloc[0] == pytest.approx(lcl)
    assert out["ucl"].iloc[0] == pytest.approx(ucl)
    runs = ref.runs_analysis(list(gaps), [cl] * 30)
    assert out["longest_run"].iloc[0] == runs["longest_run"]
    assert out["crossings"].iloc[0] == runs["crossings"]
    assert bool(out["runs_signal"].iloc[0]) == runs["runs_signal"]


def test_g_chart_exact_limits_catch_events_coming_closer():
    # baseline mean gap 1000 days: p = 1/1001. P(X <= 0) = 0.000999 < 0.00135 <= P(X <= 1) = 0.001997, so LCL = 1;
    # (1 - p)^(k+1) <= Phi(-3) = 0.0013498980 needs k + 1 >= ln(0.0013498980) / ln(1000/1001) = 6611.03, so
    # k + 1 = 6612 and UCL = 6611 (with the rounded 0.00135 the ratio is 6610.95 and the UCL would be 6610)
    out = g_chart(pd.DataFrame({"gap": [900, 1100, 1000, 1000, 0, 7000]}), value="gap", baseline=4, limits="exact")
    assert ref.geometric_quantile(0.0013498980316301, 1000.0) == 1
    assert ref.geometric_quantile(1 - 0.0013498980316301, 1000.0) == 6611
    assert ref.geometric_quantile(0.99865, 1000.0) == 6610
    assert out["lcl"].iloc[0] == 1.0
    assert out["ucl"].iloc[0] == 6611.0
    assert out["beyond_limits"].tolist() == [False, False, False, False, True, True]
    text = control_summary(out)
    assert "0 is below the lower control limit 1 (worse than chance explains)" in text
    assert "7000 is above the upper control limit 6611 (better than chance explains)" in text


@settings(max_examples=60)
@given(mu=st.floats(0.0, 300.0), q=st.sampled_from([0.00135, 0.0013498980316301, 0.02275, 0.5, 0.99865]))
def test_poisson_quantile_matches_pmf_sum(mu, q):
    from safetystats.control import _poisson_quantile

    assert _poisson_quantile(q, np.array([mu]))[0] == ref.poisson_quantile(q, mu)


def test_poisson_quantile_matches_scipy_over_a_wide_range(rng):
    from scipy import stats

    from safetystats.control import _poisson_quantile

    mu = np.concatenate([[0.0, 1e-12, 0.5, 2.5], 10 ** rng.uniform(-3, 7, size=3000)])
    for q in (0.0013498980316301, 0.5, 1 - 0.0013498980316301):
        np.testing.assert_array_equal(_poisson_quantile(q, mu), stats.poisson.ppf(q, mu))


@settings(max_examples=50)
@given(mean=st.floats(0.0, 5000.0), q=st.sampled_from([0.00135, 0.02275, 0.5, 0.97725, 0.99865]))
def test_geometric_quantile_matches_pmf_sum(mean, q):
    from safetystats.control import _geometric_quantile

    assert _geometric_quantile(q, np.array([mean]))[0] == ref.geometric_quantile(q, mean)


def test_g_chart_sites_from_unsorted_dates():
    df = pd.DataFrame({
        "site": ["A", "B", "A", "B", "A", "B", "A"],
        "date": ["2023-03-01", "2023-01-10", "2023-01-01", "2023-01-20", "2023-02-01", "2023-02-19", "2023-03-11"],
    })
    out = g_chart(df, date="date", by="site")
    assert list(out.columns[:3]) == ["site", "event", "period"]
    assert out["site"].tolist() == ["A", "A", "A", "B", "B"]
    # A: Jan 1 -> Feb 1 = 31, -> Mar 1 = 28, -> Mar 11 = 10;  B: Jan 10 -> Jan 20 = 10, -> Feb 19 = 30
    assert out["value"].tolist() == [31, 28, 10, 10, 30]
    assert out["event"].tolist() == [1, 2, 3, 1, 2]
    assert out["center"].tolist() == [28, 28, 28, 20, 20]  # medians per site


def test_g_chart_default_rules_and_all_rules():
    gaps = [30, 30, 30, 30, 95, 95, 30]  # gbar(4) = 30, sigma = sqrt(930) = 30.5: 95 is z = 2.13 above the mean
    default = g_chart(gaps, baseline=4, center="mean")
    assert not default["two_of_three"].any()  # not applied by default (qicharts2 applies no zone rules)
    every = g_chart(gaps, baseline=4, center="mean", rules=RULES)
    assert every["two_of_three"].tolist() == [False] * 5 + [True, False]


def test_g_chart_value_with_period_labels_and_slice_baseline():
    df = pd.DataFrame({"period": ["2022Q1", "2022Q2", "2022Q3", "2022Q4", "2023Q1"], "gap": [10, 20, 30, 40, 500]})
    out = g_chart(df, value="gap", period="period", baseline=slice("2022Q1", "2022Q4"), center="mean")
    assert out["center"].iloc[0] == 25.0
    assert out["period"].tolist() == df["period"].tolist()
    assert out["baseline"].tolist() == [True] * 4 + [False]
    assert out["beyond_limits"].tolist() == [False] * 4 + [True]  # 25 + 3 sqrt(650) = 101.5


# --------------------------------------------------------------------------------------------
# run rules on constructed series: c-bar = 100 and sigma = 10 from a two-point baseline
# --------------------------------------------------------------------------------------------


def chart_z(zs, **kw):
    values = [100, 100] + [100 + round(10 * z) for z in zs]
    df = pd.DataFrame({"period": months(len(values)), "n": values})
    out = c_chart(df, value="n", baseline=2, **kw)
    assert out["center"].iloc[0] == 100 and out["sigma"].iloc[0] == 10
    return out.iloc[2:].reset_index(drop=True)


def test_beyond_limits_is_strict():
    out = chart_z([3.1, 0, 0, 3.0, 0, 0, -3.0, 0, 0, -3.1])
    assert out["beyond_limits"].tolist() == [True, False, False, False, False, False, False, False, False, True]
    assert out["rules"].iloc[0] == out["rules"].iloc[9] == "beyond_limits"
    assert out["signal"].sum() == 2


@pytest.mark.parametrize(
    ("zs", "expected"),
    [
        ([2.1, 0.5, 2.1], [False, False, True]),
        ([2.1, 2.1], [False, True]),
        ([2.1, -2.1, 2.1], [False, False, True]),
        ([2.1, 0, 0, 2.1], [False, False, False, False]),
        ([-2.1, -2.1], [False, True]),
        ([2.1, 2.1, 0.5], [False, True, False]),
        ([2.0, 2.0, 2.0], [False, False, False]),  # exactly 2 sigma is not beyond
        ([2.1, -2.1], [False, False]),  # not on the same side
    ],
)
def test_two_of_three(zs, expected):
    assert chart_z(zs)["two_of_three"].tolist() == expected


@pytest.mark.parametrize(
    ("zs", "expected"),
    [
        ([1.1, 1.1, 0, 1.1, 1.1], [False, False, False, False, True]),
        ([1.1, 1.1, 1.1, 1.1], [False, False, False, True]),
        ([1.1, 1.1, 1.1, 0, 0], [False] * 5),
        ([-1.1, -1.1, 1.1, -1.1, -1.1], [False, False, False, False, True]),
        ([1.1, 1.1, -1.1, 1.1, 1.1], [False, False, False, False, True]),
        ([1.1, 1.1, 0, 0, 1.1, 1.1], [False] * 6),
    ],
)
def test_four_of_five(zs, expected):
    assert chart_z(zs)["four_of_five"].tolist() == expected


def test_run_of_eight_on_one_side_and_configurable_length():
    assert not chart_z([0.5] * 7)["run_one_side"].any()
    out = chart_z([0.5] * 10)
    assert out["run_one_side"].tolist() == [False] * 7 + [True] * 3  # from the 8th point on, as qcc does
    assert out["run"].tolist() == list(range(1, 11))
    assert out["rules"].iloc[7] == "run_one_side"
    below = chart_z([-0.5] * 8)
    assert below["run"].tolist() == list(range(-1, -9, -1)) and below["run_one_side"].iloc[-1]
    # a point on the centre line ends the run
    assert not chart_z([0.5] * 4 + [0] + [0.5] * 4)["run_one_side"].any()
    assert not chart_z([0.5] * 8, run_length=9)["run_one_side"].any()
    assert chart_z([0.5] * 6, run_length=6)["run_one_side"].tolist() == [False] * 5 + [True]


def test_several_rules_fire_together_and_rules_can_be_switched_off():
    out = chart_z([2.5, 3.5])
    assert out["rules"].iloc[1] == "beyond_limits;two_of_three"
    only = chart_z([2.5, 3.5], rules=["two_of_three"])
    assert only["rules"].iloc[1] == "two_of_three"
    assert not only["beyond_limits"].any()
    assert only["signal"].tolist() == [False, True]


# --------------------------------------------------------------------------------------------
# rules against the qcc transcription, Anhøj against qicharts2
# --------------------------------------------------------------------------------------------


@settings(max_examples=60)
@given(st.lists(st.integers(0, 40), min_size=10, max_size=40).filter(lambda v: sum(v) > 0), st.integers(5, 10))
def test_rules_match_qcc_transcription(values, run_length):
    df = pd.DataFrame({"period": months(len(values)), "n": values})
    out = c_chart(df, value="n", run_length=run_length)
    stat = [float(v) for v in values]
    center, sigma = out["center"].tolist(), out["sigma"].tolist()
    assert out["beyond_limits"].tolist() == ref.qcc_wer1(stat, out["lcl"].tolist(), out["ucl"].tolist())
    assert out["run_one_side"].tolist() == ref.qcc_wer4(stat, center, run_length)
    # qcc only looks at full windows: compare from the 3rd (5th) point on
    assert out["two_of_three"].tolist()[2:] == ref.qcc_wer_zone(stat, center, sigma, 2, 2, 3)[2:]
    assert out["four_of_five"].tolist()[4:] == ref.qcc_wer_zone(stat, center, sigma, 1, 4, 5)[4:]


@settings(max_examples=80)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=60))
def test_anhoej_matches_qicharts2_transcription(values):
    df = pd.DataFrame({"period": months(len(values)), "n": values})
    if sum(values) == 0:
        return
    out = c_chart(df, value="n")
    expect = ref.runs_analysis([float(v) for v in values], out["center"].tolist())
    row = out.iloc[0]
    assert row["n_useful"] == expect["n_useful"]
    if expect["n_useful"]:
        assert row["longest_run"] == expect["longest_run"]
        assert row["longest_run_max"] == expect["longest_run_max"]
        assert row["crossings"] == expect["crossings"]
        assert row["crossings_min"] == expect["crossings_min"]
    assert bool(row["runs_signal"]) == expect["runs_signal"]


def test_anhoej_critical_values_for_24_points_as_in_qicharts2_vignette():
    # qicharts2 vignette: with 24 useful points a run longer than round(log2(24) + 3) = 8 or fewer than
    # qbinom(0.05, 23, 0.5) = 8 crossings signals
    values = [5, 15] * 12  # centre 10: alternating, 23 crossings
    out = c_chart(pd.DataFrame({"period": months(24), "n": values}), value="n")
    assert out["longest_run_max"].iloc[0] == 8
    assert out["crossings_min"].iloc[0] == 8
    assert out["crossings"].iloc[0] == 23 and not out["runs_signal"].iloc[0]
    shifted = [5] * 12 + [15] * 12  # one crossing, runs of 12
    out = c_chart(pd.DataFrame({"period": months(24), "n": shifted}), value="n")
    assert out["longest_run"].iloc[0] == 12 and out["crossings"].iloc[0] == 1
    assert out["runs_signal"].all()


def test_anhoej_limits_from_formula_n_10_to_100():
    # round(log2(n)) + 3 and the 5% quantile of Binomial(n - 1, 1/2) by exact summation (math.comb)
    for n in range(10, 101):
        values = [1, 3] * (n // 2) + [1] * (n % 2)
        out = c_chart(pd.DataFrame({"period": months(n), "n": values}), value="n", rules=[])
        assert out["n_useful"].iloc[0] == n
        assert out["longest_run_max"].iloc[0] == round(math.log2(n)) + 3
        total, acc, x = 2 ** (n - 1), 0, 0
        while True:
            acc += math.comb(n - 1, x)
            if acc / total >= 0.05:
                break
            x += 1
        assert out["crossings_min"].iloc[0] == x


def test_points_on_the_centre_line_are_not_useful_for_anhoej():
    values = [2, 6, 4, 4, 2, 6]  # centre 4: two points on the line
    out = c_chart(pd.DataFrame({"period": months(6), "n": values}), value="n")
    assert out["n_useful"].iloc[0] == 4
    assert out["crossings"].iloc[0] == 3  # - + | | - + -> runs [-], [+], [-], [+]


# --------------------------------------------------------------------------------------------
# many sites at once
# --------------------------------------------------------------------------------------------


def _long_frame(rng, n_sites=6):
    rows = []
    for s in range(n_sites):
        length = int(rng.integers(12, 30))
        lam = float(rng.uniform(2, 30))
        for p, (x, n) in enumerate(zip(rng.poisson(lam, size=length), rng.uniform(0.5, 2, size=length), strict=True)):
            rows.append({"region": f"county-{s:02d}", "period": months(length, "2021-01")[p], "x": int(x) + 1,
                         "hours": float(n)})
    df = pd.DataFrame(rows)
    return df.sample(frac=1.0, random_state=3).reset_index(drop=True)


@pytest.mark.parametrize("func", ["c", "u", "laney", "exact_u"])
def test_many_sites_in_one_call_equal_one_site_at_a_time(rng, func):
    df = _long_frame(rng)
    call = {
        "c": lambda d, **k: c_chart(d, value="x", **k),
        "u": lambda d, **k: u_chart(d, value="x", exposure="hours", per=10.0, **k),
        "laney": lambda d, **k: laney_u_chart(d, value="x", exposure="hours", **k),
        "exact_u": lambda d, **k: u_chart(d, value="x", exposure="hours", limits="exact", **k),
    }[func]
    together = call(df, by="region", baseline=10)
    assert together["region"].is_monotonic_increasing
    for name, part in together.groupby("region"):
        alone = call(df[df["region"] == name], baseline=10)
        got = part.drop(columns="region").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, alone)


def test_many_sites_g_chart_equal_one_site_at_a_time(rng):
    frames = []
    for s in range(4):
        gaps = rng.geometric(1 / rng.uniform(5, 60), size=int(rng.integers(8, 20))) - 1
        frames.append(pd.DataFrame({"site": f"s{s}", "gap": gaps}))
    df = pd.concat(frames, ignore_index=True)
    together = g_chart(df, value="gap", by="site", baseline=6, limits="exact")
    for name, part in together.groupby("site"):
        alone = g_chart(df[df["site"] == name], value="gap", baseline=6, limits="exact")
        pd.testing.assert_frame_equal(part.drop(columns="site").reset_index(drop=True), alone)


def test_two_site_keys_and_validated_accident_frame():
    raw = pd.DataFrame({
        "region": ["甲区"] * 12 + ["乙区"] * 12,
        "period": [f"2023年{m}月" for m in range(1, 13)] * 2,
        "accidents": [3, 4, 2, 5, 3, 4, 3, 2, 4, 3, 12, 3] + [10, 9, 11, 10, 12, 9, 10, 11, 10, 9, 10, 11],
        "deaths": [1] * 24,
    })
    df = ss.validate(raw, kind="accidents")
    out = c_chart(df, value="accidents", by="region")
    assert out["period"].iloc[0] == "2023-01"
    assert out.loc[out["signal"], ["region", "period"]].values.tolist() == [["甲区", "2023-11"]]
    df2 = raw.assign(kind="all")
    two = c_chart(df2, value="accidents", by=["region", "kind"])
    assert list(two.columns[:3]) == ["region", "kind", "period"]
    pd.testing.assert_frame_equal(two.drop(columns="kind"), out)


# --------------------------------------------------------------------------------------------
# invariants
# --------------------------------------------------------------------------------------------

counts = st.lists(st.integers(0, 60), min_size=2, max_size=36).filter(lambda v: sum(v) > 0)


@settings(max_examples=60)
@given(counts, st.floats(1.0, 4.0))
def test_c_chart_arithmetic(values, k):
    out = c_chart(pd.DataFrame({"period": months(len(values)), "n": values}), value="n", nsigma=k)
    cbar = sum(values) / len(values)
    assert out["center"].iloc[0] == pytest.approx(cbar)
    assert out["ucl"].iloc[0] - cbar == pytest.approx(k * math.sqrt(cbar))
    assert out["lcl"].iloc[0] == pytest.approx(max(cbar - k * math.sqrt(cbar), 0.0))
    assert (out["signal"] == out[list(RULES)].any(axis=1)).all()
    assert (out["signal"] == (out["rules"] != "")).all()
    assert out["beyond_limits"].tolist() == [(v > out["ucl"].iloc[0]) or (v < out["lcl"].iloc[0]) for v in values]
    assert (out["run"].abs() <= np.arange(1, len(values) + 1)).all()


@settings(max_examples=40)
@given(counts, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(values, rnd):
    df = pd.DataFrame({"period": months(len(values)), "n": values, "e": [1.0 + (i % 3) for i in range(len(values))]})
    idx = list(df.index)
    rnd.shuffle(idx)
    a = u_chart(df, value="n", exposure="e")
    b = u_chart(df.loc[idx], value="n", exposure="e")
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=40)
@given(counts, st.floats(1e-3, 1e6))
def test_u_chart_scale_invariance(values, scale):
    expo = [1.0 + (i % 4) * 0.5 for i in range(len(values))]
    df = pd.DataFrame({"period": months(len(values)), "n": values, "e": expo})
    a = u_chart(df, value="n", exposure="e")
    b = u_chart(df.assign(e=df["e"] * scale), value="n", exposure="e", per=scale)
    for col in ("statistic", "center", "sigma", "lcl", "ucl", "z"):
        assert b[col].tolist() == pytest.approx(a[col].tolist(), rel=1e-9, abs=1e-12)


@settings(max_examples=40)
@given(counts, st.floats(0.1, 1000.0))
def test_u_chart_with_equal_exposure_is_a_scaled_c_chart(values, n):
    df = pd.DataFrame({"period": months(len(values)), "x": values, "n": [n] * len(values)})
    u = u_chart(df, value="x", exposure="n")
    c = c_chart(df, value="x")
    for col in ("statistic", "center", "sigma", "lcl", "ucl"):
        assert (u[col] * n).tolist() == pytest.approx(c[col].tolist(), rel=1e-9, abs=1e-9)
    assert u["z"].tolist() == pytest.approx(c["z"].tolist(), rel=1e-9, abs=1e-9)


def test_columns_dtypes_determinism_and_no_mutation(rng):
    df = _long_frame(rng, n_sites=2)
    before = df.copy(deep=True)
    a = u_chart(df, value="x", exposure="hours", by="region")
    b = u_chart(df, value="x", exposure="hours", by="region")
    pd.testing.assert_frame_equal(df, before)
    pd.testing.assert_frame_equal(a, b)
    assert tuple(a.columns) == ("region", *COLUMNS)
    assert a["signal"].dtype == bool and a["baseline"].dtype == bool
    assert str(a["longest_run"].dtype) == "Int64"
    assert a["chart"].unique().tolist() == ["u"] and a["metric"].unique().tolist() == ["x"]
    g = g_chart([3, 5, 8, 1])
    assert tuple(g.columns) == ("event", *COLUMNS)


# --------------------------------------------------------------------------------------------
# errors and warnings
# --------------------------------------------------------------------------------------------


def _df(**extra):
    base = {"period": months(6), "n": [1, 2, 3, 4, 5, 6], "e": [1.0] * 6}
    base.update(extra)
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: c_chart(_df(), value="x"), InputError, "value='x' is not a column"),
        (lambda: c_chart(_df(n=[1, 2, -3, 4, 5, 6]), value="n"), InputError, "cannot be negative"),
        (lambda: c_chart(_df(n=[1, 2, 3.5, 4, 5, 6]), value="n"), InputError, "whole number"),
        (lambda: c_chart(_df(n=[1, None, 3, 4, 5, 6]), value="n"), InputError, "index 1.*not a number"),
        (lambda: u_chart(_df(e=[1.0, 0.0, 1, 1, 1, 1]), value="n", exposure="e"), InputError, "greater than 0"),
        (lambda: c_chart(_df(period=["2023-01"] * 6), value="n"), InputError, "more than once.*by='region'"),
        (lambda: c_chart(_df(period=["2023-01", "2023", "2023-03", "2023-04", "2023-05", "2023-06"]), value="n"),
         ParameterError, "mixes period kinds"),
        (lambda: c_chart(_df(period=["2023-01", "x", "2023-03", "2023-04", "2023-05", "2023-06"]), value="n"),
         InputError, "not a period"),
        (lambda: c_chart(_df(), value="n", baseline=1), InsufficientDataError, "at least 2 baseline points, got 1"),
        (lambda: laney_u_chart(_df(), value="n", baseline=2), InsufficientDataError, "at least 3"),
        (lambda: c_chart(_df(), value="n", baseline=[True, False]), ParameterError, "2 values but the frame has 6"),
        (lambda: c_chart(_df(), value="n", baseline="2020-03"), ParameterError, "slice"),
        (lambda: c_chart(_df(), value="n", baseline=slice("2020", None)), ParameterError, "is a year"),
        (lambda: c_chart(_df(), value="n", limits="wide"), ParameterError, "limits='wide'"),
        (lambda: c_chart(_df(), value="n", nsigma=0), ParameterError, "nsigma"),
        (lambda: c_chart(_df(), value="n", rules=["nelson_9"]), ParameterError, "unknown rule"),
        (lambda: c_chart(_df(), value="n", run_length=1), ParameterError, "run_length"),
        (lambda: u_chart(_df(), value="n", exposure="e", per=0), ParameterError, "per="),
        (lambda: u_chart(_df(), value="n", exposure=None), ParameterError, "use c_chart"),
        (lambda: laney_u_chart(_df(), value="n", limits="exact"), TypeError, "limits"),
        (lambda: c_chart([1, 2, 3], value="n"), InputError, "DataFrame"),
        (lambda: c_chart(_df(r=["a", None, "a", "a", "a", "a"]), value="n", by="r"), InputError, "site key"),
        (lambda: g_chart(pd.DataFrame({"d": ["2023-01-01", "soon"]}), date="d"), InputError, "not a date"),
        (lambda: g_chart(pd.DataFrame({"g": [1, 2], "d": [1, 2]}), value="g", date="d"), ParameterError,
         "exactly one"),
        (lambda: g_chart([1, 2, 3], center="mode"), ParameterError, "center="),
        (lambda: g_chart([1, -2, 3]), InputError, "cannot be negative"),
        (lambda: g_chart([1, 2, 3], baseline=slice(0, 1)), ParameterError, "needs period labels"),
        (lambda: control_summary(_df()), InputError, "lacks column"),
        (lambda: control_summary(c_chart(_df(), value="n"), lang="fr"), ParameterError, "lang="),
    ],
)
def test_errors_name_the_problem(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_insufficient_data_names_the_site():
    df = pd.DataFrame({"region": ["a", "a", "a", "b"], "period": ["2020", "2021", "2022", "2020"], "n": [1, 2, 3, 4]})
    with pytest.raises(InsufficientDataError, match="region='b'"):
        c_chart(df, value="n", by="region")


def test_g_chart_site_with_one_event_is_an_error_not_dropped():
    df = pd.DataFrame({"site": ["A", "A", "A", "B"], "date": ["2023-01-01", "2023-02-01", "2023-03-01", "2023-01-05"]})
    with pytest.raises(InsufficientDataError, match="site='B'.*at least 3 events, got 1"):
        g_chart(df, date="date", by="site")


def test_baseline_mask_with_missing_values_is_an_error():
    mask = pd.Series([True, None, True, True, False, False], dtype="boolean")
    with pytest.raises(ParameterError, match="missing values"):
        c_chart(_df(), value="n", baseline=mask)


def test_missing_periods_warn():
    df = pd.DataFrame({"period": ["2023-01", "2023-02", "2023-05", "2023-06"], "n": [1, 2, 3, 4]})
    with pytest.warns(DataWarning, match="missing before '2023-05'.*count of 0"):
        c_chart(df, value="n")


def test_baseline_without_events_warns_and_every_event_signals():
    df = pd.DataFrame({"period": months(5), "n": [0, 0, 0, 1, 0]})
    with pytest.warns(DataWarning, match="no events"):
        out = c_chart(df, value="n", baseline=3)
    assert out["ucl"].tolist() == [0.0] * 5
    assert out["beyond_limits"].tolist() == [False, False, False, True, False]


def test_baseline_mask_as_series_aligns_on_index():
    df = pd.DataFrame({"period": months(4), "n": [1, 3, 9, 9]}, index=[10, 11, 12, 13])
    mask = pd.Series([True, True, False, False], index=[10, 11, 12, 13])
    out = c_chart(df.iloc[::-1], value="n", baseline=mask.iloc[::-1])
    assert out["center"].iloc[0] == 2.0
    assert out["baseline"].tolist() == [True, True, False, False]


# --------------------------------------------------------------------------------------------
# plain-words summary
# --------------------------------------------------------------------------------------------


def _summary_chart():
    values = [5, 4, 6, 5, 4, 6, 5, 5, 16, 6, 6, 7, 6, 7, 6, 6, 7, 8]
    df = pd.DataFrame({"period": months(18, "2022-01"), "accidents": values})
    return c_chart(df, value="accidents", baseline=slice("2022-01", "2022-08"))


def test_summary_english_says_which_periods_signal_and_why():
    out = _summary_chart()
    # baseline c-bar = 40 / 8 = 5, UCL = 5 + 3 sqrt(5) = 11.71; from 2022-10 on every month is above 5
    assert out["center"].iloc[0] == 5.0
    text = control_summary(out)
    lines = text.splitlines()
    assert lines[0] == ("c chart of accidents: limits from 8 periods (2022-01 to 2022-08), centre line 5, "
                        "limits 0 to 11.71 (3-sigma).")
    assert "  2022-09: 16 is above the upper control limit 11.71 (worse than chance explains) [beyond_limits]" in lines
    # from 2022-09 every month is above 5: the WE run reaches 8 in 2023-04 and 10 in 2023-06
    assert "  2023-04: 8 points in a row above the centre line (worse; a shift) [run_one_side]" in lines
    assert "  2023-06: 10 points in a row above the centre line (worse; a shift) [run_one_side]" in lines
    # Anhøj: the three points on the centre line are dropped, so the + of 2022-06 joins the ten after it:
    # 14 useful points (limit round(log2 14) + 3 = 7; crossings >= qbinom(0.05, 13, 0.5) = 4), runs - + - [+ x 11]
    assert lines[-1] == ("Runs analysis (Anhøj): longest run 11 (limit 7), 3 crossings (minimum 4): "
                         "SIGNAL (a run longer than expected and too few crossings: the level has shifted).")


def test_summary_chinese():
    text = control_summary(_summary_chart(), lang="zh")
    assert text.startswith("事故起数 c 控制图：基线 8 期（2022-01 至 2022-08），中心线 5，控制限 0 至 11.71（3σ）。")
    assert "  2022-09：16 高于控制上限 11.71（变差，超出随机波动）【beyond_limits】" in text
    assert "连续 10 点高于中心线（变差，水平发生偏移）" in text
    assert text.endswith("游程分析（Anhøj）：最长游程 11（上限 7），穿越中心线 3 次（下限 4）："
                         "有信号（最长游程超过上限、穿越次数过少，水平发生偏移）。")


def test_summary_many_sites_lists_quiet_ones_and_hints_laney():
    quiet = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9]
    loud = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 40, 9]
    df = pd.DataFrame({"region": ["A"] * 12 + ["B"] * 12 + ["C"] * 12, "period": months(12) * 3,
                       "accidents": quiet + loud + quiet})
    text = control_summary(c_chart(df, value="accidents", by="region"))
    assert text.startswith("B — c chart of accidents")
    assert text.endswith("No signal in 2 site(s): A, C.")
    zh = control_summary(c_chart(df, value="accidents", by="region"), lang="zh")
    assert zh.endswith("2 个地区无信号：A、C。")
    over = pd.DataFrame({"period": months(8), "injuries": INJURIES, "hours": [1e7] * 8})
    hint = control_summary(u_chart(over, value="injuries", exposure="hours", per=1e6))
    assert "limits vary" not in hint and "Laney σz" in hint and "laney_u_chart" in hint


def test_summary_of_varying_limits_and_empty_frame():
    df = pd.DataFrame({"period": months(10), "x": DYED_X, "units": DYED_N})
    out = u_chart(df, value="x", exposure="units")
    # the extremes are at the smallest and largest rolls: 1.42326 -/+ 3 sqrt(1.42326 / 8) = 0.158 / 2.689 and
    # 1.42326 -/+ 3 sqrt(1.42326 / 13) = 0.431 / 2.416
    assert "limits vary with exposure (lower 0.158–0.431, upper 2.42–2.69)" in control_summary(out)
    assert control_summary(out.iloc[0:0]) == "No points to summarise."
