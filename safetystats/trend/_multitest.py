"""Multiple-testing adjustment of p-values across many series."""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError

__all__ = ["adjust_pvalues", "P_ADJUST_METHODS"]

P_ADJUST_METHODS = ("bonferroni", "holm", "fdr_bh", "fdr_by")


def adjust_pvalues(p_values: np.ndarray | list[float], *, method: str = "fdr_bh") -> np.ndarray:
    """Adjust p-values for testing many series at once.

    Parameters
    ----------
    p_values : array-like
        Raw p-values; NaN (a series that could not be tested) stays NaN and
        does not count as a test.
    method : {"fdr_bh", "bonferroni", "holm", "fdr_by"}
        ``fdr_bh``: Benjamini–Hochberg false discovery rate (1995);
        ``bonferroni``: family-wise error, ``p * m``; ``holm``: Holm's
        step-down (1979); ``fdr_by``: Benjamini–Yekutieli (2001), valid under
        any dependence.  The same definitions as
        ``statsmodels.stats.multitest.multipletests`` and R's ``p.adjust``.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, capped at 1, in the input order.

    Examples
    --------
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.2], method="fdr_bh").round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    >>> adjust_pvalues([0.01, float("nan"), 0.03], method="bonferroni").tolist()
    [0.02, nan, 0.06]
    """
    if method not in P_ADJUST_METHODS:
        raise ParameterError(f"p_adjust={method!r} is not a method; use one of {list(P_ADJUST_METHODS)}")
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    if ((q < 0) | (q > 1)).any():
        raise ParameterError("p-values must lie between 0 and 1")
    if method == "bonferroni":
        adj = np.minimum(q * m, 1.0)
    elif method == "holm":
        order = np.argsort(q, kind="mergesort")
        steps = (m - np.arange(m)) * q[order]
        adj_sorted = np.minimum(np.maximum.accumulate(steps), 1.0)
        adj = np.empty(m)
        adj[order] = adj_sorted
    else:
        order = np.argsort(q, kind="mergesort")[::-1]  # largest first
        ranks = np.arange(m, 0, -1)
        factor = 1.0 if method == "fdr_bh" else np.sum(1.0 / np.arange(1, m + 1))
        steps = q[order] * m * factor / ranks
        adj_sorted = np.minimum(np.minimum.accumulate(steps), 1.0)
        adj = np.empty(m)
        adj[order] = adj_sorted
    out[ok] = adj
    return out
