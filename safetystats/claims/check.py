"""``check_text`` and ``check_file``: extract the claims of a report and check them.

The checking itself is :func:`safetystats.checks.check_claims`; this module
only joins its verdict table back to where each claim was found (line,
sentence, span).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..errors import SafetyStatsError
from .extract import extract_claims
from .output import FileResult
from .reading import REPORT_SUFFIXES, read_report

__all__ = ["check_text", "check_file", "check_files", "find_reports", "LOCATION_COLUMNS"]

#: Columns added to the verdict table of :func:`safetystats.checks.check_claims`.
LOCATION_COLUMNS = ["line", "text", "claim_text", "source", "span_start", "span_end", "unit"]


def check_text(
    text: str,
    *,
    rounding: str = "half_up",
    alpha: float = 0.05,
    source: str | None = None,
    region: str | None = None,
    period: str | int | None = None,
    against: Any = None,
    vintage: Any = None,
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
    against : DataFrame, list of DataFrames, or data file(s) / folder(s), optional
        Raw counts to check the claims with (see
        :func:`safetystats.reconcile.check_against`): each claim is matched to
        its data rows, the verdict uses the real base, and the table gains the
        columns ``own_verdict, match, match_reason, base_rows, base_vintage …``.
    vintage : str or list of str, optional
        With ``against``: the default version of each figure (the latest).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`safetystats.checks.check_claims` (``claim_id``,
        ``kind``, ``metric``, ``value``, ``base_value``, ``reported_pct``,
        ``recomputed_pct``, ``implied_base_min``, ``implied_base_max``,
        ``verdict``, ``likely_cause``, ``p_value``, ``note`` …) followed by
        :data:`LOCATION_COLUMNS`: ``line``, ``text`` (the sentence),
        ``claim_text`` (the words of the claim), ``source``, ``span_start``,
        ``span_end``, ``unit``.  One row per claim,
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
    table = check_claims(claims, rounding=rounding, alpha=alpha, against=against, vintage=vintage)
    where = claims[["claim_id", "line", "source_text", "source", "span_start", "span_end", "unit"]].rename(
        columns={"source_text": "text"})
    spans = zip(claims["span_start"].tolist(), claims["span_end"].tolist(), strict=True)
    where.insert(3, "claim_text", [" ".join(text[a:b].split()) for a, b in spans])
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
    against: Any = None,
    vintage: Any = None,
) -> pd.DataFrame:
    """Read a report file (.txt, .pdf, .html) and check every claim in it.

    Parameters
    ----------
    source : path, bytes or binary file
        The report (see :func:`read_report`).
    rounding, alpha, region, period, against, vintage
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
                      period=period, against=against, vintage=vintage)


def find_reports(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Expand folders into the reports they hold (.txt, .text, .md, .pdf, .html, .htm), sorted.

    Files named directly are kept whatever their ending (and whether or not
    they exist: :func:`check_files` reports a missing one).

    Examples
    --------
    >>> find_reports(["report.txt"])
    ['report.txt']
    """
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
            out.extend(found)
        else:
            out.append(str(p))
    return out


def _check_one(path: str, options: dict[str, Any]) -> tuple[str, pd.DataFrame | None, str | None]:
    """Check one file; plain values only, so that a worker process can always send them back."""
    try:
        return path, check_file(path, **options), None
    except SafetyStatsError as exc:
        message = str(exc)
        prefix = f"{path}: "
        return path, None, message[len(prefix):] if message.startswith(prefix) else message


def check_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    rounding: str = "half_up",
    alpha: float = 0.05,
    encoding: str | None = None,
    region: str | None = None,
    period: str | int | None = None,
    against: Any = None,
    vintage: Any = None,
) -> list[FileResult]:
    """Check many reports, in parallel across processes; one result per file, in the order given.

    Parameters
    ----------
    paths : sequence of paths
        Report files (folders are expanded by :func:`find_reports`).
    jobs : int, optional
        Worker processes (default: the number of CPUs; 1 checks in this process).
    progress : callable, optional
        Called as ``progress(done, total, path)`` after each file.
    rounding, alpha, encoding, region, period, against, vintage
        As for :func:`check_file` (read and validate data once with
        :func:`safetystats.reconcile.data_facts` and pass the result as
        ``against`` to check many files against it).

    Returns
    -------
    list of FileResult
        ``table`` is the verdict table, or ``error`` says why the file could
        not be read.

    Examples
    --------
    >>> [r.error for r in check_files(["no-such-report.txt"], jobs=1)]
    ['file not found; check the path']
    """
    from ..rounding import check_rule

    check_rule(rounding)
    files = find_reports(paths)
    options: dict[str, Any] = {"rounding": rounding, "alpha": alpha, "encoding": encoding, "region": region,
                               "period": period}
    if against is not None:
        options.update(against=against, vintage=vintage)
    n = len(files)
    workers = min(jobs or os.cpu_count() or 1, n) if n else 1
    results: list[FileResult | None] = [None] * n
    if workers <= 1:
        for i, f in enumerate(files):
            results[i] = FileResult(*_check_one(f, options))
            if progress is not None:
                progress(i + 1, n, f)
        return [r for r in results if r is not None]
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_check_one, f, options): i for i, f in enumerate(files)}
        for done, fut in enumerate(as_completed(futures), start=1):
            i = futures[fut]
            results[i] = FileResult(*fut.result())
            if progress is not None:
                progress(done, n, files[i])
    return [r for r in results if r is not None]
