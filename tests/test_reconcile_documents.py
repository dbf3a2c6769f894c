"""Several documents at once: stated and implied figures, disagreements (issue #10).

Implied bases are checked against hand calculations written out in each test (exact fractions).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from safetystats.errors import InputError, ParameterError
from safetystats.reconcile import claim_figures, find_disagreements, reconcile


def claim(**kw):
    base = {"claim_id": "c", "kind": "level", "metric": "死亡", "metric_key": "deaths", "region": None,
            "period": "2022", "value": None, "reported_pct": None, "pct_decimals": None, "direction": None,
            "source": "doc"}
    base.update(kw)
    return base


def frame(*rows):
    return pd.DataFrame(list(rows))


# A city's 2022 report published 351 accidents and 299 deaths; its 2023 report's percentages imply 350 and 298.
CITY = frame(
    claim(claim_id="r22-acc", metric="事故", metric_key="accidents", value=351.0, source="report 2022"),
    claim(claim_id="r22-dth", value=299.0, source="report 2022"),
    claim(claim_id="r23-acc", kind="change", metric="事故", metric_key="accidents", period="2023", value=300.0,
          reported_pct=14.3, pct_decimals=1, direction="decrease", source="report 2023"),
    claim(claim_id="r23-dth", kind="change", period="2023", value=250.0, reported_pct=16.1, pct_decimals=1,
          direction="decrease", source="report 2023"),
)


def test_implied_bases_by_hand():
    f = claim_figures(CITY).set_index(["claim_id", "figure", "origin"])
    # 300 down 14.3%: 0.1425 <= (b - 300) / b < 0.1435  <=>  300 / 0.8575 <= b < 300 / 0.8565
    lo, hi = 300 / 0.8575, 300 / 0.8565
    assert (math.ceil(lo), math.ceil(hi) - 1) == (350, 350)
    acc = f.loc[("r23-acc", "value", "implied")]
    assert (acc["low"], acc["high"], acc["period"]) == (350.0, 350.0, "2022")
    # 250 down 16.1%: 250 / 0.8395 = 297.80 … 250 / 0.8385 = 298.15  ->  {298}
    assert (math.ceil(250 / 0.8395), math.ceil(250 / 0.8385) - 1) == (298, 298)
    dth = f.loc[("r23-dth", "value", "implied")]
    assert (dth["low"], dth["high"]) == (298.0, 298.0)
    chg = f.loc[("r23-acc", "change_pct", "stated")]
    assert (chg["low"], chg["high"], chg["low_closed"], chg["high_closed"]) == (-14.35, -14.25, False, True)
    assert chg["base_period"] == "2022"


def test_a_count_stated_in_one_report_and_implied_differently_by_another():
    rec = reconcile(CITY)
    d = rec.disagreements
    assert d["kind"].tolist() == ["implied_differently", "implied_differently"]
    acc = d[d["metric_key"] == "accidents"].iloc[0]
    assert (acc["period"], acc["document_a"], acc["shown_a"]) == ("2022", "report 2022", "351 (stated)")
    assert acc["document_b"] == "report 2023"
    assert acc["shown_b"] == "350 (implied by 2023 300, decrease 14.3%)"
    assert not rec.ok
    s = rec.summary().set_index("item")["count"]
    assert (s["documents"], s["claims"], s["implied_differently"]) == (2, 4, 2)
    html = rec._repr_html_()
    assert "implied_differently" in html and "report 2022" in html


def test_agreeing_documents_have_no_disagreement():
    ok = frame(claim(claim_id="a", metric_key="accidents", metric="事故", value=80.0, source="2022"),
               claim(claim_id="b", kind="change", metric_key="accidents", metric="事故", period="2023", value=71.0,
                     reported_pct=11.3, pct_decimals=1, direction="decrease", source="2023"))
    rec = reconcile(ok)
    assert rec.disagreements.empty and rec.ok
    assert rec.checks["verdict"].tolist() == ["consistent", "consistent"]


def test_restated_figures_and_changes_given_differently():
    docs = frame(
        claim(claim_id="a", period="2004", value=136092.0, source="SAWS 2005-01-04"),
        claim(claim_id="b", period="2004", value=136755.0, source="China Daily 2005-01"),
        claim(claim_id="c", kind="change", period="2020", value=27412.0, reported_pct=7.14, pct_decimals=2,
              direction="decrease", source="NBS via 智研咨询"),
        claim(claim_id="d", kind="change", period="2020", value=None, reported_pct=8.3, pct_decimals=1,
              direction="decrease", source="MEM"),
    )
    d = reconcile(docs).disagreements.set_index("kind")
    assert d.loc["restated", "shown_a"] == "136,092 (stated)" and d.loc["restated", "shown_b"] == "136,755 (stated)"
    assert d.loc["change_differs", "shown_a"] == "-7.14% (2020 vs 2019)"
    assert d.loc["change_differs", "shown_b"] == "-8.3% (2020 vs 2019)"
    assert d.loc["change_differs", "base_period"] == "2019"


def test_rounding_intervals_are_compared_exactly():
    # -7.6% is [7.55, 7.65) under half up and -7.7% is [7.65, 7.75): they touch but do not overlap
    two = frame(claim(claim_id="a", kind="change", period="2024", value=19600.0, value_approximate=True,
                      reported_pct=7.6, pct_decimals=1, direction="decrease", source="press conference"),
                claim(claim_id="b", kind="change", period="2024", reported_pct=7.7, pct_decimals=1,
                      direction="decrease", source="work conference"))
    assert reconcile(two).disagreements["kind"].tolist() == ["change_differs"]
    # under "any" rule each stands for (x - 0.1, x + 0.1): they overlap, no disagreement
    assert reconcile(two, rounding="any").disagreements.empty


def test_many_documents_giving_one_value_are_one_finding():
    rows = [claim(claim_id=f"f{i}", period="2013", value=4585.0, source=f"BLS page {i}") for i in range(4)]
    rows += [claim(claim_id="s", period="2013", value=4584.0, source="secondary")]
    d = reconcile(frame(*rows)).disagreements
    assert len(d) == 1
    assert d.iloc[0]["document_a"] == "BLS page 0; BLS page 1; BLS page 2; BLS page 3"


def test_two_values_in_one_document_are_left_to_the_claim_check():
    one = frame(claim(claim_id="a", period="2022", value=351.0, source="report"),
                claim(claim_id="b", kind="change", period="2023", value=300.0, reported_pct=14.3, pct_decimals=1,
                      direction="decrease", source="report"))
    rec = reconcile(one)
    assert rec.disagreements.empty
    # the check finds it: the report's own 2022 figure is the base of its 2023 change
    assert rec.checks.set_index("claim_id").loc["b", "verdict"] == "inconsistent"


def test_a_comparison_on_another_basis_is_kept_apart():
    docs = frame(claim(claim_id="a", period="2015", value=66182.0, source="SAWS 2016"),
                 claim(claim_id="b", kind="change", period="2016", value=41000.0, value_approximate=True,
                       reported_pct=4.1, pct_decimals=1, direction="decrease", basis="comparable scope",
                       source="SAWS 2017"))
    rec = reconcile(docs)
    assert rec.disagreements.empty
    implied = rec.figures[rec.figures["origin"] == "implied"].iloc[0]
    assert (implied["period"], implied["basis"]) == ("2015", "comparable scope")


def test_documents_against_data_with_vintages():
    data = pd.DataFrame({"period": ["2022", "2022", "2023"], "deaths": [351, 350, 300],
                         "vintage": ["first", "revised", "first"]})
    docs = frame(claim(claim_id="a", period="2022", value=352.0, source="blog"),
                 claim(claim_id="b", period="2022", value=351.0, source="report 2022"),
                 claim(claim_id="c", kind="change", period="2023", value=300.0, reported_pct=14.3, pct_decimals=1,
                       direction="decrease", source="report 2023"))
    rec = reconcile(docs, against=data)
    d = rec.disagreements
    assert set(d["kind"]) == {"restated", "implied_differently", "differs_from_data"}
    dfd = d[d["kind"] == "differs_from_data"].iloc[0]
    assert (dfd["document_a"], dfd["shown_a"]) == ("blog", "352 (stated)")
    assert "351" in dfd["shown_b"] and "350" in dfd["shown_b"]
    # the report's 351 is the first-published version and its percentage fits the revised one: no data finding
    assert (d["kind"] == "differs_from_data").sum() == 1
    assert (rec.figures["origin"] == "data").sum() == 3
    checks = rec.checks.set_index("claim_id")
    assert checks.loc["c", "verdict"] == "consistent" and checks.loc["c", "base_vintage"] == "revised"
    assert checks.loc["b", "verdict"] == "consistent_other_vintage"
    assert checks.loc["a", "verdict"] == "inconsistent"


def test_find_disagreements_on_an_empty_table():
    assert find_disagreements(claim_figures(frame(claim()).iloc[0:0])).empty


def test_bad_report_arguments(tmp_path):
    with pytest.raises(InputError, match="not found"):
        reconcile([tmp_path / "missing.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no reports"):
        reconcile(tmp_path / "empty")
    with pytest.raises(ParameterError, match="texts, paths or folders"):
        reconcile([42])
    with pytest.raises(ParameterError, match="empty"):
        reconcile([])
