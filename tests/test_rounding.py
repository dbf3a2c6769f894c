"""Exact decimal rounding rules (safetystats.rounding).

References: Python's :mod:`decimal` quantize with the named rounding modes
(an independent exact implementation), and hand calculations written out.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetystats.errors import ParameterError
from safetystats.rounding import (
    RULES,
    check_rule,
    decimals_of,
    round_decimal,
    round_ratio,
    round_scaled,
    rounding_interval,
    rounds_to,
    rules_reproducing,
)

MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}


def decimal_reference(num: int, den: int, decimals: int, rule: str) -> Decimal:
    """num / den rounded with the decimal module at 80 digits (exact for ratios of small integers)."""
    with localcontext() as ctx:
        ctx.prec = 80
        return (Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-decimals), rounding=MODES[rule])


def test_the_suzhou_tie():
    # (80 - 71) / 80 = 11.25 %: 四舍五入 gives 11.3, banker's rounding (and Python's round) 11.2
    assert round_decimal("11.25", 1) == Decimal("11.3")
    assert round_decimal("11.25", 1, rule="half_even") == Decimal("11.2")
    assert round(11.25, 1) == 11.2  # the false alarm a float checker raises
    assert round_ratio(9, 80, decimals=1) == Decimal("11.3")
    assert round_ratio(9, 80, decimals=1, rule="half_even") == Decimal("11.2")


def test_float_input_is_read_as_written():
    # float 2.675 is 2.67499999... in binary; as written it is a tie -> 2.68 under half_up
    assert round(2.675, 2) == 2.67
    assert round_decimal(2.675, 2) == Decimal("2.68")
    assert round_decimal(2.675, 2, rule="half_even") == Decimal("2.68")  # 7 is odd -> up to 8


@pytest.mark.parametrize(("value", "rule", "expected"), [
    ("-11.25", "half_up", "-11.3"),     # ties away from zero on the magnitude
    ("-11.25", "half_even", "-11.2"),
    ("11.21", "up", "11.3"),
    ("11.29", "down", "11.2"),
    ("-11.29", "down", "-11.2"),        # toward zero
    ("0.05", "half_up", "0.1"),
    ("0.05", "half_even", "0.0"),
    ("0.15", "half_even", "0.2"),
])
def test_rules_by_hand(value, rule, expected):
    assert round_decimal(value, 1, rule=rule) == Decimal(expected)


def test_negative_decimals_round_to_tens():
    assert round_decimal(125, -1) == Decimal("1.3E+2")
    assert round_decimal(124, -1) == Decimal("1.2E+2")


def test_round_scaled_by_hand():
    # 900/80 = 11.25 -> 11; 1125/100 = 11.25 -> 11; -1125/100 -> -11; 35/10 = 3.5 -> 4 (half_up)
    assert round_scaled([900, 1125, -1125, 35], [80, 100, 100, 10]).tolist() == [11, 11, -11, 4]
    assert round_scaled([25, 35, 45], [10, 10, 10], rule="half_even").tolist() == [2, 4, 4]
    assert round_scaled([21, -21], [10, 10], rule="up").tolist() == [3, -3]
    assert round_scaled([29, -29], [10, 10], rule="down").tolist() == [2, -2]


def test_round_scaled_big_integers():
    num = np.array([10**30 + 5, -(10**30) - 5], dtype=object)
    den = np.array([10, 10], dtype=object)
    assert round_scaled(num, den).tolist() == [10**29 + 1, -(10**29) - 1]
    assert round_scaled(num, den, rule="half_even").tolist() == [10**29, -(10**29)]


def test_round_scaled_rejects_bad_input():
    with pytest.raises(ParameterError, match="whole numbers"):
        round_scaled([1.5], [2])
    with pytest.raises(ParameterError, match="positive denominator"):
        round_scaled([1], [0])


@given(num=st.integers(-10**15, 10**15), den=st.integers(1, 10**9), rule=st.sampled_from(RULES))
def test_round_scaled_matches_decimal(num, den, rule):
    expected = decimal_reference(num, den, 0, rule)
    assert round_scaled(np.array([num]), np.array([den]), rule=rule)[0] == int(expected)


@given(num=st.integers(-10**40, 10**40), den=st.integers(1, 10**20), rule=st.sampled_from(RULES))
def test_round_scaled_object_arrays_match_decimal(num, den, rule):
    expected = decimal_reference(num, den, 0, rule)
    out = round_scaled(np.array([num], dtype=object), np.array([den], dtype=object), rule=rule)
    assert out[0] == int(expected)


@given(num=st.integers(0, 10**6), den=st.integers(1, 10**6), d=st.integers(0, 3), rule=st.sampled_from(RULES))
def test_round_ratio_matches_decimal(num, den, d, rule):
    expected = decimal_reference(100 * num, den, d, rule)
    assert round_ratio(num, den, decimals=d, rule=rule) == expected
    assert round_ratio(np.array([num]), np.array([den]), decimals=d, rule=rule)[0] == float(expected)


@pytest.mark.parametrize(("value", "rule", "low", "high", "lc", "hc"), [
    ("11.3", "half_up", "11.25", "11.35", True, False),
    ("11.2", "half_even", "11.15", "11.25", True, True),     # 2 is even: both ties round to it
    ("11.3", "half_even", "11.25", "11.35", False, False),   # 3 is odd: neither tie does
    ("12.0", "down", "12.0", "12.1", True, False),
    ("12.0", "up", "11.9", "12.0", False, True),
    ("12.0", "any", "11.9", "12.1", False, False),
    ("0.0", "half_up", "0.0", "0.05", True, False),          # a magnitude starts at 0
    ("0.1", "up", "0.0", "0.1", False, True),                # 0 itself rounds up to 0.0, not 0.1
    ("0", "up", "0", "0", True, True),
])
def test_rounding_interval_by_hand(value, rule, low, high, lc, hc):
    iv = rounding_interval(value, rule=rule)
    assert (iv.low, iv.high, iv.low_closed, iv.high_closed) == (Decimal(low), Decimal(high), lc, hc)


@given(x=st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False), d=st.integers(0, 3),
       rule=st.sampled_from(RULES))
def test_a_value_lies_in_the_interval_of_its_rounding(x, d, rule):
    r = round_decimal(x, d, rule=rule)
    iv = rounding_interval(r, d, rule=rule)
    assert Fraction(x) in iv
    assert rounds_to(Fraction(x), r, decimals=d, rule=rule)
    # the neighbouring figures do not contain it
    unit = Decimal(1).scaleb(-d)
    assert Fraction(x) not in rounding_interval(r + unit, d, rule=rule)
    if r - unit >= 0:
        assert Fraction(x) not in rounding_interval(r - unit, d, rule=rule)


def test_rules_reproducing():
    assert rules_reproducing(Fraction(900, 80), "11.3") == ("half_up", "up")
    assert rules_reproducing(Fraction(900, 80), "11.2") == ("half_even", "down")
    assert rules_reproducing(Fraction(6, 56) * 100, "10.7") == ("half_up", "half_even", "down")


def test_decimals_of():
    assert decimals_of("12.0") == 1
    assert decimals_of(12.0) == 0
    assert decimals_of("10.7%") == 1
    assert decimals_of(Decimal("1.250")) == 3
    assert decimals_of(7) == 0


def test_check_rule():
    assert check_rule("四舍五入") == "half_up"
    assert check_rule("Half-Even") == "half_even"
    assert check_rule("any") == "any"
    with pytest.raises(ParameterError, match="half_up, half_even, down, up, any"):
        check_rule("nearest")
    with pytest.raises(ParameterError):
        check_rule("any", allow_any=False)
    with pytest.raises(ParameterError):
        round_decimal("1.5", 0, rule="any")


def test_bad_numbers():
    with pytest.raises(ParameterError, match="not a number"):
        round_decimal("abc", 1)
    with pytest.raises(ParameterError, match="finite"):
        round_decimal(float("nan"), 1)
    with pytest.raises(ParameterError, match="magnitude"):
        rounding_interval("-1.5")
    with pytest.raises(ParameterError, match="more than decimals"):
        rounding_interval("1.25", 1)
    with pytest.raises(ParameterError, match="positive"):
        round_ratio(1, 0)
