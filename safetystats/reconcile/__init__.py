"""Check reports against the raw counts and against each other.

A report's text alone says which previous count would make its percentage
right.  An analyst usually also holds the raw counts - the bureau's table,
last year's report, the statistics office's series - and the real question
is whether the reported percentage agrees with them.  This package answers it:

=================================  ==================================================
function                           does
=================================  ==================================================
:func:`data_facts`                 the raw data (wide counts or long indicators, several
                                   versions per figure) as one table of figures
:func:`match_claims`               each claim's data rows: metric, region, period and
                                   base period (同比 / 环比), or why it cannot be matched
:func:`check_against`              the verdict with the real base, the row it came
                                   from, and the version (vintage) that fits
:func:`reconcile`                  several reports at once: every stated and implied
                                   figure, and the disagreements between documents
:func:`national_reconciliation`    the same for the bundled national data sets (real
                                   cases: one agency's −7.14% against another's −8.3%)
=================================  ==================================================

Verdicts are those of :func:`safetystats.checks.check_claims` plus
``consistent_other_vintage`` (only a non-default version of the base fits).

Examples
--------
>>> import pandas as pd
>>> claims = pd.DataFrame({"claim_id": ["acc", "dth"], "kind": ["change", "change"],
...     "metric": ["事故", "死亡"], "metric_key": ["accidents", "deaths"], "period": ["2023", "2023"],
...     "value": [71.0, 50.0], "reported_pct": [11.3, 10.7], "pct_decimals": [1, 1],
...     "direction": ["decrease", "decrease"]})
>>> data = pd.DataFrame({"period": [2022, 2023], "accidents": [80, 71], "deaths": [56, 50]})
>>> t = check_against(claims, data)
>>> t[["claim_id", "base_value", "recomputed_pct", "verdict", "base_rows"]]
  claim_id  base_value  recomputed_pct     verdict base_rows
0      acc        80.0           -11.3  consistent         0
1      dth        56.0           -10.7  consistent         0
"""

from __future__ import annotations

import inspect
import sys
import types
from typing import Any

from .check import EXTRA_COLUMNS, FAILING, RECONCILE_VERDICTS, check_against, check_by_document, is_failing
from .documents import (
    DISAGREEMENT_COLUMNS,
    DISAGREEMENT_KINDS,
    FIGURE_COLUMNS,
    Reconciliation,
    claim_figures,
    find_disagreements,
)
from .documents import reconcile as _reconcile
from .facts import DATA_SUFFIXES, data_facts, half_width, metric_key_of, read_data, region_key
from .match import MATCH_STATES, match_claims
from .national import NATIONAL_DATASETS, national_claims, national_reconciliation

__all__ = [
    "DATA_SUFFIXES",
    "DISAGREEMENT_COLUMNS",
    "DISAGREEMENT_KINDS",
    "EXTRA_COLUMNS",
    "FAILING",
    "FIGURE_COLUMNS",
    "MATCH_STATES",
    "NATIONAL_DATASETS",
    "RECONCILE_VERDICTS",
    "Reconciliation",
    "check_against",
    "check_by_document",
    "claim_figures",
    "data_facts",
    "find_disagreements",
    "half_width",
    "is_failing",
    "match_claims",
    "metric_key_of",
    "national_claims",
    "national_reconciliation",
    "read_data",
    "reconcile",
    "region_key",
]


class _CallableModule(types.ModuleType):
    """The reconcile package, callable as the function :func:`~safetystats.reconcile.documents.reconcile`.

    ``safetystats.reconcile`` names both this package and the public
    function ``reconcile(reports, *, against=None, …)``.  Python binds the
    package to that name as soon as it is imported, so the package is made
    the function: ``ss.reconcile(reports)`` and ``ss.reconcile.match_claims``
    both work, whatever was imported first.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Reconciliation:
        return _reconcile(*args, **kwargs)


_module = sys.modules[__name__]
_module.__class__ = _CallableModule
_module.__signature__ = inspect.signature(_reconcile)  # type: ignore[attr-defined]
reconcile = _module
