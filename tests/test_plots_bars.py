"""Training by category, standardization by level, and control charts."""

from __future__ import annotations

import pandas as pd
import pytest

from safetystats.errors import InputError
from safetystats.plots import plot_control, plot_standardization, plot_training


@pytest.fixture
def training() -> pd.DataFrame:
    return pd.DataFrame({"region": ["苏州市"] * 2, "period": ["2023"] * 2,
                         "category": ["特种作业人员", "主要负责人和安管人员"],
                         "category_en": ["special operations workers", "principal managers and safety officers"],
                         "examined": [110523, 13513]})


def _bars(ax):
    return [p for p in ax.patches if p.get_width() > 0 and p.get_height() > 0]


def test_training_bars_and_shares(training):
    ax = plot_training(training, lang="zh")
    assert sorted(p.get_width() for p in _bars(ax)) == [13513, 110523]
    # shares worked by hand: 110523 / 124036 = 0.891056… -> 89.1%; 13513 / 124036 = 0.108943… -> 10.9%
    assert [t.get_text() for t in ax.texts] == ["110523人（89.1%）", "13513人（10.9%）"]
    assert ax.get_title(loc="left") == "三项岗位人员考试人数（按类别）\n2023年，合计124036人"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["特种作业人员", "主要负责人和安管人员"]


def test_training_in_english_uses_the_english_category(training):
    ax = plot_training(training, lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "special operations workers"
    assert ax.texts[0].get_text() == "110,523 (89.1%)"
    assert ax.get_title(loc="left").endswith("2023, total 124,036")


def test_training_over_several_years_gets_a_bar_per_year(training):
    two = pd.concat([training, training.assign(period="2024", examined=[100000, 15000])], ignore_index=True)
    ax = plot_training(two, lang="en")
    assert len(_bars(ax)) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2023", "2024"]


def test_training_errors(training):
    with pytest.raises(InputError, match="appears twice"):
        plot_training(pd.concat([training, training]), lang="zh")
    with pytest.raises(InputError, match="empty"):
        plot_training(training.iloc[:0])
    with pytest.raises(InputError, match="no column 'examined'"):
        plot_training(training.drop(columns="examined"))


@pytest.fixture
def standardization() -> pd.DataFrame:
    return pd.DataFrame({"region": ["苏州市"] * 4, "period": ["2023"] * 4,
                         "level": pd.array([1, 2, 3, None], dtype="Int64"),
                         "certified": pd.array([15, 458, 1407, None], dtype="Int64"),
                         "audited": pd.array([None, None, None, 200], dtype="Int64")})


def test_standardization_by_level(standardization):
    ax = plot_standardization(standardization, lang="zh")
    assert [p.get_height() for p in _bars(ax)] == [15, 458, 1407]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["一级", "二级", "三级"]
    assert [t.get_text() for t in ax.texts] == ["15家", "458家", "1407家"]
    assert ax.get_title(loc="left").endswith("2023年另审计企业数200家")
    en = plot_standardization(standardization, lang="en")
    assert en.get_title(loc="left").endswith("2023: also 200 enterprises audited")


def test_standardization_over_years(standardization):
    two = pd.concat([standardization, standardization.assign(period="2024", certified=[20, 500, 1500, None])],
                    ignore_index=True)
    ax = plot_standardization(two, lang="en")
    assert sorted(p.get_height() for p in _bars(ax)) == [15, 20, 458, 500, 1407, 1500]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Level 1", "Level 2", "Level 3"]


def test_standardization_errors(standardization):
    with pytest.raises(InputError, match="levels are 1, 2 or 3"):
        plot_standardization(standardization.assign(level=[1, 2, 4, None]))
    with pytest.raises(InputError, match="no row has both a level"):
        plot_standardization(standardization.iloc[3:])


@pytest.fixture
def monthly() -> pd.DataFrame:
    return pd.DataFrame({"period": [f"2023-{m:02d}" for m in range(1, 13)],
                         "accidents": [4, 6, 3, 5, 4, 7, 5, 3, 14, 4, 5, 4]})


def test_control_chart_draws_the_chart_frame(monthly):
    from safetystats.control import c_chart

    chart = c_chart(monthly, value="accidents")
    ax = plot_control(chart, lang="zh")
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    # c-bar = 64/12 = 5.333…, UCL = c-bar + 3 sqrt(c-bar) = 12.2615 (hand calculation)
    assert lines["中心线"].get_ydata() == pytest.approx([64 / 12] * 12)
    assert lines["控制限"].get_ydata() == pytest.approx([64 / 12 + 3 * (64 / 12) ** 0.5] * 12)
    signal = lines["异常信号"]
    assert signal.get_xdata().tolist() == [8] and signal.get_ydata().tolist() == [14]
    assert ax.get_xlabel() == "时期\n异常信号：2023-09 超出控制限"
    assert ax.get_title(loc="left") == "c 控制图（事故数）"


def test_control_chart_with_several_sites_needs_a_site(monthly):
    from safetystats.control import c_chart

    long = pd.concat([monthly.assign(region="甲"), monthly.assign(region="乙")], ignore_index=True)
    chart = c_chart(long, value="accidents", by="region")
    with pytest.raises(InputError, match="pass site="):
        plot_control(chart)
    ax = plot_control(chart, site="乙", lang="en")
    assert len(ax.get_lines()[-1].get_xdata()) in (1, 12)
    with pytest.raises(InputError, match="no column 'ucl'"):
        plot_control(chart.drop(columns="ucl"))
