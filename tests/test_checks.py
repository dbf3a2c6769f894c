"""The consistency-check engine (safetystats.checks).

References: the per-row Decimal/Fraction checker in
tests/reference/claims_reference.py (written from the definitions, one claim
at a time), scipy's binomtest for p-values, hand calculations written out in
each test, and real published figures (sources in the comments).
"""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from safetystats.checks import (
    FAILING_VERDICTS,
    LIKELY_CAUSES,
    OUTPUT_COLUMNS,
    VERDICTS,
    CheckReport,
    check_change,
    check_claims,
    check_sum,
    style_verdicts,
)
from safetystats.errors import ParameterError
from safetystats.rounding import RULES

sys.path.insert(0, str(Path(__file__).parent / "reference"))
from claims_reference import check_row, dround


def claims(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def one(**row) -> pd.Series:
    return check_claims(pd.DataFrame([{"kind": "change", **row}])).iloc[0]


# --- the Suzhou 2023 report -----------------------------------------------------------------------
def test_suzhou_claims():
    from safetystats.datasets import load_suzhou_2023

    table = check_claims(load_suzhou_2023().claims)
    acc, deaths = table.iloc[0], table.iloc[1]
    # (80 - 71) / 80 = 11.25 % -> 11.3 (half_up); (56 - 50) / 56 = 10.71 % -> 10.7
    assert (acc.implied_base_min, acc.implied_base_max) == (80, 80)
    assert (deaths.implied_base_min, deaths.implied_base_max) == (56, 56)
    assert acc.verdict == deaths.verdict == "consistent"
    assert acc.implied_abs_change == -9 and deaths.implied_abs_change == -6
    # exact conditional test at the implied bases, against scipy's binomtest
    assert acc.p_value == pytest.approx(stats.binomtest(71, 151, 0.5).pvalue, rel=1e-12)
    assert deaths.p_value == pytest.approx(stats.binomtest(50, 106, 0.5).pvalue, rel=1e-12)
    assert acc.p_value > 0.5 and deaths.p_value > 0.5 and not acc.significant
    assert "tie" in acc.note and "within what chance alone produces" in acc.note
    assert acc.rounding_rules_ok == "half_up,up"
    sums = table[table.kind == "sum"]
    assert sums.verdict.tolist() == ["consistent", "consistent"]
    assert sums.parts_sum.tolist() == [110523 + 13513, 12 + 66]
    levels = table[table.kind == "level"]
    assert (levels.verdict == "consistent").all()
    assert (levels.note == "level statement, not a change").all()


def test_suzhou_under_half_even():
    from safetystats.datasets import load_suzhou_2023

    table = check_claims(load_suzhou_2023().claims, rounding="half_even")
    assert table.verdict.tolist()[:2] == ["consistent_other_rounding", "consistent"]
    assert table.likely_cause.iloc[0] == "other_rounding"
    assert "not under half_even" in table.note.iloc[0]
    assert not table.verdict.isin(FAILING_VERDICTS).any()


# --- the worked examples ------------------------------------------------------------------
def test_rounded_rates():
    # 1.0 -> 0.9 with one decimal: 1.00 -> 0.88 is exactly 12.0 %; at most 1 - 0.85/1.05 = 19.05 %
    base = dict(value=0.9, value_decimals=1, base_value=1.0, base_decimals=1, pct_decimals=1, direction="decrease")
    assert one(**base, reported_pct=12.0).verdict == "consistent"
    assert one(**base, reported_pct=19.0).verdict == "consistent"
    assert one(**base, reported_pct=25.0).verdict == "inconsistent"
    # the naive figure from the printed values is -10.0 %
    assert one(**base, reported_pct=12.0).recomputed_pct == -10.0


def test_absolute_change_fixes_the_base():
    # "同比减少 11 起 … 下降 16.9%": 54 now, base 54 + 11 = 65, 11/65 = 16.92 % -> 16.9
    ok = one(value=54, abs_change=11, reported_pct=16.9, pct_decimals=1, direction="下降")
    assert ok.verdict == "consistent" and ok.base_value == 65 and ok.base_source == "abs_change"
    # with "减少 12" the base is 66 and 12/66 = 18.18 %: inconsistent, although 65 would give 16.9 %
    bad = one(value=54, abs_change=12, reported_pct=16.9, pct_decimals=1, direction="下降")
    assert bad.verdict == "inconsistent" and bad.recomputed_pct == -18.2
    assert bad.likely_cause == "absolute_change_mismatch"
    assert (bad.implied_base_min, bad.implied_base_max) == (65, 65)


def test_divided_by_current():
    # "12 起，同比增加 3 起，上升 25.0%": 3/12 = 25.0 %, but the base is 9 and 3/9 = 33.3 %
    r = one(value=12, abs_change=3, reported_pct=25.0, pct_decimals=1, direction="上升")
    assert r.verdict == "inconsistent" and r.recomputed_pct == 33.3
    assert r.likely_cause == "divided_by_current"


def test_percentage_points():
    # a pass rate from 90.5 % to 97.5 %: "up 7.0 %" is 7.0 percentage points; as a percent change it is
    # between 97.45/90.55 - 1 = 7.62 % and 97.55/90.45 - 1 = 7.85 %
    r = one(metric="考试合格率", value=97.5, value_decimals=1, base_value=90.5, base_decimals=1,
            reported_pct=7.0, pct_decimals=1, direction="上升", unit="%")
    assert r.verdict == "percentage_points" and r.likely_cause == "percent_vs_points"
    pp = one(metric="考试合格率", value=97.5, value_decimals=1, base_value=90.5, base_decimals=1,
             reported_pct=7.0, pct_decimals=1, direction="上升", pct_unit="pp")
    assert pp.verdict == "consistent" and pp.recomputed_pct == 7.0
    wrong = one(metric="考试合格率", value=97.5, value_decimals=1, base_value=90.5, base_decimals=1,
                reported_pct=7.7, pct_decimals=1, direction="上升", pct_unit="pp")
    assert wrong.verdict == "inconsistent" and wrong.likely_cause == "percent_vs_points"


def test_pair_swapped():
    text = "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 10.7%和 11.3%。"
    t = check_claims(claims(
        dict(kind="change", value=71, base_value=80, reported_pct=10.7, pct_decimals=1, direction="下降",
             source_text=text),
        dict(kind="change", value=50, base_value=56, reported_pct=11.3, pct_decimals=1, direction="下降",
             source_text=text),
    ))
    assert t.verdict.tolist() == ["inconsistent", "inconsistent"]
    assert t.likely_cause.tolist() == ["pair_swapped", "pair_swapped"]


@pytest.mark.parametrize(("row", "verdict", "cause"), [
    # 71 vs 80 reported as a rise of 11.3 %
    (dict(value=71, base_value=80, reported_pct=11.3, direction="上升"), "wrong_direction", "sign_flipped"),
    # 13.1 for 11.3
    (dict(value=71, base_value=80, reported_pct=13.1, direction="下降"), "inconsistent", "digits_transposed"),
    # 17 for 71: (80 - 71)/80 gives the 11.3
    (dict(value=17, base_value=80, reported_pct=11.3, direction="下降"), "inconsistent", "digits_transposed"),
    # last year's 80 printed as this year's value
    (dict(value=80, base_value=80, reported_pct=11.3, direction="下降"), "inconsistent",
     "previous_value_as_current"),
    # "down 9 %" where 9 is the absolute change (80 - 71)
    (dict(value=71, base_value=80, reported_pct=9, direction="下降"), "inconsistent", "absolute_change_as_percent"),
])
def test_likely_causes(row, verdict, cause):
    decimals = 0 if row["reported_pct"] == 9 else 1
    r = one(**row, pct_decimals=decimals)
    assert (r.verdict, r.likely_cause) == (verdict, cause)
    assert LIKELY_CAUSES[cause]["en"] in r.note


def test_consistent_claims_have_no_cause():
    t = check_claims(claims(dict(kind="change", value=71, base_value=80, reported_pct=11.3, pct_decimals=1,
                                 direction="decrease")))
    assert t.likely_cause.isna().all()


# --- real published figures -----------------------------------------------------------------------
@pytest.mark.parametrize(("value", "pct", "decimals", "abs_change"), [
    # China, deaths in production-safety accidents, with the stated absolute change (the base follows):
    (136092, -0.2, 1, -318),     # 2004, SAWS year-end (中新网 2005-01-04): 318/136410 = 0.233 %
    (112822, -11.2, 1, -14267),  # 2006, SAWS (business.sohu.com/20070111/n247558000.shtml): 11.226 %
    (627158, -12.6, 1, -90780),  # 2006 accidents, same release: 90780/717938 = 12.644 %
    (79552, -4.4, 1, -3648),     # 2010, SAWS via 新华社 on gov.cn 2011-01-13: 3648/83200 = 4.385 %
    (363383, -4.2, 1, -15865),   # 2010 accidents: 15865/379248 = 4.183 %
    (75572, -5, 0, -3980),       # 2011, 中新社: 3980/79552 = 5.003 %
    (347728, -4.3, 1, -15655),   # 2011 accidents: 15655/363383 = 4.308 %
    (27412, -7.14, 2, -2107),    # 2020, NBS communiqué: 2107/29519 = 7.138 %
])
def test_published_chinese_national_figures(value, pct, decimals, abs_change):
    r = one(value=value, reported_pct=pct, pct_decimals=decimals, abs_change=abs_change)
    assert r.verdict == "consistent"
    assert r.base_value == value - abs_change


def test_published_english_figures():
    # BLS CFOI 2023: "A total of 5,283 fatal work injuries ... a 3.7-percent decrease from 5,486 in 2022"
    assert one(value=5283, base_value=5486, reported_pct=3.7, pct_decimals=1, direction="decrease").verdict \
        == "consistent"
    # BLS: "accounting for 36.8% (1,942) of all 5,283": 1942/5283 = 36.759 %
    share = check_claims(claims(dict(kind="share", value=1942, base_value=5283, reported_pct=36.8,
                                     pct_decimals=1))).iloc[0]
    assert share.verdict == "consistent" and share.recomputed_pct == 36.8
    # HSE 2023/24: "138 workers were killed ... an increase of two (1.5%) on 2022/23": 2/136 = 1.47 %
    hse = one(value=138, abs_change=2, reported_pct=1.5, pct_decimals=1, direction="increase")
    assert hse.verdict == "consistent" and hse.base_value == 136


def test_revised_base_implied_by_a_communique():
    # NBS 2023 communiqué: 21,242 deaths, down 4.7 %. 21242 / (1 - 0.0465) = 22277.9 and
    # 21242 / (1 - 0.0475) = 22301.3, so the 2022 figure compared with lay in 22278 .. 22301
    r = one(value=21242, reported_pct=4.7, pct_decimals=1, direction="decrease")
    assert (r.implied_base_min, r.implied_base_max) == (22278, 22301)
    # the base is a range: the p-value is taken at its end nearest the current value (the least significant)
    assert r.p_value == pytest.approx(stats.binomtest(21242, 21242 + 22278, 0.5).pvalue, rel=1e-9)
    assert r.p_value > stats.binomtest(21242, 21242 + 22301, 0.5).pvalue
    assert "nearest" in r.note


# --- sums, shares, levels -------------------------------------------------------------------------
def test_check_sum():
    assert check_sum(124036, "110523+13513").verdict == "consistent"
    assert check_sum(78, [12, 66])
    r = check_sum(124063, "110523+13513")
    assert r.verdict == "inconsistent" and r.likely_cause == "digits_transposed" and r.difference == 27
    r = check_sum(100, "12+66")
    assert r.likely_cause == "parts_not_exhaustive" and "其中" in r.note
    # 1.07万 = 10700 written to the hundred: within 100 of 6000 + 4650 = 10650
    assert check_sum("1.07万", [6000, 4650]).verdict == "consistent"
    assert check_sum(10700, [6000, 4650], approximate=True).verdict == "consistent"
    assert check_sum(10700, [6000, 4650]).verdict == "inconsistent"
    # rounded shares: 33.3 + 66.7 = 100.0 within half a unit each
    assert check_sum("100.0", ["33.3", "66.7"])
    assert check_sum("100", ["33.4", "66.7"]).verdict == "consistent"    # 33.35 + 66.65 = 100
    assert check_sum("100", ["33.5", "66.7"]).verdict == "inconsistent"  # at least 33.45 + 66.65 = 100.1
    assert "<b>78</b>" in check_sum(78, [12, 66])._repr_html_()
    with pytest.raises(ParameterError):
        check_sum(78, "")
    with pytest.raises(ParameterError, match="negative"):
        check_sum(78, [-12, 90])


def test_sums_in_the_frame():
    t = check_claims(claims(
        dict(kind="sum", value=124036, parts="110523+13513"),
        dict(kind="sum", value=124063, parts="110523 + 13513"),
        dict(kind="sum", value=10700, value_approximate=True, parts="6000+4650"),
        dict(kind="sum", value=78, parts="12＋66"),
        dict(kind="sum", value=78, parts="twelve+66"),
    ))
    assert t.verdict.tolist() == ["consistent", "inconsistent", "consistent", "consistent", "unverifiable"]
    assert t.likely_cause.iloc[1] == "digits_transposed"
    assert "tolerance" in t.note.iloc[2]
    assert "110523+13513" in t.note.iloc[4]


def test_shares_with_unknown_whole():
    # 1942 is 36.8 % of the whole: 1942 / 0.3685 = 5270.0 .. 1942 / 0.3675 = 5284.4 -> 5271 .. 5284
    r = check_claims(claims(dict(kind="share", value=1942, reported_pct=36.8, pct_decimals=1))).iloc[0]
    assert r.verdict == "consistent" and (r.implied_base_min, r.implied_base_max) == (5271, 5284)
    assert Fraction(100 * 1942, 5270) >= Fraction("36.85") and Fraction(100 * 1942, 5285) < Fraction("36.75")


def test_levels_are_never_flagged():
    t = check_claims(claims(dict(kind="level", value=100, reported_pct=100), dict(kind="level", value=120,
                                                                                  reported_pct=120)))
    assert (t.verdict == "consistent").all()
    assert (t.note == "level statement, not a change").all()


# --- bad rows -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("row", "reason"), [
    (dict(kind="change", value=-5, reported_pct=3.0, direction="decrease"), "negative"),
    (dict(kind="change", value=np.nan, reported_pct=3.0, direction="decrease"), "missing"),
    (dict(kind="change", value="abc", reported_pct=3.0, direction="decrease"), "not a number"),
    (dict(kind="change", value=5, reported_pct=120.0, direction="decrease"), "more than 100%"),
    (dict(kind="change", value=5, base_value=0, reported_pct=20.0, direction="increase"), "from zero"),
    (dict(kind="change", value=5, base_value=-3, reported_pct=20.0, direction="increase"), "negative"),
    (dict(kind="trend", value=5), "kind must be"),
    (dict(kind="change", value=5, reported_pct=3.0, direction="sideways"), "direction must be"),
    (dict(kind="change", value=5, reported_pct=-3.0, direction="increase"), "negative but direction"),
    (dict(kind="change", value=5, reported_pct=3.0, direction="flat"), "flat"),
    (dict(kind="change", value=5), "no percentage"),
    (dict(kind="change", value=5, direction="下降"), "only the direction"),
    (dict(kind="change", value=5, reported_pct=3.0, rounding="nearest"), "rounding must be"),
    (dict(kind="change", value=5, reported_pct=3.0, pct_unit="per mille"), "pct_unit"),
    (dict(kind="change", value=71.5, value_decimals=0, reported_pct=3.0, direction="decrease"), "more decimals"),
    (dict(kind="change", value=71, reported_pct=11.35, pct_decimals=1, direction="decrease"), "more decimals"),
    (dict(kind="share", value=5), "share"),
    (dict(kind="share", value=5, base_value=10), "no percentage"),
])
def test_bad_rows_are_unverifiable_and_the_rest_still_checked(row, reason):
    frame = pd.DataFrame([row, dict(kind="change", value=71, reported_pct=11.3, pct_decimals=1,
                                    direction="decrease")])
    t = check_claims(frame)
    assert t.verdict.tolist() == ["unverifiable", "consistent"]
    assert reason in t.note.iloc[0]
    assert t.implied_base_min.iloc[1] == 80


def test_contradictory_absolute_change():
    # "0 起，同比增加 1 起": the base would be -1
    r = one(value=0, abs_change=1, reported_pct=100.0, pct_decimals=1, direction="increase")
    assert r.verdict == "inconsistent" and r.likely_cause == "absolute_change_mismatch"


def test_frame_level_errors():
    with pytest.raises(ParameterError, match="kind"):
        check_claims(pd.DataFrame({"value": [1]}))
    with pytest.raises(ParameterError, match="DataFrame"):
        check_claims([{"kind": "change"}])  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="rounding"):
        check_claims(pd.DataFrame({"kind": ["level"]}), rounding="nearest")
    with pytest.raises(ParameterError, match="alpha"):
        check_claims(pd.DataFrame({"kind": ["level"]}), alpha=5)


# --- reading the frame ----------------------------------------------------------------------------
def test_columns_order_and_no_mutation():
    frame = claims(dict(claim_id="a", kind="change", value=71, reported_pct=11.3, pct_decimals=1,
                        direction="下降", metric="事故"))
    before = frame.copy()
    t = check_claims(frame)
    assert tuple(t.columns) == OUTPUT_COLUMNS
    pd.testing.assert_frame_equal(frame, before)
    assert set(t.verdict.cat.categories) == set(VERDICTS)
    assert t.direction.iloc[0] == "decrease" and t.reported_pct.iloc[0] == -11.3


def test_text_cells_signs_and_per_row_rounding():
    t = check_claims(claims(
        dict(kind="change", value="71", reported_pct="11.3%", direction="下降"),
        dict(kind="change", value=71, reported_pct=-11.3, pct_decimals=1),
        dict(kind="change", value=71, reported_pct=11.3, pct_decimals=1, direction="decrease",
             rounding="half_even"),
        dict(kind="change", value=71, base_value=80, reported_pct="12.0", direction="decrease"),
    ))
    assert t.verdict.tolist() == ["consistent", "consistent", "consistent_other_rounding", "inconsistent"]
    assert t.rounding.tolist() == ["half_up", "half_up", "half_even", "half_up"]
    assert t.pct_decimals.tolist() == [1, 1, 1, 1]  # "12.0" keeps its decimal


def test_base_from_another_claim():
    t = check_claims(claims(
        dict(claim_id="y22", kind="level", metric_key="accidents", period="2022", value=80),
        dict(claim_id="y23", kind="change", metric_key="accidents", period="2023", value=71, reported_pct=11.3,
             pct_decimals=1, direction="decrease"),
    ))
    r = t.iloc[1]
    assert r.base_value == 80 and r.base_source == "claims" and r.verdict == "consistent"
    assert "another claim" in r.note


def test_big_numbers_use_exact_python_integers():
    # 10**13 -> 10**13 + 10**12 is +10.0 %; int64 scaled arithmetic would overflow here
    r = one(value=11 * 10**12, base_value=10**13, reported_pct=10.0, pct_decimals=3, direction="increase")
    assert r.verdict == "consistent" and r.recomputed_pct == 10.0
    r = one(value=11 * 10**12 + 5 * 10**7, base_value=10**13, reported_pct=10.0, pct_decimals=3,
            direction="increase")  # 10.0005 %: a tie, 10.001 under half_up, 10.000 under half_even
    assert r.verdict == "consistent_other_rounding" and r.recomputed_pct == 10.001 and "tie" in r.note
    r = one(value=11 * 10**12 + 16 * 10**7, base_value=10**13, reported_pct=10.0, pct_decimals=3,
            direction="increase")  # 10.0016 % is 10.001 or 10.002 under every rule
    assert r.verdict == "inconsistent" and r.recomputed_pct == 10.002


def test_deterministic():
    from safetystats.datasets import load_suzhou_2023

    c = load_suzhou_2023().claims
    pd.testing.assert_frame_equal(check_claims(c), check_claims(c))


def test_check_change_scalar():
    assert check_change(71, 80, "11.3%", direction="下降").verdict == "consistent"
    assert check_change(71, None, "11.3%", direction="下降").implied_base_min == 80
    assert check_change(12, abs_change=3, reported_pct="25.0", direction="上升").likely_cause == "divided_by_current"


# --- presentation ---------------------------------------------------------------------------------
def test_style_and_report():
    t = check_claims(claims(dict(kind="sum", value=78, parts="12+66"), dict(kind="sum", value=79, parts="12+66")))
    html = style_verdicts(t).to_html()
    assert "#d9f0d3" in html and "#f4cccc" in html
    rep = CheckReport(t)
    assert not rep.ok and len(rep.failed) == 1
    assert rep.summary().to_dict("records") == [{"verdict": "consistent", "count": 1},
                                                {"verdict": "inconsistent", "count": 1}]
    assert "2 claims" in rep._repr_html_() and "inconsistent: 1" in repr(rep)
    assert CheckReport.from_claims(claims(dict(kind="level", value=1))).ok
    with pytest.raises(ParameterError):
        style_verdicts(pd.DataFrame({"a": [1]}))


# --- properties and the reference checker ---------------------------------------------------------
def publisher_figure(c: int, b: int, d: int, rule: str) -> tuple[float, str]:
    """The figure a publisher rounding with ``rule`` prints for b -> c, and its direction."""
    x = Fraction(100 * (c - b), b)
    mag = dround(abs(x), d, rule)
    direction = "decrease" if x < 0 and mag else "increase" if x > 0 and mag else "flat"
    return float(mag), direction


claim_lists = st.lists(st.tuples(st.integers(0, 20000), st.integers(1, 20000), st.integers(0, 3),
                                 st.sampled_from(RULES)), min_size=1, max_size=40)


@settings(max_examples=60)
@given(rows=claim_lists)
def test_recomputed_figures_are_never_a_false_alarm(rows):
    frame = []
    for c, b, d, rule in rows:
        mag, direction = publisher_figure(c, b, d, rule)
        frame.append(dict(kind="change", value=c, base_value=b, reported_pct=mag, pct_decimals=d,
                          direction=direction, rounding=rule))
        frame.append(dict(kind="change", value=c, reported_pct=mag, pct_decimals=d, direction=direction,
                          rounding=rule))
    t = check_claims(pd.DataFrame(frame))
    assert (t.verdict == "consistent").all()
    implied = t.iloc[1::2]
    true_b = np.array([b for _, b, _, _ in rows], dtype=float)
    assert ((implied.implied_base_min.to_numpy() <= true_b) & (true_b <= implied.implied_base_max.to_numpy())).all()


@settings(max_examples=60)
@given(rows=claim_lists, k=st.integers(1, 30), up=st.booleans())
def test_figures_moved_outside_the_interval_are_never_consistent(rows, k, up):
    frame = []
    for c, b, d, rule in rows:
        mag, direction = publisher_figure(c, b, d, rule)
        moved = Decimal(repr(mag)) + (k if up else -k) * Decimal(1).scaleb(-d)
        if moved <= 0 or (direction == "decrease" and moved > 100):
            continue
        frame.append(dict(kind="change", value=c, base_value=b, reported_pct=float(moved), pct_decimals=d,
                          direction=direction if direction != "flat" else "increase", rounding=rule))
    if frame:
        t = check_claims(pd.DataFrame(frame))
        assert (t.verdict != "consistent").all()


def random_claims(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """A mix of change, share, sum and level claims, some right, some wrong, counts and rates."""
    rows = []
    for i in range(n):
        kind = rng.choice(["change", "change", "change", "share", "sum", "level"])
        r: dict = {"claim_id": f"c{i}", "kind": kind}
        if rng.random() < 0.3:
            r["rounding"] = str(rng.choice(["half_up", "half_even", "down", "up", "any"]))
        d = int(rng.integers(0, 3))
        if kind in ("change", "share"):
            rate = rng.random() < 0.25
            vd = int(rng.integers(1, 3)) if rate else 0
            b = float(rng.integers(1, 500)) if not rate else round(float(rng.uniform(0.1, 50)), vd)
            c = float(max(0, int(b * rng.uniform(0.5, 1.6)))) if not rate else round(b * rng.uniform(0.5, 1.6), vd)
            if kind == "share":
                c = min(c, b)
            x = 100 * c / b if kind == "share" else 100 * (c - b) / b
            pct = math.floor(abs(x) * 10**d + 0.5) / 10**d
            if rng.random() < 0.3:
                pct = max(0.0, round(pct + int(rng.integers(-3, 4)) / 10**d, d))
            r.update(value=c, value_decimals=vd, reported_pct=pct, pct_decimals=d)
            if kind == "change":
                direction = "decrease" if x < 0 else "increase" if x > 0 else "flat"
                if rng.random() < 0.1:
                    direction = {"decrease": "increase", "increase": "decrease", "flat": "flat"}[direction]
                if direction == "flat" and pct != 0:
                    direction = "increase"
                if direction == "decrease" and pct > 100:
                    r["reported_pct"] = 100.0
                r["direction"] = direction
                if rng.random() < 0.15 and not rate:
                    r.update(abs_change=abs(c - b), abs_change_decimals=0)
                if rate and rng.random() < 0.3:
                    r["unit"] = "%"
                    u = rng.random()
                    if u < 0.5:
                        r.update(reported_pct=round(abs(c - b), vd), pct_decimals=vd)
                        if u < 0.25:
                            r["pct_unit"] = "pp"
            if rng.random() < 0.6 or kind == "share":
                r.update(base_value=b, base_decimals=vd)
        elif kind == "sum":
            parts = [int(p) for p in rng.integers(0, 1000, int(rng.integers(1, 4)))]
            total = sum(parts) + (int(rng.integers(-2, 3)) if rng.random() < 0.3 else 0)
            r.update(value=float(total), value_decimals=0, parts="+".join(map(str, parts)))
            if rng.random() < 0.2:
                r["parts_approximate"] = True
        else:
            r["value"] = float(rng.integers(0, 100))
        if rng.random() < 0.02 and kind != "level":
            r["value"] = -1.0  # a bad row
        rows.append(r)
    return pd.DataFrame(rows)


def test_engine_agrees_with_the_per_row_reference(rng):
    frame = random_claims(rng, 600)
    t = check_claims(frame)
    seen = set()
    for i in range(len(frame)):
        row = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in frame.iloc[i].to_dict().items()}
        ref = check_row(row)
        got = t.iloc[i]
        seen.add(got.verdict)
        assert got.verdict == ref["verdict"], (row, got.note)
        for col in ("implied_base_min", "implied_base_max"):
            expected = math.nan if ref[col] is None else float(ref[col])
            assert (math.isnan(expected) and math.isnan(got[col])) or expected == got[col], (row, col)
        if ref["recomputed_pct"] is not None:
            assert got.recomputed_pct == float(ref["recomputed_pct"]), row
        if ref["p_value"] is None:
            assert math.isnan(got.p_value), row
        else:
            assert got.p_value == pytest.approx(ref["p_value"], rel=1e-9), row
    assert seen == set(VERDICTS)


@settings(max_examples=40)
@given(rows=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 1200), st.integers(0, 2),
                               st.sampled_from([-1, 1]), st.sampled_from((*RULES, "any"))), min_size=1, max_size=30))
def test_rounding_rules_ok_matches_implied_base_rule_by_rule(rows):
    from safetystats.change import implied_base

    frame = []
    for c, P, d, sign, rule in rows:
        P = min(P, 100 * 10**d) if sign < 0 else P
        frame.append(dict(kind="change", value=c, reported_pct=P / 10**d, pct_decimals=d,
                          direction="decrease" if sign < 0 else "increase", rounding=rule))
    t = check_claims(pd.DataFrame(frame))
    for (c, _, d, _, _), f, got in zip(rows, frame, t.rounding_rules_ok, strict=True):
        text = f"{Decimal(repr(f['reported_pct'])):.{d}f}"
        want = [r for r in RULES if not implied_base(c, text, decimals=d, direction=f["direction"], rounding=r).is_empty]
        assert (got if isinstance(got, str) else "") == ",".join(want), (c, text, f["direction"])


def test_zero_current_cannot_fall_less_than_100_percent():
    t = check_claims(claims(*(dict(kind="change", value=0, reported_pct=99.9, pct_decimals=1, direction="decrease",
                                   rounding=r) for r in ("half_up", "up", "down"))))
    assert (t.verdict == "inconsistent").all() and t.rounding_rules_ok.isna().all()


def test_rows_with_and_without_a_period_mix():
    # regression: the base look-up failed on a pandas 3 string column with missing periods
    t = check_claims(claims(
        dict(kind="change", metric_key="deaths", period="2023", base_period="2022", value=5283, reported_pct=3.7,
             pct_decimals=1, direction="decrease"),
        dict(kind="change", metric="Accidents", period=None, value=71, reported_pct=11.3, pct_decimals=1,
             direction="decrease"),
        dict(kind="level", metric_key="deaths", period="2022", value=5486),
    ))
    assert t.verdict.tolist() == ["consistent"] * 3
    assert t.base_value.iloc[0] == 5486 and t.base_source.iloc[0] == "claims"
    assert t.implied_base_min.iloc[1] == 80


def test_a_base_is_not_taken_from_another_document():
    t = check_claims(claims(
        dict(kind="level", metric_key="accidents", period="2022", value=80, source="a.txt"),
        dict(kind="change", metric_key="accidents", period="2023", value=71, reported_pct=11.3, pct_decimals=1,
             direction="decrease", source="b.txt"),
        dict(kind="change", metric_key="accidents", period="2023", value=71, reported_pct=11.3, pct_decimals=1,
             direction="decrease", source="a.txt"),
    ))
    assert t.base_source.tolist()[1:] == ["implied", "claims"]


def test_parts_are_read_the_same_without_pyarrow(monkeypatch):
    import builtins

    from safetystats.checks import _split_parts

    s = pd.Series(["110523+13513", "12 ＋ 66", None, "1.07万+3", "abc+1", "5"], dtype="str")
    with_arrow = _split_parts(s)
    real = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError("pyarrow is optional")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    without = _split_parts(s)
    for a, b in zip(with_arrow, without, strict=True):
        np.testing.assert_array_equal(a, b)
    assert with_arrow[0][3].tolist() == [10700, 3] and with_arrow[3].tolist() == [False, False, True, False, True,
                                                                                  False]


# --- the engine in pieces, branch-free selections, fast word look-up (regression tests for #3 speed) -----
def same_rows(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Row-by-row equality of two verdict tables (values; the categories of two calls may differ in order)."""
    assert list(a.columns) == list(b.columns)
    for col in a.columns:
        x, y = a[col].astype(object).to_numpy(), b[col].astype(object).to_numpy()
        for i, (u, v) in enumerate(zip(x, y, strict=True)):
            assert (pd.isna(u) and pd.isna(v)) or u == v, (col, i, u, v)


def many_claims(rng: np.random.Generator, n: int, kinds: bool = True) -> pd.DataFrame:
    """Counts mostly right (some slips, some flipped directions), a few rates, given and missing bases."""
    b = np.rint(np.exp(rng.uniform(0, np.log(5000), n)))
    rate = rng.random(n) < 0.06
    b = np.where(rate, np.round(rng.uniform(0.1, 50, n), 1), b)
    c = np.where(rate, np.round(b * rng.uniform(0.6, 1.4, n), 1), np.rint(b * rng.uniform(0.6, 1.4, n)))
    d = rng.integers(0, 3, n)
    x = 100 * (c - b) / b
    pct = np.floor(np.abs(x) * 10.0**d + 0.5) / 10.0**d
    pct = np.round(np.where(rng.random(n) < 0.1, np.maximum(pct + rng.integers(-3, 4, n) / 10.0**d, 0), pct), 2)
    down = (x < 0) ^ (rng.random(n) < 0.03)
    pct = np.where(down & (pct > 100), 100.0, pct)
    kind = rng.choice(np.array(["change", "share", "sum", "level"]), n, p=[0.85, 0.05, 0.06, 0.04]) if kinds \
        else np.full(n, "change")
    return pd.DataFrame({
        "claim_id": pd.array([f"c{i}" for i in range(n)], dtype="str"),
        "kind": pd.array(kind, dtype="str"),
        "value": np.where(kind == "share", np.minimum(c, b), c),
        "value_decimals": rate.astype(np.int64),
        "base_value": np.where((rng.random(n) < 0.5) | (kind == "share"), b, np.nan),
        "base_decimals": rate.astype(np.int64),
        "reported_pct": np.where(kind == "share", np.round(100 * np.minimum(c, b) / b, 1), pct),
        "pct_decimals": np.where(kind == "share", 1, d),
        "direction": pd.array(np.where(kind == "change", np.where(down, "decrease", "increase"), None), dtype="str"),
        "parts": pd.array(np.where(kind == "sum", "12+66", None), dtype="str"),
        "source_text": pd.array([None] * n, dtype="str"),
    })


@pytest.mark.parametrize("kinds", [True, False])  # False: every row a change (the engine reads views, not copies)
def test_claims_checked_in_pieces_match_claims_checked_alone(rng, kinds):
    from safetystats.checks import _PIECE

    n = 3 * _PIECE
    frame = many_claims(rng, n, kinds)
    ratio = np.flatnonzero(frame.kind.isin(["change", "share"]).to_numpy())  # the rows the engine splits
    cuts = [int(ratio[_PIECE]), int(ratio[2 * _PIECE])] if len(ratio) > 2.5 * _PIECE else [int(ratio[_PIECE])]
    # a sentence whose two figures were swapped, on both sides of the first piece boundary: 71 accidents and
    # 50 deaths, 分别下降 10.7% 和 11.3% with bases 80 and 56.  (80 - 71) / 80 = 11.25% -> 11.3 and
    # (56 - 50) / 56 = 10.71% -> 10.7: each figure fits the other row, neither its own
    pair = [int(ratio[_PIECE - 1]), cuts[0]]
    for i, (v, b, p) in zip(pair, ((71, 80, 10.7), (50, 56, 11.3)), strict=True):
        frame.loc[i, ["kind", "value", "value_decimals", "base_value", "base_decimals", "reported_pct",
                      "pct_decimals", "direction", "source_text"]] = \
            ["change", v, 0, b, 0, p, 1, "decrease", "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 10.7%和11.3%"]
    table = check_claims(frame)
    assert table.likely_cause.iloc[pair].tolist() == ["pair_swapped"] * 2
    assert table.verdict.iloc[pair].tolist() == ["inconsistent"] * 2
    near = np.unique(np.concatenate([np.arange(0, 40), np.arange(n - 40, n)]
                                    + [np.arange(c - 40, c + 40) for c in cuts]))
    alone = check_claims(frame.iloc[near].reset_index(drop=True))
    same_rows(table.iloc[near].reset_index(drop=True), alone)
    assert set(table.verdict) >= {"consistent", "inconsistent", "wrong_direction"}


def test_rows_beyond_int64_do_not_change_the_other_rows(rng):
    # a count of 10**16 makes the scaled arithmetic of its row use Python integers; the other rows stay int64
    frame = many_claims(rng, 400)
    huge = pd.DataFrame({"claim_id": ["huge", "huge_rate"], "kind": ["change", "change"],
                         "value": [10.0**16, 1.5e15], "value_decimals": [0, 1], "base_value": [1.1e16, np.nan],
                         "base_decimals": [0, 1], "reported_pct": [9.1, 25.0], "pct_decimals": [1, 1],
                         "direction": ["decrease", "increase"], "parts": [None, None], "source_text": [None, None]})
    both = pd.concat([frame, huge.astype(frame.dtypes.to_dict())], ignore_index=True)
    table = check_claims(both)
    same_rows(table.iloc[:400].reset_index(drop=True), check_claims(frame))
    # (1.1e16 - 1e16) / 1.1e16 = 9.0909...% -> 9.1; 1.5e15 / 1.25 = 1.2e15 is the implied base of +25.0%
    assert table.verdict.iloc[400] == "consistent" and table.implied_base_min.iloc[401] <= 1.2e15 \
        <= table.implied_base_max.iloc[401]
    # a total too large for any scaled arithmetic elsewhere in the frame: the changes are unaffected
    sums = pd.DataFrame({"claim_id": ["big_sum"], "kind": ["sum"], "value": [1e300], "parts": ["1e300"]})
    same_rows(check_claims(pd.concat([frame, sums], ignore_index=True)).iloc[:400], check_claims(frame))


def test_words_are_read_the_same_from_arrow_and_object_columns():
    # the exact words are looked up by pyarrow; spaced, capitalised, unknown and missing cells by the general path
    rows = dict(claim_id=[f"r{i}" for i in range(8)],
                kind=["change", " Change", "change", "CHANGE", "change", "change", "chang", "change"],
                value=[71] * 8, reported_pct=[11.3] * 8, pct_decimals=[1] * 8,
                direction=["下降", "decrease", " Down ", "DECREASE", None, "sideways", "decrease", "降"],
                rounding=["half_up", "四舍五入", "half_even", None, "up ", "half_up", "half_up", "nearest"])
    arrow = pd.DataFrame({k: pd.array(v, dtype="str") if isinstance(v[0], str) else v for k, v in rows.items()})
    plain = pd.DataFrame({k: pd.array(v, dtype=object) if isinstance(v[0], str) else v for k, v in rows.items()})
    t = check_claims(arrow)
    same_rows(t, check_claims(plain))
    # 71 down 11.3%: base 80 under half_up ((80 - 71) / 80 = 11.25% -> 11.3), a tie half_even rounds to 11.2;
    # no direction: +11.3% rounded up needs a base in [71 / 1.113, 71 / 1.112) = [63.79, 63.85): none
    assert t.verdict.tolist() == ["consistent", "consistent", "consistent_other_rounding", "consistent",
                                  "inconsistent", "unverifiable", "unverifiable", "unverifiable"]
    assert t.rounding.tolist()[:5] == ["half_up", "half_up", "half_even", "half_up", "up"]
    assert t.direction.tolist()[:5] == ["decrease"] * 4 + ["increase"]


@settings(max_examples=200)
@given(data=st.lists(st.tuples(st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
                               st.floats(allow_nan=True, allow_infinity=True),
                               st.integers(-2**62, 2**62), st.integers(-2**62, 2**62)), min_size=1, max_size=30))
def test_branch_free_selections_are_np_where_bit_for_bit(data):
    from safetystats.checks import _negate_where, _select_float, _select_int

    cond = np.array([d[0] for d in data])
    a, b = np.array([d[1] for d in data]), np.array([d[2] for d in data])
    a[::3] = -0.0  # signed zeros and NaN sign bits must survive
    b[1::4] = -np.nan
    i, j = np.array([d[3] for d in data]), np.array([d[4] for d in data])
    assert np.array_equal(_select_float(cond, a, b).view(np.int64), np.where(cond, a, b).view(np.int64))
    assert np.array_equal(_negate_where(cond, b).view(np.int64), np.where(cond, -b, b).view(np.int64))
    assert np.array_equal(_select_int(cond, i, j), np.where(cond, i, j))
    assert np.array_equal(_select_int(cond, 4, j), np.where(cond, 4, j))
