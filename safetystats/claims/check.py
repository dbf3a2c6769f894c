"""``check_text`` and ``check_file``: extract the claims of a report and check them.

The checking itself is :func:`safetystats.checks.check_claims`; this module
only joins its verdict table back to where each claim was found (line,
sentence, span).
"""

from __future__ import annotations

import os
from typing import IO

import pandas as pd

from .extract import extract_claims
from .reading import read_report

__all__ = ["check_text", "check_file", "LOCATION_COLUMNS"]

#: Columns added to the verdict table of :func:`safetystats.checks.check_claims`.
LOCATION_COLUMNS = ["line", "text", "source", "span_start", "span_end", "unit"]


def check_text(
    text: str,
    *,
    rounding: str = "half_up",
    alpha: float = 0.05,
    source: str | None = None,
    region: str | None = None,
    period: str | int | None = None,
) -> pd.DataFrame:
    """Extract every claim of a report and check it.

    Parameters
    ----------
    text : str
        The report text (see :func:`extract_claims`).
    rounding : {"half_up", "half_even", "down", "up", "any"}
        The rounding rule the report is expected to follow (四舍五入 is
        ``half_up``); passed to :func:`safetystats.checks.check_claims`.
    alpha : float
        Significance level of the exact Poisson test of each change.
    source : str, optional
        File name, kept in the ``source`` column.
    region, period : optional
        Defaults for claims whose sentence names none (see :func:`extract_claims`).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`safetystats.checks.check_claims` (``claim_id``,
        ``kind``, ``metric``, ``value``, ``base_value``, ``reported_pct``,
        ``recomputed_pct``, ``implied_base_min``, ``implied_base_max``,
        ``verdict``, ``likely_cause``, ``p_value``, ``note`` …) followed by
        :data:`LOCATION_COLUMNS`: ``line``, ``text`` (the sentence),
        ``source``, ``span_start``, ``span_end``, ``unit``.  One row per claim,
        in the order of the text; no rows when the text holds no claim.

    Examples
    --------
    >>> t = check_text("全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。", period=2023)
    >>> t[["claim_id", "implied_base_min", "verdict", "line"]]
      claim_id  implied_base_min     verdict  line
    0     L1-1              80.0  consistent     1
    1     L1-2              56.0  consistent     1
    >>> t["p_value"].round(2).tolist()
    [0.52, 0.63]
    >>> check_text("全年共发生生产安全事故 71 起，下降 11.3%。", rounding="half_even")["verdict"].item()
    'consistent_other_rounding'
    """
    from ..checks import check_claims

    claims = extract_claims(text, source=source, region=region, period=period)
    dated = claims["period"].notna()
    if dated.all() or not dated.any():
        table = check_claims(claims, rounding=rounding, alpha=alpha)
    else:
        # check_claims (71e98e3) raises a TypeError when some rows have a period and others none
        # (a pandas 3 string assignment in its base look-up).  Rows without a period take no part in
        # that look-up, so checking the two groups apart gives the same verdicts.
        table = pd.concat([check_claims(claims[dated], rounding=rounding, alpha=alpha),
                           check_claims(claims[~dated], rounding=rounding, alpha=alpha)], ignore_index=True)
        order = {cid: i for i, cid in enumerate(claims["claim_id"])}
        table = table.iloc[table["claim_id"].map(order).argsort(kind="stable")].reset_index(drop=True)
    where = claims[["claim_id", "line", "source_text", "source", "span_start", "span_end", "unit"]].rename(
        columns={"source_text": "text"})
    keep = [c for c in table.columns if c not in LOCATION_COLUMNS]
    out = table[keep].merge(where, on="claim_id", how="left", validate="one_to_one")
    return out.reset_index(drop=True)


def check_file(
    source: str | os.PathLike[str] | IO[bytes] | bytes,
    *,
    rounding: str = "half_up",
    alpha: float = 0.05,
    encoding: str | None = None,
    region: str | None = None,
    period: str | int | None = None,
) -> pd.DataFrame:
    """Read a report file (.txt, .pdf, .html) and check every claim in it.

    Parameters
    ----------
    source : path, bytes or binary file
        The report (see :func:`read_report`).
    rounding, alpha, region, period
        As for :func:`check_text`.
    encoding : str, optional
        Force the text encoding of a .txt / .html file.

    Returns
    -------
    pandas.DataFrame
        As :func:`check_text`; ``source`` is the file name.

    Raises
    ------
    InputError
        When the file cannot be read (see :func:`read_report`).

    Examples
    --------
    >>> import io
    >>> data = "有效：事故 71 起，同比下降 11.3%。".encode("gb18030")
    >>> check_file(io.BytesIO(data), period=2023)[["value", "implied_base_min", "verdict"]]
       value  implied_base_min     verdict
    0   71.0              80.0  consistent
    """
    report = read_report(source, encoding=encoding)
    return check_text(report.text, rounding=rounding, alpha=alpha, source=report.source, region=region,
                      period=period)
