"""Fuzzing the extractor: random and mutated text never raises (except SafetyStatsError) and never hangs.

Every pattern works on a sentence of at most MAX_SENTENCE characters and reads at most MAX_NUMBERS
figures in it, so the work grows linearly with the text; the pathological inputs below must finish
well inside the alarm set by ``_deadline`` (a hang fails the test instead of stalling the suite).
"""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetystats.claims import check_text, extract_claims, read_report
from safetystats.claims.extract import _records
from safetystats.errors import SafetyStatsError

SEED = (Path(__file__).parent / "corpus" / "claims" / "suzhou_2023_report.txt").read_text(encoding="utf-8")

TOKENS = [
    "下降", "减少", "增长", "上升", "同比", "环比", "比上年", "分别", "其中", "占", "的", "由", "降到", "从", "至",
    "起", "人", "个", "万", "亿", "余", "约", "%", "％", "个百分点", "百分之", "九点六", "零", "零败诉", "和", "、",
    "，", "。", "；", "\n", "\n\n", " ", "年", "月", "日", "第", "〔", "〕", "+", "-", ".", ",", "(", ")", "1", "7", "71",
    "11.3", "2023", "2022/23", "5,283", "0.413", "12 345", "１２", "事故", "死亡", "全年", "1-12月", "前三季度",
    "down", "up", "from", "to", "percent", "per cent", "a", "decrease of", "increase of", "or", "and",
    "accounting for", "of all", "of which", "fell", "rose", "two", "fewer", "This represents", "in", "the",
    "percentage points", "per", "100,000", "U.S.", "workers", "fatal work injuries", "rate", "was", "(", ")",
]
token_text = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@contextmanager
def _deadline(seconds: int):
    """Fail (rather than hang) if the block takes longer than ``seconds`` (POSIX only)."""
    if sys.platform == "win32" or not hasattr(signal, "SIGALRM"):
        yield
        return

    def fail(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _run(text: str) -> None:
    try:
        records = _records(text, source=None, region=None, period=None)
    except SafetyStatsError:
        return
    for r in records:
        assert r["kind"] in ("change", "sum", "share", "level")
        assert 1 <= r["line"] <= text.count("\n") + 1
        assert 0 <= r["span_start"] <= r["span_end"] <= len(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(token_text)
def test_token_soup(text):
    _run(text)


@settings(max_examples=150)
@given(st.text(max_size=400))
def test_random_unicode(text):
    _run(text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SEED) - 1), st.integers(min_value=50, max_value=1500),
       st.lists(st.tuples(st.integers(min_value=0, max_value=1500), st.sampled_from(["del", "ins", "sub"]),
                          st.sampled_from(TOKENS)), max_size=12))
def test_mutated_seed(start, length, edits):
    text = SEED[start:start + length]
    for pos, op, token in edits:
        pos = min(pos, len(text))
        if op == "del":
            text = text[:pos] + text[pos + len(token):]
        elif op == "ins":
            text = text[:pos] + token + text[pos:]
        else:
            text = text[:pos] + token + text[pos + len(token):]
    _run(text)


@settings(max_examples=25, deadline=None)
@given(token_text)
def test_public_functions_on_token_soup(text):
    """Through the validated frame and the checking engine (slower, so fewer examples)."""
    try:
        frame = extract_claims(text)
        table = check_text(text)
    except SafetyStatsError:
        return
    assert len(frame) == len(table)


@settings(max_examples=40)
@given(st.binary(max_size=300))
def test_random_bytes_are_read_or_refused_clearly(data):
    try:
        report = read_report(data)
    except SafetyStatsError as exc:
        assert str(exc)
        return
    _run(report.text)


@pytest.mark.parametrize("text", [
    "1" * 200_000,
    "1 " * 100_000,
    "1," * 100_000,
    "下降" * 50_000,
    "11.3%和" * 5_000,
    "由1降到2" * 5_000,
    "其中A12个，" * 10_000,
    " " * 200_000 + "\n",
    "\n" * 100_000,
    "(" * 100_000,
    "一" * 100_000,
    "零" * 100_000,
    "down 3.7 percent from 5,486 and " * 3_000,
    "全年共发生生产安全事故 71 起、" * 3_000 + "分别下降" + "11.3%和" * 3_000,
    SEED * 10,
])
def test_pathological_inputs_finish(text):
    with _deadline(60):
        _run(text)
