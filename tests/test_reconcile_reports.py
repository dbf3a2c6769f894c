"""Reports read from text, files and folders, against data files (issue #10); corpus in tests/corpus/reconcile."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import safetystats as ss
from safetystats.errors import InputError, ValidationError
from safetystats.reconcile import data_facts, read_data


@pytest.fixture
def rc(corpus):
    return corpus / "reconcile"


def test_a_folder_of_reports_against_a_folder_of_data(rc):
    rec = ss.reconcile(rc / "reports", against=rc / "data")
    assert len(rec.documents) == 3
    d = rec.disagreements
    assert d["kind"].tolist() == ["implied_differently", "implied_differently"]
    acc = d[d["metric_key"] == "accidents"].iloc[0]
    assert acc["document_a"].endswith("city_2022.txt") and acc["shown_a"] == "351 (stated)"
    # both 2023 documents (UTF-8 and GB18030) imply the same 350: one finding naming both
    assert acc["document_b"].count(";") == 1 and "city_2023_gbk_copy.txt" in acc["document_b"]
    assert acc["shown_b"] == "350 (implied by 2023 300, decrease 14.3%)"
    checks = rec.checks
    assert not ss.reconcile.is_failing(checks).any()
    c23 = checks[checks["claim_id"].str.contains("city_2023.txt#") & (checks["metric_key"] == "deaths")].iloc[0]
    # 250 / 298 = -16.107% -> -16.1 against the revised 2022 count, which is the default (修订 = revised)
    assert (c23["verdict"], c23["base_value"], c23["base_vintage"], c23["base_rows"]) == ("consistent", 298.0,
                                                                                          "修订", "4")
    assert c23["base_file"].endswith("city_counts.csv")
    shelters = checks[checks["metric_key"] == "shelters"].iloc[0]
    assert shelters["match"] == "unmatched" and shelters["verdict"] == "consistent"  # 78 = 12 + 66 on its own


def test_texts_and_single_files(rc):
    texts = [(rc / "reports" / "city_2022.txt").read_text(encoding="utf-8"),
             (rc / "reports" / "city_2023.txt").read_text(encoding="utf-8")]
    rec = ss.reconcile(texts)
    assert rec.documents == ("text 1", "text 2")
    assert len(rec.disagreements) == 2
    rec = ss.reconcile([rc / "reports" / "city_2023.txt", str(rc / "reports" / "city_2023_gbk_copy.txt")])
    assert rec.disagreements.empty  # the two 2023 documents agree


def test_data_files_are_read_unvalidated_then_each_vintage_validated(rc):
    frames = read_data(rc / "data")
    assert len(frames) == 1 and frames[0].attrs["source"].endswith("city_counts.csv")
    f = data_facts(frames)
    deaths22 = f[(f["metric_key"] == "deaths") & (f["period"] == "2022")].sort_values("row")
    assert deaths22[["value", "vintage", "row", "is_default"]].values.tolist() == [
        [299.0, "初次公布", 3, False], [298.0, "修订", 4, True]]


def test_bad_data_files(rc, tmp_path):
    with pytest.raises(ValidationError, match="must be 0 or more") as err:
        ss.reconcile(rc / "reports" / "city_2023.txt", against=rc / "bad_data" / "negative.csv")
    assert err.value.problems["row"].tolist() == [3]
    with pytest.raises(ValidationError, match="vintage '修订' more than once") as err:
        data_facts(rc / "bad_data" / "duplicate_vintage.csv")
    assert sorted(err.value.problems["row"]) == [2, 3]
    with pytest.raises(InputError, match="not found"):
        data_facts(tmp_path / "nope.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no data files"):
        data_facts(tmp_path / "empty")


def test_a_report_with_no_matchable_claims(rc, tmp_path):
    (tmp_path / "r.txt").write_text("本年度共开展安全生产宣传活动若干次。\n", encoding="utf-8")
    rec = ss.reconcile(tmp_path, against=rc / "data")
    assert len(rec.claims) == 0 and rec.disagreements.empty and rec.ok
    assert rec.checks is not None and len(rec.checks) == 0


def test_the_report_folder_is_not_changed(rc, tmp_path):
    copy = tmp_path / "reports"
    shutil.copytree(rc / "reports", copy)
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    ss.reconcile(copy)
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before
    assert isinstance(ss.reconcile(copy).figures, pd.DataFrame)
