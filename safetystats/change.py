"""Percentage change, percentage points, CAGR, and the exact inversion of a rounded change.

A report says "71 accidents, down 11.3%".  The base count is not printed, but
it is pinned down: the true decline ``100 (b - 71) / b`` must round to 11.3,
so ``b`` lies in an interval, and the whole numbers in it are the bases that
reproduce the claim (GRIM-style inversion, Brown & Heathers 2016).  For the
Suzhou 2023 report that interval holds exactly one count, 80; for deaths
(50, down 10.7%) exactly 56.

Everything is exact.  A percentage written with ``d`` decimals is handled as a
whole number of units ``10**-d`` and every comparison is an integer
cross-multiplication, so ties such as 11.25% are decided by the rounding rule
(:mod:`safetystats.rounding`), never by float noise.  Scalars are computed with
Python integers; arrays with ``int64`` (or Python integers in ``object``
arrays when values are too large for ``int64``).

Rounded values (rates published with ``k`` decimals, figures written as 约 /
余 / 万) stand for intervals; a change between two of them is consistent when
some pair of true values in those intervals gives the reported percentage
(:func:`change_is_consistent`, :func:`pct_change_bounds`).

Examples
--------
>>> implied_base(71, "11.3%")
IntRange(low=80, high=80)
>>> implied_base(50, "10.7%").as_set()
{56}
>>> pct_change(71, 80, decimals=1)            # 四舍五入: -11.25 -> -11.3
Decimal('-11.3')
>>> change_is_consistent(0.9, 1.0, "12.0", direction="decrease")   # rates with 1 decimal
True
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from .errors import DataWarning, ParameterError
from .rounding import _round_fraction, _to_decimal, check_rule, decimals_of

__all__ = [
    "DIRECTION_WORDS",
    "IntRange",
    "parse_direction",
    "pct_change",
    "pp_change",
    "cagr",
    "implied_base",
    "implied_current",
    "pct_change_bounds",
    "change_is_consistent",
    "infer_decimals",
]

# ---------------------------------------------------------------------------
# Direction words
# ---------------------------------------------------------------------------
#: Words (Chinese and English) that say which way a figure moved.
DIRECTION_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ["decrease", "down", "decline", "declined", "declines", "fell", "fall", "falls", "drop", "dropped", "drops",
         "lower", "reduced", "reduction", "less", "minus", "-", "下降", "减少", "降低", "下滑", "回落", "减",
         "降", "下跌", "降幅", "减幅", "少", "缩小", "同比下降", "同比减少"], "decrease"),
    **dict.fromkeys(
        ["increase", "up", "rise", "rose", "rises", "grew", "grow", "growth", "higher", "more", "plus", "+",
         "上升", "增长", "增加", "提高", "上涨", "增", "升", "涨", "增幅", "升幅", "多", "扩大", "同比上升",
         "同比增长", "同比增加"], "increase"),
    **dict.fromkeys(["flat", "unchanged", "same", "stable", "持平", "不变", "相同", "基本持平"], "flat"),
}

_SIGN = {"decrease": -1, "increase": 1, "flat": 0}


def parse_direction(word: object) -> str:
    """Map a direction word to ``decrease``, ``increase`` or ``flat``.

    Parameters
    ----------
    word : str
        下降 / 减少 / 降低 / decrease / down …, 上升 / 增长 / 增加 / increase / up …,
        持平 / flat / unchanged.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        For a word that is not a direction.

    Examples
    --------
    >>> parse_direction("下降"), parse_direction("Rose"), parse_direction("持平")
    ('decrease', 'increase', 'flat')
    """
    if isinstance(word, str):
        key = word.strip().lower()
        if key in DIRECTION_WORDS:
            return DIRECTION_WORDS[key]
    raise ParameterError(f"direction={word!r} is not a direction; use decrease (下降/减少), increase (上升/增长) "
                         "or flat (持平)")


# ---------------------------------------------------------------------------
# Array kernels (shared with safetystats.checks).
#
# Units: a percentage with d decimals is handled in half-units, i.e. as an
# integer over Dh = 2 * 10**d; values (counts, rates) are integers over
# G = 2 * 10**E.  All functions work on int64 or object (Python int) arrays.
# ---------------------------------------------------------------------------
RULE_CODES: dict[str, int] = {"half_up": 0, "half_even": 1, "down": 2, "up": 3, "any": 4}
RULE_NAMES: tuple[str, ...] = ("half_up", "half_even", "down", "up", "any")


# Offsets of the rounding interval of a magnitude P (in half-units: [2P + lo, 2P + hi]) by rule code,
# and whether each end is closed (half_even: closed when the last digit of P is even).
_LO_OFF = np.array([-1, -1, 0, -2, -2], dtype=np.int64)
_HI_OFF = np.array([1, 1, 2, 0, 2], dtype=np.int64)
_LO_CLOSED = np.array([True, False, True, False, False])
_HI_CLOSED = np.array([False, False, False, True, False])


def _target(P: np.ndarray, sign: np.ndarray, rule: Any) -> tuple[np.ndarray, ...]:
    """Signed interval of true changes (half-units) that round to magnitude ``P`` with ``sign``.

    ``rule`` is a rule code (0-4) or an array of codes.  Returns ``lo, hi,
    lo_closed, hi_closed``.  ``P == 0`` (or ``sign == 0``) gives the interval
    symmetric around zero.
    """
    two_p = 2 * P
    if np.ndim(rule) == 0:
        r = int(rule)
        lo = two_p + int(_LO_OFF[r])
        hi = two_p + int(_HI_OFF[r])
        if r == 1:
            lc: Any = (P % 2) == 0
            hc: Any = lc
        else:  # the same for every row
            lc = bool(_LO_CLOSED[r])
            hc = bool(_HI_CLOSED[r])
        is_up: Any = r == 3
    else:
        rule = np.asarray(rule, dtype=np.int64)
        lo = two_p + _LO_OFF[rule]
        hi = two_p + _HI_OFF[rule]
        even = (P % 2) == 0
        half_even = rule == 1
        lc = np.where(half_even, even, _LO_CLOSED[rule])
        hc = np.where(half_even, even, _HI_CLOSED[rule])
        is_up = rule == 3
    neg_lo = lo < 0
    if neg_lo.any():
        lo = np.maximum(lo, 0) if lo.dtype == np.int64 else np.where(neg_lo, 0, lo)
        lc = lc | neg_lo
    dec = sign < 0
    if getattr(P, "dtype", None) == np.int64 and getattr(lo, "dtype", None) == np.int64:
        # a decrease mirrors the interval: (lo, hi) -> (-hi, -lo).  Branch-free selections (np.where is
        # slow when the decreases and increases are mixed at random)
        d = dec.astype(np.int64)
        s_lo = lo - d * (lo + hi)
        s_hi = hi - d * (lo + hi)
        s_lc, s_hc = _pick_bool(dec, hc, lc), _pick_bool(dec, lc, hc)
    else:
        s_lo, s_hi = np.where(dec, -hi, lo), np.where(dec, -lo, hi)
        s_lc, s_hc = np.where(dec, hc, lc), np.where(dec, lc, hc)
    zero = (P == 0) | (sign == 0)
    if zero.any():
        # no change (or no sign): the interval symmetric around zero, [-hi, hi]; "up" rounds only 0 to 0
        z = np.flatnonzero(zero)
        hi_z = hi[z]
        hc_z = hc[z] if np.ndim(hc) else np.full(len(z), hc)
        up_z = is_up[z] if np.ndim(is_up) else np.full(len(z), is_up)
        if up_z.any():
            hi_z = np.where(up_z, 0, hi_z)
            hc_z = hc_z | up_z
        s_lo[z] = -hi_z
        s_hi[z] = hi_z
        s_lc[z] = hc_z
        s_hc[z] = hc_z
    return s_lo, s_hi, s_lc, s_hc


def _pick_bool(cond: np.ndarray, a: Any, b: Any) -> np.ndarray:
    """``np.where(cond, a, b)`` for booleans (arrays or scalars), with logical operations."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        a, b = bool(a), bool(b)
        if a == b:
            return np.full(cond.shape, a)
        return cond.copy() if a else ~cond
    return (cond & a) | (~cond & b)


def _ceil_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return -((-a) // b)


def _safe_den(d: np.ndarray) -> np.ndarray:
    if np.ndim(d) and d.dtype != object:
        return np.maximum(d, 1)  # the same for whole numbers, one pass
    return np.where(d > 0, d, 1)


def _div_up(num: Any, den: Any, closed: Any) -> Any:
    """Smallest whole ``k`` with ``k den >= num`` (``closed``) or ``k den > num`` (open); ``den > 0``.

    One floor division: ``ceil(num / den) = (num - 1) // den + 1`` and the
    open case is ``num // den + 1``.
    """
    return (num - closed) // den + 1


def _div_down(num: Any, den: Any, closed: Any) -> Any:
    """Largest whole ``k`` with ``k den <= num`` (``closed``) or ``k den < num`` (open); ``den > 0``.

    One floor division: ``num // den``, and ``ceil(num / den) - 1 = (num - 1) // den`` when open.
    """
    return (num - 1 + closed) // den


def _ratio_implied(
    c_lo: np.ndarray, c_hi: np.ndarray, t_lo: np.ndarray, t_hi: np.ndarray, tlc: np.ndarray, thc: np.ndarray,
    Dh: np.ndarray, U: np.ndarray, hb: np.ndarray, min_k: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Grid points ``k`` (base = k * U units, half-width hb) with ``100 c / b`` in ``[t_lo, t_hi] / Dh``.

    Returns ``k_min, k_max, unbounded, empty``.
    """
    top = 100 * Dh
    # lower end: (k U + hb) t_hi >= 100 Dh c_lo   (> when t_hi is open)
    # upper end: (k U - hb) t_lo <= 100 Dh c_hi   (< when t_lo is open)
    num_lo = top * c_lo
    num_hi = num_lo if c_hi is c_lo else top * c_hi
    if np.any(hb):
        num_lo = num_lo - hb * t_hi
        num_hi = num_hi + hb * t_lo
    k_min = np.maximum(_div_up(num_lo, _safe_den(U * t_hi), thc), min_k)
    k_max = _div_down(num_hi, _safe_den(U * t_lo), tlc)
    empty = t_hi <= 0
    unbounded = t_lo <= 0
    c_lo_zero = c_lo == 0
    c_zero = c_lo_zero if c_hi is c_lo else c_hi == 0
    if c_lo_zero.any() or c_zero.any():  # a zero value fits a zero change at any base
        zero_in_t = ((t_lo < 0) | ((t_lo == 0) & tlc)) & ((t_hi > 0) | ((t_hi == 0) & thc))
        c_lo_zero_ok = c_lo_zero & zero_in_t
        k_min = np.where(c_lo_zero_ok, min_k, k_min)
        empty = empty & ~c_lo_zero_ok
        unbounded = np.where(c_zero, zero_in_t, unbounded)
        empty = empty | (c_zero & ~zero_in_t)
    empty = empty | (~unbounded & (k_min > k_max))
    return k_min, k_max, unbounded, empty


def _ratio_box(
    c_lo: np.ndarray, c_hi: np.ndarray, b_lo: np.ndarray, b_hi: np.ndarray,
    t_lo: np.ndarray, t_hi: np.ndarray, tlc: np.ndarray, thc: np.ndarray, Dh: np.ndarray,
) -> np.ndarray:
    """Whether some c in [c_lo, c_hi] and b in [b_lo, b_hi] (b_hi > 0) give 100 c / b in the target."""
    top = 100 * Dh
    lhs = top * c_lo
    rhs = t_hi * b_hi
    cond1 = np.where(thc, lhs <= rhs, lhs < rhs)
    lhs = top * c_hi
    rhs = t_lo * b_lo
    cond2 = np.where(tlc, lhs >= rhs, lhs > rhs)
    nonpos = b_lo <= 0
    cond2 = np.where(nonpos, (c_hi > 0) | (t_lo < 0) | ((t_lo == 0) & tlc), cond2)
    return cond1 & cond2


def _diff_implied(
    c_lo: np.ndarray, c_hi: np.ndarray, s_lo: np.ndarray, s_hi: np.ndarray, slc: np.ndarray, shc: np.ndarray,
    Dh: np.ndarray, G: np.ndarray, U: np.ndarray, hb: np.ndarray, min_k: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Grid points k (base = k U, half-width hb) with ``(c - b) / G`` in ``[s_lo, s_hi] / Dh``."""
    # Dh (c_lo - kU - hb) <= G s_hi  ->  k >= (Dh (c_lo - hb) - G s_hi) / (Dh U)
    num = Dh * (c_lo - hb) - G * s_hi
    den = Dh * U
    k_min = np.maximum(_div_up(num, den, shc), min_k)
    # Dh (c_hi - kU + hb) >= G s_lo  ->  k <= (Dh (c_hi + hb) - G s_lo) / (Dh U)
    num = Dh * (c_hi + hb) - G * s_lo
    k_max = _div_down(num, den, slc)
    unbounded = np.zeros(np.shape(k_min), dtype=bool)
    return k_min, k_max, unbounded, k_min > k_max


def _diff_box(
    c_lo: np.ndarray, c_hi: np.ndarray, b_lo: np.ndarray, b_hi: np.ndarray,
    s_lo: np.ndarray, s_hi: np.ndarray, slc: np.ndarray, shc: np.ndarray, Dh: np.ndarray, G: np.ndarray,
) -> np.ndarray:
    """Whether some c, b in their intervals give (c - b) / G in the target (percentage points)."""
    lhs = Dh * (c_lo - b_hi)
    rhs = G * s_hi
    cond1 = np.where(shc, lhs <= rhs, lhs < rhs)
    lhs = Dh * (c_hi - b_lo)
    rhs = G * s_lo
    cond2 = np.where(slc, lhs >= rhs, lhs > rhs)
    return cond1 & cond2


# ---------------------------------------------------------------------------
# Scalar helpers
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class IntRange:
    """A range of whole numbers ``low .. high`` (inclusive); ``high`` may be ``math.inf``.

    Empty when ``low > high``.  Iterating or taking ``len`` of an unbounded
    range raises :class:`~safetystats.errors.ParameterError`.

    Examples
    --------
    >>> r = IntRange(80, 82)
    >>> list(r), 81 in r, len(r)
    ([80, 81, 82], True, 3)
    >>> IntRange(1, math.inf).is_bounded
    False
    """

    low: int
    high: int | float

    @property
    def is_empty(self) -> bool:
        """True when no whole number is in the range."""
        return self.low > self.high

    @property
    def is_bounded(self) -> bool:
        """False when the range has no upper end."""
        return not (isinstance(self.high, float) and math.isinf(self.high))

    def __contains__(self, x: object) -> bool:
        try:
            v = Fraction(_to_decimal(x))
        except ParameterError:
            return False
        return v.denominator == 1 and self.low <= v <= self.high

    def _check_bounded(self) -> None:
        if not self.is_bounded:
            raise ParameterError(f"the range {self.low}.. has no upper end; test membership with `in` instead")

    def __len__(self) -> int:
        self._check_bounded()
        return max(0, int(self.high) - self.low + 1)

    def __iter__(self) -> Iterator[int]:
        self._check_bounded()
        return iter(range(self.low, int(self.high) + 1))

    def as_set(self) -> set[int]:
        """The whole numbers in the range as a set (bounded ranges only)."""
        return set(self)


def _magnitude_and_sign(reported_pct: Any, direction: str | None, decimals: int | None, name: str = "reported_pct"
                        ) -> tuple[int, int, int]:
    """Scaled magnitude P, its decimals d and the sign (-1, 0, 1) of a reported percentage."""
    value = _to_decimal(reported_pct, name)
    d = decimals_of(reported_pct) if decimals is None else int(decimals)
    if d < 0 or d > 12:
        raise ParameterError(f"decimals={decimals!r} must be between 0 and 12")
    scaled = value.scaleb(d)
    if scaled != scaled.to_integral_value():
        raise ParameterError(f"{name}={reported_pct!r} has more than decimals={d} decimals")
    if direction is None:
        sign = 1 if value > 0 else -1 if value < 0 else 0
    else:
        sign = _SIGN[parse_direction(direction)]
        if value < 0 and sign > 0:
            raise ParameterError(f"{name}={reported_pct!r} is negative but direction={direction!r}; give the "
                                 "magnitude with the direction, or a signed value with direction=None")
        if sign == 0 and value != 0:
            raise ParameterError(f"direction={direction!r} (flat) with {name}={reported_pct!r}; a flat change is 0")
    P = abs(int(scaled))
    if sign < 0 and P > 100 * 10**d:
        raise ParameterError(f"{name}={reported_pct!r}: a decline of more than 100% is impossible for counts")
    return P, d, sign


def _whole(x: Any, name: str) -> int:
    d = _to_decimal(x, name)
    if d != d.to_integral_value() or d < 0:
        raise ParameterError(f"{name}={x!r} must be a whole number of 0 or more (a count); for a rounded rate use "
                             "change_is_consistent(..., current_decimals=k)")
    return int(d)


def _obj(*xs: int) -> list[np.ndarray]:
    return [np.array([x], dtype=object) for x in xs]


def _range_of(k_min: Any, k_max: Any, unbounded: Any, empty: Any) -> IntRange:
    if bool(empty[0]):
        return IntRange(1, 0)
    return IntRange(int(k_min[0]), math.inf if bool(unbounded[0]) else int(k_max[0]))


def _is_array(*xs: Any) -> bool:
    return any(np.ndim(x) > 0 for x in xs)


def implied_base(
    current: Any,
    reported_pct: Any,
    *,
    decimals: int | None = None,
    direction: str | None = "decrease",
    rounding: str = "half_up",
) -> Any:
    """Every whole base count that reproduces a reported percentage change.

    The base ``b`` is consistent when ``100 (current - b) / b``, rounded to
    ``decimals`` places under ``rounding``, equals the reported figure.  As
    the change is monotone in ``b`` the solutions form one range::

        b in [ current / (1 + s_hi/100), current / (1 + s_lo/100) ]

    where ``[s_lo, s_hi]`` is the signed interval of true changes that round
    to the figure (for 11.3% down under half_up: ``(-11.35, -11.25]``).

    Parameters
    ----------
    current : int or array-like of int
        The current count (whole number, 0 or more).
    reported_pct : str, Decimal, float or array-like
        The percentage as written: the magnitude with ``direction``, or a
        signed value with ``direction=None``.  Strings keep trailing zeros
        (``"12.0%"`` has one decimal).
    decimals : int, optional
        Decimals the percentage was written with; inferred when not given.
    direction : {"decrease", "increase", "flat", None} or a word such as 下降
        Default ``decrease``; ``None`` reads the sign of ``reported_pct``.
    rounding : {"half_up", "half_even", "down", "up", "any"}

    Returns
    -------
    IntRange or pandas.DataFrame
        For scalars an :class:`IntRange` (empty when no whole base works;
        ``high = math.inf`` when the base is unbounded, as for a decline that
        rounds to 100% where any large enough base works).  For arrays a
        frame with ``current, reported_pct, implied_base_min,
        implied_base_max`` (floats; ``inf`` = unbounded, ``NaN`` = no base).

    Raises
    ------
    ParameterError
        A negative or fractional count, a decline over 100%, a malformed
        percentage.

    Examples
    --------
    >>> implied_base(71, "11.3%")
    IntRange(low=80, high=80)
    >>> implied_base(12, "33.3", direction="increase")
    IntRange(low=9, high=9)
    >>> implied_base(0, 100)                      # a 100% decline: any base of 1 or more
    IntRange(low=1, high=inf)
    >>> implied_base([71, 50], [11.3, 10.7], decimals=1)[["implied_base_min", "implied_base_max"]]
       implied_base_min  implied_base_max
    0              80.0              80.0
    1              56.0              56.0
    """
    rule = check_rule(rounding)
    if _is_array(current, reported_pct):
        return _implied_array(current, reported_pct, decimals=decimals, direction=direction, rule=rule,
                              which="base")
    c = _whole(current, "current")
    P, d, sign = _magnitude_and_sign(reported_pct, direction, decimals)
    c_u, P_a, s_a, r_a, Dh = _obj(c, P, sign, RULE_CODES[rule], 2 * 10**d)
    s_lo, s_hi, slc, shc = _target(P_a, s_a, r_a)
    k = _ratio_implied(c_u, c_u, s_lo + 100 * Dh, s_hi + 100 * Dh, slc, shc, Dh, np.array([1], dtype=object),
                       np.array([0], dtype=object))
    return _range_of(*k)


def implied_current(
    base: Any,
    reported_pct: Any,
    *,
    decimals: int | None = None,
    direction: str | None = "decrease",
    rounding: str = "half_up",
) -> Any:
    """Every whole current count that reproduces a reported change from ``base``.

    The mirror of :func:`implied_base`: ``current`` lies in
    ``[base (1 + s_lo/100), base (1 + s_hi/100)]``.

    Parameters
    ----------
    base : int or array-like of int
        The base (previous) count, 1 or more.
    reported_pct, decimals, direction, rounding
        As in :func:`implied_base`.

    Returns
    -------
    IntRange or pandas.DataFrame
        For arrays: ``base, reported_pct, implied_current_min,
        implied_current_max``.

    Examples
    --------
    >>> implied_current(80, "11.3%")
    IntRange(low=71, high=71)
    >>> implied_current(1000, "5", direction="increase")     # 1045 .. 1054 round to 5%
    IntRange(low=1045, high=1054)
    """
    rule = check_rule(rounding)
    if _is_array(base, reported_pct):
        return _implied_array(base, reported_pct, decimals=decimals, direction=direction, rule=rule,
                              which="current")
    b = _whole(base, "base")
    if b == 0:
        raise ParameterError("base=0: a percentage change from zero is undefined")
    P, d, sign = _magnitude_and_sign(reported_pct, direction, decimals)
    b_a, P_a, s_a, r_a, Dh = _obj(b, P, sign, RULE_CODES[rule], 2 * 10**d)
    return _range_of(*_current_kernel(b_a, P_a, s_a, r_a, Dh))


def _current_kernel(b: np.ndarray, P: np.ndarray, sign: np.ndarray, rule: np.ndarray, Dh: np.ndarray
                    ) -> tuple[np.ndarray, ...]:
    s_lo, s_hi, slc, shc = _target(P, sign, rule)
    t_lo, t_hi = s_lo + 100 * Dh, s_hi + 100 * Dh
    top = 100 * Dh
    # k top >= b t_lo (> if open); k top <= b t_hi (< if open)
    k_min = np.where(slc, _ceil_div(b * t_lo, top), (b * t_lo) // top + 1)
    k_min = np.maximum(k_min, 0)
    k_max = np.where(shc, (b * t_hi) // top, _ceil_div(b * t_hi, top) - 1)
    return k_min, k_max, np.zeros(np.shape(k_min), dtype=bool), k_min > k_max


def _implied_array(first: Any, reported_pct: Any, *, decimals: int | None, direction: str | None, rule: str,
                   which: str) -> pd.DataFrame:
    x = np.asarray(first)
    p = np.asarray(reported_pct)
    x, p = np.broadcast_arrays(x, p)
    x, p = x.ravel(), p.ravel()
    label = "current" if which == "base" else "base"
    if x.dtype.kind in "iu":
        bad = x < 0
        xi = x.astype(np.int64, copy=False)
    else:
        xf = x.astype(np.float64)
        bad = ~np.isfinite(xf) | (xf < 0) | (xf != np.rint(xf))
        xi = np.rint(np.where(bad, 0, xf)).astype(np.int64)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ParameterError(f"{label}[{i}]={x[i]!r} must be a whole number of 0 or more (a count)")
    if p.dtype.kind in "OUS":
        parsed = [_magnitude_and_sign(v, direction, decimals, f"reported_pct[{i}]") for i, v in enumerate(p)]
        P = np.array([t[0] for t in parsed], dtype=np.int64)
        dd: Any = np.array([t[1] for t in parsed], dtype=np.int64)
        sign: Any = np.array([t[2] for t in parsed], dtype=np.int64)
        scale: Any = 10.0 ** dd
        magnitude = P / scale
    else:
        pf = p.astype(np.float64)
        if not np.isfinite(pf).all():
            i = int(np.flatnonzero(~np.isfinite(pf))[0])
            raise ParameterError(f"reported_pct[{i}]={pf[i]!r} is not a finite number")
        dd = int(decimals) if decimals is not None else infer_decimals(pf)
        scale = 10.0**dd
        magnitude = np.abs(pf)
        P_f = magnitude * scale
        P = np.rint(P_f).astype(np.int64)
        wrong = np.abs(P_f - P) > 1e-6 * np.maximum(1.0, P_f)
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            raise ParameterError(f"reported_pct[{i}]={pf[i]!r} has more than decimals={int(np.ravel(dd)[i] if np.ndim(dd) else dd)} decimals")
        if direction is None:
            sign = np.sign(pf).astype(np.int64)
        else:
            sign = _SIGN[parse_direction(direction)]
            if sign > 0 and (pf < 0).any():
                raise ParameterError(f"negative reported_pct with direction={direction!r}; give magnitudes")
            if sign == 0 and (pf != 0).any():
                raise ParameterError("direction='flat' needs reported_pct 0")
    over = (np.asarray(sign) < 0) & (P > 100 * 10**np.asarray(dd))
    if over.any():
        i = int(np.flatnonzero(np.broadcast_to(over, P.shape))[0])
        raise ParameterError(f"reported_pct[{i}]={p[i]!r}: a decline of more than 100% is impossible")
    Dh: Any = 2 * 10**dd
    big = xi.size and float(np.max(xi, initial=0)) * 400.0 * float(np.max(Dh, initial=2)) ** 2 >= 2**62
    if big:
        xi, P = xi.astype(object), P.astype(object)
        sign = np.asarray(sign).astype(object) if np.ndim(sign) else sign
        Dh = np.asarray(Dh).astype(object) if np.ndim(Dh) else int(Dh)
    sign_arr = np.broadcast_to(sign, P.shape)
    code = RULE_CODES[rule]
    if which == "base":
        s_lo, s_hi, slc, shc = _target(P, sign_arr, code)
        k_min, k_max, unb, empty = _ratio_implied(xi, xi, s_lo + 100 * Dh, s_hi + 100 * Dh, slc, shc, Dh, 1, 0)
    else:
        if (xi == 0).any():
            raise ParameterError(f"base[{int(np.flatnonzero(xi == 0)[0])}]=0: a change from zero is undefined")
        k_min, k_max, unb, empty = _current_kernel(xi, P, sign_arr, np.full(P.shape, code), Dh)
    lo = k_min.astype(np.float64)
    hi = np.where(unb, np.inf, k_max.astype(np.float64)) if unb.any() else k_max.astype(np.float64)
    if empty.any():
        lo = np.where(empty, np.nan, lo)
        hi = np.where(empty, np.nan, hi)
    signed = np.where(sign_arr < 0, -magnitude, magnitude)
    return pd.DataFrame({label: xi.astype(np.float64) if big else xi, "reported_pct": signed,
                         f"implied_{which}_min": lo, f"implied_{which}_max": hi})


def infer_decimals(values: Any, *, max_decimals: int = 6) -> np.ndarray:
    """Fewest decimals (0 … ``max_decimals``) that write each float exactly.

    A float does not remember trailing zeros (``12.0`` -> 0): keep the
    decimals as written in a separate column when they matter.

    Examples
    --------
    >>> infer_decimals([71.0, 11.3, 0.25, 1.075]).tolist()
    [0, 1, 2, 3]
    """
    x = np.abs(np.asarray(values, dtype=np.float64))
    out = np.full(x.shape, max_decimals, dtype=np.int64)
    done = ~np.isfinite(x)
    out[done] = 0
    for k in range(max_decimals + 1):
        y = x * 10.0**k
        ok = ~done & (np.abs(y - np.rint(y)) <= 1e-9 * np.maximum(1.0, y))
        out[ok] = k
        done |= ok
        if done.all():
            break
    return out


# ---------------------------------------------------------------------------
# Changes
# ---------------------------------------------------------------------------
def _warn_zero(where: str) -> None:
    warnings.warn(f"{where}: the base is 0, so the percentage change is undefined (NaN); compare counts "
                  "directly or use an absolute change", DataWarning, stacklevel=3)


def _scaled_pair(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Two float arrays as integers on a common decimal scale (exact for numbers written with <= 6 decimals)."""
    fin = np.isfinite(a) & np.isfinite(b)
    e = int(max(infer_decimals(a[fin]).max(initial=0), infer_decimals(b[fin]).max(initial=0)))
    ai = np.rint(np.where(fin, a, 0) * 10.0**e)
    bi = np.rint(np.where(fin, b, 0) * 10.0**e)
    if max(np.abs(ai).max(initial=0), np.abs(bi).max(initial=0)) >= 2**53:
        return ai.astype(np.int64).astype(object), bi.astype(np.int64).astype(object), e
    return ai.astype(np.int64), bi.astype(np.int64), e


def pct_change(current: Any, base: Any, *, decimals: int | None = None, rounding: str = "half_up") -> Any:
    """Percentage change ``100 (current - base) / base``.

    Parameters
    ----------
    current, base : number or array-like
        The two values; ``base`` must be 0 or more.
    decimals : int, optional
        Round the result exactly to this many decimals under ``rounding``
        (a Decimal for scalars).  ``None`` returns the unrounded float.
    rounding : {"half_up", "half_even", "down", "up"}

    Returns
    -------
    float, Decimal or numpy.ndarray
        ``NaN`` where the base is 0 (a :class:`~safetystats.errors.DataWarning`
        says so); never ``inf``.

    Examples
    --------
    >>> pct_change(71, 80)
    -11.25
    >>> pct_change(71, 80, decimals=1), pct_change(71, 80, decimals=1, rounding="half_even")
    (Decimal('-11.3'), Decimal('-11.2'))
    >>> pct_change([71, 50], [80, 56], decimals=1).tolist()
    [-11.3, -10.7]
    """
    rule = check_rule(rounding, allow_any=False)
    if not _is_array(current, base):
        c = Fraction(_to_decimal(current, "current"))
        b = Fraction(_to_decimal(base, "base"))
        if b < 0:
            raise ParameterError(f"base={base!r} is negative; a percentage change needs a positive base")
        if b == 0:
            _warn_zero(f"pct_change(current={current!r}, base=0)")
            return math.nan
        x = 100 * (c - b) / b
        return float(x) if decimals is None else _round_fraction(x, int(decimals), rule)
    c = np.asarray(current, dtype=np.float64)
    b = np.asarray(base, dtype=np.float64)
    c, b = np.broadcast_arrays(c, b)
    if np.any(b < 0):
        i = int(np.flatnonzero(b < 0)[0])
        raise ParameterError(f"base[{i}]={b.flat[i]!r} is negative; a percentage change needs a positive base")
    zero = b == 0
    if zero.any():
        _warn_zero(f"pct_change: positions {np.flatnonzero(zero)[:10].tolist()}")
    nan = zero | ~np.isfinite(c) | ~np.isfinite(b)
    if decimals is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(nan, np.nan, 100.0 * (c - b) / np.where(zero, 1.0, b))
    ci, bi, _ = _scaled_pair(c, b)
    bi = np.where(nan, 1, bi)
    factor = 100 * 10 ** int(decimals)
    big = ci.dtype == object or (ci.size and float(np.abs(ci - bi).max()) * factor >= 2**62)
    top = (ci - bi).astype(object) * factor if big else (ci - bi) * factor
    from .rounding import round_scaled

    q = round_scaled(top, bi.astype(object) if big else bi, rule=rule).astype(np.float64)
    return np.where(nan, np.nan, q / 10.0 ** int(decimals))


def pp_change(current: Any, base: Any, *, decimals: int | None = None, rounding: str = "half_up") -> Any:
    """Change in percentage points: ``current - base`` for two percentages.

    Parameters
    ----------
    current, base : number or array-like
        Two percentages (``95.5`` means 95.5%).
    decimals : int, optional
        Round exactly to this many decimals (a Decimal for scalars).
    rounding : {"half_up", "half_even", "down", "up"}

    Returns
    -------
    float, Decimal or numpy.ndarray

    Examples
    --------
    >>> pp_change(97.5, 95.25, decimals=1)
    Decimal('2.3')
    >>> pp_change([0.3, 10.0], [0.1, 12.5]).round(12).tolist()
    [0.2, -2.5]
    """
    rule = check_rule(rounding, allow_any=False)
    if not _is_array(current, base):
        x = _to_decimal(current, "current") - _to_decimal(base, "base")
        if decimals is None:
            return float(x)
        return _round_fraction(Fraction(x), int(decimals), rule)
    c = np.asarray(current, dtype=np.float64)
    b = np.asarray(base, dtype=np.float64)
    c, b = np.broadcast_arrays(c, b)
    ci, bi, e = _scaled_pair(c, b)
    nan = ~np.isfinite(c) | ~np.isfinite(b)
    diff = ci - bi
    if decimals is None:
        return np.where(nan, np.nan, diff.astype(np.float64) / 10.0**e)
    from .rounding import round_scaled

    d = int(decimals)
    if d >= e:
        q = diff * 10 ** (d - e)
    else:
        q = round_scaled(diff, np.full(diff.shape, 10 ** (e - d), dtype=diff.dtype), rule=rule)
    return np.where(nan, np.nan, q.astype(np.float64) / 10.0**d)


def cagr(start: Any, end: Any, *, periods: Any, decimals: int | None = None, rounding: str = "half_up") -> Any:
    """Compound annual growth rate in percent: ``100 ((end / start) ** (1 / periods) - 1)``.

    Parameters
    ----------
    start, end : number or array-like
        The first and last values (``start`` positive).
    periods : int or array-like
        Number of periods between them (5 for 2018 -> 2023).
    decimals : int, optional
        Round to this many decimals under ``rounding`` (computed with 50
        significant digits, then rounded exactly: a Decimal for scalars).
    rounding : {"half_up", "half_even", "down", "up"}

    Returns
    -------
    float, Decimal or numpy.ndarray
        ``NaN`` (with a DataWarning) when ``start`` is 0.

    Examples
    --------
    >>> cagr(100, 121, periods=2)
    10.0
    >>> cagr(80, 71, periods=1, decimals=1)
    Decimal('-11.3')
    """
    rule = check_rule(rounding, allow_any=False)
    if not _is_array(start, end, periods):
        s = _to_decimal(start, "start")
        e = _to_decimal(end, "end")
        n = _to_decimal(periods, "periods")
        if n <= 0:
            raise ParameterError(f"periods={periods!r} must be 1 or more")
        if s < 0 or e < 0:
            raise ParameterError("cagr needs start and end of 0 or more")
        if s == 0:
            _warn_zero(f"cagr(start=0, end={end!r})")
            return math.nan
        with localcontext() as ctx:
            ctx.prec = 50
            growth = (e / s) ** (Decimal(1) / n) * 100 - 100
        if decimals is None:
            return float(growth)
        return round_growth(growth, int(decimals), rule)
    s = np.asarray(start, dtype=np.float64)
    e = np.asarray(end, dtype=np.float64)
    n = np.asarray(periods, dtype=np.float64)
    s, e, n = np.broadcast_arrays(s, e, n)
    if np.any(n <= 0) or np.any(s < 0) or np.any(e < 0):
        raise ParameterError("cagr needs periods of 1 or more and values of 0 or more")
    zero = s == 0
    if zero.any():
        _warn_zero(f"cagr: positions {np.flatnonzero(zero)[:10].tolist()}")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(zero, np.nan, 100.0 * (np.power(e / np.where(zero, 1.0, s), 1.0 / n) - 1.0))
    if decimals is None:
        return out
    vals = [cagr(float(a), float(b), periods=float(k), decimals=decimals, rounding=rule) if not z else math.nan
            for a, b, k, z in zip(s.flat, e.flat, n.flat, zero.flat, strict=True)]
    return np.array([float(v) for v in vals]).reshape(s.shape)


def round_growth(x: Decimal, decimals: int, rule: str) -> Decimal:
    """Round a Decimal computed to 50 digits (used by :func:`cagr`)."""
    return _round_fraction(Fraction(x), decimals, rule)


# ---------------------------------------------------------------------------
# Rounded values: interval arithmetic
# ---------------------------------------------------------------------------
def _half_width(value: Any, dec: int | None, name: str) -> tuple[Fraction, Fraction]:
    v = _to_decimal(value, name)
    k = decimals_of(value) if dec is None else int(dec)
    if v < 0:
        raise ParameterError(f"{name}={value!r} must be 0 or more")
    return Fraction(v), Fraction(1, 2 * 10**k) if k > 0 else Fraction(0)


def pct_change_bounds(
    current: Any, base: Any, *, current_decimals: int | None = None, base_decimals: int | None = None
) -> tuple[float, float]:
    """Smallest and largest true percentage change two rounded values allow.

    A value written with ``k > 0`` decimals stands for ``[v - h, v + h]``,
    ``h = 0.5 * 10**-k``; a whole number (``k = 0``) is exact (a count).
    The change ``100 (c / b - 1)`` grows with ``c`` and falls with ``b``, so
    the extremes are at opposite corners.

    Parameters
    ----------
    current, base : str, float or Decimal
        The values as written (strings keep trailing zeros: ``"1.0"``).
    current_decimals, base_decimals : int, optional
        Decimals as written, when not inferred from the values.

    Returns
    -------
    (float, float)
        The infimum and supremum of the true percentage change.

    Examples
    --------
    >>> lo, hi = pct_change_bounds("0.9", "1.0")
    >>> round(lo, 2), round(hi, 2)                  # 0.85 / 1.05 and 0.95 / 0.95
    (-19.05, 0.0)
    """
    c, hc = _half_width(current, current_decimals, "current")
    b, hb = _half_width(base, base_decimals, "base")
    if b - hb <= 0:
        raise ParameterError(f"base={base!r} may be 0 within its rounding; the percentage change is unbounded")
    lo = 100 * ((c - hc) / (b + hb) - 1)
    hi = 100 * ((c + hc) / (b - hb) - 1)
    return float(lo), float(hi)


def change_is_consistent(
    current: Any,
    base: Any,
    reported_pct: Any,
    *,
    direction: str | None = None,
    decimals: int | None = None,
    rounding: str = "half_up",
    current_decimals: int | None = None,
    base_decimals: int | None = None,
) -> bool:
    """Whether some true values behind two (rounded) figures give the reported change.

    Parameters
    ----------
    current, base : str, float, int or Decimal
        The values as written; whole numbers are exact counts, values with
        decimals stand for their rounding interval.
    reported_pct : str, float or Decimal
        The change as written: the magnitude with ``direction`` or a signed
        value with ``direction=None``.
    direction : str, optional
        ``decrease`` / ``increase`` / ``flat`` (or 下降, 上升 …).
    decimals : int, optional
        Decimals of the percentage (inferred when not given).
    rounding : {"half_up", "half_even", "down", "up", "any"}
    current_decimals, base_decimals : int, optional
        Decimals of the values (inferred when not given).

    Returns
    -------
    bool

    Examples
    --------
    >>> change_is_consistent("0.9", "1.0", "12.0", direction="decrease")   # 1.00 -> 0.88
    True
    >>> change_is_consistent("0.9", "1.0", "25.0", direction="decrease")   # at most ~19.0%
    False
    >>> change_is_consistent(71, 80, "11.3", direction="下降", rounding="half_even")
    False
    """
    rule = check_rule(rounding)
    P, d, sign = _magnitude_and_sign(reported_pct, direction, decimals)
    c, hc = _half_width(current, current_decimals, "current")
    b, hb = _half_width(base, base_decimals, "base")
    if b == 0:
        raise ParameterError("base=0: a percentage change from zero is undefined")
    den = math.lcm(c.denominator, b.denominator, hc.denominator, hb.denominator)
    ints = [int(x * den) for x in (c - hc, c + hc, b - hb, b + hb)]
    c_lo, c_hi, b_lo, b_hi = _obj(*ints)
    P_a, s_a, r_a, Dh = _obj(P, sign, RULE_CODES[rule], 2 * 10**d)
    s_lo, s_hi, slc, shc = _target(P_a, s_a, r_a)
    return bool(_ratio_box(c_lo, c_hi, b_lo, b_hi, s_lo + 100 * Dh, s_hi + 100 * Dh, slc, shc, Dh)[0])
