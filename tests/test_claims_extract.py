"""extract_claims: the seed report, PDF line breaks, spans and lines, the forms real reports use."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from safetystats import validate
from safetystats.claims import CLAIM_COLUMNS, extract_claims
from safetystats.claims.metrics import document_region, document_year, metric_key, region_of
from safetystats.claims.text import MAX_SENTENCE, prepare
from safetystats.errors import ParameterError

CORPUS = Path(__file__).parent / "corpus" / "claims"
SEED = (CORPUS / "suzhou_2023_report.txt").read_text(encoding="utf-8")


def _one(text: str, **kw) -> dict:
    claims = extract_claims(text, **kw)
    assert len(claims) == 1, claims
    return claims.iloc[0].to_dict()


# ---------------------------------------------------------------------------
# the seed report
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return extract_claims(SEED, source="suzhou_2023_report.txt")


def test_seed_finds_exactly_the_seven_claims(seed):
    assert seed.columns.tolist() == CLAIM_COLUMNS
    assert seed["kind"].tolist() == ["level", "level", "change", "change", "level", "sum", "sum"]
    assert seed["line"].tolist() == [21, 21, 39, 39, 39, 43, 47]
    assert seed["claim_id"].tolist() == ["L21-1", "L21-2", "L39-1", "L39-2", "L39-3", "L43-1", "L47-1"]
    validate(seed, kind="claims")  # the frame passes its schema as returned


def test_seed_accidents_deaths_pair(seed):
    acc, dea = seed[seed["kind"] == "change"].to_dict("records")
    assert (acc["metric"], acc["metric_key"], acc["value"], acc["unit"]) == ("生产安全事故", "accidents", 71, "起")
    assert (dea["metric"], dea["metric_key"], dea["value"], dea["unit"]) == ("死亡", "deaths", 50, "人")
    for c, pct in ((acc, 11.3), (dea, 10.7)):
        assert c["reported_pct"] == pct and c["pct_decimals"] == 1 and c["pct_unit"] == "percent"
        assert c["direction"] == "decrease" and c["value_decimals"] == 0 and not c["value_approximate"]
        assert (c["region"], c["period"], c["base_period"]) == ("苏州市", "2023", "2022")
        assert c["source_text"] == "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。"
        assert c["source"] == "suzhou_2023_report.txt"


def test_seed_sums_and_levels(seed):
    sums = seed[seed["kind"] == "sum"]
    assert sums["value"].tolist() == [78, 124036]
    assert sums["parts"].tolist() == ["12+66", "110523+13513"]
    assert sums["unit"].tolist() == ["个", "人"]
    assert sums["metric"].tolist() == ["避难场所", "三项岗位人员考试"]
    levels = seed[seed["kind"] == "level"]
    assert levels["value"].tolist() == [0, 100, 100]
    assert levels["metric"].tolist()[1] == "行政机关负责人出庭应诉率"
    assert "零败诉" in levels["metric"].tolist()[0]


def test_seed_spans_point_into_the_text(seed):
    for r in seed.itertuples():
        piece = SEED[r.span_start:r.span_end]
        assert piece and "\n" not in piece.strip("\n")
        assert SEED.count("\n", 0, r.span_start) + 1 == r.line
    acc = seed[seed["metric_key"] == "accidents"].iloc[0]
    assert SEED[acc.span_start:acc.span_end] == "生产安全事故 71 起、死亡 50 人，分别下降 11.3%"
    shelters = seed[seed["metric"] == "避难场所"].iloc[0]
    assert SEED[shelters.span_start:shelters.span_end] == "避难场所78个，其中中心避难场所12个，固定避难场所66个"


def test_seed_matches_the_bundled_claims_csv(seed):
    """The hand-built claims of data/suzhou_2023/claims.csv are all found, with the same numbers."""
    ref = pd.read_csv(Path(__file__).parents[1] / "data" / "suzhou_2023" / "claims.csv", dtype=str)
    for r in ref.to_dict("records"):
        hit = seed[(seed["kind"] == r["kind"]) & (seed["line"] == int(r["line"]))
                   & (seed["value"] == float(r["value"]))]
        assert len(hit) >= 1, r
        h = hit.iloc[0]
        if isinstance(r["reported_pct"], str):
            assert h["reported_pct"] == float(r["reported_pct"])
        if isinstance(r["parts"], str):
            assert h["parts"] == r["parts"]
        if isinstance(r["base_period"], str):
            assert h["base_period"] == r["base_period"]


def test_pdf_style_breaks_give_the_same_claims(seed):
    """Re-wrap the seed at a fixed width, as a PDF page does, and insert page breaks."""
    lines, cur = [], ""
    for para in SEED.splitlines():
        for ch in para:
            cur += ch
            if len(cur) == 37:
                lines.append(cur)
                cur = ""
        lines.append(cur)
        cur = ""
    wrapped = "\n".join(line + ("\n\n\f" if i % 40 == 39 else "") for i, line in enumerate(lines))
    again = extract_claims(wrapped)
    cols = ["kind", "value", "reported_pct", "parts", "direction", "metric_key"]
    assert again[cols].astype(object).fillna(-1).values.tolist() == seed[cols].astype(object).fillna(-1).values.tolist()


# ---------------------------------------------------------------------------
# text preparation
# ---------------------------------------------------------------------------
def test_numbers_split_across_lines_are_joined():
    c = _one("完成三项岗位人员考试 1240\n36 人，其中特种作业人员 11052\n3 人，主要负责人和安管人员 13513 人。")
    assert c["value"] == 124036 and c["parts"] == "110523+13513"
    assert _one("全年共发生生产安全事故 71 起，分别下降 11.\n3%。")["reported_pct"] == 11.3


def test_english_lines_are_joined_with_a_space_and_hyphens_removed():
    doc = prepare("There were 5,283 fatal work injuries re-\ncorded in 2023, a 3.7-percent\ndecrease from 5,486 in 2022.")
    assert doc.joined == ("There were 5,283 fatal work injuries recorded in 2023, a 3.7-percent decrease "
                          "from 5,486 in 2022.")
    assert not doc.chinese


def test_joined_positions_map_back_to_the_original():
    text = "第一行没有数字\n全年共发生事故 71 起、死\n亡 50 人，分别下降 11.3%和\n\n10.7%。"
    doc = prepare(text)
    for j, ch in enumerate(doc.joined_raw):
        if ch != "\n":
            assert text[doc.source_pos(j)] == ch
    claims = extract_claims(text)
    assert claims["line"].tolist() == [2, 2]
    assert text[claims["span_start"][1]:claims["span_end"][1]].replace("\n", "") == "死亡 50 人，分别下降 11.3%和10.7%"


def test_long_sentences_are_cut():
    doc = prepare("数" * (5 * MAX_SENTENCE))
    assert all(len(s.text) <= MAX_SENTENCE for s in doc.sentences())


# ---------------------------------------------------------------------------
# Chinese forms
# ---------------------------------------------------------------------------
def test_traditional_and_full_width():
    claims = extract_claims("全年共發生生產安全事故 ７１ 起、死亡 ５０ 人，分別下降 １１．３％和 １０．７％。")
    assert claims["value"].tolist() == [71, 50] and claims["reported_pct"].tolist() == [11.3, 10.7]
    assert claims["metric"].tolist() == ["生產安全事故", "死亡"]  # the words as written
    assert claims["metric_key"].tolist() == ["accidents", "deaths"]


def test_absolute_change_and_percentage_pair_in_order():
    claims = extract_claims("2006年,全国共发生各类安全生产事故627158起,死亡112822人,同比减少90780起、14267人,"
                            "分别下降12.6%和11.2%。")
    assert claims["value"].tolist() == [627158, 112822]
    assert claims["abs_change"].tolist() == [90780, 14267]
    assert claims["reported_pct"].tolist() == [12.6, 11.2]
    assert claims["region"].tolist() == ["全国", "全国"]
    assert claims["base_period"].tolist() == ["2005", "2005"]


def test_wan_multiplier_is_approximate():
    c = extract_claims("全年共发生各类生产安全事故2.18万起、死亡1.96万人，同比分别下降11%、7.6%。")
    assert c["value"].tolist() == [21800, 19600]
    assert c["value_decimals"].tolist() == [2, 2] and c["value_approximate"].all()
    assert c["pct_decimals"].tolist() == [0, 1]


def test_chinese_numeral_percent_and_points():
    c = extract_claims("全年火灾起数下降百分之九点六。合格率为92.5%，比上年提高1.5个百分点。")
    assert c["reported_pct"].tolist() == [9.6, 1.5]
    assert c["pct_unit"].tolist() == ["percent", "pp"]
    assert c["value"].isna().tolist() == [True, False]


def test_value_less_list_takes_the_metric_words():
    c = extract_claims("2007年我國發生的各類事故總量和死亡人數比2006年分別下降19.3%和10.1%")
    assert c["metric"].tolist() == ["事故總量", "死亡人數"]  # 各类 (of all kinds) is left out
    assert c["metric_key"].tolist() == ["accidents", "deaths"]
    assert c["base_period"].tolist() == ["2006", "2006"]
    assert c["value"].isna().all()


def test_from_to_is_a_change_with_its_base():
    c = _one("煤矿百万吨死亡率由2006年的2.04降低到2016年的0.157。")
    assert (c["value"], c["base_value"], c["direction"]) == (0.157, 2.04, "decrease")
    assert (c["period"], c["base_period"]) == ("2016", "2006")
    assert c["metric_key"] == "coal_deaths_per_million_tonnes"


@pytest.mark.parametrize(("text", "period", "base_period"), [
    ("1至5月，全市共发生生产安全事故32起，同比下降8.6%。", "2023-01..05", "2022-01..05"),
    ("1-12月，全市共发生生产安全事故32起，同比下降8.6%。", "2023", "2022"),
    ("3月份全市发生生产安全事故15起，环比下降25.0%。", "2023-03", "2023-02"),
    ("前三季度，全市共发生生产安全事故32起，同比下降8.6%。", "2023-01..09", "2022-01..09"),
    ("一季度全市共发生生产安全事故32起，同比下降8.6%。", "2023Q1", "2022Q1"),
])
def test_periods(text, period, base_period):
    c = _one(text, period=2023)
    assert (c["period"], c["base_period"]) == (period, base_period)


def test_share_takes_the_total_of_its_of_which():
    c = _one("全年死亡50人，其中道路交通死亡20人，占全部死亡人数的40.0%。")
    assert (c["kind"], c["value"], c["base_value"], c["reported_pct"]) == ("share", 20, 50, 40.0)


@pytest.mark.parametrize("text", [
    "在5月12日、6月16日、12月4日等重要时间节点，联合相关处室开展宣传活动。",
    "根据《实施意见》（苏协调小组〔2020〕7号）文件精神，共梳理部门行政权力共285项。",
    "修编完善全市专项应急预案推进 1+13+X+Y 应急预案体系建设。",
    "今年1起起行政诉讼案件姑苏区法院维持我局处罚决定。",
    "推动标准化建设“9个全覆盖”，2023年推动创建一级标准化15家，二级标准化458家。",
    "将《突发事件应对法》等7部法律、16部法规、9部规章汇编成册。",
    "力争本系统行政复议和行政诉讼案件“零违法”“零撤销”“零败诉”。",
    "我市安全生产考核排名全省第3位，较上年上升2位。",
    "举报电话：0512-65223456，12350热线24小时受理。",
    "全年共发生生产安全事故71起，其中较大事故2起、重大事故1起。",
    "执行GB6441-86标准，H7N9疫情防控，5G网络覆盖。",
    "工矿商贸企业就业人员10万人生产安全事故死亡人数。",
])
def test_traps_are_not_claims(text):
    assert extract_claims(text).empty


# ---------------------------------------------------------------------------
# English forms
# ---------------------------------------------------------------------------
def test_bls_sentence():
    c = _one("There were 5,283 fatal work injuries recorded in the United States in 2023, a 3.7-percent decrease "
             "from 5,486 in 2022, the U.S. Bureau of Labor Statistics reported today.")
    assert (c["value"], c["base_value"], c["reported_pct"], c["direction"]) == (5283, 5486, 3.7, "decrease")
    assert (c["metric"], c["metric_key"], c["region"]) == ("fatal work injuries", "deaths", "United States")
    assert (c["period"], c["base_period"]) == ("2023", "2022")


def test_or_pairs_absolute_and_percent():
    c = extract_claims("There were 803,571 reported accidents of various kinds last year, causing the deaths of "
                       "136,755 people, a decrease of 155,545 cases or 16.22 percent and a reduction of 315 "
                       "fatalities or 0.23 percent, as compared with the previous year.")
    assert c["value"].tolist() == [803571, 136755]
    assert c["abs_change"].tolist() == [155545, 315]
    assert c["reported_pct"].tolist() == [16.22, 0.23]
    assert c["metric_key"].tolist() == ["accidents", "deaths"]


def test_number_words_and_split_years():
    c = _one("138 workers were killed in work-related incidents in 2023/24, an increase of two (1.5%) on the "
             "previous year.")
    assert (c["abs_change"], c["reported_pct"], c["period"], c["base_period"]) == (2, 1.5, "2023/24", "2022/23")


def test_share_with_part_and_whole():
    c = _one("Transportation incidents remained the most frequent fatal event, accounting for 36.8% (1,942) "
             "of all 5,283 fatalities.")
    assert (c["kind"], c["value"], c["base_value"], c["reported_pct"]) == ("share", 1942, 5283, 36.8)


def test_carry_over_this_represents():
    claims = extract_claims("111 workers were fatally injured at work between April 2019 and March 2020, the "
                            "lowest year on record. This represents a fall of 38 deaths from the previous year.")
    c = claims.iloc[0]
    assert (c["value"], c["abs_change"], c["direction"]) == (111, 38, "decrease")


def test_approximate_percentages_are_checked_under_any_rule():
    c = _one("全年共发生生产安全事故71起，同比下降约11%。")
    assert c["rounding"] == "any" and c["reported_pct"] == 11 and c["value"] == 71


def test_about_sets_any_rounding():
    c = _one("A total of 5,071 fatal work injuries were recorded in the U.S. in 2008, down about 10 percent from "
             "a total of 5,657 fatal work injuries reported for 2007.")
    assert c["rounding"] == "any" and c["reported_pct"] == 10


@pytest.mark.parametrize("text", [
    "News Release USDL-24-2564. For release 10:00 a.m. (ET) Thursday, December 19, 2024. (See chart 1.)",
    "The fatal work injury rate remained unchanged at 3.5 per 100,000 full-time equivalent (FTE) workers.",
    "Workers aged 55 to 64 were most at risk. Call 1-800-321-6742 within 8 hours, under Section 5(a)(1).",
])
def test_english_traps(text):
    assert extract_claims(text).empty


# ---------------------------------------------------------------------------
# metric keys, regions, options, errors
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("words", "key"), [
    ("生产安全事故", "accidents"), ("事故起数", "accidents"), ("死亡人数", "deaths"), ("死亡和下落不明", "deaths"),
    ("受伤", "injuries"), ("直接经济损失", "direct_economic_loss"), ("亿元GDP生产安全事故死亡率", "deaths_per_100m_yuan_gdp"),
    ("道路交通万车死亡率", "road_deaths_per_10k_vehicles"), ("煤矿百万吨死亡人数", "coal_deaths_per_million_tonnes"),
    ("工矿商贸企业就业人员10万人生产安全事故死亡人数", "deaths_per_100k_workers_industry_mining_commerce"),
    ("fatal work injuries", "deaths"), ("workers were killed", "deaths"), ("fatal work injury rate", "fatal_injury_rate"),
    ("workplace accidents", "accidents"), ("三项岗位人员考试", "examined"), ("宣传报道", None), (None, None),
])
def test_metric_key(words, key):
    assert metric_key(words) == key


def test_document_region_and_year_come_from_the_title():
    assert document_region(SEED) == "苏州市" and document_year(SEED) == "2023"
    assert region_of("全省共发生", default="江苏省") == "江苏省"
    assert region_of("in Great Britain") == "Great Britain"


def test_options_override_the_title():
    c = extract_claims(SEED, region="Suzhou", period="2024")
    changes = c[c["kind"] == "change"]
    assert changes["region"].tolist() == ["Suzhou"] * 2
    assert changes["base_period"].tolist() == ["2023"] * 2


def test_empty_and_claimless_text_give_an_empty_valid_frame():
    for text in ("", "   \n\n", "苏州市应急管理局\n一、全面履行法治政府建设工作责任", "No figures here."):
        frame = extract_claims(text)
        assert frame.empty and frame.columns.tolist() == CLAIM_COLUMNS


def test_bad_arguments():
    with pytest.raises(ParameterError, match="read_report"):
        extract_claims(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="str"):
        extract_claims(12)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="period"):
        extract_claims("事故71起，下降11.3%。", period="last year")


def test_caller_text_is_not_changed_and_output_is_deterministic():
    text = SEED[:]
    a, b = extract_claims(text), extract_claims(text)
    assert text == SEED
    pd.testing.assert_frame_equal(a, b)
    assert all(isinstance(v, float) and not math.isnan(v) for v in a["value"])
