"""Small HTML rendering shared by the trend result objects (for Jupyter)."""

from __future__ import annotations

import html
import math

import pandas as pd

__all__ = ["render", "fmt"]


def fmt(x: object, digits: int = 4) -> str:
    """A compact, readable number (no rounding claims: display only)."""
    if x is None:
        return "—"
    if isinstance(x, float):
        if math.isnan(x):
            return "—"
        if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e6):
            return f"{x:.{digits}g}"
        return f"{x:.{digits}g}" if abs(x) >= 1 else f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return str(x)


def render(title: str, fields: dict[str, object], tables: dict[str, pd.DataFrame] | None = None) -> str:
    """A title, a two-column table of fields and optional frames, as one HTML block."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>{html.escape(fmt(v))}</td></tr>"
        for k, v in fields.items()
    )
    parts = [f"<div><strong>{html.escape(title)}</strong><table>{rows}</table>"]
    for name, frame in (tables or {}).items():
        if frame is not None and len(frame):
            parts.append(f"<details><summary>{html.escape(name)}</summary>{frame.to_html(index=False)}</details>")
    parts.append("</div>")
    return "".join(parts)
