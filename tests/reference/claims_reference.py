"""A plain per-row Python implementation of the claim checks, used as a reference.

It is written from the definitions, independently of safetystats' vectorised
engine (no scaled-integer closed forms, no shared helpers):

* rounding: ``decimal.Decimal`` at 80 digits, quantized with the
  :mod:`decimal` rounding modes (exact for the ratios of whole numbers used
  here: a tie has a finite decimal expansion, a non-tie is never within
  1e-60 of one);
* a figure fits when some true value in the box of the (rounded) inputs
  rounds to it: the box's range ``[F_lo, F_hi]`` meets the set of values that
  round to the figure exactly when an end of the range rounds to it, or the
  figure itself lies inside the range;
* implied bases: a scan of whole numbers (or grid points) around the
  estimate, checking each candidate with the rounding above; an unbounded
  range is found by testing a very large base and bisecting for its start;
* p-values: ``scipy.stats.binomtest`` per row.

It is slow on purpose (one claim at a time) and serves the tests and
``benchmarks/bench_checks.py``.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

RULES = ("half_up", "half_even", "down", "up")
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}
_DIR = {"decrease": -1, "increase": 1, "flat": 0}
_PCT_UNITS = {"%", "percent", "pct", "百分比", "百分点", "pp"}


def dround(x: Fraction, d: int, rule: str) -> Fraction:
    """Round a non-negative fraction to ``d`` decimals under ``rule``."""
    with localcontext() as ctx:
        ctx.prec = 80
        q = Decimal(x.numerator) / Decimal(x.denominator)
        return Fraction(q.quantize(Decimal(1).scaleb(-d), rounding=_MODES[rule]))


def _sgn(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def reproduces(x: Fraction, P: Fraction, d: int, sign: int, rule: str) -> bool:
    """Does the true signed value ``x`` give the reported magnitude ``P`` with ``sign``?"""
    rules = RULES if rule == "any" else (rule,)
    return any(dround(abs(x), d, r) == P and (P == 0 or _sgn(x) == sign) for r in rules)


def fits_range(lo: Fraction, hi: Fraction, P: Fraction, d: int, sign: int, rule: str) -> bool:
    """Does some x in [lo, hi] reproduce the figure?"""
    target = sign * P if P else Fraction(0)
    return (reproduces(lo, P, d, sign, rule) or reproduces(hi, P, d, sign, rule)
            or lo <= target <= hi)


def f_value(mode: int, c: Fraction, b: Fraction) -> Fraction:
    """The figure a pair of values gives: 0 percent change, 1 share, 2 percentage points."""
    if mode == 0:
        return 100 * (c - b) / b
    if mode == 1:
        return 100 * c / b
    return c - b


def box_range(mode: int, c: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
    """Smallest and largest figure over the box (b_lo > 0 for the ratio modes)."""
    if mode == 2:
        return c[0] - b[1], c[1] - b[0]
    return f_value(mode, c[0], b[1]), f_value(mode, c[1], b[0])


def fits(mode: int, c: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction], P: Fraction, d: int, sign: int,
         rule: str) -> bool:
    if mode != 2 and b[0] <= 0:
        return False
    lo, hi = box_range(mode, c, b)
    return fits_range(lo, hi, P, d, sign, rule)


def implied(mode: int, c: tuple[Fraction, Fraction], P: Fraction, d: int, sign: int, rule: str, grid: Fraction,
            half: Fraction) -> tuple[Fraction, Fraction | float] | None:
    """Grid points k * grid (standing for [k grid - half, k grid + half]) whose box fits."""
    min_k = 0 if mode == 2 else 1

    def ok(k: int) -> bool:
        return fits(mode, c, (k * grid - half, k * grid + half), P, d, sign, rule)

    huge = 10**15
    if mode != 2 and ok(huge):
        # the fitting set reaches to infinity: bisect for its start
        lo, hi = min_k, huge
        if ok(lo):
            return lo * grid, math.inf
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok(mid):
                hi = mid
            else:
                lo = mid
        return hi * grid, math.inf
    unit = Fraction(1, 10**d)
    target = sign * P if P else Fraction(0)
    if mode == 2:
        est = (c[0] + c[1]) / 2 - target
        width = 2 * unit + (c[1] - c[0]) + 2 * half
    else:
        base_ratio = (1 + target / 100) if mode == 0 else target / 100
        low_ratio = base_ratio - 2 * unit / 100
        if low_ratio <= 0:
            low_ratio = Fraction(1, 10**6)
        if base_ratio <= 0:
            base_ratio = low_ratio
        est = (c[0] + c[1]) / 2 / base_ratio
        width = c[1] * (2 * unit / 100) / low_ratio**2 + (c[1] - c[0]) / low_ratio + 2 * half
    k_lo = max(min_k, math.floor((est - width) / grid) - 3)
    k_hi = max(min_k, math.ceil((est + width) / grid) + 3)
    hits = [k for k in range(k_lo, k_hi + 1) if ok(k)]
    if not hits:
        return None
    a, z = hits[0], hits[-1]
    while a > min_k and ok(a - 1):
        a -= 1
    while ok(z + 1):
        z += 1
    return a * grid, z * grid


def _num(x: Any) -> Fraction | None:
    if x is None:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    return Fraction(Decimal(repr(float(x)))) if isinstance(x, float) else Fraction(x)


def _width(v: Fraction, dec: int, approx: bool) -> Fraction:
    if approx:
        if dec > 0 or v == 0:
            return Fraction(1, 10**dec)
        k, n = 0, int(v)
        while n % 10 == 0:
            n //= 10
            k += 1
        return Fraction(10**k)
    return Fraction(1, 2 * 10**dec) if dec > 0 else Fraction(0)


def check_row(row: dict[str, Any], rounding: str = "half_up") -> dict[str, Any]:
    """Verdict, implied base range, recomputed figure and p-value of one claim.

    ``row`` keys: kind, value, value_decimals, value_approximate, base_value,
    base_decimals, reported_pct, pct_decimals, pct_unit, direction,
    abs_change, abs_change_decimals, parts, parts_approximate, rounding,
    unit.  Decimals must be given (no inference).
    """
    out: dict[str, Any] = {"verdict": "unverifiable", "implied_base_min": None, "implied_base_max": None,
                           "recomputed_pct": None, "p_value": None}
    kind = row.get("kind")
    rule = row.get("rounding") or rounding
    if kind == "level":
        out["verdict"] = "consistent"
        return out
    v = _num(row.get("value"))
    if v is None or v < 0:
        return out
    vd = int(row.get("value_decimals") or 0)
    v_approx = bool(row.get("value_approximate") or False)
    if kind == "sum":
        parts = [p for p in str(row.get("parts") or "").split("+") if p.strip()]
        if not parts:
            return out
        vals = [Fraction(Decimal(p.strip())) for p in parts]
        decs = [len(p.strip().split(".")[1]) if "." in p else 0 for p in parts]
        p_approx = bool(row.get("parts_approximate") or False)
        tol = _width(v, vd, v_approx) + sum(_width(x, dd, p_approx) for x, dd in zip(vals, decs, strict=True))
        out["verdict"] = "consistent" if abs(v - sum(vals)) <= tol else "inconsistent"
        return out
    mode = 1 if kind == "share" else (2 if row.get("pct_unit") == "pp" else 0)
    pct = _num(row.get("reported_pct"))
    d = int(row.get("pct_decimals") or 0)
    direction = row.get("direction")
    if kind == "share":
        sign = 1
    elif direction:
        sign = _DIR[direction]
    else:
        sign = _sgn(pct) if pct is not None else 0
    if pct is not None and pct < 0:
        if direction == "increase":
            return out
        pct = -pct
    b = _num(row.get("base_value"))
    bd = int(row.get("base_decimals") or 0)
    a = _num(row.get("abs_change"))
    ad = int(row.get("abs_change_decimals") or 0)
    if b is not None and b < 0:
        return out
    if pct is None:
        return out  # (the reference covers claims with a percentage)
    if mode == 0 and sign < 0 and pct > 100:
        return out
    hc = _width(v, vd, v_approx)
    c_box = (v - hc, v + hc)
    hb = Fraction(0)
    known = b is not None
    if not known and a is not None:
        b = v - sign * abs(a)
        hb = hc + (Fraction(1, 2 * 10**ad) if ad > 0 else 0)
        known = True
        if b < 0:  # "0, up by 1": the figures contradict each other
            out["verdict"] = "inconsistent"
            return out
    elif known:
        hb = Fraction(1, 2 * 10**bd) if bd > 0 else Fraction(0)
    if known and mode != 2 and b == 0:
        return out
    P = pct
    # implied base grid
    gd = bd if row.get("base_decimals") is not None else (vd if vd > 0 and not v_approx else 0)
    grid = Fraction(1, 10**gd)
    ghalf = Fraction(1, 2 * 10**gd) if gd > 0 else Fraction(0)
    rng = implied(mode, c_box, P, d, sign, rule, grid, ghalf)
    if rng is not None:
        out["implied_base_min"], out["implied_base_max"] = rng

    def fit(r: str, md: int = mode, sg: int = sign) -> bool:
        if known:
            return fits(md, c_box, (b - hb, b + hb), P, d, sg, r)
        return implied(md, c_box, P, d, sg, r, grid, ghalf) is not None

    if known and (mode == 2 or b > 0) and hc == 0 and hb == 0:
        x = f_value(mode, v, b)
        rr = "half_up" if rule == "any" else rule
        out["recomputed_pct"] = _sgn(x) * dround(abs(x), d, rr)
    if fit(rule):
        verdict = "consistent"
    elif rule != "any" and any(fit(r) for r in RULES if r != rule):
        verdict = "consistent_other_rounding"
    else:
        verdict = "inconsistent"
        if known and mode != 1 and sign != 0:
            lo, hi = c_box[0] - (b + hb), c_box[1] - (b - hb)
            actual = 1 if lo > 0 else -1 if hi < 0 else 0
            if actual == -sign:
                verdict = "wrong_direction"
        if verdict == "inconsistent" and mode == 0 and _is_pct(row, v, b) and fit(rule, md=2):
            verdict = "percentage_points"
    if verdict == "consistent" and known and a is not None and row.get("base_value") is not None:
        target = sign * abs(a)
        ha = Fraction(1, 2 * 10**ad) if ad > 0 else 0
        if not (c_box[0] - (b + hb) <= target + ha and c_box[1] - (b - hb) >= target - ha):
            verdict = "inconsistent"
    out["verdict"] = verdict
    # exact conditional Poisson test for counts
    if mode == 0 and hc == 0 and vd == 0 and v.denominator == 1 and not _is_pct(row, v, b):
        base = None
        if known and hb == 0 and b.denominator == 1:
            base = int(b)
        elif not known and rng is not None and rng[1] != math.inf and gd == 0:
            lo_b, hi_b = int(rng[0]), int(rng[1])
            base = lo_b if sign < 0 else hi_b if sign > 0 else min(max(int(v), lo_b), hi_b)
        if base is not None and int(v) + base > 0:
            from scipy.stats import binomtest

            out["p_value"] = binomtest(int(v), int(v) + base, 0.5).pvalue
    return out


def _is_pct(row: dict[str, Any], v: Fraction, b: Fraction | None) -> bool:
    unit = row.get("unit")
    if unit is not None and str(unit).strip().lower() in _PCT_UNITS:
        return True
    metric = str(row.get("metric") or "")
    words = ("率", "比例", "比重", "占比", "百分比", "rate", "share", "percent", "proportion")
    if any(w in metric.lower() for w in words):
        return 0 <= v <= 100 and (b is None or 0 <= b <= 100)
    return False
