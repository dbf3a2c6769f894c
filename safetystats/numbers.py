"""Reading numbers as people write them in tables and reports.

``parse_number`` understands Arabic and full-width digits, thousands
separators (``124,036``, ``124，036``, ``124 036``), decimals, the multipliers
万 (10^4), 亿 (10^8) and 千 (10^3), a trailing per-cent sign, and the markers of
approximate figures (约, 余, 近, 超过, 多, 左右, over, about, nearly …).

The value is exact: it is returned as a :class:`decimal.Decimal` together with
the number of decimals as written, so ``"1.07万"`` is ``10700`` written with two
decimals of 万 (it stands for anything from 10,650 to 10,750) and marked
approximate.

Examples
--------
>>> parse_number("1.07万余").value
Decimal('10700')
>>> parse_number("1.07万余").approximate
True
>>> parse_number("１２４，０３６").value
Decimal('124036')
>>> parse_number("11.3%").decimals
1
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["ParsedNumber", "parse_number", "normalize_text", "MULTIPLIERS", "APPROX_WORDS"]

MULTIPLIERS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, "千": 1_000}

#: Words that mark a figure as approximate, before or after the number.
APPROX_WORDS: tuple[str, ...] = (
    "约", "約", "大约", "大約", "近", "将近", "將近", "接近", "超过", "超過", "逾", "余", "餘",
    "多", "左右", "上下", "以上", "余人", "approximately", "approx.", "about", "around",
    "nearly", "almost", "over", "more than", "roughly", "some", "~", "≈", "+",
)

_PREFIX = re.compile(
    r"^(?P<w>约|約|大约|大約|近|将近|將近|接近|超过|超過|逾|approximately|approx\.|about|around|"
    r"nearly|almost|over|more than|roughly|some|~|≈)\s*",
    re.I,
)
_SUFFIX = re.compile(r"(?P<w>余|餘|多|左右|上下|以上|\+)$")
_NUMBER = re.compile(r"^(?P<sign>[-+−]?)(?P<int>\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")


@dataclass(frozen=True)
class ParsedNumber:
    """A number as written.

    Attributes
    ----------
    value : Decimal
        The exact value after the multiplier (``1.07万`` -> ``10700``).
    decimals : int
        Decimals as written before the multiplier (``1.07万`` -> 2).
    multiplier : int
        1, 1000, 10000 or 100000000.
    approximate : bool
        True when a marker (约, 余, over …) or a 万/亿/千 multiplier says the
        figure is rounded.
    percent : bool
        True when the text ended with a per-cent sign.
    text : str
        The text that was read.
    """

    value: Decimal
    decimals: int
    multiplier: int = 1
    approximate: bool = False
    percent: bool = False
    text: str = ""

    @property
    def half_width(self) -> Decimal:
        """Half the last written unit: the true value is within ``value ± half_width``."""
        return Decimal(self.multiplier) * Decimal(1).scaleb(-self.decimals) / 2


def normalize_text(text: str) -> str:
    """NFKC-normalise (full-width digits and punctuation to ASCII) and unify minus signs.

    Examples
    --------
    >>> normalize_text("１２．５％")
    '12.5%'
    """
    return unicodedata.normalize("NFKC", text).replace("−", "-").replace("\u2212", "-")


def parse_number(text: object) -> ParsedNumber:
    """Parse one number written in a table cell or a report.

    Parameters
    ----------
    text : str, int, float or Decimal
        The cell or phrase, for example ``"124,036"``, ``"1.07万"``, ``"约 7 万"``.

    Returns
    -------
    ParsedNumber

    Raises
    ------
    ValueError
        When the text is not a number; the message quotes it.

    Examples
    --------
    >>> parse_number("8.9万").value
    Decimal('89000')
    >>> parse_number("over 5,000").approximate
    True
    >>> parse_number(12).value
    Decimal('12')
    """
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    if isinstance(text, int):
        return ParsedNumber(Decimal(text), 0, text=str(text))
    if isinstance(text, Decimal):
        exp = text.as_tuple().exponent
        return ParsedNumber(text, max(0, -exp) if isinstance(exp, int) else 0, text=str(text))
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise ValueError(f"{text!r} is not a finite number")
        d = Decimal(repr(text))
        exp = d.as_tuple().exponent
        return ParsedNumber(d, max(0, -exp) if isinstance(exp, int) else 0, text=repr(text))
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a number")
    raw = text
    s = normalize_text(text).strip()
    approximate = False
    percent = False
    m = _PREFIX.match(s)
    if m:
        approximate = True
        s = s[m.end():].strip()
    for _ in range(2):
        m = _SUFFIX.search(s)
        if m:
            approximate = True
            s = s[: m.start()].strip()
    if s.endswith("%"):
        percent = True
        s = s[:-1].strip()
    multiplier = 1
    if s and s[-1] in MULTIPLIERS:
        multiplier = MULTIPLIERS[s[-1]]
        s = s[:-1].strip()
        m = _SUFFIX.search(s)
        if m:
            approximate = True
            s = s[: m.start()].strip()
    s = s.replace(" ", "").replace("\u00a0", "").replace("\u2009", "")
    m = _NUMBER.match(s)
    if not m:
        raise ValueError(f"{raw!r} is not a number")
    frac = m.group("frac") or ""
    try:
        base = Decimal(m.group("int").replace(",", "").replace("，", "") + ("." + frac if frac else ""))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        raise ValueError(f"{raw!r} is not a number") from None
    if m.group("sign") in ("-", "−"):
        base = -base
    value = base * multiplier
    if multiplier > 1:  # figures given in 万/亿 are rounded to the unit written
        approximate = True
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return ParsedNumber(
        value=value,
        decimals=len(frac),
        multiplier=multiplier,
        approximate=approximate,
        percent=percent,
        text=raw,
    )
