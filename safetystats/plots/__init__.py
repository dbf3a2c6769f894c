"""Axes-level figures for safety statistics, in Chinese or English.

Every function draws on one :class:`matplotlib.axes.Axes` (a new figure when
``ax`` is omitted) and returns it, like seaborn's axes-level functions:
``plot_x(data, *, ax=None, lang="zh", …) -> Axes``.  The figures draw the
validated frames and the results of the analysis modules; they compute no
statistics of their own.

=============================  ===============================================
function                       draws
=============================  ===============================================
:func:`plot_counts`            counts over time + trend, joinpoints, breaks,
                               forecast fan (80%/95%)
:func:`plot_training`          training / exam throughput by category
:func:`plot_standardization`   enterprises certified by level and year
:func:`plot_control`           c / u / Laney u′ / g control charts with signals
:func:`plot_yoy`               year-over-year change: reported vs recomputed, verdict
:func:`plot_claims`            every claim of a report against its rounding band
=============================  ===============================================

Fonts, palette, labels and number formats live in
:mod:`safetystats.plots.style`.
"""

from __future__ import annotations

from .claims import plot_claims, plot_yoy
from .control import plot_control
from .counts import plot_counts
from .standardization import plot_standardization
from .training import plot_training

__all__ = ["plot_claims", "plot_yoy", "plot_control", "plot_counts", "plot_standardization", "plot_training"]
