"""Chinese numerals, English number words and the one-for-one character normaliser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetystats.claims.numerals import cn_number, cn_percent, en_number_word, is_cjk, normalize_chars

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write n in Chinese numerals the way a report does (an independent reference writer).

    Groups of four digits under 万 and 亿; 零 for each run of zeros inside a number; 十 rather than
    一十 at the very start (十二, 十万).
    """
    if n == 0:
        return "零"

    def four(k: int) -> str:  # 1 <= k <= 9999, written with 零 between non-adjacent digits
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // value % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += DIGITS[d] + unit
        return out

    groups = []
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    text = ""
    for i in reversed(range(len(groups))):
        g = groups[i]
        if g == 0:
            continue
        part = four(g)
        if text and g < 1000:
            part = "零" + part
        text += part + ("亿" if i == 2 else "万" if i == 1 else "")
    if text.startswith("一十"):
        text = text[1:]
    return text


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一千二百三十四", 1234), ("两", 2),
    ("十万", 100_000), ("十二万五千", 125_000), ("一亿二千万", 120_000_000), ("二〇二三", 2023), ("万", 10_000),
    ("叁拾", 30), ("九点六", Decimal("9.6")), ("零点五", Decimal("0.5")),
])
def test_cn_number_examples(text, value):
    assert cn_number(text) == Decimal(value)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_cn_number_reads_what_the_reference_writes(n):
    assert cn_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99))
def test_cn_percent(whole, frac):
    text = "百分之" + to_chinese(whole) + ("点" + "".join(DIGITS[int(d)] for d in f"{frac:02d}") if frac else "")
    value, decimals = cn_percent(text)
    expect = Decimal(whole) + (Decimal(frac) / 100 if frac else 0)
    assert value == expect and decimals == (2 if frac else 0)


def test_per_mille():
    assert cn_percent("千分之三") == (Decimal("0.3"), 1)
    with pytest.raises(ValueError):
        cn_percent("三成")
    with pytest.raises(ValueError):
        cn_number("三个")
    assert cn_number("三五七") == 357  # digit by digit, as in 二〇二三


@pytest.mark.parametrize(("word", "n"), [("two", 2), ("Fourteen", 14), ("twenty-nine", 29), ("ninety", 90),
                                         ("a dozen", 12)])
def test_en_number_word(word, n):
    assert en_number_word(word) == n


def test_en_number_word_rejects_others():
    with pytest.raises(ValueError):
        en_number_word("several")


@given(st.text(max_size=200))
def test_normalize_keeps_length_and_positions(text):
    out = normalize_chars(text)
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        assert (a == "\n") == (b == "\n") or a in "\u2028\u2029\x85"


def test_normalize_examples():
    assert normalize_chars("同比減少１２起，分別下降１５．０％") == "同比减少12起，分别下降15.0%"
    assert normalize_chars("２０２３年１—９月") == "2023年1-9月"
    assert normalize_chars("，；：（）") == "，；：（）"  # clause punctuation is kept
    assert is_cjk("事") and is_cjk("“") and not is_cjk("7")
