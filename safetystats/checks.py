"""Check every claim of a report against its numbers: changes, sums, shares, levels.

:func:`check_claims` takes a claims frame (schema
:class:`safetystats.schemas.Claims`) and returns one row per claim with the
recomputed figure, the base counts that would reproduce it, a verdict, the
most likely slip when it does not fit, and an exact test of whether the
change is more than Poisson noise.

Verdicts (column ``verdict``)
    ``consistent``
        The numbers reproduce the figure under the rounding rule asked for.
        When the base is not given, at least one base (a whole number for
        counts) reproduces it, and ``implied_base_min`` … ``implied_base_max``
        says which.
    ``consistent_other_rounding``
        Only another rounding rule reproduces it (``rounding_rules_ok``
        lists which): 11.25% is 11.3% under half_up but 11.2% under half_even.
    ``wrong_direction``
        Reported a decline, the values rose (or the reverse).
    ``percentage_points``
        The figure fits as a difference in percentage points, not as a
        percent change.
    ``inconsistent``
        Nothing reproduces it; ``likely_cause`` names the slip when one
        reproduces the figure exactly.
    ``unverifiable``
        Not enough (or bad) numbers; ``note`` says why.  Bad rows never stop
        the other rows from being checked.

The engine is vectorised: all claims are checked at once with exact integer
arithmetic on scaled values (see :mod:`safetystats.change`), so a million
claims take about a second.

Examples
--------
>>> import pandas as pd
>>> claims = pd.DataFrame({
...     "claim_id": ["accidents", "deaths", "exams"],
...     "kind": ["change", "change", "sum"],
...     "metric": ["生产安全事故", "死亡", "三项岗位人员考试"],
...     "period": ["2023", "2023", "2023"],
...     "value": [71, 50, 124036],
...     "reported_pct": [11.3, 10.7, None],
...     "pct_decimals": [1, 1, None],
...     "direction": ["decrease", "decrease", None],
...     "parts": [None, None, "110523+13513"],
... })
>>> t = check_claims(claims)
>>> t[["claim_id", "implied_base_min", "implied_base_max", "verdict"]]
    claim_id  implied_base_min  implied_base_max     verdict
0  accidents              80.0              80.0  consistent
1     deaths              56.0              56.0  consistent
2      exams               NaN               NaN  consistent
>>> t["p_value"].round(2).tolist()[:2]
[0.52, 0.63]
>>> check_claims(claims, rounding="half_even")["verdict"].tolist()
['consistent_other_rounding', 'consistent', 'consistent']
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from .change import (
    DIRECTION_WORDS,
    RULE_CODES,
    RULE_NAMES,
    _diff_box,
    _diff_implied,
    _ratio_box,
    _ratio_implied,
    _target,
    infer_decimals,
)
from .compare import METHOD, _two_sided_half
from .errors import ParameterError
from .numbers import parse_number
from .rounding import RULES, check_rule

__all__ = [
    "VERDICTS",
    "FAILING_VERDICTS",
    "VERDICT_LABELS",
    "LIKELY_CAUSES",
    "OUTPUT_COLUMNS",
    "SumCheck",
    "check_sum",
    "check_claims",
    "check_change",
    "style_verdicts",
    "CheckReport",
]

VERDICTS: tuple[str, ...] = (
    "consistent", "inconsistent", "consistent_other_rounding", "wrong_direction", "percentage_points", "unverifiable",
)
#: Verdicts that mean a claim is wrong (a checker's exit code 1).
FAILING_VERDICTS: frozenset[str] = frozenset({"inconsistent", "wrong_direction", "percentage_points"})

#: People-facing labels of the verdicts (for presentation code).
VERDICT_LABELS: dict[str, dict[str, str]] = {
    "consistent": {"en": "consistent", "zh": "一致"},
    "inconsistent": {"en": "inconsistent", "zh": "不一致"},
    "consistent_other_rounding": {"en": "consistent under another rounding rule", "zh": "其他舍入规则下一致"},
    "wrong_direction": {"en": "wrong direction", "zh": "方向错误"},
    "percentage_points": {"en": "percentage points, not percent", "zh": "应为百分点"},
    "unverifiable": {"en": "unverifiable", "zh": "无法核验"},
}

#: ``likely_cause`` codes with their meaning in English and Chinese.
LIKELY_CAUSES: dict[str, dict[str, str]] = {
    "other_rounding": {"en": "rounded under another rule", "zh": "采用了其他舍入规则"},
    "divided_by_current": {"en": "the change was divided by the current value instead of the base",
                           "zh": "变化量除以了本期数而不是基期数"},
    "percent_vs_points": {"en": "percent and percentage points confused", "zh": "百分比与百分点混淆"},
    "pair_swapped": {"en": "the two figures of a pair (分别 … 和 …) were swapped",
                     "zh": "“分别……和……”中的两个数字对调了"},
    "sign_flipped": {"en": "the direction (sign) is flipped", "zh": "方向（正负）颠倒"},
    "digits_transposed": {"en": "two adjacent digits transposed", "zh": "相邻两位数字颠倒"},
    "previous_value_as_current": {"en": "the previous period's value was used for the current one",
                                  "zh": "本期数误用了上期数"},
    "absolute_change_as_percent": {"en": "the absolute change was written as a percentage",
                                   "zh": "把绝对变化量写成了百分比"},
    "parts_not_exhaustive": {"en": "the parts add up to less than the total: the list may not be exhaustive",
                             "zh": "分项之和小于总数：分项可能没有列全"},
    "absolute_change_mismatch": {"en": "the stated absolute change does not fit the other figures "
                                        "(the percentage alone fits another base: see implied_base_min/max)",
                                 "zh": "所述增减量与其他数字不符（仅按百分比推算的基期数见 implied_base_min/max）"},
}

#: The columns of :func:`check_claims`, in order.
OUTPUT_COLUMNS: tuple[str, ...] = (
    "claim_id", "kind", "metric", "metric_key", "region", "period", "base_period",
    "value", "base_value", "base_source", "direction", "reported_pct", "pct_unit", "pct_decimals",
    "recomputed_pct", "recomputed_pct_exact", "implied_base_min", "implied_base_max",
    "abs_change", "implied_abs_change", "parts", "parts_sum",
    "rounding", "rounding_rules_ok", "verdict", "likely_cause", "p_value", "significant", "test_method", "note",
)

_KINDS = {"change": 0, "sum": 1, "share": 2, "level": 3}
_KIND_NAMES = ("change", "sum", "share", "level")
_UNITS = {"percent": 0, "%": 0, "％": 0, "pct": 0, "百分比": 0, "pp": 1, "百分点": 1, "个百分点": 1,
          "percentage point": 1, "percentage points": 1, "points": 1, "ppt": 1}
_PCT_UNITS = {"%", "％", "percent", "pct", "百分比", "百分点", "pp"}
_PCT_WORDS = re.compile(r"率|比例|比重|占比|百分比|rate|share|percent|proportion", re.I)
_DIR = {"decrease": -1, "increase": 1, "flat": 0}
_BIG = 2.0**60
_P10 = 10 ** np.arange(19, dtype=np.int64)
_P10F = 10.0 ** np.arange(19)
_P10_OBJ = np.array([10**i for i in range(64)], dtype=object)

# Reasons a row is unverifiable (index = code).
_BAD = (
    "",
    "kind must be change, sum, share or level",
    "value is missing",
    "value is not a number",
    "value is negative: counts and rates cannot be negative",
    "value is not finite",
    "base_value is not a number",
    "base_value is negative: counts and rates cannot be negative",
    "the base is 0: a percentage change from zero is undefined",
    "reported_pct is not a number",
    "a decline of more than 100% is impossible",
    "there is no percentage or absolute change to check",
    "direction must be decrease, increase or flat (下降/上升/持平)",
    "reported_pct is negative but direction is increase",
    "direction is flat but reported_pct is not 0",
    "rounding must be half_up, half_even, down, up or any",
    "pct_unit must be percent or pp",
    "the parts are missing or not numbers (write them like 110523+13513)",
    "the whole (base_value) of a share is missing",
    "abs_change is not a number",
    "the whole (base_value) of a share is 0",
    "a decimals column holds something other than a whole number 0-9",
    "a value has more decimals than its decimals column says",
    "direction is flat but abs_change is not 0",
    "the base is unknown: only the direction is given, nothing to compare",
    "abs_change is negative but direction is increase",
)
_B = {text: i for i, text in enumerate(_BAD)}


def _bad_code(text: str) -> int:
    return _B[text]


# ---------------------------------------------------------------------------
# Sums
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SumCheck:
    """Result of :func:`check_sum`.

    Attributes
    ----------
    total : Decimal
    parts : tuple of Decimal
    parts_sum : Decimal
    difference : Decimal
        ``total - parts_sum``.
    tolerance : Decimal
        How far apart they may be given approximate or rounded figures.
    verdict : str
        ``consistent`` or ``inconsistent``.
    likely_cause : str or None
    note : str
    """

    total: Decimal
    parts: tuple[Decimal, ...]
    parts_sum: Decimal
    difference: Decimal
    tolerance: Decimal
    verdict: str
    likely_cause: str | None
    note: str

    def __bool__(self) -> bool:
        return self.verdict == "consistent"

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.verdict][0]
        parts = " + ".join(str(p) for p in self.parts)
        return (f"<div><b>{html.escape(str(self.total))}</b> vs {html.escape(parts)} = "
                f"{html.escape(str(self.parts_sum))} &nbsp; <span style='background:{colour};padding:1px 4px'>"
                f"{html.escape(self.verdict)}</span> <i>{html.escape(self.note)}</i></div>")


def _width(value: Decimal, decimals: int, approximate: bool) -> Decimal:
    """How far the true value may be from a written figure."""
    if approximate:
        return _unit_of(value, decimals)
    return Decimal(1).scaleb(-decimals) / 2 if decimals > 0 else Decimal(0)


def _unit_of(value: Decimal, decimals: int) -> Decimal:
    """The unit of the last written digit: 10700 -> 100 (1.07万), 0.9 -> 0.1."""
    if decimals > 0 or value == 0:
        return Decimal(1).scaleb(-decimals)
    v = int(abs(value))
    k = 0
    while v % 10 == 0 and v:
        v //= 10
        k += 1
    return Decimal(10) ** k


def _parse_figure(x: Any, name: str) -> tuple[Decimal, int, bool]:
    try:
        p = parse_number(x)
    except ValueError:
        raise ParameterError(f"{name}={x!r} is not a number") from None
    if p.value < 0:
        raise ParameterError(f"{name}={x!r} is negative; a part-whole sum needs counts of 0 or more")
    decimals = p.decimals if p.multiplier == 1 else 0
    if p.multiplier > 1:
        # 1.07万: the written unit is 10**4 * 10**-2 = 100
        unit_exp = int(math.log10(p.multiplier)) - p.decimals
        return p.value, max(0, -unit_exp), True
    return p.value, decimals, p.approximate


def check_sum(total: Any, parts: Any, *, approximate: bool = False) -> SumCheck:
    """Check that parts add up to a total (三项岗位人员考试 124036 = 110523 + 13513).

    Parameters
    ----------
    total : number or str
        The total as written (``"1.07万"``, ``"约 78"`` are read exactly and
        marked approximate).
    parts : str or sequence
        ``"110523+13513"`` or a list of numbers / strings.
    approximate : bool
        Treat every figure as approximate.  An approximate figure stands for
        anything within one unit of its last written digit (``1.07万`` is
        10700 ± 100: 约 is about half a unit either side, 余 / over up to a
        unit more; the wider of the two is used).  Figures with decimals are
        taken as rounded (± half a unit).

    Returns
    -------
    SumCheck

    Examples
    --------
    >>> check_sum(124036, "110523+13513").verdict
    'consistent'
    >>> check_sum(78, [12, 66]).verdict
    'consistent'
    >>> r = check_sum(79, [12, 66])
    >>> r.verdict, r.difference
    ('inconsistent', Decimal('1'))
    >>> check_sum("1.07万", [6000, 4650], approximate=True).verdict
    'consistent'
    """
    t, td, tapprox = _parse_figure(total, "total")
    if isinstance(parts, str):
        items = [s for s in re.split(r"\s*[+＋]\s*", parts.strip()) if s]
    else:
        items = list(parts)
    if not items:
        raise ParameterError("parts is empty; give the parts like '110523+13513' or [110523, 13513]")
    parsed = [_parse_figure(x, f"parts[{i}]") for i, x in enumerate(items)]
    values = tuple(p[0] for p in parsed)
    s = sum(values, Decimal(0))
    tol = _width(t, td, tapprox or approximate) + sum(
        (_width(v, d, a or approximate) for v, d, a in parsed), Decimal(0))
    diff = t - s
    ok = abs(diff) <= tol
    cause = None
    if ok:
        note = "the parts add up to the total" + ("" if tol == 0 else f" within {tol} (approximate figures)")
    else:
        note = f"the parts add up to {s}, not {t}"
        if _transposition_fixes(t, values, tol):
            cause = "digits_transposed"
            note += "; two adjacent digits swapped in one figure would make it add up"
        elif s < t:
            cause = "parts_not_exhaustive"
            note += "; if the parts are only some of the total (其中 / including), this is not an error"
    return SumCheck(t, values, s, diff, tol, "consistent" if ok else "inconsistent", cause, note)


def _swaps(v: int) -> list[int]:
    s = str(v)
    out = []
    for i in range(len(s) - 1):
        if s[i] != s[i + 1] and not (i == 0 and s[i + 1] == "0"):
            out.append(int(s[:i] + s[i + 1] + s[i] + s[i + 2:]))
    return out


def _transposition_fixes(total: Decimal, parts: tuple[Decimal, ...], tol: Decimal) -> bool:
    if any(p != p.to_integral_value() for p in (total, *parts)):
        return False
    s = sum(parts, Decimal(0))
    if any(abs(Decimal(t2) - s) <= tol for t2 in _swaps(int(total))):
        return True
    return any(abs(total - (s - p + q)) <= tol for p in parts for q in _swaps(int(p)))


# ---------------------------------------------------------------------------
# Reading the claims frame
# ---------------------------------------------------------------------------
def _col(df: pd.DataFrame, name: str) -> pd.Series | None:
    return df[name] if name in df.columns else None


def _numeric(s: pd.Series | None, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Floats, a not-a-number mask, and decimals parsed from text (-1 when not from text)."""
    dec = np.full(n, -1, dtype=np.int64)
    if s is None:
        return np.full(n, np.nan), np.zeros(n, dtype=bool), dec
    if pd.api.types.is_bool_dtype(s.dtype):
        return np.full(n, np.nan), s.notna().to_numpy(), dec
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.to_numpy(dtype=np.float64, na_value=np.nan).copy(), np.zeros(n, dtype=bool), dec
    conv = pd.to_numeric(s, errors="coerce")
    arr = conv.to_numpy(dtype=np.float64, na_value=np.nan).copy()
    failed = (s.notna() & conv.isna()).to_numpy().copy()
    text = s.astype("str").to_numpy(dtype=object)
    # numbers written as text keep their decimals ("12.0" -> 1)
    plain = s.notna().to_numpy() & ~failed
    if plain.any():
        t = pd.Series(text[plain], dtype="str").str.strip()
        pos = t.str.find(".")
        dec[plain] = np.where(pos.to_numpy() >= 0, t.str.len().to_numpy() - pos.to_numpy() - 1, 0)
    for i in np.flatnonzero(failed):  # "11.3%", "1.07万", full-width digits: rare, read one by one
        try:
            p = parse_number(text[i])
        except ValueError:
            continue
        arr[i] = float(p.value)
        dec[i] = p.decimals if p.multiplier == 1 else 0
        failed[i] = False
    return arr, failed, dec


def _flags(s: pd.Series | None, n: int) -> np.ndarray:
    if s is None:
        return np.zeros(n, dtype=bool)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.fillna(False).to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(s.dtype):
        return (s.fillna(0).to_numpy(dtype=np.float64) != 0)
    codes, uniques = pd.factorize(s.astype("str").str.strip().str.lower())
    truth = np.array([u in ("true", "1", "yes", "y", "t", "是", "约", "approximate") for u in uniques] + [False])
    return truth[codes]


def _map_codes(s: pd.Series | None, n: int, mapping: dict[str, int], missing: int) -> tuple[np.ndarray, np.ndarray]:
    """Map text to integer codes through ``mapping``; returns codes and a mask of unknown words."""
    if s is None:
        return np.full(n, missing, dtype=np.int64), np.zeros(n, dtype=bool)
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow" and n:
        # the usual case: every cell is missing or exactly one of the words; one hash lookup per cell in pyarrow,
        # the other cells (spaces, capitals, unknown words) go through the general path below
        import pyarrow as pa
        import pyarrow.compute as pc

        words = [k for k in mapping if k == k.strip().lower()]
        arr = s.array._pa_array  # read-only use of the arrow data
        at = pc.index_in(arr, value_set=pa.array(words, type=arr.type))
        pos = pc.fill_null(at, -1).to_numpy()
        lut = np.array([mapping[k] for k in words] + [missing], dtype=np.int64)
        out = lut[pos]
        unknown = np.zeros(n, dtype=bool)
        rest = np.flatnonzero(pc.and_(pc.is_null(at), pc.is_valid(arr)).to_numpy(zero_copy_only=False))
        if len(rest):
            out[rest], unknown[rest] = _map_codes(s.iloc[rest].astype(object), len(rest), mapping, missing)
        return out, unknown
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    lut = np.empty(len(uniques) + 1, dtype=np.int64)
    unknown = np.zeros(len(uniques) + 1, dtype=bool)
    for j, u in enumerate(uniques):
        key = str(u).strip().lower()
        if key in mapping:
            lut[j] = mapping[key]
        elif key in ("", "nan", "none", "<na>"):
            lut[j] = missing
        else:
            lut[j] = missing
            unknown[j] = True
    lut[-1] = missing
    return lut[codes], unknown[codes]


def _decimals(s: pd.Series | None, values: np.ndarray, from_text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Decimals as given, else as written in text, else inferred from the float."""
    n = len(values)
    capped = False  # every decimals value is known to be at most 9
    if s is not None and isinstance(s.dtype, np.dtype) and s.dtype.kind == "i":  # whole numbers, none missing
        num = s.to_numpy()
        bad = (num < 0) | (num > 9)
        capped = not bad.any()
        out = num.astype(np.int64) if capped else np.where(bad, -1, num).astype(np.int64)  # (a copy either way)
    else:
        given = np.full(n, -1.0)
        bad = np.zeros(n, dtype=bool)
        if s is not None:
            num = (s.to_numpy(dtype=np.float64, na_value=np.nan) if pd.api.types.is_numeric_dtype(s.dtype)
                   and not pd.api.types.is_bool_dtype(s.dtype)
                   else pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan))
            bad = (s.notna().to_numpy() & np.isnan(num)) | (np.isfinite(num) & ((num < 0) | (num > 9) |
                                                                                 (num != np.floor(num))))
            given = np.where(np.isfinite(num) & ~bad, num, -1.0)
        out = given.astype(np.int64)
    if capped:  # given for every row: nothing to take from the text or to infer
        return out, bad
    if len(from_text) and from_text.max() >= 0:
        use_text = (out < 0) & (from_text >= 0)
        out[use_text] = from_text[use_text]
    need = (out < 0)
    if need.any():
        out[need] = infer_decimals(np.where(np.isfinite(values[need]), values[need], 0.0))
    return np.minimum(out, 9), bad


def _trailing_zeros(v: np.ndarray) -> np.ndarray:
    """Trailing zeros of whole numbers (0 for 0): the unit of an approximate count."""
    a = np.abs(np.where(np.isfinite(v), v, 0.0))
    out = np.zeros(a.shape, dtype=np.int64)
    for k in range(1, 16):
        m = 10.0**k
        hit = (a > 0) & (np.fmod(a, m) == 0) & (out == k - 1)
        if not hit.any():
            break
        out[hit] = k
    return out


@dataclass
class _Claims:
    n: int
    claim_id: Any
    kind: np.ndarray
    value: np.ndarray
    base: np.ndarray
    pct: np.ndarray
    absch: np.ndarray
    vd: np.ndarray
    bd: np.ndarray
    bd_given: np.ndarray
    pdec: np.ndarray
    ad: np.ndarray
    v_approx: np.ndarray
    p_approx: np.ndarray
    sign: np.ndarray
    dir_given: np.ndarray
    unit_pp: np.ndarray
    rule: np.ndarray
    is_pct: np.ndarray
    bad: np.ndarray
    base_source: np.ndarray
    text: dict[str, pd.Series | None] = field(default_factory=dict)
    group: np.ndarray | None = None
    contradiction: np.ndarray | None = None
    b_approx: np.ndarray | None = None  # base marked approximate (a figure from data given in 万 / 约)


def _read(df: pd.DataFrame, rounding: str) -> _Claims:
    n = len(df)
    bad = np.zeros(n, dtype=np.int64)

    def flag(mask: np.ndarray, reason: str) -> None:
        if mask.any():
            np.copyto(bad, _bad_code(reason), where=mask & (bad == 0))

    if "kind" not in df.columns:
        raise ParameterError("the claims frame has no 'kind' column (change, sum, share or level); "
                             "build it with safetystats.extract_claims or add the column")
    cid = _col(df, "claim_id")
    claim_id: Any = (cid if isinstance(cid.dtype, pd.StringDtype) else cid.astype("str")) if cid is not None \
        else np.array([f"claim{i + 1}" for i in range(n)], dtype=object)
    kind, kind_bad = _map_codes(df["kind"], n, _KINDS, -1)
    flag(kind_bad | (kind < 0), "kind must be change, sum, share or level")
    kind = np.where(kind < 0, 3, kind)  # shown as given; the row is unverifiable anyway

    value, v_nan, v_dec = _numeric(_col(df, "value"), n)
    base, b_nan, b_dec = _numeric(_col(df, "base_value"), n)
    pct, p_nan, p_dec = _numeric(_col(df, "reported_pct"), n)
    absch, a_nan, a_dec = _numeric(_col(df, "abs_change"), n)
    vd, vbad = _decimals(_col(df, "value_decimals"), value, v_dec)
    bd, bbad = _decimals(_col(df, "base_decimals"), base, b_dec)
    pdec, pbad = _decimals(_col(df, "pct_decimals"), pct, p_dec)
    ad, abad = _decimals(_col(df, "abs_change_decimals"), absch, a_dec)
    bd_col = _col(df, "base_decimals")
    bd_given = (bd_col.notna().to_numpy() if bd_col is not None else np.zeros(n, dtype=bool)) | (b_dec >= 0)
    v_approx = _flags(_col(df, "value_approximate"), n)
    p_approx = _flags(_col(df, "parts_approximate"), n)

    words = {k.lower(): _DIR[v] for k, v in DIRECTION_WORDS.items()}
    dcode, d_bad = _map_codes(_col(df, "direction"), n, words, 9)
    unit_code, u_bad = _map_codes(_col(df, "pct_unit"), n, _UNITS, 0)
    rules = {r: RULE_CODES[r] for r in RULE_CODES}
    rules.update({k: RULE_CODES[check_rule(k)] for k in ("四舍五入", "half-up", "half-even", "truncate", "进一")})
    default_rule = RULE_CODES[check_rule(rounding)]
    rule, r_bad = _map_codes(_col(df, "rounding"), n, rules, default_rule)

    # direction and sign
    has_pct = ~np.isnan(pct)
    has_abs = ~np.isnan(absch)
    dir_given = dcode != 9
    sign = dcode.copy()
    nd = np.flatnonzero(~dir_given)  # no direction word: the sign of the percentage, else of the change
    if len(nd):
        p_nd, a_nd = pct[nd], absch[nd]
        hp = ~np.isnan(p_nd)
        psign = np.sign(np.where(hp, p_nd, 0.0)).astype(np.int64)
        asign = np.sign(np.where(~np.isnan(a_nd), a_nd, 0.0)).astype(np.int64)
        sign[nd] = np.where(hp, psign, asign)
    dec_bad = vbad | bbad | pbad | abad

    # the reasons a row cannot be checked, the first that applies (cache-sized pieces: small temporaries)
    for a in range(0, n, _PIECE):
        sl = slice(a, a + _PIECE)
        bad_sl = bad[sl]  # a view: flags write through
        kind_s, value_s, base_s, pct_s, absch_s, sign_s = kind[sl], value[sl], base[sl], pct[sl], absch[sl], sign[sl]
        is_change = kind_s == 0
        is_share = kind_s == 2
        change_or_share = is_change | is_share
        needs_value = change_or_share | (kind_s == 1)  # which rows need which numbers

        def flag_sl(mask: np.ndarray, reason: str, bad_sl: np.ndarray = bad_sl) -> None:
            if mask.any():
                np.copyto(bad_sl, _bad_code(reason), where=mask & (bad_sl == 0))

        v_nan_s = v_nan[sl]
        flag_sl(needs_value & v_nan_s, "value is not a number")
        flag_sl(needs_value & np.isnan(value_s) & ~v_nan_s, "value is missing")
        flag_sl(needs_value & np.isinf(value_s), "value is not finite")
        flag_sl(needs_value & (value_s < 0), "value is negative: counts and rates cannot be negative")
        flag_sl(change_or_share & b_nan[sl], "base_value is not a number")
        flag_sl(change_or_share & (base_s < 0), "base_value is negative: counts and rates cannot be negative")
        flag_sl(change_or_share & np.isinf(base_s), "base_value is not a number")
        flag_sl(change_or_share & p_nan[sl], "reported_pct is not a number")
        flag_sl(is_change & a_nan[sl], "abs_change is not a number")
        flag_sl(needs_value & dec_bad[sl], "a decimals column holds something other than a whole number 0-9")
        for x, dx in ((value_s, vd[sl]), (base_s, bd[sl]), (pct_s, pdec[sl]), (absch_s, ad[sl])):
            # |rint(s) - s| > 1e-6 max(1, s) for s = |x| 10**dx (NaN and inf compare False)
            scaled = np.abs(x)
            scaled *= _P10F[dx[0]] if len(dx) and dx.min() == dx.max() else _P10F[dx]
            err = np.rint(scaled)
            err -= scaled
            np.abs(err, out=err)
            tol = np.maximum(scaled, 1.0)
            tol *= 1e-6
            flag_sl(needs_value & (err > tol), "a value has more decimals than its decimals column says")
        flag_sl(is_change & d_bad[sl], "direction must be decrease, increase or flat (下降/上升/持平)")
        flag_sl(change_or_share & u_bad[sl], "pct_unit must be percent or pp")
        flag_sl(needs_value & r_bad[sl], "rounding must be half_up, half_even, down, up or any")
        dcode_s, hp_s, ha_s = dcode[sl], has_pct[sl], has_abs[sl]
        up = is_change & dir_given[sl] & (dcode_s > 0)
        flat = is_change & dir_given[sl] & (dcode_s == 0)
        flag_sl(up & hp_s & (pct_s < 0), "reported_pct is negative but direction is increase")
        flag_sl(up & ha_s & (absch_s < 0), "abs_change is negative but direction is increase")
        flag_sl(flat & hp_s & (pct_s != 0), "direction is flat but reported_pct is not 0")
        flag_sl(flat & ha_s & (absch_s != 0), "direction is flat but abs_change is not 0")
        flag_sl(is_change & (unit_code[sl] == 0) & (sign_s < 0) & (np.abs(pct_s) > 100),
             "a decline of more than 100% is impossible")
        flag_sl(is_share & np.isnan(base_s) & ~hp_s, "the whole (base_value) of a share is missing")
        flag_sl(is_share & (base_s == 0), "the whole (base_value) of a share is 0")
    pct = np.abs(pct)
    absch = np.abs(absch)
    is_change = kind == 0
    is_share = kind == 2

    # the base: given, from an absolute change, or looked up among the other claims
    has_base = ~np.isnan(base)
    base_source = (is_change & has_base).astype(np.int64)  # codes into _SOURCES: 1 given
    from_abs = is_change & ~has_base & has_abs
    fa = np.flatnonzero(from_abs)
    if len(fa):  # (base and bd are this function's own arrays)
        base[fa] = value[fa] - sign[fa] * absch[fa]
        bd[fa] = np.maximum(vd[fa], ad[fa])
        base_source[fa] = 2
    lookup = is_change & ~has_base & ~has_abs & (bad == 0)
    if lookup.any():
        _base_from_claims(df, value, vd, lookup, base, bd, base_source)
    has_base = ~np.isnan(base)
    flag(is_change & has_base & (base == 0) & (unit_code == 0), "the base is 0: a percentage change from zero is undefined")
    contradiction = from_abs & (base < 0) & (bad == 0)  # "0, up by 1": the figures contradict each other
    flag(is_change & ~has_pct & ~has_abs & ~dir_given, "there is no percentage or absolute change to check")
    flag(is_change & ~has_pct & ~has_abs & dir_given & ~has_base,
         "the base is unknown: only the direction is given, nothing to compare")
    flag(is_share & ~has_pct, "there is no percentage or absolute change to check")

    # which values are percentages (for the percentage-points verdict)
    is_pct = np.zeros(n, dtype=bool)
    unit = _col(df, "unit")
    if unit is not None:
        codes, uniques = pd.factorize(unit)
        lut = np.array([str(u).strip().lower() in _PCT_UNITS for u in uniques] + [False])
        is_pct |= lut[codes]
    metric = _col(df, "metric")
    if metric is not None:
        codes, uniques = pd.factorize(metric)
        lut = np.array([bool(_PCT_WORDS.search(str(u))) for u in uniques] + [False])
        is_pct |= lut[codes] & (value >= 0) & (value <= 100) & (np.isnan(base) | ((base >= 0) & (base <= 100)))
    is_pct &= ~(kind == 1)

    text = {k: _col(df, k) for k in ("metric", "metric_key", "region", "period", "base_period", "parts")}
    group = None
    for key in ("source_text", "line"):
        s = _col(df, key)
        if s is not None and s.notna().any():
            src = _col(df, "source")
            keys = [s] if src is None else [src.astype("str"), s]
            g = pd.MultiIndex.from_arrays(keys).factorize()[0] if len(keys) > 1 else pd.factorize(s)[0]
            group = np.where(s.isna().to_numpy(), -1, g)
            break
    return _Claims(n, claim_id, kind, value, base, pct, absch, vd, bd, bd_given, pdec, ad, v_approx, p_approx,
                   sign, dir_given, unit_code == 1, rule, is_pct, bad, base_source, text, group,
                   contradiction, _flags(_col(df, "base_approximate"), n))


def _base_from_claims(df: pd.DataFrame, value: np.ndarray, vd: np.ndarray, need: np.ndarray, base: np.ndarray,
                      bd: np.ndarray, base_source: np.ndarray) -> None:
    """Fill the base of a change from another claim (same metric, region and source) for the base period."""
    from .periods import same_period_last_year

    period = _col(df, "period")
    if period is None or not period.notna().any():
        return
    mkey = _col(df, "metric_key")
    metric = _col(df, "metric")
    if mkey is None and metric is None:
        return
    m = mkey if mkey is not None else metric
    if mkey is not None and metric is not None:
        m = mkey.where(mkey.notna(), metric)
    def text(col: pd.Series | None) -> np.ndarray:
        if col is None:
            return np.full(len(df), None, dtype=object)
        out = col.astype("str").to_numpy(dtype=object, na_value=None)
        return np.where(pd.isna(out), None, out)

    region = _col(df, "region")
    reg = text(region)
    reg = np.where(reg == None, "", reg)  # noqa: E711 - an element-wise test for missing regions
    src = text(_col(df, "source"))  # a base is only taken from the same document
    reg = np.array([f"{a}\x1f{b}" for a, b in zip(reg, np.where(src == None, "", src), strict=True)],  # noqa: E711
                   dtype=object) if (src != None).any() else reg  # noqa: E711
    per = text(period)
    names = text(m)
    target = text(_col(df, "base_period"))
    missing = (target == None) & need  # noqa: E711
    if missing.any():
        shift: dict[str, str | None] = {}
        for u in set(per[missing]) - {None}:
            try:
                shift[u] = same_period_last_year(u).label
            except Exception:  # a period we cannot read has no base period
                shift[u] = None
        target = target.copy()
        target[missing] = [shift.get(x) if x is not None else None for x in per[missing]]
    wanted = need & (target != None) & (names != None)  # noqa: E711
    if not wanted.any() or not set(target[wanted]) & set(per[per != None]):  # noqa: E711
        return
    ok = ~np.isnan(value) & (names != None) & (per != None)  # noqa: E711
    cand = pd.DataFrame({"m": names[ok], "r": reg[ok], "p": per[ok], "v": value[ok], "d": vd[ok],
                         "i": np.flatnonzero(ok)}).drop_duplicates(["m", "r", "p"], keep=False)
    want = pd.DataFrame({"m": names[wanted], "r": reg[wanted], "p": target[wanted], "j": np.flatnonzero(wanted)})
    hit = want.merge(cand, on=["m", "r", "p"], how="inner")
    hit = hit[hit["i"] != hit["j"]]
    j = hit["j"].to_numpy()
    base[j] = hit["v"].to_numpy()
    bd[j] = hit["d"].to_numpy()
    base_source[j] = 3


# ---------------------------------------------------------------------------
# The vectorised check of changes and shares
# ---------------------------------------------------------------------------


def _select_int(cond: np.ndarray, a: Any, b: Any) -> np.ndarray:
    """``np.where(cond, a, b)`` for int64 values without branches (np.where is slow on a random mask)."""
    if isinstance(a, np.ndarray) and a.dtype == object or isinstance(b, np.ndarray) and b.dtype == object:
        return np.where(cond, a, b)
    return b + (np.asarray(a, dtype=np.int64) - b) * cond


def _select_float(cond: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.where(cond, a, b)`` for float64 arrays, bit for bit, without branches."""
    m = -cond.astype(np.int64)
    return ((a.view(np.int64) & m) | (b.view(np.int64) & ~m)).view(np.float64)


def _negate_where(cond: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``np.where(cond, -x, x)`` for float64 (the sign bit flipped where ``cond``, NaN included)."""
    return (x.view(np.uint64) ^ (cond.astype(np.uint64) << np.uint64(63))).view(np.float64)


def _pow10(e: np.ndarray, big: bool) -> Any:
    """``10 ** e`` element-wise (a plain int when ``e`` is constant, the common case)."""
    if len(e) and e.min() == e.max():
        return 10 ** int(e[0])
    return _P10_OBJ[e] if big else _P10[e]




def _pow10f(e: np.ndarray) -> Any:
    if len(e) and e.min() == e.max():
        return float(10 ** int(e[0]))
    return _P10F[e]


#: Per-row arrays of a :class:`_Block` (what :meth:`_Block.subset` gathers).
_ROW_FIELDS = ("G", "p10", "Dh", "c", "hc", "b", "hb", "ha", "U", "hg", "gd", "pdec", "has_pct", "P", "sign",
               "rule", "mode", "a", "c_lo", "c_hi", "b_lo", "b_hi", "count_c", "count_b", "known")


class _Block:
    """Scaled integer arrays of the rows of one block (int64, or object when ``big``)."""

    def __init__(self, C: _Claims, idx: Any, big: bool) -> None:
        self.big = big
        dt = object if big else np.int64

        def ints(x: np.ndarray) -> np.ndarray:
            r = np.rint(x).astype(np.int64)
            return r.astype(object) if big else r

        vd, bd, ad, pdec = C.vd[idx], C.bd[idx], C.ad[idx], C.pdec[idx]
        value, base, absch = C.value[idx], C.base[idx], C.absch[idx]
        v_approx = C.v_approx[idx]
        self.known = known = ~np.isnan(base)
        n = len(vd)

        def full(v: Any) -> np.ndarray:  # scalars broadcast to arrays: rows are selected later
            return v if isinstance(v, np.ndarray) else np.full(n, v, dtype=dt)

        def where0(cond: np.ndarray, x: Any) -> np.ndarray:
            if not cond.any():
                return np.zeros(n, dtype=dt)
            return np.where(cond, x, 0).astype(dt, copy=False)

        # grid of the implied base: its decimals if given, else those of a rounded value, else whole numbers
        rounded_c = (vd > 0) & ~v_approx
        gd = _select_int(C.bd_given[idx], bd, vd * rounded_c)
        bd_eff = _select_int(known, bd, gd)
        E = np.maximum(np.maximum(vd, bd_eff), np.maximum(ad, gd))
        self.G = full(2 * _pow10(E, big))
        p10 = _pow10(pdec, big)
        self.p10 = full(p10)
        self.Dh = full(2 * p10)
        # values in units of 10**-E / 2; f_x = 10**(E - decimals of x) is one written unit of x in 10**-E
        f_c = _pow10(E - vd, big)
        self.c = ints(value * _pow10f(vd)) * (2 * f_c)
        if v_approx.any():
            zc = _trailing_zeros(np.rint(value))
            approx_exp = np.where(vd > 0, -vd, zc)
            hc_approx = 2 * _pow10(np.maximum(E + approx_exp, 0), big)
            self.hc = np.where(v_approx, hc_approx, np.where(vd > 0, f_c, 0))
        else:
            self.hc = where0(vd > 0, f_c)
        f_b = _pow10(E - bd_eff, big)
        base0 = _select_float(known, base, np.zeros(n))  # missing bases as 0
        self.b = ints(base0 * _pow10f(bd_eff)) * (2 * f_b)
        from_abs = C.base_source[idx] == 2
        any_from_abs = from_abs.any()
        hb = where0(known & ~from_abs & (bd > 0), f_b)
        b_approx = known & ~from_abs & (C.b_approx[idx] if C.b_approx is not None else False)
        if np.any(b_approx):  # an approximate base (1.96万, 约 …) stands for one unit of its last digit either way
            zb = _trailing_zeros(np.rint(base0))
            hb_approx = 2 * _pow10(np.maximum(E + np.where(bd_eff > 0, -bd_eff, zb), 0), big)
            hb = np.where(b_approx, hb_approx, hb)
        f_a = _pow10(E - ad, big)
        self.ha = ha = where0(ad > 0, f_a)
        self.hb = _select_int(from_abs, self.hc + ha, hb) if any_from_abs else hb
        f_g = _pow10(E - gd, big)
        self.U = full(2 * f_g)
        self.hg = where0(gd > 0, f_g)
        self.gd = gd
        self.pdec = pdec
        pct = C.pct[idx]
        self.has_pct = has_pct = ~np.isnan(pct)
        self.P = ints((pct if has_pct.all() else np.where(has_pct, pct, 0.0)) * _pow10f(pdec))
        self.sign = C.sign[idx].astype(object) if big else C.sign[idx]
        self.rule = C.rule[idx]
        share = C.kind[idx] == 2
        pp = C.unit_pp[idx]
        self.mode = np.where(share, 1, np.where(pp, 2, 0)) if pp.any() else share.astype(np.int64)
        has_abs = ~np.isnan(absch)
        self.a = (ints(_select_float(has_abs, absch, np.zeros(n)) * _pow10f(ad)) * (2 * f_a) if has_abs.any()
                  else np.zeros(n, dtype=dt))
        self.c_lo, self.c_hi = (self.c, self.c) if not self.hc.any() else (self.c - self.hc, self.c + self.hc)
        self.b_lo, self.b_hi = (self.b, self.b) if not self.hb.any() else (self.b - self.hb, self.b + self.hb)
        # exactness flags
        self.count_c = (vd == 0) & ~v_approx & (value == np.floor(value))
        self.count_b = known & (bd == 0) & (self.hb == 0)
        self._constants()

    def _constants(self) -> None:
        """Facts true of every row, which let the kernels skip per-row selections."""
        r = self.rule
        self.rule1: int | None = int(r[0]) if len(r) and r.min() == r.max() else None
        self.any_pp = bool((self.mode == 2).any())

    def subset(self, sel: np.ndarray) -> _Block:
        """The rows ``sel`` as a block of their own (each per-row array gathered once, when first used)."""
        return _SubBlock(self, sel)

    def _pick(self, arr: np.ndarray, sel: Any) -> np.ndarray:
        return arr if sel is None else arr[sel]

    def implied(self, sel: Any = None, *, P: Any = None, sign: Any = None, rule: Any = None, mode: Any = None,
                c: tuple[np.ndarray, np.ndarray] | None = None, Dh: Any = None) -> tuple[np.ndarray, ...]:
        """Implied base grid range ``k_min, k_max, unbounded, empty`` of rows ``sel`` (None = all)."""
        return self._run(sel, P, sign, rule, mode, c, None, None, Dh, want_box=False)

    def fits(self, sel: Any = None, *, P: Any = None, sign: Any = None, rule: Any = None, mode: Any = None,
             c: tuple[np.ndarray, np.ndarray] | None = None, b: tuple[np.ndarray, np.ndarray] | None = None,
             known: Any = None, Dh: Any = None) -> np.ndarray:
        """Whether rows ``sel`` are consistent: the given base fits, or (base unknown) some base exists."""
        return self._run(sel, P, sign, rule, mode, c, b, known, Dh, want_box=True)

    def _run(self, sel: Any, P: Any, sign: Any, rule: Any, mode: Any, c: Any, b: Any, known: Any, Dh: Any,
             want_box: bool) -> Any:
        pick = self._pick
        P = pick(self.P, sel) if P is None else P
        sign = pick(self.sign, sel) if sign is None else sign
        if rule is None:  # one rule for every row: the kernels take it as a scalar
            rule = self.rule1 if self.rule1 is not None else pick(self.rule, sel)
        any_pp = self.any_pp if mode is None else None
        mode = pick(self.mode, sel) if mode is None else mode
        Dh = pick(self.Dh, sel) if Dh is None else Dh
        c_lo, c_hi = (pick(self.c_lo, sel), pick(self.c_hi, sel)) if c is None else c
        s_lo, s_hi, slc, shc = _target(P, sign, rule)
        if want_box:
            known = pick(self.known, sel) if known is None else known
            b_lo, b_hi = (pick(self.b_lo, sel), pick(self.b_hi, sel)) if b is None else b
        else:
            known = b_lo = b_hi = None
        U, hg = pick(self.U, sel), pick(self.hg, sel)
        if any_pp is None or any_pp:
            is_pp = mode == 2
            if is_pp.any():
                return self._run_modes(mode, Dh, s_lo, s_hi, slc, shc, c_lo, c_hi, pick(self.G, sel), U, hg,
                                       known, b_lo, b_hi, want_box)
        # percent changes (mode 0) and shares (mode 1) differ only by the offset 100 Dh: one pass
        pct_mode = mode == 0
        top = 100 * Dh
        off = top if pct_mode.all() else (top * pct_mode if not self.big else np.where(pct_mode, top, 0)) \
            if pct_mode.any() else 0
        t_lo, t_hi = s_lo + off, s_hi + off
        if not want_box:
            return _ratio_implied(c_lo, c_hi, t_lo, t_hi, slc, shc, Dh, U, hg, 1)
        if known.all():
            return _ratio_box(c_lo, c_hi, b_lo, b_hi, t_lo, t_hi, slc, shc, Dh)
        if not known.any():
            return ~_ratio_implied(c_lo, c_hi, t_lo, t_hi, slc, shc, Dh, U, hg, 1)[3]
        kn, un = np.flatnonzero(known), np.flatnonzero(~known)
        ok = np.empty(len(known), dtype=bool)
        ok[kn] = _ratio_box(c_lo[kn], c_hi[kn], b_lo[kn], b_hi[kn], t_lo[kn], t_hi[kn], slc[kn], shc[kn], Dh[kn])
        ok[un] = ~_ratio_implied(c_lo[un], c_hi[un], t_lo[un], t_hi[un], slc[un], shc[un], Dh[un], U[un], hg[un],
                                 1)[3]
        return ok

    def _run_modes(self, mode: np.ndarray, Dh: Any, s_lo: Any, s_hi: Any, slc: Any, shc: Any, c_lo: Any,
                   c_hi: Any, G: Any, U: Any, hg: Any, known: Any, b_lo: Any, b_hi: Any, want_box: bool) -> Any:
        """:meth:`_run` when some rows are percentage points: each mode on its own rows."""
        m = len(mode)
        if want_box:
            ok = np.zeros(m, dtype=bool)
        else:
            k_min = np.zeros(m, dtype=object if self.big else np.int64)
            k_max = k_min.copy()
            unb = np.zeros(m, dtype=bool)
            empty = np.ones(m, dtype=bool)
        for mm in (0, 1, 2):
            w: Any = mode == mm
            if not w.any():
                continue
            if w.all():
                w = slice(None)
            if mm < 2:
                off = 100 * Dh[w] if mm == 0 else 0
                t_lo, t_hi = s_lo[w] + off, s_hi[w] + off
                if want_box:
                    kn = known[w]
                    box = np.zeros(len(t_lo), dtype=bool)
                    if kn.any():
                        box = kn & _ratio_box(c_lo[w], c_hi[w], b_lo[w], np.where(kn, b_hi[w], 1), t_lo, t_hi,
                                              slc[w], shc[w], Dh[w])
                    if not kn.all():
                        kk = _ratio_implied(c_lo[w], c_hi[w], t_lo, t_hi, slc[w], shc[w], Dh[w], U[w], hg[w], 1)
                        box = np.where(kn, box, ~kk[3])
                    ok[w] = box
                else:
                    kk = _ratio_implied(c_lo[w], c_hi[w], t_lo, t_hi, slc[w], shc[w], Dh[w], U[w], hg[w], 1)
                    k_min[w], k_max[w], unb[w], empty[w] = kk
            else:
                args = (c_lo[w], c_hi[w], s_lo[w], s_hi[w], slc[w], shc[w])
                if want_box:
                    kn = known[w]
                    box = kn & _diff_box(c_lo[w], c_hi[w], b_lo[w], b_hi[w], s_lo[w], s_hi[w], slc[w], shc[w],
                                         Dh[w], G[w])
                    if not kn.all():
                        kk = _diff_implied(*args, Dh[w], G[w], U[w], hg[w], 0)
                        box = np.where(kn, box, ~kk[3])
                    ok[w] = box
                else:
                    k_min[w], k_max[w], unb[w], empty[w] = _diff_implied(*args, Dh[w], G[w], U[w], hg[w], 0)
        if want_box:
            return ok
        return k_min, k_max, unb, empty


_ALIASES = {name: group for group in (("c", "c_lo", "c_hi"), ("b", "b_lo", "b_hi")) for name in group}


class _SubBlock(_Block):
    """Some rows of a block; a per-row array is taken from the parent on first use."""

    def __init__(self, parent: _Block, sel: np.ndarray) -> None:
        self._parent = parent
        self._sel = sel
        self.big = parent.big
        self._constants()

    def __getattr__(self, name: str) -> Any:
        if name not in _ROW_FIELDS:
            raise AttributeError(name)
        whole = getattr(self._parent, name)
        arr = whole[self._sel]
        for other in _ALIASES.get(name, (name,)):  # c_lo, c_hi and c are often one array: gather it once
            if getattr(self._parent, other) is whole:
                setattr(self, other, arr)
        return arr


def _digit_swaps(v: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """All single adjacent-digit transpositions of whole numbers: list of (valid mask, swapped values)."""
    out: list[tuple[np.ndarray, np.ndarray]] = []
    vv = np.asarray(v)
    if vv.size == 0:
        return out
    ndig = len(str(int(np.max(vv))))
    big = vv.dtype == object
    for i in range(ndig - 1):
        p_i = 10**i
        d_i = (vv // p_i) % 10
        d_j = (vv // (p_i * 10)) % 10
        swapped = vv + (d_j - d_i) * p_i + (d_i - d_j) * p_i * 10
        # a swap that makes the leading digit 0 changes how the number is written: not a transposition
        lead = vv < p_i * 100
        valid = (d_i != d_j) & (vv >= p_i * 10) & ~(lead & (d_i == 0))
        out.append((valid, swapped if big else swapped.astype(np.int64)))
    return out


def _exact_rules(X: _Block, ex: Any) -> tuple[np.ndarray, ...]:
    """For exact values with a given base: rule bits, recomputed figure (scaled, row rule) and ties.

    One exact division ``q, r = divmod(|num|, den)`` gives the rounded
    magnitude under every rule: half_up ``q + (2r >= den)``, half_even
    ``q + (2r > den or (2r == den and q odd))``, down ``q``, up ``q + (r > 0)``.
    ``ex`` selects the rows (an index array, or a slice for all of them).
    """
    c, b, P, sign = X.c[ex], X.b[ex], X.P[ex], X.sign[ex]
    mode = X.mode[ex]
    p10 = X.p10[ex]
    if (mode == 0).all():
        num = 100 * p10 * (c - b)
        den = b
    else:
        num = np.where(mode == 0, 100 * p10 * (c - b), np.where(mode == 1, 100 * p10 * c, p10 * (c - b)))
        den = np.where(mode == 2, X.G[ex], b)
    neg = num < 0
    mag = np.abs(num)
    q = mag // den
    r = mag - q * den
    twice = 2 * r
    up_half = twice >= den
    even_up = (twice > den) | ((twice == den) & (q & 1 == 1))  # q & 1 is q % 2, also below 0
    r_pos = r > 0
    d = P - q  # the reported magnitude is q + d; a rule reproduces it when it adds exactly d
    if X.big:
        actual = np.where(neg, -1, np.where(num > 0, 1, 0))
    else:
        actual = np.sign(num)
    same_sign = (P == 0) | (actual == sign)
    bits = (d == up_half) | ((d == even_up) << 1) | ((d == 0) << 2) | ((d == r_pos) << 3)
    bits = bits * same_sign
    rule: Any = X.rule1 if X.rule1 is not None else X.rule[ex]
    if np.ndim(rule) == 0:
        chosen = q + (even_up if rule == 1 else False if rule == 2 else r_pos if rule == 3 else up_half)
    else:
        chosen = np.select([rule == 1, rule == 2, rule == 3], [q + even_up, q, q + r_pos], q + up_half)
    rec = np.where(neg, -chosen, chosen) if X.big else chosen * (1 - 2 * neg.astype(np.int64))
    tie = (twice == den) & r_pos
    return bits, rec, tie, num, den


def _check_ratio_rows(C: _Claims, idx: Any, big: bool, R: dict[str, Any]) -> None:
    """Changes (percent and percentage points) and shares: verdicts, implied bases, causes, p-values."""
    X = _Block(C, idx, big)
    m = len(X.c)
    has_pct = X.has_pct
    known = X.known
    rule = X.rule
    bits = np.zeros(m, dtype=np.int64)
    rec = np.full(m, np.nan)
    exact_pct = np.full(m, np.nan)
    tie = np.zeros(m, dtype=bool)

    # 1. exact values with a given base: one exact division decides every rule
    exact = known & has_pct & (X.hc == 0) & (X.hb == 0) & ((X.b > 0) | (X.mode == 2))
    ex = np.flatnonzero(exact)
    if len(ex):
        b_ex, q_ex, tie_ex, num, den = _exact_rules(X, ex)
        bits[ex] = b_ex
        p10f = _pow10f(X.pdec[ex])
        rec[ex] = q_ex.astype(np.float64) / p10f
        tie[ex] = tie_ex
        exact_pct[ex] = num.astype(np.float64) / den.astype(np.float64) / p10f
    # 2. rounded or approximate values with a given base: interval arithmetic, rule by rule
    fuzzy = np.flatnonzero(known & has_pct & ~exact)
    if len(fuzzy):
        F = X.subset(fuzzy)
        fb = np.zeros(len(fuzzy), dtype=np.int64)
        for r in range(4):
            fb |= F.fits(rule=r).astype(np.int64) << r
        bits[fuzzy] |= fb
        shown = np.flatnonzero((F.b > 0) | (F.mode == 2))
        if len(shown):  # the figure a naive checker computes from the published (rounded) values
            _, q_f, _, num, den = _exact_rules(F, shown)
            p10f = _pow10f(F.pdec[shown])
            rec[fuzzy[shown]] = q_f.astype(np.float64) / p10f
            exact_pct[fuzzy[shown]] = num.astype(np.float64) / den.astype(np.float64) / p10f
    # 3. the implied base under the row's rule (every row with a percentage)
    k_min, k_max, unb, empty = X.implied()
    unknown = np.flatnonzero(~known & has_pct)
    if len(unknown):
        # the rules that reproduce the figure: some base exists under the rule
        K = X if len(unknown) == m else X.subset(unknown)
        ub = np.zeros(len(unknown), dtype=np.int64)
        for r in range(4):
            if K.rule1 == r:  # the rule of every row: already computed
                ok_r = ~(empty if K is X else empty[unknown])
            else:
                ok_r = ~K.implied(rule=r)[3]
            ub |= ok_r.astype(np.int64) << r
        bits[unknown] |= ub
    if X.rule1 is not None:
        ok = bits > 0 if X.rule1 == 4 else (bits >> X.rule1) & 1 == 1
    else:
        ok = np.where(rule == 4, bits > 0, (bits >> np.minimum(rule, 3)) & 1 == 1)

    # a change with no percentage: the direction alone, or an absolute change alone
    dir_only = ~has_pct
    any_dir_only = dir_only.any()
    if any_dir_only:
        diff_lo = X.c_lo - X.b_hi
        diff_hi = X.c_hi - X.b_lo
        s = X.sign
        fits = np.where(s < 0, diff_lo < 0, np.where(s > 0, diff_hi > 0, (diff_lo <= 0) & (diff_hi >= 0)))
        ok = np.where(dir_only, fits, ok)
        empty = np.where(dir_only, True, empty)
    # implied base on its grid, as floats (inf when unbounded)
    scale = _pow10f(X.gd)
    kmin_f = k_min.astype(np.float64) / scale
    kmax_f = k_max.astype(np.float64) / scale
    if unb.any():
        kmax_f = np.where(unb, np.inf, kmax_f)
    gone = empty
    R["implied_base_min"][idx] = np.where(gone, np.nan, kmin_f)
    R["implied_base_max"][idx] = np.where(gone, np.nan, kmax_f)
    R["rules_bits"][idx] = np.where(has_pct, bits, -1) if any_dir_only else bits

    # absolute change stated beside a given base: must match too
    abs_bad = np.zeros(m, dtype=bool)
    both = known & ~np.isnan(C.absch[idx]) & (C.base_source[idx] == 1)
    if both.any():
        target = X.sign * X.a
        diff_lo = X.c_lo - X.b_hi
        diff_hi = X.c_hi - X.b_lo
        abs_bad = both & ~((diff_lo <= target + X.ha) & (diff_hi >= target - X.ha))

    verdict = ok.astype(np.int64) ^ 1  # codes into VERDICTS: 0 consistent, 1 inconsistent
    bad_rows = np.flatnonzero(~ok)
    if len(bad_rows):
        v = verdict[bad_rows]
        v = np.where(has_pct[bad_rows] & (bits[bad_rows] > 0) & (rule[bad_rows] != 4), 2, v)
        # wrong direction: the values moved the other way (base known)
        lo = X.c_lo[bad_rows] - X.b_hi[bad_rows]
        hi = X.c_hi[bad_rows] - X.b_lo[bad_rows]
        actual = np.where(lo > 0, 1, np.where(hi < 0, -1, 0))
        sg = X.sign[bad_rows]
        wrong = known[bad_rows] & (v == 1) & (X.mode[bad_rows] != 1) & (sg != 0) & (actual == -sg)
        v = np.where(wrong, 3, v)
        # percentage points: a percent change that fits as a difference of two percentages
        cand = (v == 1) & (X.mode[bad_rows] == 0) & C.is_pct[idx][bad_rows] & has_pct[bad_rows]
        if cand.any():
            sub = bad_rows[cand]
            v[np.flatnonzero(cand)] = np.where(X.fits(sub, mode=np.full(len(sub), 2)), 4, 1)
        verdict[bad_rows] = v
    if abs_bad.any():
        verdict = np.where(abs_bad & (verdict == 0), 1, verdict)

    # likely causes (codes into _CAUSE_ORDER)
    cause = np.full(m, -1, dtype=np.int64)
    if len(bad_rows) or abs_bad.any():
        cause = np.where(verdict == 2, _CAUSE["other_rounding"], cause)
        cause = np.where(verdict == 4, _CAUSE["percent_vs_points"], cause)
        cause = np.where(abs_bad & ok, _CAUSE["absolute_change_mismatch"], cause)
        todo = np.flatnonzero(((verdict == 1) | (verdict == 3)) & (cause < 0) & has_pct)
        if len(todo):
            _causes(C, X, idx, todo, cause)
    R["verdict"][idx] = verdict
    R["cause"][idx] = cause

    # a unique implied base: is it a tie?
    single = ~known & has_pct & ~empty & ~unb & (k_min == k_max)
    uq = np.flatnonzero(single & (X.mode == 0) & X.count_c)
    if len(uq):
        b = k_min[uq] * X.U[uq]
        num = 100 * X.p10[uq] * (X.c[uq] - b)
        tie[uq] = ((2 * num) % b == 0) & ((num % b) != 0)
    R["recomputed_pct"][idx] = rec
    R["recomputed_pct_exact"][idx] = exact_pct
    R["tie"][idx] = tie
    G = X.G.astype(np.float64)
    abs_change = (X.c - X.b).astype(np.float64) / G  # known base: the change; unknown: NaN unless one base fits
    gone = ~known
    if gone.any():
        abs_change[gone] = np.nan
        one = np.flatnonzero(single & (X.mode == 0))
        abs_change[one] = X.c[one].astype(np.float64) / G[one] - kmin_f[one]
    R["implied_abs_change"][idx] = abs_change

    # exact conditional Poisson test for changes between counts: the rows and their two counts
    counts = (X.mode == 0) & X.count_c & ~C.is_pct[idx]
    both = np.flatnonzero(counts & known & X.count_b)
    imp = np.flatnonzero(counts & ~known & has_pct & ~empty & ~unb & (X.gd == 0))
    value = C.value[idx]
    px = value[both]
    pb = C.base[idx][both]
    if len(imp):
        lo_f, hi_f, sg = kmin_f[imp], kmax_f[imp], X.sign[imp]
        nearest = _select_float(sg < 0, lo_f, _select_float(sg > 0, hi_f, np.rint(value[imp])))
        px = np.concatenate([px, value[imp]])
        pb = np.concatenate([pb, np.clip(nearest, lo_f, hi_f)])
        p_range = np.zeros(m, dtype=bool)
        p_range[imp] = k_min[imp] != k_max[imp]
        R["p_range"][idx] = p_range
    keep = (px >= 0) & (pb >= 0) & ((px + pb) > 0)
    rows = np.concatenate([both, imp])[keep]
    R["tests"].append((np.arange(C.n)[idx][rows] if isinstance(idx, slice) else idx[rows], px[keep], pb[keep]))


_CAUSE_ORDER = tuple(LIKELY_CAUSES)
_CAUSE = {c: i for i, c in enumerate(_CAUSE_ORDER)}


def _causes(C: _Claims, X: _Block, idx: Any, todo: np.ndarray, cause: np.ndarray) -> None:
    """Fill ``cause`` for rows ``todo`` (block positions) with the first slip that reproduces the figure."""
    T = X.subset(todo)  # the rows to explain, gathered once
    cz = cause[todo]

    def assign(rows: np.ndarray, fits: np.ndarray, name: str) -> None:
        hit = rows[fits & (cz[rows] < 0)]
        cz[hit] = _CAUSE[name]

    def swap_count(w: np.ndarray, which: str) -> None:
        """Rows ``w`` whose count ``which`` ("c" current, "b" base) fits with two adjacent digits swapped."""
        if not len(w):
            return
        unit = T.G[w]
        swaps = _digit_swaps(getattr(T, which)[w] // unit)
        if swaps:
            rows = np.concatenate([w[valid] for valid, _ in swaps])
            if len(rows):
                v = np.concatenate([sw[valid] * unit[valid] for valid, sw in swaps])
                assign(rows, T.fits(rows, **{which: (v, v)}), "digits_transposed")

    known, mode = T.known, T.mode
    # 1. the change divided by the current value instead of the base
    w = np.flatnonzero(known & (mode == 0) & (T.c > 0))
    if len(w):
        bw, cw = T.b[w], T.c[w]
        hbw, hcw = T.hb[w], T.hc[w]
        fits = T.fits(w, sign=-T.sign[w], c=(bw - hbw, bw + hbw), b=(cw - hcw, cw + hcw),
                      known=np.ones(len(w), dtype=bool))
        assign(w, fits, "divided_by_current")
    # 2. percent and percentage points confused (a claim in points that fits as percent)
    if T.any_pp:
        w = np.flatnonzero((mode == 2) & (cz < 0))
        if len(w):
            assign(w, T.fits(w, mode=np.zeros(len(w), dtype=np.int64)), "percent_vs_points")
    # 3. the two figures of a pair swapped
    if C.group is not None:
        cause[todo] = cz
        _pair_swaps(C, X, idx, todo, cause)
        cz = cause[todo]
    # 4. sign flipped
    w = np.flatnonzero((mode != 1) & (T.sign != 0) & (cz < 0))
    if len(w):
        assign(w, T.fits(w, sign=-T.sign[w]), "sign_flipped")
    # 5. two adjacent digits transposed: in the percentage, the current value or the given base
    #    (every swap of a row is tried in one call; any that fits names the cause)
    w = np.flatnonzero(cz < 0)
    if len(w):
        swaps = _digit_swaps(T.P[w])
        if swaps:
            rows = np.concatenate([w[valid] for valid, _ in swaps])
            if len(rows):
                P_sw = np.concatenate([sw[valid] for valid, sw in swaps])
                assign(rows, T.fits(rows, P=P_sw), "digits_transposed")
        swap_count(w[(cz[w] < 0) & T.count_c[w]], "c")
        src = C.base_source[idx][todo]
        swap_count(np.flatnonzero((cz < 0) & T.count_b & (src == 1)), "b")
    else:
        src = C.base_source[idx][todo]
    # 6. the previous period's value used as the current one
    w = np.flatnonzero(known & (T.c == T.b) & (T.P != 0) & (cz < 0))
    if len(w):
        cz[w] = _CAUSE["previous_value_as_current"]
    # 7. an absolute change written as a percentage (counts)
    w = np.flatnonzero((mode == 0) & ~C.is_pct[idx][todo] & (cz < 0))
    if len(w):
        assign(w, T.fits(w, mode=np.full(len(w), 2)), "absolute_change_as_percent")
    # 8. the base follows from a stated absolute change, and the percentage alone fits another base
    w = np.flatnonzero((src == 2) & (cz < 0))
    if len(w):
        assign(w, ~T.implied(w)[3], "absolute_change_mismatch")
    cause[todo] = cz


def _pair_swaps(C: _Claims, X: _Block, idx: np.ndarray, todo: np.ndarray, cause: np.ndarray) -> None:
    """A row whose figure fits its neighbour in the same sentence, and the neighbour's figure fits it."""
    assert C.group is not None
    g = C.group[idx]
    change = (C.kind[idx] == 0) & X.has_pct & (g >= 0)
    pos = np.flatnonzero(change)
    if len(pos) < 2:
        return
    order = pos[np.argsort(g[pos], kind="stable")]
    same = g[order][1:] == g[order][:-1]
    first, second = order[:-1][same], order[1:][same]
    for a, b in ((first, second), (second, first)):
        want = np.isin(a, todo) & (cause[a] < 0) & (X.mode[a] == X.mode[b])
        a, b = a[want], b[want]
        if not len(a):
            continue
        mine = X.fits(a, P=X.P[b], sign=X.sign[b], Dh=X.Dh[b])
        theirs = X.fits(b, P=X.P[a], sign=X.sign[a], Dh=X.Dh[a])
        hit = a[mine & theirs & (cause[a] < 0)]
        cause[hit] = _CAUSE["pair_swapped"]


# ---------------------------------------------------------------------------
# Sums
# ---------------------------------------------------------------------------
def _split_parts(s: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Parts written "110523+13513" as a matrix of values, decimals and approximate flags (+ a bad-row mask)."""
    n = len(s)
    text = s.str.replace("＋", "+", regex=False).str.replace(" ", "", regex=False)
    bad = (text.isna() | (text.str.len() == 0)).to_numpy(dtype=bool, na_value=True).copy()
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow is optional: split with pandas
        pa = None
    if pa is not None:
        lists = pc.split_pattern(pa.array(text.to_numpy(dtype=object, na_value=None)
                                          if not isinstance(text.dtype, pd.StringDtype) else text), "+")
        lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False)
        lengths = np.nan_to_num(lengths.astype(np.float64)).astype(np.int64)
        flat_pa = pc.list_flatten(lists)
        flat = pd.Series(flat_pa.to_pandas(types_mapper=lambda t: pd.StringDtype("pyarrow", na_value=np.nan)))
        row = np.repeat(np.arange(n), lengths)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        col = np.arange(len(flat)) - starts
        plain = pc.match_substring_regex(flat_pa, r"^[0-9]+(\.[0-9]+)?$").to_numpy(zero_copy_only=False)
        plain = np.asarray(plain, dtype=object) == True  # noqa: E712 - nulls are not plain numbers
        num = pc.cast(pc.if_else(pa.array(plain), flat_pa, "0"), pa.float64()).to_numpy(zero_copy_only=False)
        num = np.where(plain, num, np.nan)
    else:  # pragma: no cover
        pieces = text.str.split("+", expand=True)
        stacked = pieces.stack()
        flat = stacked.reset_index(drop=True).astype("str")
        row = stacked.index.get_level_values(0).to_numpy()
        row = pd.Index(s.index).get_indexer(row)
        col = stacked.index.get_level_values(1).to_numpy()
    k = int(col.max()) + 1 if len(col) else 0
    vals = np.full((n, k), np.nan)
    decs = np.zeros((n, k), dtype=np.int64)
    appr = np.zeros((n, k), dtype=bool)
    present = (flat.str.len() > 0).to_numpy(dtype=bool, na_value=False)
    if pa is None:  # pragma: no cover
        num = pd.to_numeric(flat, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan).copy()
    pos = flat.str.find(".").to_numpy(dtype=np.float64, na_value=-1)
    ln = flat.str.len().to_numpy(dtype=np.float64, na_value=0)
    dec = np.where(pos >= 0, ln - pos - 1, 0).astype(np.int64)
    app = np.zeros(len(flat), dtype=bool)
    for i in np.flatnonzero(present & np.isnan(num)):  # "1.07万", "约12": rare, read one by one
        try:
            v, d, a = _parse_figure(flat.iloc[i], "parts")
        except ParameterError:
            continue
        num[i], dec[i], app[i] = float(v), d, a
    keep = present
    vals[row[keep], col[keep]] = num[keep]
    decs[row[keep], col[keep]] = dec[keep]
    appr[row[keep], col[keep]] = app[keep]
    np.logical_or.at(bad, row[present & np.isnan(num)], True)
    return vals, decs, appr, bad


def _check_sum_rows(C: _Claims, rows: np.ndarray, R: dict[str, Any]) -> None:
    parts = C.text.get("parts")
    if parts is None:
        C.bad[rows] = np.where(C.bad[rows] == 0, _bad_code(_BAD[17]), C.bad[rows])
        return
    s = parts.iloc[rows].astype("str")
    vals, decs, appr, bad = _split_parts(s)
    if vals.shape[1] == 0:
        C.bad[rows] = np.where(C.bad[rows] == 0, _bad_code(_BAD[17]), C.bad[rows])
        return
    k = vals.shape[1]
    bad |= np.nanmin(np.where(np.isnan(vals), np.inf, vals), axis=1) < 0
    bad |= np.all(np.isnan(vals), axis=1)
    total = C.value[rows]
    tdec = C.vd[rows]
    E = np.maximum(np.max(decs, axis=1), tdec)
    scale = 10.0**E
    present = ~np.isnan(vals)
    psc = np.rint(np.where(present, vals, 0.0) * scale[:, None])
    tsc = np.rint(total * scale)
    psum = psc.sum(axis=1)
    # tolerance in the same scaled units: approximate -> one unit of the last digit, decimals -> half a unit
    p_appr = appr | C.p_approx[rows][:, None]
    p_unit = np.where(decs > 0, 10.0 ** (E[:, None] - decs),
                      10.0 ** (E[:, None] + _trailing_zeros(np.where(present, vals, 0.0))))
    p_tol = np.where(present & p_appr, p_unit, np.where(present & (decs > 0), p_unit / 2, 0.0)).sum(axis=1)
    t_unit = np.where(tdec > 0, 10.0 ** (E - tdec), 10.0 ** (E + _trailing_zeros(total)))
    t_tol = np.where(C.v_approx[rows], t_unit, np.where(tdec > 0, t_unit / 2, 0.0))
    tol = p_tol + t_tol
    ok = np.abs(tsc - psum) <= tol
    R["parts_sum"][rows] = psum / scale
    cause = np.full(len(rows), -1, dtype=np.int64)
    wrong = np.flatnonzero(~ok & ~bad)
    if len(wrong):
        ints = (E[wrong] == 0)
        # a transposition in the total or in one part
        fix = np.zeros(len(wrong), dtype=bool)
        t_int = tsc[wrong].astype(np.int64)
        for valid, sw in _digit_swaps(t_int):
            fix |= ints & valid & (np.abs(sw - psum[wrong]) <= tol[wrong])
        for j in range(k):
            pj = np.where(present[wrong, j], psc[wrong, j], 0).astype(np.int64)
            for valid, sw in _digit_swaps(pj):
                fix |= ints & valid & present[wrong, j] & (np.abs(tsc[wrong] - (psum[wrong] - pj + sw)) <= tol[wrong])
        cause[wrong] = np.where(fix, _CAUSE["digits_transposed"],
                                np.where(psum[wrong] < tsc[wrong], _CAUSE["parts_not_exhaustive"], -1))
    C.bad[rows] = np.where(bad & (C.bad[rows] == 0), _bad_code(_BAD[17]), C.bad[rows])
    R["verdict"][rows] = np.where(ok, 0, 1)
    R["cause"][rows] = cause
    R["sum_tol"][rows] = tol > 0


# ---------------------------------------------------------------------------
# Notes: a few fixed sentences per row, assembled once per distinct combination
# ---------------------------------------------------------------------------
_NOTE_VERDICT = (
    "",  # 0
    "reproduced from the two values",  # 1
    "the base is not given: every base in implied_base_min..implied_base_max reproduces it",  # 2
    "level statement, not a change",  # 3
    "the parts add up to the total",  # 4
    "the parts add up to the total within the tolerance of approximate or rounded figures",  # 5
    "part / whole reproduces the share",  # 6
    "reproduced only under another rounding rule (see rounding_rules_ok)",  # 7
    "the values moved the other way",  # 8
    "fits as a difference in percentage points, not as a percent change",  # 9
    "the reported change does not match the two values",  # 10
    "no base reproduces the reported figure",  # 11
    "the parts do not add up to the total",  # 12
    "part / whole does not give the reported share",  # 13
    "the direction matches the two values",  # 14
    "the base follows from the absolute change; no percentage to check",  # 15
    "the absolute change is larger than the current value: it would need a negative base",  # 16
)
_NOTE_EXTRA = (
    "",
    "the exact value is a tie (halfway between two roundings): the rounding rule decides",
    "base taken from the absolute change",
    "base taken from another claim for the base period",
)
_NOTE_P = (
    "",
    "exact conditional Poisson test: within what chance alone produces",
    "exact conditional Poisson test: beyond what chance alone usually produces",
    "p-value at the implied base nearest the current value (the least significant case)",
)


def _verdict_note(verdict: np.ndarray, kind: np.ndarray, known: np.ndarray, has_pct: np.ndarray,
                  has_abs: np.ndarray, sum_tol: np.ndarray, contradiction: np.ndarray) -> np.ndarray:
    """The verdict sentence (index into ``_NOTE_VERDICT``) of each row."""
    is_change = kind == 0
    vn = np.zeros(len(verdict), dtype=np.int64)
    cons = verdict == 0
    vn = np.where(cons & is_change & known & has_pct, 1, vn)
    vn = np.where(cons & is_change & ~known, 2, vn)
    vn = np.where(cons & is_change & known & ~has_pct & ~has_abs, 14, vn)
    vn = np.where(cons & is_change & ~has_pct & has_abs, 15, vn)
    vn = np.where(cons & (kind == 3), 3, vn)
    vn = np.where(cons & (kind == 1), np.where(sum_tol, 5, 4), vn)
    vn = np.where(cons & (kind == 2), 6, vn)
    vn = np.where(verdict == 2, 7, vn)
    vn = np.where(verdict == 3, 8, vn)
    vn = np.where(verdict == 4, 9, vn)
    incons = verdict == 1
    vn = np.where(incons & is_change & known, 10, vn)
    vn = np.where(incons & is_change & ~known, 11, vn)
    vn = np.where(incons & (kind == 1), 12, vn)
    vn = np.where(incons & (kind == 2), 13, vn)
    return np.where(contradiction, 16, vn)


def _note_text(vn: int, cz: int, ex: int, ex2: int, pn: int, pr: int, bd: int, rl: int) -> str:
    if bd:
        return _BAD[bd]
    parts = [_NOTE_VERDICT[vn]]
    if vn == 7:
        parts[0] = f"reproduced only under another rounding rule (see rounding_rules_ok), not under {RULE_NAMES[rl]}"
    if cz > 0:
        parts.append("likely cause: " + LIKELY_CAUSES[_CAUSE_ORDER[cz - 1]]["en"])
    for e in (ex, ex2):
        if e:
            parts.append(_NOTE_EXTRA[e])
    if pn:
        parts.append(_NOTE_P[pn])
    if pr:
        parts.append(_NOTE_P[3])
    return "; ".join(p for p in parts if p)


#: The row facts a note depends on, with how many values each takes (see :func:`_notes`).
_NOTE_FIELDS = (("verdict", 6), ("kind", 4), ("known", 2), ("has_pct", 2), ("has_abs", 2), ("sum_tol", 2),
                ("contradiction", 2), ("cause", 16), ("tie", 2), ("source", 8), ("tested", 2), ("significant", 2),
                ("p_range", 2), ("bad", 32), ("rule", 8))


def _note_key(facts: dict[str, np.ndarray]) -> np.ndarray:
    """The facts of ``_NOTE_FIELDS`` packed into one integer per row."""
    k = facts[_NOTE_FIELDS[0][0]].astype(np.int64)
    for name, size in _NOTE_FIELDS[1:]:
        k *= size
        k += facts[name]
    return k


def _notes(key: np.ndarray) -> pd.Categorical:
    """The note of every row from its packed facts (:func:`_note_key`): each distinct key is written once.

    Categories are the distinct notes in order of first appearance.
    """
    inv, uniq = pd.factorize(key)
    u = {}
    k = np.asarray(uniq, dtype=np.int64)
    for name, size in reversed(_NOTE_FIELDS):
        u[name] = k % size
        k = k // size
    bad = u["bad"] != 0
    vn = _verdict_note(u["verdict"], u["kind"], u["known"] == 1, u["has_pct"] == 1, u["has_abs"] == 1,
                       u["sum_tol"] == 1, u["contradiction"] == 1)
    cz = np.where(bad, -1, u["cause"] - 1) + 1
    extra = np.where((u["tie"] == 1) & ~bad, 1, 0)
    src = u["source"]
    extra2 = np.where(src == 2, 2, np.where(src == 3, 3, 0))
    tested = u["tested"] == 1
    pnote = np.where(tested, np.where(u["significant"] == 1, 2, 1), 0)
    prange = (u["p_range"] == 1) & tested
    texts = [_note_text(*(int(x) for x in row))
             for row in zip(vn, cz, extra, extra2, pnote, prange, u["bad"], u["rule"], strict=True)]
    return _take(texts, inv)


# ---------------------------------------------------------------------------
# check_claims
# ---------------------------------------------------------------------------
def check_claims(
    claims: pd.DataFrame,
    *,
    rounding: str = "half_up",
    alpha: float = 0.05,
    against: Any = None,
    vintage: Any = None,
) -> pd.DataFrame:
    """Check every claim of a claims frame; one row per claim with a verdict.

    Parameters
    ----------
    claims : pandas.DataFrame
        A claims frame (schema :class:`safetystats.schemas.Claims`; only
        ``kind`` is required, every other column is optional).  Percentages
        are magnitudes as written (``reported_pct=11.3``, ``pct_decimals=1``)
        with ``direction``; a signed ``reported_pct`` with no direction is read
        by its sign.  Decimals not given are taken from text cells
        (``"12.0"``) or inferred from the float (``12.0`` -> 0: give
        ``pct_decimals`` when trailing zeros matter).
    rounding : {"half_up", "half_even", "down", "up", "any"}
        The rule the publisher is assumed to use (四舍五入 by default); a
        ``rounding`` column overrides it per claim.
    alpha : float
        Significance level for ``significant``.
    against : DataFrame or list of DataFrames, optional
        Raw counts to check the claims against (an accidents or indicators
        frame): each claim is matched to its data rows and checked with the
        real base; see :func:`safetystats.reconcile.check_against`, whose
        table (these columns plus the matched rows and vintages) is returned.
    vintage : str or list of str, optional
        With ``against``: the default version of each figure (default: the
        latest).

    Returns
    -------
    pandas.DataFrame
        One row per claim, in input order, with the columns of
        :data:`OUTPUT_COLUMNS`:

        - ``value``, ``base_value``: the current value (a sum's total, a
          share's part) and the base (a share's whole); ``base_source`` says
          where the base came from: ``given``, ``abs_change`` (value ∓ the
          absolute change), ``claims`` (another claim for the base period) or
          ``implied``.
        - ``reported_pct``: signed (negative = decrease); ``recomputed_pct``:
          the same figure recomputed exactly from ``value`` and ``base_value``
          at the reported decimals under the row's rule;
          ``recomputed_pct_exact``: unrounded.
        - ``implied_base_min`` / ``implied_base_max``: every base (a whole
          number for counts; on the grid of the published decimals for rates)
          between them reproduces the figure.  ``inf`` = unbounded above (a
          decline that rounds to 100%), ``NaN`` = none.
        - ``verdict``: one of :data:`VERDICTS`; ``likely_cause``: a key of
          :data:`LIKELY_CAUSES` or NA; ``rounding_rules_ok``: the rules that
          reproduce the figure (comma-separated).
        - ``p_value``: exact conditional Poisson test (R's ``poisson.test``)
          of the change between two counts, NA otherwise; ``significant`` =
          ``p_value < alpha``; ``note``: the reading in words (English).

        Text columns with a fixed vocabulary (``kind``, ``base_source``,
        ``direction``, ``pct_unit``, ``rounding``, ``rounding_rules_ok``,
        ``verdict``, ``likely_cause``, ``test_method``, ``note``) are pandas
        Categoricals (small and fast for a million claims; compare them with
        strings as usual); the others keep the input's text dtype.

    Raises
    ------
    ParameterError
        When ``claims`` is not a DataFrame, has no ``kind`` column, or an
        option is invalid.  Bad rows do not raise: they get ``unverifiable``.

    Notes
    -----
    A whole number is taken as an exact count; a value with decimals, or
    marked approximate (约 / 余 / 万), stands for an interval and the check is
    done with interval arithmetic.  The engine is vectorised: no Python loop
    over rows, except to read the rare cells written as text such as
    ``"1.07万"``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"kind": ["change"], "value": [12], "abs_change": [3], "reported_pct": [25.0],
    ...                   "pct_decimals": [1], "direction": ["上升"]})
    >>> r = check_claims(c).iloc[0]
    >>> r.verdict, float(r.recomputed_pct), r.likely_cause
    ('inconsistent', 33.3, 'divided_by_current')
    """
    if against is not None:
        from .reconcile import check_against

        return check_against(claims, against, rounding=rounding, alpha=alpha, vintage=vintage)
    if not isinstance(claims, pd.DataFrame):
        raise ParameterError(f"check_claims expects a pandas DataFrame of claims, got {type(claims).__name__}")
    rule0 = check_rule(rounding)
    try:
        alpha_f = float(alpha)
    except (TypeError, ValueError):
        alpha_f = math.nan
    if not 0 < alpha_f < 1:
        raise ParameterError(f"alpha={alpha!r} must be between 0 and 1, e.g. 0.05")
    C = _read(claims, rule0)
    n = C.n
    R: dict[str, Any] = {
        "verdict": np.full(n, 5, dtype=np.int64),
        "cause": np.full(n, -1, dtype=np.int64),
        "implied_base_min": np.full(n, np.nan),
        "implied_base_max": np.full(n, np.nan),
        "recomputed_pct": np.full(n, np.nan),
        "recomputed_pct_exact": np.full(n, np.nan),
        "implied_abs_change": np.full(n, np.nan),
        "parts_sum": np.full(n, np.nan),
        "rules_bits": np.full(n, -1, dtype=np.int64),
        "tie": np.zeros(n, dtype=bool),
        "tests": [],  # (rows, current count, base count) of the Poisson tests, block by block
        "p_range": np.zeros(n, dtype=bool),
        "sum_tol": np.zeros(n, dtype=bool),
    }
    ok_rows = C.bad == 0
    assert C.contradiction is not None
    R["verdict"][C.contradiction] = 1
    R["cause"][C.contradiction] = _CAUSE["absolute_change_mismatch"]
    ratio_mask = ok_rows & ((C.kind == 0) | (C.kind == 2)) & ~C.contradiction
    ratio_rows = np.flatnonzero(ratio_mask)
    if len(ratio_rows):
        big = _needs_big(C, ratio_rows)
        for sub, is_big in ((ratio_rows[~big], False), (ratio_rows[big], True)):
            for piece in _pieces(sub, n, C.group):
                _check_ratio_rows(C, piece, is_big, R)
    sum_rows = np.flatnonzero(ok_rows & (C.kind == 1))
    if len(sum_rows):
        _check_sum_rows(C, sum_rows, R)
    level = ok_rows & (C.kind == 3)
    R["verdict"][level] = 0
    bad = C.bad != 0
    R["verdict"][bad] = 5
    R["cause"][bad] = -1
    # p-values
    p = np.full(n, np.nan)
    if R["tests"]:
        rows = np.concatenate([t[0] for t in R["tests"]])
        x = np.concatenate([t[1] for t in R["tests"]]).astype(np.int64)
        b = np.concatenate([t[2] for t in R["tests"]]).astype(np.int64)
        if len(rows):
            p[rows] = _two_sided_half(x, x + b)  # binom_two_sided_pvalue(x, x + b, 0.5)
    return _assemble(claims, C, R, p, alpha_f)


#: Rows checked at a time: every temporary array of the engine stays cache-sized (a few hundred kB),
#: which makes the same numpy operations several times faster on a million claims than on whole columns.
_PIECE = 65536


def _pieces(rows: np.ndarray, n: int, group: np.ndarray | None) -> list[Any]:
    """``rows`` in pieces of about :data:`_PIECE` (slices when the rows are ``0 .. n-1``).

    The rows of one sentence (``group``) stay in one piece: a pair swap compares them.
    """
    m = len(rows)
    if m == 0:
        return []
    if m < 2 * _PIECE:
        return [slice(None) if m == n else rows]
    cuts = np.arange(_PIECE, m - _PIECE // 2, _PIECE)
    if group is not None:
        g = group[rows]
        pos = np.flatnonzero(g >= 0)
        if len(pos):
            gg = g[pos]
            first = np.full(int(gg.max()) + 1, m)
            last = np.full(int(gg.max()) + 1, -1)
            np.minimum.at(first, gg, pos)
            np.maximum.at(last, gg, pos)
            spans = first < last
            depth = np.zeros(m + 1, dtype=np.int64)  # > 0 at b: a cut before row b splits a sentence
            np.add.at(depth, first[spans] + 1, 1)
            np.add.at(depth, last[spans] + 1, -1)
            free = np.flatnonzero(np.cumsum(depth)[:m] == 0)
            free = free[free > 0]
            at = np.searchsorted(free, cuts)
            cuts = np.unique(free[at[at < len(free)]])
    bounds = [0, *cuts.tolist(), m]
    if m == n:  # every row: contiguous slices are views, no gathering
        return [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]
    return [rows[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


def _needs_big(C: _Claims, rows: np.ndarray) -> np.ndarray:
    """Rows whose scaled arithmetic could overflow int64 (these use Python integers)."""

    def fits(value: np.ndarray, base: np.ndarray, absch: np.ndarray, e: int, pdec: int, pct: np.ndarray) -> bool:
        # fmax skips NaN: the largest magnitude (0 when every value is missing)
        top = max(float(np.fmax.reduce(np.abs(v), initial=0.0)) for v in (value, base, absch))
        pmax = float(np.fmax.reduce(pct, initial=0.0))
        return (top + 1) * 2 * 10.0**e * 2 * 10.0**pdec * (200 + 10 * pmax) * 4 < _BIG

    # the bound over every row of the frame is a bound for these rows: read the columns in place first
    if len(rows) and fits(C.value, C.base, C.absch, int(max(C.vd.max(), C.bd.max(), C.ad.max())), int(C.pdec.max()),
                          C.pct):
        return np.zeros(len(rows), dtype=bool)
    vals = (C.value[rows], C.base[rows], C.absch[rows])
    e = int(max(C.vd[rows].max(), C.bd[rows].max(), C.ad[rows].max()))
    if fits(*vals, e, int(C.pdec[rows].max()), C.pct[rows]):
        return np.zeros(len(rows), dtype=bool)
    E = np.maximum.reduce([C.vd[rows], C.bd[rows], C.ad[rows]]).astype(np.float64)
    mag = np.nanmax(np.abs(np.stack([C.value[rows], np.nan_to_num(C.base[rows]), np.nan_to_num(C.absch[rows])])),
                    axis=0)
    mag = np.where(np.isfinite(mag), mag, 0.0)
    units = (mag + 1.0) * 2.0 * 10.0**E
    pct = np.nan_to_num(C.pct[rows])
    factor = 2.0 * 10.0 ** C.pdec[rows].astype(np.float64) * (200.0 + 10.0 * pct) * 4.0
    return units * factor >= _BIG


def _assemble(df: pd.DataFrame, C: _Claims, R: dict[str, Any], p: np.ndarray, alpha: float) -> pd.DataFrame:
    n = C.n
    # the vocabularies of the coded columns: lookup tables from row codes to category codes
    vocab = {"rounding_rules_ok": (_RULES_OK, None), "likely_cause": ((*_CAUSE_ORDER, None), None),
             "direction": (("decrease", "flat", "increase", None), None), "pct_unit": (("percent", "pp", None), None),
             "base_source": (_SOURCES, None), "kind": (_KIND_NAMES, None), "rounding": (RULE_NAMES, None),
             "verdict": (VERDICTS, None), "test_method": ((None, METHOD), None)}
    luts = {name: _lut(labels, cats, cache=True) for name, (labels, cats) in vocab.items()}
    codes = {name: np.empty(n, dtype=lut.dtype) for name, (lut, _) in luts.items()}
    floats = {name: np.empty(n) for name in ("base_value", "reported_pct", "abs_change")}
    key = np.empty(n, dtype=np.int64)
    pdec = np.empty(n, dtype=np.int64)
    has_pct = np.empty(n, dtype=bool)
    tested = np.empty(n, dtype=bool)
    sig = np.empty(n, dtype=bool)
    bad12 = _B[_BAD[12]]
    for a in range(0, n, _PIECE):  # every per-row derivation on cache-sized pieces
        sl = slice(a, a + _PIECE)
        verdict, kind, bad_code, sign = R["verdict"][sl], C.kind[sl], C.bad[sl], C.sign[sl]
        pct, absch, base, pv = C.pct[sl], C.absch[sl], C.base[sl], p[sl]
        bad = bad_code != 0
        is_change = kind == 0
        is_sum = kind == 1
        hp = ~np.isnan(pct)
        has_abs = ~np.isnan(absch)
        known = ~np.isnan(base)
        ts = ~np.isnan(pv)
        sg = ts & (pv < alpha)
        has_pct[sl], tested[sl], sig[sl] = hp, ts, sg
        cause = R["cause"][sl]
        key[sl] = _note_key({"verdict": verdict, "kind": kind, "known": known, "has_pct": hp, "has_abs": has_abs,
                             "sum_tol": R["sum_tol"][sl], "contradiction": C.contradiction[sl], "cause": cause + 1,
                             "tie": R["tie"][sl], "source": C.base_source[sl], "tested": ts, "significant": sg,
                             "p_range": R["p_range"][sl], "bad": bad_code, "rule": C.rule[sl]})
        rb = R["rules_bits"][sl]
        row_codes = {
            "rounding_rules_ok": _select_int((rb >= 0) & ~bad, rb, 16),
            "likely_cause": np.where(cause >= 0, cause, len(_CAUSE_ORDER)),
            "direction": _select_int(is_change & (hp | has_abs | C.dir_given[sl]) & (bad_code != bad12),
                                     np.clip(sign, -1, 1) + 1, 3),
            "pct_unit": _select_int(hp & ~is_sum, C.unit_pp[sl].astype(np.int64), 2),
            "kind": kind, "rounding": C.rule[sl], "verdict": verdict, "test_method": ts.astype(np.int64),
        }
        bs = _select_int(is_change & ~known & hp & ~bad, 4, C.base_source[sl])
        bs = _select_int(kind == 2, 4 - 3 * known, bs)
        row_codes["base_source"] = bs * ~(bad | is_sum | (kind == 3))
        for name, rc in row_codes.items():
            codes[name][sl] = luts[name][0][rc]
        pdec[sl] = C.pdec[sl] * hp
        nan = np.full(len(pct), np.nan)
        floats["base_value"][sl] = _select_float(is_sum, nan, base)
        floats["reported_pct"][sl] = _select_float(is_sum, nan, _negate_where((sign < 0) & (kind != 2), pct))
        floats["abs_change"][sl] = _select_float(is_change, _negate_where(sign < 0, absch), nan)
    note = _notes(key)
    cat = {name: _from_codes(codes[name], luts[name][1]) for name in codes}
    kinds = cat["kind"]
    kcol = _col(df, "kind")
    bad_kind = np.flatnonzero(C.bad == 1)
    if len(bad_kind) and kcol is not None:
        shown = kcol.iloc[bad_kind].astype("str").fillna("").to_numpy(dtype=object)
        kinds = kinds.add_categories([x for x in dict.fromkeys(shown) if x not in kinds.categories])
        kinds[bad_kind] = shown

    na_text: list[Any] = []

    def text(name: str) -> Any:
        s = C.text.get(name)
        if s is None:  # every missing column: copies of one all-missing array (cheap: the buffers are shared)
            if not na_text:
                na_text.append(_missing_text(n))
            return na_text[0].copy()
        if isinstance(s.dtype, pd.StringDtype):
            return s.array.copy()
        return s.astype("str").array

    cid = C.claim_id
    out = pd.DataFrame({
        "claim_id": cid.array.copy() if isinstance(cid, pd.Series) else pd.array(cid, dtype="str"),
        "kind": kinds,
        "metric": text("metric"),
        "metric_key": text("metric_key"),
        "region": text("region"),
        "period": text("period"),
        "base_period": text("base_period"),
        "value": C.value,
        "base_value": floats["base_value"],
        "base_source": cat["base_source"],
        "direction": cat["direction"],
        "reported_pct": floats["reported_pct"],
        "pct_unit": cat["pct_unit"],
        "pct_decimals": pd.arrays.IntegerArray(pdec, ~has_pct),
        "recomputed_pct": R["recomputed_pct"],
        "recomputed_pct_exact": R["recomputed_pct_exact"],
        "implied_base_min": R["implied_base_min"],
        "implied_base_max": R["implied_base_max"],
        "abs_change": floats["abs_change"],
        "implied_abs_change": R["implied_abs_change"],
        "parts": text("parts"),
        "parts_sum": R["parts_sum"],
        "rounding": cat["rounding"],
        "rounding_rules_ok": cat["rounding_rules_ok"],
        "verdict": cat["verdict"],
        "likely_cause": cat["likely_cause"],
        "p_value": p,
        "significant": pd.arrays.BooleanArray(sig, ~tested),
        "test_method": cat["test_method"],
        "note": note,
    }, copy=False)  # every column is a fresh array: no need to consolidate them into one block
    return out


def _missing_text(n: int) -> Any:
    """``n`` missing values of the ``str`` dtype (as ``pd.Series(pd.NA, dtype="str").array``, built directly)."""
    try:
        import pyarrow as pa

        dtype = pd.StringDtype("pyarrow", na_value=np.nan)
        if dtype == pd.Series([], dtype="str").dtype:
            return pd.arrays.ArrowStringArray(pa.chunked_array([pa.nulls(n, pa.large_string())]), dtype=dtype)
    except ImportError:  # pragma: no cover - pyarrow is optional
        pass
    return pd.Series(pd.NA, index=pd.RangeIndex(n), dtype="str").array  # pragma: no cover


_SOURCES = (None, "given", "abs_change", "claims", "implied")
_RULES_OK = tuple(",".join(RULES[i] for i in range(4) if b >> i & 1) or None for b in range(16)) + (None,)
_DTYPES: dict[tuple[str, ...], pd.CategoricalDtype] = {}


def _lut(labels: Any, categories: Any = None, *, cache: bool = False) -> tuple[np.ndarray, pd.CategoricalDtype]:
    """Codes of ``labels`` among the categories (``-1`` for ``None``) and the categorical dtype.

    ``categories`` fixes the category list (the whole vocabulary, so that
    tables from several calls concatenate without losing the dtype); by
    default the distinct labels in order.  The codes use the smallest integer
    type pandas would choose for this many categories (int8 below 127).
    ``cache``: keep the dtype of a fixed vocabulary for the next calls.
    """
    labels = list(labels)
    cats = tuple(categories) if categories is not None else tuple(dict.fromkeys(x for x in labels if x is not None))
    pos = {c: i for i, c in enumerate(cats)}
    width = next(t for t in (np.int8, np.int16, np.int32, np.int64) if len(cats) < np.iinfo(t).max)
    lut = np.array([pos[x] if x is not None else -1 for x in labels], dtype=width)
    dtype = _DTYPES.get(cats) if cache else None
    if dtype is None:
        dtype = pd.CategoricalDtype(pd.Index(list(cats), dtype="str"))
        if cache:  # a fixed vocabulary: built once (immutable, shared by every result)
            _DTYPES[cats] = dtype
    return lut, dtype


def _from_codes(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _take(labels: Any, codes: np.ndarray, categories: Any = None) -> pd.Categorical:
    """``labels[codes]`` as a Categorical (no Python loop over rows; ``None`` labels are missing)."""
    lut, dtype = _lut(labels, categories)
    return _from_codes(lut[np.asarray(codes, dtype=np.intp)], dtype)


def check_change(
    current: Any,
    base: Any = None,
    reported_pct: Any = None,
    *,
    direction: str | None = None,
    decimals: int | None = None,
    rounding: str = "half_up",
    alpha: float = 0.05,
    abs_change: Any = None,
) -> pd.Series:
    """Check one reported change; the one-row version of :func:`check_claims`.

    Parameters
    ----------
    current : number or str
        The current value as written.
    base : number or str, optional
        The base value (``None`` when the report does not give it).
    reported_pct : number or str, optional
        The percentage as written (``"11.3%"``, or a signed number with
        ``direction=None``).
    direction : str, optional
        ``decrease`` / ``increase`` / ``flat`` or 下降, 上升 ….
    decimals : int, optional
        Decimals of the percentage (inferred from a string when not given).
    rounding : {"half_up", "half_even", "down", "up", "any"}
    alpha : float
    abs_change : number or str, optional
        The absolute change as written (同比减少 11 起).

    Returns
    -------
    pandas.Series
        The row of :func:`check_claims`.

    Examples
    --------
    >>> check_change(71, 80, "11.3%", direction="下降").verdict
    'consistent'
    >>> check_change(71, None, "11.3%", direction="下降", rounding="half_even").verdict
    'consistent_other_rounding'
    """
    row = {"claim_id": "claim", "kind": "change", "value": [current], "base_value": [base],
           "reported_pct": [reported_pct], "pct_decimals": [decimals], "direction": [direction],
           "abs_change": [abs_change]}
    frame = pd.DataFrame({k: v if isinstance(v, list) else [v] for k, v in row.items()})
    for col in ("value", "base_value", "reported_pct", "abs_change"):
        if frame[col].dtype == object and all(isinstance(x, (int, float, type(None))) for x in frame[col]):
            frame[col] = frame[col].astype("float64")
    return check_claims(frame, rounding=rounding, alpha=alpha).iloc[0]


# ---------------------------------------------------------------------------
# Presentation: coloured verdicts
# ---------------------------------------------------------------------------
_COLOURS = {
    "consistent": ("#d9f0d3", "#1b7837"),
    "consistent_other_rounding": ("#fee8c8", "#b35806"),
    "wrong_direction": ("#f4cccc", "#b2182b"),
    "percentage_points": ("#e7d4e8", "#762a83"),
    "inconsistent": ("#f4cccc", "#b2182b"),
    "unverifiable": ("#eeeeee", "#4d4d4d"),
}


def style_verdicts(table: pd.DataFrame, *, columns: list[str] | None = None) -> Any:
    """A pandas Styler that colours the ``verdict`` column (for Jupyter and HTML reports).

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`check_claims`.
    columns : list of str, optional
        Columns to show (default: the main ones).

    Returns
    -------
    pandas.io.formats.style.Styler

    Examples
    --------
    >>> import pandas as pd
    >>> t = check_claims(pd.DataFrame({"kind": ["sum"], "value": [78], "parts": ["12+66"]}))
    >>> "#d9f0d3" in style_verdicts(t).to_html()
    True
    """
    if "verdict" not in table.columns:
        raise ParameterError("style_verdicts needs the output of check_claims (no 'verdict' column)")
    cols = columns or [c for c in ("claim_id", "kind", "metric", "period", "value", "base_value", "reported_pct",
                                   "recomputed_pct", "implied_base_min", "implied_base_max", "verdict",
                                   "likely_cause", "p_value", "note") if c in table.columns]
    view = table[cols]

    def colour(v: object) -> str:
        bg, fg = _COLOURS.get(str(v), ("", ""))
        return f"background-color: {bg}; color: {fg}; font-weight: bold" if bg else ""

    styler = view.style.map(colour, subset=["verdict"]) if "verdict" in cols else view.style
    return styler.format(na_rep="", precision=4).hide(axis="index")


@dataclass(frozen=True)
class CheckReport:
    """A verdict table with a coloured HTML view and a summary.

    Attributes
    ----------
    table : pandas.DataFrame
        The output of :func:`check_claims`.

    Examples
    --------
    >>> import pandas as pd
    >>> rep = CheckReport.from_claims(pd.DataFrame({"kind": ["sum", "sum"], "value": [78, 79],
    ...                                             "parts": ["12+66", "12+66"]}))
    >>> rep.ok, rep.summary()["count"].tolist()
    (False, [1, 1])
    """

    table: pd.DataFrame

    @classmethod
    def from_claims(cls, claims: pd.DataFrame, *, rounding: str = "half_up", alpha: float = 0.05) -> CheckReport:
        """Run :func:`check_claims` and wrap the result."""
        return cls(check_claims(claims, rounding=rounding, alpha=alpha))

    @property
    def ok(self) -> bool:
        """True when no claim is inconsistent, in the wrong direction, or percentage points."""
        return not self.table["verdict"].isin(FAILING_VERDICTS).any()

    @property
    def failed(self) -> pd.DataFrame:
        """The rows whose verdict is in :data:`FAILING_VERDICTS`."""
        return self.table[self.table["verdict"].isin(FAILING_VERDICTS)]

    def summary(self) -> pd.DataFrame:
        """Number of claims per verdict (every verdict listed, in a fixed order)."""
        counts = self.table["verdict"].value_counts()
        return pd.DataFrame({"verdict": list(VERDICTS), "count": [int(counts.get(v, 0)) for v in VERDICTS]}
                            ).query("count > 0").reset_index(drop=True)

    def _repr_html_(self) -> str:
        head = ", ".join(f"{r.verdict}: {r.count}" for r in self.summary().itertuples())
        return f"<div><p><b>{len(self.table)} claims</b> — {html.escape(head)}</p>" \
               f"{style_verdicts(self.table).to_html()}</div>"

    def __repr__(self) -> str:
        head = ", ".join(f"{r.verdict}: {r.count}" for r in self.summary().itertuples())
        return f"CheckReport({len(self.table)} claims; {head})"

