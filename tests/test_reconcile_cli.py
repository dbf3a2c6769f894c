"""`safetystats check REPORT… --against DATA` (issue #10): outputs and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from safetystats.cli import main


@pytest.fixture
def rc(corpus):
    return corpus / "reconcile"


def run(capsys, *argv):
    code = main(["check", *map(str, argv), "-j", "1", "-q"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_folder_of_reports_against_folder_of_data(capsys, rc):
    code, out, _ = run(capsys, rc / "reports", "--against", rc / "data")
    assert code == 1  # every claim fits, but the 2022 report and the 2023 reports disagree
    assert "data: fits the 2022 figure 351→350 (修订;" in out
    assert "city_counts.csv row 4): -14.3%" in " ".join(out.split())  # long data lines wrap, never cut
    assert "data: unmatched: no such metric: '避难场所' (shelters)" in out
    assert "2 disagreements between documents" in out
    assert "implied_differently  accidents 示例市 2022" in out
    assert "against the data: 6 of 7 claims matched; 1 unmatched (no such metric 1)" in out


def test_data_lines_wrap_instead_of_cutting_off_the_figure(capsys, rc, tmp_path):
    """A deep checkout path (CI clones into /check/work/…) must not push the recomputed % off the line."""
    import shutil

    deep = tmp_path / ("a-very-long-directory-name-" * 3) / "checkout" / "tests" / "corpus"
    shutil.copytree(rc, deep / "reconcile")
    code, out, _ = run(capsys, deep / "reconcile" / "reports", "--against", deep / "reconcile" / "data")
    assert code == 1
    assert "…" not in "".join(ln for ln in out.splitlines() if "data:" in ln)
    flat = " ".join(out.split())
    assert "city_counts.csv row 4): -14.3%" in flat and "city_counts.csv row 4): -16.1%" in flat
    assert max(len(ln) for ln in out.splitlines() if ln.lstrip().startswith("data:")) <= 120


def test_a_report_that_agrees_with_the_data_exits_0(capsys, rc):
    code, out, _ = run(capsys, rc / "reports" / "city_2023.txt", "--against", rc / "data" / "city_counts.csv")
    assert code == 0
    assert "no disagreements between documents" in out


def test_json_markdown_and_junit(capsys, rc):
    code, out, err = run(capsys, rc / "reports", "--against", rc / "data", "--format", "json")
    obj = json.loads(out)
    assert code == 1 and set(obj) == {"claims", "disagreements", "summary"}
    assert {c["match"] for c in obj["claims"]} == {"matched", "unmatched"}
    c23 = [c for c in obj["claims"] if c["source"].endswith("city_2023.txt") and c["metric_key"] == "deaths"][0]
    assert (c23["base_value"], c23["base_vintage"], c23["base_rows"]) == (298.0, "修订", "4")
    assert [d["kind"] for d in obj["disagreements"]] == ["implied_differently", "implied_differently"]
    assert "2 disagreements" in err
    code, out, _ = run(capsys, rc / "reports", "--against", rc / "data", "--format", "markdown")
    assert "| implied_differently | deaths | 2022 |" in out and " data |" in out
    code, out, _ = run(capsys, rc / "reports", "--against", rc / "data", "--format", "junit")
    root = ET.fromstring(out)
    suite = [s for s in root if s.get("name") == "disagreements between documents"][0]
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    assert root.get("failures") == "2" and root.get("tests") == "9"


def test_the_default_vintage_option(capsys, rc):
    code, out, _ = run(capsys, rc / "reports" / "city_2023.txt", "--against", rc / "data", "--vintage", "first",
                       "--format", "json")
    verdicts = {c["metric_key"]: c["verdict"] for c in json.loads(out)["claims"]}
    assert verdicts["deaths"] == "consistent_other_vintage" and code == 0
    code, _, _ = run(capsys, rc / "reports" / "city_2023.txt", "--against", rc / "data", "--vintage", "first",
                     "--strict")
    assert code == 1


def test_data_failing_validation_exits_2_and_names_the_row(capsys, rc):
    code, out, err = run(capsys, rc / "reports", "--against", rc / "bad_data" / "negative.csv")
    assert code == 2 and out == ""
    assert "negative.csv" in err and "row 3, column 'deaths'" in err and "Traceback" not in err
    code, _, err = run(capsys, rc / "reports", "--against", rc / "bad_data" / "duplicate_vintage.csv")
    assert code == 2 and "vintage '修订' more than once" in err
    code, _, err = run(capsys, rc / "reports", "--against", rc / "missing.csv")
    assert code == 2 and "not found" in err
    code, _, err = run(capsys, rc / "reports", "--vintage", "修订")
    assert code == 2 and "--vintage needs --against" in err


def test_no_matchable_claims_is_a_clear_summary_and_exit_0(capsys, rc, tmp_path):
    report = tmp_path / "shelters.txt"
    report.write_text("全市共建成避难场所78个，其中中心避难场所12个，固定避难场所66个。\n", encoding="utf-8")
    code, out, _ = run(capsys, report, "--against", rc / "data")
    assert code == 0
    assert "against the data: none of 1 claim matched the data; 1 unmatched (no such metric 1)" in out
