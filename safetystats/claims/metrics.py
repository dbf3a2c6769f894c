"""Canonical metric keys and regions for the metric words of a claim.

``metric_key`` maps the words as written to the canonical names used by the
schemas (:data:`safetystats.schemas.ALIASES`) and by the bundled data sets, so
that a later step can match a claim to raw counts:

=========================================  ===================================
words (examples)                           key
=========================================  ===================================
生产安全事故, 事故起数, accidents            ``accidents``
死亡, 死亡人数, fatal work injuries, killed  ``deaths``
受伤, injured                              ``injuries``
直接经济损失                                ``direct_economic_loss``
亿元GDP…死亡率                              ``deaths_per_100m_yuan_gdp``
工矿商贸…10万人死亡                          ``deaths_per_100k_workers_industry_mining_commerce``
煤矿百万吨死亡率                             ``coal_deaths_per_million_tonnes``
道路交通万车死亡率                           ``road_deaths_per_10k_vehicles``
fatal injury rate                          ``fatal_injury_rate``
考试, examined                              ``examined``
=========================================  ===================================

Examples
--------
>>> metric_key("生产安全事故")
'accidents'
>>> metric_key("fatal work injuries")
'deaths'
>>> metric_key("煤矿百万吨死亡率")
'coal_deaths_per_million_tonnes'
>>> metric_key("宣传报道") is None
True
"""

from __future__ import annotations

import re

from ..schemas import canonical_column

__all__ = ["metric_key", "region_of", "REGION_NAMES"]

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"亿元\s*(?:GDP|国内生产总值|生产总值)|per\s+100\s*million\s+yuan|GDP", re.I), "deaths_per_100m_yuan_gdp"),
    (re.compile(r"煤矿.*百万吨|百万吨.*死亡|per\s+million\s+(?:tonnes|tons)", re.I), "coal_deaths_per_million_tonnes"),
    (re.compile(r"万车|万辆|per\s+10,?000\s+vehicles", re.I), "road_deaths_per_10k_vehicles"),
    (re.compile(r"(?:10|十)\s*万(?:人|从业|就业)|工矿商贸.*死亡"), "deaths_per_100k_workers_industry_mining_commerce"),
    (re.compile(r"\b(?:fatal(?:\s+work)?(?:\s+injury)?|fatality|death|injury)\s+rate\b|rate of fatal", re.I),
     "fatal_injury_rate"),
    (re.compile(r"直接经济损失|经济损失|economic loss", re.I), "direct_economic_loss"),
    (re.compile(r"死亡|遇难|丧生|死亡和下落不明|\bdeaths?\b|\bfatal|\bfatalities\b|\bkilled\b|\bdied\b|"
                r"\blives\b|\bdeath toll\b", re.I), "deaths"),
    (re.compile(r"受伤|伤\b|\binjur(?:ies|ed|y)\b", re.I), "injuries"),
    (re.compile(r"事故|\baccidents?\b|\bincidents?\b|\bcrashes\b", re.I), "accidents"),
    (re.compile(r"合格|\bpassed\b", re.I), "passed"),
    (re.compile(r"考试|考核|\bexamined\b|\bexam", re.I), "examined"),
    (re.compile(r"标准化|达标"), "certified"),
    (re.compile(r"避难场所"), "shelters"),
]


def metric_key(words: str | None) -> str | None:
    """The canonical key of the metric words, or ``None`` when there is none.

    Examples
    --------
    >>> metric_key("各类事故总量"), metric_key("死亡人数"), metric_key("workers were killed")
    ('accidents', 'deaths', 'deaths')
    """
    if not words:
        return None
    canon = canonical_column(words)
    if canon in ("accidents", "deaths", "injuries", "direct_economic_loss", "examined", "passed", "certified"):
        return canon
    text = words.strip()
    for pattern, key in _RULES:
        if pattern.search(text):
            if key == "deaths" and re.search(r"率|\brate\b", text, re.I):
                return "fatal_injury_rate" if re.search(r"[a-z]", text, re.I) else None
            return key
    return None


#: Region words and the canonical region they stand for (as in the bundled data sets).
REGION_NAMES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"全国|我国|中国|\bChina\b|\bChinese\b"), "全国"),
    (re.compile(r"\bUnited States\b|\bU\.S\.|\bUS\b|\bU\.S\.A\.|\bAmerica\b"), "United States"),
    (re.compile(r"\bGreat Britain\b|\bBritain\b|\bGB\b"), "Great Britain"),
    (re.compile(r"\bUnited Kingdom\b|\bUK\b|\bU\.K\."), "United Kingdom"),
]
_LOCAL = re.compile(r"全市|全省|全区|全县|本市|本省|我市|我省|我区|我县")
_NAMED = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:省|市|自治区|自治州|县|区))(?:应急管理|安全生产|人民政府|政府|统计局|安委会)")


def region_of(text: str, *, default: str | None = None) -> str | None:
    """The region a sentence talks about: 全国 / a country, or ``default`` for 全市 / 全省.

    Examples
    --------
    >>> region_of("全国共发生生产安全事故2.18万起")
    '全国'
    >>> region_of("全市共建成避难场所78个", default="苏州市")
    '苏州市'
    >>> region_of("5,283 fatal work injuries were recorded in the United States")
    'United States'
    """
    for pattern, name in REGION_NAMES:
        if pattern.search(text):
            return name
    if _LOCAL.search(text):
        return default
    return None


def document_region(text: str) -> str | None:
    """The region named in a report's title (first lines), e.g. 苏州市 from 苏州市应急管理局.

    Examples
    --------
    >>> document_region("\\n苏州市应急管理局\\n2023 年法治政府建设工作报告")
    '苏州市'
    """
    head = "\n".join(line for line in text.splitlines()[:12] if line.strip())[:400]
    m = _NAMED.search(head)
    if m:
        return m.group(1)
    if re.search(r"应急管理部|国家安全生产监督管理总局|国家统计局|国务院安委会", head):
        return "全国"
    return None


def document_year(text: str) -> str | None:
    """The year of a Chinese report from its title (first lines), e.g. 2023.

    Examples
    --------
    >>> document_year("苏州市应急管理局 2023 年法治政府建设 工作报告")
    '2023'
    """
    head = "\n".join(line for line in text.splitlines()[:12] if line.strip())[:400]
    m = re.search(r"((?:19|20)\d\d)\s?年(?:度)?[^\d月]{0,20}(?:报告|公报|总结|通报|情况|统计)", head)
    return m.group(1) if m else None
