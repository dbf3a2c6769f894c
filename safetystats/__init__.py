"""safetystats: statistics and consistency checks for safety-metric time series.

Load accident, death, training and standardization counts from the files people
really make, validate them, check every reported percentage and sum against the
counts, test whether a change is beyond chance, model trends, forecast, and
draw a chart pack — in Chinese or English.

The public functions are imported lazily: ``import safetystats`` is fast and
does not import statsmodels or matplotlib until a function that needs them is
called.

Examples
--------
>>> import safetystats as ss
>>> ss.parse_period("2023年7月").label
'2023-07'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module (relative to this package) that defines it.
_EXPORTS: dict[str, str] = {
    # errors
    "SafetyStatsError": "errors",
    "InputError": "errors",
    "ValidationError": "errors",
    "InsufficientDataError": "errors",
    "ParameterError": "errors",
    # periods and numbers
    "Period": "periods",
    "parse_period": "periods",
    "canonical_periods": "periods",
    "parse_number": "numbers",
    # schemas
    "validate": "schemas",
    "AccidentCounts": "schemas",
    "TrainingThroughput": "schemas",
    "StandardizationCounts": "schemas",
    "Indicators": "schemas",
    "Claims": "schemas",
    # io
    "read": "io",
    "read_csv": "io",
    "read_excel": "io",
    "read_parquet": "io",
    # datasets
    "load_suzhou_2023": "datasets",
    "load_china_national": "datasets",
    "load_us_cfoi": "datasets",
    "load_uk_hse": "datasets",
    # percentages, consistency checks, exact rate comparison
    "round_decimal": "rounding",
    "round_ratio": "rounding",
    "rounding_interval": "rounding",
    "pct_change": "change",
    "pp_change": "change",
    "cagr": "change",
    "implied_base": "change",
    "implied_current": "change",
    "pct_change_bounds": "change",
    "change_is_consistent": "change",
    "check_claims": "checks",
    "check_sum": "checks",
    "check_change": "checks",
    "style_verdicts": "checks",
    "CheckReport": "checks",
    "poisson_rate_test": "compare",
    "poisson_rate_test_many": "compare",
    # claims read out of report text, PDF and HTML
    "extract_claims": "claims",
    "check_text": "claims",
    "check_file": "claims",
    "read_report": "claims",
    # reports against raw data and against each other
    "match_claims": "reconcile",
    "check_against": "reconcile",
    "reconcile": "reconcile",
    "Reconciliation": "reconcile",
    "data_facts": "reconcile",
    "national_reconciliation": "reconcile",
    # control charts
    "c_chart": "control",
    "u_chart": "control",
    "laney_u_chart": "control",
    "g_chart": "control",
    "control_summary": "control",
    # trends
    "loglinear_trend": "trend",
    "mann_kendall": "trend",
    "sens_slope": "trend",
    "joinpoint": "trend",
    "yoy_table": "trend",
    "intervention_effect": "trend",
    "adjust_pvalues": "trend",
    # forecasting
    "forecast": "forecast",
    "backtest": "forecast",
    "forecast_summary": "forecast",
    # figures, tables, chart pack (matplotlib is imported only when drawing)
    "plot_counts": "plots",
    "plot_training": "plots",
    "plot_standardization": "plots",
    "plot_control": "plots",
    "plot_yoy": "plots",
    "plot_claims": "plots",
    "plot_reconciliation": "plots.reconcile",
    "summary_table": "tables",
    "write_table": "tables",
    "build_chartpack": "chartpack",
    "use_chinese_font": "fonts",
    "cjk_font": "fonts",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'safetystats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
