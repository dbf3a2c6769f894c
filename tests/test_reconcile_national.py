"""Real reconciliation cases in the bundled national data sets (issue #10).

Each expectation is a published figure (the data READMEs list the sources) and a hand calculation.
"""

from __future__ import annotations

import math

import pytest

from safetystats.errors import ParameterError
from safetystats.reconcile.national import national_claims, national_reconciliation


@pytest.fixture(scope="module")
def china():
    return national_reconciliation("china", metrics=["deaths", "accidents"])


@pytest.fixture(scope="module")
def us():
    return national_reconciliation("us", metrics=["deaths"])


@pytest.fixture(scope="module")
def uk():
    return national_reconciliation("uk", metrics=["deaths"])


def _check(rec, period, pct, metric="deaths"):
    c = rec.checks
    row = c[(c["period"] == period) & (c["metric_key"] == metric) & (c["reported_pct"] == pct)]
    assert len(row) == 1, row
    return row.iloc[0]


def test_china_2005_headline_fits_only_the_revised_2004_count(china):
    # 126,760 against 136,755: -9,995 / 136,755 = -7.309% -> -7.3; against 136,092: -6.857% -> -6.9
    assert round(100 * (126760 - 136755) / 136755, 3) == -7.309
    assert round(100 * (126760 - 136092) / 136092, 3) == -6.857
    r = _check(china, "2005", -7.3)
    assert r["verdict"] == "consistent_other_vintage"
    assert (r["base_value"], r["base_vintage"]) == (136755.0, "SAWS 2005-01 (China Daily)")
    assert "not the default" in r["note"] and "136,092" in r["note"]


def test_china_2004_deaths_restated_and_implied_differently(china):
    d = china.disagreements
    y = d[(d["metric_key"] == "deaths") & (d["period"] == "2004")]
    restated = y[y["kind"] == "restated"].iloc[0]
    assert {restated["shown_a"], restated["shown_b"]} == {"136,092 (stated)", "136,755 (stated)"}
    implied = y[y["kind"] == "implied_differently"].iloc[0]
    # 126,760 down 7.3%: 126760 / 0.9275 = 136668.5 … 126760 / 0.9265 = 136815.9 -> 136,669–136,815
    assert (math.ceil(126760 / 0.9275), math.ceil(126760 / 0.9265) - 1) == (136669, 136815)
    assert implied["shown_b"].startswith("136,669–136,815")
    assert implied["shown_a"] == "136,092 (stated)"


def test_china_2020_two_agencies_give_different_changes(china):
    d = china.disagreements
    row = d[(d["kind"] == "change_differs") & (d["period"] == "2020") & (d["metric_key"] == "deaths")].iloc[0]
    assert (row["shown_a"], row["shown_b"]) == ("-7.14% (2020 vs 2019)", "-8.3% (2020 vs 2019)")
    assert row["document_b"] == "MEM year-end 2021-01"
    # NBS's 27,412 with the stated fall of 2,107: base 29,519, -2107/29519 = -7.138% -> -7.14 (own numbers)
    assert round(100 * -2107 / 29519, 2) == -7.14
    r = _check(china, "2020", -7.14)
    assert (r["verdict"], r["match"]) == ("consistent", "partial")


def test_china_2023_implies_a_revised_2022_count(china):
    f = china.figures
    imp = f[(f["origin"] == "implied") & (f["period"] == "2022") & (f["metric_key"] == "deaths")].iloc[0]
    # 21,242 down 4.7% (half up: 4.65 <= x < 4.75): 21242 / 0.9535 = 22277.9 … 21242 / 0.9525 = 22301.3
    assert (math.ceil(21242 / 0.9535), math.ceil(21242 / 0.9525) - 1) == (22278, 22301)
    assert (imp["low"], imp["high"]) == (22278.0, 22301.0)


def test_china_2017_decline_cannot_follow_the_rounded_2016_figure(china):
    # 3.8万 and 4.1万 are each good to one unit of the last digit (±1,000): the steepest decline the two allow is
    # 1 - 37,000 / 42,000 = 11.9%, short of the reported 12.1%
    assert round(100 * (1 - 37000 / 42000), 1) == 11.9
    r = _check(china, "2017", -12.1)
    assert r["verdict"] == "inconsistent"
    d = china.disagreements
    assert ((d["kind"] == "implied_differently") & (d["period"] == "2016") & (d["metric_key"] == "deaths")).any()


def test_china_2016_change_on_a_comparable_scope_is_not_checked_against_2015(china):
    r = _check(china, "2016", -4.1)
    assert r["match"] == "partial" and "comparable scope" in r["match_reason"]
    d = china.disagreements
    assert not ((d["period"] == "2015") & (d["metric_key"] == "deaths")).any()


def test_china_2024_two_releases_round_differently_but_both_fit(china):
    # 1.96万 (19,500 … 19,700 at one unit of the last digit) against 21,242: -8.20% … -7.26%; both -7.6 and -7.7 fit
    assert round(100 * (19500 - 21242) / 21242, 2) == -8.2 and round(100 * (19700 - 21242) / 21242, 2) == -7.26
    assert _check(china, "2024", -7.6)["verdict"] == "consistent"
    assert _check(china, "2024", -7.7)["verdict"] == "consistent"
    d = china.disagreements
    assert ((d["kind"] == "change_differs") & (d["period"] == "2024") & (d["metric_key"] == "deaths")).any()


def test_us_headlines_compare_with_the_previous_years_revised_count(us):
    # 2007 preliminary 5,488 against the revised 2006 count 5,840: -352 / 5840 = -6.03% -> -6
    assert round(100 * (5488 - 5840) / 5840) == -6
    r = _check(us, "2007", -6.0)
    assert (r["verdict"], r["base_value"], r["stated_base_agrees"]) == ("consistent", 5840.0, True)
    d = us.disagreements
    restated = d[(d["kind"] == "restated") & (d["period"] == "2007")].iloc[0]
    assert (restated["shown_a"], restated["shown_b"]) == ("5,488 (stated)", "5,657 (stated)")


def test_us_secondary_pages_that_misprint(us):
    # a consultancy's 5.3% for 2022: 5,486 / 5,190 = +5.70%
    assert round(100 * (5486 - 5190) / 5190, 1) == 5.7
    r = _check(us, "2022", 5.3)
    assert r["verdict"] == "inconsistent" and r["recomputed_pct"] == 5.7
    d = us.disagreements
    assert ((d["kind"] == "change_differs") & (d["period"] == "2022")).any()
    # Safety News Alert: 4,584 and "0.93%" from 4,628 - the 0.93% fits 4,585 (-43/4628), not 4,584 (-44/4628)
    assert round(100 * -43 / 4628, 2) == -0.93 and round(100 * -44 / 4628, 2) == -0.95
    assert _check(us, "2013", -0.93)["verdict"] == "inconsistent"
    assert _check(us, "2013", -0.95)["verdict"] == "consistent"


def test_uk_provisional_counts_compare_with_the_finalised_previous_year(uk):
    # 2023/24: 138, "an increase of two (1.5%)" on the finalised 2022/23 of 136: 2/136 = 1.47% -> 1.5
    assert round(100 * 2 / 136, 1) == 1.5
    r = _check(uk, "2023/24", 1.5)
    assert (r["verdict"], r["base_value"]) == ("consistent", 136.0)
    assert "135" in r["note"]  # the provisional 2022/23 figure is the other version
    d = uk.disagreements
    row = d[(d["kind"] == "restated") & (d["period"] == "2022/23")].iloc[0]
    assert (row["shown_a"], row["shown_b"]) == ("135 (stated)", "136 (stated)")
    # comparisons with the five-year average are not checked against one year's figure
    fy = uk.checks[uk.checks["period"] == "2009/10"].iloc[0]
    assert fy["match"] == "partial" and "five-year average" in fy["match_reason"]


def test_national_claims_and_bad_arguments():
    from safetystats.datasets import load_us_cfoi

    c = national_claims(load_us_cfoi(), dataset="us")
    assert set(c["kind"]) == {"change", "level"}
    assert c["line"].min() >= 2
    with pytest.raises(ParameterError, match="not a bundled national data set"):
        national_reconciliation("france")
    with pytest.raises(ParameterError, match="not in the"):
        national_reconciliation("uk", metrics=["accidents"])
