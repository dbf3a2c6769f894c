"""Percentage change, percentage points, CAGR and the implied-base inversion (safetystats.change).

References: hand calculations written out below, exact Fraction arithmetic
with the decimal module's rounding (tests/reference/claims_reference.py), and
brute-force scans over whole-number bases.
"""

from __future__ import annotations

import math
import sys
import warnings
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safetystats.change import (
    IntRange,
    cagr,
    change_is_consistent,
    implied_base,
    implied_current,
    infer_decimals,
    parse_direction,
    pct_change,
    pct_change_bounds,
    pp_change,
)
from safetystats.errors import DataWarning, ParameterError
from safetystats.rounding import RULES

sys.path.insert(0, str(Path(__file__).parent / "reference"))
from claims_reference import dround, reproduces

DIRECTIONS = {-1: "decrease", 1: "increase", 0: "flat"}


def reported_figure(c: int, b: int, d: int, rule: str) -> tuple[str, str]:
    """The figure a publisher using ``rule`` would print for b -> c (as text, with its direction)."""
    x = Fraction(100 * (c - b), b)
    mag = dround(abs(x), d, rule)
    sign = (x > 0) - (x < 0)
    text = f"{Decimal(mag.numerator) / Decimal(mag.denominator):.{d}f}"
    return text, DIRECTIONS[sign if mag else 0]


def brute_force_bases(c: int, text: str, d: int, sign: int, rule: str, limit: int) -> list[int]:
    P = Fraction(Decimal(text))
    return [b for b in range(1, limit) if reproduces(Fraction(100 * (c - b), b), P, d, sign, rule)]


# --- the Suzhou pair ------------------------------------------------------------------------------
def test_suzhou_implied_bases_are_exactly_80_and_56():
    assert implied_base(71, "11.3%").as_set() == {80}
    assert implied_base(50, "10.7%").as_set() == {56}
    # hand check: (80 - 71) / 80 = 11.25 % -> 11.3 (half_up); 79 gives 10.13 %, 81 gives 12.35 %
    assert implied_base(71, "11.3", direction="下降") == IntRange(80, 80)


def test_suzhou_under_half_even_no_base_works():
    # 11.25 rounds to 11.2 under half_even, and no other whole base gives 11.3
    assert implied_base(71, "11.3%", rounding="half_even").is_empty
    assert implied_base(50, "10.7%", rounding="half_even").as_set() == {56}


def test_implied_current_mirror():
    assert implied_current(80, "11.3%").as_set() == {71}
    assert implied_current(56, "10.7%").as_set() == {50}
    # 1045/1000 = 4.5 % ... 1054/1000 = 5.4 % round to 5 %; 1055 gives 5.5 -> 6
    assert implied_current(1000, "5", direction="increase") == IntRange(1045, 1054)


def test_pct_change_and_the_float_trap():
    assert pct_change(71, 80) == -11.25
    assert pct_change(71, 80, decimals=1) == Decimal("-11.3")
    assert pct_change(71, 80, decimals=1, rounding="half_even") == Decimal("-11.2")
    assert round(pct_change(71, 80), 1) == -11.2  # float round() disagrees with 四舍五入
    assert pct_change([71, 50], [80, 56], decimals=1).tolist() == [-11.3, -10.7]


def test_zero_base_gives_nan_with_a_reason():
    with pytest.warns(DataWarning, match="base is 0"):
        assert math.isnan(pct_change(5, 0))
    with pytest.warns(DataWarning, match="positions \\[1\\]"):
        out = pct_change([5, 5], [4, 0])
    assert out[0] == 25.0 and math.isnan(out[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        assert not np.isinf(pct_change([5, 5], [4, 0], decimals=1)).any()
    with pytest.raises(ParameterError, match="base=0"):
        implied_current(0, "5")


def test_pp_change():
    assert pp_change(97.5, 95.25, decimals=1) == Decimal("2.3")  # 2.25 -> 2.3 (half_up)
    assert pp_change(97.5, 95.25, decimals=1, rounding="half_even") == Decimal("2.2")
    assert pp_change(97.5, 95.5) == 2.0
    assert pp_change([0.3, 10.0], [0.1, 12.5]).round(12).tolist() == [0.2, -2.5]
    assert pp_change([0.35], [0.1], decimals=1).tolist() == [0.3]   # 0.25 -> 0.3


def test_cagr():
    # 100 -> 121 over two periods: sqrt(1.21) = 1.1 -> 10 %
    assert cagr(100, 121, periods=2) == pytest.approx(10.0, abs=1e-12)
    # 80 -> 71 in one period equals the percentage change, -11.25 -> -11.3
    assert cagr(80, 71, periods=1, decimals=1) == Decimal("-11.3")
    # 1000 -> 500 over 3: 100 (0.5^(1/3) - 1) = -20.6299...
    assert cagr(1000, 500, periods=3, decimals=2) == Decimal("-20.63")
    assert np.allclose(cagr([100, 1000], [121, 500], periods=[2, 3]), [10.0, -20.62994740159], atol=1e-9)
    with pytest.warns(DataWarning):
        assert math.isnan(cagr(0, 5, periods=2))
    with pytest.raises(ParameterError):
        cagr(1, 2, periods=0)


# --- declines of 100 % and unbounded bases --------------------------------------------------------
def test_a_decline_to_zero_leaves_the_base_unbounded():
    r = implied_base(0, 100)
    assert r == IntRange(1, math.inf) and not r.is_bounded and 10**9 in r
    with pytest.raises(ParameterError, match="no upper end"):
        len(r)


def test_a_decline_that_rounds_to_100_percent():
    # 5 now, "down 100 %" (0 decimals): 100 (b - 5) / b >= 99.5  <=>  b >= 1000
    r = implied_base(5, "100")
    assert r.low == 1000 and not r.is_bounded
    assert 999 not in r
    assert not reproduces(Fraction(100 * (5 - 999), 999), Fraction(100), 0, -1, "half_up")
    assert reproduces(Fraction(100 * (5 - 1000), 1000), Fraction(100), 0, -1, "half_up")


def test_array_form_marks_unbounded_with_inf_and_none_with_nan():
    t = implied_base([0, 5, 71, 71], [100, 100, 11.3, 11.3], decimals=1, rounding="half_even")
    assert t["implied_base_max"].tolist()[:2] == [math.inf, math.inf]
    # 100 (b - 5) / b >= 99.95  <=>  0.05 b >= 500  <=>  b >= 10000 (half_even: 1000 is even, the tie counts)
    assert t["implied_base_min"].tolist()[1] == 10000.0
    assert np.isnan(t["implied_base_min"].iloc[2])


# --- rates: interval arithmetic -------------------------------------------------------------------
def test_rounded_rates_issue_example():
    # 1.0 -> 0.9 (one decimal): true 1.00 -> 0.88 gives exactly 12.0 %
    assert change_is_consistent("0.9", "1.0", "12.0", direction="decrease")
    # the largest decline allowed is from just under 1.05 to 0.85: 1 - 0.85 / 1.05 = 19.05 %
    lo, hi = pct_change_bounds("0.9", "1.0")
    assert lo == pytest.approx(100 * (0.85 / 1.05 - 1), abs=1e-12)
    assert hi == pytest.approx(0.0, abs=1e-12)
    assert not change_is_consistent("0.9", "1.0", "25.0", direction="decrease")
    assert change_is_consistent("0.9", "1.0", "19.0", direction="decrease")
    assert not change_is_consistent("0.9", "1.0", "19.1", direction="decrease")


def test_counts_are_exact_in_change_is_consistent():
    assert change_is_consistent(71, 80, "11.3", direction="decrease")
    assert not change_is_consistent(71, 80, "11.3", direction="decrease", rounding="half_even")
    assert change_is_consistent(71, 80, "-11.3")
    assert not change_is_consistent(71, 80, "11.3", direction="increase")


# --- properties -----------------------------------------------------------------------------------
counts = st.integers(0, 5000)
bases = st.integers(1, 5000)


@given(c=counts, b=bases, d=st.integers(0, 3), rule=st.sampled_from(RULES))
def test_implied_base_always_contains_the_true_base(c, b, d, rule):
    text, direction = reported_figure(c, b, d, rule)
    r = implied_base(c, text, decimals=d, direction=direction, rounding=rule)
    assert b in r
    assert c in implied_current(b, text, decimals=d, direction=direction, rounding=rule)
    assert change_is_consistent(c, b, text, direction=direction, decimals=d, rounding=rule)
    assert b in implied_base(c, text, decimals=d, direction=direction, rounding="any")


@given(c=counts, b=bases, d=st.integers(0, 3), rule=st.sampled_from(RULES), k=st.integers(1, 50),
       up=st.booleans())
def test_a_figure_moved_outside_its_rounding_interval_is_not_consistent(c, b, d, rule, k, up):
    text, direction = reported_figure(c, b, d, rule)
    moved = Decimal(text) + (1 if up else -1) * k * Decimal(1).scaleb(-d)
    assume(moved >= 0 and (direction != "decrease" or moved <= 100))
    moved_text = f"{moved:.{d}f}"
    dirn = direction if direction != "flat" else "increase"
    assume(not (Decimal(moved_text) == 0))
    assert not change_is_consistent(c, b, moved_text, direction=dirn, decimals=d, rounding=rule)


@settings(max_examples=60)
@given(c=st.integers(0, 200), P=st.integers(0, 999), d=st.integers(0, 2), sign=st.sampled_from([-1, 1]),
       rule=st.sampled_from((*RULES, "any")))
def test_implied_base_equals_a_brute_force_scan(c, P, d, sign, rule):
    assume(sign > 0 or P <= 100 * 10**d)
    text = f"{Decimal(P).scaleb(-d):.{d}f}"
    r = implied_base(c, text, decimals=d, direction=DIRECTIONS[sign], rounding=rule)
    limit = 2000
    if r.is_bounded and (r.is_empty or r.high < limit - 1):
        assert sorted(r) == brute_force_bases(c, text, d, sign, rule, limit)
    elif not r.is_empty:
        scan = brute_force_bases(c, text, d, sign, rule, limit)
        assert [b for b in scan if b >= r.low] == list(range(r.low, limit)) if r.low < limit else not scan


def test_array_form_matches_scalar(rng):
    c = rng.integers(0, 2000, 300)
    p = np.round(rng.uniform(0, 60, 300), 1)
    t = implied_base(c, p, decimals=1)
    for ci, pi, lo, hi in zip(c, p, t["implied_base_min"], t["implied_base_max"], strict=True):
        r = implied_base(int(ci), f"{pi:.1f}", decimals=1)
        if r.is_empty:
            assert np.isnan(lo) and np.isnan(hi)
        else:
            assert (lo, hi) == (r.low, r.high)


# --- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "kwargs", "match"), [
    ((-1, "5"), {}, "whole number"),
    ((7.5, "5"), {}, "whole number"),
    ((10, "101"), {}, "more than 100%"),
    ((10, "abc"), {}, "not a number"),
    ((10, "5"), {"direction": "sideways"}, "not a direction"),
    ((10, "5"), {"direction": "flat"}, "flat"),
    ((10, "-5"), {"direction": "increase"}, "negative"),
    ((10, "5.25"), {"decimals": 1}, "more than decimals"),
    ((10, "5"), {"rounding": "nearest"}, "rounding rule"),
])
def test_bad_input_raises_clear_errors(args, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        implied_base(*args, **kwargs)


def test_array_bad_input_names_the_position():
    with pytest.raises(ParameterError, match=r"current\[1\]"):
        implied_base([5, -1], [10.0, 10.0])
    with pytest.raises(ParameterError, match=r"reported_pct\[0\]"):
        implied_base([5], [120.0])


def test_parse_direction():
    assert [parse_direction(w) for w in ("下降", "减少", "降低", "Down", "fell")] == ["decrease"] * 5
    assert [parse_direction(w) for w in ("上升", "增长", "增加", "up", "rose")] == ["increase"] * 5
    assert parse_direction("持平") == "flat"


def test_infer_decimals():
    assert infer_decimals([71.0, 11.3, 0.25, 1.075, 2.675]).tolist() == [0, 1, 2, 3, 3]


# --- array kernels (regression tests for the #3 speed work) ----------------------------------------------
@settings(max_examples=300)
@given(num=st.integers(-10**15, 10**15), den=st.integers(1, 10**9), closed=st.booleans(),
       scale=st.sampled_from([1, 10**12]))
def test_one_floor_division_rounds_up_and_down_like_the_definitions(num, den, closed, scale):
    from safetystats.change import _div_down, _div_up

    # smallest k with k den >= num (closed) or > num (open); largest k with k den <= num (closed) or < num
    num, den = num * scale, den * scale  # scale 10**12: beyond int64, the Python-integer (object) path
    up = -(-num // den) if closed else num // den + 1
    down = num // den if closed else -(-num // den) - 1
    dtype = np.int64 if scale == 1 else object
    a, b, c = np.array([num], dtype=dtype), np.array([den], dtype=dtype), np.array([closed])
    assert _div_up(a, b, c)[0] == up
    assert _div_down(a, b, c)[0] == down


def rounding_interval(P: int, sign: int, rule: int) -> tuple[int, int, bool, bool]:
    """The true changes (half-units of the last digit) that a rule rounds to magnitude P with sign, by definition.

    half_up [P - 1/2, P + 1/2), half_even [P - 1/2, P + 1/2] with both ends closed when P is even and open
    when odd, down [P, P + 1), up (P - 1, P], any (P - 1, P + 1); never below 0 (closed there).  A decrease
    mirrors the interval; P = 0 or no sign is the interval symmetric around 0 ("up" reaches only 0 itself).
    """
    lo, hi = 2 * P + (-1, -1, 0, -2, -2)[rule], 2 * P + (1, 1, 2, 0, 2)[rule]
    lc = (True, P % 2 == 0, True, False, False)[rule]
    hc = (False, P % 2 == 0, False, True, False)[rule]
    if lo < 0:
        lo, lc = 0, True
    if P == 0 or sign == 0:
        if rule == 3:
            hi, hc = 0, True
        return -hi, hi, hc, hc
    return (-hi, -lo, hc, lc) if sign < 0 else (lo, hi, lc, hc)


@settings(max_examples=200)
@given(rows=st.lists(st.tuples(st.integers(0, 3000), st.sampled_from([-1, 0, 1]), st.integers(0, 4)),
                     min_size=1, max_size=40), big=st.booleans(), one_rule=st.integers(0, 4) | st.none())
def test_rounding_target_matches_the_definition(rows, big, one_rule):
    from safetystats.change import _target

    P = np.array([r[0] for r in rows], dtype=np.int64)
    sign = np.array([r[1] for r in rows], dtype=np.int64)
    rules = np.array([r[2] for r in rows], dtype=np.int64)
    if big:  # the Python-integer path of values beyond int64
        P, sign = P.astype(object), sign.astype(object)
    rule = one_rule if one_rule is not None else rules
    got = _target(P, sign, rule)
    for i, (p, s, r) in enumerate(rows):
        want = rounding_interval(p, s, one_rule if one_rule is not None else r)
        assert (int(got[0][i]), int(got[1][i]), bool(got[2][i]), bool(got[3][i])) == want, (p, s, r)
