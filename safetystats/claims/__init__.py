"""Read the claims out of a report and check them.

A reviewer has the report, not a table: this package reads Chinese and English
report text (and PDF / HTML files) and finds every percentage-change claim,
part-whole sum, share and level statement, with its numbers as written, its
line and its character span.  :func:`check_text` hands them to
:func:`safetystats.checks.check_claims` and joins the verdicts back to the
sentences.

============================  ==================================================
function                      does
============================  ==================================================
:func:`read_report`           .txt (UTF-8, BOM, UTF-16, GB18030/GBK), .pdf, .html
:func:`extract_claims`        text → claims frame (schema ``Claims``)
:func:`check_text`            text → verdict table (with line and sentence)
:func:`check_file`            file → verdict table
============================  ==================================================

Examples
--------
>>> from safetystats.claims import extract_claims
>>> extract_claims("完成考试 124036 人，其中特种作业人员 110523 人，主要负责人 13513 人。")[["kind", "value", "parts"]]
  kind     value         parts
0  sum  124036.0  110523+13513
"""

from __future__ import annotations

from .check import check_file, check_text
from .extract import CLAIM_COLUMNS, extract_claims
from .reading import Report, read_report

__all__ = ["extract_claims", "check_text", "check_file", "read_report", "Report", "CLAIM_COLUMNS"]
