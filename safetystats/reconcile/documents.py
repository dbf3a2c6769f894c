"""Several reports at once: every stated and implied figure, and where documents disagree.

A report states some figures (``2023: 71 accidents``) and implies others: a
percentage change pins down the base it was computed from (``down 11.3%``
-> 2022 had exactly 80), an absolute change fixes it (``减少 9 起``).  Across a
folder of reports (several years, several publishers) the same figure is
stated and implied many times; :func:`reconcile` puts them in one table and
lists the disagreements:

``restated``
    two documents state different values for the same figure (136,092 and
    136,755 deaths in 2004);
``implied_differently``
    a figure stated in one document is implied differently by another (or two
    documents' changes imply different values): the 2022 count was published
    as 351 but the 2023 report's percentage implies 350;
``change_differs``
    the same period's change given differently by two documents (NBS −7.14%
    and MEM −8.3% for China's 2020 deaths);
``differs_from_data``
    a document's figure fits no version of the raw data.

Intervals are compared, never rounded values: a stated count is exact, a
figure given in 万 or marked 约 stands for one unit either way, a percentage
for its rounding interval (half-open under 四舍五入), an implied base for the
whole range of bases that reproduce the percentage.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, ParameterError
from ..rounding import check_rule
from .facts import data_facts, half_width, metric_key_of, region_key
from .match import STANDARD_BASES, _infer_base, _null, _period

__all__ = ["reconcile", "Reconciliation", "claim_figures", "find_disagreements", "DISAGREEMENT_KINDS",
           "FIGURE_COLUMNS", "DISAGREEMENT_COLUMNS", "REPORT_SUFFIXES"]

#: Kinds of disagreement, in the order they are listed.
DISAGREEMENT_KINDS: tuple[str, ...] = ("restated", "implied_differently", "change_differs", "differs_from_data")

#: Columns of the figures table.
FIGURE_COLUMNS: tuple[str, ...] = (
    "figure_id", "document", "claim_id", "line", "metric_key", "region", "period", "base_period", "basis",
    "figure", "origin", "value", "low", "high", "low_closed", "high_closed", "vintage", "rows", "how",
    "source_text",
)
#: Columns of the disagreements table.
DISAGREEMENT_COLUMNS: tuple[str, ...] = (
    "kind", "metric_key", "region", "period", "base_period", "figure",
    "document_a", "claim_a", "origin_a", "shown_a", "low_a", "high_a",
    "document_b", "claim_b", "origin_b", "shown_b", "low_b", "high_b", "note",
)
#: File endings read as reports when a folder is given.
REPORT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".pdf", ".html", ".htm")


def _fmt(v: float) -> str:
    if not np.isfinite(v):
        return "∞" if v > 0 else "?"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.6g}"


def _shown(origin: str, figure: str, value: float, low: float, high: float, how: str) -> str:
    if figure == "change_pct":
        return f"{value:+g}% ({how})" if how else f"{value:+g}%"
    if origin == "implied":
        rng = _fmt(low) if low == high else f"{_fmt(low)}–{_fmt(high)}"
        return f"{rng} ({how})"
    if low != high:
        return f"{_fmt(value)} (±{_fmt((high - low) / 2)}; {how})" if how else f"{_fmt(value)} (±{_fmt((high - low) / 2)})"
    return f"{_fmt(value)} ({how})" if how else _fmt(value)


# ---------------------------------------------------------------------------
# Figures from claims
# ---------------------------------------------------------------------------
def _col(df: pd.DataFrame, name: str, default: Any = None) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([default] * len(df), index=df.index, dtype=object)


def _change_intervals(P: np.ndarray, d: np.ndarray, sign: np.ndarray, rule: np.ndarray) -> tuple[np.ndarray, ...]:
    """Signed intervals of true changes that round to magnitude ``P / 10**d`` (vectorised, per-row rule).

    Ends are computed as ``(2P ± k) / (2·10^d)`` from whole numbers, so equal decimals give equal floats.
    """
    den = 2.0 * 10.0 ** d.astype(np.float64)
    two_p = 2.0 * P.astype(np.float64)
    even = (P % 2) == 0
    lo = np.select([rule == "down", rule == "up", rule == "any"], [two_p, two_p - 2, two_p - 2], two_p - 1) / den
    hi = np.select([rule == "down", rule == "up", rule == "any"], [two_p + 2, two_p, two_p + 2], two_p + 1) / den
    lc = np.select([rule == "half_up", rule == "half_even", rule == "down"], [True, even, True], False)
    hc = np.select([rule == "half_even", rule == "up"], [even, True], False)
    neg = lo < 0
    lo = np.where(neg, 0.0, lo)
    lc = lc | neg
    zero_up = (P == 0) & (rule == "up")
    hi = np.where(zero_up, 0.0, hi)
    hc = hc | zero_up
    s_lo = np.where(sign < 0, -hi, np.where(sign == 0, -hi, lo))
    s_hi = np.where(sign < 0, -lo, hi)
    s_lc = np.where(sign < 0, hc, np.where(sign == 0, hc, lc))
    s_hc = np.where(sign < 0, lc, hc)
    return s_lo, s_hi, s_lc.astype(bool), s_hc.astype(bool)


def claim_figures(
    claims: pd.DataFrame,
    *,
    rounding: str = "half_up",
    metrics: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every figure a claims frame states or implies, one row each.

    Parameters
    ----------
    claims : pandas.DataFrame
        A claims frame; the ``source`` column names the document each claim
        came from.  An optional ``basis`` column marks changes that are not
        against the plain previous figure (``"comparable scope"``): their
        implied base is kept apart (``basis``) from the published figure.
    rounding : {"half_up", "half_even", "down", "up", "any"}
        The rule the percentages were rounded with.
    metrics : mapping, optional
        Extra ``words -> metric key`` names.

    Returns
    -------
    pandas.DataFrame
        :data:`FIGURE_COLUMNS`: ``figure`` is ``value`` (a count or rate) or
        ``change_pct`` (a percentage change, keyed by its ``base_period``);
        ``origin`` is ``stated`` or ``implied``; ``low``/``high`` (with
        ``low_closed``/``high_closed``) is the interval it stands for; ``how``
        says where an implied figure comes from.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"claim_id": ["a"], "kind": ["change"], "metric": ["事故"], "metric_key": ["accidents"],
    ...                   "period": ["2023"], "value": [71.0], "reported_pct": [11.3], "pct_decimals": [1],
    ...                   "direction": ["decrease"], "source": ["report 2023"]})
    >>> claim_figures(c)[["period", "figure", "origin", "low", "high"]]
      period      figure   origin    low    high
    0   2023       value   stated  71.00   71.00
    1   2022       value  implied  80.00   80.00
    2   2023  change_pct   stated -11.35  -11.25
    """
    from ..change import DIRECTION_WORDS, implied_current, infer_decimals
    from ..checks import check_claims
    from ..schemas import validate
    from .facts import map_unique

    rule = check_rule(rounding)
    if not isinstance(claims, pd.DataFrame):
        raise ParameterError(f"claims must be a claims DataFrame, got {type(claims).__name__}")
    c = validate(claims, kind="claims")
    n = len(c)
    if n == 0:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    doc = _col(c, "source").astype(object).where(_col(c, "source").notna(), "report").to_numpy(dtype=object)
    kind = c["kind"].astype(str).to_numpy()
    src = _col(c, "metric_key").astype(object).where(_col(c, "metric_key").notna(), _col(c, "metric").astype(object))
    mk = map_unique(src, lambda w: metric_key_of(w, metrics=metrics)).to_numpy(dtype=object)
    periods = map_unique(_col(c, "period"), _period).to_numpy(dtype=object)
    per = np.array([p.label if p is not None else None for p in periods], dtype=object)
    basis = _col(c, "basis").astype(object).to_numpy()
    text = _col(c, "source_text").astype(object).to_numpy()
    stated_bp = _col(c, "base_period").astype(object).to_numpy()
    base_per = np.full(n, None, dtype=object)
    for i in np.flatnonzero(kind == "change"):
        if periods[i] is None:
            continue
        b = _period(stated_bp[i]) if not _null(stated_bp[i]) else _infer_base(periods[i], text[i], basis[i])[0]
        base_per[i] = b.label if b is not None else None
    basis_key = map_unique(pd.Series(basis, dtype=object), lambda b: None if _null(b) or str(b).strip().casefold()
                           in STANDARD_BASES else str(b)).to_numpy(dtype=object)
    value = pd.to_numeric(c["value"], errors="coerce").to_numpy(dtype=np.float64)
    hw = half_width(value, _col(c, "value_decimals").to_numpy(dtype=object),
                    _col(c, "value_approximate", False).to_numpy(dtype=object), count=True)
    base = pd.to_numeric(_col(c, "base_value"), errors="coerce").to_numpy(dtype=np.float64)
    bhw = half_width(base, _col(c, "base_decimals").to_numpy(dtype=object), False, count=True)
    pct = pd.to_numeric(_col(c, "reported_pct"), errors="coerce").to_numpy(dtype=np.float64)
    pdec_raw = pd.to_numeric(_col(c, "pct_decimals"), errors="coerce").to_numpy(dtype=np.float64)
    pdec = np.where(np.isfinite(pdec_raw), pdec_raw, infer_decimals(np.where(np.isfinite(pct), pct, 0.0)))
    pdec = pdec.astype(np.int64)
    dwords = map_unique(_col(c, "direction"), lambda w: None if _null(w) else DIRECTION_WORDS.get(
        str(w).strip().lower(), str(w).strip().lower())).to_numpy(dtype=object)
    sign = np.where(dwords == "decrease", -1, np.where(dwords == "increase", 1, np.where(
        dwords == "flat", 0, np.where(pct < 0, -1, 1)))).astype(np.int64)
    unit = _col(c, "pct_unit").astype(object).to_numpy()
    is_pp = np.array([u == "pp" for u in unit], dtype=bool)
    rules = _col(c, "rounding").astype(object).to_numpy()
    rule_of = np.array([rule if _null(r) else _safe_rule(r, rule) for r in rules], dtype=object)
    usable = (mk != None) & (per != None)  # noqa: E711 - element-wise on object arrays
    has_bp = base_per != None  # noqa: E711
    ch = usable & (kind == "change")
    claim_id = c["claim_id"].astype(str).to_numpy(dtype=object)
    common = {"document": doc, "claim_id": claim_id, "line": _col(c, "line").astype(object).to_numpy(),
              "metric_key": mk, "region": _col(c, "region").astype(object).to_numpy(), "source_text": text}
    parts: list[pd.DataFrame] = []

    def part(mask: np.ndarray, **cols: Any) -> None:
        if not mask.any():
            return
        frame = {k: v[mask] for k, v in common.items()}
        for k, v in cols.items():
            frame[k] = v[mask] if isinstance(v, np.ndarray) and v.shape == (n,) else v
        parts.append(pd.DataFrame(frame))

    # stated current values (a change's current value, a level, a sum's total, a share's part)
    m = usable & np.isfinite(value)
    part(m, period=per, base_period=None, basis=None, figure="value", origin="stated", value=value,
         low=value - hw, high=value + hw, low_closed=True, high_closed=True, how="stated")
    # stated bases ("from 5,486 in 2022")
    m = ch & np.isfinite(base) & has_bp
    part(m, period=base_per, base_period=None, basis=basis_key, figure="value", origin="stated", value=base,
         low=base - bhw, high=base + bhw, low_closed=True, high_closed=True,
         how=np.array([f"stated as the base of {p}" for p in per], dtype=object))
    # implied bases: check_claims's exact inversion of each claim alone (no period: no cross-claim look-up)
    need = np.flatnonzero(ch & ~np.isfinite(base) & np.isfinite(value) & has_bp)
    if len(need):
        sub = c.iloc[need].copy()
        for col in ("period", "base_period", "source_text", "line", "metric", "metric_key", "region", "source"):
            if col in sub.columns:
                sub[col] = None
        chk = check_claims(sub, rounding=rule)
        lo_b = np.full(n, np.nan)
        hi_b = np.full(n, np.nan)
        got = np.full(n, np.nan)
        lo_b[need] = chk["implied_base_min"].to_numpy(dtype=np.float64)
        hi_b[need] = chk["implied_base_max"].to_numpy(dtype=np.float64)
        got[need] = chk["base_value"].to_numpy(dtype=np.float64)
        from_abs = np.zeros(n, dtype=bool)
        from_abs[need] = (chk["base_source"].astype(object).to_numpy() == "abs_change") & np.isfinite(got[need])
        absch = pd.to_numeric(_col(c, "abs_change"), errors="coerce").to_numpy(dtype=np.float64)
        idx = np.zeros(n, dtype=bool)
        idx[need] = True
        m = idx & from_abs
        part(m, period=base_per, base_period=None, basis=basis_key, figure="value", origin="implied", value=got,
             low=got - hw, high=got + hw, low_closed=True, high_closed=True,
             how=np.array([f"implied by {p} {_fmt(v)} and the change of {_fmt(abs(a))}" if np.isfinite(a) else ""
                           for p, v, a in zip(per, value, absch, strict=True)], dtype=object))
        m = idx & ~from_abs & np.isfinite(lo_b)
        grid = np.where(np.isfinite(value) & ((value != np.floor(np.nan_to_num(value))) | (hw > 0)) & (hw < 1), hw, 0.0)
        single = lo_b == hi_b
        pct_text = [("" if not np.isfinite(q) else (f"{'' if dw is None else dw + ' '}{abs(q):g}"
                                                      + (" pp" if pp else "%")))
                    for q, dw, pp in zip(pct, dwords, is_pp, strict=True)]
        part(m, period=base_per, base_period=None, basis=basis_key, figure="value", origin="implied",
             value=np.where(single, lo_b, np.nan), low=lo_b - grid, high=hi_b + grid, low_closed=True,
             high_closed=True, how=np.array([f"implied by {p} {_fmt(v)}, {t}".rstrip(", ")
                                             for p, v, t in zip(per, value, pct_text, strict=True)], dtype=object))
    # implied current values: a base and a change but no current value (counts only; rare, one by one)
    cur_need = np.flatnonzero(ch & ~np.isfinite(value) & np.isfinite(base) & np.isfinite(pct) & ~is_pp
                              & (base == np.floor(np.nan_to_num(base))) & (bhw == 0))
    rows = []
    for i in cur_need:
        try:
            r = implied_current(int(base[i]), f"{abs(pct[i]):.{pdec[i]}f}", decimals=int(pdec[i]),
                                direction="decrease" if sign[i] < 0 else "increase", rounding=rule_of[i])
        except (ParameterError, ValueError):  # a claim the inversion cannot read gives no implied figure
            continue
        if r.is_empty or not r.is_bounded:
            continue
        rows.append({**{k: v[i] for k, v in common.items()}, "period": per[i], "base_period": None, "basis": None,
                     "figure": "value", "origin": "implied", "value": float(r.low) if r.low == r.high else np.nan,
                     "low": float(r.low), "high": float(r.high), "low_closed": True, "high_closed": True,
                     "how": f"implied by {base_per[i]} {_fmt(base[i])} and the change"})
    if rows:
        parts.append(pd.DataFrame(rows))
    # stated changes, with the rounding interval of the written percentage
    m = ch & np.isfinite(pct)
    if m.any():
        P = np.rint(np.abs(np.where(m, pct, 0.0)) * 10.0 ** pdec).astype(np.int64)
        lo, hi, lc, hc = _change_intervals(P, pdec, sign, rule_of)
        part(m, period=per, base_period=base_per, basis=basis_key,
             figure=np.where(is_pp, "change_pp", "change_pct").astype(object), origin="stated",
             value=sign * np.abs(pct), low=lo, high=hi, low_closed=lc, high_closed=hc,
             how=np.array([f"{p} vs {b}" if b else "" for p, b in zip(per, base_per, strict=True)], dtype=object))
    if not parts:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "figure_id", np.arange(len(out), dtype=np.int64))
    for col in FIGURE_COLUMNS:
        if col not in out.columns:
            out[col] = None
    return out[list(FIGURE_COLUMNS)]


def _safe_rule(r: Any, default: str) -> str:
    try:
        return check_rule(str(r))
    except ParameterError:
        return default


def _data_figures(facts: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "document": facts["source"].fillna("data").astype(object).to_numpy(), "claim_id": None, "line": None,
        "metric_key": facts["metric_key"].to_numpy(), "region": facts["region"].to_numpy(),
        "period": facts["period"].to_numpy(), "base_period": None, "basis": None, "figure": "value",
        "origin": "data", "value": facts["value"].to_numpy(), "low": facts["low"].to_numpy(),
        "high": facts["high"].to_numpy(), "low_closed": True, "high_closed": True,
        "vintage": facts["vintage"].to_numpy(), "rows": facts["row"].astype(str).to_numpy(),
        "how": ["data" + ("" if _null(v) else f", vintage {v}") for v in facts["vintage"]], "source_text": None,
    })
    return out


# ---------------------------------------------------------------------------
# Disagreements
# ---------------------------------------------------------------------------
def _disjoint(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """Whether intervals a and b (columns low, high, low_closed, high_closed, suffixed) share no point."""
    lo_a, hi_a = a["low_a"].to_numpy(dtype=np.float64), a["high_a"].to_numpy(dtype=np.float64)
    lo_b, hi_b = b["low_b"].to_numpy(dtype=np.float64), b["high_b"].to_numpy(dtype=np.float64)
    lca, hca = a["low_closed_a"].to_numpy(dtype=bool), a["high_closed_a"].to_numpy(dtype=bool)
    lcb, hcb = b["low_closed_b"].to_numpy(dtype=bool), b["high_closed_b"].to_numpy(dtype=bool)
    tol = 1e-9 * np.maximum(1.0, np.maximum(np.abs(lo_a), np.abs(lo_b)))
    # a entirely below b, or b entirely below a
    a_below = (hi_a < lo_b - tol) | ((np.abs(hi_a - lo_b) <= tol) & ~(hca & lcb))
    b_below = (hi_b < lo_a - tol) | ((np.abs(hi_b - lo_a) <= tol) & ~(hcb & lca))
    return a_below | b_below


def _keyed(figs: pd.DataFrame) -> pd.DataFrame:
    from .facts import map_unique

    f = figs.reset_index(drop=True).copy()
    f["rkey"] = map_unique(f["region"], region_key).astype(str)
    named = sorted(set(f["rkey"]) - {""})
    if len(named) == 1:  # one region named anywhere: unnamed figures are about it
        f["rkey"] = named[0]
    f["bpkey"] = f["base_period"].astype(object).where(f["base_period"].notna(), "")
    f["basiskey"] = f["basis"].astype(object).where(f["basis"].notna(), "")
    for col in ("how", "claim_id", "vintage"):
        if col not in f.columns:
            f[col] = None
    return f


_KEYS = ["metric_key", "rkey", "period", "bpkey", "basiskey", "figure"]
_IV = ["low", "high", "low_closed", "high_closed"]


def _join(values: pd.Series) -> str:
    return "; ".join(dict.fromkeys(str(x) for x in values if not _null(x)))


def find_disagreements(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures from different documents that cannot both be right.

    Figures that stand for the same interval are merged first (one row per
    distinct value, with every document that gives it), so a value restated
    by ten publications is one finding, not ten.  Two different values given
    by one and the same document are not listed here (the claim check shows
    those).

    Parameters
    ----------
    figures : pandas.DataFrame
        A figures table (:data:`FIGURE_COLUMNS`), e.g. ``Reconciliation.figures``.
        Figures with ``origin = "data"`` are the raw data's versions: a
        document's figure disagrees with the data only when it fits none of
        them, and versions of the data are not compared with each other.

    Returns
    -------
    pandas.DataFrame
        :data:`DISAGREEMENT_COLUMNS`, sorted by metric, period and kind;
        ``document_a``/``document_b`` list every document (``; ``-joined)
        that gives the value.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"figure_id": [0, 1], "document": ["A", "B"], "claim_id": ["a", "b"],
    ...     "metric_key": ["deaths"] * 2, "region": [None, None], "period": ["2004"] * 2,
    ...     "base_period": [None] * 2, "basis": [None] * 2, "figure": ["value"] * 2,
    ...     "origin": ["stated"] * 2, "value": [136092.0, 136755.0], "low": [136092.0, 136755.0],
    ...     "high": [136092.0, 136755.0], "low_closed": [True] * 2, "high_closed": [True] * 2, "how": ["", ""]})
    >>> find_disagreements(f)[["kind", "period", "shown_a", "shown_b"]]
           kind period  shown_a  shown_b
    0  restated   2004  136,092  136,755
    """
    if figures is None or len(figures) == 0:
        return pd.DataFrame(columns=list(DISAGREEMENT_COLUMNS))
    f = _keyed(figures)
    is_data = (f["origin"] == "data").to_numpy()
    docs = f[~is_data].copy()
    data = f[is_data]
    out = []
    groups = None
    if len(docs):
        # one group per distinct interval of a figure (vectorised: ngroup, then group-level facts)
        docs["_stated"] = (docs["origin"] == "stated").astype(int)
        docs["gid"] = docs.groupby(_KEYS + _IV, sort=False, dropna=False).ngroup()
        g = docs.groupby("gid", sort=False)
        rep = docs.sort_values(["gid", "_stated", "figure_id"], ascending=[True, False, True],
                               kind="mergesort").drop_duplicates("gid").set_index("gid")
        groups = rep[_KEYS + _IV + ["region", "origin", "value", "how", "figure_id", "document"]].copy()
        groups["stated"] = g["_stated"].max()
        groups["ndocs"] = g["document"].nunique()
        groups["origin"] = np.where(groups["stated"] > 0, "stated", "implied")
        groups = groups.rename(columns={"figure_id": "first_id"}).reset_index()
    if groups is not None and len(groups) > 1:
        cols = ["gid", "origin", "low", "high", "low_closed", "high_closed", "ndocs", "document", "region",
                "first_id"]
        a = groups[_KEYS + cols].rename(columns={c: f"{c}_a" for c in cols})
        b = groups[_KEYS + cols].rename(columns={c: f"{c}_b" for c in cols})
        pairs = a.merge(b, on=_KEYS)
        pairs = pairs[pairs["first_id_a"] < pairs["first_id_b"]]
        if len(pairs):
            pairs = pairs[_disjoint(pairs, pairs)]
        if len(pairs):
            docsets = docs[docs["gid"].isin(set(pairs["gid_a"]) | set(pairs["gid_b"]))].groupby("gid")["document"]
            sets = docsets.agg(lambda s: frozenset(map(str, s)))
            pairs = pairs[sets.reindex(pairs["gid_a"]).to_numpy() != sets.reindex(pairs["gid_b"]).to_numpy()]
        if len(pairs):
            both = (pairs["origin_a"] == "stated") & (pairs["origin_b"] == "stated")
            pairs = pairs.assign(kind=np.where(pairs["figure"].str.startswith("change"), "change_differs",
                                               np.where(both, "restated", "implied_differently")))
            out.append(pairs)
    if len(data) and groups is not None and len(groups):
        cols = ["gid", "origin", "low", "high", "low_closed", "high_closed", "region", "first_id"]
        a = groups[_KEYS + cols].rename(columns={c: f"{c}_a" for c in cols})
        dcols = ["figure_id", "low", "high", "low_closed", "high_closed"]
        d = data[_KEYS + dcols].rename(columns={c: f"{c}_b" for c in dcols})
        m = a.merge(d, on=_KEYS)
        if len(m):
            m = m.assign(fit=~_disjoint(m, m))
            anyfit = m.groupby("gid_a")["fit"].transform("any").to_numpy(dtype=bool)
            bad = m[~anyfit]
            if len(bad):
                first = bad.groupby("gid_a", sort=False).agg(
                    **{c: (c, "first") for c in _KEYS + ["origin_a", "low_a", "high_a", "region_a", "first_id_a"]},
                    low_b=("low_b", "min"), high_b=("high_b", "max"),
                    data_ids=("figure_id_b", lambda s: tuple(s))).reset_index()
                first["kind"] = "differs_from_data"
                first["origin_b"] = "data"
                out.append(first)
    if not out:
        return pd.DataFrame(columns=list(DISAGREEMENT_COLUMNS))
    res = pd.concat(out, ignore_index=True)
    # words only for the groups that disagree: documents, claims and the figure as shown
    need = set(res["gid_a"]) | set(res.get("gid_b", pd.Series(dtype=float)).dropna())
    sub = docs[docs["gid"].isin(need)].sort_values(["gid", "_stated", "figure_id"], ascending=[True, False, True],
                                                   kind="mergesort")
    by = sub.groupby("gid", sort=False)
    documents = by["document"].agg(_join)
    claims = by["claim_id"].agg(_join)
    shown = {gid: _shown(r.origin, r.figure, float(r.value), float(r.low), float(r.high),
                         "" if _null(r.how) else str(r.how))
             for gid, r in sub.drop_duplicates("gid").set_index("gid").iterrows()}
    res["document_a"] = res["gid_a"].map(documents)
    res["claim_a"] = res["gid_a"].map(claims)
    res["shown_a"] = res["gid_a"].map(shown)
    is_dfd = (res["kind"] == "differs_from_data").to_numpy()
    gb = res["gid_b"].where(~is_dfd) if "gid_b" in res.columns else pd.Series(np.nan, index=res.index)
    res["document_b"] = gb.map(documents)
    res["claim_b"] = gb.map(claims)
    res["shown_b"] = gb.map(shown)
    if is_dfd.any():
        drows = data.set_index("figure_id")
        dshown = {i: _shown("data", r.figure, float(r.value), float(r.low), float(r.high),
                            "" if _null(r.how) else str(r.how)) for i, r in drows.iterrows()}
        ids = res.loc[is_dfd, "data_ids"]
        res.loc[is_dfd, "shown_b"] = ["; ".join(dict.fromkeys(dshown[i] for i in t)) for t in ids]
        res.loc[is_dfd, "document_b"] = ["; ".join(dict.fromkeys(str(drows.at[i, "document"]) for i in t))
                                         for t in ids]
    note = []
    for r in res[["kind", "document_a", "shown_a", "document_b", "shown_b"]].itertuples(index=False):
        if r.kind == "restated":
            note.append(f"{r.document_a} state(s) {r.shown_a}; {r.document_b} state(s) {r.shown_b}")
        elif r.kind == "change_differs":
            note.append(f"{r.document_a}: {r.shown_a}; {r.document_b}: {r.shown_b}; the rounding intervals do "
                        "not overlap")
        elif r.kind == "differs_from_data":
            note.append(f"{r.document_a}: {r.shown_a}; the data hold {r.shown_b}")
        else:
            note.append(f"{r.document_a}: {r.shown_a}; {r.document_b}: {r.shown_b}")
    res["note"] = note
    res["region"] = res["region_a"]
    res["base_period"] = res["bpkey"].replace("", None)
    order = {k: i for i, k in enumerate(DISAGREEMENT_KINDS)}
    res["_k"] = res["kind"].map(order)
    res["_p"] = res["period"].map(lambda s: (_period(s).ordinal, _period(s).kind) if _period(s) else (0, ""))
    res = res.sort_values(["metric_key", "_p", "_k", "first_id_a"], kind="mergesort")
    return res[list(DISAGREEMENT_COLUMNS)].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Reading reports and the result object
# ---------------------------------------------------------------------------
def _suffixes() -> tuple[str, ...]:
    try:
        from ..claims.reading import REPORT_SUFFIXES as known
    except ImportError:  # pragma: no cover - the claims package ships with safetystats
        return REPORT_SUFFIXES
    return tuple(known)


def _report_items(reports: Any) -> list[tuple[str, str | Path]]:
    """(document name, text or path) for texts, paths, folders, or a list of them."""
    items: list[tuple[str, str | Path]] = []
    seq = reports if isinstance(reports, (list, tuple)) else [reports]
    n_text = 0
    for r in seq:
        if isinstance(r, Path) or (isinstance(r, str) and "\n" not in r and len(r) < 4096 and os.path.exists(r)):
            p = Path(r)
            if p.is_dir():
                files = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in _suffixes())
                if not files:
                    raise InputError(f"holds no reports ({', '.join(_suffixes())} files)", file=str(p))
                items.extend((str(q), q) for q in files)
            elif p.exists():
                items.append((str(p), p))
            else:
                raise InputError("file not found; check the path", file=str(p))
        elif isinstance(r, str):
            n_text += 1
            items.append((f"text {n_text}", r))
        else:
            raise ParameterError(f"reports must be texts, paths or folders (or a claims DataFrame), got "
                                 f"{type(r).__name__}")
    if not items:
        raise ParameterError("reports is empty: pass at least one text, file or folder")
    return items


def _claims_of(reports: Any, *, region: Any = None, period: Any = None,
               encoding: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    if isinstance(reports, pd.DataFrame):
        c = reports.copy()
        if "source" not in c.columns:
            c["source"] = "report"
        docs = list(dict.fromkeys(c["source"].astype(object).where(c["source"].notna(), "report")))
        return c, [str(d) for d in docs]
    from ..claims import extract_claims

    frames = []
    names = []
    for name, item in _report_items(reports):
        if isinstance(item, Path):
            from ..claims import read_report

            text = read_report(item, encoding=encoding).text
        else:
            text = item
        c = extract_claims(text, source=name, region=region, period=period)
        c = c.copy()
        c["source"] = name
        c["claim_id"] = [f"{name}#{cid}" for cid in c["claim_id"].astype(str)]
        frames.append(c)
        names.append(name)
    claims = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else \
        frames[0].iloc[0:0]
    return claims, names


@dataclass(frozen=True)
class Reconciliation:
    """Every stated and implied figure of several documents, and where they disagree.

    Attributes
    ----------
    figures : pandas.DataFrame
        One row per figure (:data:`FIGURE_COLUMNS`): stated and implied
        values and stated changes per metric/region/period, with the
        document, claim and sentence it came from; the data's versions with
        ``origin = "data"`` when ``against`` was given.
    disagreements : pandas.DataFrame
        :data:`DISAGREEMENT_COLUMNS`: ``restated``, ``implied_differently``,
        ``change_differs`` and ``differs_from_data``.
    checks : pandas.DataFrame or None
        Every claim checked against the data (:func:`check_against`) when
        ``against`` was given, else every claim checked on its own numbers.
    claims : pandas.DataFrame
        The claims of all documents (``source`` = document).
    documents : tuple of str
        The documents read, in order.
    """

    figures: pd.DataFrame
    disagreements: pd.DataFrame
    checks: pd.DataFrame | None
    claims: pd.DataFrame = field(repr=False)
    documents: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no document disagrees with another (or with the data) and no claim fails."""
        from .check import is_failing

        failing = bool(is_failing(self.checks).any()) if self.checks is not None and len(self.checks) else False
        return len(self.disagreements) == 0 and not failing

    def summary(self) -> pd.DataFrame:
        """Counts: documents, claims, figures and disagreements by kind, failing claims (a tidy table).

        Examples
        --------
        >>> import pandas as pd
        >>> c = pd.DataFrame({"claim_id": ["a", "b"], "kind": ["level", "level"], "metric_key": ["deaths"] * 2,
        ...                   "metric": ["死亡"] * 2, "period": ["2022"] * 2, "value": [351.0, 350.0],
        ...                   "source": ["report 2022", "report 2023"]})
        >>> reconcile(c).summary().set_index("item")["count"].to_dict()["restated"]
        1
        """
        from .check import is_failing

        rows = [("documents", len(self.documents)), ("claims", len(self.claims)),
                ("figures", int((self.figures["origin"] != "data").sum()) if len(self.figures) else 0)]
        kinds = self.disagreements["kind"].value_counts() if len(self.disagreements) else pd.Series(dtype=int)
        rows += [(k, int(kinds.get(k, 0))) for k in DISAGREEMENT_KINDS]
        if self.checks is not None:
            rows.append(("failing_claims", int(is_failing(self.checks).sum()) if len(self.checks) else 0))
            if "match" in self.checks.columns:
                rows.append(("unmatched_claims", int((self.checks["match"] == "unmatched").sum())))
        return pd.DataFrame(rows, columns=["item", "count"])

    def _repr_html_(self) -> str:
        head = (f"<p><b>Reconciliation of {len(self.documents)} document(s)</b>: "
                f"{'no disagreements' if self.ok else str(len(self.disagreements)) + ' disagreement(s)'}</p>")
        body = self.summary().to_html(index=False, escape=True)
        if len(self.disagreements):
            view = self.disagreements[["kind", "metric_key", "period", "document_a", "shown_a", "document_b",
                                       "shown_b"]].head(50)
            body += view.to_html(index=False, escape=True)
        return head + body + f"<p>{html.escape('figures: ' + str(len(self.figures)) + ' rows (.figures)')}</p>"


def reconcile(
    reports: Any,
    *,
    against: Any = None,
    rounding: str = "half_up",
    alpha: float = 0.05,
    vintage: str | Sequence[str] | None = None,
    metrics: Mapping[str, str] | None = None,
    region: str | None = None,
    period: str | int | None = None,
    encoding: str | None = None,
    check: bool = True,
) -> Reconciliation:
    """Read several reports, list every stated and implied figure, and where the documents disagree.

    Parameters
    ----------
    reports : str, path, folder, list of them, or a claims DataFrame
        Report texts, files (.txt in any encoding the readers detect, .pdf,
        .html), folders of such files, or an already extracted claims frame
        whose ``source`` column names the documents.
    against : DataFrame, list of DataFrames, or data file(s) / folder(s), optional
        The raw data (see :func:`~safetystats.reconcile.data_facts`): its
        versions join the figures table, each claim is checked against it
        (``checks``), and a document's figure that fits no version is a
        ``differs_from_data`` disagreement.
    rounding : {"half_up", "half_even", "down", "up", "any"}
        The rule the percentages were rounded with.
    alpha : float
        Significance level of the exact Poisson test in ``checks``.
    vintage : str or list of str, optional
        The default version of the data's figures (``None`` = the latest).
    metrics : mapping, optional
        Extra ``words -> metric key`` names.
    region, period : optional
        For reports read here: the region and period of claims whose
        sentence names none (see ``extract_claims``).
    encoding : str, optional
        Force the text encoding of .txt / .html reports (default: detect).
    check : bool, default True
        Check every claim (``checks``); ``False`` leaves ``checks`` as
        ``None`` when only the figures and disagreements are wanted.

    Returns
    -------
    Reconciliation

    Raises
    ------
    InputError
        A path that does not exist, an unreadable report, a folder with no
        reports.
    ValidationError
        Claims or data that fail their schema; a repeated vintage name.

    Examples
    --------
    >>> import pandas as pd
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["r22", "r23"], "kind": ["level", "change"], "metric": ["死亡", "死亡"],
    ...     "metric_key": ["deaths", "deaths"], "period": ["2022", "2023"], "value": [351.0, 300.0],
    ...     "reported_pct": [None, 14.3], "pct_decimals": [None, 1], "direction": [None, "decrease"],
    ...     "source": ["report 2022", "report 2023"]})
    >>> rec = reconcile(claims)
    >>> d = rec.disagreements.iloc[0]
    >>> d.kind, d.period, d.document_a, d.shown_a
    ('implied_differently', '2022', 'report 2022', '351 (stated)')
    >>> d.document_b, d.shown_b
    ('report 2023', '350 (implied by 2023 300, decrease 14.3%)')
    """
    from .check import check_against, check_by_document

    claims, docs = _claims_of(reports, region=region, period=period, encoding=encoding)
    figures = claim_figures(claims, rounding=rounding, metrics=metrics)
    checks = None
    if against is not None:
        facts = data_facts(against, vintage=vintage, metrics=metrics)
        data = _data_figures(facts)
        data.insert(0, "figure_id", np.arange(len(figures), len(figures) + len(data), dtype=np.int64))
        figures = pd.concat([figures, data[list(FIGURE_COLUMNS)]], ignore_index=True) if len(figures) else \
            data[list(FIGURE_COLUMNS)].reset_index(drop=True)
        if check:
            checks = check_against(claims, facts, rounding=rounding, alpha=alpha, vintage=vintage, metrics=metrics)
    elif len(claims) and check:
        checks = check_by_document(claims, rounding=rounding, alpha=alpha)
    disagreements = find_disagreements(figures)
    return Reconciliation(figures=figures, disagreements=disagreements, checks=checks, claims=claims,
                          documents=tuple(docs))
