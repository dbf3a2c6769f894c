"""Simple forecasts for safety counts with honest intervals.

Models (``forecast(model=...)``): ``naive``, ``seasonal_naive``, ``mean``,
``drift`` (FPP3 benchmark models), ``loglinear`` (the Poisson / negative
binomial trend of :func:`safetystats.loglinear_trend`, extrapolated), ``holt``,
``damped`` and ``ets_auto`` (additive-error ETS as in statsmodels' ETSModel,
the last chosen by AICc), ``theta`` (Hyndman & Billah 2003), and ``auto``
(chosen per series by rolling-origin MASE).

For counts the intervals are Poisson or negative-binomial predictive quantiles:
whole numbers, never below zero.  Every model runs on many series at once
(numpy over the rows of a series x periods array).

Examples
--------
>>> import pandas as pd
>>> from safetystats.forecast import forecast, forecast_summary
>>> df = pd.DataFrame({"period": ["2019", "2020", "2021", "2022", "2023"],
...                    "accidents": [96, 90, 88, 80, 71]})
>>> fc = forecast(df, value="accidents", model="drift", horizon=1)
>>> fc[["period", "model", "mean", "lo_95", "hi_95"]]
  period  model   mean  lo_95  hi_95
0   2024  drift  64.75     49     81
"""

import sys
import types
from typing import Any

from .api import AUTO_CANDIDATES, backtest, forecast
from .models import (
    MODELS,
    Damped,
    Drift,
    ETSAuto,
    ForecastModel,
    Holt,
    LogLinear,
    Mean,
    Naive,
    SeasonalNaive,
    Theta,
)
from .summary import forecast_summary

__all__ = [
    "AUTO_CANDIDATES",
    "MODELS",
    "Damped",
    "Drift",
    "ETSAuto",
    "ForecastModel",
    "Holt",
    "LogLinear",
    "Mean",
    "Naive",
    "SeasonalNaive",
    "Theta",
    "backtest",
    "forecast",
    "forecast_summary",
]


class _CallablePackage(types.ModuleType):
    """``safetystats.forecast`` names both this subpackage and the function.

    Once the subpackage has been imported, Python sets the package attribute
    ``safetystats.forecast`` to the module; calling the module calls
    :func:`forecast`, so ``ss.forecast(df, value=...)`` works in any import order.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return forecast(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
