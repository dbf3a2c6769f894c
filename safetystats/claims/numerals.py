"""Numbers as reports write them: Chinese numerals, English number words, and a length-keeping normaliser.

* :func:`cn_number` reads Chinese numerals: ``三`` → 3, ``十万`` → 100000,
  ``一千二百三十四`` → 1234, ``九点六`` → 9.6, ``两`` → 2, and the financial
  forms (``壹贰叁``).
* :func:`cn_percent` reads ``百分之九点六`` (9.6 per cent) and ``千分之三``
  (0.3 per cent).
* :func:`en_number_word` reads ``two``, ``fourteen``, ``twenty-nine``.
* :func:`normalize_chars` maps full-width digits, letters and signs to ASCII and
  traditional characters to simplified ones **one character for one
  character**, so that a position in the normalised text is the same position
  in the original: the claim spans point into the text the user gave.

Examples
--------
>>> cn_number("十万")
Decimal('100000')
>>> cn_percent("百分之九点六")
(Decimal('9.6'), 1)
>>> normalize_chars("同比減少１２起，分別下降１５．０％")
'同比减少12起，分别下降15.0%'
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = [
    "CN_DIGITS",
    "cn_number",
    "cn_percent",
    "en_number_word",
    "normalize_chars",
    "is_cjk",
    "TRADITIONAL",
]

#: Chinese digits (including the financial forms and 两/〇).
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

#: Characters that may make up a Chinese numeral (for regular expressions).
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def _cn_integer(text: str) -> int:
    """Read an integer written with Chinese numerals (no decimal point)."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        # digit by digit, as in 二〇二三 or 一二三
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0  # finished groups of 亿 / 万
    section = 0  # the current group below 万
    digit: int | None = None
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[ch] != 0:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = CN_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * unit  # 十 alone is 10
            digit = None
        elif ch in _BIG_UNITS:
            unit = _BIG_UNITS[ch]
            section += digit or 0
            if section == 0 and total == 0:
                section = 1  # 万人 as in 十万 / 万 alone
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section = 0
            digit = None
        else:
            raise ValueError(f"{ch!r} is not a Chinese numeral")
    return total + section + (digit or 0)


def cn_number(text: str) -> Decimal:
    """Read a number written with Chinese numerals.

    Parameters
    ----------
    text : str
        For example ``"三"``, ``"十二"``, ``"十万"``, ``"一千二百三十四"``,
        ``"九点六"``, ``"二〇二三"``.

    Returns
    -------
    Decimal

    Raises
    ------
    ValueError
        When the text is not a Chinese numeral.

    Examples
    --------
    >>> cn_number("一千二百三十四")
    Decimal('1234')
    >>> cn_number("十二万五千")
    Decimal('125000')
    >>> cn_number("零点五")
    Decimal('0.5')
    """
    text = text.strip()
    if "点" in text or "點" in text:
        whole, _, frac = text.replace("點", "点").partition("点")
        if not frac or any(ch not in CN_DIGITS for ch in frac):
            raise ValueError(f"{text!r} is not a Chinese decimal numeral")
        head = _cn_integer(whole) if whole else 0
        return Decimal(f"{head}.{''.join(str(CN_DIGITS[ch]) for ch in frac)}")
    return Decimal(_cn_integer(text))


def cn_percent(text: str) -> tuple[Decimal, int]:
    """Read ``百分之…`` (per cent) or ``千分之…`` (per mille, returned in per cent).

    Returns
    -------
    value, decimals : Decimal, int
        The percentage and the number of decimals as written (per mille adds one).

    Examples
    --------
    >>> cn_percent("百分之十")
    (Decimal('10'), 0)
    >>> cn_percent("千分之三")
    (Decimal('0.3'), 1)
    """
    text = text.strip()
    if text.startswith("百分之"):
        value = cn_number(text[3:])
        scale = 0
    elif text.startswith("千分之"):
        value = cn_number(text[3:]) / 10
        scale = 1
    else:
        raise ValueError(f"{text!r} is not a Chinese percentage (百分之… / 千分之…)")
    exp = value.as_tuple().exponent
    decimals = max(0, -exp) if isinstance(exp, int) else 0
    return value, max(decimals, scale)


_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
#: Regular-expression alternation of English number words (longest first).
EN_NUMBER_WORDS = "|".join(sorted([*_EN_UNITS, *_EN_TENS, "a dozen", "a hundred", "hundred"], key=len, reverse=True))


def en_number_word(text: str) -> int:
    """Read an English number word: ``two``, ``fourteen``, ``twenty-nine``, ``a dozen``.

    Examples
    --------
    >>> en_number_word("Twenty-nine")
    29
    """
    t = re.sub(r"[\s\-]+", " ", text.strip().lower())
    if t == "a dozen":
        return 12
    if t in ("a hundred", "hundred", "one hundred"):
        return 100
    if t in _EN_UNITS:
        return _EN_UNITS[t]
    parts = t.split(" ")
    if parts[0] in _EN_TENS and (len(parts) == 1 or (len(parts) == 2 and parts[1] in _EN_UNITS)):
        return _EN_TENS[parts[0]] + (_EN_UNITS[parts[1]] if len(parts) == 2 else 0)
    raise ValueError(f"{text!r} is not an English number word")


# ---------------------------------------------------------------------------
# One-for-one character normalisation
# ---------------------------------------------------------------------------
#: Traditional → simplified characters that occur in safety reports (one for one).
TRADITIONAL = str.maketrans(
    "減別較長發萬億個點數與為傷財經濟損總計類業產國災場員險礦噸車輛項達標準級過約餘專職應會動區縣廠運輸鐵漁農"
    "機學鎮開設統報證據顯亞歲時間處從來這門內對將實現該後級屬幾億當們關還擊監管廳務價錢頁條例屆號規劃報導環"
    "醫療觸電墜墮爆炸窒擠壓淹溺滅燒傷輕嚴較顯稱積極調區域勞僅較響聯網絡視頻鑒鑑災難險隱患齊備練兩參漲幅統占佔"
    "勢態穩續億帳營衛氣",
    "减别较长发万亿个点数与为伤财经济损总计类业产国灾场员险矿吨车辆项达标准级过约余专职应会动区县厂运输铁渔农"
    "机学镇开设统报证据显亚岁时间处从来这门内对将实现该后级属几亿当们关还击监管厅务价钱页条例届号规划报导环"
    "医疗触电坠堕爆炸窒挤压淹溺灭烧伤轻严较显称积极调区域劳仅较响联网络视频鉴鉴灾难险隐患齐备练两参涨幅统占占"
    "势态稳续亿帐营卫气",
)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    # keep Chinese punctuation whose ASCII form would change the reading of numbers
    for ch in "，；：！？（）":
        table.pop(ord(ch), None)
    table.update({ord("\u3000"): " ", 0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x2007: " ", 0x2002: " ",
                  0x2003: " ", ord("\t"): " ", ord("\r"): " ", ord("\f"): " ", ord("\v"): " ",
                  ord("−"): "-", ord("–"): "-", ord("—"): "-", ord("‐"): "-", ord("‑"): "-", ord("﹪"): "%",
                  ord("～"): "~", ord("〜"): "~", ord("．"): ".", ord("％"): "%", ord("＋"): "+",
                  ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\x85"): "\n"})
    for src, dst in TRADITIONAL.items():
        table[src] = dst
    return table


_TABLE = _build_table()


def normalize_chars(text: str) -> str:
    """Normalise text one character for one character (same length, same positions).

    Full-width digits, letters, ``%`` and ``.`` become ASCII; full-width Chinese
    punctuation that separates clauses (，；：（）) is kept; the various dashes and
    minus signs become ``-``; odd spaces become ``" "``; common traditional
    characters become simplified.

    Examples
    --------
    >>> normalize_chars("１．０７萬餘人")
    '1.07万余人'
    >>> len(normalize_chars("分別下降１１．３％")) == len("分別下降１１．３％")
    True
    """
    return text.translate(_TABLE)


def is_cjk(ch: str) -> bool:
    """Whether a character is a CJK ideograph or CJK punctuation.

    Examples
    --------
    >>> is_cjk("事"), is_cjk("a"), is_cjk("，")
    (True, False, True)
    """
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFF0F
            or 0xFF1A <= o <= 0xFF20 or 0xF900 <= o <= 0xFAFF or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2026))
