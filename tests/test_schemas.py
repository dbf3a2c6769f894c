import numpy as np
import pandas as pd
import pytest

from safetystats.errors import ParameterError, ValidationError
from safetystats.schemas import ALIASES, SCHEMAS, canonical_column, normalize_header, validate


def test_valid_accidents_frame_is_copied_not_mutated():
    df = pd.DataFrame({"period": [2022, 2023], "accidents": [80, 71], "deaths": [56, 50]})
    before = df.copy()
    out = validate(df, kind="accidents")
    pd.testing.assert_frame_equal(df, before)
    assert out["period"].tolist() == ["2022", "2023"]
    assert str(out["deaths"].dtype) == "Int64"
    assert "region" in out.columns and "region" not in df.columns


def test_lazy_validation_lists_every_problem_with_row_and_column():
    df = pd.DataFrame(
        {"period": ["2020", "2021", "2021", "2022", "x"], "accidents": [1, -2, "x", np.nan, 3.5],
         "deaths": [1, 2, 3, 4, 5]},
        index=[2, 3, 4, 5, 6],
    )
    with pytest.raises(ValidationError) as info:
        validate(df, kind="accidents", file="a.csv")
    p = info.value.problems
    got = {(int(r), c) for r, c in zip(p["row"], p["column"], strict=True)}
    assert (3, "accidents") in got  # negative
    assert (4, "accidents") in got  # text
    assert (5, "accidents") in got  # NaN
    assert (6, "period") in got  # not a period
    assert (6, "accidents") in got  # 3.5 not whole
    assert (3, "region,period") in got and (4, "region,period") in got  # duplicates
    msg = str(info.value)
    assert "a.csv" in msg and "row 3, column 'accidents': value -2: must be 0 or more" in msg
    assert "also in row 4" in msg


def test_missing_required_column_names_the_aliases():
    with pytest.raises(ValidationError, match="deaths.*死亡人数"):
        validate(pd.DataFrame({"period": [2020], "accidents": [1]}), kind="accidents")


def test_deaths_only_series_is_valid():
    out = validate(pd.DataFrame({"period": ["2022/23", "2023/24"], "deaths": [136, 138]}), kind="accidents")
    assert out["deaths"].tolist() == [136, 138]


def test_training_passed_le_examined():
    t = pd.DataFrame({"period": [2023, 2023], "category": ["a", "b"], "examined": [10, 5], "passed": [11, 5]})
    with pytest.raises(ValidationError, match="column 'passed': value 11: passed is larger than examined"):
        validate(t, kind="training")


def test_standardization_levels_and_all_level_row():
    s = pd.DataFrame({"period": [2023] * 4, "level": [1, 2, 3, None], "certified": [15, 458, 1407, None],
                      "audited": [None, None, None, 200]})
    out = validate(s, kind="standardization")
    assert out["certified"].sum() == 1880
    with pytest.raises(ValidationError, match="must be one of"):
        validate(s.assign(level=[1, 2, 4, None]), kind="standardization")


def test_exposure_must_be_positive():
    df = pd.DataFrame({"period": [2022, 2023], "deaths": [5, 6], "workers": [1000, 0]})
    with pytest.raises(ValidationError, match="greater than 0"):
        validate(df, kind="accidents")


def test_unknown_kind():
    with pytest.raises(ParameterError, match="choose one of"):
        validate(pd.DataFrame(), kind="nope")


def test_claims_schema_accepts_minimal_claim():
    c = pd.DataFrame({"claim_id": ["c1"], "kind": ["change"], "metric": ["事故"], "value": [71.0],
                      "reported_pct": [11.3], "pct_decimals": [1], "direction": ["decrease"]})
    out = validate(c, kind="claims")
    assert out.loc[0, "pct_decimals"] == 1
    with pytest.raises(ValidationError, match="must be one of"):
        validate(c.assign(kind="guess"), kind="claims")


@pytest.mark.parametrize(
    ("header", "canon"),
    [("年份", "period"), ("年度", "period"), ("Year", "period"), ("事故起数", "accidents"), ("事故", "accidents"),
     ("死亡人数（人）", "deaths"), ("死亡人数(人)", "deaths"), ("Fatalities", "deaths"), ("考试人数", "examined"),
     ("单位", "unit"), ("受伤人数", "injuries"), ("直接经济损失（万元）", "direct_economic_loss"), ("地区", "region")],
)
def test_header_aliases(header, canon):
    assert canonical_column(header) == canon


def test_aliases_are_unambiguous():
    seen = {}
    for canon, names in ALIASES.items():
        for n in names:
            key = normalize_header(n)
            assert seen.setdefault(key, canon) == canon, f"{n!r} maps to {seen[key]} and {canon}"


def test_every_schema_has_region_and_period_or_claim_id():
    for kind, model in SCHEMAS.items():
        cols = model.to_schema().columns
        assert ("period" in cols) or kind == "claims"
