"""Matching claims to raw data: metric, region, period, base period, vintages and bad input (issue #10)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from safetystats.errors import ParameterError, ValidationError
from safetystats.reconcile import data_facts, half_width, match_claims, metric_key_of, region_key


def claim(**kw):
    base = {"claim_id": "c1", "kind": "change", "metric": "死亡", "metric_key": "deaths", "region": None,
            "period": "2023", "base_period": None, "value": 50.0, "reported_pct": 10.7, "pct_decimals": 1,
            "direction": "decrease", "source_text": None}
    base.update(kw)
    return base


def claims(*rows):
    return pd.DataFrame(list(rows))


SUZHOU = pd.DataFrame({"region": ["苏州市", "苏州市"], "period": [2022, 2023], "accidents": [80, 71],
                       "deaths": [56, 50]})


# --- metric, region, period --------------------------------------------------------------------------------
def test_basic_match_gives_both_rows():
    m = match_claims(claims(claim(), claim(claim_id="c2", metric="生产安全事故", metric_key=None, value=71.0,
                                          reported_pct=11.3)), SUZHOU).set_index("claim_id")
    assert m.loc["c1", "match"] == "matched"
    assert (m.loc["c1", "data_current"], m.loc["c1", "data_base"]) == (50.0, 56.0)
    assert (m.loc["c1", "period"], m.loc["c1", "base_period"], m.loc["c1", "base_rule"]) == (
        "2023", "2022", "same_period_last_year")
    # metric words alone (no metric_key) are read with the schema aliases
    assert m.loc["c2", "metric_key"] == "accidents"
    assert m.loc["c2", "data_base"] == 80.0
    # rows are the frame's index for a frame that did not come from a file
    assert (m.loc["c1", "current_rows"], m.loc["c1", "base_rows"]) == ("1", "0")


def test_rows_and_file_come_from_the_reader(tmp_path):
    from safetystats.io import read_csv

    path = tmp_path / "counts.csv"
    path.write_text("地区,年份,事故起数,死亡人数\n苏州市,2022,80,56\n苏州市,2023,71,50\n", encoding="utf-8")
    data = read_csv(path)
    m = match_claims(claims(claim()), data).iloc[0]
    assert m["base_file"] == str(path)
    assert (m["current_rows"], m["base_rows"]) == ("3", "2")  # line numbers in the file (header = 1)


def test_region_rules():
    two = pd.DataFrame({"region": ["苏州市", "苏州市", "无锡市", "无锡市"], "period": [2022, 2023, 2022, 2023],
                        "deaths": [56, 50, 40, 41]})
    m = match_claims(claims(claim(region="苏州"), claim(claim_id="c2", region=None),
                            claim(claim_id="c3", region="南京市")), two).set_index("claim_id")
    assert m.loc["c1", "match"] == "matched" and m.loc["c1", "data_base"] == 56.0  # 苏州 = 苏州市
    assert m.loc["c2", "match"] == "unmatched"
    assert "region unclear" in m.loc["c2", "match_reason"] and "无锡市" in m.loc["c2", "match_reason"]
    assert m.loc["c3", "match"] == "unmatched"
    assert "region not in data" in m.loc["c3", "match_reason"] and "南京市" in m.loc["c3", "match_reason"]
    # region= supplies the region of claims that name none
    m2 = match_claims(claims(claim(region=None)), two, region="无锡").iloc[0]
    assert (m2["match"], m2["data_base"]) == ("matched", 40.0)


def test_a_claim_without_region_matches_a_one_region_frame_and_a_frame_without_region():
    m = match_claims(claims(claim(region=None)), SUZHOU).iloc[0]
    assert m["match"] == "matched"
    assert "region taken from the data (苏州市)" in m["match_reason"]
    no_region = SUZHOU.drop(columns="region")
    m = match_claims(claims(claim(region="苏州市")), no_region).iloc[0]
    assert m["match"] == "matched"
    assert "name no region" in m["match_reason"]


def test_unknown_metric_and_missing_metric():
    m = match_claims(claims(claim(metric="受伤", metric_key="injuries"),
                            claim(claim_id="c2", metric=None, metric_key=None)), SUZHOU).set_index("claim_id")
    assert m.loc["c1", "match"] == "unmatched"
    assert m.loc["c1", "match_reason"].startswith("no such metric")
    assert "accidents, deaths" in m.loc["c1", "match_reason"]
    assert m.loc["c2", "match_reason"].startswith("no metric")


def test_period_not_in_data_and_partial_matches():
    m = match_claims(claims(claim(period="2024"), claim(claim_id="c2", period="2022"),
                            claim(claim_id="c3", kind="level", period="2021", reported_pct=None, pct_decimals=None,
                                  direction=None)), SUZHOU).set_index("claim_id")
    # 2024 vs 2023: the base is there, the report gives its own current value
    assert m.loc["c1", "match"] == "matched"
    assert "hold no 2024 figure" in m.loc["c1", "match_reason"]
    # 2022 vs 2021: the current figure is there, the base is not
    assert m.loc["c2", "match"] == "partial"
    assert m.loc["c2", "match_reason"].startswith("base period not in data")
    assert "2022, 2023, not 2021" in m.loc["c2", "match_reason"]
    assert m.loc["c3", "match"] == "unmatched"
    assert m.loc["c3", "match_reason"].startswith("period not in data")


def test_periods_that_do_not_line_up_say_which():
    m = match_claims(claims(claim(period="2023-01..09")), SUZHOU).iloc[0]
    assert m["match"] == "unmatched"
    reason = m["match_reason"]
    assert reason.startswith("periods do not line up")
    assert "2023-01..09" in reason and "years (2022, 2023)" in reason
    # a base period of another kind than the period
    m = match_claims(claims(claim(period="2023", base_period="2022-12")), SUZHOU).iloc[0]
    assert m["match"] == "partial"
    assert "different kinds" in m["match_reason"]
    # a base period that is not before the period
    m = match_claims(claims(claim(period="2022", base_period="2023")), SUZHOU).iloc[0]
    assert "is not before" in m["match_reason"]


def test_no_period_and_the_period_option():
    m = match_claims(claims(claim(period=None)), SUZHOU).iloc[0]
    assert m["match"] == "unmatched" and m["match_reason"].startswith("no period")
    m = match_claims(claims(claim(period=None)), SUZHOU, period="2023年").iloc[0]
    assert (m["match"], m["data_base"]) == ("matched", 56.0)
    with pytest.raises(ParameterError, match="not a period"):
        match_claims(claims(claim()), SUZHOU, period="last year")


# --- base periods: 同比, 环比, stated ------------------------------------------------------------------------
MONTHS = pd.DataFrame({"period": [f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)],
                       "accidents": np.arange(1, 25) % 7 + 3, "deaths": np.arange(1, 25) % 5 + 1})


def test_same_period_last_year_is_the_default_and_huanbi_is_the_previous_month():
    m = match_claims(claims(claim(period="2023-07", source_text="7月死亡3人，同比下降10%"),
                            claim(claim_id="c2", period="2023-07", source_text="7月死亡3人，环比下降10%"),
                            claim(claim_id="c3", period="2023-07", source_text="deaths fell 10% month-on-month")),
                     MONTHS).set_index("claim_id")
    assert (m.loc["c1", "base_period"], m.loc["c1", "base_rule"]) == ("2022-07", "same_period_last_year")
    assert (m.loc["c2", "base_period"], m.loc["c2", "base_rule"]) == ("2023-06", "previous_period")
    assert m.loc["c3", "base_period"] == "2023-06"
    d = MONTHS.set_index("period")["deaths"]
    assert m.loc["c1", "data_base"] == d["2022-07"] and m.loc["c2", "data_base"] == d["2023-06"]


def test_stated_base_period_wins():
    m = match_claims(claims(claim(period="2023-07", base_period="2023-05", source_text="同比")), MONTHS).iloc[0]
    assert (m["base_period"], m["base_rule"]) == ("2023-05", "stated")


def test_spans_quarters_and_years_are_summed_from_months():
    d = MONTHS.set_index("period")["deaths"]
    m = match_claims(claims(claim(period="2023年1-9月"), claim(claim_id="q", period="2023Q3"),
                            claim(claim_id="y", period="2023")), MONTHS).set_index("claim_id")
    assert m.loc["c1", "period"] == "2023-01..09" and m.loc["c1", "base_period"] == "2022-01..09"
    # hand sums of the monthly rows
    assert m.loc["c1", "data_current"] == sum(d[f"2023-{k:02d}"] for k in range(1, 10))
    assert m.loc["c1", "data_base"] == sum(d[f"2022-{k:02d}"] for k in range(1, 10))
    assert m.loc["c1", "current_rows"] == "+".join(str(12 + k) for k in range(9))  # index 12 … 20
    assert m.loc["q", "data_current"] == d["2023-07"] + d["2023-08"] + d["2023-09"]
    assert m.loc["y", "data_base"] == sum(d[f"2022-{k:02d}"] for k in range(1, 13))


def test_a_year_from_quarters_and_a_missing_month_said_by_name():
    q = pd.DataFrame({"period": ["2022Q1", "2022Q2", "2022Q3", "2022Q4", "2023Q1", "2023Q2", "2023Q3", "2023Q4"],
                      "deaths": [5, 6, 7, 8, 4, 4, 4, 4]})
    m = match_claims(claims(claim(period="2023", value=16.0, reported_pct=38.5)), q).iloc[0]
    assert (m["data_current"], m["data_base"]) == (16.0, 26.0)
    gap = MONTHS[MONTHS["period"] != "2022-05"]
    m = match_claims(claims(claim(period="2023年1-9月")), gap).iloc[0]
    assert m["match"] == "partial"
    assert "lack 2022-05" in m["match_reason"]


def test_rates_are_not_summed():
    long = pd.DataFrame({"period": [f"2023-{k:02d}" for k in range(1, 13)], "indicator": "pass_rate",
                         "value": np.linspace(90, 95, 12), "decimals": 1})
    m = match_claims(claims(claim(metric="pass_rate", metric_key="pass_rate", period="2023")), long).iloc[0]
    assert m["match"] == "unmatched"
    assert "not a count" in m["match_reason"]


def test_split_years():
    gb = pd.DataFrame({"region": "Great Britain", "period": ["2021/22", "2022/23", "2023/24"],
                       "deaths": [123, 136, 138]})
    m = match_claims(claims(claim(region="GB", period="2023/24", value=138.0, reported_pct=1.5,
                                  direction="increase")), gb).iloc[0]
    assert (m["base_period"], m["data_base"]) == ("2022/23", 136.0)


def test_a_basis_other_than_the_previous_figure_is_not_looked_up():
    m = match_claims(claims(claim(basis="five-year average")), SUZHOU).iloc[0]
    assert m["match"] == "partial"
    assert "compared with five-year average" in m["match_reason"]
    m = match_claims(claims(claim(basis="previous year")), SUZHOU).iloc[0]
    assert m["match"] == "matched"


# --- vintages --------------------------------------------------------------------------------------------
LONG = pd.DataFrame({
    "region": "示例市", "period": ["2022", "2022", "2023"], "indicator": ["死亡人数"] * 3,
    "value": [351.0, 350.0, 300.0], "vintage": ["2022年报（初次公布）", "2023年报（修订）", "2023年报（修订）"],
    "published": ["2023-01-20", "2024-01-18", "2024-01-18"]})


def test_default_vintage_is_the_latest_and_can_be_chosen():
    m = match_claims(claims(claim(value=300.0)), LONG).iloc[0]
    assert (m["data_base"], m["base_vintage"], m["base_versions"]) == (350.0, "2023年报（修订）", 2)
    m = match_claims(claims(claim(value=300.0)), LONG, vintage="first").iloc[0]
    assert m["data_base"] == 351.0
    m = match_claims(claims(claim(value=300.0)), LONG, vintage=["2022年报（初次公布）"]).iloc[0]
    assert m["data_base"] == 351.0
    with pytest.raises(ParameterError, match="not a vintage of the data"):
        match_claims(claims(claim()), LONG, vintage="final")


def test_status_words_rank_before_dates():
    df = pd.DataFrame({"period": ["2007", "2007"], "indicator": "fatal_work_injuries", "value": [5657.0, 5488.0],
                       "status": ["final", "preliminary"], "published": ["2009-04", "2009-08"],
                       "vintage": ["final 2009", "secondary page"]})
    f = data_facts(df)
    assert f.loc[f["is_default"], "value"].tolist() == [5657.0]
    # without status, words in the vintage name decide (revised after first)
    g = pd.DataFrame({"period": ["2022", "2022"], "deaths": [350, 351], "vintage": ["revised", "first"]})
    assert data_facts(g).loc[lambda d: d["is_default"], "value"].tolist() == [350.0]


def test_duplicate_vintage_names_are_a_clear_error():
    dup = pd.DataFrame({"period": ["2022", "2022", "2023"], "deaths": [351, 350, 300],
                        "vintage": ["revised", "revised", "revised"]})
    with pytest.raises(ValidationError) as err:
        data_facts(dup)
    msg = str(err.value)
    assert "vintage 'revised' more than once" in msg and "row 0" in msg and "row 1" in msg
    assert set(err.value.problems["row"]) == {0, 1}
    long = pd.concat([LONG, LONG.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValidationError, match="more than once"):
        match_claims(claims(claim()), long)


def test_several_frames_get_their_file_as_vintage():
    a = SUZHOU.copy()
    a.attrs["source"] = "bureau_2023.csv"
    b = pd.DataFrame({"region": ["苏州市"], "period": [2022], "accidents": [81], "deaths": [57]})
    b.attrs["source"] = "bureau_2022.csv"
    f = data_facts([a, b])
    both = f[(f["metric_key"] == "deaths") & (f["period"] == "2022")]
    assert sorted(both["vintage"]) == ["bureau_2022.csv", "bureau_2023.csv"]
    b2 = b.copy()
    b2["vintage"] = "x"
    a2 = a.copy()
    a2["vintage"] = "x"
    with pytest.raises(ValidationError, match="more than once"):
        data_facts([a2, b2])


# --- bad input -----------------------------------------------------------------------------------------------
def test_data_failing_validation_raise_the_schema_error():
    bad = pd.DataFrame({"period": [2022, 2023], "deaths": [56, -1]})
    with pytest.raises(ValidationError, match="must be 0 or more"):
        match_claims(claims(claim()), bad)
    with pytest.raises(ValidationError, match="not a canonical period|not a period"):
        match_claims(claims(claim()), pd.DataFrame({"period": ["last year"], "deaths": [5]}))


def test_bad_against_arguments():
    with pytest.raises(ParameterError, match="neither counts"):
        match_claims(claims(claim()), pd.DataFrame({"period": [2023], "shelters": [78]}))
    with pytest.raises(ParameterError, match="empty"):
        match_claims(claims(claim()), SUZHOU.iloc[0:0])
    with pytest.raises(ParameterError, match="DataFrame"):
        match_claims(claims(claim()), {"deaths": [1]})
    with pytest.raises(ParameterError, match="claims"):
        match_claims([claim()], SUZHOU)


def test_frames_are_not_changed():
    c = claims(claim(), claim(claim_id="c2", period="2023-01..09"))
    data = LONG.copy()
    c0, d0 = c.copy(), data.copy()
    match_claims(c, data)
    pd.testing.assert_frame_equal(c, c0)
    pd.testing.assert_frame_equal(data, d0)


def test_no_claims_gives_an_empty_table():
    empty = claims(claim()).iloc[0:0]
    m = match_claims(empty, SUZHOU)
    assert len(m) == 0 and "match" in m.columns


# --- helpers -------------------------------------------------------------------------------------------------
def test_metric_and_region_keys():
    assert metric_key_of("死亡人数（人）") == "deaths"
    assert metric_key_of("事故起数") == "accidents"
    assert metric_key_of("workers_killed") == "deaths"
    assert metric_key_of("Fatal work injuries") == "deaths"
    assert metric_key_of("直接经济损失") == "direct_economic_loss"
    assert metric_key_of("shelters", metrics={"shelters": "避难场所"}) == "避难场所"
    assert metric_key_of(None) is None
    assert region_key("苏州市") == region_key("苏州") == "苏州"
    assert region_key("ＣＨＩＮＡ") == region_key("全国") == "全国"
    assert region_key("U.S.") == "united states"
    assert region_key(None) == ""


def test_half_widths_by_hand():
    # 1.96万: one unit of the last written digit (100); 3.4万: 1,000; 约 71: 1; a count: 0; a rate 0.56: 0.005
    got = half_width([19600, 34000, 71, 71, 0.56, 4.0], [2, 1, 0, 0, 2, 0],
                     [True, True, True, False, False, False], count=[True, True, True, True, False, False])
    assert got.tolist() == [100.0, 1000.0, 1.0, 0.0, 0.005, 0.5]
    # the written form decides the unit when the data carry it: "1.00万" is 10,000 ± 100
    df = pd.DataFrame({"period": ["2024"], "indicator": ["deaths"], "value": [10000.0], "value_as_written": ["1.00万"],
                       "decimals": [2], "approximate": [True]})
    assert data_facts(df)["half_width"].tolist() == [100.0]
