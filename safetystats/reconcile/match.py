"""Match claims to the figures of the raw data: metric, region, period and base period.

A claim ``2023 deaths 50, down 10.7%`` needs two figures from the data: the
current one (deaths, the claim's region, 2023) and the base one (deaths, the
same region, the base period).  The base period is the claim's
``base_period`` when the text says it; otherwise 同比 (the same period a year
earlier, :func:`~safetystats.periods.same_period_last_year`) unless the
sentence says 环比 / month-on-month (the previous period,
:func:`~safetystats.periods.previous_period`).  When the data do not hold a
period as such but hold its months (or quarters), additive counts are summed:
a 1-9月 figure from nine monthly rows, a year from twelve months or four
quarters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..periods import Period, _parse_one
from ..schemas import validate
from .facts import ADDITIVE_METRICS, data_facts, map_unique, metric_key_of, region_key

__all__ = ["match_claims", "MATCH_STATES", "PREVIOUS_PERIOD_WORDS", "STANDARD_BASES"]

#: Values of the ``match`` column.
MATCH_STATES: tuple[str, ...] = ("matched", "partial", "unmatched")

#: Words in a claim's sentence that make the base the previous period (环比) rather than a year earlier (同比).
PREVIOUS_PERIOD_WORDS: tuple[str, ...] = (
    "环比", "比上月", "较上月", "比上季度", "较上季度", "上月", "上季度", "month-on-month", "month on month",
    "quarter-on-quarter", "quarter on quarter", "previous month", "previous quarter", "from last month",
    "prior month", "prior quarter",
)
_SAME_PERIOD_WORDS = ("同比", "比上年", "较上年", "比去年", "较去年", "上年同期", "去年同期", "year-on-year",
                      "year on year", "from a year earlier", "previous year", "prior year", "last year")
#: ``basis`` values that mean the plain previous figure (anything else is a comparison the data cannot give).
STANDARD_BASES: tuple[str, ...] = ("previous year", "same period of previous year", "previous period",
                                   "同比", "环比", "上年", "上年同期", "")


def _null(x: Any) -> bool:
    """True for None / NaN / NA (pandas 3 turns None into NaN in text columns)."""
    return x is None or (not isinstance(x, str) and bool(pd.isna(x)))


def _text(x: Any) -> str | None:
    return None if _null(x) else str(x)


def _period(value: Any) -> Period | None:
    if _null(value):
        return None
    try:
        return _parse_one(value)
    except (ValueError, TypeError):
        return None


def _kind_of(value: Any) -> str:
    p = _period(value)
    return p.kind if p is not None else "?"


def _components(p: Period, kinds: set[str]) -> list[list[str]]:
    """Ways of writing ``p`` as a sum of finer periods the data hold (months first, then quarters)."""
    ways: list[list[str]] = []
    if p.kind == "year":
        first, last = 1, 12
    elif p.kind == "ytd":
        first, last = p.sub, p.end
    elif p.kind == "quarter":
        first, last = 3 * p.sub - 2, 3 * p.sub
    else:
        return ways
    if "month" in kinds:
        ways.append([f"{p.year:d}-{m:02d}" for m in range(first, last + 1)])
    if "quarter" in kinds and p.kind != "quarter" and first % 3 == 1 and last % 3 == 0:
        ways.append([f"{p.year:d}Q{q:d}" for q in range((first + 2) // 3, last // 3 + 1)])
    return ways


_KIND_WORDS = {"year": "years", "month": "months", "quarter": "quarters", "split_year": "split years",
               "ytd": "spans of months (1-9月 …)"}


def _describe_periods(periods: Sequence[str]) -> str:
    labels = sorted(set(periods), key=lambda s: (_period(s) or Period("year", 0)).ordinal)
    if len(labels) <= 4:
        return ", ".join(labels)
    return f"{labels[0]} … {labels[-1]} ({len(labels)})"


def _infer_base(p: Period, text: Any, basis: Any) -> tuple[Period, str]:
    words = " ".join(str(t) for t in (basis, text) if isinstance(t, str)).casefold()
    if any(w in words for w in PREVIOUS_PERIOD_WORDS) and not any(
            w in str(basis or "").casefold() for w in ("same period", "同比", "上年同期")):
        if p.kind in ("ytd",):
            return Period(p.kind, p.year - 1, p.sub, p.end), "same_period_last_year"
        return p.shift(-1), "previous_period"
    return Period(p.kind, p.year - 1, p.sub, p.end), "same_period_last_year"


def _claims_frame(claims: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(claims, pd.DataFrame):
        raise ParameterError(f"claims must be a claims DataFrame (extract_claims output), got {type(claims).__name__}")
    checked = validate(claims, kind="claims")
    for col in ("metric_key", "region", "period", "base_period", "source_text", "basis", "source"):
        if col not in checked.columns:
            checked[col] = None
    return checked


def _lookup(targets: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Candidates (one per version) for each target (metric_key, region_key, period): direct or summed."""
    cols = ["t", "fact_ids", "value", "low", "high", "decimals", "approximate", "vintage", "vintage_key",
            "is_default", "source", "rows", "status_rank", "published", "order", "aggregated"]
    direct = targets.merge(facts, on=["metric_key", "region_key", "period"], how="inner")
    out = [pd.DataFrame({
        "t": direct["t"], "fact_ids": direct["fact_id"].astype(str), "value": direct["value"],
        "low": direct["low"], "high": direct["high"], "decimals": direct["decimals"],
        "approximate": direct["approximate"], "vintage": direct["vintage"], "vintage_key": direct["vintage_key"],
        "is_default": direct["is_default"], "source": direct["source"], "rows": direct["row"].astype(str),
        "status_rank": direct["status_rank"], "published": direct["published"], "order": direct["order"],
        "aggregated": False})]
    missing = targets[~targets["t"].isin(direct["t"])]
    if len(missing):
        kinds = facts.assign(kind=map_unique(facts["period"], _kind_of)).drop_duplicates(
            ["metric_key", "region_key", "kind"]).groupby(["metric_key", "region_key"])["kind"].agg(set)
        comp_rows = []
        for rec in missing.itertuples(index=False):
            if rec.metric_key not in ADDITIVE_METRICS:
                continue
            have = kinds.get((rec.metric_key, rec.region_key))
            p = _period(rec.period)
            if have is None or p is None:
                continue
            for w, way in enumerate(_components(p, have)):
                comp_rows.extend((rec.t, w, len(way), c) for c in way)
        if comp_rows:
            comp = pd.DataFrame(comp_rows, columns=["t", "way", "n", "period"])
            comp = comp.merge(targets[["t", "metric_key", "region_key"]], on="t")
            hit = comp.merge(facts, on=["metric_key", "region_key", "period"], how="inner")
            hit["approximate"] = hit["approximate"].astype(bool)
            hit["is_default"] = hit["is_default"].astype(bool)
            g = hit.groupby(["t", "way", "vintage_key"], sort=False)
            agg = g.agg(n=("n", "first"), got=("fact_id", "size"), value=("value", "sum"), low=("low", "sum"),
                        high=("high", "sum"), approximate=("approximate", "any"),
                        defaults=("is_default", "sum"), vintage=("vintage", "first"), source=("source", "first"),
                        status_rank=("status_rank", "min"), published=("published", "max"),
                        order=("order", "max"),
                        rows=("row", lambda r: "+".join(map(str, r))),
                        fact_ids=("fact_id", lambda r: "+".join(map(str, r)))).reset_index()
            agg = agg[agg["got"] == agg["n"]]
            if len(agg):
                # one way per target (months before quarters), the default version is the one with most defaults
                agg = agg[agg["way"] == agg.groupby("t")["way"].transform("min")]
                best = agg.sort_values(["t", "defaults", "order"], ascending=[True, False, False]).drop_duplicates(
                    "t")
                agg["is_default"] = agg.index.isin(best.index)
                agg["decimals"] = pd.array([0] * len(agg), dtype="Int64")
                agg["aggregated"] = True
                out.append(agg[cols])
    res = pd.concat(out, ignore_index=True)
    return res[cols]


def _why_missing(metric: str, rkey: str, region: Any, period: str, facts: pd.DataFrame, role: str) -> str:
    """Plain words for a figure the data do not hold."""
    p = _period(period)
    what = "base period" if role == "base" else "period"
    by_metric = facts[facts["metric_key"] == metric]
    if by_metric.empty:
        have = ", ".join(sorted(facts["metric_key"].dropna().astype(str).unique())[:8])
        return f"no such metric: the data hold no {metric!r} figures (they hold {have})"
    here = by_metric[by_metric["region_key"] == rkey]
    if here.empty:
        regions = ", ".join(sorted(by_metric["region"].dropna().astype(str).unique())[:6]) or "(no region)"
        return f"region not in data: the data hold {metric} for {regions}, not {region}"
    kinds = {(_period(s) or Period("?", 0)).kind for s in here["period"]}
    if p is not None and metric in ADDITIVE_METRICS:
        for way in _components(p, kinds):
            got = set(here["period"])
            lacking = [c for c in way if c not in got]
            if 0 < len(lacking) < len(way):
                return (f"{what} not in data: {period} would be the sum of {len(way)} periods but the data lack "
                        f"{', '.join(lacking[:6])}{' …' if len(lacking) > 6 else ''} for {metric}")
    if p is not None and p.kind not in kinds:
        kind_of = here["period"].map(lambda s: (_period(s) or Period("?", 0)).kind)
        held = "; ".join(f"{_KIND_WORDS.get(k, k)} ({_describe_periods(here['period'][kind_of == k].tolist())})"
                         for k in sorted(kinds))
        extra = ""
        if metric not in ADDITIVE_METRICS and p.kind in ("year", "ytd", "quarter"):
            extra = f"; {metric} is not a count, so finer periods are not summed"
        return (f"periods do not line up: the claim's {what} {period} is one of the "
                f"{_KIND_WORDS.get(p.kind, p.kind)}, but the data hold {metric} by {held}{extra}")
    same = here["period"][here["period"].map(lambda s: (_period(s) or Period("?", 0)).kind) == (p.kind if p else "")]
    return f"{what} not in data: the data hold {metric} for {_describe_periods(same.tolist())}, not {period}"


def _resolve(claims: pd.DataFrame, facts: pd.DataFrame, *, metrics: Mapping[str, str] | None,
             period: Any, region: Any) -> pd.DataFrame:
    """Per claim: metric key, region key, period, base period and why not, before looking figures up."""
    src = claims["metric_key"].astype(object).where(claims["metric_key"].notna(), claims["metric"].astype(object))
    mk = map_unique(src, lambda w: metric_key_of(w, metrics=metrics)).tolist()
    pairs = facts[["metric_key", "region_key"]].drop_duplicates()
    regions_by_metric = {m: sorted(g) for m, g in pairs.groupby("metric_key")["region_key"]}
    region_sets = {m: set(v) for m, v in regions_by_metric.items()}
    named = facts[facts["region"].notna()].drop_duplicates("region_key")
    region_names = dict(zip(named["region_key"], named["region"].astype(str), strict=True))
    rkeys = map_unique(claims["region"].astype(object).where(claims["region"].notna(), region), region_key).tolist()
    parsed = map_unique(claims["period"], _period).tolist()
    default_period = _period(period) if period is not None else None
    if period is not None and default_period is None:
        raise ParameterError(f"period={period!r} is not a period; write 2023, 2023-07, 2023Q3 or 2023年1-9月")
    rows = []
    records = claims[["kind", "metric", "region", "period", "base_period", "basis", "source_text"]].to_dict("records")
    for i, c in enumerate(records):
        reason = None
        metric = mk[i]
        creg = region if _null(c["region"]) else c["region"]
        rkey = rkeys[i]
        region_note = None
        if metric is None:
            reason = "no metric: the claim names no metric (metric and metric_key are empty)"
        elif metric not in regions_by_metric:
            words = c["metric"] if isinstance(c["metric"], str) else metric
            have = ", ".join(sorted(map(str, regions_by_metric))[:8])
            reason = f"no such metric: {words!r} ({metric}) is not in the data (they hold {have})"
        else:
            held = regions_by_metric[metric]
            if rkey == "":
                if len(held) == 1:
                    rkey = held[0]
                    if rkey:
                        region_note = f"region taken from the data ({region_names.get(rkey, rkey)})"
                else:
                    names = ", ".join(region_names.get(k, k) or "(none)" for k in held[:6])
                    reason = (f"region unclear: the claim names no region and the data hold {metric} for several "
                              f"({names}); pass region= or add the region to the claim")
            elif rkey not in region_sets[metric]:
                if held == [""]:
                    rkey = ""
                    region_note = f"the data name no region; taken to be {creg}"
                else:
                    names = ", ".join(region_names.get(k, k) or "(none)" for k in held[:6])
                    reason = f"region not in data: the data hold {metric} for {names}, not {creg}"
        p = parsed[i]
        if p is None and not _null(c["period"]):
            reason = reason or f"period {c['period']!r} is not a period"
        if p is None:
            p = default_period
        if p is None and reason is None:
            reason = "no period: the claim does not say which period it is about; pass period="
        base = None
        base_rule = None
        base_reason = None
        if c["kind"] == "change" and p is not None:
            basis = _text(c["basis"])
            if basis is not None and basis.strip().casefold() not in STANDARD_BASES:
                base_reason = (f"compared with {basis}, not with the published figure of one period; checked on "
                               "its own numbers")
            elif not _null(c["base_period"]):
                base = _period(c["base_period"])
                base_rule = "stated"
                if base is None:
                    base_reason = f"base period {c['base_period']!r} is not a period"
            else:
                base, base_rule = _infer_base(p, c["source_text"], basis)
            if base is not None:
                if base.kind != p.kind:
                    base_reason = (f"periods do not line up: the period {p.label} ({_KIND_WORDS[p.kind]}) and the "
                                   f"base period {base.label} ({_KIND_WORDS[base.kind]}) are of different kinds")
                    base = None
                elif (base.year, base.sub) >= (p.year, p.sub):
                    base_reason = f"periods do not line up: the base period {base.label} is not before {p.label}"
                    base = None
        rows.append({
            "pos": i, "metric_key": metric, "region_key": rkey, "region_note": region_note,
            "period": p.label if p is not None else None, "base_period": base.label if base is not None else None,
            "base_rule": base_rule, "reason": reason, "base_reason": base_reason,
            "period_assumed": _null(c["period"]),
        })
    return pd.DataFrame(rows)


def _join_figures(res: pd.DataFrame, facts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Look up the current and base figures; returns (res with reasons, candidates)."""
    ok = res["reason"].isna()
    cur = res.loc[ok, ["pos", "metric_key", "region_key", "period"]].assign(role="current")
    base = res.loc[ok & res["base_period"].notna(), ["pos", "metric_key", "region_key", "base_period"]].rename(
        columns={"base_period": "period"}).assign(role="base")
    need = pd.concat([cur, base], ignore_index=True)
    targets = need[["metric_key", "region_key", "period"]].drop_duplicates().reset_index(drop=True)
    targets["t"] = np.arange(len(targets))
    found = _lookup(targets, facts) if len(targets) else pd.DataFrame(columns=["t"])
    need = need.merge(targets, on=["metric_key", "region_key", "period"], how="left")
    cand = need[["pos", "role", "t", "period"]].merge(found, on="t", how="inner")
    have = set(zip(cand["pos"], cand["role"], strict=True))
    why: dict[tuple[int, str], str] = {}
    for rec in need.itertuples(index=False):
        if (rec.pos, rec.role) not in have:
            r = res.iloc[int(rec.pos)]
            why[(rec.pos, rec.role)] = _why_missing(rec.metric_key, rec.region_key, r["region_key"], rec.period, facts,
                                                    rec.role)
    res = res.copy()
    res["current_reason"] = [why.get((p, "current")) for p in res["pos"]]
    res["base_missing"] = [why.get((p, "base")) for p in res["pos"]]
    return res, cand.drop(columns=["t"])


def _default_of(cand: pd.DataFrame, role: str) -> pd.DataFrame:
    part = cand[cand["role"] == role]
    part = part.sort_values(["pos", "is_default", "order"], ascending=[True, False, False], kind="mergesort")
    return part.drop_duplicates("pos").set_index("pos")


def _state(res: pd.DataFrame, claims: pd.DataFrame, cand: pd.DataFrame) -> pd.DataFrame:
    """The match state and reason of every claim."""
    has_cur = set(cand.loc[cand["role"] == "current", "pos"])
    has_base = set(cand.loc[cand["role"] == "base", "pos"])
    states, reasons = [], []
    records = claims[["kind", "value"]].to_dict("records")
    for r in res.itertuples(index=False):
        c = records[int(r.pos)]
        if not _null(r.reason):
            states.append("unmatched")
            reasons.append(r.reason)
            continue
        stated = not _null(c["value"])
        cur_ok = r.pos in has_cur
        notes = [] if _null(r.region_note) else [r.region_note]
        base_why = _text(r.base_reason) or _text(r.base_missing)
        cur_why = _text(r.current_reason)
        if c["kind"] != "change":
            if cur_ok:
                states.append("matched")
            else:
                states.append("unmatched")
                notes.insert(0, cur_why)
            reasons.append("; ".join(notes) or None)
            continue
        base_ok = r.pos in has_base
        if base_ok and (cur_ok or stated):
            states.append("matched")
            if not cur_ok:
                notes.append(f"the data hold no {r.period} figure; the report's own value is used ({cur_why})")
        elif base_ok or cur_ok:
            states.append("partial")
            if not base_ok:
                notes.insert(0, base_why)
            else:
                notes.insert(0, f"{cur_why}; the claim states no current value either")
        else:
            states.append("unmatched")
            if cur_why and base_why and cur_why.split(":")[0] != base_why.split(":")[0].replace("base period",
                                                                                               "period"):
                notes.insert(0, f"{cur_why}; base: {base_why}")
            else:
                notes.insert(0, cur_why or base_why)
        reasons.append("; ".join(n for n in notes if n) or None)
    out = res.copy()
    out["match"] = states
    out["match_reason"] = reasons
    return out


def _match(claims: pd.DataFrame, against: Any, *, vintage: Any, metrics: Any, period: Any, region: Any,
           facts: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(validated claims, per-claim resolution, candidates, facts)."""
    checked = _claims_frame(claims)
    if facts is None:
        facts = data_facts(against, vintage=vintage, metrics=metrics)
    if checked.empty:
        empty = pd.DataFrame(columns=["pos", "metric_key", "region_key", "period", "base_period", "base_rule",
                                      "match", "match_reason"])
        return checked, empty, pd.DataFrame(columns=["pos", "role"]), facts
    res = _resolve(checked, facts, metrics=metrics, period=period, region=region)
    res, cand = _join_figures(res, facts)
    res = _state(res, checked, cand)
    return checked, res, cand, facts


def match_claims(
    claims: pd.DataFrame,
    against: pd.DataFrame | Sequence[pd.DataFrame],
    *,
    vintage: str | Sequence[str] | None = None,
    metrics: Mapping[str, str] | None = None,
    period: Any = None,
    region: Any = None,
) -> pd.DataFrame:
    """Find the data rows each claim is about: metric, region, period and base period.

    Parameters
    ----------
    claims : pandas.DataFrame
        A claims frame (:class:`~safetystats.schemas.Claims`, e.g. from
        ``extract_claims``).  An optional ``basis`` column says what a change
        is compared with when it is not the plain previous figure
        (``"five-year average"``, ``"comparable scope"``): such a claim's base
        is not looked up.
    against : DataFrame, list of DataFrames, or data file(s) / folder(s)
        The raw figures: an accidents frame (wide counts) or an indicators
        frame (long, with ``vintage``); see
        :func:`~safetystats.reconcile.data_facts`.
    vintage : str or list of str, optional
        The default version of each figure (``None`` = the latest; see
        :func:`~safetystats.reconcile.data_facts`).
    metrics : mapping, optional
        Extra ``indicator -> metric key`` names.
    period, region : optional
        The period and region to assume for claims that do not state one
        (a report's year, the bureau's city).

    Returns
    -------
    pandas.DataFrame
        One row per claim, in order: ``claim_id, kind, metric_key, region,
        period, base_period, base_rule`` (``stated``,
        ``same_period_last_year`` or ``previous_period``), ``match``
        (``matched``, ``partial`` - one of the two figures found -, or
        ``unmatched``), ``match_reason`` (no such metric / region not in data /
        period not in data / periods do not line up, saying which),
        ``data_current, current_file, current_rows, current_vintage,
        current_versions, data_base, base_file, base_rows, base_vintage,
        base_versions`` (the default version of each figure; ``*_rows`` are
        row numbers in the source, ``"12+13+14"`` for a sum of months;
        ``*_versions`` counts the versions the data hold).

    Raises
    ------
    ValidationError
        The claims or the data fail their schema, or a vintage name repeats
        for one figure.
    ParameterError
        Bad ``vintage``, ``period`` or ``against``.

    Examples
    --------
    >>> import pandas as pd
    >>> claims = pd.DataFrame({"claim_id": ["c1"], "kind": ["change"], "metric": ["死亡"],
    ...     "metric_key": ["deaths"], "period": ["2023"], "value": [50.0], "reported_pct": [10.7],
    ...     "pct_decimals": [1], "direction": ["decrease"]})
    >>> data = pd.DataFrame({"period": [2022, 2023], "accidents": [80, 71], "deaths": [56, 50]})
    >>> m = match_claims(claims, data)
    >>> m[["claim_id", "period", "base_period", "match", "data_current", "data_base"]]
      claim_id period base_period    match  data_current  data_base
    0       c1   2023        2022  matched          50.0       56.0
    """
    checked, res, cand, _ = _match(claims, against, vintage=vintage, metrics=metrics, period=period, region=region)
    return _match_table(checked, res, cand)


def _match_table(checked: pd.DataFrame, res: pd.DataFrame, cand: pd.DataFrame) -> pd.DataFrame:
    n = len(checked)
    out = pd.DataFrame({
        "claim_id": checked["claim_id"].astype(str).to_numpy() if n else [],
        "kind": checked["kind"].to_numpy() if n else [],
        "metric_key": res["metric_key"].to_numpy() if n else [],
        "region": checked["region"].to_numpy() if n else [],
        "period": res["period"].to_numpy() if n else [],
        "base_period": res["base_period"].to_numpy() if n else [],
        "base_rule": res["base_rule"].to_numpy() if n else [],
        "match": res["match"].to_numpy() if n else [],
        "match_reason": res["match_reason"].to_numpy() if n else [],
    })
    pos = np.arange(n)
    for role in ("current", "base"):
        d = _default_of(cand, role) if len(cand) else pd.DataFrame()
        counts = cand[cand["role"] == role].groupby("pos").size() if len(cand) else pd.Series(dtype=np.int64)

        def get(col: str, d: pd.DataFrame = d) -> np.ndarray:
            return d[col].reindex(pos).to_numpy() if len(d) else np.full(n, None, dtype=object)

        out["data_" + role] = pd.to_numeric(pd.Series(get("value")), errors="coerce").to_numpy(dtype=np.float64)
        out[f"{role}_file"] = get("source")
        out[f"{role}_rows"] = get("rows")
        out[f"{role}_vintage"] = get("vintage")
        out[f"{role}_versions"] = counts.reindex(pos).fillna(0).astype(np.int64).to_numpy()
    return out
