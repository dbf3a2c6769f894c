"""Trend models for safety counts.

* :func:`loglinear_trend` — annual percent change from a Poisson / negative
  binomial / quasi-Poisson log-linear GLM, with exposure and level shifts;
* :func:`mann_kendall` and :func:`sens_slope` — distribution-free monotone
  trend test (with autocorrelation corrections and an exact small-sample
  p-value) and Sen's slope with a confidence interval;
* :func:`joinpoint` — segmented log-linear regression (the NCI Joinpoint
  method) fitted by the count likelihood or NCI-style weighted least squares;
* :func:`yoy_table` — every period's change with an exact Poisson p-value;
* :func:`intervention_effect` — level shift at a known date from a structural
  time-series model;
* :func:`adjust_pvalues` — multiple-testing adjustment across many series.

All of them accept many series at once (``by=`` keys) and are vectorised with
numpy where it matters.
"""

from __future__ import annotations

from ._multitest import adjust_pvalues
from .intervention import InterventionResult, intervention_effect
from .loglinear import TrendResult, loglinear_trend
from .mannkendall import MannKendallResult, SensSlopeResult, kendall_s_distribution, mann_kendall, sens_slope
from .segmented import JoinpointResult, default_max_joinpoints, joinpoint
from .yoy import yoy_table

__all__ = [
    "loglinear_trend",
    "TrendResult",
    "adjust_pvalues",
    "mann_kendall",
    "sens_slope",
    "MannKendallResult",
    "SensSlopeResult",
    "kendall_s_distribution",
    "joinpoint",
    "JoinpointResult",
    "default_max_joinpoints",
    "intervention_effect",
    "InterventionResult",
    "yoy_table",
]
