"""plot_counts: the data, the trend and forecast results as given, breaks, gaps, errors, determinism."""

from __future__ import annotations

import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from safetystats.errors import InputError, InsufficientDataError, ParameterError
from safetystats.plots import plot_counts


@pytest.fixture
def deaths() -> pd.DataFrame:
    return pd.DataFrame({"region": ["甲市"] * 8, "period": [str(y) for y in range(2016, 2024)],
                         "deaths": [72, 70, 66, 68, 61, 60, 56, 50]})


def _png(ax) -> bytes:
    buf = io.BytesIO()
    ax.get_figure().savefig(buf, format="png", dpi=60, metadata={"Software": None})
    return buf.getvalue()


def test_draws_the_data_as_given_and_leaves_the_frame_alone(deaths):
    before = deaths.copy()
    ax = plot_counts(deaths, value="deaths", lang="zh")
    pd.testing.assert_frame_equal(deaths, before)
    line = ax.get_lines()[0]
    assert line.get_xdata().tolist() == list(range(2016, 2024))
    assert line.get_ydata().tolist() == [72, 70, 66, 68, 61, 60, 56, 50]
    assert ax.get_title(loc="left") == "死亡人数变化趋势"
    assert ax.get_ylabel() == "死亡人数（人）"
    assert ax.get_ylim()[0] == 0
    assert any(t.get_text() == "50人" for t in ax.texts)  # the last value, with its unit


def test_unsorted_input_is_sorted_by_period(deaths):
    ax = plot_counts(deaths.iloc[::-1], value="deaths", lang="en")
    assert ax.get_lines()[0].get_ydata().tolist() == [72, 70, 66, 68, 61, 60, 56, 50]


def test_gaps_are_drawn_as_gaps_and_named(deaths):
    df = deaths.astype({"deaths": "float64"})
    df.loc[3, "deaths"] = np.nan
    ax = plot_counts(df, value="deaths", lang="en")
    y = ax.get_lines()[0].get_ydata()
    assert np.isnan(y[3])
    assert ax.get_xlabel() == "Year\nNo figure for 2019"


def test_number_formats_follow_the_language():
    df = pd.DataFrame({"period": ["2021", "2022", "2023"], "deaths": [126760, 112822, 101480]})
    ax = plot_counts(df, value="deaths", lang="zh")
    fmt = ax.yaxis.get_major_formatter()
    assert fmt(100000, 0) == "10万" and fmt(20000, 0) == "2万"
    ax = plot_counts(df, value="deaths", lang="en")
    assert ax.yaxis.get_major_formatter()(100000, 0) == "100,000"


def test_forecast_fan_comes_from_the_forecast_frame(deaths):
    from safetystats.forecast import forecast

    fc = forecast(deaths, value="deaths", model="drift", horizon=2)
    ax = plot_counts(deaths, value="deaths", lang="zh", forecast=fc)
    mean_line = [ln for ln in ax.get_lines() if ln.get_label() == "预测值"][0]
    # the dashed line starts at the last observation (2023, 50) and then follows the forecast means
    assert mean_line.get_xdata().tolist() == [2023, 2024, 2025]
    assert mean_line.get_ydata().tolist() == pytest.approx([50, *fc["mean"].tolist()])
    bands = {c.get_label(): c for c in ax.collections}
    for level in (80, 95):
        verts = bands[f"{level}%预测区间"].get_paths()[0].vertices
        ys = set(np.round(verts[:, 1], 6))
        assert {float(v) for v in fc[f"lo_{level}"]} <= ys and {float(v) for v in fc[f"hi_{level}"]} <= ys
    assert ax.get_xlim()[1] > 2025


def test_trend_line_is_the_trend_results_fitted_values(deaths):
    from safetystats.trend import loglinear_trend

    res = loglinear_trend(deaths, value="deaths")
    ax = plot_counts(deaths, value="deaths", lang="en", trend=res)
    line = [ln for ln in ax.get_lines() if ln.get_label() == "Log-linear trend"][0]
    assert line.get_ydata() == pytest.approx(res.fitted["fitted"].to_numpy())
    assert "Trend 95% CI" in [c.get_label() for c in ax.collections]


def test_the_trend_line_is_broken_at_a_level_shift():
    from safetystats.trend import loglinear_trend

    df = pd.DataFrame({"period": [str(y) for y in range(2010, 2020)],
                       "deaths": [100, 95, 92, 88, 85, 60, 57, 55, 53, 50]})
    res = loglinear_trend(df, value="deaths", breaks=["2015"])
    ax = plot_counts(df, value="deaths", lang="en", trend=res, breaks={"2015": "scope change"})
    line = [ln for ln in ax.get_lines() if ln.get_label() == "Log-linear trend"][0]
    x, y = line.get_xdata(), line.get_ydata()
    assert x.tolist()[5] == 2014.5 and np.isnan(y[5])  # no line drawn across the step
    assert np.delete(y, 5) == pytest.approx(res.fitted["fitted"].to_numpy())


def test_joinpoint_segments_and_their_periods_come_from_the_result():
    from safetystats.trend import joinpoint

    # two straight log-linear segments meeting in 2012 (a rise of 5% a year, then a fall of 10% a year)
    years = list(range(2004, 2021))
    mu = [200 * 1.05 ** (y - 2004) if y <= 2012 else 200 * 1.05 ** 8 * 0.9 ** (y - 2012) for y in years]
    df = pd.DataFrame({"period": [str(y) for y in years], "deaths": np.round(mu).astype(int)})
    res = joinpoint(df, value="deaths", ci="parametric")
    ax = plot_counts(df, value="deaths", lang="zh", joinpoint=res)
    seg = [ln for ln in ax.get_lines() if ln.get_label() == "连接点分段趋势"][0]
    assert seg.get_ydata() == pytest.approx(res.fitted["fitted"].to_numpy())
    marks = [ln for ln in ax.get_lines() if ln.get_label() == "连接点"]
    assert res.joinpoints == ["2012"] and [m.get_xdata()[0] for m in marks] == [2012]
    assert "2012" in [t.get_text() for t in ax.texts]


def test_a_frame_with_period_and_fitted_is_accepted_as_a_trend(deaths):
    fit = pd.DataFrame({"period": deaths["period"], "fitted": np.linspace(72, 50, 8)})
    ax = plot_counts(deaths, value="deaths", lang="en", trend=fit)
    assert len(ax.get_lines()) == 2
    with pytest.raises(InputError, match="no column 'fitted'"):
        plot_counts(deaths, value="deaths", trend=pd.DataFrame({"period": ["2016"]}))
    with pytest.raises(ParameterError, match="trend must be"):
        plot_counts(deaths, value="deaths", trend=42)


def test_breaks_are_marked_between_periods(deaths):
    ax = plot_counts(deaths, value="deaths", lang="zh", breaks={"2020": "新法施行"})
    vlines = [ln for ln in ax.get_lines() if ln.get_xdata()[0] == ln.get_xdata()[-1] and len(ln.get_xdata()) == 2]
    assert [ln.get_xdata()[0] for ln in vlines] == [2019.5]
    assert "新法施行" in [t.get_text() for t in ax.texts]


def test_split_years_and_months_get_their_labels():
    df = pd.DataFrame({"period": ["2021/22", "2022/23", "2023/24"], "deaths": [123, 135, 138]})
    ax = plot_counts(df, value="deaths", lang="en")
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021/22", "2022/23", "2023/24"]
    m = pd.DataFrame({"period": [f"2023-{k:02d}" for k in range(1, 13)], "accidents": range(12)})
    ax = plot_counts(m, value="accidents", lang="zh")
    ax.figure.canvas.draw()
    assert ax.get_xticklabels()[0].get_text() == "2023-01"
    assert ax.get_ylabel() == "生产安全事故起数（起）"


@pytest.mark.parametrize(("frame", "error", "match"), [
    (pd.DataFrame({"period": [], "deaths": []}), InputError, "empty"),
    (pd.DataFrame({"period": ["2023"], "deaths": [50]}), InsufficientDataError, "at least 2"),
    (pd.DataFrame({"period": ["2022", "2023"], "deaths": [np.nan, 50]}), InsufficientDataError, "got 1"),
    (pd.DataFrame({"period": ["2022", "2023"], "deaths": [5, -1]}), InputError, "cannot be negative"),
    (pd.DataFrame({"period": ["2022", "2023"], "deaths": [5, "x"]}), InputError, "not a number"),
    (pd.DataFrame({"period": ["2022", "2023"], "accidents": [5, 4]}), InputError, "no column 'deaths'"),
    (pd.DataFrame({"region": ["a", "b"], "period": ["2023", "2023"], "deaths": [5, 4]}), InputError,
     "2 regions"),
    (pd.DataFrame({"period": ["2022", "2023-01"], "deaths": [5, 4]}), InputError, "mixes kinds"),
])
def test_bad_input_gives_a_clear_error(frame, error, match):
    with pytest.raises(error, match=match):
        plot_counts(frame, value="deaths")


def test_other_arguments_are_checked(deaths):
    with pytest.raises(ParameterError, match="lang="):
        plot_counts(deaths, lang="de")
    with pytest.raises(ParameterError, match="DataFrame"):
        plot_counts([1, 2, 3])


def test_chinese_renders_on_an_axes_made_with_the_users_own_fonts(deaths):
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
    plot_counts(deaths, value="deaths", ax=ax, lang="zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _png(ax)  # no "Glyph missing" warning on the Chinese title, labels and notes


def test_same_input_gives_identical_png_bytes(deaths):
    a = _png(plot_counts(deaths, value="deaths", lang="zh", breaks=["2020"]))
    b = _png(plot_counts(deaths, value="deaths", lang="zh", breaks=["2020"]))
    assert a == b and a[:8] == b"\x89PNG\r\n\x1a\n"
