"""Verdicts against the raw data: the real base, the data row it came from, and vintages.

:func:`check_against` matches every claim to the data (:func:`match_claims`)
and checks it with :func:`safetystats.checks.check_claims` once per version
of the figures it needs - one call over all claims and versions, vectorised -
then keeps, per claim, the version that explains it:

1. the default version fits: ``consistent`` (the note names the version, and
   what the other versions would give);
2. only another version fits: ``consistent_other_vintage`` (the note names
   it and the default's figure);
3. no version fits: the verdict of the default version (``inconsistent``,
   ``wrong_direction`` …), and the note gives every version's figure.

A claim that cannot be matched is checked on its own numbers (``match`` says
``unmatched`` and why).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .facts import half_width
from .match import _match, _null

__all__ = ["check_against", "check_by_document", "RECONCILE_VERDICTS", "FAILING", "EXTRA_COLUMNS", "is_failing"]

#: The verdicts of :func:`check_against`: those of check_claims plus ``consistent_other_vintage``.
RECONCILE_VERDICTS: tuple[str, ...] = (
    "consistent", "consistent_other_vintage", "inconsistent", "consistent_other_rounding", "wrong_direction",
    "percentage_points", "unverifiable",
)
#: Verdicts that make a check fail (exit code 1): as check_claims.
FAILING: frozenset[str] = frozenset({"inconsistent", "wrong_direction", "percentage_points"})

#: Columns :func:`check_against` adds after the columns of check_claims.
EXTRA_COLUMNS: tuple[str, ...] = (
    "own_verdict", "match", "match_reason", "base_rule",
    "data_current", "current_file", "current_rows", "current_vintage", "stated_value_agrees",
    "data_base", "base_file", "base_rows", "base_vintage", "stated_base", "stated_base_agrees",
    "versions_tried", "versions_fitting",
)


def is_failing(table: pd.DataFrame) -> pd.Series:
    """Rows that fail: a failing verdict, or a stated figure that no version of the data holds.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`check_against` (or of ``check_claims``).

    Returns
    -------
    pandas.Series of bool

    Examples
    --------
    >>> import pandas as pd
    >>> is_failing(pd.DataFrame({"verdict": ["consistent", "inconsistent"]})).tolist()
    [False, True]
    """
    bad = table["verdict"].isin(list(FAILING))
    for col in ("stated_value_agrees", "stated_base_agrees"):
        if col in table.columns:
            bad = bad | table[col].astype("boolean").eq(False).fillna(False)
    return bad.astype(bool)


def check_by_document(claims: pd.DataFrame, *, rounding: str = "half_up", alpha: float = 0.05) -> pd.DataFrame:
    """``check_claims`` run separately on each document's claims (``source``), rows in input order.

    check_claims fills a missing base from another claim of the same metric
    and period; across documents that would check one report with another's
    figures, so each document is checked on its own.
    """
    from ..checks import check_claims

    if "source" not in claims.columns or claims["source"].nunique(dropna=False) <= 1:
        return check_claims(claims, rounding=rounding, alpha=alpha)
    key = claims["source"].astype(object).where(claims["source"].notna(), "").to_numpy()
    parts = []
    for doc in dict.fromkeys(key):
        pos = np.flatnonzero(key == doc)
        part = check_claims(claims.iloc[pos], rounding=rounding, alpha=alpha)
        part.index = pos
        parts.append(part)
    return pd.concat(parts).sort_index().reset_index(drop=True)


def _fmt(x: Any) -> str:
    if _null(x):
        return "?"
    v = float(x)
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.6g}"


def _fmt_pct(x: Any) -> str:
    if _null(x):
        return "?"
    v = float(x)
    return f"{v:+g}%"


def _where(vintage: Any, file: Any, rows: Any) -> str:
    parts = []
    if not _null(vintage) and str(vintage):
        parts.append(str(vintage))
    loc = []
    has_file = not _null(file) and bool(str(file))
    if has_file:
        loc.append(str(file))
    if not _null(rows):
        loc.append(f"row {rows}" if has_file else f"index {rows}")
    if loc:
        parts.append(" ".join(loc))
    return f" ({'; '.join(parts)})" if parts else ""


def _stated_options(checked: pd.DataFrame, pos: np.ndarray) -> pd.DataFrame:
    """The report's own current value as the one 'version' of the current figure."""
    sub = checked.iloc[pos]
    return pd.DataFrame({
        "pos": pos, "c_value": pd.to_numeric(sub["value"], errors="coerce").to_numpy(dtype=np.float64),
        "c_decimals": sub["value_decimals"].to_numpy() if "value_decimals" in sub.columns else pd.NA,
        "c_approx": sub["value_approximate"].to_numpy() if "value_approximate" in sub.columns else False,
        "c_default": True, "c_vintage": None, "c_vkey": "", "c_rows": None, "c_file": None, "c_order": 0,
        "c_from": "report",
    })


def _data_options(cand: pd.DataFrame, role: str, prefix: str) -> pd.DataFrame:
    part = cand[cand["role"] == role]
    return pd.DataFrame({
        "pos": part["pos"].to_numpy(dtype=np.int64), f"{prefix}_value": part["value"].to_numpy(dtype=np.float64),
        f"{prefix}_decimals": part["decimals"].to_numpy(), f"{prefix}_approx": part["approximate"].to_numpy(),
        f"{prefix}_low": part["low"].to_numpy(dtype=np.float64), f"{prefix}_high": part["high"].to_numpy(
            dtype=np.float64),
        f"{prefix}_default": part["is_default"].to_numpy(dtype=bool), f"{prefix}_vintage": part["vintage"].to_numpy(),
        f"{prefix}_vkey": part["vintage_key"].to_numpy(), f"{prefix}_rows": part["rows"].to_numpy(),
        f"{prefix}_file": part["source"].to_numpy(), f"{prefix}_order": part["order"].to_numpy(),
        f"{prefix}_from": "data",
    })


def _engine_decimals(value: np.ndarray, decimals: Any, approx: np.ndarray) -> np.ndarray:
    """Decimals as check_claims reads them: a whole approximate figure (1.96万) is 0 (unit from its zeros)."""
    d = pd.array(np.asarray(decimals, dtype=object), dtype="Int64").fillna(0).to_numpy(dtype=np.int64)
    whole = np.isfinite(value) & (value == np.floor(np.where(np.isfinite(value), value, 0)))
    return np.where(approx & whole, 0, d)


def _overlap(lo1: np.ndarray, hi1: np.ndarray, lo2: np.ndarray, hi2: np.ndarray) -> np.ndarray:
    tol = 1e-9 * np.maximum(1.0, np.maximum(np.abs(hi1), np.abs(hi2)))
    return (lo1 <= hi2 + tol) & (lo2 <= hi1 + tol)


def check_against(
    claims: pd.DataFrame,
    against: pd.DataFrame | Sequence[pd.DataFrame],
    *,
    rounding: str = "half_up",
    alpha: float = 0.05,
    vintage: str | Sequence[str] | None = None,
    metrics: Mapping[str, str] | None = None,
    period: Any = None,
    region: Any = None,
) -> pd.DataFrame:
    """Check claims against the raw counts: the real base, the row it came from, the version that fits.

    Parameters
    ----------
    claims : pandas.DataFrame
        A claims frame (:class:`~safetystats.schemas.Claims`), e.g. from
        ``extract_claims``.  Not changed.
    against : DataFrame, list of DataFrames, or data file(s) / folder(s)
        The raw figures: an accidents frame (wide counts) or an indicators
        frame (long, ``vintage`` telling versions apart); see
        :func:`~safetystats.reconcile.data_facts`.
    rounding : {"half_up", "half_even", "down", "up", "any"}
        The rounding rule the publisher is assumed to use.
    alpha : float
        Significance level of the exact Poisson test.
    vintage : str or list of str, optional
        The default version of each figure.  ``None`` (default) = the latest:
        final/revised before preliminary/provisional, then the later
        publication - a report usually compares with the revised
        previous-year figure (BLS: "from the revised total of 5,575"; HSE
        compares each provisional count with the finalised previous year).
        ``"first"``, a vintage name or a list of names choose another.
    metrics : mapping, optional
        Extra ``indicator -> metric key`` names.
    period, region : optional
        Assumed for claims that do not state them.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in order: the columns of
        :func:`safetystats.checks.check_claims` computed with the data's base
        (``base_source = "data"``; ``value`` is the report's figure, or the
        data's when the report gives none) and the verdict explained above,
        then :data:`EXTRA_COLUMNS`: ``own_verdict`` (the claim on its own
        numbers), ``match``/``match_reason``/``base_rule`` (see
        :func:`match_claims`), ``data_current``, ``current_file``,
        ``current_rows``, ``current_vintage`` (the data's current figure),
        ``stated_value_agrees`` (the report's figure is one the data hold, in
        some version; NA when there is nothing to compare), ``data_base``,
        ``base_file``, ``base_rows``, ``base_vintage`` (the base the verdict
        used), ``stated_base``/``stated_base_agrees`` (a base the report
        printed), ``versions_tried`` (pairs of versions checked) and
        ``versions_fitting`` (the base versions that fit, joined by ``;``).

    Raises
    ------
    ValidationError
        The claims or the data fail their schema, or a vintage name repeats
        for one figure.
    ParameterError
        A bad option.

    Examples
    --------
    >>> import pandas as pd
    >>> claims = pd.DataFrame({"claim_id": ["deaths"], "kind": ["change"], "metric": ["死亡"],
    ...     "metric_key": ["deaths"], "period": ["2023"], "value": [300.0], "reported_pct": [14.3],
    ...     "pct_decimals": [1], "direction": ["decrease"]})
    >>> data = pd.DataFrame({"period": ["2022", "2022"], "deaths": [351, 350], "vintage": ["first", "revised"]})
    >>> r = check_against(claims, data).iloc[0]
    >>> r.verdict, float(r.base_value), r.base_vintage
    ('consistent', 350.0, 'revised')
    >>> r.note.split(": -")[0]
    'fits the 2022 figure 351→350 (revised; index 1)'
    """
    from ..checks import OUTPUT_COLUMNS, check_claims

    checked, res, cand, _facts = _match(claims, against, vintage=vintage, metrics=metrics, period=period,
                                        region=region)
    n = len(checked)
    own = check_by_document(checked, rounding=rounding, alpha=alpha)
    out = own.copy()
    out["own_verdict"] = own["verdict"].to_numpy()
    if n == 0:
        for col in EXTRA_COLUMNS[1:]:
            out[col] = pd.Series(dtype=object)
        return out
    kinds = checked["kind"].astype(str).to_numpy()
    state = res["match"].to_numpy()
    values = pd.to_numeric(checked["value"], errors="coerce").to_numpy(dtype=np.float64)
    stated = np.isfinite(values)

    cur_data = _data_options(cand, "current", "c") if len(cand) else pd.DataFrame(columns=["pos"])
    base_data = _data_options(cand, "base", "b") if len(cand) else pd.DataFrame(columns=["pos"])

    # --- changes: every (current, base) pair of versions, checked in one call --------------------------
    is_change = kinds == "change"
    base_pos = set(base_data["pos"].tolist()) if len(base_data) else set()
    ok = is_change & np.isin(np.arange(n), list(base_pos))
    stated_pos = np.flatnonzero(ok & stated)
    options = [_stated_options(checked, stated_pos)]
    if len(cur_data):
        options.append(cur_data[cur_data["pos"].isin(np.flatnonzero(ok & ~stated))])
    cur_opts = pd.concat(options, ignore_index=True)
    pairs = cur_opts.merge(base_data, on="pos", how="inner") if len(base_data) else cur_opts.iloc[0:0]
    chosen = pd.DataFrame()
    if len(pairs):
        pairs = pairs.reset_index(drop=True)
        src = checked.iloc[pairs["pos"].to_numpy()].reset_index(drop=True)
        exp = src.copy()
        c_val = pairs["c_value"].to_numpy(dtype=np.float64)
        c_apx = pd.array(pairs["c_approx"].to_numpy(dtype=object), dtype="boolean").fillna(False).to_numpy(bool)
        b_val = pairs["b_value"].to_numpy(dtype=np.float64)
        b_apx = pd.array(pairs["b_approx"].to_numpy(dtype=object), dtype="boolean").fillna(False).to_numpy(bool)
        exp["claim_id"] = [f"{c}\x1f{j}" for j, c in enumerate(src["claim_id"].astype(str))]
        exp["value"] = c_val
        exp["value_decimals"] = pd.array(_engine_decimals(c_val, pairs["c_decimals"], c_apx), dtype="Int64")
        exp["value_approximate"] = c_apx
        exp["base_value"] = b_val
        exp["base_decimals"] = pd.array(_engine_decimals(b_val, pairs["b_decimals"], b_apx), dtype="Int64")
        exp["base_approximate"] = b_apx
        # pairs of a "分别 … 和 …" sentence stay pairs only within one combination of versions
        tag = pairs["c_vkey"].astype(str) + "\x1f" + pairs["b_vkey"].astype(str)
        if "source_text" in exp.columns:
            exp["source_text"] = exp["source_text"].astype("str") + "\x1f" + tag.to_numpy()
        if "line" in exp.columns and "source_text" not in exp.columns:
            exp["line"] = exp["line"]
        res_pairs = check_claims(exp, rounding=rounding, alpha=alpha).reset_index(drop=True)
        v = res_pairs["verdict"].astype(str).to_numpy()
        is_def = pairs["c_default"].astype(bool).to_numpy() & pairs["b_default"].astype(bool).to_numpy()
        rank = np.select([(v == "consistent") & is_def, v == "consistent", is_def], [0, 1, 2], 3)
        pairs["rank"] = rank
        pairs["verdict"] = v
        pairs["recomputed_pct"] = res_pairs["recomputed_pct"].to_numpy()
        pairs["row"] = np.arange(len(pairs))
        order = pairs.sort_values(["pos", "rank", "b_order"], ascending=[True, True, False], kind="mergesort")
        chosen = order.drop_duplicates("pos").set_index("pos")
        fits = pairs.loc[v == "consistent", ["pos", "b_vkey", "b_vintage"]].drop_duplicates(["pos", "b_vkey"])
        fits = fits[fits["b_vintage"].notna()]
        multi = fits["pos"].duplicated(keep=False).to_numpy()
        fitting = pd.concat([
            fits.loc[~multi].set_index("pos")["b_vintage"].astype(object),
            fits.loc[multi].groupby("pos")["b_vintage"].agg(lambda s: "; ".join(map(str, s))).astype(object)])
        tried = pairs.groupby("pos").size()
        rows = chosen["row"].to_numpy()
        cpos = chosen.index.to_numpy()
        for col in OUTPUT_COLUMNS:
            if col != "claim_id" and col in res_pairs.columns:
                _put(out, col, cpos, res_pairs[col].to_numpy(dtype=object)[rows])
        _put(out, "base_source", cpos, np.full(len(cpos), "data", dtype=object))
        verdicts = np.where(chosen["rank"].to_numpy() == 1, "consistent_other_vintage",
                            np.where(chosen["rank"].to_numpy() == 0, "consistent", chosen["verdict"].to_numpy()))
        _put(out, "verdict", cpos, verdicts.astype(object))
        notes = _change_notes(chosen, pairs, res["base_period"].to_numpy(dtype=object))
        base_note = dict(zip(cpos.tolist(), notes, strict=True))
        out["versions_tried"] = tried.reindex(np.arange(n)).fillna(0).astype(np.int64).to_numpy()
        out["versions_fitting"] = fitting.reindex(np.arange(n)).to_numpy()
    else:
        base_note = {}
        out["versions_tried"] = np.zeros(n, dtype=np.int64)
        out["versions_fitting"] = None

    # --- the report's own figures against the data's versions --------------------------------------------
    stated_agrees, value_note, level_verdict = _stated_vs_data(checked, cur_data, values, kinds, own)
    base_agrees, base_text = _stated_base_vs_data(checked, base_data)
    out["stated_value_agrees"] = pd.array(stated_agrees, dtype="boolean")
    out["stated_base_agrees"] = pd.array(base_agrees, dtype="boolean")
    if level_verdict:
        _put(out, "verdict", np.array(list(level_verdict), dtype=np.int64),
             np.array(list(level_verdict.values()), dtype=object))
    # --- where the figures came from --------------------------------------------------------------------------
    dcur = _defaults(cur_data, "c", n)
    out["match"] = state
    out["match_reason"] = res["match_reason"].to_numpy()
    out["base_rule"] = res["base_rule"].to_numpy()
    out["data_current"] = dcur["c_value"]
    out["current_file"] = dcur["c_file"]
    out["current_rows"] = dcur["c_rows"]
    out["current_vintage"] = dcur["c_vintage"]
    if len(chosen):
        used = chosen.reindex(np.arange(n))
        dbase = _defaults(base_data, "b", n)
        use_used = used["b_value"].notna().to_numpy()
        out["data_base"] = np.where(use_used, used["b_value"].to_numpy(dtype=np.float64), dbase["b_value"])
        for src_col, dst in (("b_file", "base_file"), ("b_rows", "base_rows"), ("b_vintage", "base_vintage")):
            out[dst] = np.where(use_used, used[src_col].to_numpy(dtype=object), dbase[src_col])
    else:
        dbase = _defaults(base_data, "b", n)
        out["data_base"] = dbase["b_value"]
        out["base_file"] = dbase["b_file"]
        out["base_rows"] = dbase["b_rows"]
        out["base_vintage"] = dbase["b_vintage"]
    out["stated_base"] = pd.to_numeric(checked["base_value"], errors="coerce").to_numpy(dtype=np.float64) \
        if "base_value" in checked.columns else np.nan
    # --- notes ------------------------------------------------------------------------------------------------
    notes = []
    own_notes = own["note"].astype(object).to_numpy()
    out_notes = out["note"].astype(object).to_numpy()
    reasons = res["match_reason"].to_numpy(dtype=object)
    for i in range(n):
        parts = []
        if i in base_note:
            parts.append(base_note[i])
        if i in value_note:
            parts.append(value_note[i])
        if i in base_text:
            parts.append(base_text[i])
        if not _null(reasons[i]):
            parts.append(f"{state[i]}: {reasons[i]}" if state[i] != "matched" else str(reasons[i]))
        body = out_notes[i] if i in base_note else own_notes[i]
        if not _null(body):
            parts.append(str(body))
        notes.append("; ".join(parts) if parts else None)
    out["note"] = notes
    cols = [c for c in OUTPUT_COLUMNS if c in out.columns] + list(EXTRA_COLUMNS)
    return out[cols].reset_index(drop=True)


def _put(frame: pd.DataFrame, col: str, pos: np.ndarray, values: np.ndarray) -> None:
    """Set ``frame[col]`` at positions ``pos``, keeping numeric columns numeric and categories valid."""
    s = frame[col]
    if pd.api.types.is_float_dtype(s.dtype):
        arr = s.to_numpy(dtype=np.float64, na_value=np.nan).copy()
        arr[pos] = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype=np.float64)
        frame[col] = arr
        return
    arr = s.astype(object).to_numpy().copy()
    arr[pos] = values
    arr[pd.isna(arr)] = None
    if isinstance(s.dtype, pd.CategoricalDtype):
        frame[col] = pd.Categorical(arr, categories=list(dict.fromkeys([*s.cat.categories, *(
            a for a in arr if a is not None)])))
    elif str(s.dtype) in ("str", "string") or pd.api.types.is_string_dtype(s.dtype):
        try:
            frame[col] = pd.array(arr, dtype=s.dtype)
        except (TypeError, ValueError):
            frame[col] = arr
    else:
        try:
            frame[col] = pd.array(arr, dtype=s.dtype)
        except (TypeError, ValueError):
            frame[col] = arr


def _defaults(options: pd.DataFrame, prefix: str, n: int) -> dict[str, np.ndarray]:
    keys = [f"{prefix}_value", f"{prefix}_file", f"{prefix}_rows", f"{prefix}_vintage"]
    if not len(options):
        return {k: (np.full(n, np.nan) if k.endswith("_value") else np.full(n, None, dtype=object)) for k in keys}
    d = options.sort_values(["pos", f"{prefix}_default", f"{prefix}_order"], ascending=[True, False, False],
                            kind="mergesort").drop_duplicates("pos").set_index("pos").reindex(np.arange(n))
    return {k: (d[k].to_numpy(dtype=np.float64) if k.endswith("_value") else d[k].to_numpy(dtype=object))
            for k in keys}


def _change_notes(chosen: pd.DataFrame, pairs: pd.DataFrame, base_periods: np.ndarray) -> list[str]:
    """The vintage explanation of each chosen pair (plain Python over records: no per-claim frame work).

    The version is named in brackets with where it is: ``fits the 2022 figure 351→350 (revised; data.csv
    row 4): -14.3%; against 351 (first) it would be -14.5%``.
    """
    cols = ["pos", "row", "rank", "b_vintage", "b_vkey", "b_value", "b_file", "b_rows", "b_default", "c_default",
            "recomputed_pct"]
    ordered = pairs[cols].sort_values(["pos", "c_default", "row"], ascending=[True, False, True], kind="mergesort")
    by_pos = _by_pos(ordered, cols)
    notes = []
    for c in _records(chosen.reset_index(), cols):
        g = by_pos[int(c["pos"])]
        bp = base_periods[int(c["pos"])]
        rank = int(c["rank"])
        seen = {c["b_vkey"]}
        other_b = []
        for o in g:
            if o["b_vkey"] not in seen:
                seen.add(o["b_vkey"])
                other_b.append(o)
        here = _where(c["b_vintage"], c["b_file"], c["b_rows"])
        rest = ", ".join(f"{_fmt(o['b_value'])}{_where(o['b_vintage'], None, None)}: {_fmt_pct(o['recomputed_pct'])}"
                         for o in other_b)
        if rank == 0:
            if len(other_b) == 1 and other_b[0]["b_value"] != c["b_value"]:
                o = other_b[0]
                text = (f"fits the {bp} figure {_fmt(o['b_value'])}→{_fmt(c['b_value'])}{here}: "
                        f"{_fmt_pct(c['recomputed_pct'])}; against {_fmt(o['b_value'])}"
                        f"{_where(o['b_vintage'], None, None)} it would be {_fmt_pct(o['recomputed_pct'])}")
            elif other_b:
                text = (f"fits the {bp} figure {_fmt(c['b_value'])}{here}: {_fmt_pct(c['recomputed_pct'])}; "
                        f"other versions: {rest}")
            else:
                text = f"base {bp} = {_fmt(c['b_value'])} from the data{here}"
        elif rank == 1:
            text = f"fits only the {bp} figure {_fmt(c['b_value'])}{here}"
            d = next((o for o in g if o["b_default"] and o["c_default"]), None)
            if d is not None:
                text += (f", not the default {_fmt(d['b_value'])}{_where(d['b_vintage'], d['b_file'], d['b_rows'])}"
                         f", which gives {_fmt_pct(d['recomputed_pct'])}")
        else:
            text = f"against the {bp} figure {_fmt(c['b_value'])}{here} the change is {_fmt_pct(c['recomputed_pct'])}"
            if other_b:
                text += f"; no version fits ({rest})"
        notes.append(text)
    return notes


def _records(frame: pd.DataFrame, cols: list[str]) -> list[dict[str, Any]]:
    """Rows as dicts of plain values (faster than ``to_dict("records")`` on text columns)."""
    arrays = [frame[c].to_numpy(dtype=object) for c in cols]
    return [dict(zip(cols, row, strict=True)) for row in zip(*arrays, strict=True)]


def _by_pos(options: pd.DataFrame, cols: list[str]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in _records(options, cols):
        out[int(r["pos"])].append(r)
    return out


def _stated_vs_data(checked: pd.DataFrame, cur_data: pd.DataFrame, values: np.ndarray, kinds: np.ndarray,
                    own: pd.DataFrame) -> tuple[np.ndarray, dict[int, str], dict[int, str]]:
    """Whether each claim's own figure is one the data hold; verdicts of level/sum/share claims."""
    n = len(checked)
    agrees = np.full(n, None, dtype=object)
    notes: dict[int, str] = {}
    verdicts: dict[int, str] = {}
    if not len(cur_data):
        return agrees, notes, verdicts
    dec = checked["value_decimals"] if "value_decimals" in checked.columns else pd.Series([pd.NA] * n)
    apx = checked["value_approximate"] if "value_approximate" in checked.columns else pd.Series([False] * n)
    hw = half_width(values, dec.to_numpy(dtype=object), apx.to_numpy(dtype=object))
    lo, hi = values - hw, values + hw
    sub = cur_data[np.isfinite(values[cur_data["pos"].to_numpy(dtype=np.int64)])]
    if not len(sub):
        return agrees, notes, verdicts
    p = sub["pos"].to_numpy(dtype=np.int64)
    fit = _overlap(lo[p], hi[p], sub["c_low"].to_numpy(dtype=np.float64), sub["c_high"].to_numpy(dtype=np.float64))
    sub = sub.assign(fit=fit)
    own_v = own["verdict"].astype(str).to_numpy()
    groups = _by_pos(sub, ["pos", "fit", "c_default", "c_vintage", "c_file", "c_rows", "c_value"])
    for pos, g in groups.items():
        any_fit = any(bool(r["fit"]) for r in g)
        agrees[pos] = any_fit
        d = next((r for r in g if r["c_default"]), g[-1])
        if any_fit:
            if not d["fit"]:
                f = next(r for r in g if r["fit"])
                notes[pos] = (f"the report's {_fmt(values[pos])} is a version the data hold"
                              f"{_where(f['c_vintage'], f['c_file'], f['c_rows'])}, not the default "
                              f"{_fmt(d['c_value'])}{_where(d['c_vintage'], None, None)}")
                if kinds[pos] != "change" and own_v[pos] == "consistent":
                    verdicts[pos] = "consistent_other_vintage"
            elif kinds[pos] != "change":
                notes[pos] = f"agrees with the data{_where(d['c_vintage'], d['c_file'], d['c_rows'])}"
        else:
            held = ", ".join(f"{_fmt(r['c_value'])}{_where(r['c_vintage'], r['c_file'], r['c_rows'])}" for r in g)
            notes[pos] = f"the report says {_fmt(values[pos])} but the data hold {held}"
            if kinds[pos] != "change" and own_v[pos] == "consistent":
                verdicts[pos] = "inconsistent"
    return agrees, notes, verdicts


def _stated_base_vs_data(checked: pd.DataFrame, base_data: pd.DataFrame) -> tuple[np.ndarray, dict[int, str]]:
    n = len(checked)
    agrees = np.full(n, None, dtype=object)
    notes: dict[int, str] = {}
    if "base_value" not in checked.columns or not len(base_data):
        return agrees, notes
    b = pd.to_numeric(checked["base_value"], errors="coerce").to_numpy(dtype=np.float64)
    dec = checked["base_decimals"] if "base_decimals" in checked.columns else pd.Series([pd.NA] * n)
    hw = half_width(b, dec.to_numpy(dtype=object), False)
    sub = base_data[np.isfinite(b[base_data["pos"].to_numpy(dtype=np.int64)])]
    if not len(sub):
        return agrees, notes
    p = sub["pos"].to_numpy(dtype=np.int64)
    fit = _overlap(b[p] - hw[p], b[p] + hw[p], sub["b_low"].to_numpy(dtype=np.float64),
                   sub["b_high"].to_numpy(dtype=np.float64))
    sub = sub.assign(fit=fit)
    for pos, g in _by_pos(sub, ["pos", "fit", "b_value", "b_vintage", "b_file", "b_rows"]).items():
        agrees[pos] = any(bool(r["fit"]) for r in g)
        if not agrees[pos]:
            held = ", ".join(f"{_fmt(r['b_value'])}{_where(r['b_vintage'], r['b_file'], r['b_rows'])}" for r in g)
            notes[pos] = f"the report's base {_fmt(b[pos])} differs from the data ({held}); the data's base is used"
    return agrees, notes
