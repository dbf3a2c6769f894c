"""Text, Markdown, JSON and JUnit renderings of reconciliation results (for ``safetystats check --against``).

Presentation only: every number comes from :func:`check_against` and
:func:`find_disagreements`.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"kind": ["implied_differently"], "metric_key": ["deaths"], "region": [None],
...     "period": ["2022"], "base_period": [None], "figure": ["value"], "document_a": ["r2022.txt"],
...     "claim_a": ["L4-2"], "origin_a": ["stated"], "shown_a": ["299 (stated)"], "low_a": [299.0],
...     "high_a": [299.0], "document_b": ["r2023.txt"], "claim_b": ["L4-2"], "origin_b": ["implied"],
...     "shown_b": ["298 (implied by 2023 250, decrease 16.1%)"], "low_b": [298.0], "high_b": [298.0],
...     "note": [""]})
>>> print(disagreements_table(d))
1 disagreement between documents
  implied_differently  deaths 2022
    r2022.txt: 299 (stated)
    r2023.txt: 298 (implied by 2023 250, decrease 16.1%)
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from ..claims.output import _md, _plain
from .match import _null

__all__ = ["disagreements_table", "disagreements_markdown", "disagreements_records", "disagreements_junit",
           "match_summary", "data_line"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def disagreements_table(disagreements: pd.DataFrame) -> str:
    """The disagreements as indented plain text (one block per disagreement)."""
    n = len(disagreements)
    if n == 0:
        return "no disagreements between documents"
    lines = [f"{_plural(n, 'disagreement')} between documents"]
    for r in disagreements.itertuples(index=False):
        where = " ".join(str(x) for x in (r.metric_key, "" if _null(r.region) else r.region, r.period) if x)
        if r.figure != "value" and not _null(r.base_period):
            where += f" vs {r.base_period}"
        lines.append(f"  {r.kind}  {where}")
        lines.append(f"    {r.document_a}: {r.shown_a}")
        lines.append(f"    {'data' if r.kind == 'differs_from_data' else r.document_b}: {r.shown_b}")
    return "\n".join(lines)


def disagreements_markdown(disagreements: pd.DataFrame) -> str:
    """A Markdown section with a pipe table of the disagreements."""
    out = ["### Disagreements between documents", ""]
    if not len(disagreements):
        out.append("None.")
        return "\n".join(out)
    out.append("| kind | metric | period | document | figure | other document | other figure |")
    out.append("|---|---|---|---|---|---|---|")
    for r in disagreements.itertuples(index=False):
        cells = [r.kind, r.metric_key, r.period, r.document_a, r.shown_a,
                 "data" if r.kind == "differs_from_data" else r.document_b, r.shown_b]
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(out)


def disagreements_records(disagreements: pd.DataFrame) -> list[dict[str, Any]]:
    """The disagreements as JSON-ready dicts (NaN is ``None``).

    Examples
    --------
    >>> import pandas as pd
    >>> disagreements_records(pd.DataFrame({"kind": ["restated"], "low_a": [float("nan")]}))
    [{'kind': 'restated', 'low_a': None}]
    """
    return [{k: _plain(v) for k, v in r.items()} for r in disagreements.to_dict("records")]


def disagreements_junit(disagreements: pd.DataFrame) -> Any:
    """A JUnit ``<testsuite>`` element: one failing test case per disagreement (an empty suite passes)."""
    import xml.etree.ElementTree as ET

    suite = ET.Element("testsuite", name="disagreements between documents")
    for r in disagreements.itertuples(index=False):
        case = ET.SubElement(suite, "testcase", classname="reconcile",
                             name=f"{r.kind} {r.metric_key} {r.period}")
        f = ET.SubElement(case, "failure", message=str(r.kind), type=str(r.kind))
        f.text = (f"{r.document_a}: {r.shown_a}\n"
                  f"{'data' if r.kind == 'differs_from_data' else r.document_b}: {r.shown_b}")
    n = len(disagreements)
    for k, v in (("tests", n), ("failures", n), ("errors", 0), ("skipped", 0)):
        suite.set(k, str(v))
    return suite


def match_summary(checks: pd.DataFrame | None, disagreements: pd.DataFrame | None = None) -> str:
    """One line: how many claims matched the data, why the others did not, and the disagreements.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"match": ["matched", "unmatched"],
    ...                   "match_reason": [None, "no such metric: 'shelters' is not in the data"]})
    >>> match_summary(t)
    'against the data: 1 of 2 claims matched; 1 unmatched (no such metric 1)'
    """
    if checks is None or not len(checks) or "match" not in checks.columns:
        text = "against the data: no claims to match"
    else:
        n = len(checks)
        state = checks["match"].astype(str)
        matched = int((state == "matched").sum())
        if matched == 0:
            text = f"against the data: none of {_plural(n, 'claim')} matched the data"
        else:
            text = f"against the data: {matched} of {_plural(n, 'claim')} matched"
        rest = []
        for s in ("partial", "unmatched"):
            part = checks[state == s]
            if len(part):
                why = Counter(str(x).split(":")[0] for x in part["match_reason"] if not _null(x))
                reasons = ", ".join(f"{k} {v}" for k, v in why.most_common())
                rest.append(f"{len(part)} {s}" + (f" ({reasons})" if reasons else ""))
        if rest:
            text += "; " + "; ".join(rest)
    if disagreements is not None:
        text += f"; {_plural(len(disagreements), 'disagreement')} between documents" if len(disagreements) else ""
    return text


_DATA_PREFIXES = ("fits", "base ", "against the", "the report", "agrees with", "unmatched:", "partial:",
                  "region taken", "the data name", "the data hold no")


def _segments(note: str) -> list[str]:
    """Split a note at ``"; "`` outside brackets (a version is named as ``(revised; file row 4)``)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(note):
        if ch in "([（":
            depth += 1
        elif ch in ")]）":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and note[i + 1: i + 2] == " ":
            out.append(note[start:i])
            start = i + 2
    out.append(note[start:])
    return out


def data_line(row: Any) -> str:
    """What the data said about one claim of :func:`check_against`, in one line (for text reports).

    Examples
    --------
    >>> data_line({"match": "matched", "note": "fits the 2022 figure 351→350 (修订; counts.csv row 4): -14.3%; "
    ...            "reproduced from the two values"})
    'data: fits the 2022 figure 351→350 (修订; counts.csv row 4): -14.3%'
    """
    get = row.get if hasattr(row, "get") else (lambda k: getattr(row, k, None))
    note = get("note")
    if _null(note):
        return f"data: {get('match')}" if not _null(get("match")) else ""
    keep = [seg for seg in _segments(str(note)) if seg.startswith(_DATA_PREFIXES)]
    return "data: " + "; ".join(keep) if keep else f"data: {get('match')}"
