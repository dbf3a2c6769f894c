from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetystats.numbers import normalize_text, parse_number


@pytest.mark.parametrize(
    ("text", "value", "decimals", "approx"),
    [
        ("124036", "124036", 0, False),
        ("124,036", "124036", 0, False),
        ("124，036", "124036", 0, False),
        ("１２４，０３６", "124036", 0, False),
        ("124 036", "124036", 0, False),
        ("1.07万", "10700", 2, True),
        ("1.07万余", "10700", 2, True),
        ("8.9万", "89000", 1, True),
        ("7万余", "70000", 0, True),
        ("约 7 万", "70000", 0, True),
        ("3.2亿", "320000000", 1, True),
        ("近50", "50", 0, True),
        ("超过 3000", "3000", 0, True),
        ("50余", "50", 0, True),
        ("over 5,000", "5000", 0, True),
        ("about 12.5", "12.5", 1, True),
        ("nearly 100", "100", 0, True),
        ("12.50", "12.50", 2, False),
        ("-3.5", "-3.5", 1, False),
        ("−3.5", "-3.5", 1, False),
    ],
)
def test_parse_number_forms(text, value, decimals, approx):
    p = parse_number(text)
    assert p.value == Decimal(value)
    assert p.decimals == decimals
    assert p.approximate is approx


def test_percent_and_half_width():
    p = parse_number("11.3%")
    assert p.percent and p.value == Decimal("11.3") and p.half_width == Decimal("0.05")
    # 1.07万 stands for anything from 10,650 to 10,750
    assert parse_number("1.07万").half_width == Decimal("50")


@pytest.mark.parametrize("bad", ["abc", "1,2345", "", "12..5", "七十一", float("nan"), None, True, "1.2.3"])
def test_not_numbers(bad):
    with pytest.raises(ValueError, match="not"):
        parse_number(bad)


def test_normalize_text():
    assert normalize_text("１２．５％") == "12.5%"


@given(st.integers(0, 10**12))
def test_thousands_separator_round_trip(n):
    assert parse_number(f"{n:,}").value == n
    full = f"{n:,}".translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert parse_number(full).value == n


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(d):
    text = f"{d:f}"
    p = parse_number(text)
    assert p.value == d
    assert p.decimals == (len(text.split(".")[1]) if "." in text else 0)
