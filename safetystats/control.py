"""Control charts for accident counts: c, u, Laney u′ and g charts with run rules.

A control chart asks of each period: *is this count a signal, or the noise a
stable process makes?*  The centre line and control limits come from a
baseline (all periods unless ``baseline=`` says otherwise); every period is
then checked against them with the classic run rules (Western Electric 1956,
Nelson 1984) and, for the whole series, the Anhøj runs analysis (Anhøj 2014,
as in R's qicharts2).

=========================  ======================================================
function                   use it for
=========================  ======================================================
:func:`c_chart`            counts with (about) equal exposure: accidents a month
:func:`u_chart`            counts per unit of exposure: deaths per 100,000 workers
:func:`laney_u_chart`      rates whose spread is wider than Poisson (large
                           exposures, many sites): Laney's u′ chart
:func:`g_chart`            rare events: days (or cases) between fatal accidents
:func:`control_summary`    which periods signal and why, in English or Chinese
=========================  ======================================================

Every chart function returns a tidy :class:`pandas.DataFrame` with one row
per plotted point and the same stable columns (see :data:`COLUMNS` and
:func:`c_chart`); pass ``by="region"`` to chart every site of a long frame in
one vectorised call.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"period": [f"2023-{m:02d}" for m in range(1, 13)],
...                    "accidents": [4, 6, 3, 5, 4, 7, 5, 3, 14, 4, 5, 4]})
>>> chart = c_chart(df, value="accidents")
>>> chart.loc[chart.signal, ["period", "value", "ucl", "rules"]]
    period  value        ucl          rules
8  2023-09   14.0  12.261537  beyond_limits
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import DataWarning, InputError, InsufficientDataError, ParameterError
from .periods import canonical_periods, parse_period

__all__ = [
    "c_chart",
    "u_chart",
    "laney_u_chart",
    "g_chart",
    "control_summary",
    "RULES",
    "COLUMNS",
]

#: The point rules, in the order they are reported in the ``rules`` column.
RULES: tuple[str, ...] = ("beyond_limits", "two_of_three", "four_of_five", "run_one_side")

#: The columns of every chart frame, in order (a ``by`` key comes first; the
#: g chart adds ``event`` after it).
COLUMNS: tuple[str, ...] = (
    "period",
    "chart",
    "metric",
    "value",
    "exposure",
    "statistic",
    "center",
    "sigma",
    "lcl",
    "ucl",
    "z",
    "run",
    "baseline",
    *RULES,
    "signal",
    "rules",
    "limits",
    "sigma_z",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "runs_signal",
)

#: d2 for moving ranges of two (Montgomery, Appendix Table VI).
_D2 = 1.128
#: Upper limit of a moving range of two, as a multiple of the average (D4).
_D4 = 3.267

Limits = Literal["sigma", "exact"]


# --------------------------------------------------------------------------------------------
# argument checking
# --------------------------------------------------------------------------------------------


def _check_options(
    *, limits: str, nsigma: float, rules: Sequence[str] | None, run_length: int, default_rules: Sequence[str]
) -> tuple[str, ...]:
    if limits not in ("sigma", "exact"):
        raise ParameterError(f"limits={limits!r} is not valid; use limits='sigma' (centre ± nsigma·σ) or 'exact'.")
    if isinstance(nsigma, bool) or not isinstance(nsigma, (int, float, np.integer, np.floating)) or not (
        math.isfinite(nsigma) and nsigma > 0
    ):
        raise ParameterError(f"nsigma={nsigma!r} must be a positive number (3 for the usual 3-sigma limits).")
    if isinstance(run_length, bool) or not isinstance(run_length, (int, np.integer)) or run_length < 2:
        raise ParameterError(f"run_length={run_length!r} must be a whole number of at least 2 (8 is the usual).")
    if rules is None:
        return tuple(default_rules)
    if isinstance(rules, str):
        rules = [rules]
    chosen = tuple(rules)
    bad = [r for r in chosen if r not in RULES]
    if bad:
        raise ParameterError(f"unknown rule(s) {bad}; choose from {list(RULES)}.")
    return tuple(r for r in RULES if r in chosen)


def _column(df: pd.DataFrame, name: str, argument: str) -> pd.Series:
    if not isinstance(name, str):
        raise ParameterError(f"{argument}= must be a column name, got {name!r}.")
    if name not in df.columns:
        cols = ", ".join(map(str, df.columns))
        raise InputError(f"{argument}={name!r} is not a column of the frame; the columns are: {cols}.")
    return df[name]


def _numbers(s: pd.Series, *, argument: str, whole: bool, positive: bool = False) -> np.ndarray:
    """Read a column as float64, naming the first bad row."""
    num = pd.to_numeric(s, errors="coerce")
    values = num.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"row with index {s.index[i]!r}: {s.iloc[i]!r} is not a number. "
            f"Fill in every value of column {s.name!r} ({argument}=) or drop the row.",
            column=str(s.name),
        )
    if positive:
        bad = values <= 0
        what = "must be greater than 0 (an exposure cannot be zero or negative)"
    else:
        bad = values < 0
        what = "must be 0 or more (a count cannot be negative)"
    if not bad.any() and whole:
        bad = values != np.floor(values)
        what = "must be a whole number (charts of counts need counts)"
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"row with index {s.index[i]!r}: value {s.iloc[i]!r} {what}.", column=str(s.name))
    return values


def _site_codes(df: pd.DataFrame, by: str | Sequence[str] | None) -> tuple[list[str], np.ndarray]:
    if by is None:
        return [], np.zeros(len(df), dtype=np.int64)
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        return [], np.zeros(len(df), dtype=np.int64)
    for k in keys:
        col = _column(df, k, "by")
        if col.isna().any():
            i = int(np.flatnonzero(col.isna().to_numpy())[0])
            raise InputError(
                f"row with index {df.index[i]!r}: the site key {k!r} is empty. Fill it in or drop the row.",
                column=k,
            )
    try:
        codes = df.groupby(keys, sort=True).ngroup().to_numpy(dtype=np.int64)
    except TypeError:  # keys of mixed types cannot be sorted: keep first-seen order
        codes = df.groupby(keys, sort=False).ngroup().to_numpy(dtype=np.int64)
    return keys, codes


@dataclass(frozen=True)
class _Periods:
    labels: np.ndarray  # canonical strings, one per row
    ordinals: np.ndarray  # int64, one per row
    kind: str


def _periods(s: pd.Series) -> _Periods:
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if (codes < 0).any():
        i = int(np.flatnonzero(codes < 0)[0])
        raise InputError(
            f"row with index {s.index[i]!r}: the period is empty. Fill it in or drop the row.", column=str(s.name)
        )
    canon = canonical_periods(pd.Series(uniques, dtype=object), column=str(s.name))
    parsed = [parse_period(v) for v in canon]
    kinds = sorted({p.kind for p in parsed})
    if len(kinds) != 1:
        raise ParameterError(
            f"column {s.name!r} mixes period kinds {kinds}; chart one kind at a time (all months, or all years)."
        )
    ords = np.array([p.ordinal for p in parsed], dtype=np.int64)
    return _Periods(np.asarray(canon, dtype=object)[codes], ords[codes], kinds[0])


def _baseline_mask(
    baseline: Any,
    *,
    n_rows: int,
    index: pd.Index,
    position: np.ndarray,
    ordinal_of_bound: Any,
    ordinals: np.ndarray | None,
) -> np.ndarray:
    """Baseline as a boolean array in the caller's row order.

    ``position`` is each row's 0-based position within its site (in chart
    order), used for an integer baseline.
    """
    if baseline is None:
        return np.ones(n_rows, dtype=bool)
    if isinstance(baseline, slice):
        if baseline.step is not None:
            raise ParameterError("baseline=slice(start, stop) takes no step.")
        if ordinals is None:
            raise ParameterError("a baseline slice needs period labels (pass period= or date=).")
        lo = -np.inf if baseline.start is None else ordinal_of_bound(baseline.start)
        hi = np.inf if baseline.stop is None else ordinal_of_bound(baseline.stop)
        return (ordinals >= lo) & (ordinals <= hi)
    if isinstance(baseline, (int, np.integer)) and not isinstance(baseline, (bool, np.bool_)):
        if baseline < 1:
            raise ParameterError(f"baseline={baseline} must be at least 1 (the first n points of each site).")
        return position < int(baseline)
    if isinstance(baseline, pd.Series):
        if baseline.dtype != bool and str(baseline.dtype) != "boolean":
            raise ParameterError("a baseline mask must be boolean (True for the periods that set the limits).")
        if baseline.isna().any():
            raise ParameterError("the baseline mask has missing values; use True or False for every row.")
        if not baseline.index.equals(index):
            try:
                baseline = baseline.reindex(index)
            except ValueError:
                raise ParameterError("the baseline mask's index does not match the frame's index.") from None
            if baseline.isna().any():
                raise ParameterError("the baseline mask does not cover every row of the frame (index mismatch).")
        return baseline.to_numpy(dtype=bool)
    if isinstance(baseline, (str, bytes)):
        raise ParameterError(
            f"baseline={baseline!r}: use slice({baseline!r}, None) for periods from {baseline!r} on, "
            "a boolean mask, or an integer (the first n points)."
        )
    arr = np.asarray(baseline)
    if arr.dtype != bool:
        raise ParameterError(
            "baseline= must be a slice of periods (slice('2021-01', '2022-12')), a boolean mask "
            "with one value per row, or an integer (the first n points of each site)."
        )
    if arr.shape != (n_rows,):
        raise ParameterError(f"the baseline mask has {arr.size} values but the frame has {n_rows} rows.")
    return arr


# --------------------------------------------------------------------------------------------
# vectorised kernels (all sites at once; arrays sorted by site, then time)
# --------------------------------------------------------------------------------------------


def _group_first(grp: np.ndarray) -> np.ndarray:
    """Index of the first element of each element's group (``grp`` sorted, contiguous)."""
    m = grp.size
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.r_[True, grp[1:] != grp[:-1]]
    return np.maximum.accumulate(np.where(new, np.arange(m), 0))


def _window_count(flag: np.ndarray, first: np.ndarray, width: int) -> np.ndarray:
    """How many of the last ``width`` points (within the group) have ``flag``."""
    idx = np.arange(flag.size)
    cs = np.r_[0, np.cumsum(flag, dtype=np.int64)]
    lo = np.maximum(idx - width + 1, first)
    return cs[idx + 1] - cs[lo]


def _signed_runs(side: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Signed length of the current run on one side (+k above, -k below, 0 on the line)."""
    m = side.size
    idx = np.arange(m)
    new = np.ones(m, dtype=bool)
    if m > 1:
        new[1:] = side[1:] != side[:-1]
    new |= idx == first
    start = np.maximum.accumulate(np.where(new, idx, 0))
    return np.where(side != 0, (idx - start + 1) * side, 0)


def _group_mean(values: np.ndarray, grp: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    cnt = np.bincount(grp[mask], minlength=n_groups).astype(np.float64)
    tot = np.bincount(grp[mask], weights=values[mask], minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return tot / cnt


def _group_median(values: np.ndarray, grp: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    v, g = values[mask], grp[mask]
    order = np.lexsort((v, g))
    v, g = v[order], g[order]
    cnt = np.bincount(g, minlength=n_groups)
    start = np.r_[0, np.cumsum(cnt)[:-1]]
    out = np.full(n_groups, np.nan)
    ok = cnt > 0
    lo = start[ok] + (cnt[ok] - 1) // 2
    hi = start[ok] + cnt[ok] // 2
    out[ok] = (v[lo] + v[hi]) / 2.0
    return out


def _sigma_z(
    z: np.ndarray, grp: np.ndarray, mask: np.ndarray, n_groups: int, *, screen: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Laney's σ_z per group: mean moving range of consecutive baseline z-scores / 1.128.

    Returns ``(sigma_z, n_moving_ranges)``.
    """
    zb, gb = z[mask], grp[mask]
    same = gb[1:] == gb[:-1]
    mr = np.abs(np.diff(zb))[same]
    gm = gb[1:][same]
    ok = np.isfinite(mr)
    mr, gm = mr[ok], gm[ok]
    cnt = np.bincount(gm, minlength=n_groups).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        amr = np.bincount(gm, weights=mr, minlength=n_groups) / cnt
        if screen:  # Nelson (1982), as qicharts2 does by default: drop MR above D4 * AMR, recompute
            keep = mr < _D4 * amr[gm]
            cnt = np.bincount(gm[keep], minlength=n_groups).astype(np.float64)
            amr = np.bincount(gm[keep], weights=mr[keep], minlength=n_groups) / cnt
    return amr / _D2, cnt


def _poisson_quantile(q: float, mu: np.ndarray) -> np.ndarray:
    """Smallest k >= 0 with P(X <= k) >= q for X ~ Poisson(mu), vectorised.

    Starts from the Cornish-Fisher approximation and steps by one until the
    cdf (``scipy.special.pdtr``) brackets ``q``: a few ufunc passes instead of
    ``scipy.stats.poisson.ppf``'s per-element search.
    """
    from scipy import special, stats

    mu = np.asarray(mu, dtype=np.float64)
    z = float(stats.norm.ppf(q))
    k = np.floor(mu + z * np.sqrt(mu) + (z * z - 1.0) / 6.0)
    k = np.maximum(k, 0.0)
    for _ in range(10_000):  # a handful of steps in practice
        up = special.pdtr(k, mu) < q
        down = (k > 0) & (special.pdtr(k - 1.0, mu) >= q)
        if not (up.any() or down.any()):
            break
        k = k + up - down
    return k


def _poisson_limits(mu: np.ndarray, q_lo: float, q_hi: float) -> tuple[np.ndarray, np.ndarray]:
    return _poisson_quantile(q_lo, mu), _poisson_quantile(q_hi, mu)


def _geometric_quantile(q: float, mean: np.ndarray) -> np.ndarray:
    """Smallest k >= 0 with P(X <= k) >= q, X geometric on {0, 1, ...} with the given mean."""
    mean = np.asarray(mean, dtype=np.float64)
    out = np.zeros_like(mean)
    p_all = 1.0 / (mean + 1.0)
    pos = p_all < 1.0  # p == 1 (mean 0, or too small to tell from 0): every quantile is 0
    p = p_all[pos]
    log_fail = np.log1p(-p)  # log(1 - p) < 0
    k = np.maximum(np.ceil(np.log1p(-q) / log_fail) - 1.0, 0.0)
    # guard against the ratio landing a hair above an integer: step down while the cdf still reaches q
    cdf_below = -np.expm1(log_fail * k)  # P(X <= k - 1) = 1 - (1-p)^k
    k = np.where((k > 0) & (cdf_below >= q), k - 1.0, k)
    out[pos] = k
    return out


def _anhoej(side: np.ndarray, grp: np.ndarray, n_groups: int) -> dict[str, np.ndarray]:
    """Anhøj runs analysis per group (points on the centre line are not useful)."""
    from scipy import stats

    useful = side != 0
    su, gu = side[useful], grp[useful]
    n_useful = np.bincount(gu, minlength=n_groups)
    if su.size:
        new = np.r_[True, (su[1:] != su[:-1]) | (gu[1:] != gu[:-1])]
        run_id = np.cumsum(new) - 1
        run_len = np.bincount(run_id)
        run_grp = gu[new]
        n_runs = np.bincount(run_grp, minlength=n_groups)
        longest = np.zeros(n_groups, dtype=np.int64)
        np.maximum.at(longest, run_grp, run_len)
    else:
        n_runs = np.zeros(n_groups, dtype=np.int64)
        longest = np.zeros(n_groups, dtype=np.int64)
    has = n_useful > 0
    crossings = np.maximum(n_runs - 1, 0)
    with np.errstate(divide="ignore"):
        longest_max = np.where(has, np.round(np.log2(np.maximum(n_useful, 1))) + 3, 0).astype(np.int64)
    crossings_min = stats.binom.ppf(0.05, np.maximum(n_useful - 1, 0), 0.5).astype(np.int64)
    signal = has & ((longest > longest_max) | (crossings < crossings_min))
    return {
        "n_useful": n_useful,
        "has": has,
        "longest_run": longest,
        "longest_run_max": longest_max,
        "crossings": crossings,
        "crossings_min": crossings_min,
        "runs_signal": signal,
    }


@dataclass
class _Input:
    """Sorted arrays for the kernel plus what is needed to build the output."""

    order: np.ndarray  # caller's row positions in chart order
    grp: np.ndarray  # contiguous group codes 0..G-1 in chart order
    n_groups: int
    y: np.ndarray
    n: np.ndarray  # exposure in units of `per` (1 for c and g)
    exposure: np.ndarray  # exposure as given (NaN for c and g)
    base: np.ndarray
    labels: np.ndarray  # period labels in chart order
    site: pd.DataFrame  # by-columns in chart order (may have no columns)


def _kernel(
    inp: _Input,
    *,
    chart: str,
    limits: str,
    nsigma: float,
    rules: tuple[str, ...],
    run_length: int,
    center: str = "mean",
    screen_mr: bool = False,
) -> dict[str, Any]:
    """All the chart arithmetic, vectorised over every site at once."""
    from scipy import stats

    grp, G, y, n, base = inp.grp, inp.n_groups, inp.y, inp.n, inp.base
    first = _group_first(grp)

    # centre line and Poisson/geometric sigma
    if chart == "g":
        stat = y
        mean_g = _group_mean(y, grp, base, G)
        line = _group_median(y, grp, base, G) if center == "median" else mean_g
        cl_limits = mean_g[grp]
        center_pt = line[grp]
        sigma = np.sqrt(cl_limits * (cl_limits + 1.0))
        sigma_z = np.full(G, np.nan)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            stat = y / n
            rate = np.bincount(grp[base], weights=y[base], minlength=G) / np.bincount(
                grp[base], weights=n[base], minlength=G
            )
        cl_limits = center_pt = rate[grp]
        with np.errstate(invalid="ignore", divide="ignore"):
            sigma = np.sqrt(center_pt / n)
            z_poisson = np.where(sigma > 0, (stat - center_pt) / sigma, np.nan)
        sigma_z, _ = _sigma_z(z_poisson, grp, base, G, screen=screen_mr)
        if chart == "laney_u":
            sigma = sigma * sigma_z[grp]

    # limits
    if limits == "exact":
        q_lo = float(stats.norm.sf(nsigma))
        q_hi = 1.0 - q_lo
        if chart == "g":
            lcl = _geometric_quantile(q_lo, cl_limits)
            ucl = _geometric_quantile(q_hi, cl_limits)
            lo_cmp, hi_cmp, cmp_value = lcl, ucl, y
        else:
            lo_count, hi_count = _poisson_limits(center_pt * n, q_lo, q_hi)
            lcl, ucl = lo_count / n, hi_count / n
            lo_cmp, hi_cmp, cmp_value = lo_count, hi_count, y
    else:
        ucl = cl_limits + nsigma * sigma
        lcl = np.maximum(cl_limits - nsigma * sigma, 0.0)
        lo_cmp, hi_cmp, cmp_value = lcl, ucl, stat

    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sigma > 0, (stat - center_pt) / sigma, np.nan)

    flags: dict[str, np.ndarray] = {}
    flags["beyond_limits"] = (cmp_value > hi_cmp) | (cmp_value < lo_cmp)
    a2, b2 = z > 2, z < -2
    a1, b1 = z > 1, z < -1
    flags["two_of_three"] = (a2 & (_window_count(a2, first, 3) >= 2)) | (b2 & (_window_count(b2, first, 3) >= 2))
    flags["four_of_five"] = (a1 & (_window_count(a1, first, 5) >= 4)) | (b1 & (_window_count(b1, first, 5) >= 4))
    with np.errstate(invalid="ignore"):
        side = np.sign(stat - center_pt)
    side = np.nan_to_num(side, nan=0.0).astype(np.int64)
    run = _signed_runs(side, first)
    flags["run_one_side"] = np.abs(run) >= run_length
    for r in RULES:
        if r not in rules:
            flags[r] = np.zeros(y.size, dtype=bool)
    signal = reduce(np.logical_or, (flags[r] for r in RULES))
    # "rules" text by table look-up: bit i of the code is rule i
    code = np.zeros(y.size, dtype=np.int64)
    for i, r in enumerate(RULES):
        code |= flags[r].astype(np.int64) << i
    table = np.array(
        [";".join(r for i, r in enumerate(RULES) if c >> i & 1) for c in range(1 << len(RULES))], dtype=object
    )
    rule_text = table[code]

    runs = _anhoej(side, grp, G)
    return {
        "statistic": stat,
        "center": center_pt,
        "sigma": sigma,
        "lcl": lcl,
        "ucl": ucl,
        "z": z,
        "run": run,
        "flags": flags,
        "signal": signal,
        "rules": rule_text,
        "sigma_z": sigma_z,
        "runs": runs,
    }


def _check_baseline_sizes(inp: _Input, *, needed: int, method: str, by: list[str]) -> None:
    nb = np.bincount(inp.grp[inp.base], minlength=inp.n_groups)
    short = np.flatnonzero(nb < needed)
    if short.size:
        g = int(short[0])
        where = ""
        if by:
            row = inp.site.iloc[int(np.flatnonzero(inp.grp == g)[0])]
            where = " for " + ", ".join(f"{k}={row[k]!r}" for k in by)
        raise InsufficientDataError(f"{method}{where}", needed=needed, got=int(nb[g]), what="baseline points")


def _warn_degenerate(inp: _Input, centre: np.ndarray, *, by: list[str], chart: str) -> None:
    zero = np.flatnonzero(centre == 0)
    if zero.size:
        names = _site_names(inp, zero, by)
        warnings.warn(
            f"{chart}: the baseline of {names} has no events, so the centre line and limits are 0 "
            "and any event signals. Choose a longer baseline.",
            DataWarning,
            stacklevel=3,
        )


def _site_names(inp: _Input, groups: np.ndarray, by: list[str], limit: int = 5) -> str:
    if not by:
        return "the series"
    firsts = np.r_[0, np.flatnonzero(inp.grp[1:] != inp.grp[:-1]) + 1]
    names = []
    for g in groups[:limit]:
        row = inp.site.iloc[int(firsts[g])]
        names.append("/".join(str(row[k]) for k in by))
    more = f" and {groups.size - limit} more" if groups.size > limit else ""
    return "site(s) " + ", ".join(names) + more


def _assemble(
    inp: _Input,
    res: dict[str, Any],
    *,
    chart: str,
    metric: str,
    limits: str,
    by: list[str],
    event: np.ndarray | None = None,
) -> pd.DataFrame:
    runs = res["runs"]
    grp = inp.grp
    has = runs["has"][grp]

    def nullable(a: np.ndarray) -> pd.Series:
        return pd.Series(pd.array(np.where(has, a[grp], 0), dtype="Int64")).where(has, pd.NA)

    cols: dict[str, Any] = {}
    for k in by:
        cols[k] = inp.site[k].to_numpy()
    if event is not None:
        cols["event"] = event
    cols.update(
        {
            "period": pd.array(inp.labels, dtype="str"),
            "chart": chart,
            "metric": metric,
            "value": inp.y,
            "exposure": inp.exposure,
            "statistic": res["statistic"],
            "center": res["center"],
            "sigma": res["sigma"],
            "lcl": res["lcl"],
            "ucl": res["ucl"],
            "z": res["z"],
            "run": res["run"],
            "baseline": inp.base,
        }
    )
    for r in RULES:
        cols[r] = res["flags"][r]
    cols["signal"] = res["signal"]
    cols["rules"] = pd.array(res["rules"], dtype="str")
    cols["limits"] = limits
    cols["sigma_z"] = res["sigma_z"][grp]
    cols["n_useful"] = runs["n_useful"][grp]
    cols["longest_run"] = nullable(runs["longest_run"]).array
    cols["longest_run_max"] = nullable(runs["longest_run_max"]).array
    cols["crossings"] = nullable(runs["crossings"]).array
    cols["crossings_min"] = nullable(runs["crossings_min"]).array
    cols["runs_signal"] = runs["runs_signal"][grp]
    out = pd.DataFrame(cols)
    out["chart"] = out["chart"].astype("str")
    out["metric"] = out["metric"].astype("str")
    out["limits"] = out["limits"].astype("str")
    return out


def _prepare_counts(
    df: Any,
    *,
    value: str,
    exposure: str | None,
    period: str,
    by: str | Sequence[str] | None,
    baseline: Any,
    per: float,
    func: str,
) -> tuple[_Input, list[str]]:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{func} needs a pandas DataFrame with a period column and a count column, got {type(df).__name__}.")
    if not (isinstance(per, (int, float, np.integer, np.floating)) and not isinstance(per, bool)) or not (
        math.isfinite(per) and per > 0
    ):
        raise ParameterError(f"per={per!r} must be a positive number (e.g. 100000 for a rate per 100,000).")
    y = _numbers(_column(df, value, "value"), argument="value", whole=True)
    if exposure is not None:
        expo = _numbers(_column(df, exposure, "exposure"), argument="exposure", whole=False, positive=True)
    else:
        expo = np.full(len(df), np.nan)
    per_ = _periods(_column(df, period, "period"))
    keys, codes = _site_codes(df, by)
    order = np.lexsort((per_.ordinals, codes))
    codes_s, ords_s = codes[order], per_.ordinals[order]
    dup = np.flatnonzero((codes_s[1:] == codes_s[:-1]) & (ords_s[1:] == ords_s[:-1]))
    if dup.size:
        i = order[dup[0] + 1]
        hint = "" if keys else " If the frame holds several sites, pass by='region' (or the site column)."
        raise InputError(
            f"row with index {df.index[i]!r}: period {per_.labels[i]!r} appears more than once"
            + (" for the same site" if keys else "")
            + "." + hint,
            column=period,
        )
    new = np.r_[True, codes_s[1:] != codes_s[:-1]] if len(df) else np.zeros(0, dtype=bool)
    grp = np.cumsum(new) - 1
    first = _group_first(grp)
    position = np.empty(len(df), dtype=np.int64)
    position[order] = np.arange(len(df)) - first

    def bound(v: Any) -> float:
        p = parse_period(v)
        if p.kind != per_.kind:
            raise ParameterError(f"baseline bound {v!r} is a {p.kind}, but the periods are {per_.kind}s.")
        return float(p.ordinal)

    mask = _baseline_mask(
        baseline, n_rows=len(df), index=df.index, position=position, ordinal_of_bound=bound, ordinals=per_.ordinals
    )
    if per_.kind in ("month", "quarter", "year", "split_year"):
        gaps = (ords_s[1:] - ords_s[:-1] > 1) & (codes_s[1:] == codes_s[:-1])
        if gaps.any():
            i = order[np.flatnonzero(gaps)[0] + 1]
            warnings.warn(
                f"{func}: periods are missing before {per_.labels[i]!r}"
                + (f" ({', '.join(f'{k}={df[k].iloc[i]!r}' for k in keys)})" if keys else "")
                + ". The run rules treat the points on either side as consecutive; if nothing happened "
                "in the missing periods, add rows with a count of 0.",
                DataWarning,
                stacklevel=3,
            )
    site = df.iloc[order][keys].reset_index(drop=True) if keys else pd.DataFrame(index=range(len(df)))
    n = expo[order] / per if exposure is not None else np.ones(len(df))
    inp = _Input(
        order=order,
        grp=grp,
        n_groups=int(grp[-1] + 1) if len(df) else 0,
        y=y[order],
        n=n,
        exposure=expo[order],
        base=mask[order],
        labels=per_.labels[order],
        site=site,
    )
    return inp, keys


def _count_chart(
    df: Any,
    *,
    chart: str,
    func: str,
    value: str,
    exposure: str | None,
    period: str,
    by: str | Sequence[str] | None,
    baseline: Any,
    per: float,
    limits: str,
    nsigma: float,
    rules: Sequence[str] | None,
    run_length: int,
    screen_mr: bool = False,
) -> pd.DataFrame:
    chosen = _check_options(limits=limits, nsigma=nsigma, rules=rules, run_length=run_length, default_rules=RULES)
    if chart == "laney_u" and limits == "exact":
        raise ParameterError(
            "laney_u_chart has no exact limits: Laney's limits are sigma limits widened by σ_z. "
            "Use limits='sigma', or u_chart(..., limits='exact') for Poisson probability limits."
        )
    inp, keys = _prepare_counts(
        df, value=value, exposure=exposure, period=period, by=by, baseline=baseline, per=per, func=func
    )
    needed = 3 if chart == "laney_u" else 2
    _check_baseline_sizes(inp, needed=needed, method=func, by=keys)
    res = _kernel(inp, chart=chart, limits=limits, nsigma=nsigma, rules=chosen, run_length=run_length,
                  screen_mr=screen_mr)
    first = np.r_[0, np.flatnonzero(inp.grp[1:] != inp.grp[:-1]) + 1] if len(inp.grp) else np.zeros(0, int)
    _warn_degenerate(inp, res["center"][first], by=keys, chart=func)
    return _assemble(inp, res, chart=chart, metric=value, limits=limits, by=keys)


# --------------------------------------------------------------------------------------------
# public charts
# --------------------------------------------------------------------------------------------


def c_chart(
    df: pd.DataFrame,
    *,
    value: str,
    period: str = "period",
    by: str | Sequence[str] | None = None,
    baseline: Any = None,
    limits: Limits = "sigma",
    nsigma: float = 3.0,
    rules: Sequence[str] | None = None,
    run_length: int = 8,
) -> pd.DataFrame:
    r"""Chart counts per period (c chart) when the exposure is (about) the same each period.

    Centre line :math:`\bar c` = mean count over the baseline; sigma
    :math:`\sqrt{\bar c}`; limits :math:`\bar c \pm k\sqrt{\bar c}` with the
    lower limit clipped at 0 (Montgomery, *Introduction to Statistical Quality
    Control*, §7.3.1).  With ``limits="exact"`` the limits are the Poisson
    quantiles :math:`\Phi(-k)` and :math:`1-\Phi(-k)` of :math:`\bar c`
    (0.00135 and 0.99865 for ``k = 3``): a count signals when it is below the
    lower or above the upper quantile, so each tail has probability at most
    0.00135 however small :math:`\bar c` is.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per period (and site): a period column and a count column,
        such as a validated ``AccidentCounts`` frame.  Not changed.
    value : str
        The count column (``"accidents"``, ``"deaths"`` …).
    period : str, default "period"
        The period column: any form :func:`safetystats.parse_period` reads, one
        kind (all months, all years …).  Points are ordered by period.
    by : str or list of str, optional
        Site key(s) of a long frame (``by="region"``): every site gets its own
        centre line, limits and rules, all in one vectorised call.
    baseline : slice, int or boolean mask, optional
        The points that set the centre line and limits: ``slice("2021-01",
        "2022-12")`` (periods, both ends included), an integer ``n`` (the first
        ``n`` points of each site) or a boolean mask with one value per row of
        ``df``.  Default: all points.  Every point is still charted and
        checked against the limits.
    limits : {"sigma", "exact"}, default "sigma"
        ``"sigma"``: centre ± ``nsigma`` sigma; ``"exact"``: Poisson probability
        limits with the tail probability of ``nsigma`` normal sigmas.
    nsigma : float, default 3
        Width of the limits in sigmas.
    rules : list of str, optional
        The point rules to apply (default: all of :data:`RULES`).
    run_length : int, default 8
        ``run_one_side`` fires from the ``run_length``-th point in a row on
        one side of the centre line.

    Returns
    -------
    pandas.DataFrame
        One row per point, sorted by site then period, with the ``by``
        column(s) first, then:

        ``period`` (canonical string), ``chart`` (``c``, ``u``, ``laney_u``,
        ``g``), ``metric`` (the ``value`` column's name), ``value`` (the count),
        ``exposure`` (as given; NaN for c and g charts), ``statistic`` (what is
        plotted: the count, the rate per ``per`` units of exposure, or the
        gap), ``center``, ``sigma`` (of the statistic at this point), ``lcl``,
        ``ucl`` (per point when the exposure varies; ``lcl`` clipped at 0),
        ``z`` (``(statistic - center) / sigma``), ``run`` (signed length of
        the current run: ``+k`` = k-th point in a row above the centre line,
        ``-k`` below, 0 on it), ``baseline`` (the point set the limits);

        one bool column per rule: ``beyond_limits`` (above ``ucl`` or below
        ``lcl``), ``two_of_three`` (this point and at least one of the two
        before it more than 2σ from the centre on the same side),
        ``four_of_five`` (this point and at least three of the four before it
        more than 1σ out on the same side), ``run_one_side`` (``run_length``
        or more in a row on one side); a rule that was not requested is
        False;

        ``signal`` (any rule fired), ``rules`` (names of the rules that fired,
        ``;``-separated, ``""`` if none), ``limits`` (``sigma``/``exact``),
        ``sigma_z`` (Laney's σ_z of the baseline: the spread of the points
        relative to Poisson noise; about 1 for Poisson data, well above 1 means
        overdispersion — use :func:`laney_u_chart`; NaN for g charts);

        Anhøj runs analysis of the whole series of the site, repeated on its
        rows: ``n_useful`` (points not on the centre line), ``longest_run``
        and its limit ``longest_run_max`` (``round(log2(n_useful)) + 3``),
        ``crossings`` of the centre line and the minimum ``crossings_min``
        (the 5% binomial quantile, ``n_useful - 1`` trials), ``runs_signal``.

    Raises
    ------
    InputError
        A missing column, a negative or fractional count, an empty period or a
        period that appears twice for one site.
    InsufficientDataError
        A site has fewer than 2 baseline points.
    ParameterError
        An option out of range.

    Warns
    -----
    DataWarning
        Periods missing inside a site's series, or a baseline without events.

    See Also
    --------
    u_chart, laney_u_chart, g_chart, control_summary

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"],
    ...                    "deaths": [4, 5, 3, 4, 16]})
    >>> out = c_chart(df, value="deaths", baseline=slice("2023Q1", "2023Q4"))
    >>> out[["period", "center", "lcl", "ucl", "signal"]]
       period  center  lcl   ucl  signal
    0  2023Q1     4.0  0.0  10.0   False
    1  2023Q2     4.0  0.0  10.0   False
    2  2023Q3     4.0  0.0  10.0   False
    3  2023Q4     4.0  0.0  10.0   False
    4  2024Q1     4.0  0.0  10.0    True
    """
    return _count_chart(
        df, chart="c", func="c_chart", value=value, exposure=None, period=period, by=by, baseline=baseline,
        per=1.0, limits=limits, nsigma=nsigma, rules=rules, run_length=run_length,
    )


def u_chart(
    df: pd.DataFrame,
    *,
    value: str,
    exposure: str,
    per: float = 1.0,
    period: str = "period",
    by: str | Sequence[str] | None = None,
    baseline: Any = None,
    limits: Limits = "sigma",
    nsigma: float = 3.0,
    rules: Sequence[str] | None = None,
    run_length: int = 8,
) -> pd.DataFrame:
    r"""Chart counts per unit of exposure (u chart): per worker, per million hours ….

    With :math:`c_i` events and exposure :math:`n_i` (in units of ``per``),
    the statistic is :math:`u_i = c_i / n_i`, the centre line
    :math:`\bar u = \sum c_i / \sum n_i` over the baseline, sigma
    :math:`\sqrt{\bar u / n_i}` and the limits
    :math:`\bar u \pm k\sqrt{\bar u / n_i}`, lower clipped at 0
    (Montgomery §7.3.1).  ``limits="exact"`` uses the Poisson quantiles of
    :math:`\bar u n_i` divided by :math:`n_i`.

    Parameters
    ----------
    df : pandas.DataFrame
        Period, count and exposure columns (and a site key).  Not changed.
    value : str
        The count column.
    exposure : str
        The exposure column (``workers``, ``hours``, ``vehicles`` …), > 0.
    per : float, default 1
        Report the rate per this many units of exposure (``per=100_000`` with
        ``exposure="workers"`` gives deaths per 100,000 workers).
    period, by, baseline, limits, nsigma, rules, run_length
        As in :func:`c_chart`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`c_chart`; ``statistic``, ``center``, ``sigma``,
        ``lcl`` and ``ucl`` are rates per ``per`` units of exposure.

    See Also
    --------
    c_chart, laney_u_chart, control_summary

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": [2019, 2020, 2021, 2022, 2023],
    ...                    "deaths": [28, 26, 38, 28, 48],
    ...                    "workers": [1.0e6, 0.8e6, 1.2e6, 1.0e6, 1.0e6]})
    >>> out = u_chart(df, value="deaths", exposure="workers", per=1e5, baseline=slice(2019, 2022))
    >>> out[["period", "statistic", "center", "ucl", "rules"]]  # deaths per 100,000 workers
      period  statistic  center       ucl          rules
    0   2019   2.800000     3.0  4.643...
    1   2020   3.250000     3.0  4.837...
    2   2021   3.166667     3.0  4.500000
    3   2022   2.800000     3.0  4.643...
    4   2023   4.800000     3.0  4.643...  beyond_limits
    """
    if exposure is None:
        raise ParameterError("u_chart needs exposure= (the column of workers, hours …); for counts alone use c_chart.")
    return _count_chart(
        df, chart="u", func="u_chart", value=value, exposure=exposure, period=period, by=by, baseline=baseline,
        per=per, limits=limits, nsigma=nsigma, rules=rules, run_length=run_length,
    )


def laney_u_chart(
    df: pd.DataFrame,
    *,
    value: str,
    exposure: str | None = None,
    per: float = 1.0,
    period: str = "period",
    by: str | Sequence[str] | None = None,
    baseline: Any = None,
    nsigma: float = 3.0,
    rules: Sequence[str] | None = None,
    run_length: int = 8,
    screen_mr: bool = False,
) -> pd.DataFrame:
    r"""Chart rates with limits that allow for extra-Poisson variation (Laney's u′ chart).

    With large exposures the u chart's limits :math:`\bar u \pm 3\sqrt{\bar
    u/n_i}` become so narrow that almost every point signals, although the
    rate only wanders as real rates do.  Laney (2002) standardises each point,
    :math:`z_i = (u_i - \bar u)/\sqrt{\bar u/n_i}`, measures the spread of the
    :math:`z_i` by their average moving range, :math:`\sigma_z =
    \overline{MR}/1.128`, and widens the limits by it:
    :math:`\bar u \pm k\,\sigma_z\sqrt{\bar u/n_i}`.  :math:`\sigma_z \approx 1`
    gives back the u chart.  The moving ranges are taken between consecutive
    baseline points of each site.

    Parameters
    ----------
    df : pandas.DataFrame
        Period, count and (optional) exposure columns.  Not changed.
    value : str
        The count column.
    exposure : str, optional
        The exposure column; without it every period has exposure 1 (a
        Laney c′ chart).
    per : float, default 1
        Report the rate per this many units of exposure.
    period, by, baseline, nsigma, rules, run_length
        As in :func:`c_chart` (a site needs at least 3 baseline points).
    screen_mr : bool, default False
        Drop moving ranges above :math:`3.267\,\overline{MR}` and recompute
        (Nelson 1982), as R's qicharts2 does by default.  Laney's paper does
        not screen.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`c_chart`; ``sigma`` includes the σ_z factor and
        ``sigma_z`` holds it.

    See Also
    --------
    u_chart, control_summary

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": [f"2023-{m:02d}" for m in range(1, 9)],
    ...                    "injuries": [520, 480, 610, 450, 560, 500, 590, 470],
    ...                    "hours": [1e7] * 8})
    >>> u = u_chart(df, value="injuries", exposure="hours", per=1e6)
    >>> u.loc[u.signal, ["period", "statistic", "lcl", "ucl"]]  # the plain u chart: 2 signals
        period  statistic        lcl        ucl
    2  2023-03       61.0  45.392...  59.107...
    3  2023-04       45.0  45.392...  59.107...
    >>> lu = laney_u_chart(df, value="injuries", exposure="hours", per=1e6)
    >>> round(float(lu.sigma_z.iloc[0]), 3), int(lu.signal.sum())  # spread 3.9 times Poisson: no signal
    (3.934, 0)
    """
    return _count_chart(
        df, chart="laney_u", func="laney_u_chart", value=value, exposure=exposure, period=period, by=by,
        baseline=baseline, per=per, limits="sigma", nsigma=nsigma, rules=rules, run_length=run_length,
        screen_mr=screen_mr,
    )


def _prepare_gaps(
    data: Any,
    *,
    value: str | None,
    date: str | None,
    period: str | None,
    by: str | Sequence[str] | None,
    baseline: Any,
) -> tuple[_Input, list[str], np.ndarray, str]:
    if not isinstance(data, pd.DataFrame):
        if value is not None or date is not None or by is not None or period is not None:
            raise ParameterError("value=, date=, period= and by= need a DataFrame; got an array of gaps.")
        s = pd.Series(np.asarray(data, dtype=object) if not isinstance(data, pd.Series) else data, name="gap")
        data = pd.DataFrame({"gap": s.to_numpy()}, index=s.index)
        value = "gap"
    if (value is None) == (date is None):
        raise ParameterError(
            "g_chart needs exactly one of value= (a column of gaps: days or cases between events) "
            "or date= (a column of event dates; the gaps are the days between them)."
        )
    keys, codes = _site_codes(data, by)
    m = len(data)
    if date is not None:
        raw = _column(data, date, "date")
        when = pd.to_datetime(raw, errors="coerce")
        if when.isna().any():
            i = int(np.flatnonzero(when.isna().to_numpy())[0])
            raise InputError(
                f"row with index {data.index[i]!r}: {raw.iloc[i]!r} is not a date. Write dates as 2023-07-14.",
                column=date,
            )
        days = (when.dt.normalize() - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=np.int64)
        order = np.lexsort((days, codes))
        codes_s, days_s = codes[order], days[order]
        same = np.r_[False, codes_s[1:] == codes_s[:-1]]
        n_events = np.bincount(codes, minlength=int(codes.max()) + 1 if m else 0)
        lonely = np.flatnonzero(n_events == 1)
        if lonely.size:  # one event gives no gap: say so rather than drop the site
            row = int(np.flatnonzero(codes == lonely[0])[0])
            where = " for " + ", ".join(f"{k}={data[k].iloc[row]!r}" for k in keys) if keys else ""
            raise InsufficientDataError(f"g_chart{where}", needed=3, got=1, what="events")
        keep = np.flatnonzero(same)  # a gap ends at every event but the first of its site
        gap_rows = order[keep]
        y = (days_s[keep] - days_s[keep - 1]).astype(np.float64)
        labels = when.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)[gap_rows]
        ordinals: np.ndarray | None = days[gap_rows]

        def bound(v: Any) -> float:
            t = pd.to_datetime(v, errors="coerce")
            if pd.isna(t):
                raise ParameterError(f"baseline bound {v!r} is not a date.")
            return float((t.normalize() - pd.Timestamp("1970-01-01")).days)

        what = date
    else:
        y_all = _numbers(_column(data, value, "value"), argument="value", whole=False)
        order = np.argsort(codes, kind="stable")
        gap_rows = order
        y = y_all[order]
        if period is not None:
            per_ = _periods(_column(data, period, "period"))
            labels = per_.labels[order]
            ordinals = per_.ordinals[order]

            def bound(v: Any) -> float:
                p = parse_period(v)
                if p.kind != per_.kind:
                    raise ParameterError(f"baseline bound {v!r} is a {p.kind}, but the periods are {per_.kind}s.")
                return float(p.ordinal)
        else:
            labels = np.array([""] * m, dtype=object)
            ordinals = None

            def bound(v: Any) -> float:
                raise ParameterError("a baseline slice needs period= (labels of the gaps).")

        what = value
    codes_g = codes[gap_rows]
    new = np.r_[True, codes_g[1:] != codes_g[:-1]] if codes_g.size else np.zeros(0, dtype=bool)
    grp = np.cumsum(new) - 1
    first = _group_first(grp)
    event = (np.arange(grp.size) - first + 1).astype(np.int64)
    # baseline: a mask refers to the caller's rows; a gap takes the mask value of the event that closes it
    position = np.full(m, -1, dtype=np.int64)
    position[gap_rows] = event - 1
    ord_rows = None
    if ordinals is not None:
        ord_rows = np.full(m, np.iinfo(np.int64).min, dtype=np.int64)
        ord_rows[gap_rows] = ordinals
    mask_rows = _baseline_mask(
        baseline, n_rows=m, index=data.index, position=np.where(position < 0, np.iinfo(np.int64).max, position),
        ordinal_of_bound=bound, ordinals=ord_rows,
    )
    site = data.iloc[gap_rows][keys].reset_index(drop=True) if keys else pd.DataFrame(index=range(grp.size))
    inp = _Input(
        order=gap_rows,
        grp=grp,
        n_groups=int(grp[-1] + 1) if grp.size else 0,
        y=y,
        n=np.ones(grp.size),
        exposure=np.full(grp.size, np.nan),
        base=mask_rows[gap_rows],
        labels=labels,
        site=site,
    )
    return inp, keys, event, what


def g_chart(
    data: pd.DataFrame | Sequence[float] | np.ndarray | pd.Series,
    *,
    value: str | None = None,
    date: str | None = None,
    period: str | None = None,
    by: str | Sequence[str] | None = None,
    baseline: Any = None,
    center: Literal["median", "mean"] = "median",
    limits: Limits = "sigma",
    nsigma: float = 3.0,
    rules: Sequence[str] | None = None,
    run_length: int = 8,
) -> pd.DataFrame:
    r"""Chart the days (or cases, or opportunities) between rare events (g chart).

    When events are rare (fatal accidents at one site), counts per month are
    mostly 0 and a c chart cannot see anything; the gaps between events can.
    With :math:`\bar g` the mean baseline gap, the gaps are modelled as
    geometric on :math:`\{0, 1, \dots\}` with :math:`p = 1/(\bar g + 1)`, so
    sigma :math:`= \sqrt{\bar g(\bar g + 1)}` and the limits
    :math:`\bar g \pm k\sqrt{\bar g(\bar g+1)}`, lower clipped at 0
    (Benneyan 2001; Montgomery §7.3.3).  The sigma lower limit is always 0,
    so it cannot flag events coming closer together; ``limits="exact"`` uses
    the geometric quantiles :math:`\Phi(-k)` and :math:`1-\Phi(-k)`, whose
    lower limit is above 0 once :math:`\bar g` exceeds about 740.

    The centre line is the median of the baseline gaps by default, as in R's
    qicharts2 (the geometric distribution is skewed, so about half the points
    fall on each side of the median but only ~37% above the mean; the
    ``run_one_side`` rule needs the median).  ``center="mean"`` draws
    :math:`\bar g` (Benneyan, Montgomery).  The limits use :math:`\bar g`
    either way.  Short gaps mean *more* events: a point below the lower limit
    is a deterioration, above the upper limit an improvement.

    Parameters
    ----------
    data : DataFrame, or array-like of gaps
        Either a frame with a ``date=`` column (one row per event; the gaps are
        the days between consecutive events of a site, so ``n`` events give
        ``n - 1`` points) or a ``value=`` column of gaps (in the given row order
        within each site), or just the gaps.  Not changed.
    value : str, optional
        Column of gaps (whole or fractional numbers >= 0).
    date : str, optional
        Column of event dates.
    period : str, optional
        With ``value=``: a column of period labels for the gaps.
    by : str or list of str, optional
        Site key(s): one chart per site, in one vectorised call.
    baseline : slice, int or boolean mask, optional
        As in :func:`c_chart`; a slice takes dates (with ``date=``) or
        periods (with ``period=``); a mask refers to the rows of ``data``
        (a gap takes the value of the event that ends it).
    center : {"median", "mean"}, default "median"
        The centre line.
    limits : {"sigma", "exact"}, default "sigma"
        Sigma limits or geometric probability limits.
    nsigma : float, default 3
        Width of the limits in sigmas.
    rules : list of str, optional
        Default ``("beyond_limits", "run_one_side")``, as in qicharts2: the
        zone rules assume a symmetric distribution, which the geometric is
        not.  Pass ``rules=RULES`` for all four.
    run_length : int, default 8
        As in :func:`c_chart`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`c_chart`, with ``event`` (1, 2, … within the
        site) after the ``by`` column(s); ``value`` and ``statistic`` are the
        gap, ``period`` is the date of the event that ends the gap (with
        ``date=``), the ``period=`` label, or ``""``.

    See Also
    --------
    c_chart, control_summary

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"date": ["2023-01-03", "2023-02-20", "2023-03-02", "2023-05-28",
    ...                                 "2023-06-30", "2023-09-11", "2023-10-01", "2023-10-04"]})
    >>> g = g_chart(events, date="date")
    >>> g[["event", "period", "value", "center", "ucl"]]
       event      period  value  center         ucl
    0      1  2023-02-20   48.0    33.0  158.061969
    1      2  2023-03-02   10.0    33.0  158.061969
    2      3  2023-05-28   87.0    33.0  158.061969
    3      4  2023-06-30   33.0    33.0  158.061969
    4      5  2023-09-11   73.0    33.0  158.061969
    5      6  2023-10-01   20.0    33.0  158.061969
    6      7  2023-10-04    3.0    33.0  158.061969
    """
    if center not in ("median", "mean"):
        raise ParameterError(f"center={center!r} is not valid; use 'median' (qicharts2) or 'mean' (Benneyan).")
    chosen = _check_options(
        limits=limits, nsigma=nsigma, rules=rules, run_length=run_length,
        default_rules=("beyond_limits", "run_one_side"),
    )
    inp, keys, event, what = _prepare_gaps(data, value=value, date=date, period=period, by=by, baseline=baseline)
    _check_baseline_sizes(inp, needed=2, method="g_chart", by=keys)
    res = _kernel(inp, chart="g", limits=limits, nsigma=nsigma, rules=chosen, run_length=run_length, center=center)
    return _assemble(
        inp, res, chart="g", metric="days_between" if date is not None else str(what), limits=limits, by=keys,
        event=event,
    )


# --------------------------------------------------------------------------------------------
# plain-words summary
# --------------------------------------------------------------------------------------------

_METRIC_ZH = {
    "accidents": "事故起数",
    "deaths": "死亡人数",
    "injuries": "受伤人数",
    "days_between": "事故间隔天数",
    "gap": "事件间隔",
}
_METRIC_EN = {"days_between": "days between events"}
_CHART_EN = {"c": "c chart", "u": "u chart", "laney_u": "Laney u′ chart", "g": "g chart"}
_CHART_ZH = {"c": "c 控制图", "u": "u 控制图", "laney_u": "Laney u′ 控制图", "g": "g 控制图"}


def _fmt(x: float) -> str:
    """A short, deterministic rendering of a chart number (not a percentage)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    if abs(x) >= 100:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def _span(lo: float, hi: float) -> str:
    a, b = _fmt(lo), _fmt(hi)
    return a if a == b else f"{a}–{b}"


def _explain(row: Any, rule: str, lang: str, chart: str) -> str:
    above = row.z > 0 if rule != "beyond_limits" else row.statistic > row.ucl
    worse = not above if chart == "g" else above  # short gaps between events are bad news
    if lang == "en":
        good = "worse" if worse else "better"
        if rule == "beyond_limits":
            side, lim = ("above the upper", row.ucl) if above else ("below the lower", row.lcl)
            return f"{_fmt(row.statistic)} is {side} control limit {_fmt(lim)} ({good} than chance explains)"
        where = "above" if above else "below"
        if rule == "two_of_three":
            return f"2 of the last 3 points are more than 2 sigma {where} the centre line ({good})"
        if rule == "four_of_five":
            return f"4 of the last 5 points are more than 1 sigma {where} the centre line ({good})"
        return f"{abs(int(row.run))} points in a row {where} the centre line ({good}; a shift)"
    good = "变差" if worse else "改善"
    if rule == "beyond_limits":
        side, lim = ("高于控制上限", row.ucl) if above else ("低于控制下限", row.lcl)
        return f"{_fmt(row.statistic)} {side} {_fmt(lim)}（{good}，超出随机波动）"
    where = "高于" if above else "低于"
    if rule == "two_of_three":
        return f"最近 3 点中有 2 点{where}中心线 2σ 以外（{good}）"
    if rule == "four_of_five":
        return f"最近 5 点中有 4 点{where}中心线 1σ 以外（{good}）"
    return f"连续 {abs(int(row.run))} 点{where}中心线（{good}，水平发生偏移）"


_REQUIRED = ("period", "chart", "metric", "statistic", "center", "lcl", "ucl", "z", "run", "baseline",
             *RULES, "signal", "limits", "sigma_z", "longest_run", "longest_run_max", "crossings",
             "crossings_min", "runs_signal")


def control_summary(chart: pd.DataFrame, *, lang: Literal["en", "zh"] = "en") -> str:
    """Say in plain words which periods signal and why, in English or Chinese.

    Parameters
    ----------
    chart : pandas.DataFrame
        The frame returned by :func:`c_chart`, :func:`u_chart`,
        :func:`laney_u_chart` or :func:`g_chart` (a filtered copy works too).
    lang : {"en", "zh"}, default "en"
        Language of the text.

    Returns
    -------
    str
        One block per site: the chart, its baseline, centre line and limits;
        each signalling period with the rule(s) and the direction (better or
        worse); the Anhøj runs analysis; and, for c and u charts whose σ_z is
        1.5 or more, a hint to use Laney's u′ chart.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": [f"2023-{m:02d}" for m in range(1, 13)],
    ...                    "accidents": [4, 6, 3, 5, 4, 7, 5, 3, 14, 4, 5, 4]})
    >>> print(control_summary(c_chart(df, value="accidents")))
    c chart of accidents: limits from 12 periods (2023-01 to 2023-12), centre line 5.33, limits 0 to 12.26 (3-sigma).
    1 of 12 periods signals:
      2023-09: 14 is above the upper control limit 12.26 (worse than chance explains) [beyond_limits]
    Runs analysis (Anhøj): longest run 3 (limit 7), 6 crossings (minimum 3): no signal.
    >>> print(control_summary(c_chart(df, value="accidents"), lang="zh"))
    事故起数 c 控制图：基线 12 期（2023-01 至 2023-12），中心线 5.33，控制限 0 至 12.26（3σ）。
    12 期中有 1 期出现信号：
      2023-09：14 高于控制上限 12.26（变差，超出随机波动）【beyond_limits】
    游程分析（Anhøj）：最长游程 3（上限 7），穿越中心线 6 次（下限 3）：无信号。
    """
    if lang not in ("en", "zh"):
        raise ParameterError(f"lang={lang!r} is not valid; use 'en' or 'zh'.")
    if not isinstance(chart, pd.DataFrame):
        raise InputError(f"control_summary needs the frame returned by a chart function, got {type(chart).__name__}.")
    missing = [c for c in _REQUIRED if c not in chart.columns]
    if missing:
        raise InputError(
            f"control_summary: the frame lacks column(s) {missing}; pass the frame returned by "
            "c_chart, u_chart, laney_u_chart or g_chart."
        )
    if chart.empty:
        return "No points to summarise." if lang == "en" else "没有可汇总的数据点。"
    pos = list(chart.columns).index("period")
    keys = [c for c in chart.columns[:pos] if c != "event"]
    blocks: list[str] = []
    quiet: list[str] = []
    groups = chart.groupby(keys, sort=False) if keys else [((), chart)]
    for key, site in groups:
        key = key if isinstance(key, tuple) else (key,)
        name = "/".join(str(k) for k in key)
        lines = _site_summary(site, lang=lang)
        if keys and not site["signal"].any() and not site["runs_signal"].any():
            quiet.append(name)
            continue
        if keys:
            lines[0] = (f"{name} — " if lang == "en" else f"{name}：") + lines[0]
        blocks.append("\n".join(lines))
    if quiet:
        if lang == "en":
            blocks.append(f"No signal in {len(quiet)} site(s): {', '.join(quiet)}.")
        else:
            blocks.append(f"{len(quiet)} 个地区无信号：{'、'.join(quiet)}。")
    return "\n\n".join(blocks)


def _site_summary(site: pd.DataFrame, *, lang: str) -> list[str]:
    chart = str(site["chart"].iloc[0])
    metric = str(site["metric"].iloc[0])
    base = site[site["baseline"].astype(bool)]
    unit = "points" if chart == "g" else "periods"
    lcl_lo, lcl_hi = float(site["lcl"].min()), float(site["lcl"].max())
    ucl_lo, ucl_hi = float(site["ucl"].min()), float(site["ucl"].max())
    constant = math.isclose(lcl_lo, lcl_hi, rel_tol=1e-9, abs_tol=1e-12) and math.isclose(
        ucl_lo, ucl_hi, rel_tol=1e-9, abs_tol=1e-12
    )
    b_first = str(base["period"].iloc[0]) if len(base) else ""
    b_last = str(base["period"].iloc[-1]) if len(base) else ""
    centre = _fmt(float(site["center"].iloc[0]))
    lines: list[str] = []
    n_sig = int(site["signal"].sum())
    if lang == "en":
        span = f" ({b_first} to {b_last})" if b_first else ""
        if constant:
            lim = f"limits {_fmt(lcl_lo)} to {_fmt(ucl_lo)}"
        else:
            lim = f"limits vary with exposure (lower {_span(lcl_lo, lcl_hi)}, upper {_span(ucl_lo, ucl_hi)})"
        lines.append(
            f"{_CHART_EN.get(chart, chart)} of {_METRIC_EN.get(metric, metric)}: limits from {len(base)} {unit}{span}, "
            f"centre line {centre}, {lim} ({_limit_words(site, 'en')})."
        )
        lines.append(
            f"{n_sig} of {len(site)} {unit} signal{'s' if n_sig == 1 else ''}:" if n_sig else
            f"No {unit[:-1]} signals ({len(site)} {unit})."
        )
    else:
        label = _METRIC_ZH.get(metric, metric)
        span = f"（{b_first} 至 {b_last}）" if b_first else ""
        unit_zh = "点" if chart == "g" else "期"
        if constant:
            lim = f"控制限 {_fmt(lcl_lo)} 至 {_fmt(ucl_lo)}"
        else:
            lim = f"控制限随暴露量变化（下限 {_span(lcl_lo, lcl_hi)}，上限 {_span(ucl_lo, ucl_hi)}）"
        lines.append(
            f"{label} {_CHART_ZH.get(chart, chart)}：基线 {len(base)} {unit_zh}{span}，中心线 {centre}，"
            f"{lim}（{_limit_words(site, 'zh')}）。"
        )
        lines.append(
            f"{len(site)} {unit_zh}中有 {n_sig} {unit_zh}出现信号：" if n_sig else f"{len(site)} {unit_zh}中无信号点。"
        )
    for row in site[site["signal"].astype(bool)].itertuples(index=False):
        fired = [r for r in RULES if bool(getattr(row, r))]
        label = row.period if str(row.period) else f"#{getattr(row, 'event', '?')}"
        why = ("; " if lang == "en" else "；").join(_explain(row, r, lang, chart) for r in fired)
        tag = ";".join(fired)
        if lang == "en":
            lines.append(f"  {label}: {why} [{tag}]")
        else:
            lines.append(f"  {label}：{why}【{tag}】")
    lines.append(_runs_words(site, lang))
    sz = float(site["sigma_z"].iloc[0])
    if chart in ("c", "u") and math.isfinite(sz) and sz >= 1.5:
        if lang == "en":
            lines.append(
                f"Note: the points vary {_fmt(sz)} times as much as Poisson noise (Laney σz); "
                "the limits may be too narrow — consider laney_u_chart."
            )
        else:
            lines.append(f"提示：数据波动约为泊松波动的 {_fmt(sz)} 倍（Laney σz），控制限可能过窄，建议改用 laney_u_chart。")
    return lines


def _limit_words(site: pd.DataFrame, lang: str) -> str:
    method = str(site["limits"].iloc[0])
    chart = str(site["chart"].iloc[0])
    if method == "exact":
        dist = "geometric" if chart == "g" else "Poisson"
        return f"{dist} probability limits" if lang == "en" else ("几何分布概率限" if chart == "g" else "泊松概率限")
    sig = site["sigma"].to_numpy(dtype=float)
    ucl = site["ucl"].to_numpy(dtype=float)
    c = site["center"].to_numpy(dtype=float) if chart != "g" else None
    k = None
    if c is not None:
        ok = sig > 0
        if ok.any():
            k = float(np.median((ucl[ok] - c[ok]) / sig[ok]))
    else:
        g = site[site["baseline"].astype(bool)]["value"].to_numpy(dtype=float)
        if g.size and sig[0] > 0:
            k = float((ucl[0] - g.mean()) / sig[0])
    ks = _fmt(round(k, 6)) if k is not None else "3"
    return f"{ks}-sigma" if lang == "en" else f"{ks}σ"


def _runs_words(site: pd.DataFrame, lang: str) -> str:
    row = site.iloc[0]
    if pd.isna(row["longest_run"]):
        return "Runs analysis (Anhøj): no useful points." if lang == "en" else "游程分析（Anhøj）：无有效点。"
    lr, lm = int(row["longest_run"]), int(row["longest_run_max"])
    cr, cm = int(row["crossings"]), int(row["crossings_min"])
    sig = bool(row["runs_signal"])
    if lang == "en":
        verdict = "no signal"
        if sig:
            why = []
            if lr > lm:
                why.append("a run longer than expected")
            if cr < cm:
                why.append("too few crossings")
            verdict = "SIGNAL (" + " and ".join(why) + ": the level has shifted)"
        return f"Runs analysis (Anhøj): longest run {lr} (limit {lm}), {cr} crossings (minimum {cm}): {verdict}."
    verdict = "无信号"
    if sig:
        why = []
        if lr > lm:
            why.append("最长游程超过上限")
        if cr < cm:
            why.append("穿越次数过少")
        verdict = "有信号（" + "、".join(why) + "，水平发生偏移）"
    return f"游程分析（Anhøj）：最长游程 {lr}（上限 {lm}），穿越中心线 {cr} 次（下限 {cm}）：{verdict}。"
