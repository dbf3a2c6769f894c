"""The reconciliation figure (issue #10)."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from safetystats.errors import InputError, ParameterError
from safetystats.plots.reconcile import plot_reconciliation
from safetystats.reconcile import reconcile


def _rec():
    rows = [
        {"claim_id": "a", "kind": "level", "metric": "死亡", "metric_key": "deaths", "period": "2022", "value": 351.0,
         "source": "report 2022"},
        {"claim_id": "b", "kind": "change", "metric": "死亡", "metric_key": "deaths", "period": "2023",
         "value": 300.0, "reported_pct": 14.3, "pct_decimals": 1, "direction": "decrease", "source": "report 2023"},
        {"claim_id": "c", "kind": "level", "metric": "死亡", "metric_key": "deaths", "period": "2021", "value": 400.0,
         "source": "report 2022"},
    ]
    return reconcile(pd.DataFrame(rows))


def _points(ax):
    """(x, y, colour) of every marker drawn."""
    out = []
    for line in ax.get_lines():
        if line.get_marker() in ("o", "s", "D") and len(line.get_xdata()):
            for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                out.append((float(x), float(y), line.get_color()))
    return out


def test_values_are_drawn_as_differences_from_the_periods_reference():
    ax = plot_reconciliation(_rec(), lang="en")
    assert ax.get_title(loc="left") == "Deaths: figures across publications"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022", "2023"]
    pts = _points(ax)
    red = [(x, y) for x, y, c in pts if c == "#BB5566"]
    # 2022: stated 351 is the reference (0%), the implied 350 is 100 * (350 / 351 - 1) = -0.285%
    assert sorted(round(y, 3) for _, y in red) == [-0.285, 0.0]
    assert {round(x, 2) for x, _ in red} == {0.82, 1.18}  # stated left of the tick, implied right
    blue = [(x, y) for x, y, c in pts if c == "#004488"]
    assert len(blue) == 2 and all(y == 0 for _, y in blue)  # 2021 and 2023 agree with themselves
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Stated", "Implied range", "In a disagreement"]


def test_changes_and_chinese_labels():
    ax = plot_reconciliation(_rec(), what="change", lang="zh")
    assert ax.get_title(loc="left") == "死亡人数：各方公布的变化率"
    assert [round(y, 1) for _, y, _ in _points(ax)] == [-14.3]


def test_a_figures_table_and_an_existing_axes_work():
    fig, ax = plt.subplots()
    out = plot_reconciliation(_rec().figures, ax=ax, title=False)
    assert out is ax and ax.get_title(loc="left") == ""


def test_png_is_byte_identical():
    def png():
        ax = plot_reconciliation(_rec(), lang="zh")
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", metadata={"Software": None})
        plt.close(ax.figure)
        return buf.getvalue()

    assert png() == png()


def test_bad_arguments():
    with pytest.raises(InputError, match="no value figures of metric 'injuries'"):
        plot_reconciliation(_rec(), metric="injuries")
    with pytest.raises(ParameterError, match="what="):
        plot_reconciliation(_rec(), what="rates")
    with pytest.raises(ParameterError, match="lang"):
        plot_reconciliation(_rec(), lang="fr")
    with pytest.raises(ParameterError, match="Reconciliation"):
        plot_reconciliation([1, 2])
    with pytest.raises(InputError, match="no column"):
        plot_reconciliation(pd.DataFrame({"x": [1]}))


def test_national_figure_marks_the_2004_disagreement():
    from safetystats.reconcile.national import national_reconciliation

    ax = plot_reconciliation(national_reconciliation("china", metrics=["deaths"]), lang="en")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    x2004 = ticks.index("2004")
    red = [(x, y) for x, y, c in _points(ax) if c == "#BB5566" and abs(x - x2004) < 0.5]
    # 136,092 and 136,755 around their median 136,423.5: -0.243% and +0.243%
    assert np.allclose(sorted(y for x, y in red if x < x2004), [100 * (136092 / 136423.5 - 1),
                                                                100 * (136755 / 136423.5 - 1)])
