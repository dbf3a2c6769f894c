"""check_text / check_file / check_files and the output formats, against independent references.

References: the implied base counts are enumerated here with Python's decimal module (round half up,
the rule 四舍五入, and half even for Python's round()); the p-values of the changes come from
scipy.stats.binomtest and statsmodels' exact conditional test (R's poisson.test gives 0.5152 for 71 vs 80).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetystats.checks import OUTPUT_COLUMNS
from safetystats.claims import check_file, check_text
from safetystats.claims.check import LOCATION_COLUMNS, check_files, find_reports
from safetystats.claims.output import (
    FileResult,
    exit_code,
    format_json,
    format_junit,
    format_markdown,
    format_table,
    summary_line,
)

CORPUS = Path(__file__).parent / "corpus" / "claims"
SEED = (CORPUS / "suzhou_2023_report.txt").read_text(encoding="utf-8")


def bases_reproducing(current: int, pct: str, rounding=ROUND_HALF_UP) -> list[int]:
    """Every whole base b with round((b - current) / b * 100) == -pct (a decline), by enumeration."""
    target = Decimal(pct)
    places = Decimal(1).scaleb(target.as_tuple().exponent)
    out = []
    for b in range(current + 1, 20 * current + 2):
        got = ((Decimal(b - current) / Decimal(b)) * 100).quantize(places, rounding=rounding)
        if got == target:
            out.append(b)
    return out


@pytest.fixture(scope="module")
def seed_table():
    return check_text(SEED, source="suzhou_2023_report.txt")


def test_seed_verdicts_and_no_false_alarm(seed_table):
    assert seed_table["verdict"].tolist() == ["consistent"] * 7
    assert seed_table.columns.tolist()[-len(LOCATION_COLUMNS):] == LOCATION_COLUMNS
    assert seed_table["kind"].tolist() == ["level", "level", "change", "change", "level", "sum", "sum"]


def test_seed_implied_2022_counts_match_enumeration(seed_table):
    assert bases_reproducing(71, "11.3") == [80]  # 9/80 = 11.25% -> 11.3 half up
    assert bases_reproducing(50, "10.7") == [56]  # 6/56 = 10.714% -> 10.7
    changes = seed_table[seed_table["kind"] == "change"]
    assert changes["implied_base_min"].tolist() == [80, 56]
    assert changes["implied_base_max"].tolist() == [80, 56]


def test_seed_p_values_match_scipy_and_statsmodels(seed_table):
    from scipy.stats import binomtest
    from statsmodels.stats.rates import test_poisson_2indep

    changes = seed_table[seed_table["kind"] == "change"]
    for (cur, base), p in zip([(71, 80), (50, 56)], changes["p_value"], strict=True):
        ref = binomtest(cur, cur + base, 0.5).pvalue
        sm = test_poisson_2indep(cur, 1, base, 1, method="exact-cond").pvalue
        assert p == pytest.approx(ref, rel=1e-9) and p == pytest.approx(sm, rel=1e-9)
    assert changes["p_value"].round(4).tolist() == [0.5152, 0.6274]  # R: poisson.test(c(71, 80)) p = 0.5152
    assert not changes["significant"].any()


def test_half_even_makes_11_25_another_rounding():
    # 11.25 -> 11.2 under half even (Python's round), so no base gives 11.3 under that rule
    assert bases_reproducing(71, "11.3", ROUND_HALF_EVEN) == []
    t = check_text("全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。", rounding="half_even")
    assert t["verdict"].tolist() == ["consistent_other_rounding", "consistent"]


def test_sums_against_addition(seed_table):
    sums = seed_table[seed_table["kind"] == "sum"]
    assert sums["parts_sum"].tolist() == [12 + 66, 110523 + 13513]
    wrong = check_text("全市共建成避难场所80个，其中中心避难场所12个，固定避难场所66个。")
    assert wrong["verdict"].item() == "inconsistent"


def test_location_columns_point_into_the_text(seed_table):
    for r in seed_table.itertuples():
        assert SEED[r.span_start:r.span_end].replace("\n", "") == r.claim_text.replace(" ", "") or \
            " ".join(SEED[r.span_start:r.span_end].split()) == r.claim_text
        assert r.source == "suzhou_2023_report.txt"
        assert r.text.endswith("。")


def test_empty_text_gives_an_empty_table():
    t = check_text("苏州市应急管理局")
    assert t.empty and set(LOCATION_COLUMNS) <= set(t.columns)


def test_mixed_dated_and_undated_claims_keep_their_order():
    text = "2006年全国事故死亡112822人，同比下降11.2%。道路交通万车死亡率为6.2，下降18.4%。"
    t = check_text(text)
    assert t["value"].tolist() == [112822, 6.2]
    assert t["period"].tolist()[0] == "2006" and t["verdict"].tolist() == ["consistent", "consistent"]


# ---------------------------------------------------------------------------
# arithmetic invariants (hypothesis)
# ---------------------------------------------------------------------------
declines = st.tuples(st.integers(min_value=5, max_value=200_000), st.floats(min_value=0.001, max_value=0.9),
                     st.integers(min_value=0, max_value=2), st.booleans())


@settings(max_examples=40)
@given(st.lists(declines, min_size=1, max_size=25))
def test_a_correctly_rounded_decline_is_found_and_consistent(cases):
    """Write true declines rounded half up (decimal module), one per line; each is found and consistent."""
    lines, truth = [], []
    for base, drop, decimals, english in cases:
        current = max(1, int(base * (1 - drop)))
        places = Decimal(1).scaleb(-decimals)
        pct = ((Decimal(base - current) / Decimal(base)) * 100).quantize(places, rounding=ROUND_HALF_UP)
        if current >= base or pct == 0:
            continue
        if english:
            lines.append(f"There were {current:,} fatal work injuries in 2023, a {pct}-percent decrease from "
                         f"{base:,} in 2022.")
        else:
            lines.append(f"全年共发生生产安全事故 {current} 起，同比下降 {pct}%。")
        truth.append((current, base, pct, english))
    t = check_text("\n".join(lines))
    assert len(t) == len(truth)
    for row, (current, base, pct, english) in zip(t.to_dict("records"), truth, strict=True):
        assert row["value"] == current and abs(row["reported_pct"]) == float(pct)
        assert row["verdict"] == "consistent"
        if english:
            assert row["base_value"] == base
        else:
            assert row["implied_base_min"] <= base <= row["implied_base_max"]


sums = st.tuples(st.lists(st.integers(min_value=1, max_value=100_000), min_size=2, max_size=4),
                 st.integers(min_value=-3, max_value=3))


@settings(max_examples=40)
@given(st.lists(sums, min_size=1, max_size=20))
def test_sum_claims_add_up_exactly(cases):
    names = ["甲类场所", "乙类场所", "丙类场所", "丁类场所"]
    lines = []
    for parts, delta in cases:
        listed = "，".join(f"{n}{p}个" for n, p in zip(names, parts, strict=False))
        lines.append(f"全市共建成避难场所{sum(parts) + delta}个，其中{listed}。")
    t = check_text("\n".join(lines))
    assert len(t) == len(cases)
    for row, (parts, delta) in zip(t.to_dict("records"), cases, strict=True):
        assert row["parts"] == "+".join(map(str, parts))
        assert row["verdict"] == ("consistent" if delta == 0 else "inconsistent")


# ---------------------------------------------------------------------------
# files and output formats
# ---------------------------------------------------------------------------
def test_check_file_and_files(tmp_path):
    t = check_file(CORPUS / "key_gbk.txt", period=2023)
    assert t["verdict"].tolist() == ["consistent"] * 3 and t["source"].tolist()[0].endswith("key_gbk.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("全年共发生生产安全事故 71 起，比上年增长 11.3%。", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>全年共发生生产安全事故 71 起，同比下降 11.3%。</p>", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    files = find_reports([tmp_path])
    assert [Path(f).name for f in files] == ["a.html", "c.txt", "b.txt"]
    results = check_files([tmp_path], jobs=1)
    assert [r.error is None for r in results] == [True, False, True]
    assert results[2].table["verdict"].item() == "inconsistent"
    seen = []
    parallel = check_files([tmp_path], jobs=2, progress=lambda d, n, f: seen.append((d, n)))
    assert [r.source for r in parallel] == [r.source for r in results]
    assert [r.error for r in parallel] == [r.error for r in results]
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]


def test_output_formats(seed_table):
    results = [FileResult("seed.txt", seed_table), FileResult("gone.txt", error="file not found; check the path")]
    objs = json.loads(format_json(results))
    assert len(objs) == 7
    assert list(objs[0]) == seed_table.columns.tolist()
    assert set(OUTPUT_COLUMNS) | {"kind", "line", "text"} <= set(objs[0])
    assert objs[2]["implied_base_min"] == 80 and objs[2]["line"] == 39 and objs[2]["region"] == "苏州市"
    root = ET.fromstring(format_junit(results))
    assert root.get("tests") == "8" and root.get("failures") == "0" and root.get("errors") == "1"
    assert [s.get("name") for s in root.iter("testsuite")] == ["seed.txt", "gone.txt"]
    md = format_markdown(results)
    assert md.count("| 39 |") == 3 and "**Cannot be read:** file not found" in md
    table = format_table(results)
    assert "L39-1 change 生产安全事故" in table and "gone.txt: cannot be read" in table
    assert summary_line(results) == "2 files, 7 claims: 7 consistent; 1 file unreadable"
    assert exit_code(results) == 2 and exit_code(results[:1]) == 0


def test_exit_codes_and_strict():
    bad = check_text("全年共发生生产安全事故 71 起，比上年增长 11.3%。")
    vague = check_text("全年事故起数下降7.9%。")
    other = check_text("全年共发生生产安全事故 71 起，同比下降 11.3%。", rounding="half_even")
    assert exit_code([FileResult("a", bad)]) == 1
    assert exit_code([FileResult("a", vague)]) == 0 and exit_code([FileResult("a", vague)], strict=True) == 1
    assert exit_code([FileResult("a", other)]) == 0 and exit_code([FileResult("a", other)], strict=True) == 1
    assert exit_code([]) == 2
    root = ET.fromstring(format_junit([FileResult("a", bad), FileResult("b", vague)]))
    assert root.get("failures") == "1" and root.get("skipped") == "1"


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab 短x/.-()%")), max_size=400), width=st.integers(20, 120))
def test_wrapped_data_lines_keep_every_character_and_fit(text, width):
    """The text report wraps long "data:" lines (never cuts them): nothing lost, nothing wider than asked."""
    from safetystats.claims.output import _width, _wrap

    lines = _wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(_width(line) <= width for line in lines)
