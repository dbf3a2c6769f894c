"""The reader corpus: files people really make, each with its expected outcome."""

import io
import warnings

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import safetystats as ss
from safetystats.errors import DataWarning, InputError, ValidationError
from safetystats.io import decode_bytes, read, read_csv, read_excel, read_parquet

# file -> (rows, {column: total}) for the valid files
VALID = {
    "valid_utf8.csv": (5, {"accidents": 102 + 95 + 88 + 80 + 71, "deaths": 77 + 70 + 61 + 56 + 50}),
    "valid_gbk_chinese_headers.csv": (4, {"accidents": 1204 + 1071 + 980 + 1012, "deaths": 35 + 30 + 41 + 39,
                                          "injuries": 12 + 9 + 20 + 18}),
    "valid_bom.csv": (3, {"accidents": 88 + 80 + 71, "deaths": 61 + 56 + 50}),
    "valid_trailing_blank_rows.csv": (2, {"accidents": 151, "deaths": 106}),
    "valid_wan.csv": (3, {"value": 10700 + 89000 + 78}),
    "valid_yearbook_wide.csv": (3, {"accidents": 102 + 95 + 88, "deaths": 77 + 70 + 61}),
    "valid_standardization_wide.csv": (6, {"certified": 12 + 430 + 1390 + 15 + 458 + 1407}),
    "valid_split_year.csv": (5, {"deaths": 113 + 145 + 123 + 136 + 138}),
    "valid_monthly_tsv.tsv": (3, {"accidents": 18, "deaths": 12}),
    "valid_total_row.csv": (2, {"accidents": 151, "deaths": 106}),
    "valid_training.csv": (2, {"examined": 124036, "passed": 110900}),
    "valid_excel.xlsx": (3, {"accidents": 239, "deaths": 167}),
}

# file -> (error type, fragments the message must contain)
BAD = {
    "bad_negative.csv": (ValidationError, ["row 3", "column 'deaths'", "-56", "cannot be negative"]),
    "bad_nan.csv": (ValidationError, ["row 3", "column 'deaths'", "is empty"]),
    "bad_text_in_numeric.csv": (ValidationError, ["row 3", "column 'accidents'", "八十", "whole number"]),
    "bad_duplicate_year.csv": (ValidationError, ["row 3", "row 4", "period=2022", "keep one"]),
    "bad_missing_deaths.csv": (ValidationError, ["column 'deaths'", "missing", "死亡人数"]),
    "bad_empty.csv": (InputError, ["bad_empty.csv", "empty"]),
    "bad_header_only.csv": (InputError, ["row 1", "no data rows"]),
    "bad_fraction.csv": (ValidationError, ["row 2", "80.5", "whole number"]),
    "bad_passed_gt_examined.csv": (ValidationError, ["row 2", "column 'passed'", "larger than examined"]),
    "bad_level.csv": (ValidationError, ["row 2", "column 'level'", "one of"]),
    "bad_binary.csv": (InputError, ["binary"]),
    "bad_unknown_encoding.csv": (InputError, ["unknown text encoding", "UTF-8"]),
    "bad_excel_negative.xlsx": (ValidationError, ["row 3", "column 'accidents'", "-71"]),
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_files_load_with_nothing_lost(corpus, name):
    rows, totals = VALID[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        df = read(corpus / "io" / name)
    assert len(df) == rows
    for col, total in totals.items():
        assert df[col].sum() == total, col
    assert df["period"].notna().all()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_get_a_clear_error(corpus, name):
    kind, fragments = BAD[name]
    with pytest.raises(kind) as info:
        read(corpus / "io" / name)
    for frag in fragments:
        assert frag in str(info.value), (frag, str(info.value))


def test_skipped_rows_are_reported(corpus):
    with pytest.warns(DataWarning, match="skipped 4 row"):
        df = read(corpus / "io" / "valid_trailing_blank_rows.csv")
    assert [s["row"] for s in df.attrs["skipped_rows"]] == [3, 5, 6, 7]
    with pytest.warns(DataWarning, match="title line") as rec:
        df = read(corpus / "io" / "valid_excel.xlsx")
    assert "total row" in str(rec[0].message)
    assert df["period"].tolist() == ["2021", "2022", "2023"]


@pytest.mark.filterwarnings("ignore:.*skipped 1 row")
def test_total_row_that_does_not_add_up_is_flagged():
    text = "年份,事故起数,死亡人数\n2022,80,56\n2023,71,50\n合计,150,106\n"
    with pytest.warns(DataWarning, match="total row says 150 but the rows above sum to 151"):
        read_csv(io.StringIO(text))


def test_gbk_detected_and_fullwidth_digits(corpus):
    df = read_csv(corpus / "io" / "valid_gbk_chinese_headers.csv")
    assert df.attrs["encoding"] == "gb18030"
    assert df["region"].tolist() == ["姑苏区", "姑苏区", "吴中区", "吴中区"]
    assert df["deaths"].tolist() == [35, 30, 41, 39]


def test_bom_and_wan(corpus):
    assert read_csv(corpus / "io" / "valid_bom.csv").attrs["encoding"] == "utf-8-sig"
    df = read_csv(corpus / "io" / "valid_wan.csv")
    assert df["value"].tolist() == [10700, 89000, 78]
    assert df["approximate"].tolist() == [True, True, False]


def test_approximate_counts_are_marked():
    df = read_csv(io.StringIO("年份,死亡人数\n2004,13.7万\n2005,127089\n"))
    assert df["deaths"].tolist() == [137000, 127089]
    assert df["deaths_approximate"].tolist() == [True, False]


def test_duplicate_headers_meaning_the_same():
    with pytest.raises(InputError, match="both mean 'deaths'"):
        read_csv(io.StringIO("年份,死亡,死亡人数\n2023,1,1\n"))


def test_reader_does_not_mutate_and_excel_round_trip(tmp_path):
    frame = pd.DataFrame({"年份": [2022, 2023], "事故": [80, 71], "死亡": [56, 50]})
    before = frame.copy()
    path = tmp_path / "x.xlsx"
    frame.to_excel(path, index=False)
    pd.testing.assert_frame_equal(frame, before)
    out = read_excel(path)
    assert out["accidents"].tolist() == [80, 71]


def test_parquet(tmp_path):
    path = tmp_path / "x.parquet"
    pd.DataFrame({"year": [2022, 2023], "deaths": [56, 50]}).to_parquet(path)
    assert read_parquet(path)["deaths"].tolist() == [56, 50]
    pd.DataFrame({"year": [2022, 2023], "deaths": [56, -1]}).to_parquet(path)
    with pytest.raises(ValidationError, match="row 2"):
        read_parquet(path)


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="unknown file type"):
        read(tmp_path / "x.json")
    with pytest.raises(InputError, match="not found"):
        read(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="folder"):
        read_csv(tmp_path)


def test_cannot_guess_kind():
    with pytest.raises(InputError, match="cannot tell what the table holds"):
        read_csv(io.StringIO("a,b\n1,2\n"))


def test_decode_bytes():
    assert decode_bytes("年份".encode("gb18030")) == ("年份", "gb18030")
    assert decode_bytes("年份".encode("utf-16")) == ("年份", "utf-16")
    with pytest.raises(InputError, match="cannot be decoded as ascii"):
        decode_bytes("年份".encode(), encoding="ascii")


def test_public_reader_names():
    assert ss.read is read and ss.read_csv is read_csv


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**5)), min_size=1, max_size=12, unique_by=lambda t: t))
def test_written_counts_read_back_exactly(pairs):
    years = range(2000, 2000 + len(pairs))
    lines = ["年份,事故起数,死亡人数"] + [f'{y},"{a:,}",{d}' for y, (a, d) in zip(years, pairs, strict=False)]
    df = read_csv(io.StringIO("\n".join(lines) + "\n"))
    assert df["accidents"].tolist() == [a for a, _ in pairs]
    assert df["deaths"].tolist() == [d for _, d in pairs]
