"""Exact decimal rounding rules, for scalars and for whole arrays.

A published percentage such as ``11.3%`` is the result of rounding a true
value to a number of decimals under some rule.  Checking it with float
arithmetic and Python's ``round()`` goes wrong exactly where it matters: the
Suzhou 2023 report's ``(80 - 71) / 80 = 11.25%`` is a tie, which 四舍五入
(round half up) turns into ``11.3`` but ``round(11.25, 1)`` turns into
``11.2``.  Everything here is exact: scalars use :class:`decimal.Decimal` and
:class:`fractions.Fraction`; arrays use integer arithmetic on scaled values
(``int64``, or Python integers in an ``object`` array when ``int64`` could
overflow).

=============  ==============================================================
rule           meaning (applied to the magnitude, as :mod:`decimal` does)
=============  ==============================================================
``half_up``    四舍五入: ties away from zero (default; Chinese and most
               official statistics)
``half_even``  banker's rounding: ties to the even digit (IEEE, Python)
``down``       truncate toward zero (去尾)
``up``         away from zero (进一)
``any``        not a rule but a set: a figure is consistent under ``any``
               when at least one of the four rules reproduces it
=============  ==============================================================

Examples
--------
>>> round_decimal("11.25", 1)
Decimal('11.3')
>>> round_decimal("11.25", 1, rule="half_even")
Decimal('11.2')
>>> round_ratio(9, 80, decimals=1)            # 100 * 9 / 80 = 11.25 -> 11.3
Decimal('11.3')
>>> rounding_interval("11.3", rule="half_up")
RoundingInterval(low=Decimal('11.25'), high=Decimal('11.35'), low_closed=True, high_closed=False)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import ParameterError

__all__ = [
    "RULES",
    "ALL_RULES",
    "RoundingInterval",
    "check_rule",
    "decimals_of",
    "round_decimal",
    "round_ratio",
    "round_scaled",
    "rounding_interval",
    "rounds_to",
    "rules_reproducing",
]

#: The four rounding rules, in the order they are tried.
RULES: tuple[str, ...] = ("half_up", "half_even", "down", "up")
#: The rules plus ``any`` (consistent under at least one rule).
ALL_RULES: tuple[str, ...] = (*RULES, "any")

_DECIMAL_MODE = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}
_ALIASES = {
    "half-up": "half_up", "halfup": "half_up", "四舍五入": "half_up", "round_half_up": "half_up",
    "half-even": "half_even", "halfeven": "half_even", "bankers": "half_even", "banker": "half_even",
    "round_half_even": "half_even", "truncate": "down", "floor": "down", "去尾": "down",
    "ceil": "up", "ceiling": "up", "进一": "up",
}

# Scaled values beyond this use Python integers (object arrays) instead of int64.
_INT64_SAFE = 2**62


def check_rule(rule: object, *, allow_any: bool = True, name: str = "rounding") -> str:
    """Return the canonical name of a rounding rule, or raise :class:`ParameterError`.

    Parameters
    ----------
    rule : str
        ``half_up``, ``half_even``, ``down``, ``up`` or ``any`` (a few aliases
        such as ``"四舍五入"`` and ``"half-even"`` are accepted).
    allow_any : bool
        Whether ``any`` is acceptable here (it is a set of rules, not a rule).
    name : str
        The argument name used in the error message.

    Returns
    -------
    str

    Examples
    --------
    >>> check_rule("四舍五入")
    'half_up'
    """
    if isinstance(rule, str):
        key = rule.strip().lower()
        key = _ALIASES.get(key, key)
        if key in RULES or (allow_any and key == "any"):
            return key
    valid = ", ".join(ALL_RULES if allow_any else RULES)
    raise ParameterError(f"{name}={rule!r} is not a rounding rule; use one of {valid}")


def _to_decimal(value: Any, name: str = "value") -> Decimal:
    """A number as written, exactly: floats are read by their shortest repr (``0.1`` -> ``Decimal('0.1')``)."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParameterError(f"{name}={value!r} is not a finite number")
        return value
    if isinstance(value, (bool, np.bool_)):
        raise ParameterError(f"{name}={value!r} is not a number")
    if isinstance(value, (int, np.integer)):
        return Decimal(int(value))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise ParameterError(f"{name}={value!r} is not a finite number; give a finite value")
        return Decimal(repr(float(value)))
    if isinstance(value, Fraction):
        raise ParameterError(f"{name} is a Fraction; use round_ratio(numerator, denominator) for exact ratios")
    if isinstance(value, str):
        text = value.strip().replace("%", "").replace("％", "").strip()
        try:
            out = Decimal(text)
        except InvalidOperation:
            raise ParameterError(f"{name}={value!r} is not a number; write it like 11.3 or '11.3%'") from None
        if not out.is_finite():
            raise ParameterError(f"{name}={value!r} is not a finite number")
        return out
    raise ParameterError(f"{name}={value!r} is not a number (got {type(value).__name__})")


def decimals_of(value: Any) -> int:
    """The number of decimals a number was written with.

    Strings and Decimals keep trailing zeros (``"12.0"`` -> 1); a float only
    knows its shortest form (``12.0`` -> 0), so pass strings when trailing
    zeros matter.

    Parameters
    ----------
    value : str, int, float or Decimal

    Returns
    -------
    int

    Examples
    --------
    >>> decimals_of("12.0"), decimals_of(12.0), decimals_of(11.3), decimals_of("10.7%")
    (1, 0, 1, 1)
    """
    d = _to_decimal(value)
    if isinstance(value, (float, np.floating)) and d == d.to_integral_value():
        return 0
    exp = d.as_tuple().exponent
    return max(0, -int(exp)) if isinstance(exp, int) else 0


def round_decimal(value: Any, decimals: int = 0, *, rule: str = "half_up") -> Decimal:
    """Round a number exactly to ``decimals`` places under ``rule``.

    Parameters
    ----------
    value : str, int, float or Decimal
        The number; a float is read by its shortest repr (``2.675`` is
        2.675, not the binary value just below it).
    decimals : int
        Number of decimals to keep (may be negative: -1 rounds to tens).
    rule : {"half_up", "half_even", "down", "up"}

    Returns
    -------
    Decimal

    Examples
    --------
    >>> round_decimal(2.675, 2)            # float round(2.675, 2) gives 2.67
    Decimal('2.68')
    >>> round_decimal("-11.25", 1)         # ties away from zero
    Decimal('-11.3')
    >>> round_decimal("11.21", 1, rule="up")
    Decimal('11.3')
    """
    rule = check_rule(rule, allow_any=False)
    d = _to_decimal(value)
    return d.quantize(Decimal(1).scaleb(-int(decimals)), rounding=_DECIMAL_MODE[rule])


def _round_fraction(x: Fraction, decimals: int, rule: str) -> Decimal:
    scaled = x * Fraction(10) ** decimals
    mag = abs(scaled)
    q, r = divmod(mag.numerator, mag.denominator)
    twice = 2 * r
    den = mag.denominator
    if rule == "half_up":
        q += twice >= den
    elif rule == "half_even":
        q += twice > den or (twice == den and q % 2 == 1)
    elif rule == "up":
        q += r > 0
    if scaled < 0:
        q = -q
    return Decimal(q).scaleb(-decimals) if decimals > 0 else Decimal(q) * Decimal(10) ** (-decimals)


def round_scaled(numerator: Any, denominator: Any, *, rule: str = "half_up") -> np.ndarray:
    """Round ``numerator / denominator`` to a whole number, exactly, element-wise.

    The array kernel behind every percentage in safetystats: a percentage
    with ``d`` decimals is ``round_scaled(100 * 10**d * (current - base),
    base)`` in units of ``10**-d``.

    Parameters
    ----------
    numerator, denominator : array-like of int
        Whole numbers; ``denominator`` must be positive.  ``int64`` arrays are
        used as they are; Python integers of any size work in ``object``
        arrays.
    rule : {"half_up", "half_even", "down", "up"}
        Applied to the magnitude (ties away from zero for ``half_up``).

    Returns
    -------
    numpy.ndarray
        Integer array (``int64`` or ``object``) with the rounded quotients.

    Examples
    --------
    >>> round_scaled([900, 1125, -1125], [80, 100, 100]).tolist()    # 11.25 -> 11, 11.25, -11.25
    [11, 11, -11]
    >>> round_scaled([25, 35], [10, 10], rule="half_even").tolist()
    [2, 4]
    """
    rule = check_rule(rule, allow_any=False)
    num = np.asarray(numerator)
    den = np.asarray(denominator)
    for arr, label in ((num, "numerator"), (den, "denominator")):
        if arr.dtype.kind not in "iuO":
            raise ParameterError(f"round_scaled needs whole numbers in {label} (got dtype {arr.dtype}); "
                                 "scale the values to integers first")
    if np.any(den <= 0):
        raise ParameterError("round_scaled needs a positive denominator")
    neg = num < 0
    mag = np.where(neg, -num, num)
    q = mag // den
    r = mag - q * den
    if rule == "half_up":
        q = q + (2 * r >= den)
    elif rule == "half_even":
        twice = 2 * r
        q = q + ((twice > den) | ((twice == den) & (q % 2 == 1)))
    elif rule == "up":
        q = q + (r > 0)
    return np.where(neg, -q, q)


def round_ratio(
    numerator: Any,
    denominator: Any,
    *,
    decimals: int = 1,
    rule: str = "half_up",
    scale: int = 100,
) -> Any:
    """Round ``scale * numerator / denominator`` exactly (a percentage by default).

    Parameters
    ----------
    numerator, denominator : int, Decimal, str or array-like of int
        The two numbers; scalars may have decimals (read exactly), arrays
        must hold whole numbers.  ``denominator`` must be positive.
    decimals : int
        Decimals of the result.
    rule : {"half_up", "half_even", "down", "up"}
    scale : int
        100 for a percentage, 1000 for per mille, 1 for a plain ratio.

    Returns
    -------
    Decimal or numpy.ndarray
        A Decimal for scalar input; for arrays, the rounded values as floats
        (the nearest double to the exactly rounded decimal).

    Examples
    --------
    >>> round_ratio(9, 80, decimals=1)
    Decimal('11.3')
    >>> round_ratio(9, 80, decimals=1, rule="half_even")
    Decimal('11.2')
    >>> round_ratio([9, 6], [80, 56], decimals=1).tolist()
    [11.3, 10.7]
    """
    rule = check_rule(rule, allow_any=False)
    if np.ndim(numerator) == 0 and np.ndim(denominator) == 0:
        num = Fraction(_to_decimal(numerator, "numerator"))
        den = Fraction(_to_decimal(denominator, "denominator"))
        if den <= 0:
            raise ParameterError(f"denominator={denominator!r} must be positive (a ratio to 0 is undefined)")
        return _round_fraction(num * scale / den, int(decimals), rule)
    num, den = np.broadcast_arrays(np.asarray(numerator), np.asarray(denominator))
    factor = int(scale) * 10 ** int(decimals)
    big = (num.dtype == object or den.dtype == object
           or (num.size and int(np.max(np.abs(num))) * factor >= _INT64_SAFE))
    top = num.astype(object) * factor if big else num.astype(np.int64) * factor
    q = round_scaled(top, den.astype(object) if big else den.astype(np.int64), rule=rule)
    return q.astype(np.float64) / 10.0 ** int(decimals)


@dataclass(frozen=True)
class RoundingInterval:
    """The true values a rounded figure stands for.

    Attributes
    ----------
    low, high : Decimal
        The ends of the interval.
    low_closed, high_closed : bool
        Whether each end itself rounds to the figure.
    """

    low: Decimal
    high: Decimal
    low_closed: bool
    high_closed: bool

    def __contains__(self, x: object) -> bool:
        v = x if isinstance(x, Fraction) else Fraction(_to_decimal(x))
        lo, hi = Fraction(self.low), Fraction(self.high)
        return (lo < v or (self.low_closed and v == lo)) and (v < hi or (self.high_closed and v == hi))


def rounding_interval(value: Any, decimals: int | None = None, *, rule: str = "half_up") -> RoundingInterval:
    """The interval of true values that round to ``value`` under ``rule``.

    The interval is for a non-negative magnitude (a percentage as written,
    its sign carried by a direction word); for ``value = 0`` it starts at 0.

    Parameters
    ----------
    value : str, int, float or Decimal
        The figure as written.
    decimals : int, optional
        Decimals it was written with; inferred from ``value`` when not given
        (pass strings to keep trailing zeros: ``"12.0"``).
    rule : {"half_up", "half_even", "down", "up", "any"}

    Returns
    -------
    RoundingInterval

    Examples
    --------
    >>> rounding_interval("12.0", rule="down")
    RoundingInterval(low=Decimal('12.0'), high=Decimal('12.1'), low_closed=True, high_closed=False)
    >>> iv = rounding_interval("11.3")
    >>> "11.25" in iv, "11.35" in iv
    (True, False)
    """
    rule = check_rule(rule)
    d = _to_decimal(value)
    if d < 0:
        raise ParameterError(f"value={value!r}: give the magnitude (the sign goes in the direction)")
    k = decimals_of(value) if decimals is None else int(decimals)
    unit = Decimal(1).scaleb(-k)
    half = unit / 2
    p = d.quantize(unit)
    if p != d:
        raise ParameterError(f"value={value!r} has more than decimals={k} decimals")
    if rule == "half_up":
        lo, hi, lc, hc = p - half, p + half, True, False
    elif rule == "half_even":
        last_even = int(p.scaleb(k)) % 2 == 0
        lo, hi, lc, hc = p - half, p + half, last_even, last_even
    elif rule == "down":
        lo, hi, lc, hc = p, p + unit, True, False
    elif rule == "up":
        lo, hi, lc, hc = p - unit, p, False, True
    else:  # any: the union of the four
        lo, hi, lc, hc = p - unit, p + unit, False, False
    if lo < 0:
        lo, lc = Decimal(0).quantize(unit), True
    if rule == "up" and p == 0:
        lo, hi, lc, hc = p, p, True, True
    return RoundingInterval(lo, hi, lc, hc)


def rounds_to(true_value: Any, reported: Any, *, decimals: int | None = None, rule: str = "half_up") -> bool:
    """Whether ``true_value`` rounds to ``reported`` (magnitudes) under ``rule``.

    Parameters
    ----------
    true_value : Fraction, Decimal, int, str or float
        The exact value (a :class:`fractions.Fraction` keeps ratios exact).
    reported : str, int, float or Decimal
        The figure as written.
    decimals : int, optional
        Decimals of ``reported`` (inferred when not given).
    rule : {"half_up", "half_even", "down", "up", "any"}

    Returns
    -------
    bool

    Examples
    --------
    >>> from fractions import Fraction
    >>> rounds_to(Fraction(900, 80), "11.3"), rounds_to(Fraction(900, 80), "11.3", rule="half_even")
    (True, False)
    """
    v = true_value if isinstance(true_value, Fraction) else Fraction(_to_decimal(true_value, "true_value"))
    return abs(v) in rounding_interval(reported, decimals, rule=rule)


def rules_reproducing(true_value: Any, reported: Any, *, decimals: int | None = None) -> tuple[str, ...]:
    """The rounding rules under which ``true_value`` rounds to ``reported``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> rules_reproducing(Fraction(900, 80), "11.3")
    ('half_up', 'up')
    """
    return tuple(r for r in RULES if rounds_to(true_value, reported, decimals=decimals, rule=r))
