"""Forecasting for safety counts (placeholder docstring)."""

from .api import backtest, forecast
from .models import MODELS, Damped, Drift, ETSAuto, ForecastModel, Holt, Mean, Naive, SeasonalNaive, Theta

__all__ = ["MODELS", "Damped", "Drift", "ETSAuto", "ForecastModel", "Holt", "Mean", "Naive", "SeasonalNaive",
           "Theta", "backtest", "forecast"]
