"""Summary tables: labels in zh/en, exact display rounding, CSV with BOM, Markdown, HTML, reproducible xlsx."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from safetystats.errors import InputError, ParameterError
from safetystats.tables import COLUMN_LABELS, TABLE_KINDS, guess_kind, summary_table, to_markdown, write_table


@pytest.fixture
def checks() -> pd.DataFrame:
    # the shape of check_claims' output for the Suzhou pair; recomputed values worked by hand:
    # (71 - 80) / 80 = -11.25 %, (50 - 56) / 56 = -10.714285… %
    return pd.DataFrame({
        "claim_id": ["sz-acc", "sz-deaths"], "kind": ["change", "change"], "metric": ["生产安全事故", "死亡"],
        "period": ["2023", "2023"], "value": [71.0, 50.0], "base_value": [80.0, 56.0],
        "reported_pct": [11.3, 10.7], "recomputed_pct": [-11.25, -100 * 6 / 56],
        "implied_base_min": [80.0, 56.0], "implied_base_max": [80.0, 56.0], "rounding": ["half_up", "half_up"],
        "verdict": ["consistent", "consistent_other_rounding"], "likely_cause": [None, None],
        "p_value": [0.515196, 0.627], "note": ["", ""], "internal": [1, 2],
    })


def test_checks_table_in_chinese(checks):
    before = checks.copy()
    t = summary_table(checks, lang="zh")
    pd.testing.assert_frame_equal(checks, before)  # caller's frame untouched
    assert "internal" not in t.columns and t.attrs["kind"] == "checks"
    assert list(t.columns[:3]) == ["编号", "类型", "指标"]
    assert t["核对结论"].tolist() == ["一致", "换一种舍入规则才一致"]
    assert t["类型"].tolist() == ["变化", "变化"]
    assert t["舍入规则"].tolist() == ["四舍五入", "四舍五入"]
    # 2 decimals, half-up on the decimal value: -11.25 stays, -10.714285… -> -10.71; p to 4 decimals
    assert t["重新计算的变化率（%）"].tolist() == [-11.25, -10.71]
    assert t["p值"].tolist() == ["0.5152", "0.627"]
    assert str(t["比较值"].dtype) == "Int64"


def test_checks_table_in_english(checks):
    t = summary_table(checks, lang="en")
    assert t["Verdict"].tolist() == ["consistent", "consistent under another rounding rule"]
    assert "Recomputed change (%)" in t.columns


def test_tiny_p_values_are_written_as_a_bound():
    t = summary_table(pd.DataFrame({"claim_id": ["a", "b", "c"], "verdict": ["consistent"] * 3,
                                    "p_value": [3e-9, 0.00005, np.nan]}), lang="en")
    assert t["p-value"].tolist()[:2] == ["< 0.0001", "< 0.0001"] and pd.isna(t["p-value"].iloc[2])


def test_display_rounding_is_decimal_half_up_not_float_round():
    # 0.125 and 2.675 as written: half-up gives 0.13 and 2.68; float round() gives 0.12 and 2.67
    assert round(0.125, 2) == 0.12 and round(2.675, 2) == 2.67
    t = summary_table(pd.DataFrame({"claim_id": ["a", "b"], "verdict": ["consistent"] * 2,
                                    "recomputed_pct": [0.125, 2.675]}), lang="en")
    assert t["Recomputed change (%)"].tolist() == [0.13, 2.68]


def test_training_uses_english_categories_and_levels_are_words():
    tr = pd.DataFrame({"region": ["苏州市"] * 2, "period": ["2023"] * 2, "category": ["特种作业人员", "主要负责人和安管人员"],
                       "category_en": ["special operations workers", "principal managers and safety officers"],
                       "examined": [110523, 13513]})
    assert summary_table(tr, lang="en")["Category"].tolist()[0] == "special operations workers"
    assert summary_table(tr, lang="zh")["人员类别"].tolist()[0] == "特种作业人员"
    st = pd.DataFrame({"period": ["2023"] * 4, "level": pd.array([1, 2, 3, None], dtype="Int64"),
                       "certified": pd.array([15, 458, 1407, None], dtype="Int64"),
                       "audited": pd.array([None, None, None, 200], dtype="Int64")})
    t = summary_table(st, lang="zh")
    assert t["标准化等级"].tolist()[:3] == ["一级", "二级", "三级"] and pd.isna(t["标准化等级"].iloc[3])
    assert "地区" not in t.columns  # no region column in, none out
    assert summary_table(st, lang="en")["Level"].tolist()[:3] == ["Level 1", "Level 2", "Level 3"]


def test_guess_kind_and_errors():
    assert guess_kind(pd.DataFrame(columns=["period", "mean", "lo_80", "hi_80"])) == "forecast"
    assert guess_kind(pd.DataFrame(columns=["period", "center", "lcl", "ucl"])) == "control"
    assert guess_kind(pd.DataFrame(columns=["x"])) is None
    with pytest.raises(ParameterError, match="kind='nope'"):
        summary_table(pd.DataFrame({"a": [1]}), kind="nope")
    with pytest.raises(InputError, match="no column 'zzz'"):
        summary_table(pd.DataFrame({"a": [1]}), columns=["zzz"])
    with pytest.raises(ParameterError):
        summary_table([1, 2, 3])
    assert set(TABLE_KINDS["checks"]) <= set(COLUMN_LABELS)


def test_csv_has_a_bom_and_round_trips(tmp_path):
    t = summary_table(pd.DataFrame({"region": ["苏州市"], "period": ["2023"], "accidents": [71], "deaths": [50]}))
    p = write_table(t, tmp_path / "acc.csv")
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    back = pd.read_csv(p, encoding="utf-8-sig", dtype=str)
    assert back.columns.tolist() == ["地区", "时期", "生产安全事故起数（起）", "死亡人数（人）"]
    assert back.iloc[0].tolist() == ["苏州市", "2023", "71", "50"]


def test_markdown_and_html(tmp_path):
    t = pd.DataFrame({"类别": ["a|b", "<script>"], "人数": [1.5, np.nan]})
    md = to_markdown(t, title="标题")
    assert md.splitlines()[:4] == ["### 标题", "", "| 类别 | 人数 |", "| --- | ---: |"]
    assert "a\\|b" in md and md.splitlines()[-1] == "| <script> |  |"
    html_path = write_table(t, tmp_path / "t.html", title="标题 & 说明")
    text = html_path.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text and "<script>" not in text and "标题 &amp; 说明" in text


def test_xlsx_reads_back_and_is_byte_reproducible(tmp_path):
    t = pd.DataFrame({"地区": ["苏州市", "苏州市"], "死亡人数（人）": pd.array([50, None], dtype="Int64"),
                      "变化率（%）": [-10.71, 2.5]})
    a = write_table(t, tmp_path / "a.xlsx", title="死亡人数")
    b = write_table(t, tmp_path / "b.xlsx", title="死亡人数")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(io.BytesIO(a.read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        assert core.count("2000-01-01T00:00:00Z") == 2
    ws = openpyxl.load_workbook(a).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "死亡人数"
    assert rows[1] == ("地区", "死亡人数（人）", "变化率（%）")
    assert rows[2] == ("苏州市", 50, -10.71) and rows[3] == ("苏州市", None, 2.5)


def test_write_errors(tmp_path):
    t = pd.DataFrame({"a": [1]})
    with pytest.raises(ParameterError, match=".csv, .md, .html"):
        write_table(t, tmp_path / "t.txt")
    with pytest.raises(InputError, match="does not exist"):
        write_table(t, tmp_path / "nope" / "t.csv")
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        write_table(t, tmp_path / "d.csv")
