"""Year-over-year bars and the consistency overview, from a verdict table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from safetystats.errors import InputError
from safetystats.plots import plot_claims, plot_yoy

NAN = np.nan


@pytest.fixture
def checks() -> pd.DataFrame:
    """A verdict table with the documented columns of check_claims; the numbers are worked by hand."""
    return pd.DataFrame({
        "claim_id": ["acc", "deaths", "exams", "rate", "wrong", "sum_bad", "bad", "pp"],
        "kind": ["change", "change", "sum", "level", "change", "sum", "change", "change"],
        "metric": ["生产安全事故", "死亡", "三项岗位人员考试", "出庭应诉率", "较大事故", "避难场所", "受伤", "死亡率"],
        "metric_key": ["accidents", "deaths", "examined", None, "accidents", None, None, None],
        "period": ["2023"] * 8,
        "value": [71, 50, 124036, 100, 12, 78, NAN, 1.2],
        "base_value": [NAN, 56, NAN, NAN, 9, NAN, NAN, 1.5],
        "direction": ["decrease", "decrease", None, None, "decrease", None, "decrease", "decrease"],
        "reported_pct": [11.3, 10.7, NAN, 100, 25.0, NAN, 5.0, 0.3],
        "pct_decimals": [1, 1, None, 0, 1, None, 1, 1],
        "pct_unit": ["percent", "percent", None, "percent", "percent", None, "percent", "pp"],
        # 71 vs an unknown base: NaN; 50 vs 56: -6/56 = -10.714…%; 12 vs 9: +3/9 = +33.33…%
        "recomputed_pct": [NAN, -100 * 6 / 56, NAN, NAN, 100 * 3 / 9, NAN, NAN, -20.0],
        "implied_base_min": [80, 56, NAN, NAN, NAN, NAN, NAN, NAN],
        "implied_base_max": [80, 56, NAN, NAN, NAN, NAN, NAN, NAN],
        "parts_sum": [NAN, NAN, 124036, NAN, NAN, 80, NAN, NAN],
        "verdict": ["consistent", "consistent", "consistent", "consistent", "wrong_direction", "inconsistent",
                    "unverifiable", "percentage_points"],
        "note": ["", "", "", "level statement, not a change", "", "", "value is missing", ""],
    })


def test_yoy_pairs_reported_and_recomputed(checks):
    before = checks.copy()
    ax = plot_yoy(checks, lang="zh")
    pd.testing.assert_frame_equal(checks, before)
    heights = sorted(round(p.get_height(), 6) for p in ax.patches if p.get_width() < 1)
    # reported (signed by direction): -11.3, -10.7, -25.0, -5.0; recomputed: 71 vs the implied base 80 is
    # (71 - 80) / 80 = -11.25 %, -10.714286, +33.333333 (the pp claim is not a percent change: left out)
    assert heights == sorted([-11.3, -10.7, -25.0, -5.0, -11.25, round(-600 / 56, 6), round(300 / 9, 6)])
    texts = [t.get_text() for t in ax.texts]
    assert texts[:3] == ["−11.3%", "−11.25%", "一致"]
    assert "方向相反" in texts and "无法核对" in texts and "+33.33%" in texts
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "生产安全事故 2023\n（按推算上年 80起）" and ticks[2] == "较大事故 2023\n（上年 9起）"
    assert len(ticks) == 4


def test_yoy_needs_change_claims(checks):
    with pytest.raises(InputError, match="no percentage-change claim"):
        plot_yoy(checks[checks["kind"] != "change"])
    with pytest.raises(InputError, match="no column 'verdict'"):
        plot_yoy(checks.drop(columns="verdict"))


def test_overview_positions_are_in_rounding_units(checks):
    ax = plot_claims(checks, lang="en", limit=3.0)
    pos = {}
    for coll in ax.collections:
        for (x, y) in coll.get_offsets():
            pos[int(round(y))] = float(x)
    # reported - recomputed over the half-unit 0.05: (-11.3 + 11.25) / 0.05 = -1 (exactly on the band edge:
    # 11.25 rounds to 11.3 only half-up); (-10.7 + 10.714286) / 0.05 = +0.2857
    assert pos[0] == pytest.approx(-1.0)
    assert pos[1] == pytest.approx((-10.7 + 600 / 56) / 0.05)
    assert pos[2] == 0.0 and pos[3] == 0.0  # a sum that adds up; a level statement
    assert pos[4] == -3.0  # (-25 - 33.3) / 0.05 is far outside: drawn at the edge …
    assert any(t.arrow_patch is not None for t in ax.texts if hasattr(t, "arrow_patch"))  # … with an arrow
    assert pos[5] == 2.5  # parts (80) larger than the total (78): outside the band
    assert pos[6] == 3.0  # unverifiable: listed at the right edge
    texts = [t.get_text() for t in ax.texts]
    assert "−11.3% reported | −11.25% recomputed (implied base)" in texts
    assert "total 78 | sum of parts 80" in texts
    assert "unverifiable: value is missing" in texts
    assert any("pp reported" in t for t in texts)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "Rounding interval" and "wrong direction" in labels


def test_overview_in_chinese_renders(checks):
    import io

    ax = plot_claims(checks, lang="zh")
    assert ax.get_title(loc="left") == "报告数字核对一览"
    ax.figure.savefig(io.BytesIO(), format="png", dpi=40)


def test_with_the_real_check_claims_on_the_suzhou_report():
    checks_mod = pytest.importorskip("safetystats.checks")
    from safetystats.datasets import load_suzhou_2023

    result = checks_mod.check_claims(load_suzhou_2023().claims)
    ax = plot_yoy(result, lang="en")
    heights = sorted(round(p.get_height(), 6) for p in ax.patches if p.get_width() < 1)
    # 71 起 down 11.3% and 50 人 down 10.7% imply the 2022 counts 80 and 56 (the report's key sentence)
    assert heights == sorted([-11.3, -10.7, -11.25, round(-600 / 56, 6)])
    ax = plot_claims(result, lang="zh")
    assert len(ax.get_yticklabels()) == len(result)


def test_suzhou_pair_carries_the_exact_poisson_p_values():
    checks_mod = pytest.importorskip("safetystats.checks")
    from safetystats.datasets import load_suzhou_2023

    ax = plot_yoy(checks_mod.check_claims(load_suzhou_2023().claims), lang="zh")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    # R: poisson.test(c(71, 80)) p = 0.5152; poisson.test(c(50, 56)) p = 0.6274 (exact conditional)
    assert ticks[0].endswith("p = 0.52") and ticks[1].endswith("p = 0.63")


def test_yoy_table_mode_draws_changes_with_their_intervals():
    from safetystats.trend import yoy_table

    df = pd.DataFrame({"period": ["2021", "2022", "2023"], "deaths": [80, 120, 71]})
    table = yoy_table(df, value="deaths")
    ax = plot_yoy(table, lang="en")
    bars = [p for p in ax.patches if p.get_width() < 1 and p.get_height() != 0]
    # (120 - 80) / 80 = +50 %, (71 - 120) / 120 = -40.833… %
    assert [round(b.get_height(), 6) for b in bars] == [50.0, round(-100 * 49 / 120, 6)]
    err = ax.containers[-1] if hasattr(ax.containers[-1], "lines") else None
    segs = [c for c in ax.collections if c.get_label() == "95% interval" or len(getattr(c, "get_segments",
                                                                                     lambda: [])()) == 2]
    ys = sorted(round(v, 6) for seg in segs[0].get_segments() for v in seg[:, 1])
    expect = sorted(round(100 * (v - 1), 6) for v in [*table["conf_low"].dropna(), *table["conf_high"].dropna()])
    assert ys == expect and err is not None
    # exact conditional test = binomial test of k out of k + base at 1/2 (scipy, independent of our code):
    from scipy.stats import binomtest

    assert binomtest(120, 200, 0.5).pvalue < 0.05 and binomtest(71, 191, 0.5).pvalue < 0.05
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "significant (p < 0.05)" and "within chance" not in labels
    assert all(b.get_hatch() == "//" for b in bars)
    with pytest.raises(InputError, match="no period with a change"):
        plot_yoy(table.iloc[:1], lang="en")
