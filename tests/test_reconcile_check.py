"""Claims checked against raw data: every verdict path, vintages, revised base vs wrong percentage (issue #10).

Expected percentages are written out by hand (exact fractions, rounded half up); the Poisson p-values come
from statsmodels' exact conditional test (and R's documented poisson.test value for 71 vs 80).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetystats.reconcile import FAILING, check_against, is_failing


def claim(**kw):
    base = {"claim_id": "c1", "kind": "change", "metric": "死亡", "metric_key": "deaths", "region": None,
            "period": "2023", "value": 50.0, "reported_pct": 10.7, "pct_decimals": 1, "direction": "decrease"}
    base.update(kw)
    return base


def claims(*rows):
    return pd.DataFrame(list(rows))


SUZHOU = pd.DataFrame({"region": ["苏州市", "苏州市"], "period": [2022, 2023], "accidents": [80, 71],
                       "deaths": [56, 50]})
# A city's 2022 counts as first published (351 deaths) and as revised in the 2023 report (350).
VINTAGES = pd.DataFrame({"period": ["2022", "2022", "2023"], "deaths": [351, 350, 300],
                         "vintage": ["first", "revised", "first"]})


def half_up(num: int, den: int, decimals: int = 1) -> float:
    """100 * num / den rounded half up, exactly (the hand calculation behind each expected figure)."""
    q = Decimal(100 * num) / Decimal(den)
    return float(q.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def test_suzhou_pair_against_its_counts():
    t = check_against(claims(claim(claim_id="acc", metric="生产安全事故", metric_key="accidents", value=71.0,
                                   reported_pct=11.3), claim(claim_id="dth")), SUZHOU).set_index("claim_id")
    # (71 - 80) / 80 = -11.25% -> -11.3 half up; (50 - 56) / 56 = -10.714…% -> -10.7
    assert half_up(-9, 80) == -11.3 and half_up(-6, 56) == -10.7
    assert t.loc["acc", "recomputed_pct"] == -11.3 and t.loc["dth", "recomputed_pct"] == -10.7
    assert t["verdict"].tolist() == ["consistent", "consistent"]
    assert t["base_source"].astype(str).tolist() == ["data", "data"]
    assert (t.loc["acc", "base_value"], t.loc["acc", "base_rows"]) == (80.0, "0")
    # exact conditional Poisson test: R's poisson.test(c(71, 80)) documents p = 0.5152 for this pair
    from statsmodels.stats.rates import test_poisson_2indep

    for cid, x, b in (("acc", 71, 80), ("dth", 50, 56)):
        ref = test_poisson_2indep(x, 1, b, 1, method="exact-cond").pvalue
        assert t.loc[cid, "p_value"] == pytest.approx(ref, rel=1e-9)
    assert t.loc["acc", "p_value"] == pytest.approx(0.5152, abs=5e-5)
    assert "base 2022 = 80" in t.loc["acc", "note"]


def test_half_even_gives_consistent_other_rounding_with_the_data_base():
    t = check_against(claims(claim(metric_key="accidents", value=71.0, reported_pct=11.3)), SUZHOU,
                      rounding="half_even").iloc[0]
    assert t["verdict"] == "consistent_other_rounding"
    assert "half_up" in t["rounding_rules_ok"]


def test_revised_base_is_told_apart_from_a_wrong_percentage():
    # 300 against the revised 350: -14.2857…% -> -14.3; against the first-published 351: -14.5299…% -> -14.5
    assert half_up(-50, 350) == -14.3 and half_up(-51, 351) == -14.5
    t = check_against(claims(claim(claim_id="revised", value=300.0, reported_pct=14.3),
                             claim(claim_id="first", value=300.0, reported_pct=14.5),
                             claim(claim_id="wrong", value=300.0, reported_pct=14.9)), VINTAGES).set_index("claim_id")
    assert t.loc["revised", "verdict"] == "consistent"
    assert (t.loc["revised", "base_value"], t.loc["revised", "base_vintage"]) == (350.0, "revised")
    assert "fits the 2022 figure 351→350 (revised; index 1): -14.3%" in t.loc["revised", "note"]
    assert "against 351 (first) it would be -14.5%" in t.loc["revised", "note"]
    assert t.loc["first", "verdict"] == "consistent_other_vintage"
    assert (t.loc["first", "base_value"], t.loc["first", "base_vintage"]) == (351.0, "first")
    assert "fits only the 2022 figure 351 (first; index 0)" in t.loc["first", "note"]
    assert "not the default 350 (revised; index 1), which gives -14.3%" in t.loc["first", "note"]
    assert t.loc["wrong", "verdict"] == "inconsistent"
    assert t.loc["wrong", "base_value"] == 350.0
    assert "no version fits (351 (first): -14.5%)" in t.loc["wrong", "note"]
    assert t.loc["revised", "versions_fitting"] == "revised"
    assert pd.isna(t.loc["wrong", "versions_fitting"])
    assert t["versions_tried"].tolist() == [2, 2, 2]
    assert is_failing(t).tolist() == [False, False, True]


def test_the_default_vintage_can_be_the_first_published():
    t = check_against(claims(claim(value=300.0, reported_pct=14.5)), VINTAGES, vintage="first").iloc[0]
    assert (t["verdict"], t["base_value"]) == ("consistent", 351.0)


def test_wrong_direction_percentage_points_and_unverifiable():
    up = pd.DataFrame({"period": [2022, 2023], "deaths": [60, 71]})
    rate = pd.DataFrame({"period": ["2022", "2023"], "indicator": "pass_rate", "value": [5.0, 4.0],
                         "decimals": 1, "unit": "%"})
    t = check_against(claims(claim(claim_id="dir", value=71.0, reported_pct=18.3),
                             claim(claim_id="nopct", value=71.0, reported_pct=None, pct_decimals=None,
                                   direction=None)), up).set_index("claim_id")
    # (71 - 60) / 60 = +18.333…%: the size fits, the direction does not
    assert half_up(11, 60) == 18.3
    assert t.loc["dir", "verdict"] == "wrong_direction"
    assert t.loc["nopct", "verdict"] == "unverifiable"
    # a rate from 5.0% to 4.0% is down 20% or down 1.0 percentage point; "下降1.0%" is the points figure
    r = check_against(claims(claim(claim_id="pp", metric="考试合格率", metric_key="pass_rate", value=4.0,
                                   value_decimals=1, reported_pct=1.0, unit="%")), rate).iloc[0]
    assert r["verdict"] == "percentage_points"
    assert r["verdict"] in FAILING


def test_unmatched_claims_are_checked_on_their_own_numbers():
    from safetystats.checks import check_claims

    c = claims(claim(claim_id="inj", metric="受伤", metric_key="injuries", value=12.0, reported_pct=14.3,
                     abs_change=2.0, abs_change_decimals=0))
    t = check_against(c, SUZHOU).iloc[0]
    own = check_claims(c).iloc[0]
    assert t["match"] == "unmatched" and t["match_reason"].startswith("no such metric")
    assert t["verdict"] == own["verdict"] == t["own_verdict"]
    # 12 with a drop of 2 means a base of 14: -2/14 = -14.2857…% -> -14.3
    assert half_up(-2, 14) == -14.3 and t["verdict"] == "consistent"
    assert t["note"].startswith("unmatched: no such metric")


def test_stated_figures_that_the_data_do_not_hold():
    t = check_against(claims(claim(claim_id="chg", value=51.0, reported_pct=8.9),
                             claim(claim_id="lvl", kind="level", value=72.0, metric_key="accidents",
                                   reported_pct=None, pct_decimals=None, direction=None),
                             claim(claim_id="ok", kind="level", value=71.0, metric_key="accidents",
                                   reported_pct=None, pct_decimals=None, direction=None)),
                      SUZHOU).set_index("claim_id")
    # the change is checked with the report's own 51 against the data's 56: -5/56 = -8.93% -> -8.9
    assert half_up(-5, 56) == -8.9
    assert t.loc["chg", "verdict"] == "consistent"
    assert not t.loc["chg", "stated_value_agrees"]
    assert "the report says 51 but the data hold 50" in t.loc["chg", "note"]
    assert t.loc["lvl", "verdict"] == "inconsistent" and not t.loc["lvl", "stated_value_agrees"]
    assert t.loc["ok", "verdict"] == "consistent" and t.loc["ok", "stated_value_agrees"]
    assert is_failing(t).tolist() == [True, True, False]


def test_a_level_that_fits_only_another_vintage():
    t = check_against(claims(claim(kind="level", period="2022", value=351.0, reported_pct=None, pct_decimals=None,
                                   direction=None)), VINTAGES).iloc[0]
    assert t["verdict"] == "consistent_other_vintage"
    assert "the report's 351 is a version the data hold (first; index 0), not the default 350 (revised)" in t["note"]


def test_a_stated_base_is_compared_with_the_data():
    t = check_against(claims(claim(claim_id="a", value=300.0, base_value=350.0, reported_pct=14.3),
                             claim(claim_id="b", value=300.0, base_value=352.0, reported_pct=14.3)),
                      VINTAGES).set_index("claim_id")
    assert t.loc["a", "stated_base_agrees"] and t.loc["a", "verdict"] == "consistent"
    assert not t.loc["b", "stated_base_agrees"]
    assert "the report's base 352 differs from the data" in t.loc["b", "note"]
    assert t.loc["b", "stated_base"] == 352.0


def test_a_claim_without_its_own_value_takes_the_current_figure_from_the_data():
    t = check_against(claims(claim(value=None, reported_pct=14.3)), VINTAGES).iloc[0]
    assert (t["value"], t["base_value"], t["verdict"]) == (300.0, 350.0, "consistent")
    assert (t["current_rows"], t["current_vintage"]) == ("2", "first")


def test_partial_matches_fall_back_to_the_claims_own_numbers():
    t = check_against(claims(claim(period="2022", value=56.0, reported_pct=3.0, pct_decimals=0)), SUZHOU).iloc[0]
    assert t["match"] == "partial"
    assert t["stated_value_agrees"]
    assert t["verdict"] == t["own_verdict"] == "consistent"  # an implied 2021 base exists
    assert t["note"].startswith("partial: base period not in data")


def test_no_matchable_claims_and_no_claims():
    t = check_against(claims(claim(metric="出庭应诉率", metric_key=None, kind="level", value=100.0,
                                   reported_pct=None, pct_decimals=None, direction=None)), SUZHOU)
    assert t["match"].tolist() == ["unmatched"] and t["verdict"].tolist() == ["consistent"]
    assert not is_failing(t).any()
    empty = check_against(claims(claim()).iloc[0:0], SUZHOU)
    assert len(empty) == 0 and "match" in empty.columns


def test_sentence_pairs_stay_within_one_combination_of_versions():
    # "事故 71 起、死亡 50 人，分别下降 10.7% 和 11.3%": the two figures are swapped
    text = "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 10.7%和 11.3%。"
    c = claims(claim(claim_id="acc", metric_key="accidents", value=71.0, reported_pct=10.7, source_text=text),
               claim(claim_id="dth", value=50.0, reported_pct=11.3, source_text=text))
    t = check_against(c, SUZHOU)
    assert t["verdict"].tolist() == ["inconsistent", "inconsistent"]
    assert t["likely_cause"].astype(str).tolist() == ["pair_swapped", "pair_swapped"]


def test_inputs_are_not_changed():
    c = claims(claim(), claim(claim_id="c2", value=None))
    d = VINTAGES.copy()
    c0, d0 = c.copy(), d.copy()
    check_against(c, d)
    pd.testing.assert_frame_equal(c, c0)
    pd.testing.assert_frame_equal(d, d0)


CASE = st.tuples(st.integers(1, 5000), st.integers(0, 5000), st.integers(-3, 3), st.integers(0, 2),
                 st.sampled_from(["half_up", "half_even", "down", "up"]))


@settings(max_examples=10)
@given(cases=st.lists(CASE, min_size=1, max_size=80))
def test_a_percentage_computed_from_any_version_is_never_flagged(cases):
    """Property: the change computed exactly from one version of the base is never a failing verdict.

    Each case is a region with a first-published and a revised base.  The reported percentage is computed
    here with the decimal module (independent of safetystats): against the default (revised) base it is
    consistent; against the first-published one consistent or consistent_other_vintage.
    """
    from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_UP

    modes = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}
    data, rows = [], []
    for i, (base, current, revision, decimals, rule) in enumerate(cases):
        first = max(1, base + revision)
        region = f"r{i}"
        data += [{"region": region, "period": "2022", "deaths": first, "vintage": "first"},
                 {"region": region, "period": "2022", "deaths": base, "vintage": "revised"}]
        for which, b in (("revised", base), ("first", first)):
            q = (Decimal(100 * (current - b)) / Decimal(b)).quantize(Decimal(1).scaleb(-decimals),
                                                                      rounding=modes[rule])
            if q == 0:
                continue  # a zero change has no direction to test here
            rows.append(claim(claim_id=f"{which}{i}", region=region, value=float(current),
                              reported_pct=str(abs(q)), pct_decimals=decimals,
                              direction="decrease" if q < 0 else "increase", rounding=rule))
    if not rows:
        return
    t = check_against(claims(*rows), pd.DataFrame(data))
    revised = t["claim_id"].str.startswith("revised")
    assert (t.loc[revised, "verdict"] == "consistent").all()
    assert t.loc[~revised, "verdict"].isin(["consistent", "consistent_other_vintage"]).all()
    assert not t["verdict"].isin(list(FAILING)).any()


def test_check_claims_takes_against_and_approximate_bases():
    from safetystats import check_claims

    data = pd.DataFrame({"period": ["2016", "2017"], "indicator": "accidents", "value": [60000.0, 53000.0],
                         "value_as_written": ["6万", "5.3万"], "decimals": [0, 1], "approximate": [True, True]})
    c = claims(claim(metric="事故", metric_key="accidents", period="2017", value=53000.0, value_approximate=True,
                     reported_pct=16.2))
    t = check_claims(c, against=data).iloc[0]
    # 5.3万 (52,000 … 54,000) against 6万 (50,000 … 70,000): a fall of 16.2% is possible (e.g. 53,000 / 63,246)
    assert 1 - 54000 / 70000 > 0.162 > 1 - 52000 / 50000
    assert (t["verdict"], t["base_value"], t["match"]) == ("consistent", 60000.0, "matched")
    # the same claim against an exact 60,000 cannot fit: at most 1 - 52,000 / 60,000 = 13.3%
    exact = data.assign(approximate=[False, True], value_as_written=["60000", "5.3万"])
    assert check_claims(c, against=exact).iloc[0]["verdict"] == "inconsistent"
