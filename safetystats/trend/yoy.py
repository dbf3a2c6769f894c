"""Year-over-year (period-over-period) table with an exact Poisson test for every change.

For each period the count is compared with the previous period (or the same
period a year earlier) by the exact conditional test of two Poisson rates
(:func:`safetystats.compare.poisson_rate_test_many`, the test of R's
``poisson.test``): given the total ``n = y1 + y0`` events, ``y1`` is binomial
with ``p = E1 / (E1 + E0)`` under no change.  The percentage change is rounded
exactly (half up by default, 四舍五入), never with float ``round()``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import InsufficientDataError, ParameterError
from ._multitest import adjust_pvalues
from ._prep import prepare_panel

__all__ = ["yoy_table", "VERDICTS"]

#: The plain-words flag of each row.
VERDICTS = ("significant decrease", "significant increase", "within chance", "no base period", "no events")


def yoy_table(
    df: pd.DataFrame,
    *,
    value: str = "deaths",
    exposure: str | None = None,
    by: str | Sequence[str] | None = None,
    against: str = "previous",
    decimals: int = 1,
    rounding: str = "half_up",
    alpha: float = 0.05,
    conf_level: float = 0.95,
    p_adjust: str | None = None,
    gaps: str = "error",
) -> pd.DataFrame:
    """Every period's change, percentage change and exact Poisson p-value: "is this decline real?".

    Parameters
    ----------
    df : pandas.DataFrame
        Long frame with ``period`` and the count column (and ``by`` keys).
    value : str
        The count column.
    exposure : str, optional
        Exposure column: rates are compared (rate ratio, percentage change
        of the rate).
    by : str or list of str, optional
        Series keys; one table for all series.
    against : {"previous", "last_year"}
        The base: the previous period (环比; for years the same as last year)
        or the same period a year earlier (同比 for months and quarters).
    decimals : int
        Decimals of ``pct_change_rounded``.
    rounding : {"half_up", "half_even", "down", "up"}
        Exact rounding rule for ``pct_change_rounded``.
    alpha : float
        Significance level of the flag.
    conf_level : float
        Level of the rate-ratio interval (Clopper–Pearson based, as R).
    p_adjust : {"fdr_bh", "bonferroni", "holm", "fdr_by"}, optional
        Adjust the p-values over all rows of the table (the flag then uses
        the adjusted p-value).
    gaps : {"error", "allow"}
        A missing period raises, or (``allow``) the period after it gets
        ``no base period`` — a gap is never bridged.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``period, base_period, value, base_value, change,
        pct_change, pct_change_rounded, rate_ratio, conf_low, conf_high,
        p_value, significant, verdict, method, note`` (plus the ``by`` keys
        first, ``exposure, base_exposure`` with an exposure and
        ``p_adjusted`` when asked).

    Raises
    ------
    InsufficientDataError
        Fewer than 2 periods.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": [2022, 2023], "accidents": [80, 71]})
    >>> t = yoy_table(df, value="accidents")
    >>> t[["period", "value", "base_value", "pct_change_rounded", "p_value", "verdict"]].round(4)
      period  value  base_value  pct_change_rounded  p_value        verdict
    0   2022     80         NaN                 NaN      NaN  no base period
    1   2023     71        80.0               -11.3   0.5152  within chance
    """
    from ..change import infer_decimals
    from ..compare import METHOD, poisson_rate_test_many
    from ..rounding import check_rule, round_ratio

    if against not in ("previous", "last_year"):
        raise ParameterError(f"against={against!r}: use 'previous' or 'last_year'")
    rule = check_rule(rounding, allow_any=False)
    if not isinstance(decimals, (int, np.integer)) or decimals < 0:
        raise ParameterError(f"decimals={decimals!r} must be a whole number >= 0")
    if not 0 < alpha < 1:
        raise ParameterError(f"alpha={alpha!r} must be between 0 and 1")
    panel = prepare_panel(df, value=value, exposure=exposure, by=by, gaps=gaps, method="yoy_table")
    S, T = panel.y.shape
    valid = panel.valid
    if not panel.by and valid.sum() < 2:
        raise InsufficientDataError("yoy_table", needed=2, got=int(valid.sum()))
    step = 1 if against == "previous" else panel.per_year
    base_ord = panel.ordinals - step
    pos = np.searchsorted(panel.ordinals, base_ord)
    has_slot = (pos < T) & (panel.ordinals[np.minimum(pos, T - 1)] == base_ord)
    bpos = np.where(has_slot, pos, 0)

    s_idx, t_idx = np.nonzero(valid)  # rows in series then time order
    y1 = panel.y[s_idx, t_idx]
    b_ok = has_slot[t_idx] & valid[s_idx, bpos[t_idx]]
    y0 = np.where(b_ok, panel.y[s_idx, bpos[t_idx]], np.nan)
    labels = np.array(panel.labels, dtype=object)
    base_labels = _base_labels(panel, base_ord)

    out: dict[str, object] = {}
    out["period"] = labels[t_idx]
    out["base_period"] = np.array(base_labels, dtype=object)[t_idx]
    out["value"] = y1.astype(np.int64)
    out["base_value"] = y0
    if panel.exposure is not None:
        e1 = panel.exposure[s_idx, t_idx]
        e0 = np.where(b_ok, panel.exposure[s_idx, bpos[t_idx]], np.nan)
        out["exposure"] = e1
        out["base_exposure"] = e0
    else:
        e1 = np.ones(y1.size)
        e0 = np.where(b_ok, 1.0, np.nan)
    out["change"] = y1 - y0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (y1 / e1) / (y0 / e0)
    pct = np.where(b_ok & (y0 > 0), 100.0 * (ratio - 1.0), np.nan)
    out["pct_change"] = pct

    # exact rounding: 100 (y1 E0 - y0 E1) / (y0 E1) on integers (exposures scaled to whole numbers)
    rounded = np.full(y1.size, np.nan)
    ok = b_ok & (y0 > 0)
    if ok.any():
        if panel.exposure is None:
            num = (y1[ok] - y0[ok]).astype(np.int64)
            den = y0[ok].astype(np.int64)
        else:
            k = int(max(infer_decimals(e1[ok]).max(initial=0), infer_decimals(e0[ok]).max(initial=0)))
            E1 = np.rint(e1[ok] * 10.0**k).astype(np.int64).astype(object)  # Python ints: no overflow below
            E0 = np.rint(e0[ok] * 10.0**k).astype(np.int64).astype(object)
            c1 = y1[ok].astype(np.int64).astype(object)
            c0 = y0[ok].astype(np.int64).astype(object)
            num = c1 * E0 - c0 * E1
            den = c0 * E1
        rounded[ok] = round_ratio(num, den, decimals=int(decimals), rule=rule)
    out["pct_change_rounded"] = rounded

    rr = np.full(y1.size, np.nan)
    lo = np.full(y1.size, np.nan)
    hi = np.full(y1.size, np.nan)
    p = np.full(y1.size, np.nan)
    tested = b_ok & ((y1 + np.nan_to_num(y0)) > 0)
    if tested.any():
        test = poisson_rate_test_many(
            y1[tested].astype(np.int64), y0[tested].astype(np.int64),
            exposure=e1[tested], base_exposure=e0[tested], conf_level=conf_level,
        )
        rr[tested] = test["rate_ratio"].to_numpy(dtype=float)
        lo[tested] = test["conf_low"].to_numpy(dtype=float)
        hi[tested] = test["conf_high"].to_numpy(dtype=float)
        p[tested] = test["p_value"].to_numpy(dtype=float)
    out["rate_ratio"] = rr
    out["conf_low"] = lo
    out["conf_high"] = hi
    out["p_value"] = p
    p_flag = p
    if p_adjust is not None:
        out["p_adjusted"] = adjust_pvalues(p, method=p_adjust)
        p_flag = out["p_adjusted"]
    sig = tested & (p_flag < alpha)
    out["significant"] = pd.array(np.where(tested, sig, False), dtype="boolean")
    verdict = np.where(
        ~b_ok, "no base period",
        np.where(~tested, "no events",
                 np.where(sig & (ratio < 1), "significant decrease",
                          np.where(sig & (ratio > 1), "significant increase", "within chance"))),
    )
    out["verdict"] = verdict.astype(object)
    out["method"] = np.where(tested, METHOD, "").astype(object)
    note = np.where(
        ~b_ok & has_slot[t_idx], "the base period has no value",
        np.where(~b_ok, "no earlier period in the data",
                 np.where(b_ok & (y0 == 0) & (y1 > 0), "the base count is 0: the percentage change is undefined",
                          np.where(~tested, "no events in either period: nothing to compare", ""))),
    )
    first = np.zeros(y1.size, dtype=bool)
    first[np.unique(s_idx, return_index=True)[1]] = True
    note = np.where(~b_ok & first & ~has_slot[t_idx], "first period: nothing to compare with", note)
    out["note"] = note.astype(object)
    frame = pd.DataFrame(out)
    frame["significant"] = frame["significant"].mask(~pd.Series(tested), pd.NA)
    if panel.by:
        keys = panel.keys.iloc[s_idx].reset_index(drop=True)
        frame = pd.concat([keys, frame], axis=1)
    return frame


def _base_labels(panel, base_ord: np.ndarray) -> list[str]:
    from ..periods import Period

    out = []
    for o in base_ord.tolist():  # one label per grid period (not per row)
        if panel.kind == "month":
            out.append(Period("month", o // 12, o % 12 + 1).label)
        elif panel.kind == "quarter":
            out.append(Period("quarter", o // 4, o % 4 + 1).label)
        elif panel.kind == "split_year":
            out.append(Period("split_year", o).label)
        elif panel.kind == "ytd":
            lab = panel.labels[0]
            out.append(f"{o}{lab[4:]}")
        else:
            out.append(str(o))
    return out
