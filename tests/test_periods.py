import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetystats.errors import InputError, ParameterError
from safetystats.periods import (
    Period,
    canonical_periods,
    parse_period,
    period_kind,
    period_ordinals,
    previous_period,
    same_period_last_year,
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2023", "2023"), (2023, "2023"), (2023.0, "2023"), ("2023年", "2023"), ("2023年度", "2023"),
        ("２０２３年", "2023"),
        ("2023-7", "2023-07"), ("2023/07", "2023-07"), ("2023年7月", "2023-07"), ("2023M07", "2023-07"),
        ("2023.07", "2023-07"), ("2023-07-01", "2023-07"), (pd.Timestamp("2023-07-15"), "2023-07"),
        (dt.date(2023, 7, 1), "2023-07"),
        ("2023Q3", "2023Q3"), ("2023 Q3", "2023Q3"), ("2023年第三季度", "2023Q3"),
        ("2022/23", "2022/23"), ("2022-23", "2022/23"), ("2022/2023", "2022/23"), ("2022–23", "2022/23"),
        ("1999/00", "1999/00"),
        ("2023年1-9月", "2023-01..09"), ("2023年1至9月", "2023-01..09"), ("2023年前三季度", "2023-01..09"),
        ("2023Q1-Q3", "2023-01..09"), ("2023年上半年", "2023-01..06"), ("2023-01..09", "2023-01..09"),
    ],
)
def test_parse_forms(text, label):
    assert parse_period(text).label == label


@pytest.mark.parametrize("bad", ["abc", "2023-13", "2023/15", "20231", "", 2023.5, None, True, "2023年13月"])
def test_bad_periods_raise_input_error(bad):
    with pytest.raises(InputError, match="not a period"):
        parse_period(bad)


def test_ambiguous_slash_follows_the_column():
    assert canonical_periods(["2010/11", "2011/12"]).tolist() == ["2010/11", "2011/12"]
    assert canonical_periods(["2010/11", "2010/12", "2011/01"]).tolist() == ["2010-11", "2010-12", "2011-01"]
    # ISO year-month with a dash is a month unless the column says split years
    assert canonical_periods(["2011-12"]).tolist() == ["2011-12"]
    assert canonical_periods(["2011-12", "2012-13"]).tolist() == ["2011/12", "2012/13"]


def test_canonical_periods_keeps_index_and_names_row():
    s = pd.Series(["2021", "2022"], index=[5, 6])
    assert canonical_periods(s).index.tolist() == [5, 6]
    with pytest.raises(InputError, match="row 6"):
        canonical_periods(pd.Series(["2021", "x"], index=[5, 6]))


def test_ordinals_are_consecutive():
    assert period_ordinals(["2023-11", "2023-12", "2024-01"]).tolist() == [24286, 24287, 24288]
    assert np.diff(period_ordinals(["2023Q3", "2023Q4", "2024Q1"])).tolist() == [1, 1]
    assert period_ordinals(["2022/23", "2023/24"]).tolist() == [2022, 2023]


def test_previous_and_same_period():
    assert previous_period("2024-01").label == "2023-12"
    assert previous_period("2024Q1").label == "2023Q4"
    assert previous_period("2023").label == "2022"
    assert same_period_last_year("2024-03").label == "2023-03"
    assert same_period_last_year("2023-01..09").label == "2022-01..09"


def test_period_kind():
    assert period_kind(["2021", "2022"]) == "year"
    with pytest.raises(ParameterError, match="mix"):
        period_kind(["2021", "2021-01"])


@given(st.integers(1800, 2199), st.integers(1, 12))
def test_month_label_round_trip(year, month):
    p = Period("month", year, month)
    assert parse_period(p.label) == p
    assert parse_period(f"{year}年{month}月") == p
    assert p.shift(12).label == f"{year + 1}-{month:02d}"
    assert p.shift(-1).shift(1) == p


@given(st.integers(1800, 2198))
def test_split_year_round_trip(year):
    p = Period("split_year", year)
    assert parse_period(p.label) == p
