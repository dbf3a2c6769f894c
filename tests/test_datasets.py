"""The bundled Suzhou 2023 data set against the report it was taken from."""

import re
from decimal import Decimal

import pytest

from safetystats.datasets import data_path, list_datasets, load_suzhou_2023
from safetystats.errors import InputError
from safetystats.numbers import parse_number
from safetystats.schemas import validate


@pytest.fixture(scope="module")
def sz():
    return load_suzhou_2023()


def _flat(text: str) -> str:
    return "".join(text.split("\n"))


def test_headline_figures(sz):
    row = sz.accidents.iloc[0]
    assert (row["region"], row["period"], row["accidents"], row["deaths"]) == ("苏州市", "2023", 71, 50)
    assert sz.training["examined"].sum() == 124036
    assert dict(zip(sz.training["category"], sz.training["examined"], strict=True)) == {
        "特种作业人员": 110523, "主要负责人和安管人员": 13513}
    levels = sz.standardization.dropna(subset=["level"])
    assert dict(zip(levels["level"], levels["certified"], strict=True)) == {1: 15, 2: 458, 3: 1407}
    assert sz.standardization["audited"].sum() == 200


def test_every_source_text_is_in_the_report(sz):
    report = _flat(sz.report_text)
    for frame in (sz.accidents, sz.training, sz.standardization, sz.indicators, sz.claims):
        for text in frame["source_text"]:
            assert text in report


def test_every_indicator_value_is_written_in_its_sentence(sz):
    for row in sz.indicators.itertuples():
        written = row.value_as_written
        assert written.replace(" ", "") in row.source_text.replace(" ", ""), row.indicator
        # the value is what the written form means (1.07万余 -> 10700, approximate)
        parsed = parse_number(written)
        assert Decimal(str(row.value)) == parsed.value
        assert row.approximate == parsed.approximate
        lines = sz.report_text.split("\n")
        assert written.replace(" ", "")[:3] in "".join(lines[row.line - 1:row.line + 2]).replace(" ", "")


def test_approximate_figures(sz):
    ind = sz.indicators.set_index("indicator")
    assert ind.loc["rescue_personnel", "value"] == 10700 and ind.loc["rescue_personnel", "approximate"]
    assert ind.loc["relief_items_contracted", "value"] == 89000
    assert ind.loc["rescue_personnel", "decimals"] == 2
    # shelters: 78 = 12 + 66 as published
    assert ind.loc["shelters_total", "value"] == ind.loc["shelters_central", "value"] + ind.loc["shelters_fixed", "value"]


def test_claims(sz):
    c = sz.claims.set_index("claim_id")
    assert c.loc["sz2023-accidents", "reported_pct"] == 11.3 and c.loc["sz2023-accidents", "value"] == 71
    assert c.loc["sz2023-deaths", "reported_pct"] == 10.7 and c.loc["sz2023-deaths", "value"] == 50
    assert c.loc["sz2023-exams", "parts"] == "110523+13513"
    assert sorted(sz.claims["kind"].value_counts().items()) == [("change", 2), ("level", 3), ("sum", 2)]
    lines = sz.report_text.split("\n")
    for row in sz.claims.itertuples():
        assert str(int(row.value)) in lines[row.line - 1].replace(" ", "") or row.kind == "level"


def test_frames_revalidate(sz):
    for kind in ("accidents", "training", "standardization", "indicators", "claims"):
        validate(getattr(sz, kind if kind != "claims" else "claims"), kind=kind)


def test_summary_and_html(sz):
    s = sz.summary()
    assert s["frame"].tolist() == ["accidents", "training", "standardization", "indicators", "claims"]
    assert "accidents 71, deaths 50" in s.iloc[0]["figures"]
    assert "<table" in sz._repr_html_()


def test_data_path_errors():
    with pytest.raises(InputError, match="suzhou_2023"):
        data_path("nope.csv")
    assert "suzhou_2023" in list_datasets()["name"].tolist()


def test_no_figure_is_invented(sz):
    """Every number in the data files appears in the report text (2022 counts are not in the data set)."""
    report = _flat(sz.report_text).replace(" ", "")
    numbers = set(re.findall(r"\d+(?:\.\d+)?", report))
    for v in sz.indicators["value_as_written"]:
        assert re.sub(r"[^\d.]", "", v) in numbers
    assert "2022" not in set(sz.accidents["period"])
